/*
 * signal.c - making signals pending, and acting on them.
 *
 * A signal is two steps apart in time.  Sending only sets a bit in the
 * target's pending set (and wakes it if it sleeps, so that a blocking
 * system call can return -EINTR).  Acting on it happens later, in the
 * target itself, on its way back to ring 3 (proc_return_to_user_work calls
 * signal_deliver_pending): only there are its user registers complete and
 * its address space live, which running a handler needs.
 *
 * What is acted on: a pending signal that is not blocked.  Its action is
 *   SIG_IGN      drop it;
 *   SIG_DFL      drop it for SIGCHLD, SIGURG, SIGWINCH and SIGCONT, and
 *                otherwise terminate the process, with the signal number
 *                as its wait status and one line in the log, the kill
 *                report (docs/kill-report.md);
 *   a handler    build a signal frame on the user stack and resume there
 *                (arch/x86_64/signal_frame.c), with the action's mask and
 *                (unless SA_NODEFER) the signal itself blocked meanwhile.
 * There is no job control, so SIGSTOP and the other stop signals have no
 * stop to do: their default action terminates.
 *
 * Standard signals do not queue: a signal sent while the same one is
 * pending merges into it, and the first sender is the one recorded.
 *
 * Invariant: SIG_UNBLOCKABLE (SIGKILL, SIGSTOP) is never in a blocked set,
 * and their actions stay SIG_DFL.  Every path that writes blocked or an
 * action (here and in signal_syscalls.c) enforces it.
 */
#include "arch/x86_64/signal_frame.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"

static const char *const signal_names[32] = {
    [SIGHUP] = "SIGHUP",     [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT",
    [SIGILL] = "SIGILL",     [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
    [SIGBUS] = "SIGBUS",     [SIGFPE] = "SIGFPE",   [SIGKILL] = "SIGKILL",
    [SIGUSR1] = "SIGUSR1",   [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE",   [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
    [16] = "SIGSTKFLT",	     [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
    [SIGSTOP] = "SIGSTOP",   [20] = "SIGTSTP",	    [21] = "SIGTTIN",
    [22] = "SIGTTOU",	     [SIGURG] = "SIGURG",   [24] = "SIGXCPU",
    [25] = "SIGXFSZ",	     [26] = "SIGVTALRM",    [27] = "SIGPROF",
    [SIGWINCH] = "SIGWINCH", [29] = "SIGIO",	    [30] = "SIGPWR",
    [31] = "SIGSYS",
};

const char *signal_name(int signo, char buf[SIGNAME_MAX])
{
	if (signo > 0 && signo < 32)
		return signal_names[signo];
	/* The real-time signals have numbers, not names. */
	ksnprintf(buf, SIGNAME_MAX, "SIG%d", signo);
	return buf;
}

bool signal_default_is_ignore(int signo)
{
	return signo == SIGCHLD || signo == SIGURG || signo == SIGWINCH ||
	       signo == SIGCONT;
}

/* A signal that would be dropped at delivery anyway.  Blocked signals are
 * never "ignored": the action may change before they are unblocked. */
static bool signal_ignored(const struct proc *p, int signo)
{
	uint64_t handler = p->sig.action[signo].handler;

	if (p->sig.blocked & sig_bit(signo))
		return false;
	return handler == SIG_IGN ||
	       (handler == SIG_DFL && signal_default_is_ignore(signo));
}

static uint64_t deliverable_set(const struct proc_signals *s)
{
	return s->pending & ~(s->blocked & ~SIG_UNBLOCKABLE);
}

bool signal_has_deliverable(const struct proc *p)
{
	return deliverable_set(&p->sig) != 0;
}

void signal_send(struct proc *p, int signo, int sender_pid)
{
	struct proc_signals *s = &p->sig;

	if (signo < 1 || signo > NSIG)
		panic("signal %d does not exist", signo);
	if (p->state == PROC_UNUSED || p->state == PROC_ZOMBIE)
		return; /* nobody left to act on it */
	if (signal_ignored(p, signo))
		return; /* POSIX lets us discard it right away */

	if (!(s->pending & sig_bit(signo))) {
		struct proc *sender = proc_by_pid(sender_pid);
		s->sender_pid[signo] = sender_pid;
		s->sender_uid[signo] = sender ? sender->uid : 0;
	}
	s->pending |= sig_bit(signo);

	/* A sleeper wakes only for a signal it will act on; its sleep loop
	 * checks signal_has_deliverable and returns -EINTR. */
	if (p->state == PROC_SLEEPING && (deliverable_set(s) & sig_bit(signo)))
		sched_make_runnable(p);
	/* Running on another CPU: interrupt it, so it acts on the signal
	 * now and not at its next tick. */
	sched_kick(p);
}

void signal_from_fault(const struct fault_info *fi)
{
	struct proc *p = proc_current();
	struct proc_signals *s = &p->sig;
	int signo = fi->signo;

	/* Returning to the faulting instruction without running a handler
	 * would fault again forever.  So, like Linux, a blocked or ignored
	 * fault signal gets its default action back, and is unblocked. */
	if ((s->blocked & sig_bit(signo)) ||
	    s->action[signo].handler == SIG_IGN) {
		memset(&s->action[signo], 0, sizeof(s->action[signo]));
		s->blocked &= ~sig_bit(signo);
	}
	s->fault = *fi;
	s->fault.desc[FAULT_DESC_MAX - 1] = '\0';
	s->fault_pending = true;
	s->pending |= sig_bit(signo);
	s->sender_pid[signo] = 0;
	s->sender_uid[signo] = 0;
}

static void __attribute__((noreturn))
die(struct proc *p, int signo, const char *detail)
{
	char buf[SIGNAME_MAX];

	printk("killed: pid %d (%s) %s: %s\n", p->pid, p->name,
	       signal_name(signo, buf), detail);
	proc_exit(signo); /* Linux's wait status for "killed by signo" */
}

void signal_fatal(int signo, const char *reason)
{
	die(proc_current(), signo, reason);
}

/* The default action "terminate", with the report saying why. */
static void __attribute__((noreturn))
die_of(struct proc *p, int signo, bool from_fault)
{
	char detail[32];

	if (from_fault)
		die(p, signo,
		    p->sig.fault.desc[0] ? p->sig.fault.desc : "CPU exception");
	if (p->sig.sender_pid[signo] > 0) {
		ksnprintf(detail, sizeof(detail), "sent by pid %d",
			  p->sig.sender_pid[signo]);
		die(p, signo, detail);
	}
	die(p, signo, "sent by the kernel");
}

/* Which deliverable signal goes first: SIGKILL (nothing else matters
 * then), then a fault (the instruction cannot continue without it), then
 * the lowest number.  0 when none is deliverable. */
static int next_signal(const struct proc_signals *s)
{
	uint64_t set = deliverable_set(s);

	if (!set)
		return 0;
	if (set & sig_bit(SIGKILL))
		return SIGKILL;
	if (s->fault_pending && (set & sig_bit(s->fault.signo)))
		return s->fault.signo;
	for (int signo = 1; signo <= NSIG; signo++)
		if (set & sig_bit(signo))
			return signo;
	return 0;
}

void signal_deliver_pending(struct trap_frame *tf)
{
	struct proc *p = proc_current();
	struct proc_signals *s = &p->sig;
	int signo;

	if (p->pid == 0)
		return; /* the idle process never runs in ring 3 */

	/* Each pass consumes one pending bit, so this ends. */
	while ((signo = next_signal(s)) != 0) {
		bool from_fault = s->fault_pending && s->fault.signo == signo;
		struct k_sigaction *act = &s->action[signo];

		s->pending &= ~sig_bit(signo);
		if (from_fault)
			s->fault_pending = false; /* s->fault stays readable */

		if (act->handler == SIG_IGN)
			continue;
		if (act->handler == SIG_DFL) {
			if (signal_default_is_ignore(signo))
				continue;
			die_of(p, signo, from_fault);
		}

		struct k_sigaction ka = *act;
		if (ka.flags & SA_RESETHAND)
			memset(act, 0, sizeof(*act));
		/* After rt_sigsuspend, the handler returns to the mask from
		 * before the call, not to the one it waited with. */
		uint64_t return_mask = s->blocked;
		if (s->restore_blocked) {
			return_mask = s->saved_blocked;
			s->restore_blocked = false;
		}
		/* Returns only when the handler is set up (a stack that
		 * cannot take the frame kills the process). */
		arch_signal_setup_frame(
		    tf, signo, &ka, from_fault ? &s->fault : NULL,
		    s->sender_pid[signo], s->sender_uid[signo], return_mask);
		s->blocked |= ka.mask;
		if (!(ka.flags & SA_NODEFER))
			s->blocked |= sig_bit(signo);
		s->blocked &= ~SIG_UNBLOCKABLE;
	}
	if (s->restore_blocked) { /* no handler ran: back to the old mask */
		s->blocked = s->saved_blocked;
		s->restore_blocked = false;
	}
}

void signal_fork(struct proc *child, const struct proc *parent)
{
	memset(&child->sig, 0, sizeof(child->sig));
	memcpy(child->sig.action, parent->sig.action,
	       sizeof(child->sig.action));
	child->sig.blocked = parent->sig.blocked;
	child->sig.altstack_sp = parent->sig.altstack_sp;
	child->sig.altstack_size = parent->sig.altstack_size;
}

void signal_exec(struct proc *p)
{
	/* The old program's handlers are addresses in an image that is
	 * gone; "ignore" still means something, so it survives (that is how
	 * nohup works).  Pending signals and the mask survive too (POSIX). */
	for (int signo = 1; signo <= NSIG; signo++) {
		struct k_sigaction *act = &p->sig.action[signo];
		bool ignored = act->handler == SIG_IGN;
		memset(act, 0, sizeof(*act));
		if (ignored)
			act->handler = SIG_IGN;
	}
	p->sig.fault_pending = false;
	memset(&p->sig.fault, 0, sizeof(p->sig.fault));
	/* The alternate stack was memory of the old image. */
	p->sig.altstack_sp = p->sig.altstack_size = 0;
}
