/*
 * tss_map.h - the one writer of a CPU's TSS I/O map.
 *
 * Every byte that ever reaches a CPU's TSS map, and every change of the
 * TSS's I/O map base, goes through the three functions below.  They keep,
 * per CPU, what the map holds:
 *
 *   prev_sequence  the sequence of the bitmap last copied in (0: nobody's;
 *                  every real sequence is >= 1)
 *   prev_max       every map byte at index >= prev_max is 0xff
 *   selected       which map the TSS base selects: NONE (past the limit,
 *                  every port faults), OWN (the map) or ALL (iopl 3)
 *
 * Invariant: every byte of the map at index >= prev_max is 0xff, and bytes
 * [0, prev_max) are the bits of the bitmap whose sequence is prev_sequence.
 *
 * This file has no kernel in it - no locks, no printk, no allocation - so
 * the host tests (tests/host/test_io_bits.c) drive this very code on an
 * 8 KiB array.  What the kernel wants to know about each decision
 * (counters, iotrace, the iocheck) it learns from the return values
 * (kernel/io/io_cpu.c).  Lab 3 (docs/labs/3-lazy-switch.md) is the body of
 * tss_map_load().
 *
 * The functions are inline, in this header: they run on every context
 * switch and every return to user mode of an I/O process, and a call
 * across files would add a tenth to a switch (make bench,
 * docs/performance.md).  One file is still the only writer: this one.
 *
 * Why a sequence and not a pointer: the map may hold a bitmap that has
 * since been freed and its memory reused for another; the global counter
 * never repeats a value, so prev_sequence == b->sequence proves the map
 * holds exactly these bits.  Why max(prev_max, max): bytes below prev_max
 * may hold ports the previous owner was allowed, and only this copy can
 * close them (the "partial copy" leak of the 2019 seed patch).  Why the
 * sequence is set here, with the bytes: if any other code wrote the map
 * and left prev_sequence alone, a later owner would match a stale
 * sequence and run with someone else's ports (the "stale sequence" leak).
 */
#ifndef KERNEL_IO_TSS_MAP_H
#define KERNEL_IO_TSS_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/arch.h"
#include "kernel/io/io_bits.h"
#include "kernel/lib/string.h"
#include "kernel/uapi/portcullis.h"

struct tss_map {
	struct arch_io_map_ref ref; /* the map bytes and the base selector */
	enum arch_io_map selected;  /* mirrors *ref.base */
	unsigned prev_max;
	uint64_t prev_sequence;
};

/* The one store that changes what ring 3 may reach.  For this file only:
 * selecting OWN without loading the map would expose whatever it holds. */
static inline void tss_map_select(struct tss_map *m, enum arch_io_map which)
{
	m->selected = which;
	*m->ref.base = m->ref.value[which];
}

/* Nothing may stay reachable: base NONE.  Returns true when the base
 * changed (it was OWN or ALL).  The map bytes stay: they may be reused.
 * Inline: every context switch and every return to user mode of a
 * process without I/O state comes here, and must stay a compare. */
static inline bool tss_map_invalidate(struct tss_map *m)
{
	if (m->selected == ARCH_IO_MAP_NONE)
		return false;
	tss_map_select(m, ARCH_IO_MAP_NONE);
	return true;
}

/* iopl 3: base ALL, the all-zero map. */
static inline void tss_map_select_all(struct tss_map *m)
{
	tss_map_select(m, ARCH_IO_MAP_ALL);
}

/* Takes over a CPU's map, which must be in its boot state: every byte
 * 0xff and the base at value[ARCH_IO_MAP_NONE] (tss_init). */
static inline void tss_map_init(struct tss_map *m,
				const struct arch_io_map_ref *ref)
{
	m->ref = *ref;
	m->selected = ARCH_IO_MAP_NONE;
	m->prev_sequence = 0; /* no bitmap has sequence 0 */
	m->prev_max = 0;      /* tss_init left every byte 0xff */
}

/* Makes the map b's bits and selects it, under strategy s (seq, max or
 * full: iobitmap=fault loads with seq, at its first fault); returns how
 * many bytes it copied (0: the map already held b's bits).  Never copies
 * fewer than max(prev_max, b->max) bytes when it copies at all. */
static inline unsigned tss_map_load(struct tss_map *m,
				    const struct io_bitmap *b,
				    enum pc_iobitmap_strategy s)
{
	/* LAB 3: BEGIN SOLUTION */
	unsigned len = m->prev_max > b->max ? m->prev_max : b->max;

	if (s == PC_IOBITMAP_FULL)
		len = IO_MAP_BYTES;
	else if (s == PC_IOBITMAP_SEQ && m->prev_sequence == b->sequence)
		len = 0; /* this CPU already holds exactly these bits */
	if (len) {
		memcpy(m->ref.map, b->bits, len);
		/* Bytes [b->max, len) were b's own 0xff bytes: the
		 * invariant holds with the new prev_max. */
		m->prev_max = b->max;
		m->prev_sequence = b->sequence;
	}
	tss_map_select(m, ARCH_IO_MAP_OWN);
	return len;
	/* LAB 3: END SOLUTION */
	/* LAB 3: HINT
	 * The code below is the 2004 scheme: correct, and it copies all
	 * 8 KiB on every return to user mode of an I/O process, whatever
	 * the strategy.  Make it lazy, as the seed patch does: strategy
	 * seq copies only when m->prev_sequence differs from b->sequence;
	 * max copies, but only as many bytes as needed; full keeps copying
	 * IO_MAP_BYTES.  How many bytes must a copy cover so that no port
	 * of the previous owner stays open?  Which fields must change with
	 * the bytes, and why here and nowhere else (docs/io-bitmap.md)?
	 * Return the bytes copied, 0 when nothing was.
	 * LAB 3: CODE
	 *	(void)s;
	 *	memcpy(m->ref.map, b->bits, IO_MAP_BYTES);
	 *	m->prev_max = IO_MAP_BYTES;
	 *	tss_map_select(m, ARCH_IO_MAP_OWN);
	 *	return IO_MAP_BYTES;
	 * LAB 3: END HINT */
}

#endif
