/*
 * test_multiboot2_fuzz.c - mb2_parse() on every truncated prefix of a full
 * structure and on thousands of randomly corrupted copies: it must return
 * an error or a result within its own limits, and never read past the
 * bytes it was given (ASan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/multiboot2.h"
#include "tests/host/mb2_builder.h"

/*
 * Every prefix of a valid structure, with total_size claiming exactly the
 * prefix: each must be rejected (the end tag is the last thing), and none
 * may read past the malloc() block of exactly that length.
 */
static void test_every_prefix_rejected(void **state)
{
	static struct builder b;
	static struct builder patched;

	(void)state;
	build_full(&b);
	for (size_t len = 0; len <= b.len; len++) {
		patched = b;
		if (len >= 4)
			set_total_size(&patched, (uint32_t)len);

		int result = parse_avail(&patched, len);

		if (len < b.len)
			assert_true(result < 0);
		else
			assert_int_equal(result, 0);

		/* And with the honest total_size but too little to read. */
		result = parse_avail(&b, len);
		if (len < b.len)
			assert_true(result == MB2_ERR_TOO_SMALL ||
				    result == MB2_ERR_TRUNCATED);
	}
}

/*
 * Random byte corruption of a valid structure.  The results are not
 * predicted; the point is that the sanitizers stay silent and that whatever
 * is accepted is internally consistent.
 */
static void test_random_corruption(void **state)
{
	static struct builder b;
	static struct builder mutant;
	uint32_t seed = 12345;

	(void)state;
	build_full(&b);
	for (int round = 0; round < 20000; round++) {
		mutant = b;
		int flips = 1 + round % 4;

		for (int i = 0; i < flips; i++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % b.len;

			seed = seed * 1103515245u + 12345u;
			/* Favour small values: they make plausible sizes. */
			mutant.bytes[at] =
			    (uint8_t)((seed >> 16) % ((round & 1) ? 256 : 64));
		}

		int result = parse(&mutant);

		assert_true(result == 0 || result == MB2_ERR_TOO_SMALL ||
			    result == MB2_ERR_TRUNCATED ||
			    result == MB2_ERR_BAD_TAG ||
			    result == MB2_ERR_NO_END);
		if (result == 0) {
			assert_true(info.mmap_count <= MB2_MAX_MMAP);
			assert_true(info.module_count <= MB2_MAX_MODULES);
			assert_true(strlen(info.cmdline) <
				    sizeof(info.cmdline));
			assert_true(info.info_size <= b.len);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_prefix_rejected),
	    cmocka_unit_test(test_random_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
