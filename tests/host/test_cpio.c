/*
 * test_cpio.c - host unit tests for the newc cpio reader (kernel/fs/cpio.c).
 *
 * Archives are built here byte by byte, the way `cpio -H newc` writes
 * them, then read back; the hostile cases cut, corrupt or inflate one
 * field at a time and expect -EINVAL, never a read past the buffer (ASan
 * watches: each archive lives in a heap block of exactly its size).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/fs/cpio.h"

struct builder {
	uint8_t buf[8192];
	size_t len;
};

static void pad(struct builder *b)
{
	while (b->len % 4)
		b->buf[b->len++] = 0;
}

static void add(struct builder *b, const char *name, unsigned mode,
		const char *data, size_t size)
{
	char hdr[CPIO_HEADER_SIZE + 64];
	size_t namesize = strlen(name) + 1;
	snprintf(hdr, sizeof(hdr),
		 "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
		 7u, mode, 0u, 0u, 1u, 1700000000u, size, 0u, 0u, 0u, 0u,
		 namesize, 0u);
	memcpy(b->buf + b->len, hdr, CPIO_HEADER_SIZE);
	b->len += CPIO_HEADER_SIZE;
	memcpy(b->buf + b->len, name, namesize);
	b->len += namesize;
	pad(b);
	memcpy(b->buf + b->len, data, size);
	b->len += size;
	pad(b);
}

static void build_sample(struct builder *b)
{
	b->len = 0;
	add(b, "bin", 040755, "", 0);
	add(b, "bin/hello", 0100755, "ELF!!", 5);
	add(b, "bin/sh", 0120777, "busybox", 7);
	add(b, "TRAILER!!!", 0, "", 0);
}

/* A heap copy of exactly len bytes, so ASan catches any overread. */
static uint8_t *exact_copy(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	memcpy(p, src, len);
	return p;
}

static void test_reads_entries_in_order(void **state)
{
	(void)state;
	struct builder b;
	build_sample(&b);
	uint8_t *a = exact_copy(b.buf, b.len);
	size_t off = 0;
	struct cpio_entry e;

	assert_int_equal(cpio_next(a, b.len, &off, &e), 1);
	assert_string_equal(e.name, "bin");
	assert_int_equal(e.mode, 040755);
	assert_int_equal(e.size, 0);
	assert_int_equal(cpio_next(a, b.len, &off, &e), 1);
	assert_string_equal(e.name, "bin/hello");
	assert_int_equal(e.name_len, 9);
	assert_int_equal(e.size, 5);
	assert_memory_equal(e.data, "ELF!!", 5);
	assert_int_equal(e.mtime, 1700000000u);
	assert_int_equal(e.ino, 7);
	assert_int_equal((uintptr_t)(e.data - a) % 4, 0);
	assert_int_equal(cpio_next(a, b.len, &off, &e), 1);
	assert_string_equal(e.name, "bin/sh");
	assert_int_equal(e.mode, 0120777);
	assert_memory_equal(e.data, "busybox", 7);
	assert_int_equal(cpio_next(a, b.len, &off, &e), 0);
	assert_int_equal(off, b.len);
	free(a);
}

static void test_every_truncation_is_einval_or_clean(void **state)
{
	(void)state;
	struct builder b;
	build_sample(&b);
	/* Cutting the archive anywhere before the trailer's end must give
	 * -EINVAL at some entry, never an overread or a false trailer. */
	for (size_t cut = 0; cut < b.len - 4; cut++) {
		uint8_t *a = exact_copy(b.buf, cut);
		size_t off = 0;
		struct cpio_entry e;
		int r;
		int n = 0;
		while ((r = cpio_next(a, cut, &off, &e)) == 1)
			n++;
		assert_true(n <= 3);
		if (r == 0)
			/* Only if the cut is inside the trailer's padding. */
			assert_true(cut >= b.len - 4);
		else
			assert_int_equal(r, -EINVAL);
		free(a);
	}
}

static void test_bad_magic_and_digits(void **state)
{
	(void)state;
	struct builder b;
	size_t off = 0;
	struct cpio_entry e;
	build_sample(&b);
	b.buf[5] = '2'; /* 070702: the "crc" variant, not ours */
	assert_int_equal(cpio_next(b.buf, b.len, &off, &e), -EINVAL);
	build_sample(&b);
	b.buf[6 + 8 * 6 + 3] = 'g'; /* a non-hex digit in filesize */
	off = 0;
	assert_int_equal(cpio_next(b.buf, b.len, &off, &e), -EINVAL);
}

static void test_sizes_past_the_end(void **state)
{
	(void)state;
	struct builder b;
	size_t off = 0;
	struct cpio_entry e;
	/* filesize claims 4 GiB. */
	build_sample(&b);
	memcpy(b.buf + CPIO_HEADER_SIZE + 4 + 6 + 8 * 6, "ffffffff", 8);
	off = 0;
	assert_int_equal(cpio_next(b.buf, b.len, &off, &e), 1); /* "bin" */
	assert_int_equal(cpio_next(b.buf, b.len, &off, &e), -EINVAL);
	/* namesize claims 4 GiB, or 0. */
	build_sample(&b);
	memcpy(b.buf + 6 + 8 * 11, "ffffffff", 8);
	off = 0;
	assert_int_equal(cpio_next(b.buf, b.len, &off, &e), -EINVAL);
	build_sample(&b);
	memcpy(b.buf + 6 + 8 * 11, "00000000", 8);
	off = 0;
	assert_int_equal(cpio_next(b.buf, b.len, &off, &e), -EINVAL);
	/* A name whose NUL is not at namesize - 1. */
	build_sample(&b);
	memcpy(b.buf + 6 + 8 * 11, "00000003", 8); /* "bin\0" is 4 */
	off = 0;
	assert_int_equal(cpio_next(b.buf, b.len, &off, &e), -EINVAL);
	/* An offset beyond the buffer. */
	off = b.len + 100;
	assert_int_equal(cpio_next(b.buf, b.len, &off, &e), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_entries_in_order),
	    cmocka_unit_test(test_every_truncation_is_einval_or_clean),
	    cmocka_unit_test(test_bad_magic_and_digits),
	    cmocka_unit_test(test_sizes_past_the_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
