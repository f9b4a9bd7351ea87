/*
 * exec.c - loading a program into an empty user address space.
 *
 * The work is split so that nothing here trusts the file:
 *   1. elf_plan() (elf.c) checks every header field and produces a list of
 *      segments already proven to lie inside user space, in order, with no
 *      two sharing a page;
 *   2. load_segment() maps fresh zeroed frames for each segment's pages
 *      with the segment's rights (W only with PF_W, X only with PF_X) and
 *      copies the file-backed bytes in through the physical map - the
 *      target space is not active, so we never write through user
 *      addresses;
 *   3. the initial stack (user_stack.c) is built in a kernel buffer and
 *      copied to the top of a freshly mapped, non-executable stack.
 *
 * A failure at any step returns -errno and leaves the frames mapped so far
 * in `vm`, which the caller destroys: exec_load never half-replaces a
 * running program (proc_execve loads into a new space first).
 */
#include "kernel/exec/exec.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/exec/elf.h"
#include "kernel/exec/user_stack.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"

#define USER_STACK_SIZE (USER_STACK_PAGES * PAGE_SIZE)
/* The initial stack image (strings, pointers, auxv) is assembled in a
 * kernel buffer of this size: ARG_MAX plus room for the vectors. */
#define STACK_IMAGE_SIZE (USER_STACK_ARG_MAX + 2 * PAGE_SIZE)

static unsigned segment_rights(uint32_t pf_flags)
{
	unsigned rights = VM_USER;
	if (pf_flags & PF_W)
		rights |= VM_WRITE;
	if (pf_flags & PF_X)
		rights |= VM_EXEC;
	return rights;
}

/* Maps one zeroed frame at va.  0 or -ENOMEM. */
static int map_zero_page(struct vm_space *vm, uint64_t va, unsigned rights)
{
	uint64_t frame = frame_alloc();
	if (!frame)
		return -ENOMEM;
	memset(phys_to_virt(frame), 0, PAGE_SIZE);
	if (vm_map_page(vm, va, frame, rights)) {
		frame_free(frame);
		return -ENOMEM;
	}
	return 0;
}

/* Copies len bytes to user address va of the (inactive) space vm, page by
 * page through the physical map.  The pages must be mapped. */
static void copy_into_space(struct vm_space *vm, uint64_t va, const void *src,
			    size_t len)
{
	const uint8_t *from = src;
	while (len > 0) {
		uint64_t pa = vm_lookup(vm, va, NULL);
		if (!pa)
			panic("copy_into_space: %lx not mapped",
			      (unsigned long)va);
		size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		memcpy(phys_to_virt(pa), from, chunk);
		va += chunk;
		from += chunk;
		len -= chunk;
	}
}

static int load_segment(struct vm_space *vm, const uint8_t *image,
			const struct elf_segment *seg)
{
	unsigned rights = segment_rights(seg->flags);
	uint64_t first = PAGE_ROUND_DOWN(seg->vaddr);
	uint64_t end = PAGE_ROUND_UP(seg->vaddr + seg->memsz);

	/* elf_plan's invariant: no other segment touches these pages, so
	 * each is mapped exactly once, with this segment's rights. */
	unsigned prot = VM_PROT_READ | (seg->flags & PF_W ? VM_PROT_WRITE : 0) |
			(seg->flags & PF_X ? VM_PROT_EXEC : 0);
	int set = vm_regions_set(&vm->regions, first, end, prot);
	if (set)
		return set;
	for (uint64_t va = first; va < end; va += PAGE_SIZE) {
		preempt_point();
		int err = map_zero_page(vm, va, rights);
		if (err)
			return err;
	}
	/* Bytes between filesz and memsz (.bss) stay zero. */
	copy_into_space(vm, seg->vaddr, image + seg->offset, seg->filesz);
	return 0;
}

static int build_stack(struct vm_space *vm, const struct elf_plan *plan,
		       const char *path, char *const argv[], int argc,
		       char *const envp[], int envc, uint64_t *user_rsp)
{
	uint64_t bottom = USER_STACK_TOP - USER_STACK_SIZE;
	int set = vm_regions_set(&vm->regions, bottom, USER_STACK_TOP,
				 VM_PROT_READ | VM_PROT_WRITE);
	if (set)
		return set;
	for (uint64_t va = bottom; va < USER_STACK_TOP; va += PAGE_SIZE) {
		int err = map_zero_page(vm, va, VM_USER | VM_WRITE);
		if (err)
			return err;
	}

	struct user_stack_info info;
	memset(&info, 0, sizeof(info));
	info.stack_top = USER_STACK_TOP;
	info.argv = (const char *const *)argv;
	info.argc = (size_t)argc;
	info.envp = (const char *const *)envp;
	info.envc = (size_t)envc;
	info.execfn = path;
	/* Not cryptographic: seeds the C library's stack canary, which only
	 * has to differ between runs and processes. */
	uint64_t seed = arch_random_seed();
	for (int i = 0; i < USER_STACK_RANDOM_BYTES; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		info.random[i] = (uint8_t)(seed >> 56);
	}
	info.phdr = plan->phdr_addr;
	info.phent = plan->phent;
	info.phnum = plan->phnum;
	info.entry = plan->entry;

	uint8_t *buf = kmalloc(STACK_IMAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	int64_t rsp = user_stack_build(&info, buf, STACK_IMAGE_SIZE);
	if (rsp >= 0) {
		uint64_t len = USER_STACK_TOP - (uint64_t)rsp;
		if (len > USER_STACK_SIZE)
			rsp = -E2BIG;
		else
			copy_into_space(vm, (uint64_t)rsp,
					buf + STACK_IMAGE_SIZE - len, len);
	}
	kfree(buf);
	if (rsp < 0)
		return (int)rsp;
	*user_rsp = (uint64_t)rsp;
	return 0;
}

int exec_load(struct vm_space *vm, const char *path, char *const argv[],
	      int argc, char *const envp[], int envc, struct exec_result *out)
{
	size_t size;
	const char *name;
	const uint8_t *image;
	int found = program_find(path, &image, &size, &name);
	if (found)
		return found;

	/* The plan is ~1 KiB: too big for a 16 KiB kernel stack that may
	 * already hold execve's argument arrays. */
	struct elf_plan *plan = kmalloc(sizeof(*plan));
	if (!plan)
		return -ENOMEM;
	char why[96];
	int err = elf_plan(image, size, plan, why, sizeof(why));
	if (err) {
		printk("exec: %s is not a program Portcullis can run: %s\n",
		       name, why);
		kfree(plan);
		return err;
	}
	/* The heap grows up from image_end towards the mmap area; the stack
	 * sits above both.  A program linked into either area cannot run. */
	if (plan->image_end > USER_MMAP_BASE) {
		printk(
		    "exec: %s: its image ends at %lx, inside the mmap area at %lx\n",
		    name, (unsigned long)plan->image_end,
		    (unsigned long)USER_MMAP_BASE);
		kfree(plan);
		return -ENOEXEC;
	}

	for (size_t i = 0; i < plan->nsegments && !err; i++)
		err = load_segment(vm, image, &plan->segments[i]);
	uint64_t rsp = 0;
	if (!err)
		err = build_stack(vm, plan, path, argv, argc, envp, envc, &rsp);
	if (!err) {
		out->entry = plan->entry;
		out->user_rsp = rsp;
		out->brk = plan->image_end;
		out->mmap_base = USER_MMAP_BASE;
		out->stack_low = USER_STACK_TOP - USER_STACK_SIZE;
	}
	kfree(plan);
	return err;
}

void exec_name_process(struct proc *p, const char *path)
{
	const char *base = path;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			base = s + 1;
	strlcpy(p->name, base, sizeof(p->name));
}
