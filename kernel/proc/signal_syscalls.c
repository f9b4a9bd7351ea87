/*
 * signal_syscalls.c - rt_sigaction, rt_sigprocmask, rt_sigreturn, kill,
 * tkill, tgkill, rt_sigsuspend, sigaltstack.
 *
 * These are the raw Linux x86-64 system calls, not the libc functions of
 * similar names: sigsetsize must be 8 (the kernel's sigset_t is one
 * 64-bit word, glibc's user-side one is 128 bytes), and struct sigaction
 * is the kernel's (handler, flags, restorer, mask; signal.h).
 *
 * kill(pid, sig) targets:
 *   pid > 0    that process;
 *   pid == -1  every process the caller may signal, except itself and
 *              the idle process.  Returns 0 if at least one was
 *              signalled, -EPERM if there were processes but none it may
 *              signal, -ESRCH if there were none;
 *   pid == 0 or pid < -1 (process groups) -EINVAL: Portcullis has no
 *              process groups.
 * sig 0 sends nothing and only checks existence and permission.
 *
 * Permission, as kill(2) describes it: the sender is root (euid 0), or
 * the sender's real or effective uid equals the target's real or saved
 * uid.
 */
#include "arch/x86_64/signal_frame.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall.h"

/* The signal sets a user may ask to block or catch are plain 64-bit
 * words; these two bits are stripped from every one of them. */
static uint64_t catchable(uint64_t set)
{
	return set & ~SIG_UNBLOCKABLE;
}

/* Drops a pending signal whose new action ignores it (POSIX: "Setting a
 * signal action to SIG_IGN for a signal that is pending shall cause the
 * pending signal to be discarded, whether or not it is blocked"; the same
 * for SIG_DFL when the default is to ignore). */
static void discard_if_ignored(struct proc *p, int sig)
{
	uint64_t handler = p->sig.action[sig].handler;

	if (handler == SIG_IGN ||
	    (handler == SIG_DFL && signal_default_is_ignore(sig)))
		p->sig.pending &= ~sig_bit(sig);
}

long sys_rt_sigaction(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_4;
	struct proc *p = proc_current();
	int sig = (int)a0;
	struct k_sigaction act, old;

	if (a3 != SIGSET_SIZE)
		return -EINVAL;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (a1) {
		if (copy_from_user(&act, a1, sizeof(act)))
			return -EFAULT;
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		/* sa_flags is an int in the C library: glibc widens it with
		 * sign extension, so SA_RESETHAND (bit 31) arrives with the
		 * upper 32 bits set.  Only the low 32 bits are flags. */
		act.flags = (uint32_t)act.flags;
		if (act.flags & ~(uint64_t)SA_SUPPORTED)
			return -EINVAL;
		act.mask = catchable(act.mask);
	}

	old = p->sig.action[sig];
	if (a1) {
		p->sig.action[sig] = act;
		discard_if_ignored(p, sig);
	}
	if (a2 && copy_to_user(a2, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigprocmask(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_4;
	struct proc *p = proc_current();
	int how = (int)a0;
	uint64_t old = p->sig.blocked, set;

	if (a3 != SIGSET_SIZE)
		return -EINVAL;
	if (a1) {
		if (copy_from_user(&set, a1, sizeof(set)))
			return -EFAULT;
		set = catchable(set);
		switch (how) {
		case SIG_BLOCK:
			p->sig.blocked |= set;
			break;
		case SIG_UNBLOCK:
			p->sig.blocked &= ~set;
			break;
		case SIG_SETMASK:
			p->sig.blocked = set;
			break;
		default:
			return -EINVAL;
		}
	}
	/* Signals unblocked just now are delivered on the way out of this
	 * call, before the next user instruction, as POSIX requires. */
	if (a2 && copy_to_user(a2, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigreturn(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;

	/* Restores the registers, the FPU and the mask, or kills the process
	 * if the frame is unreadable.  The dispatcher stores the result in
	 * rax again: it is the restored rax. */
	return arch_signal_return(syscall_frame());
}

static bool may_signal(const struct proc *from, const struct proc *to)
{
	return from->euid == 0 || from->euid == to->uid ||
	       from->euid == to->suid || from->uid == to->uid ||
	       from->uid == to->suid;
}

/* A process that can receive signals: not a slot being built by fork, not
 * a free one. */
static bool is_live(const struct proc *p)
{
	return p->state != PROC_UNUSED && p->state != PROC_EMBRYO;
}

static long kill_one(struct proc *self, int pid, int sig)
{
	struct proc *target = proc_by_pid(pid);

	if (!target || !is_live(target))
		return -ESRCH;
	if (!may_signal(self, target))
		return -EPERM;
	/* A zombie exists until it is reaped, so kill() succeeds, but it
	 * has nothing left to act on a signal (signal_send drops it). */
	if (sig)
		signal_send(target, sig, self->pid);
	return 0;
}

static long kill_all(struct proc *self, int sig)
{
	bool found = false, sent = false;

	for (int i = 1; i < NPROC; i++) { /* slot 0 is the idle process */
		struct proc *p = proc_table_slot(i);
		if (p == self || !is_live(p) || p->state == PROC_ZOMBIE)
			continue;
		found = true;
		if (!may_signal(self, p))
			continue;
		sent = true;
		if (sig)
			signal_send(p, sig, self->pid);
	}
	return sent ? 0 : found ? -EPERM : -ESRCH;
}

long sys_kill(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct proc *self = proc_current();
	int pid = (int)a0, sig = (int)a1;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0)
		return kill_one(self, pid, sig);
	if (pid == -1)
		return kill_all(self, sig);
	return -EINVAL;
}

/* tkill(tid, sig) and tgkill(tgid, tid, sig): kill aimed at one thread.
 * Every process has one thread whose id is the pid, so a tid is a pid,
 * and tgkill's tgid must be that same pid (a thread of another group does
 * not exist: -ESRCH).  Ids <= 0 name no thread: -EINVAL.  raise() in both
 * C libraries is tkill/tgkill on the caller itself. */
long sys_tkill(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	int tid = (int)a0, sig = (int)a1;

	if (tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	return kill_one(proc_current(), tid, sig);
}

long sys_tgkill(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	int tgid = (int)a0, tid = (int)a1, sig = (int)a2;

	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > NSIG)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;
	return kill_one(proc_current(), tid, sig);
}

/* rt_sigsuspend(mask, sigsetsize): wait with mask as the blocked set
 * until a signal is acted on.  Always -EINTR.  The old mask comes back
 * when the handler returns (it is the one saved in its frame), or at once
 * if the signal was one that kills. */
long sys_rt_sigsuspend(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct proc *p = proc_current();
	uint64_t mask;

	if (a1 != SIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(&mask, a0, sizeof(mask)))
		return -EFAULT;
	p->sig.saved_blocked = p->sig.blocked;
	p->sig.restore_blocked = true;
	p->sig.blocked = catchable(mask);
	/* signal_send wakes a sleeper for any signal it will act on. */
	while (!signal_has_deliverable(p))
		sched_sleep(&p->sig);
	return -EINTR;
}

/* The user's stack_t (Linux x86-64: pointer, int flags, size). */
struct k_stack {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
};

#define MINSIGSTKSZ 2048

/* sigaltstack(ss, old_ss): old_ss receives the settings as they were;
 * ss (if given) replaces them.  Rules (sigaltstack(2)): no change while
 * running on the alternate stack (-EPERM); flags 0 (or SS_ONSTACK, which
 * Linux accepts as 0) or SS_DISABLE, anything else -EINVAL; a stack
 * smaller than MINSIGSTKSZ is -ENOMEM. */
long sys_sigaltstack(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct proc_signals *s = &proc_current()->sig;
	uint64_t user_sp = arch_user_sp(syscall_frame());
	bool on_alt = signal_on_altstack(s, user_sp);
	struct k_stack old = {s->altstack_sp, 0, 0, s->altstack_size};

	old.ss_flags = !s->altstack_size ? SS_DISABLE : on_alt ? SS_ONSTACK : 0;
	if (a0) {
		struct k_stack ss;
		if (copy_from_user(&ss, a0, sizeof(ss)))
			return -EFAULT;
		if (on_alt)
			return -EPERM;
		if (ss.ss_flags != 0 && ss.ss_flags != SS_ONSTACK &&
		    ss.ss_flags != SS_DISABLE)
			return -EINVAL;
		if (ss.ss_flags == SS_DISABLE) {
			s->altstack_sp = s->altstack_size = 0;
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			if (!user_range_ok(ss.ss_sp, ss.ss_size))
				return -EFAULT;
			s->altstack_sp = ss.ss_sp;
			s->altstack_size = ss.ss_size;
		}
	}
	if (a1 && copy_to_user(a1, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
