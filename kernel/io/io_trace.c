/*
 * io_trace.c - iotrace's output and its ring of recent decisions
 * (io_trace.h).
 *
 * The lines are the log format tools/iotrace-svg.py draws, one per
 * decision:
 *
 *	iotrace: cpu 0 pid 3->5 prev_seq 7 seq 9 copied 17   (0: a skip)
 *	iotrace: cpu 0 pid 4->6 iopl 3: map ALL
 *	iotrace: cpu 0 pid 5->3 invalidate
 *	iotrace: cpu 0 pid 3->3 first fault
 *
 * The ring keeps the last IOTRACE_RING records for the monitor, which
 * runs with the machine stopped.  No lock of its own: every caller (the
 * switch, the way back to user mode, the #GP of iobitmap=fault) holds
 * the big kernel lock (docs/smp.md), so one CPU at a time moves
 * `recorded`; debug builds check it.  Finer locking elsewhere would
 * have to give this ring a lock, or one ring per CPU.
 */
#include "kernel/io/io_trace.h"
#include "kernel/console.h"
#include "kernel/kernel_lock.h"

#define IOTRACE_RING 32

bool iotrace_on;

static struct iotrace_event ring[IOTRACE_RING];
static uint64_t recorded; /* records ever made; the next goes at % RING */

void iotrace_print(const struct iotrace_event *e)
{
	printk("iotrace: cpu %u pid %d->%d ", e->cpu, e->prev_pid, e->next_pid);
	switch (e->kind) {
	case IOTRACE_COPY:
	case IOTRACE_SKIP:
		printk("prev_seq %lu seq %lu copied %u",
		       (unsigned long)e->prev_sequence,
		       (unsigned long)e->sequence, e->bytes);
		break;
	case IOTRACE_ALL:
		printk("iopl 3: map ALL");
		break;
	case IOTRACE_INVALIDATE:
		printk("invalidate");
		break;
	case IOTRACE_FAULT:
		printk("first fault");
		break;
	}
}

void iotrace_record(const struct iotrace_event *e)
{
#if KDEBUG
	if (!kernel_lock_held_here())
		panic("iotrace record without the kernel lock (cpu %u)",
		      e->cpu);
#endif
	ring[recorded % IOTRACE_RING] = *e;
	recorded++;
	iotrace_print(e);
	printk("\n");
}

unsigned iotrace_recent(struct iotrace_event *out, unsigned max)
{
	unsigned n =
	    recorded < IOTRACE_RING ? (unsigned)recorded : IOTRACE_RING;
	if (n > max)
		n = max;
	for (unsigned i = 0; i < n; i++)
		out[i] = ring[(recorded - n + i) % IOTRACE_RING];
	return n;
}
