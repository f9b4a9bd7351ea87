/*
 * sys_time.c - clocks and sleeping.
 *
 * CLOCK_MONOTONIC is the time since the timer started: whole ticks plus
 * the fraction of the current tick measured with the TSC (arch).
 * CLOCK_REALTIME adds the wall-clock time read from the CMOS RTC at boot.
 */
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define CLOCK_REALTIME	    0
#define CLOCK_MONOTONIC	    1
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_BOOTTIME	    7
#define NSEC_PER_SEC	    1000000000ull

struct k_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

static uint64_t monotonic_ns(void)
{
	return arch_monotonic_ns();
}

long sys_clock_gettime(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	uint64_t ns;
	switch (a0) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		ns = monotonic_ns();
		break;
	case CLOCK_REALTIME:
		ns = arch_boot_epoch_seconds() * NSEC_PER_SEC + monotonic_ns();
		break;
	default:
		return -EINVAL;
	}
	struct k_timespec ts = {(int64_t)(ns / NSEC_PER_SEC),
				(int64_t)(ns % NSEC_PER_SEC)};
	return copy_to_user(a1, &ts, sizeof(ts));
}

long sys_nanosleep(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct k_timespec req;
	if (copy_from_user(&req, a0, sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 ||
	    (uint64_t)req.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	uint64_t hz = arch_tick_hz();
	/* Round up, plus one tick: the current tick is already partly gone,
	 * and sleeping too short would break the promise of nanosleep(2). */
	uint64_t ticks =
	    (uint64_t)req.tv_sec * hz +
	    ((uint64_t)req.tv_nsec * hz + NSEC_PER_SEC - 1) / NSEC_PER_SEC + 1;
	uint64_t wake = arch_ticks() + ticks;
	sched_sleep_until(wake);
	if (arch_ticks() < wake) {
		if (a1) {
			uint64_t left =
			    (wake - arch_ticks()) * NSEC_PER_SEC / hz;
			struct k_timespec rem = {
			    (int64_t)(left / NSEC_PER_SEC),
			    (int64_t)(left % NSEC_PER_SEC)};
			if (copy_to_user(a1, &rem, sizeof(rem)))
				return -EFAULT;
		}
		return -EINTR;
	}
	return 0;
}
