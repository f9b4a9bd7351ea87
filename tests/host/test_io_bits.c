/*
 * test_io_bits.c - host unit tests for the I/O bitmap arithmetic
 * (kernel/io/io_bits.c): range checks, setting and clearing ranges against
 * a one-bit-at-a-time model, max, the CPU's access rule, the copy length of
 * each strategy, and a simulated CPU that shows max(prev_max, max) copies
 * never leave another process's ports open (the seed patch's leak).
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

static void copy_lengths(void **state)
{
	(void)state;
	assert_int_equal(io_copy_len(IO_STRATEGY_SEQ, 10, 17, false), 17);
	assert_int_equal(io_copy_len(IO_STRATEGY_SEQ, 8192, 17, false), 8192);
	assert_int_equal(io_copy_len(IO_STRATEGY_SEQ, 17, 17, true), 0);
	assert_int_equal(io_copy_len(IO_STRATEGY_MAX, 17, 17, true), 17);
	assert_int_equal(io_copy_len(IO_STRATEGY_MAX, 100, 3, false), 100);
	assert_int_equal(io_copy_len(IO_STRATEGY_FULL, 0, 1, true), 8192);
	assert_int_equal(io_copy_len(IO_STRATEGY_FULL, 0, 1, false), 8192);
}

/* A CPU map driven the way iobitmap.c drives it, by several processes
 * with random bitmaps in random order, under each strategy.  After every
 * "return to user" the map must equal the process's bits exactly, and
 * every byte past prev_max must be 0xff. */
struct sim_proc {
	uint8_t bits[IO_MAP_BYTES];
	unsigned max;
	uint64_t seq;
};

static void simulated_cpu(void **state)
{
	(void)state;
	static struct sim_proc procs[6];
	static uint8_t map[IO_MAP_BYTES];
	for (int s = IO_STRATEGY_SEQ; s <= IO_STRATEGY_FULL; s++) {
		uint64_t counter = 0, prev_seq = 0;
		unsigned prev_max = 0;
		memset(map, 0xff, sizeof(map));
		srand(99 + s);
		for (int i = 0; i < 6; i++) {
			io_bits_deny_all(procs[i].bits);
			/* Process 0 owns high ports, the rest low ones. */
			unsigned base = i == 0 ? 0xff00 : (unsigned)i * 16;
			io_bits_set_range(procs[i].bits, base, 8, 1);
			procs[i].max = io_bits_max(procs[i].bits);
			procs[i].seq = ++counter;
		}
		for (int step = 0; step < 4000; step++) {
			struct sim_proc *p = &procs[rand() % 6];
			if (rand() % 8 ==
			    0) { /* ioperm: change, new sequence */
				unsigned from = (unsigned)rand() % 0x400;
				io_bits_set_range(p->bits, from,
						  1 + rand() % 16, rand() % 2);
				p->max = io_bits_max(p->bits);
				p->seq = ++counter;
			}
			unsigned len =
			    io_copy_len((enum io_strategy)s, prev_max, p->max,
					prev_seq == p->seq);
			if (len) {
				memcpy(map, p->bits, len);
				prev_max = p->max;
				prev_seq = p->seq;
			}
			assert_memory_equal(map, p->bits, IO_MAP_BYTES);
			assert_true(io_bits_tail_denied(map, prev_max));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(range_check),
	    cmocka_unit_test(set_range_matches_model),
	    cmocka_unit_test(max_values),
	    cmocka_unit_test(cpu_access_rule),
	    cmocka_unit_test(copy_lengths),
	    cmocka_unit_test(simulated_cpu),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
