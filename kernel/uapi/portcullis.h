/*
 * portcullis.h - the user/kernel interface that is Portcullis's own.
 *
 * Everything else in the ABI is Linux x86-64 (numbers, registers, errno
 * values, wait status, signal frame), so a student can read the Linux man
 * pages.  The calls below have no Linux equivalent; they take numbers from
 * 512 up so they can never collide with a Linux call.  This header is
 * shared, unchanged, by the kernel and user/ programs.
 */
#ifndef PORTCULLIS_UAPI_H
#define PORTCULLIS_UAPI_H

#include <stdint.h>

/* long pc_free_frames(void): free 4 KiB physical frames right now (the
 * frame-accounting tests compare it before and after). */
#define SYS_pc_free_frames 512

/* long pc_iobitmap_strategy(long strategy): switches how the TSS I/O
 * bitmap is updated; returns the previous strategy.  -1 only queries.
 * Needs uid 0 to change (-EPERM). */
#define SYS_pc_iobitmap_strategy 513
/* The strategies, by the numbers the call and iobitmap= use; the kernel
 * knows them by these names too (one name per fact). */
enum pc_iobitmap_strategy {
	PC_IOBITMAP_SEQ = 0, /* copy only when the sequence differs (default) */
	PC_IOBITMAP_MAX = 1, /* copy max(prev_max, max) on every return */
	PC_IOBITMAP_FULL = 2,  /* copy all 8 KiB on every return */
	PC_IOBITMAP_FAULT = 3, /* copy at the first port access (a #GP) */
};
#define PC_IOBITMAP_STRATEGIES 4

/* long pc_io_counters(unsigned cpu, struct pc_io_counters *out, int reset) */
#define SYS_pc_io_counters 514
struct pc_io_counters {
	uint64_t context_switches;
	uint64_t io_switches; /* switches where either side has I/O state */
	uint64_t bitmap_copies;
	uint64_t bytes_copied;
	uint64_t copies_skipped; /* sequence matched: nothing to copy */
	uint64_t invalidations;	 /* base set to INVALID on switch-out */
	uint64_t first_faults;	 /* fault: #GPs that loaded the map */
};

/* long pc_kernel_info(struct pc_kernel_info *out): scheduler facts */
#define SYS_pc_kernel_info 515
struct pc_kernel_info {
	uint64_t tick_hz;
	uint64_t ticks;
	uint64_t free_frames;
	uint64_t total_frames;
	uint64_t nprocs;
};

#endif
