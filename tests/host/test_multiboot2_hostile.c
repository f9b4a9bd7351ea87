/*
 * test_multiboot2_hostile.c - host unit tests for mb2_parse() on
 * malformed and hostile structures: sizes that lie, tags that run past
 * the end, short fixed parts, strings without NUL, too many entries, (every
 * truncated prefix and random corruption: test_multiboot2_fuzz.c).  The parser must reject or
 * clamp, never read out of bounds (ASan watches).
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

static void test_avail_too_small(void **state)
{
	static struct builder b;

	(void)state;
	begin(&b);
	finish(&b);
	assert_int_equal(parse_avail(&b, 0), MB2_ERR_TOO_SMALL);
	assert_int_equal(parse_avail(&b, 4), MB2_ERR_TOO_SMALL);
	assert_int_equal(parse_avail(&b, 8), MB2_ERR_TOO_SMALL);
	assert_int_equal(parse_avail(&b, 15), MB2_ERR_TOO_SMALL);
	assert_int_equal(mb2_parse(NULL, 64, INFO_PHYS, &info),
			 MB2_ERR_TOO_SMALL);
	assert_defaults();
}

static void test_total_size_too_small(void **state)
{
	static const uint32_t sizes[] = {0, 1, 8, 15};
	static struct builder b;

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		begin(&b);
		finish(&b);
		set_total_size(&b, sizes[i]);
		assert_int_equal(parse(&b), MB2_ERR_TOO_SMALL);
	}
}

static void test_total_size_beyond_avail(void **state)
{
	static struct builder b;

	(void)state;
	build_full(&b);
	assert_int_equal(parse_avail(&b, b.len - 1), MB2_ERR_TRUNCATED);
	assert_int_equal(parse_avail(&b, 16), MB2_ERR_TRUNCATED);

	set_total_size(&b, 0xffffffff);
	assert_int_equal(parse(&b), MB2_ERR_TRUNCATED);
}

static void test_tag_size_below_header(void **state)
{
	static const uint32_t sizes[] = {0, 1, 4, 7};
	static struct builder b;

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		begin(&b);
		size_t at = add_string_tag(&b, MB2_TAG_CMDLINE, "x");

		finish(&b);
		set_u32(&b, at + 4, sizes[i]);
		assert_int_equal(parse(&b), MB2_ERR_BAD_TAG);
	}

	/* The end tag obeys the same rule. */
	begin(&b);
	finish(&b);
	set_u32(&b, 12, 4);
	assert_int_equal(parse(&b), MB2_ERR_BAD_TAG);
}

static void test_tag_runs_past_end(void **state)
{
	static const uint32_t sizes[] = {33, 64, 0x10000, 0xfffffff8,
					 0xffffffff};
	static struct builder b;

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		begin(&b);
		size_t at = add_string_tag(&b, MB2_TAG_CMDLINE, "hello");

		finish(&b); /* total_size 32: header, 16-byte tag, end tag */
		set_u32(&b, at + 4, sizes[i]);
		assert_int_equal(parse(&b), MB2_ERR_TRUNCATED);
	}

	/* Same for a tag type the parser does not even understand. */
	begin(&b);
	size_t at = add_raw_tag(&b, 77, "abcd", 4);

	finish(&b);
	set_u32(&b, at + 4, 100);
	assert_int_equal(parse(&b), MB2_ERR_TRUNCATED);
}

static void test_tag_header_does_not_fit(void **state)
{
	static struct builder b;

	(void)state;
	/* total_size leaves 4 bytes after the last tag: half a header. */
	begin(&b);
	add_string_tag(&b, MB2_TAG_CMDLINE, "abc");
	put_u32(&b, MB2_TAG_END);
	set_total_size(&b, (uint32_t)b.len);
	assert_int_equal(parse(&b), MB2_ERR_TRUNCATED);
}

static void test_missing_end_tag(void **state)
{
	static struct builder b;

	(void)state;
	begin(&b);
	add_string_tag(&b, MB2_TAG_CMDLINE, "no end in sight");
	add_meminfo(&b, 1, 2);
	set_total_size(&b, (uint32_t)b.len);
	assert_int_equal(parse(&b), MB2_ERR_NO_END);

	/* An unpadded last tag: its padding would lie past total_size. */
	begin(&b);
	size_t at = add_raw_tag(&b, 77, "abcde", 5);

	set_total_size(&b, (uint32_t)(at + 13));
	assert_int_equal(parse(&b), MB2_ERR_NO_END);
}

static void test_mmap_bad_entry_size(void **state)
{
	static const uint32_t bad_sizes[] = {0, 1, 8, 16, 20, 23, 25, 28, 36};
	static struct builder b;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		begin(&b);
		size_t at = add_mmap(&b, 24, sample_mmap, SAMPLE_MMAP_COUNT);

		finish(&b);
		set_u32(&b, at + 8, bad_sizes[i]);
		assert_int_equal(parse(&b), MB2_ERR_BAD_TAG);
	}
}

static void test_mmap_larger_entries(void **state)
{
	static struct builder b;

	(void)state;
	/* A future spec may grow entries; the extra bytes are skipped. */
	begin(&b);
	add_mmap(&b, 40, sample_mmap, SAMPLE_MMAP_COUNT);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.mmap_count, SAMPLE_MMAP_COUNT);
	for (size_t i = 0; i < SAMPLE_MMAP_COUNT; i++) {
		assert_int_equal(info.mmap[i].base, sample_mmap[i].base);
		assert_int_equal(info.mmap[i].length, sample_mmap[i].length);
		assert_int_equal(info.mmap[i].type, sample_mmap[i].type);
	}
}

static void test_mmap_partial_entry_ignored(void **state)
{
	static struct builder b;

	(void)state;
	/* Two whole entries plus 8 stray bytes: (size - 16) / 24 = 2. */
	begin(&b);
	size_t at = add_mmap(&b, 24, sample_mmap, 2);

	/* The tag is already padded to 64 bytes; extend it by hand. */
	put_u64(&b, 0x1111111111111111ULL);
	set_u32(&b, at + 4, (uint32_t)(b.len - at));
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.mmap_count, 2);

	/* An mmap tag too short for its own header is malformed. */
	begin(&b);
	add_raw_tag(&b, MB2_TAG_MMAP, "\x18\0\0\0", 4);
	finish(&b);
	assert_int_equal(parse(&b), MB2_ERR_BAD_TAG);

	/* A header with no entries is a valid, empty map. */
	begin(&b);
	add_mmap(&b, 24, NULL, 0);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.mmap_count, 0);
}

static void test_too_many_mmap_entries(void **state)
{
	static struct mb2_mmap_entry many[MB2_MAX_MMAP + 72];
	static struct builder b;

	(void)state;
	for (size_t i = 0; i < sizeof(many) / sizeof(many[0]); i++) {
		many[i].base = i * 0x1000;
		many[i].length = 0x1000;
		many[i].type = MB2_MEM_AVAILABLE;
	}

	begin(&b);
	add_mmap(&b, 24, many, MB2_MAX_MMAP);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.mmap_count, MB2_MAX_MMAP);
	assert_int_equal(info.mmap_truncated, 0);

	begin(&b);
	add_mmap(&b, 24, many, sizeof(many) / sizeof(many[0]));
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.mmap_count, MB2_MAX_MMAP);
	assert_int_equal(info.mmap_truncated, 1);
	assert_int_equal(info.mmap[MB2_MAX_MMAP - 1].base,
			 (MB2_MAX_MMAP - 1) * 0x1000);

	/* Two tags that only overflow together. */
	begin(&b);
	add_mmap(&b, 24, many, 100);
	add_mmap(&b, 24, many + 100, 100);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.mmap_count, MB2_MAX_MMAP);
	assert_int_equal(info.mmap_truncated, 1);
	assert_int_equal(info.mmap[100].base, 100 * 0x1000);
}

static void test_framebuffer_too_short(void **state)
{
	static struct builder b;
	struct fb_params fb = sample_fb;

	(void)state;
	/* Common part cut short. */
	for (uint32_t size = 8; size < 32; size++) {
		begin(&b);
		size_t at = add_framebuffer(&b, &fb);

		finish(&b);
		set_u32(&b, at + 4, size);
		assert_int_equal(parse(&b), MB2_ERR_BAD_TAG);
	}

	/* RGB needs its six colour bytes too. */
	for (uint32_t size = 32; size < 38; size++) {
		begin(&b);
		size_t at = add_framebuffer(&b, &fb);

		finish(&b);
		set_u32(&b, at + 4, size);
		assert_int_equal(parse(&b), MB2_ERR_BAD_TAG);
	}

	/* Other types need only the common part. */
	fb.type = MB2_FB_EGA_TEXT;
	fb.bpp = 16;
	begin(&b);
	add_framebuffer(&b, &fb);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.fb.type, MB2_FB_EGA_TEXT);
	assert_int_equal(info.fb.width, 1024);
	assert_int_equal(info.fb.bpp, 16);
	assert_int_equal(info.fb.red_size, 0);

	fb.type = MB2_FB_INDEXED;
	begin(&b);
	add_framebuffer(&b, &fb);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.fb.type, MB2_FB_INDEXED);
}

static void test_short_fixed_parts(void **state)
{
	static struct builder b;
	static const uint8_t zeros[40];

	(void)state;
	/* Each known tag one byte short of its fixed part. */
	static const struct {
		uint32_t type;
		size_t payload;
	} cases[] = {
	    {MB2_TAG_MODULE, 7},    {MB2_TAG_BASIC_MEMINFO, 7},
	    {MB2_TAG_MMAP, 7},	    {MB2_TAG_ACPI_OLD, 19},
	    {MB2_TAG_ACPI_NEW, 35}, {MB2_TAG_FRAMEBUFFER, 23},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		begin(&b);
		add_raw_tag(&b, cases[i].type, zeros, cases[i].payload);
		finish(&b);
		assert_int_equal(parse(&b), MB2_ERR_BAD_TAG);
	}

	/* Empty strings are fine: an 8-byte cmdline tag means "". */
	begin(&b);
	add_raw_tag(&b, MB2_TAG_CMDLINE, zeros, 0);
	add_raw_tag(&b, MB2_TAG_LOADER_NAME, zeros, 0);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_string_equal(info.cmdline, "");
	assert_string_equal(info.loader_name, "");
}

static void test_module_without_string(void **state)
{
	static struct builder b;

	(void)state;
	begin(&b);
	size_t at = begin_tag(&b, MB2_TAG_MODULE);

	put_u32(&b, 0x300000);
	put_u32(&b, 0x301000);
	end_tag(&b, at);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.module_count, 1);
	assert_int_equal(info.modules[0].start, 0x300000);
	assert_int_equal(info.modules[0].end, 0x301000);
	assert_string_equal(info.modules[0].string, "");
}

static void test_too_many_modules(void **state)
{
	static struct builder b;
	char name[16];

	(void)state;
	begin(&b);
	for (int i = 0; i < MB2_MAX_MODULES + 8; i++) {
		snprintf(name, sizeof(name), "mod%d", i);
		add_module(&b, (uint32_t)i * 0x1000, (uint32_t)i * 0x1000 + 1,
			   name);
	}
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.module_count, MB2_MAX_MODULES);
	assert_string_equal(info.modules[MB2_MAX_MODULES - 1].string, "mod31");
}

static void test_acpi_revisions(void **state)
{
	static struct builder b;

	(void)state;
	begin(&b);
	size_t old_at = add_acpi(&b, MB2_TAG_ACPI_OLD, 20);

	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.rsdp_revision, 0);
	assert_int_equal(info.rsdp_phys, INFO_PHYS + old_at + 8);

	/* New before old: the old tag must not downgrade the choice. */
	begin(&b);
	size_t new_at = add_acpi(&b, MB2_TAG_ACPI_NEW, 36);

	add_acpi(&b, MB2_TAG_ACPI_OLD, 20);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.rsdp_revision, 2);
	assert_int_equal(info.rsdp_phys, INFO_PHYS + new_at + 8);
}

static void test_long_strings_truncated(void **state)
{
	static struct builder b;
	static char long_cmdline[MB2_MAX_STRING * 4 + 500];
	static char long_name[MB2_MAX_STRING + 50];

	(void)state;
	memset(long_cmdline, 'c', sizeof(long_cmdline) - 1);
	memset(long_name, 'n', sizeof(long_name) - 1);

	begin(&b);
	add_string_tag(&b, MB2_TAG_CMDLINE, long_cmdline);
	add_string_tag(&b, MB2_TAG_LOADER_NAME, long_name);
	add_module(&b, 0, 1, long_name);
	finish(&b);
	assert_int_equal(parse(&b), 0);

	assert_int_equal(strlen(info.cmdline), sizeof(info.cmdline) - 1);
	assert_memory_equal(info.cmdline, long_cmdline,
			    sizeof(info.cmdline) - 1);
	assert_int_equal(strlen(info.loader_name), MB2_MAX_STRING - 1);
	assert_memory_equal(info.loader_name, long_name, MB2_MAX_STRING - 1);
	assert_int_equal(strlen(info.modules[0].string), MB2_MAX_STRING - 1);
}

static void test_strings_without_nul(void **state)
{
	static struct builder b;

	(void)state;
	/* The tag ends where the string does: no NUL, then padding. */
	begin(&b);
	size_t at = add_raw_tag(&b, MB2_TAG_CMDLINE, "abcdefXYZ", 6);

	/* Make the padding non-zero so reading it would show. */
	set_u8(&b, at + 14, 'P');
	set_u8(&b, at + 15, 'Q');
	add_raw_tag(&b, MB2_TAG_LOADER_NAME, "ld\0junk", 7);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_string_equal(info.cmdline, "abcdef");
	assert_string_equal(info.loader_name, "ld");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_avail_too_small),
	    cmocka_unit_test(test_total_size_too_small),
	    cmocka_unit_test(test_total_size_beyond_avail),
	    cmocka_unit_test(test_tag_size_below_header),
	    cmocka_unit_test(test_tag_runs_past_end),
	    cmocka_unit_test(test_tag_header_does_not_fit),
	    cmocka_unit_test(test_missing_end_tag),
	    cmocka_unit_test(test_mmap_bad_entry_size),
	    cmocka_unit_test(test_mmap_larger_entries),
	    cmocka_unit_test(test_mmap_partial_entry_ignored),
	    cmocka_unit_test(test_too_many_mmap_entries),
	    cmocka_unit_test(test_framebuffer_too_short),
	    cmocka_unit_test(test_short_fixed_parts),
	    cmocka_unit_test(test_module_without_string),
	    cmocka_unit_test(test_too_many_modules),
	    cmocka_unit_test(test_acpi_revisions),
	    cmocka_unit_test(test_long_strings_truncated),
	    cmocka_unit_test(test_strings_without_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
