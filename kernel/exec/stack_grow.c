/*
 * stack_grow.c - the user stack grows down on demand, up to 8 MiB.
 *
 * exec maps the top USER_STACK_PAGES of the stack; below them, the stack
 * area reaches down to USER_STACK_TOP - USER_STACK_MAX (8 MiB, Linux's
 * default RLIMIT_STACK).  A page fault on a page there that is not mapped
 * yet (from the program itself, or from the kernel copying to a user
 * buffer on the stack) maps zeroed pages from the fault down to the
 * current bottom, and the access is retried.  A fault below the 8 MiB is
 * an ordinary fault: SIGSEGV, with its one-line report.
 *
 * The guard gap: like Linux (stack_guard_gap, 256 pages), the stack never
 * grows to within STACK_GUARD_GAP of another mapping below it, so a
 * runaway recursion cannot silently run into a MAP_FIXED mapping or the
 * heap: it faults in the gap instead.  Every check is a bounded number of
 * page lookups (the gap, and the pages being added), whatever the address.
 */
#include "kernel/exec/exec.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"

#define STACK_GUARD_GAP (256 * PAGE_SIZE)

static bool any_mapped(struct vm_space *vm, uint64_t from, uint64_t to)
{
	for (uint64_t va = from; va < to; va += PAGE_SIZE)
		if (vm_lookup(vm, va, NULL))
			return true;
	return false;
}

bool exec_stack_grow(struct proc *p, uint64_t addr)
{
	const uint64_t limit = USER_STACK_TOP - USER_STACK_MAX;
	if (p->pid == 0 || !p->stack_low || addr < limit ||
	    addr >= p->stack_low)
		return false;
	uint64_t low = PAGE_ROUND_DOWN(addr);
	uint64_t gap_from = low - limit > STACK_GUARD_GAP
				? low - STACK_GUARD_GAP
				: limit - STACK_GUARD_GAP;
	/* Nothing between the new bottom and the old one (a MAP_FIXED
	 * mapping there is not stack), nor in the gap below. */
	if (any_mapped(p->vm, gap_from, p->stack_low))
		return false;
	/* Top down, so a shortage of frames leaves a shorter, contiguous
	 * stack (and the fault becomes SIGSEGV). */
	for (uint64_t va = p->stack_low - PAGE_SIZE; va + PAGE_SIZE > low;
	     va -= PAGE_SIZE) {
		uint64_t frame = frame_alloc();
		if (!frame)
			return false;
		memset(phys_to_virt(frame), 0, PAGE_SIZE);
		if (vm_map_page(p->vm, va, frame, VM_USER | VM_WRITE)) {
			frame_free(frame);
			return false;
		}
		p->stack_low = va;
	}
	return true;
}
