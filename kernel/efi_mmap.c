/*
 * efi_mmap.c - the UEFI memory map, as GRUB passes it in multiboot2 tag 17.
 *
 * On a UEFI machine the firmware owns memory until the loader calls
 * ExitBootServices(), and that call must be given the key of the memory
 * map as it is at that very moment.  GRUB therefore has two maps for us:
 *   - tag 6, its own translation into e820-style entries, built a little
 *     before the exit, while firmware timers could still allocate and free;
 *   - tag 17, the raw UEFI descriptors returned by the GetMemoryMap() call
 *     whose key ExitBootServices() accepted: the firmware's last word.
 * Linux trusts the second on UEFI, and so do we: when tag 17 is present
 * and converts to at least one range, it replaces tag 6.  (We have also
 * seen, once, under OVMF, a tag 6 whose entries after the first were all
 * zero; the UEFI map does not depend on GRUB's translation.)
 *
 * A UEFI descriptor is {u32 Type, u32 pad, u64 PhysicalStart, u64
 * VirtualStart, u64 NumberOfPages, u64 Attribute}: 40 bytes, but the
 * firmware states the stride (descriptor size) and may make it larger, so
 * we step by the stated size and read only the fields we know.  Pages are
 * always 4 KiB here, whatever the CPU's paging uses.
 *
 * What becomes usable RAM: conventional memory and what boot services and
 * loaders used (boot services are gone; the kernel reserves its own image,
 * the modules and the information structure separately, see mm_init.c).
 * ACPI tables stay out (we may read them), and so does everything the
 * runtime firmware, devices or persistent memory still own.
 */
#include "kernel/le_bytes.h"
#include "kernel/multiboot2.h"

#define EFI_MMAP_HEADER_SIZE 8	/* u32 descriptor size, u32 version */
#define EFI_DESC_MIN_SIZE    40 /* type, pad, phys, virt, pages, attr */
#define EFI_PAGE_SHIFT	     12
/* NumberOfPages at or above this would not fit in 64 bits of bytes. */
#define EFI_MAX_PAGES (UINT64_C(1) << (64 - EFI_PAGE_SHIFT))

/* UEFI specification 2.10, table 7.10 (EFI_MEMORY_TYPE). */
enum efi_memory_type {
	EFI_RESERVED = 0,
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BOOT_SERVICES_CODE = 3,
	EFI_BOOT_SERVICES_DATA = 4,
	EFI_RUNTIME_SERVICES_CODE = 5,
	EFI_RUNTIME_SERVICES_DATA = 6,
	EFI_CONVENTIONAL = 7,
	EFI_UNUSABLE = 8,
	EFI_ACPI_RECLAIM = 9,
	EFI_ACPI_NVS = 10,
	/* 11 MMIO, 12 MMIO port space, 13 PAL code, 14 persistent memory,
	 * 15 unaccepted memory, and anything newer: reserved for us. */
};

static uint32_t efi_type_to_mb2(uint32_t efi_type)
{
	switch (efi_type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL:
		return MB2_MEM_AVAILABLE;
	case EFI_ACPI_RECLAIM:
		return MB2_MEM_ACPI_RECLAIMABLE;
	case EFI_ACPI_NVS:
		return MB2_MEM_NVS;
	case EFI_UNUSABLE:
		return MB2_MEM_BADRAM;
	default:
		return MB2_MEM_RESERVED;
	}
}

/* Firmware lists memory in many small pieces of the same kind (OVMF: about
 * a hundred descriptors); one range per run keeps the map printable and
 * within MB2_MAX_MMAP. */
static void append_range(struct boot_info *out, uint64_t base, uint64_t length,
			 uint32_t type)
{
	if (out->efi_mmap_count > 0) {
		struct mb2_mmap_entry *last =
		    &out->efi_mmap[out->efi_mmap_count - 1];
		if (last->type == type && last->base + last->length == base) {
			last->length += length;
			return;
		}
	}
	if (out->efi_mmap_count >= MB2_MAX_MMAP) {
		out->efi_mmap_truncated = 1;
		return;
	}
	struct mb2_mmap_entry *e = &out->efi_mmap[out->efi_mmap_count++];
	e->base = base;
	e->length = length;
	e->type = type;
}

int mb2_parse_efi_mmap(const uint8_t *payload, uint32_t size,
		       struct boot_info *out)
{
	if (size < EFI_MMAP_HEADER_SIZE)
		return MB2_ERR_BAD_TAG;
	uint32_t desc_size = read_u32(payload);
	if (desc_size < EFI_DESC_MIN_SIZE || desc_size % 8 != 0)
		return MB2_ERR_BAD_TAG;

	/* A second tag 17 would be a loader bug: the first one stands. */
	if (out->efi_desc_count > 0)
		return 0;
	uint32_t count = (size - EFI_MMAP_HEADER_SIZE) / desc_size;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *d =
		    payload + EFI_MMAP_HEADER_SIZE + (size_t)i * desc_size;
		uint64_t base = read_u64(d + 8);
		uint64_t pages = read_u64(d + 24);
		if (pages >= EFI_MAX_PAGES)
			return MB2_ERR_BAD_TAG;
		uint64_t length = pages << EFI_PAGE_SHIFT;
		/* The end, base + length, must be representable: a range
		 * that wraps (or ends at exactly 2^64) is a lie. */
		if (length > UINT64_MAX - base)
			return MB2_ERR_BAD_TAG;
		out->efi_desc_count++;
		if (length == 0)
			continue;
		append_range(out, base, length, efi_type_to_mb2(read_u32(d)));
	}
	return 0;
}

void mb2_prefer_efi_mmap(struct boot_info *out)
{
	if (out->efi_mmap_count == 0)
		return;
	for (int i = 0; i < out->efi_mmap_count; i++)
		out->mmap[i] = out->efi_mmap[i];
	out->mmap_count = out->efi_mmap_count;
	out->mmap_truncated = out->efi_mmap_truncated;
	out->mmap_from_efi = 1;
}
