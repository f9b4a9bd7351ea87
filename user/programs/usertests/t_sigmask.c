/*
 * t_sigmask.c - blocking signals, sigaction's rules, SA_RESETHAND and
 * SA_NODEFER.
 */
#include "ut.h"

static volatile int handled, depth, max_depth;

static void count_signal(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)info, (void)uc;
	handled++;
}

static sigset_t one_signal(int sig)
{
	sigset_t set = 0;

	sigaddset(&set, sig);
	return set;
}

int test_sigprocmask(void)
{
	sigset_t term = one_signal(SIGTERM), old = 1, now;

	CHECK_EQ(install_handler(SIGTERM, count_signal, 0), 0);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &term, &old), 0);
	CHECK(old == 0, "initial mask 0x%lx", old);

	/* Blocked: stays pending, and two sends make one pending signal. */
	CHECK_EQ(raise(SIGTERM), 0);
	CHECK_EQ(raise(SIGTERM), 0);
	CHECK(handled == 0, "blocked SIGTERM was delivered");
	CHECK_EQ(sigprocmask(SIG_BLOCK, NULL, &now), 0);
	CHECK(now == term, "mask 0x%lx", now);

	/* Unblocking delivers it before sigprocmask returns. */
	CHECK_EQ(sigprocmask(SIG_UNBLOCK, &term, &old), 0);
	CHECK(old == term, "old mask 0x%lx", old);
	CHECK(handled == 1, "after unblocking: %d deliveries, expected 1",
	      handled);

	/* SIGKILL and SIGSTOP can't be blocked; asking is silently ignored. */
	sigset_t all = ~0ULL;

	CHECK_EQ(sigprocmask(SIG_SETMASK, &all, NULL), 0);
	CHECK_EQ(sigprocmask(SIG_SETMASK, NULL, &now), 0);
	CHECK(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP),
	      "SIGKILL/SIGSTOP blocked: mask 0x%lx", now);
	CHECK(sigismember(&now, SIGTERM), "mask 0x%lx", now);
	sigemptyset(&now);
	CHECK_EQ(sigprocmask(SIG_SETMASK, &now, NULL), 0);

	CHECK_EQ(sigprocmask(99, &term, NULL), -EINVAL);
	CHECK_EQ(sys_rt_sigprocmask(SIG_BLOCK, &term, NULL, 4), -EINVAL);
	CHECK_EQ(sigprocmask(SIG_BLOCK, (void *)0xffffffff80000000UL, NULL),
		 -EFAULT);
	return T_OK;
}

static void nothing(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)info, (void)uc;
}

int test_sigaction_errors(void)
{
	struct sigaction sa = {.sa_sigaction = nothing,
			       .sa_flags = SA_SIGINFO | SA_RESTORER,
			       .sa_restorer = pc_sigreturn,
			       .sa_mask = one_signal(SIGUSR2)};
	struct sigaction old;

	CHECK_EQ(sigaction(SIGKILL, &sa, NULL), -EINVAL);
	CHECK_EQ(sigaction(SIGSTOP, &sa, NULL), -EINVAL);
	CHECK_EQ(sigaction(0, &sa, NULL), -EINVAL);
	CHECK_EQ(sigaction(NSIG + 1, &sa, NULL), -EINVAL);
	CHECK_EQ(sys_rt_sigaction(SIGUSR1, &sa, NULL, 4), -EINVAL);
	/* Raw call: sigaction() itself would read the bad pointer. */
	CHECK_EQ(sys_rt_sigaction(SIGUSR1, (void *)0xffffffff80000000UL, NULL,
				  sizeof(sigset_t)),
		 -EFAULT);
	CHECK_EQ(sigaction(SIGUSR1, NULL, (void *)0xffffffff80000000UL),
		 -EFAULT);
	/* Asking about SIGKILL is fine; changing it is not. */
	CHECK_EQ(sigaction(SIGKILL, NULL, &old), 0);
	CHECK(old.sa_handler == SIG_DFL, "SIGKILL has a handler");

	/* What goes in comes back out. */
	CHECK_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
	CHECK_EQ(sigaction(SIGUSR1, NULL, &old), 0);
	CHECK(old.sa_sigaction == nothing, "handler %p",
	      (void *)old.sa_handler);
	CHECK_EQ(old.sa_flags, SA_SIGINFO | SA_RESTORER);
	CHECK(old.sa_restorer == pc_sigreturn, "restorer %p",
	      (void *)old.sa_restorer);
	CHECK(old.sa_mask == sa.sa_mask, "sa_mask 0x%lx", old.sa_mask);

	/* An ignored signal does nothing at all. */
	struct sigaction ign = {.sa_handler = SIG_IGN};

	CHECK_EQ(sigaction(SIGUSR1, &ign, NULL), 0);
	CHECK_EQ(raise(SIGUSR1), 0);
	return T_OK;
}

static int raise_usr1(long unused)
{
	(void)unused;
	raise(SIGUSR1);
	return 0; /* SIGUSR1's default action should have killed us */
}

/* SA_RESETHAND: the handler runs once, then the default action is back. */
int test_sa_resethand(void)
{
	struct sigaction now;

	CHECK_EQ(install_handler(SIGUSR1, count_signal, SA_RESETHAND), 0);
	CHECK_EQ(raise(SIGUSR1), 0);
	CHECK(handled == 1, "handler ran %d times", handled);
	CHECK_EQ(sigaction(SIGUSR1, NULL, &now), 0);
	CHECK(now.sa_handler == SIG_DFL, "handler still installed");

	/* A child inherits the reset action and dies of the next one. */
	long status = reap(spawn(raise_usr1, 0));

	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1,
	      "second SIGUSR1: child %s", describe_status(status));
	CHECK(handled == 1, "handler ran %d times", handled);
	return T_OK;
}

static void nest_once(int sig, siginfo_t *info, void *uc)
{
	(void)info, (void)uc;
	handled++;
	if (++depth > max_depth)
		max_depth = depth;
	if (handled == 1)
		raise(sig);
	depth--;
}

/*
 * The handler raises its own signal once.  With SA_NODEFER it re-enters
 * at once (depth 2); without, the signal is blocked during the handler
 * and delivered after sigreturn unblocks it (depth 1, still 2 calls).
 */
static int nesting_depth(unsigned long flags)
{
	handled = depth = max_depth = 0;
	if (install_handler(SIGUSR2, nest_once, flags) < 0)
		return -1;
	raise(SIGUSR2);
	return handled == 2 ? max_depth : -handled;
}

int test_sa_nodefer(void)
{
	int d = nesting_depth(SA_NODEFER);

	CHECK(d == 2, "with SA_NODEFER: depth %d (negative: -calls)", d);
	d = nesting_depth(0);
	CHECK(d == 1, "without SA_NODEFER: depth %d (negative: -calls)", d);
	return T_OK;
}
