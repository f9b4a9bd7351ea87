/*
 * mb2_builder.c - see mb2_builder.h.
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

/* ---- builder -------------------------------------------------------- */

void set_u8(struct builder *b, size_t at, uint8_t v)
{
	assert_true(at < sizeof(b->bytes));
	b->bytes[at] = v;
}

void set_u16(struct builder *b, size_t at, uint16_t v)
{
	set_u8(b, at, (uint8_t)v);
	set_u8(b, at + 1, (uint8_t)(v >> 8));
}

void set_u32(struct builder *b, size_t at, uint32_t v)
{
	set_u16(b, at, (uint16_t)v);
	set_u16(b, at + 2, (uint16_t)(v >> 16));
}

void set_u64(struct builder *b, size_t at, uint64_t v)
{
	set_u32(b, at, (uint32_t)v);
	set_u32(b, at + 4, (uint32_t)(v >> 32));
}

void put_u8(struct builder *b, uint8_t v)
{
	set_u8(b, b->len, v);
	b->len += 1;
}

void put_u16(struct builder *b, uint16_t v)
{
	set_u16(b, b->len, v);
	b->len += 2;
}

void put_u32(struct builder *b, uint32_t v)
{
	set_u32(b, b->len, v);
	b->len += 4;
}

void put_u64(struct builder *b, uint64_t v)
{
	set_u64(b, b->len, v);
	b->len += 8;
}

void put_bytes(struct builder *b, const void *src, size_t n)
{
	assert_true(b->len + n <= sizeof(b->bytes));
	memcpy(b->bytes + b->len, src, n);
	b->len += n;
}

/* Starts a structure: total_size is patched in by finish(). */
void begin(struct builder *b)
{
	memset(b, 0, sizeof(*b));
	put_u32(b, 0);
	put_u32(b, 0);
}

/* Opens a tag and returns its offset, for end_tag() and for tests. */
size_t begin_tag(struct builder *b, uint32_t type)
{
	size_t start = b->len;

	assert_int_equal(start % 8, 0);
	put_u32(b, type);
	put_u32(b, 0);
	return start;
}

/* Records the tag's true size, then pads to the next 8-byte boundary. */
void end_tag(struct builder *b, size_t start)
{
	set_u32(b, start + 4, (uint32_t)(b->len - start));
	while (b->len % 8 != 0)
		put_u8(b, 0);
}

void set_total_size(struct builder *b, uint32_t total)
{
	set_u32(b, 0, total);
}

void finish(struct builder *b)
{
	end_tag(b, begin_tag(b, MB2_TAG_END));
	set_total_size(b, (uint32_t)b->len);
}

size_t add_raw_tag(struct builder *b, uint32_t type, const void *payload,
		   size_t len)
{
	size_t start = begin_tag(b, type);

	put_bytes(b, payload, len);
	end_tag(b, start);
	return start;
}

/* The string goes in with its NUL, as GRUB writes it. */
size_t add_string_tag(struct builder *b, uint32_t type, const char *s)
{
	return add_raw_tag(b, type, s, strlen(s) + 1);
}

void add_meminfo(struct builder *b, uint32_t lower, uint32_t upper)
{
	size_t start = begin_tag(b, MB2_TAG_BASIC_MEMINFO);

	put_u32(b, lower);
	put_u32(b, upper);
	end_tag(b, start);
}

/* entry_size beyond 24 is filled with 0xee to show it is really skipped. */
size_t add_mmap(struct builder *b, uint32_t entry_size,
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

/* Tag 17: u32 descriptor size, u32 version (1), then the descriptors,
 * each padded with 0xee bytes up to desc_size. */
void add_efi_mmap(struct builder *b, uint32_t desc_size,
		  const struct efi_desc *d, size_t count)
{
	size_t start = begin_tag(b, MB2_TAG_EFI_MMAP);

	put_u32(b, desc_size);
	put_u32(b, 1);
	for (size_t i = 0; i < count; i++) {
		size_t at = b->len;
		put_u32(b, d[i].type);
		put_u32(b, 0);
		put_u64(b, d[i].base);
		put_u64(b, 0xdead000000000000ULL); /* VirtualStart: ignored */
		put_u64(b, d[i].pages);
		put_u64(b, 0xf); /* Attribute: ignored */
		while (b->len - at < desc_size)
			put_u8(b, 0xee);
	}
	end_tag(b, start);
}

void add_module(struct builder *b, uint32_t mod_start, uint32_t mod_end,
		const char *string)
{
	size_t start = begin_tag(b, MB2_TAG_MODULE);

	put_u32(b, mod_start);
	put_u32(b, mod_end);
	put_bytes(b, string, strlen(string) + 1);
	end_tag(b, start);
}

/* Writes exactly the bytes the spec defines for the given type. */
size_t add_framebuffer(struct builder *b, const struct fb_params *fb)
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
size_t add_acpi(struct builder *b, uint32_t type, size_t rsdp_size)
{
	uint8_t rsdp[64] = "RSD PTR ";

	assert_true(rsdp_size <= sizeof(rsdp));
	return add_raw_tag(b, type, rsdp, rsdp_size);
}

/* ---- running the parser -------------------------------------------- */

struct boot_info info;

/*
 * Parses the first avail bytes of b from a heap block of exactly that size,
 * so ASan flags any read beyond what the parser was allowed.
 */
int parse_avail(const struct builder *b, size_t avail)
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

int parse(const struct builder *b)
{
	return parse_avail(b, b->len);
}

void assert_defaults(void)
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

/* ---- shared sample data ------------------------------------------- */

const struct mb2_mmap_entry sample_mmap[] = {
    {0x0, 0x9fc00, MB2_MEM_AVAILABLE},
    {0x9fc00, 0x400, MB2_MEM_RESERVED},
    {0x100000, 0x7ee0000, MB2_MEM_AVAILABLE},
    {0x7fe0000, 0x20000, MB2_MEM_ACPI_RECLAIMABLE},
    {0xfffc0000, 0x40000, 20}, /* invented by UEFI firmware */
    {0x100000000ULL, 0x180000000ULL, MB2_MEM_AVAILABLE},
};

const size_t sample_mmap_count = sizeof(sample_mmap) / sizeof(sample_mmap[0]);

const struct fb_params sample_fb = {
    .addr = 0xfd000000,
    .pitch = 4096,
    .width = 1024,
    .height = 768,
    .bpp = 32,
    .type = MB2_FB_RGB,
    .colors = {16, 8, 8, 8, 0, 8},
};

/* Offsets of the ACPI tags in the structure build_full() makes. */
size_t full_acpi_old_at, full_acpi_new_at;

void build_full(struct builder *b)
{
	static const uint8_t bootdev[12] = {0x80, 0, 0, 0, 1};
	static const uint8_t odd_unknown[5] = {1, 2, 3, 4, 5};

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
