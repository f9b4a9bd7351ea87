/*
 * iobench.h - shared by the benchmark's files.
 */
#ifndef IOBENCH_H
#define IOBENCH_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"

/* Round trips measured per scenario, after WARMUP unmeasured ones. */
#define ROUND_TRIPS 4000
#define WARMUP	    200

void sort_samples(uint64_t *a, size_t n);
uint64_t percentile(const uint64_t *sorted, size_t n, unsigned p);

/* The scenarios (scenarios.c). */
struct scenario {
	int id;
	const char *name;
	/* Gives the calling process its I/O state; side 0 or 1.  For the
	 * shared-bitmap scenario side 1 is forked from side 0 instead. */
	long (*setup)(int side);
	int share_by_fork;
	/* Each side writes port 0x80 after every switch (its first port
	 * access after the switch: what iobitmap=fault pays for). */
	int touch;
};
extern const struct scenario scenarios[];
extern const int nscenarios;

/* iobench --smp (smp.c). */
int smp_main(void);

#endif
