/*
 * kstack.c - kernel stacks with guard pages.
 *
 * A kernel stack that overflows would silently overwrite whatever lies
 * below it.  So stacks do not come from the heap: each lives in its own
 * slot of the KSTACK_AREA_BASE region, mapped only where the stack is:
 *
 *   slot i: [ unmapped ............ ][ stack pages (mapped RW+NX) ]
 *           ^ base                   ^ bottom                      ^ top
 *
 * Everything in a slot below the stack (at least one page: a stack has at
 * most KSTACK_SLOT_PAGES - 1 pages) is the guard.  Running off the bottom
 * of the stack touches it and page-faults; the #PF cannot be delivered on
 * the broken stack, so the CPU raises #DF, which runs on its own IST stack
 * and asks kstack_is_guard() whether the faulting address (CR2) explains
 * it.  The whole unmapped part counts, not just the page right below the
 * stack, because a function with a big frame may jump over a single page.
 *
 * Slots are virtual address space only; the frames behind a stack come
 * from frame_alloc and go back on kstack_free.  The page tables of the
 * area are made on first use and kept (they are shared by every space).
 * The lowest free slot is always taken, so reuse touches no new tables.
 */
#include "kernel/console.h"
#include "kernel/mm/kernel_image.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"

#define KSTACK_SLOT_PAGES 16
#define KSTACK_SLOT_SIZE  (KSTACK_SLOT_PAGES * PAGE_SIZE)
#define KSTACK_SLOTS	  (KSTACK_AREA_SIZE / KSTACK_SLOT_SIZE)

/* Pages of the stack in each slot; 0 = the slot is free. */
static uint8_t slot_pages[KSTACK_SLOTS];

static uint64_t slot_top(size_t slot)
{
	return KSTACK_AREA_BASE + (slot + 1) * KSTACK_SLOT_SIZE;
}

/* Unmaps and frees the pages of a stack from bottom up to (not including)
 * end. */
static void release_pages(uint64_t bottom, uint64_t end)
{
	for (uint64_t va = bottom; va < end; va += PAGE_SIZE) {
		uint64_t phys = vm_unmap_page(vm_kernel_space(), va);
		if (phys)
			frame_free(phys);
	}
}

void *kstack_alloc(size_t pages)
{
	size_t slot = 0;

	if (pages == 0 || pages >= KSTACK_SLOT_PAGES)
		return NULL;
	while (slot < KSTACK_SLOTS && slot_pages[slot] != 0)
		slot++;
	if (slot == KSTACK_SLOTS)
		return NULL;

	uint64_t top = slot_top(slot);
	uint64_t bottom = top - pages * PAGE_SIZE;
	for (uint64_t va = bottom; va < top; va += PAGE_SIZE) {
		uint64_t phys = frame_alloc();
		if (!phys ||
		    vm_map_page(vm_kernel_space(), va, phys, VM_WRITE) != 0) {
			if (phys)
				frame_free(phys);
			release_pages(bottom, va);
			return NULL;
		}
	}
	slot_pages[slot] = (uint8_t)pages;
	return (void *)top;
}

void kstack_free(void *top, size_t pages)
{
	uint64_t t = (uint64_t)top;
	uint64_t slot = (t - KSTACK_AREA_BASE) / KSTACK_SLOT_SIZE - 1;

	if (t <= KSTACK_AREA_BASE ||
	    (t - KSTACK_AREA_BASE) % KSTACK_SLOT_SIZE != 0 ||
	    slot >= KSTACK_SLOTS)
		panic("%p is not the top of a kernel stack", top);
	if (slot_pages[slot] != pages)
		panic("stack %p has %u pages, not %zu (or is already free)",
		      top, (unsigned)slot_pages[slot], pages);
	release_pages(t - pages * PAGE_SIZE, t);
	slot_pages[slot] = 0;
}

int kstack_is_guard(uint64_t addr)
{
	uint64_t boot_guard = (uint64_t)boot_stack_guard;
	if (addr >= boot_guard && addr < boot_guard + PAGE_SIZE)
		return 1;

	if (addr < KSTACK_AREA_BASE)
		return 0;
	uint64_t slot = (addr - KSTACK_AREA_BASE) / KSTACK_SLOT_SIZE;
	if (slot >= KSTACK_SLOTS || slot_pages[slot] == 0)
		return 0;
	return addr < slot_top(slot) - slot_pages[slot] * PAGE_SIZE;
}
