/*
 * mb2_builder.h - assembling multiboot2 information structures byte by
 * byte for the mb2_parse() tests (test_multiboot2*.c), and running the
 * parser on them from a heap block of exactly the allowed length, so
 * AddressSanitizer reports any read past it.
 */
#ifndef TESTS_HOST_MB2_BUILDER_H
#define TESTS_HOST_MB2_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/multiboot2.h"

#define INFO_PHYS	  0x10000ULL
#define SAMPLE_MMAP_COUNT sample_mmap_count

struct builder {
	uint8_t bytes[32768];
	size_t len;
};

struct fb_params {
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, type;
	uint8_t colors[6]; /* RGB only: red pos/size, green, blue */
};

void set_u8(struct builder *b, size_t at, uint8_t v);
void set_u16(struct builder *b, size_t at, uint16_t v);
void set_u32(struct builder *b, size_t at, uint32_t v);
void set_u64(struct builder *b, size_t at, uint64_t v);
void put_u8(struct builder *b, uint8_t v);
void put_u16(struct builder *b, uint16_t v);
void put_u32(struct builder *b, uint32_t v);
void put_u64(struct builder *b, uint64_t v);
void put_bytes(struct builder *b, const void *src, size_t n);
void begin(struct builder *b);
size_t begin_tag(struct builder *b, uint32_t type);
void end_tag(struct builder *b, size_t start);
void set_total_size(struct builder *b, uint32_t total);
void finish(struct builder *b);
size_t add_raw_tag(struct builder *b, uint32_t type, const void *payload,
		   size_t len);
size_t add_string_tag(struct builder *b, uint32_t type, const char *s);
void add_meminfo(struct builder *b, uint32_t lower, uint32_t upper);
size_t add_mmap(struct builder *b, uint32_t entry_size,
		const struct mb2_mmap_entry *entries, size_t count);
/* One UEFI memory descriptor (multiboot2 tag 17, kernel/efi_mmap.c). */
struct efi_desc {
	uint32_t type;
	uint64_t base, pages;
};
void add_efi_mmap(struct builder *b, uint32_t desc_size,
		  const struct efi_desc *d, size_t count);
void add_module(struct builder *b, uint32_t mod_start, uint32_t mod_end,
		const char *string);
size_t add_framebuffer(struct builder *b, const struct fb_params *fb);
size_t add_acpi(struct builder *b, uint32_t type, size_t rsdp_size);
int parse_avail(const struct builder *b, size_t avail);
int parse(const struct builder *b);
void assert_defaults(void);
void build_full(struct builder *b);

extern struct boot_info info;
extern const struct mb2_mmap_entry sample_mmap[];
extern const size_t sample_mmap_count;
extern const struct fb_params sample_fb;
extern size_t full_acpi_old_at, full_acpi_new_at;

#endif
