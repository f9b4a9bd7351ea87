/*
 * clock.h - reading the time stamp counter for measurements.
 *
 * RDTSC may execute before earlier instructions finish, so a bare pair
 * can under- or over-count; LFENCE before it waits for everything older
 * to complete (Intel SDM vol. 2, RDTSC), and RDTSCP + LFENCE after the
 * measured code keeps later instructions from starting early.  Under
 * QEMU with -icount shift=0 the TSC counts guest instructions, so the
 * numbers are instruction counts and repeat exactly from run to run; on
 * real hardware (make bench KVM=1, or the GRUB benchmark entry) they are
 * CPU cycles.
 */
#ifndef IOBENCH_CLOCK_H
#define IOBENCH_CLOCK_H

#include <stdint.h>

static inline uint64_t tsc_begin(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t tsc_end(void)
{
	uint32_t lo, hi, aux;
	__asm__ volatile("rdtscp\n\tlfence"
			 : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

#endif
