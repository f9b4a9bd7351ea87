/*
 * test_io_bits.c - host unit tests for the I/O bitmap arithmetic
 * (kernel/io/io_bits.c) and for the one writer of the TSS map
 * (kernel/io/tss_map.h), the kernel's own code run here on an 8 KiB array:
 * range checks, setting and clearing ranges against a one-bit-at-a-time
 * model, max, the CPU's access rule, then the writer under each strategy -
 * the seed patch's two leaks, the copies the sequence saves, and thousands
 * of random switches after each of which the map must equal the running
 * process's bits exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/io/io_bits.h"
#include "kernel/io/tss_map.h"

static uint8_t bits[IO_MAP_BYTES], model[IO_MAP_BYTES];

static void model_set(unsigned from, unsigned num, int allow)
{
	for (unsigned p = from; p < from + num; p++) {
		if (allow)
			model[p / 8] &= (uint8_t) ~(1u << (p % 8));
		else
			model[p / 8] |= (uint8_t)(1u << (p % 8));
	}
}

static unsigned model_max(void)
{
	unsigned m = 0;
	for (unsigned i = 0; i < IO_MAP_BYTES; i++)
		if (model[i] != 0xff)
			m = i + 1;
	return m;
}

static void range_check(void **state)
{
	(void)state;
	assert_int_equal(io_range_check(0, 1), 0);
	assert_int_equal(io_range_check(0, 65536), 0);
	assert_int_equal(io_range_check(0xffff, 1), 0);
	assert_int_equal(io_range_check(0xffff, 2), -EINVAL);
	assert_int_equal(io_range_check(0x80, 0), -EINVAL);
	assert_int_equal(io_range_check(65536, 1), -EINVAL);
	assert_int_equal(io_range_check(1, UINT64_MAX), -EINVAL); /* wraps */
	assert_int_equal(io_range_check(UINT64_MAX, 2), -EINVAL);
	assert_int_equal(io_range_check(0x10000 - 8, 8), 0);
}

static void set_range_matches_model(void **state)
{
	(void)state;
	srand(1234);
	io_bits_deny_all(bits);
	memset(model, 0xff, sizeof(model));
	assert_int_equal(io_bits_max(bits), 0);
	for (int round = 0; round < 3000; round++) {
		unsigned from = (unsigned)rand() % IO_PORT_COUNT;
		unsigned span =
		    round % 10 == 0 ? 65536 : (round % 3 ? 40 : 3000);
		unsigned num = 1 + (unsigned)rand() % span;
		if (from + num > IO_PORT_COUNT)
			num = IO_PORT_COUNT - from;
		int allow = rand() % 2;
		io_bits_set_range(bits, from, num, allow);
		model_set(from, num, allow);
		assert_memory_equal(bits, model, IO_MAP_BYTES);
		assert_int_equal(io_bits_max(bits), model_max());
	}
}

static void max_values(void **state)
{
	(void)state;
	io_bits_deny_all(bits);
	io_bits_set_range(bits, 0x80, 1, 1);
	assert_int_equal(io_bits_max(bits), 0x80 / 8 + 1);
	io_bits_set_range(bits, 0xffff, 1, 1);
	assert_int_equal(io_bits_max(bits), IO_MAP_BYTES);
	io_bits_set_range(bits, 0xffff, 1, 0);
	assert_int_equal(io_bits_max(bits), 17);
	io_bits_set_range(bits, 0x80, 1, 0);
	assert_int_equal(io_bits_max(bits), 0);
	assert_true(io_bits_tail_denied(bits, 0));
}

static void cpu_access_rule(void **state)
{
	(void)state;
	io_bits_deny_all(bits);
	io_bits_set_range(bits, 0x80, 1, 1);
	assert_true(io_bits_allows(bits, 0x80, 1));
	assert_false(io_bits_allows(bits, 0x80, 2)); /* 0x81 denied */
	assert_false(io_bits_allows(bits, 0x7f, 2));
	assert_int_equal(io_bits_first_denied(bits, 0x80, 4), 0x81);
	io_bits_set_range(bits, 0x3f8, 4, 1);
	assert_true(io_bits_allows(bits, 0x3f8, 4));
	assert_false(io_bits_allows(bits, 0x3f9, 4)); /* 0x3fc denied */
	io_bits_set_range(bits, 0xffff, 1, 1);
	assert_true(io_bits_allows(bits, 0xffff, 1));
	/* Past the end counts as denied: outw to 0xffff faults. */
	assert_false(io_bits_allows(bits, 0xffff, 2));
	assert_int_equal(io_bits_first_denied(bits, 0xffff, 2), 0x10000);
	assert_int_equal(io_bits_first_denied(bits, 0xed, 1), 0xed);
	assert_int_equal(io_bits_first_denied(bits, 0x80, 1), -1);
}

/* ---- the TSS map writer, on a fake TSS ------------------------------ */

/* The map and its 0xff terminator, and the base field, as in the TSS;
 * the three base values are tss.h's. */
static uint8_t tss_bytes[IO_MAP_BYTES + 1];
static volatile uint16_t tss_base;
enum { BASE_MAP = 0x68, BASE_ALL = 0x2069, BASE_INVALID = 0x406a };

static void fresh_cpu(struct tss_map *m)
{
	struct arch_io_map_ref ref = {
	    .base = &tss_base,
	    .value = {[ARCH_IO_MAP_NONE] = BASE_INVALID,
		      [ARCH_IO_MAP_OWN] = BASE_MAP,
		      [ARCH_IO_MAP_ALL] = BASE_ALL},
	    .map = tss_bytes,
	};
	memset(tss_bytes, 0xff, sizeof(tss_bytes)); /* tss_init's state */
	tss_base = BASE_INVALID;
	tss_map_init(m, &ref);
}

static uint64_t test_sequence;

/* A bitmap allowing [from, from + num), as iobitmap.c would make it. */
static void make_bitmap(struct io_bitmap *b, unsigned from, unsigned num)
{
	io_bits_deny_all(b->bits);
	io_bits_set_range(b->bits, from, num, true);
	b->max = io_bits_max(b->bits);
	b->sequence = ++test_sequence;
	b->refs = 1;
}

/* What must hold after every load of b: the map is b's bits, byte for
 * byte over all 8 KiB, the terminator is intact, the base selects it,
 * and the writer's own record agrees. */
static void assert_holds(const struct tss_map *m, const struct io_bitmap *b)
{
	assert_memory_equal(tss_bytes, b->bits, IO_MAP_BYTES);
	assert_int_equal(tss_bytes[IO_MAP_BYTES], 0xff);
	assert_int_equal(tss_base, BASE_MAP);
	assert_int_equal(m->prev_max, b->max);
	assert_true(m->prev_sequence == b->sequence);
	assert_true(io_bits_tail_denied(tss_bytes, m->prev_max));
}

static struct io_bitmap bm_a, bm_b;

static void writer_first_load_copies_max(void **state)
{
	(void)state;
	struct tss_map m;
	fresh_cpu(&m);
	assert_int_equal(m.prev_max, 0);
	assert_true(m.prev_sequence == 0);
	make_bitmap(&bm_a, 0x80, 1);
	assert_int_equal(tss_map_load(&m, &bm_a, PC_IOBITMAP_SEQ), 17);
	assert_holds(&m, &bm_a);
}

/* The partial-copy leak: A holds high ports, B low ones.  B's load must
 * cover A's bytes (max(prev_max, max)), or 0xff00 stays open for B. */
static void writer_closes_previous_owners_ports(void **state)
{
	(void)state;
	for (int s = 0; s < PC_IOBITMAP_STRATEGIES; s++) {
		struct tss_map m;
		fresh_cpu(&m);
		make_bitmap(&bm_a, 0xff00, 8);
		make_bitmap(&bm_b, 0x80, 1);
		tss_map_load(&m, &bm_a, (enum pc_iobitmap_strategy)s);
		assert_holds(&m, &bm_a);
		assert_true(tss_map_invalidate(&m));
		unsigned len =
		    tss_map_load(&m, &bm_b, (enum pc_iobitmap_strategy)s);
		assert_true(len >= bm_a.max);
		assert_int_equal(tss_bytes[0xff00 / 8], 0xff);
		assert_holds(&m, &bm_b);
		/* And back: A's high bytes come back, B's go. */
		tss_map_invalidate(&m);
		tss_map_load(&m, &bm_a, (enum pc_iobitmap_strategy)s);
		assert_holds(&m, &bm_a);
	}
}

/* What the sequence saves: the same bitmap again copies nothing under
 * seq, max(prev_max, max) under max, 8 KiB under full. */
static void writer_copy_lengths(void **state)
{
	(void)state;
	const unsigned expect[PC_IOBITMAP_FULL + 1] = {
	    [PC_IOBITMAP_SEQ] = 0,
	    [PC_IOBITMAP_MAX] = 17,
	    [PC_IOBITMAP_FULL] = IO_MAP_BYTES,
	};
	/* seq, max and full: iobitmap=fault loads with seq (io_cpu.c). */
	for (int s = PC_IOBITMAP_SEQ; s <= PC_IOBITMAP_FULL; s++) {
		struct tss_map m;
		fresh_cpu(&m);
		make_bitmap(&bm_a, 0x80, 1);
		unsigned first =
		    tss_map_load(&m, &bm_a, (enum pc_iobitmap_strategy)s);
		assert_int_equal(first,
				 s == PC_IOBITMAP_FULL ? IO_MAP_BYTES : 17);
		tss_map_invalidate(&m);
		assert_int_equal(tss_base, BASE_INVALID);
		assert_int_equal(
		    tss_map_load(&m, &bm_a, (enum pc_iobitmap_strategy)s),
		    expect[s]);
		assert_holds(&m, &bm_a);
	}
}

/* The stale-sequence leak turned around: a changed bitmap (new sequence)
 * must be copied even though it is the same object at the same address,
 * and a bitmap freed and reused with new bits (new sequence) too. */
static void writer_new_sequence_always_copies(void **state)
{
	(void)state;
	struct tss_map m;
	fresh_cpu(&m);
	make_bitmap(&bm_a, 0x80, 1);
	tss_map_load(&m, &bm_a, PC_IOBITMAP_SEQ);
	tss_map_invalidate(&m);
	io_bits_set_range(bm_a.bits, 0x70, 2, true);
	bm_a.max = io_bits_max(bm_a.bits);
	bm_a.sequence = ++test_sequence;
	assert_int_equal(tss_map_load(&m, &bm_a, PC_IOBITMAP_SEQ), 17);
	assert_holds(&m, &bm_a);
	/* "Freed and reused": same memory, fewer ports, a new sequence. */
	make_bitmap(&bm_a, 0x60, 1);
	assert_int_equal(tss_map_load(&m, &bm_a, PC_IOBITMAP_SEQ), 17);
	assert_holds(&m, &bm_a);
	assert_int_equal(tss_bytes[0x70 / 8], 0xff);
}

static void writer_selects_maps(void **state)
{
	(void)state;
	struct tss_map m;
	fresh_cpu(&m);
	assert_false(tss_map_invalidate(&m)); /* already NONE: no store */
	tss_map_select_all(&m);
	assert_int_equal(tss_base, BASE_ALL);
	assert_true(tss_map_invalidate(&m));
	assert_int_equal(tss_base, BASE_INVALID);
	assert_false(tss_map_invalidate(&m));
	/* ALL never touched the map or the record. */
	assert_true(io_bits_tail_denied(tss_bytes, 0));
	assert_int_equal(m.prev_max, 0);
}

/* Six processes with random bitmaps (one with high ports), random
 * ioperm() changes, random switches, each strategy and changes of
 * strategy in between: after every return to user mode the map is the
 * running process's, exactly. */
static void writer_random_switches(void **state)
{
	(void)state;
	static struct io_bitmap procs[6];
	struct tss_map m;
	fresh_cpu(&m);
	srand(99);
	for (int i = 0; i < 6; i++)
		make_bitmap(&procs[i], i == 0 ? 0xff00 : (unsigned)i * 16, 8);
	unsigned copies = 0, skips = 0;
	for (int step = 0; step < 6000; step++) {
		struct io_bitmap *b = &procs[rand() % 6];
		enum pc_iobitmap_strategy s =
		    (enum pc_iobitmap_strategy)(step / 500 % 3);
		if (rand() % 8 == 0) { /* ioperm: change, new sequence */
			unsigned from = (unsigned)rand() % 0x400;
			io_bits_set_range(b->bits, from, 1 + rand() % 16,
					  rand() % 2);
			io_bits_set_range(b->bits, 0x3f8, 1,
					  true); /* max > 0 */
			b->max = io_bits_max(b->bits);
			b->sequence = ++test_sequence;
		}
		if (rand() % 2)
			tss_map_invalidate(&m);
		if (tss_map_load(&m, b, s))
			copies++;
		else
			skips++;
		assert_holds(&m, b);
	}
	/* Both paths of the seq strategy were taken. */
	assert_true(copies > 100 && skips > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(range_check),
	    cmocka_unit_test(set_range_matches_model),
	    cmocka_unit_test(max_values),
	    cmocka_unit_test(cpu_access_rule),
	    cmocka_unit_test(writer_first_load_copies_max),
	    cmocka_unit_test(writer_closes_previous_owners_ports),
	    cmocka_unit_test(writer_copy_lengths),
	    cmocka_unit_test(writer_new_sequence_always_copies),
	    cmocka_unit_test(writer_selects_maps),
	    cmocka_unit_test(writer_random_switches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
