/*
 * iobitmap.h - per-process I/O port permissions and the lazily switched
 * TSS I/O bitmap.
 *
 * The design (docs/io-bitmap.md tells the whole story):
 *
 *   Per process: p->io_bitmap, NULL or a reference-counted struct
 *   io_bitmap shared by a parent and the children it forked; p->iopl,
 *   the emulated I/O privilege level (only 3 means anything).
 *
 *   Per CPU: the TSS map (arch_io_map) plus prev_sequence and prev_max,
 *   saying whose bits the map holds and how far they reach.
 *
 *   One global 64-bit counter: every change of any bitmap takes the next
 *   value as the bitmap's sequence.  Global, not per bitmap, because a
 *   freed bitmap's memory is reused: a per-bitmap count could repeat and
 *   make a CPU believe it already holds bits it does not.  The counter
 *   starts at 0 and every sequence is >= 1, while every CPU starts with
 *   prev_sequence 0: no bitmap can match a CPU's boot state.
 *
 *   Switching away: base INVALID, nothing else.  Returning to ring 3 with
 *   I/O state: iopl 3 -> base ALL; else copy only if prev_sequence differs
 *   (strategy seq), then base MAP.  ioperm() never touches the TSS: it
 *   changes the bitmap and its sequence, and the return to user mode that
 *   follows - before the next user instruction - does the copy.
 */
#ifndef KERNEL_IO_IOBITMAP_H
#define KERNEL_IO_IOBITMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/io/io_bits.h"
#include "kernel/uapi/portcullis.h"

struct proc;

struct io_bitmap {
	uint64_t sequence; /* value of the global counter at the last change */
	unsigned refs;	   /* processes sharing it (fork) */
	unsigned max;	   /* bytes [max, 8192) are all 0xff (io_bits.h) */
	uint8_t bits[IO_MAP_BYTES];
};

/* Boot: the strategy (iobitmap=seq|max|full) and iotrace from the
 * command line. */
void iobitmap_init(void);

/* On a context switch away from prev: invalidate the TSS map if it was
 * in use. */
void iobitmap_switch_out(struct proc *prev, struct proc *next);
/* On every return to ring 3 of p: make the TSS map p's. */
void iobitmap_return_to_user(struct proc *p);
/* fork: the child shares the parent's bitmap and inherits its iopl.
 * Cannot fail (called after everything that can). */
void iobitmap_fork(struct proc *child, struct proc *parent);
/* exit: drop the bitmap reference, iopl back to 0. */
void iobitmap_exit(struct proc *p);

/* The system calls' work (kernel/io/ioperm.c): 0 or -errno. */
int iobitmap_ioperm(struct proc *p, uint64_t from, uint64_t num, bool on);
int iobitmap_iopl(struct proc *p, uint64_t level);

enum io_strategy iobitmap_strategy(void);
void iobitmap_set_strategy(enum io_strategy s);
const char *iobitmap_strategy_name(enum io_strategy s);
/* A copy of one CPU's counters; false when there is no such CPU. */
bool iobitmap_counters(unsigned cpu, struct pc_io_counters *out);
void iobitmap_reset_counters(unsigned cpu);

#endif
