/*
 * user_stack.c - lays out argc, argv, envp, the auxiliary vector and the
 * strings they point to, as the psABI describes (see user_stack.h).
 *
 * Work happens in two passes.  The first measures: it checks every input
 * string, bounds the total by USER_STACK_ARG_MAX, and computes each
 * region's depth below the stack top.  Depths are small numbers (a few
 * tens of KiB) so this arithmetic cannot overflow, and only once the
 * whole image is known to fit is anything written.  The second pass
 * writes, converting a user address to a buffer position with one
 * subtraction.  Values stored on the stack are always user addresses: a
 * kernel pointer written here would leak the kernel layout to user space
 * and point at nothing the program can read.
 */
#include "kernel/exec/user_stack.h"

#include <stdbool.h>

#include "kernel/errno.h"
#include "kernel/exec/elf.h"
#include "kernel/lib/string.h"

/* (type, value) pairs in the auxv table below, AT_NULL included. */
#define AUXV_ENTRIES 15

struct stack_writer {
	uint8_t *buf;
	uint64_t buf_user; /* the user address that buf[0] stands for */
};

/* Invariant: every address passed here lies in [buf_user, stack_top),
 * which user_stack_build() proves before the first write.  memcpy keeps
 * stores correct whatever buf's own alignment is. */
static void put_bytes(struct stack_writer *w, uint64_t user_addr,
		      const void *src, size_t n)
{
	memcpy(w->buf + (user_addr - w->buf_user), src, n);
}

static void put_u64(struct stack_writer *w, uint64_t user_addr, uint64_t v)
{
	put_bytes(w, user_addr, &v, sizeof(v));
}

static uint64_t align_up(uint64_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

/*
 * Charges a string array (its pointers, then its strings with their
 * NULs) to *budget.  Adds the string bytes to *string_bytes.
 */
static int measure_strings(const char *const *v, size_t n, size_t *budget,
			   size_t *string_bytes)
{
	if (n > 0 && v == NULL)
		return -EINVAL;
	/* Pointer slots first: this bounds n before anything uses it. */
	if (n > *budget / sizeof(uint64_t))
		return -E2BIG;
	*budget -= n * sizeof(uint64_t);

	for (size_t i = 0; i < n; i++) {
		if (v[i] == NULL)
			return -EINVAL;
		/* strnlen stops at the budget, so a huge string is not
		 * scanned to its end just to be refused. */
		size_t len = strnlen(v[i], *budget);

		if (len == *budget)
			return -E2BIG;
		*budget -= len + 1;
		*string_bytes += len + 1;
	}
	return 0;
}

/* Copies n strings back to back upward from user address `at`, so v[0]
 * is lowest as on Linux, and stores their addresses, then a NULL, in the
 * pointer array at user address `ptrs`. */
static void put_strings(struct stack_writer *w, const char *const *v, size_t n,
			uint64_t at, uint64_t ptrs)
{
	for (size_t i = 0; i < n; i++) {
		size_t size = strlen(v[i]) + 1;

		put_bytes(w, at, v[i], size);
		put_u64(w, ptrs + i * sizeof(uint64_t), at);
		at += size;
	}
	put_u64(w, ptrs + n * sizeof(uint64_t), 0); /* the NULL after them */
}

int64_t user_stack_build(const struct user_stack_info *info, void *buf,
			 size_t buf_size)
{
	size_t budget = USER_STACK_ARG_MAX;
	size_t arg_bytes = 0, env_bytes = 0;
	int err;

	if (info == NULL || buf == NULL || info->execfn == NULL)
		return -EINVAL;
	/* The layout aligns depths below the top; they are aligned
	 * addresses only if the top itself is. */
	if (info->stack_top % USER_STACK_ALIGN != 0 ||
	    info->stack_top > EXEC_USER_END || info->stack_top < buf_size)
		return -EINVAL;

	err = measure_strings(info->argv, info->argc, &budget, &arg_bytes);
	if (err == 0)
		err = measure_strings(info->envp, info->envc, &budget,
				      &env_bytes);
	if (err != 0)
		return err;
	size_t execfn_size = strnlen(info->execfn, budget);

	if (execfn_size == budget)
		return -E2BIG;
	execfn_size++;

	/* Depths below stack_top, top region first (see user_stack.h). */
	uint64_t execfn_depth = execfn_size;
	uint64_t env_depth = execfn_depth + env_bytes;
	uint64_t arg_depth = env_depth + arg_bytes;
	uint64_t random_depth =
	    align_up(arg_depth + USER_STACK_RANDOM_BYTES, USER_STACK_ALIGN);
	uint64_t words =
	    1 + (info->argc + 1) + (info->envc + 1) + 2 * AUXV_ENTRIES;
	/* Invariant: the final RSP is 16-byte aligned, as _start expects. */
	uint64_t rsp_depth =
	    align_up(random_depth + words * sizeof(uint64_t), USER_STACK_ALIGN);

	if (rsp_depth > buf_size)
		return -E2BIG;

	uint64_t top = info->stack_top;
	uint64_t rsp = top - rsp_depth;
	uint64_t random_addr = top - random_depth;
	uint64_t execfn_addr = top - execfn_depth;
	struct stack_writer w = {
	    .buf = buf,
	    .buf_user = top - buf_size,
	};

	/* buf may hold old kernel data; the padding must not show it. */
	memset(w.buf + (rsp - w.buf_user), 0, rsp_depth);

	put_bytes(&w, execfn_addr, info->execfn, execfn_size);
	uint64_t argv_addr = rsp + 8;
	uint64_t envp_addr = argv_addr + (info->argc + 1) * sizeof(uint64_t);
	uint64_t auxv_addr = envp_addr + (info->envc + 1) * sizeof(uint64_t);

	put_strings(&w, info->envp, info->envc, top - env_depth, envp_addr);
	put_strings(&w, info->argv, info->argc, top - arg_depth, argv_addr);
	put_bytes(&w, random_addr, info->random, USER_STACK_RANDOM_BYTES);
	put_u64(&w, rsp, info->argc);

	const uint64_t auxv[][2] = {
	    {AT_PHDR, info->phdr},
	    {AT_PHENT, info->phent},
	    {AT_PHNUM, info->phnum},
	    {AT_PAGESZ, ELF_PAGE_SIZE},
	    {AT_ENTRY, info->entry},
	    {AT_UID, info->uid},
	    {AT_EUID, info->euid},
	    {AT_GID, info->gid},
	    {AT_EGID, info->egid},
	    {AT_SECURE, 0},
	    {AT_RANDOM, random_addr},
	    {AT_EXECFN, execfn_addr},
	    {AT_HWCAP, 0},
	    {AT_CLKTCK, USER_STACK_CLKTCK},
	    {AT_NULL, 0},
	};
	/* The space for auxv was reserved from AUXV_ENTRIES above. */
	_Static_assert(sizeof(auxv) == AUXV_ENTRIES * sizeof(auxv[0]),
		       "AUXV_ENTRIES must count the auxv table");
	put_bytes(&w, auxv_addr, auxv, sizeof(auxv));

	return (int64_t)rsp;
}
