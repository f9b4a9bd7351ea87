/*
 * test_multiboot2.c - host unit tests for mb2_parse() on well-formed
 * multiboot2 information structures (test_multiboot2_hostile.c has the
 * malformed and hostile ones).  Structures come from mb2_builder.c.
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

static void test_full_structure(void **state)
{
	static struct builder b;

	(void)state;
	build_full(&b);
	assert_int_equal(parse(&b), 0);

	assert_int_equal(info.info_phys, INFO_PHYS);
	assert_int_equal(info.info_size, b.len);
	assert_string_equal(info.cmdline, "iobitmap=seq init=a,b iotrace");
	assert_string_equal(info.loader_name, "GRUB 2.06");
	assert_int_equal(info.mem_lower_kb, 639);
	assert_int_equal(info.mem_upper_kb, 130048);

	assert_int_equal(info.mmap_count, SAMPLE_MMAP_COUNT);
	assert_int_equal(info.mmap_truncated, 0);
	for (size_t i = 0; i < SAMPLE_MMAP_COUNT; i++) {
		assert_int_equal(info.mmap[i].base, sample_mmap[i].base);
		assert_int_equal(info.mmap[i].length, sample_mmap[i].length);
		assert_int_equal(info.mmap[i].type, sample_mmap[i].type);
	}

	assert_int_equal(info.module_count, 2);
	assert_int_equal(info.modules[0].start, 0x200000);
	assert_int_equal(info.modules[0].end, 0x201000);
	assert_string_equal(info.modules[0].string, "init");
	assert_int_equal(info.modules[1].start, 0x201000);
	assert_int_equal(info.modules[1].end, 0x2f0000);
	assert_string_equal(info.modules[1].string, "ramdisk size=12");

	assert_int_equal(info.fb.type, MB2_FB_RGB);
	assert_int_equal(info.fb.addr, 0xfd000000);
	assert_int_equal(info.fb.pitch, 4096);
	assert_int_equal(info.fb.width, 1024);
	assert_int_equal(info.fb.height, 768);
	assert_int_equal(info.fb.bpp, 32);
	assert_int_equal(info.fb.red_pos, 16);
	assert_int_equal(info.fb.red_size, 8);
	assert_int_equal(info.fb.green_pos, 8);
	assert_int_equal(info.fb.green_size, 8);
	assert_int_equal(info.fb.blue_pos, 0);
	assert_int_equal(info.fb.blue_size, 8);

	/* The 2.0 RSDP wins, and its address is inside the structure. */
	assert_int_equal(info.rsdp_revision, 2);
	assert_int_equal(info.rsdp_phys, INFO_PHYS + full_acpi_new_at + 8);
	assert_memory_equal(b.bytes + (info.rsdp_phys - INFO_PHYS), "RSD PTR ",
			    8);
}

static void test_minimal_structure_has_defaults(void **state)
{
	static struct builder b;

	(void)state;
	begin(&b);
	finish(&b);
	assert_int_equal(b.len, 16);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.info_size, 16);
	assert_int_equal(info.info_phys, INFO_PHYS);
	assert_defaults();
}

static void test_misaligned_base_is_fine(void **state)
{
	static struct builder b;

	(void)state;
	build_full(&b);
	/* Byte-wise reads mean even an odd address is safe under UBSan. */
	uint8_t *block = malloc(b.len + 1);

	assert_non_null(block);
	memcpy(block + 1, b.bytes, b.len);
	assert_int_equal(mb2_parse(block + 1, b.len, INFO_PHYS, &info), 0);
	assert_int_equal(info.mmap_count, SAMPLE_MMAP_COUNT);
	assert_int_equal(info.fb.addr, 0xfd000000);
	free(block);
}

static void test_unknown_tags_skipped(void **state)
{
	static struct builder b;
	static const uint8_t junk[29] = {0xff, 0xff, 0xff, 0xff};

	(void)state;
	begin(&b);
	add_raw_tag(&b, 7, junk, 0); /* a bare 8-byte header */
	add_raw_tag(&b, 9, junk, 3);
	add_string_tag(&b, MB2_TAG_CMDLINE, "between");
	add_raw_tag(&b, 21, junk, sizeof(junk));
	add_raw_tag(&b, 0xffffffff, junk, 16);
	add_meminfo(&b, 1, 2);
	finish(&b);

	assert_int_equal(parse(&b), 0);
	assert_string_equal(info.cmdline, "between");
	assert_int_equal(info.mem_lower_kb, 1);
	assert_int_equal(info.mem_upper_kb, 2);
}

static void test_end_tag_stops_the_walk(void **state)
{
	static struct builder b;

	(void)state;
	begin(&b);
	add_string_tag(&b, MB2_TAG_CMDLINE, "before");
	end_tag(&b, begin_tag(&b, MB2_TAG_END));
	/* Anything after the end tag, even garbage, is not looked at. */
	add_string_tag(&b, MB2_TAG_CMDLINE, "after");
	put_u32(&b, 0xdeadbeef);
	put_u32(&b, 3);
	set_total_size(&b, (uint32_t)b.len);

	assert_int_equal(parse(&b), 0);
	assert_string_equal(info.cmdline, "before");
}

static void test_unknown_memory_types_not_usable(void **state)
{
	static const uint32_t not_usable[] = {0, 2, 3,	4,  5,
					      6, 7, 12, 20, 0xffffffff};
	static struct builder b;

	(void)state;
	assert_true(mb2_mem_usable(MB2_MEM_AVAILABLE));
	for (size_t i = 0; i < sizeof(not_usable) / sizeof(not_usable[0]); i++)
		assert_false(mb2_mem_usable(not_usable[i]));

	assert_string_equal(mb2_mem_type_name(1), "available");
	assert_string_equal(mb2_mem_type_name(2), "reserved");
	assert_string_equal(mb2_mem_type_name(3), "ACPI reclaimable");
	assert_string_equal(mb2_mem_type_name(4), "ACPI NVS");
	assert_string_equal(mb2_mem_type_name(5), "bad RAM");
	assert_string_equal(mb2_mem_type_name(0), "unknown");
	assert_string_equal(mb2_mem_type_name(20), "unknown");

	/* The parser reports the type as given; the caller judges it. */
	build_full(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.mmap[4].type, 20);
	assert_false(mb2_mem_usable(info.mmap[4].type));
}

static void test_strerror(void **state)
{
	static const int codes[] = {MB2_ERR_TOO_SMALL, MB2_ERR_TRUNCATED,
				    MB2_ERR_BAD_TAG, MB2_ERR_NO_END};

	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_non_null(mb2_strerror(codes[i]));
		assert_string_not_equal(mb2_strerror(codes[i]),
					mb2_strerror(-99));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(mb2_strerror(codes[i]),
						mb2_strerror(codes[j]));
	}
	assert_non_null(mb2_strerror(0));
	assert_non_null(mb2_strerror(-99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_structure),
	    cmocka_unit_test(test_minimal_structure_has_defaults),
	    cmocka_unit_test(test_misaligned_base_is_fine),
	    cmocka_unit_test(test_unknown_tags_skipped),
	    cmocka_unit_test(test_end_tag_stops_the_walk),
	    cmocka_unit_test(test_unknown_memory_types_not_usable),
	    cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
