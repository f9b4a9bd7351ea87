/*
 * sched.c - round-robin scheduling (see sched.h for the locking model).
 *
 * The run queue holds RUNNABLE processes in FIFO order; the running process
 * is not on it.  A switch goes directly from one process to the next, with
 * no scheduler thread in between: one switch_context per switch, which is
 * what the context-switch benchmark measures.  When nothing is runnable the
 * idle process (pid 0, running on the boot stack) halts until an interrupt.
 */
#include "kernel/proc/sched.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/io/iobitmap.h"
#include "kernel/lockup.h"
#include "kernel/proc/proc.h"

#define TICKS_PER_SLICE 1

struct run_queue {
	struct proc *head, *tail;
	struct proc *current;
	struct proc *idle;
	bool need_resched;
	unsigned slice_ticks;
	uint64_t switched_in_ns; /* when current started running */
	/* A spinlock goes here when a second CPU can touch the queue. */
};

static struct run_queue rq; /* per-CPU: one CPU today */

void sched_init(struct proc *idle)
{
	rq.idle = idle;
	rq.current = idle;
	idle->state = PROC_RUNNING;
}

struct proc *proc_current(void)
{
	return rq.current;
}

void sched_make_runnable(struct proc *p)
{
	p->state = PROC_RUNNABLE;
	p->run_next = NULL;
	if (rq.tail)
		rq.tail->run_next = p;
	else
		rq.head = p;
	rq.tail = p;
}

static struct proc *dequeue(void)
{
	struct proc *p = rq.head;
	if (p) {
		rq.head = p->run_next;
		if (!rq.head)
			rq.tail = NULL;
		p->run_next = NULL;
	}
	return p;
}

void sched_switch(void)
{
	struct proc *prev = rq.current;
	struct proc *next = dequeue();

	if (!next) {
		if (prev->state == PROC_RUNNING)
			return; /* nobody else wants the CPU */
		next = rq.idle;
	}
	if (next == prev) {
		prev->state = PROC_RUNNING;
		return;
	}
	rq.need_resched = false;
	rq.slice_ticks = 0;
	lockup_touch();
	uint64_t now = arch_monotonic_ns();
	prev->cpu_ns += now - rq.switched_in_ns;
	rq.switched_in_ns = now;
	/* The I/O bitmap of the outgoing process must not stay reachable
	 * while someone else runs (kernel/io/io_cpu.c). */
	iobitmap_switch_out(prev, next);
	next->state = PROC_RUNNING;
	rq.current = next;
	arch_context_switch(prev, next);
	/* prev runs again here, switched back in by someone else. */
}

unsigned sched_cpu_count(void)
{
	return 1;
}

uint64_t sched_all_cpus(void)
{
	unsigned n = sched_cpu_count();
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

uint64_t sched_cpu_time_ns(const struct proc *p)
{
	if (p == rq.current)
		return p->cpu_ns + (arch_monotonic_ns() - rq.switched_in_ns);
	return p->cpu_ns;
}

void sched_yield(void)
{
	struct proc *p = rq.current;
	if (p != rq.idle)
		sched_make_runnable(p);
	sched_switch();
}

void sched_sleep(const void *channel)
{
	struct proc *p = rq.current;
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
	struct proc *p = rq.current;
	p->wake_tick = wake_tick;
	while (arch_ticks() < wake_tick && !signal_has_deliverable(p))
		sched_sleep(&p->wake_tick);
	p->wake_tick = 0;
}

void sched_timer_tick(void)
{
	uint64_t now = arch_ticks();
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = proc_table_slot(i);
		if (p->state == PROC_SLEEPING && p->wake_tick &&
		    p->wake_tick <= now)
			sched_make_runnable(p);
	}
	if (++rq.slice_ticks >= TICKS_PER_SLICE && rq.head)
		rq.need_resched = true;
}

bool sched_need_resched(void)
{
	return rq.need_resched;
}

void sched_idle_loop(void)
{
	for (;;) {
		lockup_touch();
		proc_reap_orphans();
		proc_idle_check_exit();
		if (rq.head) {
			sched_switch();
			continue;
		}
		/* sti;hlt then cli: the kernel runs with interrupts off. */
		arch_wait_for_interrupt();
		arch_irq_disable();
	}
}
