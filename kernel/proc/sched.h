/*
 * sched.h - the scheduler: round-robin, preemptive at the return to user
 * mode, one run queue per CPU (run_queue.h), with placement and stealing
 * between them (sched_balance.c).
 *
 * Locking model: the kernel runs with interrupts disabled (SYSCALL clears
 * IF through MSR_FMASK; interrupt gates clear it) and with the kernel lock
 * held (kernel/kernel_lock.h), so scheduler data is touched by one CPU at
 * a time and never by an interrupt in the middle of an edit.  Preemption
 * happens only where it is safe: on the way back to ring 3, when the timer
 * has flagged the time slice as used up, and at the preemption points of
 * long kernel loops (preempt.c says why not interrupts on throughout).
 */
#ifndef KERNEL_PROC_SCHED_H
#define KERNEL_PROC_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct proc;

/* Makes idle this CPU's idle process and current; once per CPU. */
void sched_init_cpu(struct proc *idle);
/* Puts a RUNNABLE process at the tail of the run queue. */
void sched_make_runnable(struct proc *p);
/* Gives up the CPU: the current process stays RUNNABLE (sched_yield). */
void sched_yield(void);
/* Switches to the next runnable process; the caller has already set the
 * current process's state (SLEEPING, ZOMBIE).  Returns when it runs again. */
void sched_switch(void);
/* Sleeps on a channel (any address) until sched_wakeup(channel). */
void sched_sleep(const void *channel);
void sched_wakeup(const void *channel);
/* Sleeps until the tick counter reaches wake_tick (or a signal arrives). */
void sched_sleep_until(uint64_t wake_tick);

/* The CPUs a process may run on, as a sched_setaffinity mask: bit n is
 * CPU n (ARCH_MAX_CPUS of them at most: one mask word). */
unsigned sched_cpu_count(void);
uint64_t sched_all_cpus(void);
/* After p->cpu_affinity changed: moves p at once if its CPU is no longer
 * allowed (a running p on another CPU moves at its next return to ring 3,
 * which a wake IPI brings about now). */
void sched_affinity_changed(struct proc *p);
/* p is RUNNING on another CPU and has something to notice (a signal):
 * interrupt that CPU so p passes through the return to ring 3. */
void sched_kick(struct proc *p);

/* CPU time p has used, in ns: the time it spent RUNNING, measured at each
 * context switch with the monotonic clock, plus the current stretch when
 * p is running now. */
uint64_t sched_cpu_time_ns(const struct proc *p);

/* Called by the timer interrupt on every tick (via arch sched_tick). */
void sched_timer_tick(void);
/* True when the current time slice is over (checked on return to user). */
bool sched_need_resched(void);

/* A preemption point (preempt.c): long kernel loops call it once per
 * unit of work (a page); it lets a pending tick in and gives the CPU away
 * when the time slice is over.  Callers hold no pointer into the run queue
 * or the process table across it. */
void preempt_point(void);
/* Called at the start of every system call: preempt_point yields only
 * once the call has lasted more than a tick. */
void preempt_call_begin(void);

/* The idle loop: runs whenever nothing else can; never returns. */
void sched_idle_loop(void) __attribute__((noreturn));

/* Context switches are counted per CPU by the I/O bitmap code, which sees
 * every one (iobitmap_switch_out, pc_io_counters). */

#endif
