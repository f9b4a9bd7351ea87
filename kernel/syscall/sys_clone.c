/*
 * sys_clone.c - clone(2) as the C libraries use it for fork, and vfork(2).
 *
 * Portcullis has one thread per process and no shared address spaces, so
 * clone is fork with extras: glibc's fork() is
 *
 *   clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 0, NULL,
 *         &self->tid, 0)
 *
 * Accepted: an exit signal in the low byte (SIGCHLD, or 0), a new stack
 * for the child (newsp), CLONE_PARENT_SETTID (the child's tid written to
 * *parent_tid in the parent), CLONE_CHILD_SETTID (written to *child_tid
 * in the child's memory), CLONE_CHILD_CLEARTID (recorded as the child's
 * set_tid_address), CLONE_SETTLS (the child's FS base).  Anything that
 * would share memory, files or signal handlers between two processes
 * (CLONE_VM, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD, CLONE_VFORK ...)
 * is -EINVAL: this kernel has no threads.
 *
 * vfork(2) is fork: POSIX allows it, since a correct vfork child only
 * calls execve or _exit, and a copy serves it as well as a share.
 */
#include "kernel/errno.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define CSIGNAL		     0x000000ffull
#define CLONE_SETTLS	     0x00080000ull
#define CLONE_PARENT_SETTID  0x00100000ull
#define CLONE_CHILD_CLEARTID 0x00200000ull
#define CLONE_CHILD_SETTID   0x01000000ull
#define CLONE_SUPPORTED                                                        \
	(CSIGNAL | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | \
	 CLONE_CHILD_SETTID)

/* Writes the 4-byte tid at user address addr of p's (inactive) space,
 * through the physical map.  Linux ignores a bad address here too. */
static void put_tid_in(struct proc *p, uint64_t addr, int32_t tid)
{
	if (!user_range_ok(addr, sizeof(tid)) || (addr & 3))
		return; /* aligned: never straddles two pages */
	unsigned flags;
	uint64_t pa = vm_lookup(p->vm, addr, &flags);
	if (pa && (flags & VM_WRITE))
		*(int32_t *)phys_to_virt(pa) = tid;
}

long sys_clone(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_5;
	uint64_t flags = a0, newsp = a1, parent_tid = a2, child_tid = a3,
		 tls = a4;
	if (flags & ~CLONE_SUPPORTED)
		return -EINVAL;
	if ((flags & CSIGNAL) != 0 && (flags & CSIGNAL) != SIGCHLD)
		return -EINVAL; /* only SIGCHLD is sent at exit */
	if ((flags & CLONE_SETTLS) && tls >= USER_LIMIT)
		return -EPERM; /* as arch_prctl(ARCH_SET_FS) */
	if (newsp >= USER_LIMIT)
		return -EINVAL;
	int pid = proc_fork();
	if (pid < 0)
		return pid;
	struct proc *child = proc_by_pid(pid);
	if (newsp)
		arch_set_user_sp(arch_user_frame(child), newsp);
	if (flags & CLONE_SETTLS)
		arch_set_fs_base(child, tls);
	if (flags & CLONE_CHILD_SETTID)
		put_tid_in(child, child_tid, pid);
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = child_tid;
	/* A bad parent_tid is ignored, as on Linux: the child exists. */
	if (flags & CLONE_PARENT_SETTID)
		(void)copy_to_user(parent_tid, &pid, sizeof(pid));
	return pid;
}

long sys_vfork(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	return proc_fork();
}
