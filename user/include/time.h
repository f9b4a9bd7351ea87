/* time.h - struct timespec and clock ids for sys_clock_gettime(). */
#ifndef USER_TIME_H
#define USER_TIME_H

#include <sys/types.h>

struct timespec {
	time_t tv_sec;
	long tv_nsec; /* always in [0, 999999999] */
};

#define CLOCK_REALTIME		 0 /* wall-clock time since 1970-01-01 UTC */
#define CLOCK_MONOTONIC		 1 /* time since boot; never goes backwards */
#define CLOCK_PROCESS_CPUTIME_ID 2 /* CPU time used by this process */
#define CLOCK_THREAD_CPUTIME_ID	 3 /* ... by this thread (the same here) */
#define TIMER_ABSTIME		 1 /* clock_nanosleep: req is a deadline */

struct timeval {
	time_t tv_sec;
	long tv_usec;
};

#define NSEC_PER_SEC 1000000000L

/* Nanoseconds in ts; fine for the next few centuries. */
static inline int64_t timespec_to_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

#endif
