/*
 * test_multiboot2.c - host unit tests for mb2_parse() on synthetic and
 * hostile multiboot2 information structures.
 *
 * Structures are assembled byte by byte with the small builder below, then
 * copied into a malloc() block of exactly the length the parser is allowed
 * to read, so AddressSanitizer reports any read past it.
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

#define INFO_PHYS 0x10000ULL

/* ---- builder -------------------------------------------------------- */

struct builder {
	uint8_t bytes[32768];
	size_t len;
};

static void set_u8(struct builder *b, size_t at, uint8_t v)
{
	assert_true(at < sizeof(b->bytes));
	b->bytes[at] = v;
}

static void set_u16(struct builder *b, size_t at, uint16_t v)
{
	set_u8(b, at, (uint8_t)v);
	set_u8(b, at + 1, (uint8_t)(v >> 8));
}

static void set_u32(struct builder *b, size_t at, uint32_t v)
{
	set_u16(b, at, (uint16_t)v);
	set_u16(b, at + 2, (uint16_t)(v >> 16));
}

static void set_u64(struct builder *b, size_t at, uint64_t v)
{
	set_u32(b, at, (uint32_t)v);
	set_u32(b, at + 4, (uint32_t)(v >> 32));
}

static void put_u8(struct builder *b, uint8_t v)
{
	set_u8(b, b->len, v);
	b->len += 1;
}

static void put_u16(struct builder *b, uint16_t v)
{
	set_u16(b, b->len, v);
	b->len += 2;
}

static void put_u32(struct builder *b, uint32_t v)
{
	set_u32(b, b->len, v);
	b->len += 4;
}

static void put_u64(struct builder *b, uint64_t v)
{
	set_u64(b, b->len, v);
	b->len += 8;
}

static void put_bytes(struct builder *b, const void *src, size_t n)
{
	assert_true(b->len + n <= sizeof(b->bytes));
	memcpy(b->bytes + b->len, src, n);
	b->len += n;
}

/* Starts a structure: total_size is patched in by finish(). */
static void begin(struct builder *b)
{
	memset(b, 0, sizeof(*b));
	put_u32(b, 0);
	put_u32(b, 0);
}

/* Opens a tag and returns its offset, for end_tag() and for tests. */
static size_t begin_tag(struct builder *b, uint32_t type)
{
	size_t start = b->len;

	assert_int_equal(start % 8, 0);
	put_u32(b, type);
	put_u32(b, 0);
	return start;
}

/* Records the tag's true size, then pads to the next 8-byte boundary. */
static void end_tag(struct builder *b, size_t start)
{
	set_u32(b, start + 4, (uint32_t)(b->len - start));
	while (b->len % 8 != 0)
		put_u8(b, 0);
}

static void set_total_size(struct builder *b, uint32_t total)
{
	set_u32(b, 0, total);
}

static void finish(struct builder *b)
{
	end_tag(b, begin_tag(b, MB2_TAG_END));
	set_total_size(b, (uint32_t)b->len);
}

static size_t add_raw_tag(struct builder *b, uint32_t type, const void *payload,
			  size_t len)
{
	size_t start = begin_tag(b, type);

	put_bytes(b, payload, len);
	end_tag(b, start);
	return start;
}

/* The string goes in with its NUL, as GRUB writes it. */
static size_t add_string_tag(struct builder *b, uint32_t type, const char *s)
{
	return add_raw_tag(b, type, s, strlen(s) + 1);
}

static void add_meminfo(struct builder *b, uint32_t lower, uint32_t upper)
{
	size_t start = begin_tag(b, MB2_TAG_BASIC_MEMINFO);

	put_u32(b, lower);
	put_u32(b, upper);
	end_tag(b, start);
}

/* entry_size beyond 24 is filled with 0xee to show it is really skipped. */
static size_t add_mmap(struct builder *b, uint32_t entry_size,
		       const struct mb2_mmap_entry *entries, size_t count)
{
	size_t start = begin_tag(b, MB2_TAG_MMAP);

	put_u32(b, entry_size);
	put_u32(b, 0);
	for (size_t i = 0; i < count; i++) {
		size_t entry_start = b->len;

		put_u64(b, entries[i].base);
		put_u64(b, entries[i].length);
		put_u32(b, entries[i].type);
		put_u32(b, 0);
		while (b->len - entry_start < entry_size)
			put_u8(b, 0xee);
	}
	end_tag(b, start);
	return start;
}

static void add_module(struct builder *b, uint32_t mod_start, uint32_t mod_end,
		       const char *string)
{
	size_t start = begin_tag(b, MB2_TAG_MODULE);

	put_u32(b, mod_start);
	put_u32(b, mod_end);
	put_bytes(b, string, strlen(string) + 1);
	end_tag(b, start);
}

struct fb_params {
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, type;
	uint8_t colors[6]; /* RGB only: red pos/size, green, blue */
};

/* Writes exactly the bytes the spec defines for the given type. */
static size_t add_framebuffer(struct builder *b, const struct fb_params *fb)
{
	size_t start = begin_tag(b, MB2_TAG_FRAMEBUFFER);

	put_u64(b, fb->addr);
	put_u32(b, fb->pitch);
	put_u32(b, fb->width);
	put_u32(b, fb->height);
	put_u8(b, fb->bpp);
	put_u8(b, fb->type);
	put_u16(b, 0);
	if (fb->type == MB2_FB_RGB)
		put_bytes(b, fb->colors, sizeof(fb->colors));
	end_tag(b, start);
	return start;
}

/* An RSDP copy: the signature, then zeros up to the revision's size. */
static size_t add_acpi(struct builder *b, uint32_t type, size_t rsdp_size)
{
	uint8_t rsdp[64] = "RSD PTR ";

	assert_true(rsdp_size <= sizeof(rsdp));
	return add_raw_tag(b, type, rsdp, rsdp_size);
}

/* ---- running the parser -------------------------------------------- */

static struct boot_info info;

/*
 * Parses the first avail bytes of b from a heap block of exactly that size,
 * so ASan flags any read beyond what the parser was allowed.
 */
static int parse_avail(const struct builder *b, size_t avail)
{
	uint8_t *copy = malloc(avail);
	int result;

	assert_true(avail == 0 || copy != NULL);
	if (avail > 0)
		memcpy(copy, b->bytes, avail < b->len ? avail : b->len);
	result = mb2_parse(copy, avail, INFO_PHYS, &info);
	free(copy);
	return result;
}

static int parse(const struct builder *b)
{
	return parse_avail(b, b->len);
}

static void assert_defaults(void)
{
	assert_string_equal(info.cmdline, "");
	assert_string_equal(info.loader_name, "");
	assert_int_equal(info.mmap_count, 0);
	assert_int_equal(info.mmap_truncated, 0);
	assert_int_equal(info.module_count, 0);
	assert_int_equal(info.fb.type, MB2_FB_NONE);
	assert_int_equal(info.rsdp_phys, 0);
	assert_int_equal(info.rsdp_revision, -1);
	assert_int_equal(info.mem_lower_kb, 0);
	assert_int_equal(info.mem_upper_kb, 0);
}

/* ---- tests ---------------------------------------------------------- */

static const struct mb2_mmap_entry sample_mmap[] = {
	{ 0x0, 0x9fc00, MB2_MEM_AVAILABLE },
	{ 0x9fc00, 0x400, MB2_MEM_RESERVED },
	{ 0x100000, 0x7ee0000, MB2_MEM_AVAILABLE },
	{ 0x7fe0000, 0x20000, MB2_MEM_ACPI_RECLAIMABLE },
	{ 0xfffc0000, 0x40000, 20 }, /* invented by UEFI firmware */
	{ 0x100000000ULL, 0x180000000ULL, MB2_MEM_AVAILABLE },
};

#define SAMPLE_MMAP_COUNT (sizeof(sample_mmap) / sizeof(sample_mmap[0]))

static const struct fb_params sample_fb = {
	.addr = 0xfd000000,
	.pitch = 4096,
	.width = 1024,
	.height = 768,
	.bpp = 32,
	.type = MB2_FB_RGB,
	.colors = { 16, 8, 8, 8, 0, 8 },
};

/* Offsets of the ACPI tags in the structure build_full() makes. */
static size_t full_acpi_old_at, full_acpi_new_at;

static void build_full(struct builder *b)
{
	static const uint8_t bootdev[12] = { 0x80, 0, 0, 0, 1 };
	static const uint8_t odd_unknown[5] = { 1, 2, 3, 4, 5 };

	begin(b);
	add_string_tag(b, MB2_TAG_CMDLINE, "iobitmap=seq init=a,b iotrace");
	add_string_tag(b, MB2_TAG_LOADER_NAME, "GRUB 2.06");
	add_meminfo(b, 639, 130048);
	add_raw_tag(b, MB2_TAG_BOOTDEV, bootdev, sizeof(bootdev));
	add_mmap(b, 24, sample_mmap, SAMPLE_MMAP_COUNT);
	add_raw_tag(b, 0x1234, odd_unknown, sizeof(odd_unknown));
	add_module(b, 0x200000, 0x201000, "init");
	add_module(b, 0x201000, 0x2f0000, "ramdisk size=12");
	add_framebuffer(b, &sample_fb);
	full_acpi_old_at = add_acpi(b, MB2_TAG_ACPI_OLD, 20);
	full_acpi_new_at = add_acpi(b, MB2_TAG_ACPI_NEW, 36);
	finish(b);
}

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
	static const uint8_t junk[29] = { 0xff, 0xff, 0xff, 0xff };

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
	static const uint32_t not_usable[] = { 0, 2, 3, 4, 5, 6, 7, 12, 20,
					       0xffffffff };
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
	static const int codes[] = { MB2_ERR_TOO_SMALL, MB2_ERR_TRUNCATED,
				     MB2_ERR_BAD_TAG, MB2_ERR_NO_END };

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
	static const uint32_t sizes[] = { 0, 1, 8, 15 };
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
	static const uint32_t sizes[] = { 0, 1, 4, 7 };
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
	static const uint32_t sizes[] = { 33, 64, 0x10000, 0xfffffff8,
					  0xffffffff };
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
	static const uint32_t bad_sizes[] = { 0, 1, 8, 16, 20, 23, 25, 28, 36 };
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
		{ MB2_TAG_MODULE, 7 },      { MB2_TAG_BASIC_MEMINFO, 7 },
		{ MB2_TAG_MMAP, 7 },        { MB2_TAG_ACPI_OLD, 19 },
		{ MB2_TAG_ACPI_NEW, 35 },   { MB2_TAG_FRAMEBUFFER, 23 },
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
			mutant.bytes[at] = (uint8_t)((seed >> 16) %
						     ((round & 1) ? 256 : 64));
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
		cmocka_unit_test(test_full_structure),
		cmocka_unit_test(test_minimal_structure_has_defaults),
		cmocka_unit_test(test_misaligned_base_is_fine),
		cmocka_unit_test(test_unknown_tags_skipped),
		cmocka_unit_test(test_end_tag_stops_the_walk),
		cmocka_unit_test(test_unknown_memory_types_not_usable),
		cmocka_unit_test(test_strerror),
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
		cmocka_unit_test(test_every_prefix_rejected),
		cmocka_unit_test(test_random_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
