/*
 * user_stack.h - the initial stack a new process finds at its entry point.
 *
 * The System V x86-64 psABI (section 3.4.1, "Initial Stack and Register
 * State") fixes what _start sees at RSP, lowest address first:
 *
 *   rsp ->  argc
 *           argv[0] ... argv[argc - 1], NULL
 *           envp[0] ... envp[envc - 1], NULL
 *           auxv: (type, value) pairs, ending with (AT_NULL, 0)
 *           padding
 *           16 random bytes (AT_RANDOM points here)
 *           argument strings, environment strings, the executable's path
 *   stack top
 *
 * RSP is 16-byte aligned at entry.  All the pointers are user addresses.
 * user_stack_build() assembles this image in a kernel buffer; the caller
 * then copies it to the top of the new user stack.  Keeping it pure (no
 * page tables, no copying to user space) is what lets the host tests parse
 * the result back exactly as a C runtime would.
 */
#ifndef KERNEL_EXEC_USER_STACK_H
#define KERNEL_EXEC_USER_STACK_H

#include <stddef.h>
#include <stdint.h>

/* Auxiliary vector types: Linux's numbers, which libc expects. */
#define AT_NULL	  0 /* end of the vector */
#define AT_PHDR	  3 /* program headers in memory */
#define AT_PHENT  4 /* size of one program header */
#define AT_PHNUM  5 /* number of program headers */
#define AT_PAGESZ 6
#define AT_ENTRY  9 /* the program's entry point */
#define AT_UID	  11
#define AT_EUID	  12
#define AT_GID	  13
#define AT_EGID	  14
#define AT_HWCAP  16 /* CPU feature bits; 0 says "assume nothing" */
#define AT_CLKTCK 17 /* times() ticks per second */
#define AT_SECURE 23 /* 1 for set-uid programs: libc ignores LD_* etc. */
#define AT_RANDOM 25 /* address of 16 random bytes (stack canary seed) */
#define AT_EXECFN 31 /* address of the path the program was run as */

#define USER_STACK_RANDOM_BYTES 16
#define USER_STACK_ALIGN	16
#define USER_STACK_CLKTCK	100

/* Most bytes the argument and environment strings, plus their pointers,
 * plus the path, may take; like Linux's ARG_MAX.  More gives -E2BIG. */
#define USER_STACK_ARG_MAX 65536

/* Everything the initial stack says about the new process.  Strings are
 * kernel copies (already fetched from the old address space). */
struct user_stack_info {
	uint64_t stack_top;	 /* user address just above the stack */
	const char *const *argv; /* argc strings; may be NULL if argc == 0 */
	size_t argc;
	const char *const *envp; /* envc strings; may be NULL if envc == 0 */
	size_t envc;
	const char *execfn;			 /* the path exec was given */
	uint8_t random[USER_STACK_RANDOM_BYTES]; /* for AT_RANDOM */
	uint64_t phdr;				 /* from struct elf_plan */
	uint64_t phent;
	uint64_t phnum;
	uint64_t entry;
	uint32_t uid, euid, gid, egid;
};

/*
 * Builds the initial stack for `info` at the END of buf, so that
 * buf + buf_size corresponds to the user address info->stack_top.
 * Returns the initial RSP (the user address of argc), and the image is
 * the last (stack_top - rsp) bytes of buf: copy them to user address rsp.
 * Errors:
 *   -EINVAL  NULL info/buf/execfn, a NULL string in argv or envp, a NULL
 *            array with a non-zero count, stack_top not 16-byte aligned,
 *            above user space, or below buf_size;
 *   -E2BIG   strings and pointers exceed USER_STACK_ARG_MAX, or the whole
 *            image does not fit in buf_size.
 * Nothing is promised about buf's contents after an error.
 */
int64_t user_stack_build(const struct user_stack_info *info, void *buf,
			 size_t buf_size);

#endif
