/*
 * test_frame.c - host unit tests for the bitmap frame pool (kernel/mm/frame.c).
 *
 * Each test builds a small pool over a malloc'd bitmap of exactly the
 * advertised size (FRAME_POOL_WORDS), so AddressSanitizer catches any
 * access beyond it.  Addresses are in frames: F(n) is frame n's address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kernel/mm/frame_pool.h"

#define F(n) ((uint64_t)(n)*FRAME_SIZE)

struct fixture {
	struct frame_pool pool;
	uint64_t *storage;
};

static struct frame_pool *make_pool(void **state, size_t nframes)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->storage = malloc(FRAME_POOL_WORDS(nframes) * sizeof(uint64_t));
	assert_non_null(f->storage);
	memset(f->storage, 0xa5, FRAME_POOL_WORDS(nframes) * sizeof(uint64_t));
	frame_pool_init(&f->pool, f->storage, nframes);
	*state = f;
	return &f->pool;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f) {
		free(f->storage);
		free(f);
	}
	return 0;
}

static void test_empty_pool(void **state)
{
	struct frame_pool *p = make_pool(state, 100);
	assert_int_equal(frame_pool_free_count(p), 0);
	assert_int_equal(frame_pool_total_count(p), 0);
	assert_int_equal(frame_pool_alloc(p), 0);
	assert_int_equal(frame_pool_alloc_contig(p, 1), 0);
}

static void test_add_free_rounds_inward(void **state)
{
	struct frame_pool *p = make_pool(state, 64);
	/* [1.5, 4.5) frames: only frames 2 and 3 lie wholly inside. */
	frame_pool_add_free(p, F(1) + 0x800, F(3));
	assert_int_equal(frame_pool_total_count(p), 2);
	assert_int_equal(frame_pool_free_count(p), 2);
	uint64_t a = frame_pool_alloc(p), b = frame_pool_alloc(p);
	assert_true((a == F(2) && b == F(3)) || (a == F(3) && b == F(2)));
	assert_int_equal(frame_pool_alloc(p), 0);

	/* Less than a frame, even one crossing a boundary: nothing. */
	frame_pool_add_free(p, F(10) + 1, FRAME_SIZE);
	assert_int_equal(frame_pool_total_count(p), 2);
}

static void test_frame_zero_never_usable(void **state)
{
	struct frame_pool *p = make_pool(state, 64);
	frame_pool_add_free(p, 0, F(4));
	assert_int_equal(frame_pool_total_count(p), 3);
	for (int i = 0; i < 3; i++)
		assert_int_not_equal(frame_pool_alloc(p), 0);
	assert_int_equal(frame_pool_alloc(p), 0);
	assert_int_equal(frame_pool_free(p, 0), FRAME_ERR_NOT_USABLE);
}

static void test_reserve_rounds_outward(void **state)
{
	struct frame_pool *p = make_pool(state, 64);
	frame_pool_add_free(p, F(1), F(16));
	assert_int_equal(frame_pool_total_count(p), 16);
	/* Two bytes straddling frames 2 and 3 take both out. */
	frame_pool_reserve(p, F(3) - 1, 2);
	assert_int_equal(frame_pool_total_count(p), 14);
	assert_int_equal(frame_pool_free_count(p), 14);
	/* One byte takes its whole frame. */
	frame_pool_reserve(p, F(10) + 100, 1);
	assert_int_equal(frame_pool_total_count(p), 13);
	for (int i = 0; i < 13; i++) {
		uint64_t a = frame_pool_alloc(p);
		assert_true(a != F(2) && a != F(3) && a != F(10));
	}
	assert_int_equal(frame_pool_alloc(p), 0);
}

static void test_reserve_overlapping_counts_once(void **state)
{
	struct frame_pool *p = make_pool(state, 64);
	frame_pool_add_free(p, F(1), F(20));
	frame_pool_reserve(p, F(5), F(4));  /* 5..8 */
	frame_pool_reserve(p, F(7), F(4));  /* 7..10, overlapping */
	frame_pool_reserve(p, F(5), F(6));  /* all of it again */
	frame_pool_reserve(p, F(40), F(4)); /* never usable: no change */
	assert_int_equal(frame_pool_total_count(p), 14);
	assert_int_equal(frame_pool_free_count(p), 14);
	assert_int_equal(frame_pool_free(p, F(6)), FRAME_ERR_NOT_USABLE);
}

static void test_zero_length_and_clipping(void **state)
{
	struct frame_pool *p = make_pool(state, 64);
	frame_pool_add_free(p, F(5), 0);
	assert_int_equal(frame_pool_total_count(p), 0);
	frame_pool_add_free(p, 0, UINT64_MAX); /* clipped to the pool */
	assert_int_equal(frame_pool_total_count(p), 63);
	frame_pool_reserve(p, F(7) + 5, 0); /* zero length reserves nothing */
	assert_int_equal(frame_pool_total_count(p), 63);
	/* Ranges wrapping past 2^64 or beyond the pool are harmless. */
	frame_pool_add_free(p, UINT64_MAX - 10, 100);
	frame_pool_reserve(p, UINT64_MAX - 10, 100);
	frame_pool_reserve(p, F(1000), F(10));
	assert_int_equal(frame_pool_total_count(p), 63);
	frame_pool_reserve(p, F(60), UINT64_MAX);
	assert_int_equal(frame_pool_total_count(p), 59);
}

static void test_alloc_until_exhausted(void **state)
{
	enum { N = 300 }; /* several bitmap words, last one partial */
	struct frame_pool *p = make_pool(state, N);
	static uint8_t seen[N];
	frame_pool_add_free(p, 0, F(N));
	memset(seen, 0, sizeof(seen));

	for (int i = 1; i < N; i++) {
		uint64_t a = frame_pool_alloc(p);
		assert_int_not_equal(a, 0);
		assert_int_equal(a % FRAME_SIZE, 0);
		assert_true(a < F(N));
		assert_int_equal(seen[a / FRAME_SIZE], 0);
		seen[a / FRAME_SIZE] = 1;
		assert_int_equal(frame_pool_free_count(p), (size_t)(N - 1 - i));
	}
	assert_int_equal(frame_pool_alloc(p), 0);
	assert_int_equal(frame_pool_alloc_contig(p, 1), 0);

	for (int i = 1; i < N; i++)
		assert_int_equal(frame_pool_free(p, F(i)), FRAME_OK);
	assert_int_equal(frame_pool_free_count(p), N - 1);
	assert_int_equal(frame_pool_total_count(p), N - 1);
}

static void test_next_fit_wraps_around(void **state)
{
	struct frame_pool *p = make_pool(state, 200);
	frame_pool_add_free(p, F(1), F(199));
	for (int i = 1; i < 200; i++)
		frame_pool_alloc(p);
	/* The hint is now near the end; a low frame must still be found. */
	assert_int_equal(frame_pool_free(p, F(5)), FRAME_OK);
	assert_int_equal(frame_pool_alloc(p), F(5));
	assert_int_equal(frame_pool_alloc(p), 0);
}

static void test_contiguous(void **state)
{
	struct frame_pool *p = make_pool(state, 128);
	frame_pool_add_free(p, F(1), F(127));
	for (int i = 1; i < 128; i++)
		frame_pool_alloc(p);
	/* Holes: 10..12 (3 frames), 20..27 (8), 60..67 (8, across a word). */
	for (int i = 10; i <= 12; i++)
		frame_pool_free(p, F(i));
	for (int i = 20; i <= 27; i++)
		frame_pool_free(p, F(i));
	for (int i = 60; i <= 67; i++)
		frame_pool_free(p, F(i));

	assert_int_equal(frame_pool_alloc_contig(p, 0), 0);
	assert_int_equal(frame_pool_alloc_contig(p, 9), 0);
	assert_int_equal(frame_pool_alloc_contig(p, 4), F(20));
	assert_int_equal(frame_pool_alloc_contig(p, 3), F(10));
	assert_int_equal(frame_pool_alloc_contig(p, 4), F(24));
	assert_int_equal(frame_pool_alloc_contig(p, 8), F(60));
	assert_int_equal(frame_pool_free_count(p), 0);

	assert_int_equal(frame_pool_free_contig(p, F(60), 8), FRAME_OK);
	assert_int_equal(frame_pool_free_count(p), 8);
	assert_int_equal(frame_pool_alloc_contig(p, 8), F(60));
}

static void test_contiguous_skips_reserved(void **state)
{
	struct frame_pool *p = make_pool(state, 64);
	frame_pool_add_free(p, F(1), F(63));
	frame_pool_reserve(p, F(4), F(1));
	assert_int_equal(frame_pool_alloc_contig(p, 5), F(5));
	assert_int_equal(frame_pool_alloc_contig(p, 3), F(1));
}

static void test_free_errors(void **state)
{
	struct frame_pool *p = make_pool(state, 64);
	frame_pool_add_free(p, F(1), F(40));
	frame_pool_reserve(p, F(30), F(2));
	uint64_t a = frame_pool_alloc(p);
	size_t free_before = frame_pool_free_count(p);

	assert_int_equal(frame_pool_free(p, a + 8), FRAME_ERR_ALIGN);
	assert_int_equal(frame_pool_free(p, F(64)), FRAME_ERR_RANGE);
	assert_int_equal(frame_pool_free(p, UINT64_MAX & ~(FRAME_SIZE - 1)),
			 FRAME_ERR_RANGE);
	assert_int_equal(frame_pool_free(p, F(30)), FRAME_ERR_NOT_USABLE);
	assert_int_equal(frame_pool_free(p, F(50)), FRAME_ERR_NOT_USABLE);
	assert_int_equal(frame_pool_free_count(p), free_before);

	assert_int_equal(frame_pool_free(p, a), FRAME_OK);
	assert_int_equal(frame_pool_free(p, a), FRAME_ERR_DOUBLE_FREE);
	assert_int_equal(frame_pool_free_count(p), free_before + 1);

	for (int err = FRAME_ERR_COUNT; err <= FRAME_OK; err++)
		assert_non_null(frame_pool_strerror(err));
	assert_string_not_equal(frame_pool_strerror(FRAME_ERR_DOUBLE_FREE),
				frame_pool_strerror(FRAME_ERR_RANGE));
}

static void test_free_contig_all_or_nothing(void **state)
{
	struct frame_pool *p = make_pool(state, 64);
	frame_pool_add_free(p, F(1), F(63));
	uint64_t run = frame_pool_alloc_contig(p, 6);
	assert_int_not_equal(run, 0);
	assert_int_equal(frame_pool_free(p, run + F(3)), FRAME_OK);
	size_t free_before = frame_pool_free_count(p);

	/* Frame 3 of the run is already free: nothing may be freed. */
	assert_int_equal(frame_pool_free_contig(p, run, 6),
			 FRAME_ERR_DOUBLE_FREE);
	assert_int_equal(frame_pool_free_count(p), free_before);
	assert_int_equal(frame_pool_free_contig(p, run, 3), FRAME_OK);
	assert_int_equal(frame_pool_free_contig(p, run + F(4), 2), FRAME_OK);

	assert_int_equal(frame_pool_free_contig(p, F(1), 0), FRAME_ERR_COUNT);
	assert_int_equal(frame_pool_free_contig(p, F(60), 5), FRAME_ERR_RANGE);
	assert_int_equal(frame_pool_free_contig(p, F(1), SIZE_MAX),
			 FRAME_ERR_RANGE);
}

static void test_limit(void **state)
{
	struct frame_pool *p = make_pool(state, 256);
	frame_pool_add_free(p, F(1), F(255));
	frame_pool_set_limit(p, F(10) + 5); /* frames 1..9 only */
	for (int i = 1; i < 10; i++) {
		uint64_t a = frame_pool_alloc(p);
		assert_true(a != 0 && a < F(10));
	}
	assert_int_equal(frame_pool_alloc(p), 0);
	assert_int_equal(frame_pool_alloc_contig(p, 2), 0);
	frame_pool_set_limit(p, UINT64_MAX);
	assert_int_equal(frame_pool_alloc_contig(p, 2), F(10));
	assert_true(frame_pool_alloc(p) >= F(12));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_empty_pool, teardown),
	    cmocka_unit_test_teardown(test_add_free_rounds_inward, teardown),
	    cmocka_unit_test_teardown(test_frame_zero_never_usable, teardown),
	    cmocka_unit_test_teardown(test_reserve_rounds_outward, teardown),
	    cmocka_unit_test_teardown(test_reserve_overlapping_counts_once,
				      teardown),
	    cmocka_unit_test_teardown(test_zero_length_and_clipping, teardown),
	    cmocka_unit_test_teardown(test_alloc_until_exhausted, teardown),
	    cmocka_unit_test_teardown(test_next_fit_wraps_around, teardown),
	    cmocka_unit_test_teardown(test_contiguous, teardown),
	    cmocka_unit_test_teardown(test_contiguous_skips_reserved, teardown),
	    cmocka_unit_test_teardown(test_free_errors, teardown),
	    cmocka_unit_test_teardown(test_free_contig_all_or_nothing,
				      teardown),
	    cmocka_unit_test_teardown(test_limit, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
