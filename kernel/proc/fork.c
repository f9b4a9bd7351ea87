/*
 * fork.c - fork(): a copy of the calling process.
 *
 * The child gets a copy of every user page (no copy-on-write: simple, and
 * the frame-accounting test checks nothing leaks), the same registers with
 * rax = 0, the same signal actions and mask, credentials, and a share of
 * the parent's I/O bitmap, and the parent's open files (the fd table is
 * copied; the files behind it are shared).
 *
 * Failure must leave no trace: everything that can fail (slot, kernel
 * stack, address space) happens first, and the steps that take references
 * on shared state (the I/O bitmap) come last, after which nothing fails.
 * So a failed fork touches neither the parent nor this CPU's TSS.
 */
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/io/iobitmap.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"

int proc_fork(void)
{
	struct proc *parent = proc_current();
	int allowed = proc_fork_allowed(parent);
	if (allowed)
		return allowed; /* RLIMIT_NPROC, or root's reserved slots */
	struct proc *child = proc_alloc(parent->name);
	if (!child)
		return -EAGAIN;

	child->vm = vm_space_clone(parent->vm);
	if (!child->vm) {
		proc_free(child);
		return -ENOMEM;
	}
	if (parent->fds) {
		child->fds = fd_table_clone(parent->fds);
		if (!child->fds) {
			proc_free(child);
			return -ENOMEM;
		}
	}

	/* Nothing below can fail. */
	child->parent = parent;
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->mmap_next = parent->mmap_next;
	child->stack_low = parent->stack_low;
	child->uid = parent->uid;
	child->euid = parent->euid;
	child->suid = parent->suid;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		child->rlim[i] = parent->rlim[i];
	child->cpu_affinity = parent->cpu_affinity;
	signal_fork(child, parent);
	iobitmap_fork(child, parent);
	arch_proc_fork(child, parent);
	sched_make_runnable(child);
	return child->pid;
}
