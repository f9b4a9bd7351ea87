/*
 * sys_madvise.c - madvise(2): advice about how memory will be used.
 *
 * Most advice is a hint a kernel may ignore, and this one does: every
 * page of a process is present from mmap to munmap, so there is nothing
 * to read ahead (WILLNEED), reclaim (COLD, PAGEOUT, FREE) or merge.  What
 * is checked is what Linux checks: the advice must be one Linux knows, the
 * address page-aligned (-EINVAL), and the whole range mapped (-ENOMEM,
 * found by walking it page by page, so the walk ends at the first hole:
 * its length is bounded by the process's memory, whatever len says).
 *
 * MADV_DONTNEED is not a hint: the next read of a private anonymous page
 * must see zeros.  So its writable pages are zeroed.  (On Linux a private
 * file mapping would read the file again; Portcullis maps no files.)
 * The advice about fork (DONTFORK, WIPEONFORK) would change what fork
 * copies, which this kernel does not support: -EINVAL, as from a Linux
 * built without it.
 */
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define MADV_NORMAL	 0
#define MADV_RANDOM	 1
#define MADV_SEQUENTIAL	 2
#define MADV_WILLNEED	 3
#define MADV_DONTNEED	 4
#define MADV_FREE	 8
#define MADV_DOFORK	 11
#define MADV_MERGEABLE	 12
#define MADV_UNMERGEABLE 13
#define MADV_HUGEPAGE	 14
#define MADV_NOHUGEPAGE	 15
#define MADV_DONTDUMP	 16
#define MADV_DODUMP	 17
#define MADV_KEEPONFORK	 19
#define MADV_COLD	 20
#define MADV_PAGEOUT	 21

static bool advice_accepted(uint64_t advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_DOFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_KEEPONFORK:
	case MADV_COLD:
	case MADV_PAGEOUT:
		return true;
	default:
		return false;
	}
}

long sys_madvise(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	uint64_t start = a0, advice = (uint32_t)a2;
	if (!advice_accepted(advice) || (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	uint64_t len = PAGE_ROUND_UP(a1);
	if (a1 && !len)
		return -EINVAL; /* rounding up wrapped */
	if (start + len < start)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!user_range_ok(start, len))
		return -ENOMEM;

	struct vm_space *vm = proc_current()->vm;
	for (uint64_t va = start; va < start + len; va += PAGE_SIZE)
		if (!vm_lookup(vm, va, NULL))
			return -ENOMEM;
	if (advice != MADV_DONTNEED)
		return 0;
	for (uint64_t va = start; va < start + len; va += PAGE_SIZE) {
		unsigned flags;
		uint64_t pa = vm_lookup(vm, va, &flags);
		if (flags & VM_WRITE)
			memset(phys_to_virt(PAGE_ROUND_DOWN(pa)), 0, PAGE_SIZE);
	}
	return 0;
}
