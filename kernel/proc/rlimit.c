/*
 * rlimit.c - resource limits and the per-user process limit.
 *
 * Why: the process table has NPROC slots, and before this one user's fork
 * bomb (or 60 exited orphans) could take them all, so that every fork in
 * the system, root's included, failed.  Now a fork by a process without
 * root rights fails with -EAGAIN when
 *   - its real uid already owns RLIMIT_NPROC processes (zombies count, as
 *     on Linux), the default being NPROC / 2, or
 *   - only PROC_ROOT_RESERVED slots are left: those are root's, whatever
 *     the limits, so root can always start a shell to clean up.
 * The refusal prints one line (at most one per second) naming the uid, the
 * count, the limit and the table size.
 *
 * getrlimit, setrlimit and prlimit64 have Linux's semantics for every
 * resource: limits are per process, inherited by fork, kept across exec;
 * the soft limit never exceeds the hard one (-EINVAL); only root raises a
 * hard limit (-EPERM).  Only RLIMIT_NPROC is enforced; the others are kept
 * and reported (docs/user-abi.md lists their defaults).
 */
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define PROC_ROOT_RESERVED 8
#define NPROC_DEFAULT	   (NPROC / 2)

void rlimit_init_defaults(struct rlimit *lim)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		lim[i].rlim_cur = lim[i].rlim_max = RLIM_INFINITY;
	lim[RLIMIT_STACK].rlim_cur = 256 * 1024; /* what exec maps */
	lim[RLIMIT_CORE].rlim_cur = 0;
	lim[RLIMIT_NPROC].rlim_cur = lim[RLIMIT_NPROC].rlim_max = NPROC_DEFAULT;
	lim[RLIMIT_NOFILE].rlim_cur = 1024;
	lim[RLIMIT_NOFILE].rlim_max = 4096;
	lim[RLIMIT_MEMLOCK].rlim_cur = lim[RLIMIT_MEMLOCK].rlim_max = 8 << 20;
	lim[RLIMIT_NICE].rlim_cur = lim[RLIMIT_NICE].rlim_max = 0;
	lim[RLIMIT_RTPRIO].rlim_cur = lim[RLIMIT_RTPRIO].rlim_max = 0;
}

/* Cost: one pass over the table, O(NPROC). */
int proc_fork_allowed(const struct proc *parent)
{
	if (parent->euid == 0)
		return 0; /* root: CAP_SYS_RESOURCE and CAP_SYS_ADMIN */
	int mine = 0, used = 0;
	for (int i = 1; i < NPROC; i++) {
		const struct proc *p = proc_table_slot(i);
		if (p->state == PROC_UNUSED)
			continue;
		used++;
		if (p->uid == parent->uid)
			mine++;
	}
	uint64_t limit = parent->rlim[RLIMIT_NPROC].rlim_cur;
	bool over = (uint64_t)mine >= limit;
	if (!over && NPROC - 1 - used > PROC_ROOT_RESERVED)
		return 0;
	static uint64_t last_report;
	uint64_t now = arch_ticks();
	if (!last_report || now - last_report >= arch_tick_hz()) {
		last_report = now;
		printk("fork: refused for uid %u: %d processes, RLIMIT_NPROC "
		       "%ld; table %d of %d slots used, %d kept for root\n",
		       (unsigned)parent->uid, mine,
		       limit == RLIM_INFINITY ? -1L : (long)limit, used,
		       NPROC - 1, PROC_ROOT_RESERVED);
	}
	return -EAGAIN;
}

/* The common part of the three calls, Linux's do_prlimit. */
static long do_prlimit(struct proc *target, unsigned resource,
		       const struct rlimit *new_lim, struct rlimit *old)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	struct rlimit *lim = &target->rlim[resource];
	if (new_lim) {
		if (new_lim->rlim_cur > new_lim->rlim_max)
			return -EINVAL;
		if (new_lim->rlim_max > lim->rlim_max &&
		    proc_current()->euid != 0)
			return -EPERM;
	}
	if (old)
		*old = *lim;
	if (new_lim)
		*lim = *new_lim;
	return 0;
}

long sys_getrlimit(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct rlimit old;
	long err = do_prlimit(proc_current(), (unsigned)a0, NULL, &old);
	if (err)
		return err;
	return copy_to_user(a1, &old, sizeof(old));
}

long sys_setrlimit(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct rlimit lim;
	if (copy_from_user(&lim, a1, sizeof(lim)))
		return -EFAULT;
	return do_prlimit(proc_current(), (unsigned)a0, &lim, NULL);
}

long sys_prlimit64(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_4;
	struct proc *self = proc_current(), *target = self;
	int pid = (int)a0;
	if (pid < 0)
		return -EINVAL;
	if (pid != 0) {
		target = proc_by_pid(pid);
		if (!target || target->state == PROC_ZOMBIE)
			return -ESRCH;
	}
	/* Linux: only root, or a process with the same real, effective and
	 * saved uid as all of the target's. */
	if (target != self && self->euid != 0 &&
	    (target->uid != self->uid || target->euid != self->uid ||
	     target->suid != self->uid))
		return -EPERM;
	struct rlimit lim, old;
	if (a2 && copy_from_user(&lim, a2, sizeof(lim)))
		return -EFAULT;
	long err = do_prlimit(target, (unsigned)a1, a2 ? &lim : NULL, &old);
	if (err)
		return err;
	if (a3 && copy_to_user(a3, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
