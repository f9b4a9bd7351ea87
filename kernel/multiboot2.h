/*
 * multiboot2.h - what the boot loader told us, in our own words.
 *
 * GRUB leaves a multiboot2 information structure in memory: a u32
 * total_size, a u32 reserved, then 8-byte aligned tags {u32 type, u32 size,
 * payload} ending with a type-0 tag of size 8.  mb2_parse() walks it once,
 * checks every length it relies on, and copies what the kernel needs into a
 * struct boot_info, so nothing later touches loader memory.  A malformed or
 * truncated structure is rejected with a negative errno-style code instead
 * of being half-trusted.  Pure C: unit-tested on the host with hostile input.
 */
#ifndef KERNEL_MULTIBOOT2_H
#define KERNEL_MULTIBOOT2_H

#include <stddef.h>
#include <stdint.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289u

/* Tag types we understand (multiboot2 spec section 3.6). */
enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_BASIC_MEMINFO = 4,
	MB2_TAG_BOOTDEV = 5,
	MB2_TAG_MMAP = 6,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_TAG_EFI_MMAP = 17, /* GRUB on UEFI: the map from ExitBootServices */
};

/* Memory map entry types.  Anything else (UEFI firmware under GRUB invents
 * e.g. 20) must be treated as reserved. */
enum {
	MB2_MEM_AVAILABLE = 1,
	MB2_MEM_RESERVED = 2,
	MB2_MEM_ACPI_RECLAIMABLE = 3,
	MB2_MEM_NVS = 4,
	MB2_MEM_BADRAM = 5,
};

#define MB2_MAX_MMAP	128
#define MB2_MAX_MODULES 32
#define MB2_MAX_STRING	256 /* cmdline, loader name, module strings */

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* as given; use mb2_mem_usable() to decide */
};

struct mb2_module {
	uint64_t start; /* physical, inclusive */
	uint64_t end;	/* physical, exclusive */
	char string[MB2_MAX_STRING];
};

enum mb2_fb_type {
	MB2_FB_NONE = -1, /* no framebuffer tag */
	MB2_FB_INDEXED = 0,
	MB2_FB_RGB = 1,
	MB2_FB_EGA_TEXT = 2,
};

struct mb2_framebuffer {
	int type; /* enum mb2_fb_type */
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp;
	/* RGB only: bit position and width of each channel. */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_info {
	uint64_t
	    info_phys; /* where the structure itself lies (to reserve it) */
	uint32_t info_size; /* its total_size */
	char cmdline[MB2_MAX_STRING * 4];
	char loader_name[MB2_MAX_STRING];
	struct mb2_mmap_entry mmap[MB2_MAX_MMAP];
	int mmap_count;
	int mmap_truncated; /* 1 when more than MB2_MAX_MMAP entries were given */
	/* Where mmap[] came from: 0 = the loader's map (tag 6), 1 = the UEFI
	 * memory map (tag 17), which wins when present (efi_mmap.c). */
	int mmap_from_efi;
	struct mb2_mmap_entry efi_mmap[MB2_MAX_MMAP]; /* tag 17, converted */
	int efi_mmap_count;
	int efi_mmap_truncated;
	uint32_t efi_desc_count; /* descriptors in tag 17, before merging */
	struct mb2_module modules[MB2_MAX_MODULES];
	int module_count;
	struct mb2_framebuffer fb;
	uint64_t
	    rsdp_phys; /* 0 when absent: address of the RSDP copy inside the info */
	int rsdp_revision; /* 0 = ACPI 1.0 tag, 2 = ACPI 2.0+ tag, -1 absent */
	uint32_t mem_lower_kb, mem_upper_kb; /* basic meminfo, 0 when absent */
};

/* Error codes (negative returns of mb2_parse). */
#define MB2_ERR_TOO_SMALL (-1) /* avail or total_size below 16 bytes */
#define MB2_ERR_TRUNCATED \
	(-2) /* total_size > avail, or a tag runs past the end */
#define MB2_ERR_BAD_TAG \
	(-3) /* tag size < 8, or a known tag shorter than its fixed part */
#define MB2_ERR_NO_END (-4) /* no end tag before total_size */

/*
 * Parses the structure at info, of which avail bytes may be read.
 * info_phys is recorded as given (the parser never dereferences it).
 * Returns 0 on success or one of MB2_ERR_* (out is then unspecified).
 * Unknown tag types are skipped.  Strings are copied NUL-terminated and
 * truncated to fit.  Tags must start 8-byte aligned relative to info.
 */
int mb2_parse(const void *info, size_t avail, uint64_t info_phys,
	      struct boot_info *out);

/* True only for MB2_MEM_AVAILABLE; every unknown type counts as reserved. */
int mb2_mem_usable(uint32_t type);

/* efi_mmap.c: convert the payload of tag 17 (u32 descriptor size, u32
 * descriptor version, descriptors) into out->efi_mmap; and, once every tag
 * is read, make that map the one the kernel uses when it is not empty. */
int mb2_parse_efi_mmap(const uint8_t *payload, uint32_t size,
		       struct boot_info *out);
void mb2_prefer_efi_mmap(struct boot_info *out);

/* A short human name for a memory type ("available", "reserved",
 * "ACPI reclaimable", "ACPI NVS", "bad RAM", "unknown"). */
const char *mb2_mem_type_name(uint32_t type);

/* A human description of an MB2_ERR_* code. */
const char *mb2_strerror(int err);

#endif
