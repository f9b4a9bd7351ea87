/*
 * sys_mprotect.c - mprotect(2): changing the rights of mapped pages.
 *
 * Linux semantics: the start must be page aligned (-EINVAL), the length is
 * rounded up to whole pages, rights are PROT_READ/WRITE/EXEC or PROT_NONE
 * (other bits: -EINVAL), and every page of the range must belong to a
 * mapping (-ENOMEM otherwise, with nothing changed).  x86 cannot make a
 * page writable but unreadable, so PROT_WRITE implies read, as on Linux.
 *
 * PROT_NONE keeps the pages and their contents but makes them unreachable
 * (vm.h, VM_NOACCESS): ring 3 faults, and the kernel's user copies fail
 * with -EFAULT.  Making a reservation (mmap PROT_NONE) accessible backs
 * its pages with fresh zeroed frames then, since Portcullis has no demand
 * paging; the static glibc uses this for thread stacks and RELRO.
 */
#include "kernel/errno.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/sys_mem.h"
#include "kernel/syscall/syscall_table.h"

/* Bound: O(regions) for the checks, O(backed pages in the range + tables
 * on the way) for the rights, and, when a reservation becomes accessible,
 * O(its pages), refused at once when they outnumber the free frames. */
long sys_mprotect(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	struct vm_space *vm = proc_current()->vm;
	uint64_t start = a0, prot = a2;
	if ((start & (PAGE_SIZE - 1)) || (prot & ~(uint64_t)VM_PROT_ALL))
		return -EINVAL;
	if (a1 == 0)
		return 0;
	uint64_t len = PAGE_ROUND_UP(a1);
	if (len == 0 || !user_range_ok(start, len))
		return -ENOMEM;
	uint64_t end = start + len;
	if (!vm_regions_cover(&vm->regions, start, end))
		return -ENOMEM;

	uint64_t backed = vm_count_range(vm, start, end);
	if (prot != VM_PROT_NONE && len / PAGE_SIZE - backed > frames_free())
		return -ENOMEM; /* the holes could never be backed */
	int err = vm_regions_set(&vm->regions, start, end, (unsigned)prot);
	if (err)
		return err;
	unsigned flags = mem_vm_flags((unsigned)prot);
	vm_protect_range(vm, start, end, flags);
	if (prot != VM_PROT_NONE && backed < len / PAGE_SIZE)
		return mem_back_range(vm, start, end, flags);
	return 0;
}
