/*
 * t_limits.c - the process table cannot be filled for root (issue 14):
 * exited orphans are freed at once even while the CPU is busy, and a
 * per-user process limit (RLIMIT_NPROC) with getrlimit, setrlimit and
 * prlimit64.
 */
#include <sys/resource.h>

#include "ut.h"

static int sleep_then_exit(long ms)
{
	sleep_ms(ms);
	return 0;
}

/* Forks n children that exit after a moment, and exits at once: they
 * become orphans.  Exit status: how many forks failed. */
static int make_orphans(long n)
{
	int failed = 0;
	for (long i = 0; i < n; i++)
		if (spawn(sleep_then_exit, 20) < 0)
			failed++;
	return failed;
}

static int exit_zero(long unused)
{
	(void)unused;
	return 0;
}

/* Issue 14, finding 3: with one process spinning the CPU never idles, and
 * exited orphans used to wait for the idle loop: 60 of them filled the
 * table and every fork failed.  200 orphans here. */
int test_orphans_reaped(void)
{
	long before = sys_pc_free_frames();
	long spinner = spawn(spin_forever, 0);
	CHECK(spinner > 0, "spawn: error %ld", -spinner);
	long hb = heartbeat_start();
	CHECK(hb > 0, "heartbeat: error %ld", -hb);

	for (int round = 0; round < 5; round++) {
		long status = reap(spawn(make_orphans, 40));
		CHECK(status == 0, "round %d: %s forks failed", round,
		      describe_status(status));
		sleep_ms(100); /* they exit, as orphans, while we sleep */
	}
	for (int i = 0; i < 40; i++) {
		long pid = spawn(exit_zero, 0);
		CHECK(pid > 0, "fork %d failed with %ld", i, pid);
		CHECK_EQ(reap(pid), 0);
	}
	long gap = heartbeat_stop(hb);
	sys_kill((pid_t)spinner, SIGKILL);
	CHECK_EQ(reap(spinner), SIGKILL);
	CHECK(gap >= 0 && gap <= HEARTBEAT_MAX_MS, "heartbeat gap %ld ms", gap);
	if (on_portcullis) {
		long after = settled_free_frames(before);
		CHECK(after == before, "%ld frames before, %ld after", before,
		      after);
	}
	return T_OK;
}

/* As uid 1000: fork children that live a moment until fork fails.
 * Exit status: the number forked, 255 when the error was not EAGAIN. */
static int user_bomb(long limit)
{
	if (sys_setuid(1000) != 0)
		return 254;
	if (limit) {
		struct rlimit lim = {(uint64_t)limit, (uint64_t)limit};
		if (sys_setrlimit(RLIMIT_NPROC, &lim) != 0)
			return 253;
	}
	int n = 0;
	for (;;) {
		long pid = spawn(sleep_then_exit, 500);
		if (pid < 0)
			return pid == -EAGAIN ? n : 255;
		if (++n >= 250)
			return 252;
	}
}

int test_nproc_limit(void)
{
	long before = sys_pc_free_frames();
	/* The default: half the table; root's forks still work during it. */
	long status = reap(spawn(user_bomb, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) < 250 &&
		  WEXITSTATUS(status) >= 8,
	      "uid 1000 bomb: %s", describe_status(status));
	long bombed = WEXITSTATUS(status);
	for (int i = 0; i < 6; i++) {
		long pid = spawn(exit_zero, 0);
		CHECK(pid > 0,
		      "root's fork %d failed with %ld while uid 1000 "
		      "held %ld processes",
		      i, pid, bombed);
		CHECK_EQ(reap(pid), 0);
	}
	sleep_ms(700); /* the bomb's children exit, as orphans */
	/* A limit of 3: the bomber itself and two children. */
	status = reap(spawn(user_bomb, 3));
	CHECK(status == 2 << 8, "limit 3: %s", describe_status(status));
	sleep_ms(700);
	printf("  (uid 1000 got %ld processes under the default limit)\n",
	       bombed);
	if (on_portcullis) {
		long after = settled_free_frames(before);
		CHECK(after == before, "%ld frames before, %ld after", before,
		      after);
	}
	return T_OK;
}

static int unprivileged_rlimits(long unused)
{
	(void)unused;
	struct rlimit lim;
	if (sys_setuid(1000))
		return 1;
	if (sys_getrlimit(RLIMIT_NPROC, &lim) || lim.rlim_cur > lim.rlim_max)
		return 2;
	struct rlimit higher = {lim.rlim_max + 1, lim.rlim_max + 1};
	if (sys_setrlimit(RLIMIT_NPROC, &higher) != -EPERM)
		return 3;
	/* Lowering is allowed, raising back to the hard limit too. */
	struct rlimit lower = {1, lim.rlim_max};
	if (sys_setrlimit(RLIMIT_NPROC, &lower) || sys_fork() != -EAGAIN)
		return 4;
	if (sys_setrlimit(RLIMIT_NPROC, &lim))
		return 5;
	/* Another user's process: EPERM (pid 1 is root's). */
	if (sys_prlimit64(1, RLIMIT_NPROC, NULL, &lim) != -EPERM)
		return 6;
	return 0;
}

int test_rlimit_calls(void)
{
	struct rlimit lim, old;

	CHECK_EQ(sys_getrlimit(RLIMIT_STACK, &lim), 0);
	CHECK(lim.rlim_cur >= 128 * 1024 && lim.rlim_cur <= lim.rlim_max,
	      "stack limit %lu/%lu", (unsigned long)lim.rlim_cur,
	      (unsigned long)lim.rlim_max);
	CHECK_EQ(sys_getrlimit(RLIMIT_NOFILE, &lim), 0);
	CHECK(lim.rlim_cur >= 3, "nofile %lu", (unsigned long)lim.rlim_cur);
	CHECK_EQ(sys_getrlimit(99, &lim), -EINVAL);
	CHECK_EQ(sys_getrlimit(RLIMIT_NPROC, (struct rlimit *)8), -EFAULT);
	CHECK_EQ(sys_getrlimit(RLIMIT_NPROC, &lim), 0);
	struct rlimit bad = {10, 5};
	CHECK_EQ(sys_setrlimit(RLIMIT_NPROC, &bad), -EINVAL);
	CHECK_EQ(sys_setrlimit(RLIMIT_NPROC, (struct rlimit *)8), -EFAULT);
	/* prlimit64 sets and returns the old value in one call. */
	struct rlimit mine = {lim.rlim_cur - 1, lim.rlim_max};
	CHECK_EQ(sys_prlimit64(0, RLIMIT_NPROC, &mine, &old), 0);
	CHECK_EQ(old.rlim_cur, lim.rlim_cur);
	CHECK_EQ(sys_prlimit64((pid_t)sys_getpid(), RLIMIT_NPROC, NULL, &old),
		 0);
	CHECK_EQ(old.rlim_cur, lim.rlim_cur - 1);
	CHECK_EQ(sys_prlimit64(99999, RLIMIT_NPROC, NULL, &old), -ESRCH);
	/* Inherited by fork. */
	long pid = sys_fork();
	if (pid == 0) {
		struct rlimit c;
		sys_exit_group(sys_getrlimit(RLIMIT_NPROC, &c) == 0 &&
				       c.rlim_cur == lim.rlim_cur - 1
				   ? 0
				   : 1);
	}
	CHECK_EQ(reap(pid), 0);
	long status = reap(spawn(unprivileged_rlimits, 0));
	CHECK(status == 0, "as uid 1000: %s", describe_status(status));
	return T_OK;
}
