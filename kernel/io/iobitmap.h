/*
 * iobitmap.h - per-process I/O port permissions and the lazily switched
 * TSS I/O bitmap: what the rest of the kernel calls.
 *
 * The design (docs/io-bitmap.md tells the whole story), file by role:
 *
 *   io_bits.c    the bit arithmetic and struct io_bitmap (pure)
 *   tss_map.h    the only writer of a CPU's TSS map: prev_sequence,
 *                prev_max, the selected map (pure; host-tested as is)
 *   iobitmap.c   the per-process bitmap object: allocation, copy on
 *                write, bits, max, the global sequence, fork and exit
 *   ioperm.c     the system calls and their privilege checks
 *   io_cpu.c     per CPU: the scheduler's and the return-to-user hooks,
 *                the strategy (and iobitmap=fault's #GP), the counters,
 *                fed by what tss_map.h returns
 *   io_trace.c   iotrace: the decision lines and the ring of recent ones
 *   deny_reason.c  the kill report's reason for a denied port
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

/* ---- the per-process bitmap object (iobitmap.c) ------------------------ */

/* Allows or denies ports [from, from + num) for p (the range has passed
 * io_range_check, the privilege check is the caller's): copies a shared
 * bitmap first, takes a new sequence, frees a bitmap that denies every
 * port again.  0, or -ENOMEM with p's state untouched. */
int iobitmap_change(struct proc *p, unsigned from, unsigned num, bool on);
/* fork: the child shares the parent's bitmap and inherits its iopl.
 * Cannot fail (called after everything that can). */
void iobitmap_fork(struct proc *child, struct proc *parent);
/* exit: drop the bitmap reference, iopl back to 0. */
void iobitmap_exit(struct proc *p);

/* ---- per CPU (io_cpu.c) ------------------------------------------------ */

/* Boot: the strategy (iobitmap=seq|max|full|fault), iotrace and iocheck from
 * the command line, and this CPU's TSS map. */
void iobitmap_init(void);
/* This CPU's TSS map state (tss_map.h), which must be in its boot state;
 * iobitmap_init does it for the boot CPU, kmain_ap for each other. */
void iobitmap_cpu_init(void);
/* On a context switch away from prev: invalidate the TSS map if it was
 * in use. */
void iobitmap_switch_out(struct proc *prev, struct proc *next);
/* On every return to ring 3 of p: make the TSS map p's. */
void iobitmap_return_to_user(struct proc *p);
/* A #GP from ring 3 with error code 0 (a refused port access, among
 * others): under iobitmap=fault, true when it was p's first port access
 * since a switch and p's map is loaded now: retry the instruction.
 * False: deliver the signal as usual. */
bool iobitmap_first_fault(struct proc *p);
/* LAB 4: INTERMEDIATE
 * The posted design: ioperm() loads the caller's new bits into this
 * CPU's map (own_max: the caller's max before the change).
 * LAB 4: CODE
 *void iobitmap_ioperm_load(struct proc *p, unsigned own_max);
 * LAB 4: END INTERMEDIATE */

enum pc_iobitmap_strategy iobitmap_strategy(void);
/* "seq", "max", "full" or "fault" (the iobitmap= words). */
const char *iobitmap_strategy_name(enum pc_iobitmap_strategy s);
void iobitmap_set_strategy(enum pc_iobitmap_strategy s);
/* A copy of one CPU's counters; false when there is no such CPU. */
bool iobitmap_counters(unsigned cpu, struct pc_io_counters *out);
void iobitmap_reset_counters(unsigned cpu);
/* Whether cpu's TSS map holds b's bits (its prev_sequence is b's
 * sequence); also what prev_sequence is and whether the map is selected.
 * False for no such CPU.  For the monitor: a snapshot, no lock. */
bool iobitmap_cpu_holds(unsigned cpu, const struct io_bitmap *b,
			uint64_t *prev_sequence, bool *selected);

/* ---- the kill report (deny_reason.c) ----------------------------------- */

/* Why p may not use width bytes at port, in a few words ("its bitmap
 * denies port 0x71"), or NULL when there is nothing to add. */
const char *iobitmap_deny_reason(struct proc *p, unsigned port, unsigned width);

#endif
