/*
 * multiboot2.c - turns the boot loader's multiboot2 information structure
 * into a struct boot_info, trusting nothing in it.
 *
 * The structure was built by code we did not write, in memory we did not
 * choose, so every length is checked before the bytes it covers are read,
 * and every field is assembled byte by byte: a lying or misaligned tag
 * produces an error code, never an out-of-bounds or misaligned load.
 */
#include "kernel/multiboot2.h"

#include "kernel/le_bytes.h"

#include <stdbool.h>

/* Layout sizes fixed by the multiboot2 specification, in bytes. */
#define INFO_HEADER_SIZE    8 /* u32 total_size, u32 reserved */
#define TAG_HEADER_SIZE	    8 /* u32 type, u32 size */
#define TAG_ALIGN	    8
#define INFO_MIN_SIZE	    (INFO_HEADER_SIZE + TAG_HEADER_SIZE) /* + end tag */
#define MODULE_FIXED_SIZE   16 /* header, u32 mod_start, u32 mod_end */
#define MEMINFO_SIZE	    16 /* header, u32 mem_lower, u32 mem_upper */
#define MMAP_HEADER_SIZE    16 /* header, u32 entry_size, u32 entry_version */
#define MMAP_ENTRY_MIN_SIZE 24 /* u64 base, u64 length, u32 type, u32 zero */
#define FB_COMMON_SIZE	    32 /* header, addr, pitch, w, h, bpp, type, pad */
#define FB_RGB_SIZE	    (FB_COMMON_SIZE + 6) /* + position/size of R, G, B */
#define RSDP_V1_SIZE	    20			 /* ACPI 1.0 RSDP */
#define RSDP_V2_SIZE	    36			 /* ACPI 2.0+ XSDP */

/* One tag, already checked to lie entirely inside the structure. */
struct tag {
	const uint8_t *bytes; /* starts at the tag header */
	uint32_t type;
	uint32_t size; /* header included, padding excluded */
	size_t offset; /* from the start of the structure */
};

static void zero_bytes(void *dst, size_t len)
{
	uint8_t *p = dst;

	for (size_t i = 0; i < len; i++)
		p[i] = 0;
}

/*
 * Copies a string that ends at its first NUL or at src_len, whichever comes
 * first.  The loader promises a NUL but we do not rely on it: dst is always
 * terminated, and truncated when too small.
 */
static void copy_string(char *dst, size_t dst_size, const uint8_t *src,
			size_t src_len)
{
	size_t i = 0;

	while (i + 1 < dst_size && i < src_len && src[i] != '\0') {
		dst[i] = (char)src[i];
		i++;
	}
	dst[i] = '\0';
}

static void copy_tag_string(char *dst, size_t dst_size, const struct tag *tag,
			    size_t string_offset)
{
	copy_string(dst, dst_size, tag->bytes + string_offset,
		    tag->size - string_offset);
}

static int parse_meminfo(const struct tag *tag, struct boot_info *out)
{
	if (tag->size < MEMINFO_SIZE)
		return MB2_ERR_BAD_TAG;
	out->mem_lower_kb = read_u32(tag->bytes + 8);
	out->mem_upper_kb = read_u32(tag->bytes + 12);
	return 0;
}

static int parse_module(const struct tag *tag, struct boot_info *out)
{
	if (tag->size < MODULE_FIXED_SIZE)
		return MB2_ERR_BAD_TAG;
	/* Modules past the table are dropped: the kernel cannot load them. */
	if (out->module_count >= MB2_MAX_MODULES)
		return 0;

	struct mb2_module *module = &out->modules[out->module_count++];

	module->start = read_u32(tag->bytes + 8);
	module->end = read_u32(tag->bytes + 12);
	copy_tag_string(module->string, sizeof(module->string), tag,
			MODULE_FIXED_SIZE);
	return 0;
}

/*
 * entry_size is given rather than fixed so that later spec versions can
 * append fields; we read only the first 24 bytes of each entry.  A size that
 * is too small or breaks the 8-byte rhythm means we are not looking at a
 * memory map at all.
 */
static int parse_mmap(const struct tag *tag, struct boot_info *out)
{
	if (tag->size < MMAP_HEADER_SIZE)
		return MB2_ERR_BAD_TAG;

	uint32_t entry_size = read_u32(tag->bytes + 8);

	if (entry_size < MMAP_ENTRY_MIN_SIZE || entry_size % 8 != 0)
		return MB2_ERR_BAD_TAG;

	uint32_t entry_count = (tag->size - MMAP_HEADER_SIZE) / entry_size;

	for (uint32_t i = 0; i < entry_count; i++) {
		if (out->mmap_count >= MB2_MAX_MMAP) {
			out->mmap_truncated = 1;
			break;
		}

		const uint8_t *entry =
		    tag->bytes + MMAP_HEADER_SIZE + (size_t)i * entry_size;
		struct mb2_mmap_entry *dst = &out->mmap[out->mmap_count++];

		dst->base = read_u64(entry);
		dst->length = read_u64(entry + 8);
		dst->type = read_u32(entry + 16);
	}
	return 0;
}

static int parse_framebuffer(const struct tag *tag, struct boot_info *out)
{
	if (tag->size < FB_COMMON_SIZE)
		return MB2_ERR_BAD_TAG;

	const uint8_t *p = tag->bytes;
	struct mb2_framebuffer *fb = &out->fb;
	uint8_t type = p[29];

	/* Validate before storing so a bad tag leaves no half-filled fb. */
	if (type == MB2_FB_RGB && tag->size < FB_RGB_SIZE)
		return MB2_ERR_BAD_TAG;

	zero_bytes(fb, sizeof(*fb));
	/* An unknown type is passed on as given for the caller to refuse. */
	fb->type = type;
	fb->addr = read_u64(p + 8);
	fb->pitch = read_u32(p + 16);
	fb->width = read_u32(p + 20);
	fb->height = read_u32(p + 24);
	fb->bpp = p[28];

	if (type == MB2_FB_RGB) {
		fb->red_pos = p[32];
		fb->red_size = p[33];
		fb->green_pos = p[34];
		fb->green_size = p[35];
		fb->blue_pos = p[36];
		fb->blue_size = p[37];
	}
	return 0;
}

/*
 * The loader copies the RSDP into the tag itself, so its physical address
 * is inside the information structure.  The tag must hold a whole RSDP of
 * its revision, or the ACPI code would later read past the tag.
 */
static int parse_acpi(const struct tag *tag, uint64_t info_phys,
		      struct boot_info *out)
{
	bool is_new = tag->type == MB2_TAG_ACPI_NEW;
	uint32_t rsdp_size = is_new ? RSDP_V2_SIZE : RSDP_V1_SIZE;

	if (tag->size < TAG_HEADER_SIZE + rsdp_size)
		return MB2_ERR_BAD_TAG;
	/* GRUB often supplies both; the 2.0 one (with the XSDT) wins. */
	if (!is_new && out->rsdp_revision == 2)
		return 0;

	out->rsdp_phys = info_phys + tag->offset + TAG_HEADER_SIZE;
	out->rsdp_revision = is_new ? 2 : 0;
	return 0;
}

static int parse_tag(const struct tag *tag, uint64_t info_phys,
		     struct boot_info *out)
{
	switch (tag->type) {
	case MB2_TAG_CMDLINE:
		copy_tag_string(out->cmdline, sizeof(out->cmdline), tag,
				TAG_HEADER_SIZE);
		return 0;
	case MB2_TAG_LOADER_NAME:
		copy_tag_string(out->loader_name, sizeof(out->loader_name), tag,
				TAG_HEADER_SIZE);
		return 0;
	case MB2_TAG_MODULE:
		return parse_module(tag, out);
	case MB2_TAG_BASIC_MEMINFO:
		return parse_meminfo(tag, out);
	case MB2_TAG_MMAP:
		return parse_mmap(tag, out);
	case MB2_TAG_FRAMEBUFFER:
		return parse_framebuffer(tag, out);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		return parse_acpi(tag, info_phys, out);
	case MB2_TAG_EFI_MMAP:
		return mb2_parse_efi_mmap(tag->bytes + TAG_HEADER_SIZE,
					  tag->size - TAG_HEADER_SIZE, out);
	default:
		/* Includes BOOTDEV: nothing in boot_info needs it. */
		return 0;
	}
}

static size_t round_up_to_tag_align(size_t n)
{
	return (n + TAG_ALIGN - 1) & ~(size_t)(TAG_ALIGN - 1);
}

int mb2_parse(const void *info, size_t avail, uint64_t info_phys,
	      struct boot_info *out)
{
	const uint8_t *bytes = info;

	zero_bytes(out, sizeof(*out));
	out->info_phys = info_phys;
	out->fb.type = MB2_FB_NONE;
	out->rsdp_revision = -1;

	if (info == NULL || avail < INFO_MIN_SIZE)
		return MB2_ERR_TOO_SMALL;

	uint32_t total_size = read_u32(bytes);

	if (total_size < INFO_MIN_SIZE)
		return MB2_ERR_TOO_SMALL;
	if (total_size > avail)
		return MB2_ERR_TRUNCATED;
	out->info_size = total_size;

	/*
	 * Every comparison below is written as "size > room left" rather than
	 * "offset + size > total", so a huge size cannot wrap the sum.
	 */
	size_t offset = INFO_HEADER_SIZE;

	while (offset < total_size) {
		if (total_size - offset < TAG_HEADER_SIZE)
			return MB2_ERR_TRUNCATED;

		struct tag tag = {
		    .bytes = bytes + offset,
		    .type = read_u32(bytes + offset),
		    .size = read_u32(bytes + offset + 4),
		    .offset = offset,
		};

		if (tag.size < TAG_HEADER_SIZE)
			return MB2_ERR_BAD_TAG;
		if (tag.size > total_size - offset)
			return MB2_ERR_TRUNCATED;
		if (tag.type == MB2_TAG_END) {
			mb2_prefer_efi_mmap(out);
			return 0;
		}

		int err = parse_tag(&tag, info_phys, out);

		if (err != 0)
			return err;
		offset += round_up_to_tag_align(tag.size);
	}
	return MB2_ERR_NO_END;
}

int mb2_mem_usable(uint32_t type)
{
	return type == MB2_MEM_AVAILABLE;
}

const char *mb2_mem_type_name(uint32_t type)
{
	switch (type) {
	case MB2_MEM_AVAILABLE:
		return "available";
	case MB2_MEM_RESERVED:
		return "reserved";
	case MB2_MEM_ACPI_RECLAIMABLE:
		return "ACPI reclaimable";
	case MB2_MEM_NVS:
		return "ACPI NVS";
	case MB2_MEM_BADRAM:
		return "bad RAM";
	default:
		return "unknown";
	}
}

const char *mb2_strerror(int err)
{
	switch (err) {
	case 0:
		return "no error";
	case MB2_ERR_TOO_SMALL:
		return "multiboot2 info smaller than its 16-byte minimum";
	case MB2_ERR_TRUNCATED:
		return "multiboot2 info or one of its tags is truncated";
	case MB2_ERR_BAD_TAG:
		return "multiboot2 tag malformed or too short for its type";
	case MB2_ERR_NO_END:
		return "multiboot2 info has no end tag";
	default:
		return "unknown multiboot2 error";
	}
}
