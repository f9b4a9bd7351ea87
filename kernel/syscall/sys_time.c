/*
 * sys_time.c - clocks and sleeping: clock_gettime, clock_getres, time,
 * gettimeofday, nanosleep, clock_nanosleep.
 *
 * CLOCK_MONOTONIC is the time since the timer started: whole ticks plus
 * the fraction of the current tick measured with the TSC (arch).
 * CLOCK_REALTIME adds the wall-clock time read from the CMOS RTC at boot.
 * CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID (the same thing: a
 * process has one thread) are the time the process spent running, which
 * the scheduler measures at every context switch (sched_cpu_time_ns).
 *
 * There is no vDSO: the C libraries fall back to these system calls.
 *
 * Sleeping is by ticks: a sleeper wakes at the first tick at or after its
 * deadline, so it never wakes early, and late by at most one tick.  While
 * it sleeps, other processes run.
 */
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define CLOCK_REALTIME		 0
#define CLOCK_MONOTONIC		 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	 3
#define CLOCK_MONOTONIC_RAW	 4
#define CLOCK_REALTIME_COARSE	 5
#define CLOCK_MONOTONIC_COARSE	 6
#define CLOCK_BOOTTIME		 7
#define TIMER_ABSTIME		 1
#define NSEC_PER_SEC		 1000000000ull
#define NSEC_PER_USEC		 1000ull

struct k_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct k_timeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct k_timezone {
	int32_t tz_minuteswest;
	int32_t tz_dsttime;
};

static uint64_t realtime_offset_ns(void)
{
	return arch_boot_epoch_seconds() * NSEC_PER_SEC;
}

/* The clock's reading in ns, or -EINVAL for a clock we do not have
 * (including the negative ids of clock_getcpuclockid). */
static int clock_read_ns(uint64_t clock, uint64_t *ns)
{
	switch (clock) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = arch_monotonic_ns();
		return 0;
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = realtime_offset_ns() + arch_monotonic_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = sched_cpu_time_ns(proc_current());
		return 0;
	default:
		return -EINVAL;
	}
}

static struct k_timespec ns_to_timespec(uint64_t ns)
{
	struct k_timespec ts = {(int64_t)(ns / NSEC_PER_SEC),
				(int64_t)(ns % NSEC_PER_SEC)};
	return ts;
}

long sys_clock_gettime(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	uint64_t ns;
	int err = clock_read_ns(a0, &ns);
	if (err)
		return err;
	struct k_timespec ts = ns_to_timespec(ns);
	return copy_to_user(a1, &ts, sizeof(ts));
}

/* Every clock counts in ns; the tick only limits how precisely a sleep
 * ends, which is not what clock_getres reports (Linux says 1 ns for its
 * high-resolution clocks too). */
long sys_clock_getres(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	uint64_t ns;
	int err = clock_read_ns(a0, &ns);
	if (err)
		return err;
	struct k_timespec res = {0, 1};
	return a1 ? copy_to_user(a1, &res, sizeof(res)) : 0;
}

long sys_time(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	int64_t sec = (int64_t)((realtime_offset_ns() + arch_monotonic_ns()) /
				NSEC_PER_SEC);
	if (a0 && copy_to_user(a0, &sec, sizeof(sec)))
		return -EFAULT;
	return sec;
}

long sys_gettimeofday(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	uint64_t ns = realtime_offset_ns() + arch_monotonic_ns();
	struct k_timeval tv = {(int64_t)(ns / NSEC_PER_SEC),
			       (int64_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC)};
	/* The kernel keeps no time zone: UTC, no daylight saving. */
	struct k_timezone tz = {0, 0};
	if (a0 && copy_to_user(a0, &tv, sizeof(tv)))
		return -EFAULT;
	if (a1 && copy_to_user(a1, &tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}

static int timespec_from_user(struct k_timespec *ts, uint64_t user)
{
	if (copy_from_user(ts, user, sizeof(*ts)))
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
	    (uint64_t)ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	return 0;
}

/* ns from a timespec, saturating far beyond any sleep anyone waits for
 * (instead of wrapping to a short one). */
static uint64_t timespec_ns(const struct k_timespec *ts)
{
	const uint64_t max_sec = (UINT64_MAX / 2) / NSEC_PER_SEC;
	if ((uint64_t)ts->tv_sec > max_sec)
		return max_sec * NSEC_PER_SEC;
	return (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
}

/* Sleeps until the monotonic clock reads at least deadline.  0, or
 * -EINTR when a signal that will be acted on ends the sleep first. */
static int sleep_until_monotonic(uint64_t deadline)
{
	struct proc *self = proc_current();
	uint64_t hz = arch_tick_hz();
	for (;;) {
		uint64_t now = arch_monotonic_ns();
		if (now >= deadline)
			return 0;
		if (signal_has_deliverable(self))
			return -EINTR;
		/* Round up, plus one: the current tick is partly gone. */
		uint64_t left = deadline - now;
		uint64_t ticks = left / NSEC_PER_SEC * hz +
				 (left % NSEC_PER_SEC * hz + NSEC_PER_SEC - 1) /
				     NSEC_PER_SEC +
				 1;
		sched_sleep_until(arch_ticks() + ticks);
	}
}

/* A relative sleep; on -EINTR the unslept time goes to rem (if given). */
static long sleep_relative(uint64_t ns, uint64_t rem)
{
	uint64_t deadline = arch_monotonic_ns() + ns;
	int err = sleep_until_monotonic(deadline);
	if (err == -EINTR && rem) {
		uint64_t now = arch_monotonic_ns();
		struct k_timespec left =
		    ns_to_timespec(deadline > now ? deadline - now : 0);
		if (copy_to_user(rem, &left, sizeof(left)))
			return -EFAULT;
	}
	return err;
}

long sys_nanosleep(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct k_timespec req;
	int err = timespec_from_user(&req, a0);
	if (err)
		return err;
	return sleep_relative(timespec_ns(&req), a1);
}

/* clock_nanosleep returns the error number itself (positive) in the C
 * library; the system call returns -errno like every other. */
long sys_clock_nanosleep(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_4;
	uint64_t offset;
	switch (a0) {
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		offset = 0;
		break;
	case CLOCK_REALTIME:
		offset = realtime_offset_ns();
		break;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		/* Linux refuses the thread clock with this error too; the
		 * process clock would need a CPU-time timer. */
		return -ENOTSUP;
	default:
		return -EINVAL;
	}
	/* Linux looks at TIMER_ABSTIME only and ignores the other bits. */
	struct k_timespec req;
	int err = timespec_from_user(&req, a2);
	if (err)
		return err;
	if (!(a1 & TIMER_ABSTIME))
		return sleep_relative(timespec_ns(&req), a3);
	/* Absolute: a deadline on the clock, already passed or not.  rem is
	 * never written (there is nothing "left" of an absolute time). */
	uint64_t when = timespec_ns(&req);
	return sleep_until_monotonic(when > offset ? when - offset : 0);
}
