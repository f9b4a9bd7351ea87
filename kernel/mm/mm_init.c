/*
 * mm_init.c - from the boot loader's memory map to working memory
 * management: the frame pool, then the kernel page tables, then the heap.
 *
 * The memory map says which physical ranges are RAM we may use; only type
 * "available" is, anything else (reserved, ACPI, bad, or a type we do not
 * know) is not.  Inside the available RAM some ranges are nevertheless
 * taken and must never be handed out:
 *   - the first MiB (BIOS data, the real-mode IVT, EBDA, video memory;
 *     it also keeps physical address 0 from ever being a frame),
 *   - the kernel image, as loaded by GRUB,
 *   - the multiboot2 information (the ACPI RSDP copy lives in it) and every
 *     module,
 *   - the frame bitmap itself.
 * The bitmap's size depends on how much memory there is, so it cannot be a
 * static array: it goes into the first available gap that avoids all of the
 * above and lies below 1 GiB, the only memory the early page tables map.
 *
 * Until vm_init has switched to the kernel's own page tables, frames are
 * handed out only below 1 GiB too: the page tables vm_init builds must be
 * reachable (and zeroed) through the early PHYSMAP.
 *
 * This file also owns the pool, so the frame_* functions of mm.h live here:
 * they are the pool's functions plus zeroing and panics.
 */
#include "kernel/console.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame_pool.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kernel_image.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/multiboot2.h"

#define EARLY_PHYSMAP_LIMIT (1ull << 30)
#define LOW_MEMORY_END	    0x100000ull

static struct frame_pool pool;

/* Physical ranges inside which no frame may be handed out: [base, end). */
struct range {
	uint64_t base, end;
};
#define MAX_RESERVED (4 + MB2_MAX_MODULES + MB2_MAX_MMAP)
static struct range reserved[MAX_RESERVED];
static int reserved_count;

static uint64_t saturating_end(uint64_t base, uint64_t len)
{
	return len > UINT64_MAX - base ? UINT64_MAX : base + len;
}

static void add_reserved(uint64_t base, uint64_t end)
{
	if (end <= base)
		return;
	if (reserved_count == MAX_RESERVED)
		panic("more reserved ranges than the table holds");
	reserved[reserved_count].base = base;
	reserved[reserved_count].end = end;
	reserved_count++;
}

static const struct range *overlapping_reserved(uint64_t base, uint64_t end)
{
	for (int i = 0; i < reserved_count; i++)
		if (reserved[i].base < end && base < reserved[i].end)
			return &reserved[i];
	return NULL;
}

static void collect_reserved(const struct boot_info *bi)
{
	add_reserved(0, LOW_MEMORY_END);
	add_reserved((uint64_t)__kernel_phys_start,
		     (uint64_t)__kernel_phys_end);
	add_reserved(bi->info_phys,
		     saturating_end(bi->info_phys, bi->info_size));
	for (int i = 0; i < bi->module_count; i++)
		add_reserved(bi->modules[i].start, bi->modules[i].end);
	/* Map entries may overlap: a reserved entry wins over an available
	 * one, so it is kept out even where they overlap. */
	for (int i = 0; i < bi->mmap_count; i++) {
		const struct mb2_mmap_entry *e = &bi->mmap[i];
		if (!mb2_mem_usable(e->type))
			add_reserved(e->base,
				     saturating_end(e->base, e->length));
	}
}

/* Page-aligned room for size bytes in available memory below 1 GiB,
 * overlapping no reserved range; 0 when there is none. */
static uint64_t find_room(const struct boot_info *bi, uint64_t size)
{
	for (int i = 0; i < bi->mmap_count; i++) {
		const struct mb2_mmap_entry *e = &bi->mmap[i];
		if (!mb2_mem_usable(e->type))
			continue;
		uint64_t end = saturating_end(e->base, e->length);
		if (end > EARLY_PHYSMAP_LIMIT)
			end = EARLY_PHYSMAP_LIMIT;
		end = PAGE_ROUND_DOWN(end);
		uint64_t at = PAGE_ROUND_UP(e->base);
		/* Each step moves past a reserved range: it terminates. */
		while (at < end && size <= end - at) {
			const struct range *r =
			    overlapping_reserved(at, at + size);
			if (!r)
				return at;
			at = PAGE_ROUND_UP(r->end);
		}
	}
	return 0;
}

static void print_map(const struct boot_info *bi)
{
	int empty = 0;

	if (bi->mmap_from_efi)
		printk(
		    "mem: the UEFI memory map (multiboot2 tag 17): %u descriptors in %d ranges\n",
		    bi->efi_desc_count, bi->mmap_count);
	for (int i = 0; i < bi->mmap_count; i++) {
		/* Harmless by themselves, but a map full of them means the
		 * loader's map is damaged: say so rather than just run short
		 * of memory. */
		if (bi->mmap[i].length == 0) {
			empty++;
			continue;
		}
		const struct mb2_mmap_entry *e = &bi->mmap[i];
		printk("mem: base %016lx length %016lx %s\n", e->base,
		       e->length, mb2_mem_type_name(e->type));
	}
	if (empty)
		printk(
		    "mem: %d of %d entries have length 0 (ignored): the loader's map may be damaged\n",
		    empty, bi->mmap_count);
	if (bi->mmap_truncated)
		printk("mem: (more entries than the %d kept: ignored)\n",
		       MB2_MAX_MMAP);
}

/* The heap's grow function: contiguous frames, used through PHYSMAP. */
static void *heap_grow_from_frames(size_t bytes)
{
	uint64_t phys = frame_alloc_contig(bytes / PAGE_SIZE);
	return phys ? phys_to_virt(phys) : NULL;
}

/* Whole free arenas go back to the frame allocator. */
static void heap_release_to_frames(void *arena, size_t bytes)
{
	frame_free_contig(virt_to_phys(arena), bytes / PAGE_SIZE);
}

void mm_init(const struct boot_info *bi)
{
	uint64_t usable_end = 0, map_end = 0, module_bytes = 0;

	if (bi->mmap_count == 0)
		panic("the boot loader gave no memory map");
	print_map(bi);
	for (int i = 0; i < bi->mmap_count; i++) {
		const struct mb2_mmap_entry *e = &bi->mmap[i];
		uint64_t end = saturating_end(e->base, e->length);
		if (end > map_end)
			map_end = end;
		if (mb2_mem_usable(e->type) && end > usable_end)
			usable_end = end;
	}
	for (int i = 0; i < bi->module_count; i++)
		module_bytes += bi->modules[i].end - bi->modules[i].start;

	collect_reserved(bi);
	size_t nframes = (size_t)(usable_end / PAGE_SIZE);
	uint64_t bitmap_bytes = FRAME_POOL_WORDS(nframes) * sizeof(uint64_t);
	uint64_t bitmap = find_room(bi, bitmap_bytes);
	if (!bitmap)
		panic("no room below 1 GiB for the %lu-byte frame bitmap",
		      bitmap_bytes);
	add_reserved(bitmap, bitmap + bitmap_bytes);

	/* Available first, reserved after: reserving wins (frame_pool.h). */
	frame_pool_init(&pool, phys_to_virt(bitmap), nframes);
	for (int i = 0; i < bi->mmap_count; i++)
		if (mb2_mem_usable(bi->mmap[i].type))
			frame_pool_add_free(&pool, bi->mmap[i].base,
					    bi->mmap[i].length);
	size_t usable_kib = frame_pool_total_count(&pool) * (PAGE_SIZE / 1024);
	for (int i = 0; i < reserved_count; i++)
		frame_pool_reserve(&pool, reserved[i].base,
				   reserved[i].end - reserved[i].base);
	if (frame_pool_free_count(&pool) == 0)
		panic("no usable memory left after the kernel and modules");

	frame_pool_set_limit(&pool, EARLY_PHYSMAP_LIMIT);
	vm_init(map_end);
	frame_pool_set_limit(&pool, UINT64_MAX);
	heap_init(heap_grow_from_frames, heap_release_to_frames);

	printk(
	    "mem: total usable %zu KiB, free %zu KiB (%zu frames), kernel %lu KiB, modules %lu KiB\n",
	    usable_kib, frames_free() * (PAGE_SIZE / 1024), frames_free(),
	    ((uint64_t)__kernel_phys_end - (uint64_t)__kernel_phys_start) /
		1024,
	    module_bytes / 1024);
}

uint64_t frame_alloc(void)
{
	return frame_alloc_contig(1);
}

uint64_t frame_alloc_contig(size_t n)
{
	uint64_t phys = n == 1 ? frame_pool_alloc(&pool)
			       : frame_pool_alloc_contig(&pool, n);
	/* Zeroed, so that no data leaks from a previous owner and a new page
	 * table starts with every entry absent. */
	if (phys)
		memset(phys_to_virt(phys), 0, n * PAGE_SIZE);
	return phys;
}

void frame_free(uint64_t phys)
{
	int err = frame_pool_free(&pool, phys);
	if (err != FRAME_OK)
		panic("frame %lx: %s", phys, frame_pool_strerror(err));
}

void frame_free_contig(uint64_t phys, size_t n)
{
	int err = frame_pool_free_contig(&pool, phys, n);
	if (err != FRAME_OK)
		panic("freeing %zu frame(s) at %lx: %s", n, phys,
		      frame_pool_strerror(err));
}

size_t frames_free(void)
{
	return frame_pool_free_count(&pool);
}

size_t frames_total(void)
{
	return frame_pool_total_count(&pool);
}
