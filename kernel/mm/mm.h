/*
 * mm.h - memory management: physical frames, the kernel's address space,
 * the kernel heap and kernel stacks.
 *
 * Virtual layout (x86-64, 48-bit, 4-level paging):
 *   0x0000000000000000 - 0x00007fffffffffff  user space (per process)
 *   0xffff800000000000 - ...                 PHYSMAP: all physical memory,
 *                                             RW + NX, so the kernel can
 *                                             reach any frame (page tables,
 *                                             bitmaps, modules) by address
 *   0xffffc00000000000 - ...                 kernel stacks, each with an
 *                                             unmapped guard page below
 *   0xffffffff80000000 - ...                 the kernel image (KERNEL_VMA +
 *                                             physical), per-section R/W/X
 * Physical memory is managed in 4 KiB frames.  Address 0 is never a valid
 * frame (the first MiB is kept out), so 0 means "no frame".
 */
#ifndef KERNEL_MM_MM_H
#define KERNEL_MM_MM_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE	   4096ul
#define PAGE_SHIFT	   12
#define PAGE_ROUND_UP(x)   (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_DOWN(x) ((x) & ~(PAGE_SIZE - 1))

#define PHYSMAP_BASE	 0xffff800000000000ull
#define KSTACK_AREA_BASE 0xffffc00000000000ull
/* 64 MiB of kernel-stack slots.  vm_init creates every page table of the
 * area up front, so a kernel stack never costs a page-table frame that
 * outlives it: free memory returns exactly to its starting value after
 * any number of processes (the frame-accounting test relies on it). */
#define KSTACK_AREA_SIZE (64ull << 20)
#define KERNEL_VMA	 0xffffffff80000000ull

static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)(uintptr_t)(phys + PHYSMAP_BASE);
}

/* Physical address of a PHYSMAP or kernel-image address. */
static inline uint64_t virt_to_phys(const void *virt)
{
	uint64_t v = (uint64_t)(uintptr_t)virt;
	return v >= KERNEL_VMA ? v - KERNEL_VMA : v - PHYSMAP_BASE;
}

struct boot_info;

/* Sets up frames from the memory map, the kernel page tables and the heap,
 * and prints the memory summary.  Panics when there is no usable memory. */
void mm_init(const struct boot_info *bi);

/* One zeroed 4 KiB frame, or 0 when memory is exhausted. */
uint64_t frame_alloc(void);
/* n physically contiguous zeroed frames, or 0. */
uint64_t frame_alloc_contig(size_t n);
/* Frees one frame; panics on a double free or a frame never handed out. */
void frame_free(uint64_t phys);
void frame_free_contig(uint64_t phys, size_t n);
size_t frames_free(void);
size_t frames_total(void);

/* Kernel heap.  Debug builds (KDEBUG) detect double frees and overruns of
 * the requested size, and panic naming the caller's block. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

/* A kernel stack of `pages` pages with an unmapped guard page below it, so
 * an overflow faults (#PF -> #DF on the IST stack) instead of silently
 * overwriting memory.  Returns the top (initial RSP), or NULL. */
void *kstack_alloc(size_t pages);
void kstack_free(void *top, size_t pages);
/* True when addr lies in the guard page of any kernel stack (including the
 * boot stack): how the #DF report recognises a stack overflow. */
int kstack_is_guard(uint64_t addr);

#endif
