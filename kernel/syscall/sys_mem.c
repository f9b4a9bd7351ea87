/*
 * sys_mem.c - brk, mmap and munmap: growing a process's memory.
 *
 * Every user page is backed by its own frame at once (no demand paging),
 * zeroed, and owned by the address space: unmapping a page frees its
 * frame, and vm_space_destroy frees what is left at exit.  That keeps frame
 * accounting exact, which the usertests check.
 *
 * Layout: the heap (brk) starts just above the program's highest segment;
 * mmap without MAP_FIXED hands out addresses upward from MMAP_BASE.
 */
#include "kernel/errno.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define BRK_MAX_SIZE (1ull << 30)

#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define PROT_EXEC     0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000
#define MAP_STACK     0x20000
#define MAP_SUPPORTED \
	(MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK)

/* Unmaps [start, end) (page aligned) and frees the frames. */
static void unmap_range(struct vm_space *vm, uint64_t start, uint64_t end)
{
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t pa = vm_unmap_page(vm, va);
		if (pa)
			frame_free(pa);
	}
}

/* Maps fresh zeroed frames over [start, end); on failure unmaps what it
 * mapped and returns -ENOMEM.  The range must be unmapped. */
static int map_fresh(struct vm_space *vm, uint64_t start, uint64_t end,
		     unsigned flags)
{
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		uint64_t pa = frame_alloc();
		if (!pa || vm_map_page(vm, va, pa, flags | VM_USER) < 0) {
			if (pa)
				frame_free(pa);
			unmap_range(vm, start, va);
			return -ENOMEM;
		}
	}
	return 0;
}

long sys_brk(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	struct proc *p = proc_current();
	uint64_t want = a0;
	if (want < p->brk_start || want - p->brk_start > BRK_MAX_SIZE)
		return (long)p->brk; /* Linux: failure returns the old break */
	uint64_t old_end = PAGE_ROUND_UP(p->brk), new_end = PAGE_ROUND_UP(want);
	if (new_end > old_end) {
		for (uint64_t va = old_end; va < new_end; va += PAGE_SIZE)
			if (vm_lookup(p->vm, va, NULL))
				return (long)p->brk; /* would hit an mmap */
		if (map_fresh(p->vm, old_end, new_end, VM_WRITE))
			return (long)p->brk;
	} else if (new_end < old_end) {
		unmap_range(p->vm, new_end, old_end);
	}
	p->brk = want;
	return (long)want;
}

static bool range_free(struct vm_space *vm, uint64_t start, uint64_t len)
{
	for (uint64_t va = start; va < start + len; va += PAGE_SIZE)
		if (vm_lookup(vm, va, NULL))
			return false;
	return true;
}

long sys_mmap(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_5;
	struct proc *p = proc_current();
	uint64_t addr = a0, len = a1, prot = a2, flags = a3;
	int fd = (int)a4;

	if (!(flags & MAP_ANONYMOUS))
		return fd < 0 || fd > 2 ? -EBADF : -ENODEV; /* no files */
	if (flags & MAP_SHARED)
		return -EINVAL; /* shared anonymous memory: not supported */
	if (!(flags & MAP_PRIVATE) || (flags & ~(uint64_t)MAP_SUPPORTED))
		return -EINVAL;
	if (len == 0 || prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (a5 & (PAGE_SIZE - 1))
		return -EINVAL; /* the offset must be page aligned, even unused */
	len = PAGE_ROUND_UP(len);
	if (len == 0 || len > VM_USER_TOP)
		return -ENOMEM;

	if (flags & MAP_FIXED) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (!user_range_ok(addr, len) || addr < PAGE_SIZE)
			return -ENOMEM;
		unmap_range(p->vm, addr, addr + len);
	} else {
		addr = p->mmap_next;
		while (user_range_ok(addr, len) &&
		       !range_free(p->vm, addr, len))
			addr += PAGE_SIZE;
		if (!user_range_ok(addr, len))
			return -ENOMEM;
		p->mmap_next = addr + len;
	}
	if (prot == 0)
		return (long)addr; /* PROT_NONE: reserved, nothing mapped */
	unsigned vmflags = (prot & PROT_WRITE ? VM_WRITE : 0) |
			   (prot & PROT_EXEC ? VM_EXEC : 0);
	int err = map_fresh(p->vm, addr, addr + len, vmflags);
	return err ? err : (long)addr;
}

long sys_munmap(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct proc *p = proc_current();
	if ((a0 & (PAGE_SIZE - 1)) || a1 == 0)
		return -EINVAL;
	uint64_t len = PAGE_ROUND_UP(a1);
	if (!user_range_ok(a0, len))
		return -EINVAL;
	unmap_range(p->vm, a0, a0 + len);
	return 0;
}
