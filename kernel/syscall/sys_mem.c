/*
 * sys_mem.c - brk, mmap and munmap: growing a process's memory.
 *
 * Every user page is backed by its own frame at once (no demand paging),
 * zeroed, and owned by the address space: unmapping a page frees its
 * frame, and vm_space_destroy frees what is left at exit.  That keeps frame
 * accounting exact, which the usertests check.
 *
 * Layout: the heap (brk) starts just above the program's highest segment;
 * mmap without MAP_FIXED hands out addresses from MMAP_BASE up.  Which
 * ranges are taken is in the space's region list (kernel/mm/vm_region.c),
 * so finding room costs O(regions), and unmapping walks only the page
 * tables that exist (paging_range.c).  The first 64 KiB are never mapped
 * (Linux's mmap_min_addr): a NULL pointer plus a small offset always
 * faults.
 *
 * The bound of each call is stated beside it.  "Pages mapped" is at most
 * the free frames there are, so no call's cost depends on a length alone.
 */
#include "kernel/errno.h"
#include "kernel/exec/exec.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/sys_mem.h"
#include "kernel/syscall/syscall_table.h"

#define BRK_MAX_SIZE (1ull << 30)

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000
#define MAP_STACK     0x20000
#define MAP_SUPPORTED \
	(MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK)

/* Non-fixed mappings go between here and the stack, with a guard gap of
 * 1 MiB below the stack so a stack overflow never runs into a mapping. */
#define MMAP_AREA_END \
	(USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE - (1ull << 20))

unsigned mem_vm_flags(unsigned prot)
{
	if (prot == VM_PROT_NONE)
		return VM_NOACCESS;
	return (prot & VM_PROT_WRITE ? VM_WRITE : 0) |
	       (prot & VM_PROT_EXEC ? VM_EXEC : 0);
}

/* Maps fresh zeroed frames over the unbacked pages of [start, end), which
 * must not hold more than frames_free() of them (callers check, so that a
 * huge length fails at once instead of after allocating everything).
 * Cost: O(pages in the range), which that check bounds by free memory.
 * -ENOMEM when a frame or a page table runs out (what was mapped stays). */
int mem_back_range(struct vm_space *vm, uint64_t start, uint64_t end,
		   unsigned flags)
{
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		preempt_point();
		if (vm_count_range(vm, va, va + PAGE_SIZE))
			continue; /* backed, even if inaccessible */
		uint64_t pa = frame_alloc();
		if (!pa)
			return -ENOMEM;
		if (vm_map_page(vm, va, pa, flags | VM_USER) < 0) {
			frame_free(pa);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Whether backing [start, end) could possibly succeed. */
static bool frames_enough(uint64_t start, uint64_t end)
{
	return (end - start) / PAGE_SIZE <= frames_free();
}

/* Bound: O(regions) + O(pages the heap grows or shrinks by), at most
 * BRK_MAX_SIZE / 4 KiB and never more than the free frames. */
long sys_brk(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	struct proc *p = proc_current();
	struct vm_space *vm = p->vm;
	uint64_t want = a0;
	if (want < p->brk_start || want - p->brk_start > BRK_MAX_SIZE)
		return (long)p->brk; /* Linux: failure returns the old break */
	uint64_t old_end = PAGE_ROUND_UP(p->brk), new_end = PAGE_ROUND_UP(want);
	if (new_end > old_end) {
		if (vm_regions_overlap(&vm->regions, old_end, new_end) ||
		    !frames_enough(old_end, new_end))
			return (long)p->brk; /* would hit a mapping */
		if (vm_regions_set(&vm->regions, old_end, new_end,
				   VM_PROT_READ | VM_PROT_WRITE))
			return (long)p->brk;
		if (mem_back_range(vm, old_end, new_end, VM_WRITE)) {
			vm_unmap_range(vm, old_end, new_end);
			vm_regions_remove(&vm->regions, old_end, new_end);
			return (long)p->brk;
		}
	} else if (new_end < old_end) {
		if (vm_regions_remove(&vm->regions, new_end, old_end))
			return (long)p->brk;
		vm_unmap_range(vm, new_end, old_end);
	}
	p->brk = want;
	return (long)want;
}

/* Where a non-fixed mapping of len bytes goes: the hint when it is free
 * and at or above MMAP_MIN_ADDR (Linux), else the first gap from the
 * moving cursor up, else the first gap in the whole mmap area.  Cost:
 * O(regions), whatever len is.  0 when nothing fits. */
static uint64_t choose_address(struct proc *p, uint64_t hint, uint64_t len)
{
	const struct vm_regions *r = &p->vm->regions;
	hint = PAGE_ROUND_DOWN(hint);
	if (hint >= MMAP_MIN_ADDR && user_range_ok(hint, len) &&
	    !vm_regions_overlap(r, hint, hint + len))
		return hint;
	uint64_t addr = 0;
	if (p->mmap_next >= USER_MMAP_BASE && p->mmap_next < MMAP_AREA_END)
		addr =
		    vm_regions_find_free(r, p->mmap_next, MMAP_AREA_END, len);
	if (!addr)
		addr =
		    vm_regions_find_free(r, USER_MMAP_BASE, MMAP_AREA_END, len);
	return addr;
}

/* Bound: O(regions) to place it, O(backed pages in the range) to clear a
 * MAP_FIXED target, and O(pages) to back it, refused at once when the
 * pages outnumber the free frames; PROT_NONE maps nothing: O(regions). */
long sys_mmap(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_5;
	struct proc *p = proc_current();
	struct vm_space *vm = p->vm;
	uint64_t addr = a0, len = a1, prot = a2, flags = a3;
	int fd = (int)a4;

	if (!(flags & MAP_ANONYMOUS))
		return fd < 0 || fd > 2 ? -EBADF : -ENODEV; /* no files */
	if (flags & MAP_SHARED)
		return -EINVAL; /* shared anonymous memory: not supported */
	if (!(flags & MAP_PRIVATE) || (flags & ~(uint64_t)MAP_SUPPORTED))
		return -EINVAL;
	if (len == 0 || prot & ~(uint64_t)VM_PROT_ALL)
		return -EINVAL;
	if (a5 & (PAGE_SIZE - 1))
		return -EINVAL; /* the offset must be page aligned, even unused */
	len = PAGE_ROUND_UP(len);
	if (len == 0 || len > VM_USER_TOP)
		return -ENOMEM;

	if (flags & MAP_FIXED) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (addr < MMAP_MIN_ADDR)
			return -EPERM; /* Linux, below mmap_min_addr */
		if (!user_range_ok(addr, len))
			return -ENOMEM;
	} else {
		addr = choose_address(p, addr, len);
		if (!addr)
			return -ENOMEM;
	}
	uint64_t end = addr + len;
	/* Could never be backed (the frames a MAP_FIXED frees count): fail
	 * at once rather than after taking every free frame. */
	if (prot != VM_PROT_NONE && !frames_enough(addr, end) &&
	    len / PAGE_SIZE > frames_free() + vm_count_range(vm, addr, end))
		return -ENOMEM;
	int err = vm_regions_set(&vm->regions, addr, end, (unsigned)prot);
	if (err)
		return err;
	vm_unmap_range(vm, addr, end); /* MAP_FIXED replaces what was there */
	if (!(flags & MAP_FIXED))
		p->mmap_next = end;
	if (prot == VM_PROT_NONE)
		return (long)addr; /* a reservation: nothing to back */
	err = mem_back_range(vm, addr, end, mem_vm_flags((unsigned)prot));
	if (err) {
		vm_unmap_range(vm, addr, end);
		vm_regions_remove(&vm->regions, addr, end); /* cannot fail */
		return err;
	}
	return (long)addr;
}

/* Bound: O(regions + backed pages in the range + tables on the way);
 * munmap of the whole user half with nothing there looks at one PML4. */
long sys_munmap(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct proc *p = proc_current();
	if ((a0 & (PAGE_SIZE - 1)) || a1 == 0)
		return -EINVAL;
	uint64_t len = PAGE_ROUND_UP(a1);
	if (len == 0 || !user_range_ok(a0, len))
		return -EINVAL;
	int err = vm_regions_remove(&p->vm->regions, a0, a0 + len);
	if (err)
		return err; /* Linux too: a split past the map count */
	vm_unmap_range(p->vm, a0, a0 + len);
	return 0;
}
