/*
 * sched_balance.c - which CPU a process goes to, and stealing work.
 *
 * Two small policies keep the CPUs busy without a balancing thread:
 *
 *   placing (sched_place): a process that becomes runnable goes to the
 *     least loaded CPU its affinity allows, load being the queue's length
 *     plus one if the CPU runs something.  Ties go to the CPU it ran on
 *     last (its caches are warm there), then to the lowest id.  A process
 *     that yields stays where it is when it may.
 *   stealing (sched_steal): a CPU about to idle takes the first process
 *     it may run from the busiest other queue.  Idle CPUs get the tick
 *     too (IPI_TICK), so a CPU that went idle while all the work queued
 *     elsewhere looks again within a tick.
 *
 * Affinity is obeyed by both: a process never lands on, nor is stolen
 * by, a CPU outside p->cpu_affinity.
 */
#include "kernel/console.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/run_queue.h"
#include "kernel/proc/sched.h"

static bool allowed(const struct proc *p, unsigned cpu)
{
	return p->cpu_affinity & (1ull << cpu);
}

static unsigned load(const struct run_queue *rq)
{
	return rq->length + (rq->current != rq->idle);
}

unsigned sched_place(const struct proc *p)
{
	unsigned here = arch_cpu_id(), n = sched_cpu_count();
	if (p == proc_current() && allowed(p, here))
		return here; /* yielding: keep the CPU */
	unsigned best = n, best_load = ~0u;
	for (unsigned cpu = 0; cpu < n; cpu++) {
		if (!allowed(p, cpu))
			continue;
		unsigned l = load(&run_queues[cpu]);
		if (l < best_load || (l == best_load && cpu == p->cpu)) {
			best = cpu;
			best_load = l;
		}
	}
	/* setaffinity accepts no mask without an online CPU, and a fresh
	 * process may run anywhere: only a kernel bug gets here. */
	if (best == n)
		panic("pid %d may run on no online CPU (mask %lx)", p->pid,
		      (unsigned long)p->cpu_affinity);
	return best;
}

/* The first process on rq that may run on cpu, or NULL. */
static struct proc *first_allowed(const struct run_queue *rq, unsigned cpu)
{
	for (struct proc *p = rq->head; p; p = p->run_next)
		if (allowed(p, cpu))
			return p;
	return NULL;
}

struct proc *sched_steal(unsigned cpu)
{
	struct run_queue *busiest = NULL;
	struct proc *victim = NULL;
	for (unsigned i = 0; i < sched_cpu_count(); i++) {
		struct run_queue *rq = &run_queues[i];
		if (i == cpu || (busiest && rq->length <= busiest->length))
			continue;
		struct proc *p = first_allowed(rq, cpu);
		if (p) {
			busiest = rq;
			victim = p;
		}
	}
	if (victim)
		run_queue_remove(busiest, victim);
	return victim;
}
