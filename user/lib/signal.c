/*
 * signal.c - the convenience forms of the signal calls.
 */
#include <signal.h>
#include <unistd.h>

/*
 * x86-64 has no default way back from a handler: the kernel needs
 * SA_RESTORER and an address to use as the handler's return address.
 * Filling that in here is what every libc does, so callers can't forget.
 */
long sigaction(int sig, const struct sigaction *act, struct sigaction *oldact)
{
	struct sigaction copy;

	if (act != NULL && !(act->sa_flags & SA_RESTORER)) {
		copy = *act;
		copy.sa_flags |= SA_RESTORER;
		copy.sa_restorer = pc_sigreturn;
		act = &copy;
	}
	return sys_rt_sigaction(sig, act, oldact, sizeof(sigset_t));
}

long sigprocmask(int how, const sigset_t *set, sigset_t *oldset)
{
	return sys_rt_sigprocmask(how, set, oldset, sizeof(sigset_t));
}

/* A signal to ourselves is delivered before tkill returns (unless it is
 * blocked), so the handler has run by the time raise() returns.  tkill,
 * aimed at our own thread, is what the C libraries use. */
long raise(int sig)
{
	return sys_tkill((pid_t)sys_gettid(), sig);
}
