/*
 * run_queue.h - each CPU's run queue, shared by sched.c (switching) and
 * sched_balance.c (which CPU a process goes to, and stealing).
 *
 * Per-CPU state in Portcullis is an array indexed by CPU id, owned by the
 * subsystem it belongs to (CODING.md): this is the scheduler's.  Every
 * field is read and written with the kernel lock held (kernel_lock.h),
 * by its own CPU or by another one (placing a process, stealing one).
 */
#ifndef KERNEL_PROC_RUN_QUEUE_H
#define KERNEL_PROC_RUN_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/arch.h"

struct proc;

struct run_queue {
	struct proc *head, *tail; /* RUNNABLE processes, FIFO */
	unsigned length;
	struct proc *current; /* RUNNING here (the idle process if none) */
	struct proc *idle;    /* NULL until the CPU enters the scheduler */
	bool need_resched;    /* switch at the next return to ring 3 */
	unsigned slice_ticks;
	uint64_t switched_in_ns; /* when current started running */
};

extern struct run_queue run_queues[ARCH_MAX_CPUS];

static inline struct run_queue *this_run_queue(void)
{
	return &run_queues[arch_cpu_id()];
}

/* True when the CPU runs nothing but its idle loop (or has not started
 * it yet): a process placed there runs at once. */
static inline bool run_queue_idle(const struct run_queue *rq)
{
	return rq->current == rq->idle && !rq->head;
}

void run_queue_push(struct run_queue *rq, struct proc *p);
struct proc *run_queue_pop(struct run_queue *rq);
/* Takes p out of rq, where it must be. */
void run_queue_remove(struct run_queue *rq, struct proc *p);

/* sched_balance.c */
unsigned sched_place(const struct proc *p);
struct proc *sched_steal(unsigned cpu);

#endif
