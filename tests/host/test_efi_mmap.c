/*
 * test_efi_mmap.c - host unit tests for the UEFI memory map (multiboot2
 * tag 17, kernel/efi_mmap.c): type conversion, merging, the stride the
 * firmware states, hostile descriptors, and the rule that the UEFI map
 * replaces GRUB's own map (tag 6) when it is present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/multiboot2.h"
#include "tests/host/mb2_builder.h"

#define PAGE 4096ULL

static int parse_efi(uint32_t desc_size, const struct efi_desc *d, size_t count,
		     int with_tag6)
{
	struct builder b;

	begin(&b);
	if (with_tag6)
		add_mmap(&b, 24, sample_mmap, SAMPLE_MMAP_COUNT);
	add_efi_mmap(&b, desc_size, d, count);
	finish(&b);
	return parse(&b);
}

static void assert_entry(int i, uint64_t base, uint64_t length, uint32_t type)
{
	assert_int_equal(info.mmap[i].base, base);
	assert_int_equal(info.mmap[i].length, length);
	assert_int_equal(info.mmap[i].type, type);
}

/* An OVMF-like map: 48-byte descriptors, runs of usable kinds that merge,
 * and every kind that must stay out of the allocator. */
static void test_converted_merged_and_preferred(void **state)
{
	(void)state;
	static const struct efi_desc d[] = {
	    {7, 0x0, 0x9f},		/* conventional */
	    {4, 0x9f000, 0x1},		/* boot services data: merges */
	    {0, 0xa0000, 0x60},		/* reserved */
	    {2, 0x100000, 0x100},	/* loader data */
	    {7, 0x200000, 0x1000},	/* conventional: merges */
	    {3, 0x1200000, 0x10},	/* boot services code: merges */
	    {1, 0x1210000, 0x10},	/* loader code: merges */
	    {9, 0x1220000, 0x2},	/* ACPI reclaim */
	    {10, 0x1222000, 0x2},	/* ACPI NVS */
	    {8, 0x1224000, 0x1},	/* unusable */
	    {5, 0x1225000, 0x1},	/* runtime code */
	    {6, 0x1226000, 0x1},	/* runtime data: merges with code */
	    {11, 0xfec00000, 0x1},	/* MMIO */
	    {14, 0x100000000ULL, 0x10}, /* persistent memory */
	    {99, 0x200000000ULL, 0x10}, /* a type from the future */
	};

	assert_int_equal(parse_efi(48, d, sizeof(d) / sizeof(d[0]), 1), 0);
	assert_int_equal(info.mmap_from_efi, 1);
	assert_int_equal(info.efi_desc_count, 15);
	assert_int_equal(info.mmap_count, 10);
	assert_int_equal(info.mmap_truncated, 0);
	assert_entry(0, 0x0, 0xa0000, MB2_MEM_AVAILABLE);
	assert_entry(1, 0xa0000, 0x60000, MB2_MEM_RESERVED);
	assert_entry(2, 0x100000, 0x1120000, MB2_MEM_AVAILABLE);
	assert_entry(3, 0x1220000, 0x2000, MB2_MEM_ACPI_RECLAIMABLE);
	assert_entry(4, 0x1222000, 0x2000, MB2_MEM_NVS);
	assert_entry(5, 0x1224000, 0x1000, MB2_MEM_BADRAM);
	assert_entry(6, 0x1225000, 0x2000, MB2_MEM_RESERVED);
	assert_entry(7, 0xfec00000, 0x1000, MB2_MEM_RESERVED);
	assert_entry(8, 0x100000000ULL, 0x10000, MB2_MEM_RESERVED);
	assert_entry(9, 0x200000000ULL, 0x10000, MB2_MEM_RESERVED);
	assert_false(mb2_mem_usable(info.mmap[3].type));
	assert_false(mb2_mem_usable(info.mmap[8].type));
}

/* Ranges of the same kind that do not touch stay apart. */
static void test_gaps_are_not_merged(void **state)
{
	(void)state;
	static const struct efi_desc d[] = {
	    {7, 0x0, 0x10},
	    {7, 0x20000, 0x10},
	};

	assert_int_equal(parse_efi(40, d, 2, 0), 0);
	assert_int_equal(info.mmap_count, 2);
	assert_entry(0, 0x0, 0x10000, MB2_MEM_AVAILABLE);
	assert_entry(1, 0x20000, 0x10000, MB2_MEM_AVAILABLE);
}

static void test_without_tag17_the_loader_map_stays(void **state)
{
	(void)state;
	struct builder b;

	begin(&b);
	add_mmap(&b, 24, sample_mmap, SAMPLE_MMAP_COUNT);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.mmap_from_efi, 0);
	assert_int_equal(info.mmap_count, SAMPLE_MMAP_COUNT);
	assert_int_equal(info.mmap[0].base, sample_mmap[0].base);
}

/* A tag 17 with no descriptors (or only empty ones) must not wipe out a
 * good tag 6. */
static void test_empty_efi_map_keeps_the_loader_map(void **state)
{
	(void)state;
	static const struct efi_desc d[] = {{7, 0x100000, 0}};

	assert_int_equal(parse_efi(48, d, 0, 1), 0);
	assert_int_equal(info.mmap_from_efi, 0);
	assert_int_equal(info.mmap_count, SAMPLE_MMAP_COUNT);

	assert_int_equal(parse_efi(48, d, 1, 1), 0);
	assert_int_equal(info.efi_desc_count, 1);
	assert_int_equal(info.mmap_from_efi, 0);
	assert_int_equal(info.mmap_count, SAMPLE_MMAP_COUNT);
}

static void test_bad_descriptor_sizes_refused(void **state)
{
	(void)state;
	static const struct efi_desc d[] = {{7, 0x0, 1}};
	static const uint32_t bad[] = {0, 8, 32, 39, 44, 46};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct builder b;
		begin(&b);
		size_t start = begin_tag(&b, MB2_TAG_EFI_MMAP);
		put_u32(&b, bad[i]);
		put_u32(&b, 1);
		for (int j = 0; j < 48; j++)
			put_u8(&b, 0);
		end_tag(&b, start);
		finish(&b);
		assert_int_equal(parse(&b), MB2_ERR_BAD_TAG);
	}
	(void)d;
}

/* Shorter than its own header: refused, and never read past. */
static void test_tag_shorter_than_header_refused(void **state)
{
	(void)state;
	struct builder b;
	const uint8_t four[4] = {48, 0, 0, 0};

	begin(&b);
	add_raw_tag(&b, MB2_TAG_EFI_MMAP, four, sizeof(four));
	finish(&b);
	assert_int_equal(parse(&b), MB2_ERR_BAD_TAG);
}

static void test_overflowing_ranges_refused(void **state)
{
	(void)state;
	static const struct efi_desc huge_pages[] = {{7, 0, 1ULL << 52}};
	static const struct efi_desc wraps[] = {{7, 0xfffffffffffff000ULL, 2}};
	static const struct efi_desc last_page[] = {
	    {0, 0xfffffffffffff000ULL, 1}};
	static const struct efi_desc below_last[] = {
	    {0, 0xffffffffffffe000ULL, 1}};

	assert_int_equal(parse_efi(40, huge_pages, 1, 0), MB2_ERR_BAD_TAG);
	assert_int_equal(parse_efi(40, wraps, 1, 0), MB2_ERR_BAD_TAG);
	/* An end of exactly 2^64 is not representable either (a following
	 * range at 0 would look adjacent): refused. */
	assert_int_equal(parse_efi(40, last_page, 1, 0), MB2_ERR_BAD_TAG);
	assert_int_equal(parse_efi(40, below_last, 1, 0), 0);
	assert_int_equal(info.mmap_count, 1);
}

/* A trailing partial descriptor (the tag size is not a multiple of the
 * stride) is not read. */
static void test_partial_descriptor_ignored(void **state)
{
	(void)state;
	static const struct efi_desc d[] = {{7, 0x0, 0x10}};
	struct builder b;

	begin(&b);
	size_t start = begin_tag(&b, MB2_TAG_EFI_MMAP);
	put_u32(&b, 40);
	put_u32(&b, 1);
	put_u32(&b, d[0].type);
	put_u32(&b, 0);
	put_u64(&b, d[0].base);
	put_u64(&b, 0);
	put_u64(&b, d[0].pages);
	put_u64(&b, 0);
	put_u32(&b, 7); /* half of a second descriptor */
	put_u32(&b, 0);
	put_u64(&b, 0x100000);
	end_tag(&b, start);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.efi_desc_count, 1);
	assert_int_equal(info.mmap_count, 1);
}

/* More ranges than boot_info keeps: the first MB2_MAX_MMAP survive and
 * the truncation is reported. */
static void test_too_many_ranges_truncated(void **state)
{
	(void)state;
	static struct efi_desc d[MB2_MAX_MMAP + 40];
	size_t n = sizeof(d) / sizeof(d[0]);

	for (size_t i = 0; i < n; i++) {
		d[i].type = i % 2 ? 0 : 7; /* alternate: nothing merges */
		d[i].base = i * PAGE;
		d[i].pages = 1;
	}
	assert_int_equal(parse_efi(40, d, n, 0), 0);
	assert_int_equal(info.efi_desc_count, n);
	assert_int_equal(info.mmap_count, MB2_MAX_MMAP);
	assert_int_equal(info.mmap_truncated, 1);
	assert_entry(MB2_MAX_MMAP - 1, (MB2_MAX_MMAP - 1) * PAGE, PAGE,
		     MB2_MEM_RESERVED);
}

/* The tag's position does not matter: tag 17 before tag 6 still wins. */
static void test_order_of_tags_irrelevant(void **state)
{
	(void)state;
	static const struct efi_desc d[] = {{7, 0x0, 0x10}};
	struct builder b;

	begin(&b);
	add_efi_mmap(&b, 48, d, 1);
	add_mmap(&b, 24, sample_mmap, SAMPLE_MMAP_COUNT);
	finish(&b);
	assert_int_equal(parse(&b), 0);
	assert_int_equal(info.mmap_from_efi, 1);
	assert_int_equal(info.mmap_count, 1);
	assert_entry(0, 0x0, 0x10000, MB2_MEM_AVAILABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_converted_merged_and_preferred),
	    cmocka_unit_test(test_gaps_are_not_merged),
	    cmocka_unit_test(test_without_tag17_the_loader_map_stays),
	    cmocka_unit_test(test_empty_efi_map_keeps_the_loader_map),
	    cmocka_unit_test(test_bad_descriptor_sizes_refused),
	    cmocka_unit_test(test_tag_shorter_than_header_refused),
	    cmocka_unit_test(test_overflowing_ranges_refused),
	    cmocka_unit_test(test_partial_descriptor_ignored),
	    cmocka_unit_test(test_too_many_ranges_truncated),
	    cmocka_unit_test(test_order_of_tags_irrelevant),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
