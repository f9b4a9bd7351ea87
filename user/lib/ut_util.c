/*
 * util.c - small helpers shared by the tests.
 */
#include <string.h>

#include "ut.h"

int64_t now_ns(void)
{
	struct timespec ts;

	if (sys_clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return -1;
	return timespec_to_ns(&ts);
}

void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000,
			      .tv_nsec = (ms % 1000) * 1000000};

	sys_nanosleep(&ts, NULL);
}

long spawn(int (*fn)(long arg), long arg)
{
	long pid = sys_fork();

	if (pid == 0)
		sys_exit_group(fn(arg));
	return pid;
}

long reap(long pid)
{
	int status = 0;
	long r = sys_wait4((pid_t)pid, &status, 0, NULL);

	if (r < 0)
		return r;
	if (r != pid)
		return -ECHILD; /* can't happen: we asked for exactly pid */
	return status;
}

const char *describe_status(long status)
{
	static char buf[48];

	if (status < 0)
		snprintf(buf, sizeof(buf), "wait4 error %ld", -status);
	else if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exit %ld", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "signal %ld", WTERMSIG(status));
	else
		snprintf(buf, sizeof(buf), "status 0x%lx", status);
	return buf;
}

long install_handler(int sig, void (*fn)(int, siginfo_t *, void *),
		     unsigned long flags)
{
	struct sigaction sa = {.sa_sigaction = fn,
			       .sa_flags = SA_SIGINFO | flags};

	return sigaction(sig, &sa, NULL);
}

long default_action(int sig)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};

	return sigaction(sig, &sa, NULL);
}

/* The return statements are never reached; they keep -Wreturn-type quiet. */
int sleep_forever(long unused)
{
	(void)unused;
	for (;;)
		sleep_ms(1000);
	return 0;
}

/* No system calls at all: only a timer interrupt can stop this. */
int spin_forever(long unused)
{
	(void)unused;
	for (;;)
		__asm__ volatile("" ::: "memory");
	return 0;
}

static volatile int heartbeat_stopping;

static void heartbeat_on_term(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)info, (void)uc;
	heartbeat_stopping = 1;
}

static int heartbeat_body(long unused)
{
	(void)unused;
	install_handler(SIGTERM, heartbeat_on_term, 0);
	int64_t last = now_ns(), longest = 0;
	while (!heartbeat_stopping) {
		sys_sched_yield();
		int64_t t = now_ns();
		if (t - last > longest)
			longest = t - last;
		last = t;
	}
	/* The exit status has 8 bits: 4 ms units, up to 1020 ms. */
	longest = (longest / 1000000 + 3) / 4;
	return longest > 255 ? 255 : (int)longest;
}

long heartbeat_start(void)
{
	long pid = spawn(heartbeat_body, 0);
	if (pid > 0)
		sys_sched_yield(); /* let it install its handler */
	return pid;
}

long heartbeat_stop(long pid)
{
	if (pid <= 0)
		return pid;
	sleep_ms(20); /* the handler must be in place before SIGTERM */
	sys_kill((pid_t)pid, SIGTERM);
	long status = reap(pid);
	if (status < 0)
		return status;
	if (!WIFEXITED(status))
		return -EINTR;
	return 4 * WEXITSTATUS(status);
}

long settled_free_frames(long expect)
{
	long now = sys_pc_free_frames();

	for (int i = 0; i < 100 && now != expect; i++) {
		sys_sched_yield();
		sleep_ms(10);
		now = sys_pc_free_frames();
	}
	return now;
}
