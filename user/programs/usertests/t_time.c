/*
 * t_time.c - clock_gettime and nanosleep.
 */
#include "ut.h"

int test_clock_monotonic(void)
{
	struct timespec a, b;

	CHECK_EQ(sys_clock_gettime(CLOCK_MONOTONIC, &a), 0);
	CHECK(a.tv_nsec >= 0 && a.tv_nsec < NSEC_PER_SEC, "tv_nsec %ld",
	      a.tv_nsec);
	/* Time must pass across a spell of work and some system calls. */
	for (int i = 0; i < 100; i++)
		sys_sched_yield();
	for (int i = 0; i < 10 * 1000 * 1000; i++)
		__asm__ volatile("" ::: "memory");
	CHECK_EQ(sys_clock_gettime(CLOCK_MONOTONIC, &b), 0);
	CHECK(timespec_to_ns(&b) > timespec_to_ns(&a),
	      "no progress: %ld.%09ld then %ld.%09ld", a.tv_sec, a.tv_nsec,
	      b.tv_sec, b.tv_nsec);

	/* And never backwards, however often we look. */
	int64_t prev = timespec_to_ns(&b);

	for (int i = 0; i < 10000; i++) {
		int64_t t = now_ns();

		CHECK(t >= prev, "went backwards by %ld ns", (long)(prev - t));
		prev = t;
	}
	return T_OK;
}

/* Any date between 2020 and 2100 counts as plausible (QEMU's RTC holds
 * the host's time). */
int test_clock_realtime(void)
{
	struct timespec ts;

	CHECK_EQ(sys_clock_gettime(CLOCK_REALTIME, &ts), 0);
	CHECK(ts.tv_sec >= 1577836800L && ts.tv_sec < 4102444800L,
	      "implausible date: %ld seconds since 1970", ts.tv_sec);
	CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < NSEC_PER_SEC, "tv_nsec %ld",
	      ts.tv_nsec);
	return T_OK;
}

int test_clock_errors(void)
{
	struct timespec ts;

	CHECK_EQ(sys_clock_gettime(1000, &ts), -EINVAL);
	CHECK_EQ(sys_clock_gettime(CLOCK_MONOTONIC, NULL), -EFAULT);
	CHECK_EQ(
	    sys_clock_gettime(CLOCK_MONOTONIC, (void *)0xffffffff80000000UL),
	    -EFAULT);
	return T_OK;
}

int test_nanosleep(void)
{
	struct timespec req = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
	struct timespec bad_nsec = {.tv_sec = 0, .tv_nsec = NSEC_PER_SEC};
	struct timespec negative = {.tv_sec = -1, .tv_nsec = 0};
	struct timespec zero = {0, 0};
	int64_t start = now_ns();

	CHECK_EQ(sys_nanosleep(&req, NULL), 0);

	int64_t slept = now_ns() - start;

	CHECK(slept >= 50 * 1000 * 1000, "asked for 50 ms, slept %ld us",
	      (long)(slept / 1000));
	CHECK(slept < 5L * NSEC_PER_SEC, "asked for 50 ms, slept %ld ms",
	      (long)(slept / 1000000));

	CHECK_EQ(sys_nanosleep(&zero, NULL), 0);
	CHECK_EQ(sys_nanosleep(&bad_nsec, NULL), -EINVAL);
	CHECK_EQ(sys_nanosleep(&negative, NULL), -EINVAL);
	CHECK_EQ(sys_nanosleep(NULL, NULL), -EFAULT);
	return T_OK;
}

static volatile int usr1_seen;

static void count_usr1(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)info, (void)uc;
	usr1_seen++;
}

/* Exit codes: 0 interrupted correctly, 2 the signal came before the
 * sleep started (inconclusive), others say what went wrong. */
static int sleeper(long unused)
{
	struct timespec req = {.tv_sec = 20, .tv_nsec = 0}, rem = {0, 0};

	(void)unused;
	if (usr1_seen)
		return 2;

	long r = sys_nanosleep(&req, &rem);

	if (r != -EINTR)
		return 3;
	if (usr1_seen != 1)
		return 4;
	/* rem holds the unslept part: a bit under 20 s. */
	if (rem.tv_sec <= 10 || rem.tv_sec > 20)
		return 5;
	return 0;
}

/*
 * A handled signal must wake a sleeping process: nanosleep returns -EINTR
 * (even with SA_RESTART) with the remaining time in rem.  The handler is
 * installed before the fork so the child can't miss it.
 */
int test_nanosleep_eintr(void)
{
	CHECK_EQ(install_handler(SIGUSR1, count_usr1, SA_RESTART), 0);

	long pid = spawn(sleeper, 0);

	CHECK(pid > 0, "fork: %ld", pid);
	sleep_ms(200);
	CHECK_EQ(sys_kill((pid_t)pid, SIGUSR1), 0);

	long status = reap(pid);

	CHECK(status == 0,
	      "child: %s (2: signal before sleep, 3: not -EINTR,"
	      " 4: handler count, 5: bad rem)",
	      describe_status(status));
	return T_OK;
}
