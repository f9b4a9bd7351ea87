/*
 * lockup.h - the lockup detector (kernel/lockup.c).
 */
#ifndef KERNEL_LOCKUP_H
#define KERNEL_LOCKUP_H

#include <stdbool.h>
#include <stdint.h>

/* Reads lockup=MS from the command line (default 1000, 0: off). */
void lockup_init(void);
/* "This CPU made progress": called at preemption points, on every return
 * to user mode, by the scheduler and by the idle loop. */
void lockup_touch(void);
/* From the timer interrupt: in_kernel says the tick interrupted kernel
 * code that was not halted; gap_ns is the time since the previous tick.
 * Prints the report line and returns true when the CPU was stuck; the
 * caller then prints the backtrace of the interrupted code. */
bool lockup_check(bool in_kernel, uint64_t gap_ns);
/* At the end of system call nr: reports when it ran longer than the
 * threshold since its entry or its last preemption point. */
void lockup_syscall_done(long nr);
/* Reports printed so far (the selftest checks it). */
unsigned lockup_reports(void);

#endif
