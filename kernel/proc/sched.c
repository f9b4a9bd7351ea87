/*
 * sched.c - round-robin scheduling on every CPU (see sched.h).
 *
 * Each CPU has a run queue (run_queue.h) of RUNNABLE processes in FIFO
 * order; the running process is on none.  Invariant: a process is
 * RUNNABLE exactly when it is on run_queues[p->cpu]; a RUNNING process
 * runs on CPU p->cpu.  A switch goes directly from one process to the
 * next, with no scheduler thread in between: one switch_context per
 * switch, which is what the context-switch benchmark measures.  When
 * nothing is runnable here, a CPU steals from the busiest other queue
 * (sched_balance.c), and failing that its idle process halts until an
 * interrupt: the tick, or the wake IPI of a CPU that queued work here.
 *
 * Everything here runs with the kernel lock held (kernel_lock.h), which
 * sched_switch keeps across switch_context: the next process inherits it
 * and releases it on its way out of the kernel.
 */
#include "kernel/proc/sched.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/io/iobitmap.h"
#include "kernel/kernel_lock.h"
#include "kernel/lockup.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/run_queue.h"

#define TICKS_PER_SLICE 1

struct run_queue run_queues[ARCH_MAX_CPUS];

void sched_init_cpu(struct proc *idle)
{
	struct run_queue *rq = this_run_queue();
	rq->idle = idle;
	rq->current = idle;
	idle->cpu = arch_cpu_id();
	idle->state = PROC_RUNNING;
}

struct proc *proc_current(void)
{
	return this_run_queue()->current;
}

void run_queue_push(struct run_queue *rq, struct proc *p)
{
	p->run_next = NULL;
	if (rq->tail)
		rq->tail->run_next = p;
	else
		rq->head = p;
	rq->tail = p;
	rq->length++;
}

struct proc *run_queue_pop(struct run_queue *rq)
{
	struct proc *p = rq->head;
	if (p)
		run_queue_remove(rq, p);
	return p;
}

void run_queue_remove(struct run_queue *rq, struct proc *p)
{
	struct proc **link = &rq->head, *before = NULL;
	while (*link && *link != p) {
		before = *link;
		link = &(*link)->run_next;
	}
	if (!*link)
		panic("pid %d is not on CPU %u's run queue", p->pid, p->cpu);
	*link = p->run_next;
	if (rq->tail == p)
		rq->tail = before;
	p->run_next = NULL;
	rq->length--;
}

/* Puts p on the queue of the CPU sched_place chooses, and wakes that CPU
 * if it was idle. */
static void place_and_queue(struct proc *p)
{
	unsigned cpu = sched_place(p);
	struct run_queue *rq = &run_queues[cpu];
	bool was_idle = run_queue_idle(rq);
	p->state = PROC_RUNNABLE;
	p->cpu = cpu;
	run_queue_push(rq, p);
	if (was_idle)
		arch_cpu_wake(cpu); /* its HLT ends; a no-op for this CPU */
}

void sched_make_runnable(struct proc *p)
{
	if (p->state == PROC_RUNNABLE)
		panic("pid %d is already on a run queue", p->pid);
	place_and_queue(p);
}

/* The next process for this CPU, or NULL: its own queue first, then one
 * stolen from the busiest queue. */
static struct proc *pick_next(struct run_queue *rq)
{
	struct proc *next = run_queue_pop(rq);
	return next ? next : sched_steal(arch_cpu_id());
}

static void switch_to(struct run_queue *rq, struct proc *prev,
		      struct proc *next)
{
	rq->need_resched = false;
	rq->slice_ticks = 0;
	lockup_touch();
	uint64_t now = arch_monotonic_ns();
	prev->cpu_ns += now - rq->switched_in_ns;
	rq->switched_in_ns = now;
	/* The I/O bitmap of the outgoing process must not stay reachable
	 * while someone else runs (kernel/io/io_cpu.c). */
	iobitmap_switch_out(prev, next);
	next->state = PROC_RUNNING;
	next->cpu = arch_cpu_id();
	rq->current = next;
	/* The kernel lock stays held: next inherits it (kernel_lock.h). */
	arch_context_switch(prev, next);
	/* prev runs again here, switched back in - maybe on another CPU:
	 * nothing cached above (rq) may be used any more. */
}

void sched_switch(void)
{
	struct run_queue *rq = this_run_queue();
	struct proc *prev = rq->current;
	struct proc *next = pick_next(rq);

	if (!next) {
		if (prev->state == PROC_RUNNING)
			return; /* nobody else wants the CPU */
		next = rq->idle;
	}
	if (next == prev) {
		prev->state = PROC_RUNNING;
		return;
	}
	switch_to(rq, prev, next);
}

unsigned sched_cpu_count(void)
{
	return arch_cpus_online();
}

uint64_t sched_all_cpus(void)
{
	unsigned n = sched_cpu_count();
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

uint64_t sched_cpu_time_ns(const struct proc *p)
{
	const struct run_queue *rq = &run_queues[p->cpu];
	if (p->state == PROC_RUNNING && p == rq->current)
		return p->cpu_ns + (arch_monotonic_ns() - rq->switched_in_ns);
	return p->cpu_ns;
}

void sched_yield(void)
{
	struct run_queue *rq = this_run_queue();
	struct proc *p = rq->current;
	if (p != rq->idle)
		sched_make_runnable(p);
	sched_switch();
}

void sched_sleep(const void *channel)
{
	struct proc *p = proc_current();
	p->wait_channel = channel;
	p->state = PROC_SLEEPING;
	sched_switch();
	p->wait_channel = NULL;
}

void sched_wakeup(const void *channel)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = proc_table_slot(i);
		if (p->state == PROC_SLEEPING && p->wait_channel == channel)
			sched_make_runnable(p);
	}
}

/* Sleepers on a timeout wait on their own wake_tick field. */
void sched_sleep_until(uint64_t wake_tick)
{
	struct proc *p = proc_current();
	p->wake_tick = wake_tick;
	while (arch_ticks() < wake_tick && !signal_has_deliverable(p))
		sched_sleep(&p->wake_tick);
	p->wake_tick = 0;
}

void sched_affinity_changed(struct proc *p)
{
	if (p->cpu_affinity & (1ull << p->cpu))
		return; /* it may stay where it is */
	if (p->state == PROC_RUNNABLE) {
		run_queue_remove(&run_queues[p->cpu], p);
		place_and_queue(p);
	} else if (p->state == PROC_RUNNING && p == proc_current()) {
		sched_yield(); /* returns on an allowed CPU */
	} else if (p->state == PROC_RUNNING) {
		/* Running elsewhere: its next return to ring 3 moves it, and
		 * the wake IPI makes that happen now. */
		run_queues[p->cpu].need_resched = true;
		arch_cpu_wake(p->cpu);
	}
	/* SLEEPING: placed on an allowed CPU when it wakes. */
}

void sched_kick(struct proc *p)
{
	if (p->state == PROC_RUNNING && p->cpu != arch_cpu_id())
		arch_cpu_wake(p->cpu);
}

void sched_timer_tick(void)
{
	/* One clock (CPU 0's): its tick wakes the timed sleepers. */
	if (arch_cpu_id() == 0) {
		uint64_t now = arch_ticks();
		for (int i = 0; i < NPROC; i++) {
			struct proc *p = proc_table_slot(i);
			if (p->state == PROC_SLEEPING && p->wake_tick &&
			    p->wake_tick <= now)
				sched_make_runnable(p);
		}
	}
	struct run_queue *rq = this_run_queue();
	if (++rq->slice_ticks >= TICKS_PER_SLICE && rq->head)
		rq->need_resched = true;
}

bool sched_need_resched(void)
{
	return this_run_queue()->need_resched;
}

void sched_idle_loop(void)
{
	struct run_queue *rq = this_run_queue();
	for (;;) {
		lockup_touch();
		if (proc_orphans_waiting())
			proc_reap_orphans();
		proc_idle_check_exit();
		struct proc *next = pick_next(rq);
		if (next) {
			switch_to(rq, rq->idle, next);
			continue;
		}
		/* Halt without the kernel lock, so the other CPUs can enter
		 * the kernel; sti;hlt is one step, so a wake IPI sent after
		 * the lock is released still ends this HLT. */
		kernel_lock_leave();
		arch_wait_for_interrupt();
		arch_irq_disable();
		kernel_lock_enter();
	}
}
