/*
 * iobitmap.c - the per-process I/O bitmap object: made on the first
 * ioperm() that turns a port on, shared by fork, copied before a change
 * while shared, freed when the last sharer exits or every port is denied
 * again.  Each change takes the next value of one global counter.
 *
 * Why the counter is global, not per bitmap: a freed bitmap's memory is
 * reused, and a per-bitmap count could repeat a value that a CPU still
 * remembers as prev_sequence, making it believe it holds bits it does not
 * (tss_map.h).  It starts at 0 and every sequence taken is >= 1, while
 * every CPU starts with prev_sequence 0.  At one change per nanosecond it
 * would wrap after 584 years.
 *
 * None of this touches the TSS: the change reaches it on the return to
 * user mode right after the system call (io_cpu.c, tss_map.h).
 */
#include "kernel/io/iobitmap.h"
#include "arch/x86_64/atomic.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"

static volatile uint64_t io_sequence;

static uint64_t next_sequence(void)
{
	/* LAB 2: BEGIN SOLUTION */
	/* Atomic so that CPUs changing bitmaps at once get distinct values. */
	return arch_atomic_inc_return64(&io_sequence);
	/* LAB 2: END SOLUTION */
	/* LAB 2: HINT
	 * The next value of the global counter io_sequence: every call
	 * returns a value never returned before, the first one 1, even
	 * when two CPUs call at once (arch/x86_64/atomic.h).
	 * LAB 2: CODE
	 *	(void)io_sequence;
	 *	return 0;
	 * LAB 2: END HINT */
}

int iobitmap_change(struct proc *p, unsigned from, unsigned num, bool on)
{
	/* LAB 2: BEGIN SOLUTION */
	struct io_bitmap *old = p->io_bitmap, *b = old;
	if (!b) {
		if (!on)
			return 0; /* nothing to turn off: allocate nothing */
		b = kmalloc(sizeof(*b));
		if (!b)
			return -ENOMEM;
		io_bits_deny_all(b->bits);
		b->refs = 1;
	} else if (b->refs > 1) {
		b = kmalloc(sizeof(*b));
		if (!b)
			return -ENOMEM; /* the shared bitmap is untouched */
		memcpy(b->bits, old->bits, sizeof(b->bits));
		b->refs = 1;
		old->refs--;
	}

	/* Nothing below fails.  Bytes past both the old max and the changed
	 * range are still 0xff: only what lies below needs looking at. */
	unsigned range_end = (from + num + 7) / 8;
	unsigned limit = old && old->max > range_end ? old->max : range_end;
	io_bits_set_range(b->bits, from, num, on);
	b->max = io_bits_max_below(b->bits, limit);
	if (b->max == 0) {
		/* Everything denied again: no I/O state at all, which also
		 * makes the next return to user mode invalidate the map. */
		kfree(b);
		p->io_bitmap = NULL;
		return 0;
	}
	b->sequence = next_sequence();
	p->io_bitmap = b;
	return 0;
	/* LAB 2: END SOLUTION */
	/* LAB 2: HINT
	 * p->io_bitmap is NULL or a struct io_bitmap shared by p->refs
	 * processes.  Allocate on the first call that turns ports on (and
	 * nothing when it turns nothing on), copy a shared bitmap before
	 * changing it, set the bits (io_bits.c), recompute max, take a new
	 * sequence, and free the bitmap when every port is denied again.
	 * -ENOMEM must leave p exactly as it was.
	 * LAB 2: CODE
	 *	(void)p;
	 *	(void)from;
	 *	(void)num;
	 *	(void)on;
	 *	(void)next_sequence;
	 *	return -ENOSYS;
	 * LAB 2: END HINT */
}

void iobitmap_fork(struct proc *child, struct proc *parent)
{
	child->io_bitmap = parent->io_bitmap;
	if (child->io_bitmap)
		child->io_bitmap->refs++;
	child->iopl = parent->iopl;
}

void iobitmap_exit(struct proc *p)
{
	struct io_bitmap *b = p->io_bitmap;
	p->io_bitmap = NULL;
	p->iopl = 0;
	if (b && --b->refs == 0)
		kfree(b);
}
