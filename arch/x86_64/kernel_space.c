/*
 * kernel_space.c - building the kernel's own page tables and switching to
 * them, replacing the early ones from boot/entry32.asm.
 *
 * The early tables map the first GiB three times (identity, KERNEL_VMA,
 * PHYSMAP) with 2 MiB pages that are all writable and executable.  Their
 * job is only to get us to C.  The tables built here are the real ones:
 *   - the kernel image at KERNEL_VMA in 4 KiB pages with the rights each
 *     section needs (text R+X, rodata R, data and bss RW), so a stray
 *     write cannot change code and data cannot be run (W^X);
 *   - the boot stack's guard page left unmapped, so overflowing the boot
 *     stack faults instead of silently corrupting .bss below it;
 *   - PHYSMAP: all physical memory, RW+NX, in large pages;
 *   - nothing else: no identity map, so a NULL pointer (or any low address)
 *     faults, and the low-linked .boot section is gone.
 * Only its own mappings are strict: the kernel's frames are also reachable,
 * writable, through PHYSMAP.  W^X holds per mapping, not per frame.
 *
 * All 256 kernel-half PDPTs are allocated here, up front (1 MiB): then no
 * kernel-half PML4 entry ever changes, and a space created at any time
 * shares every kernel mapping, present and future, by copying them once.
 */
#include "arch/x86_64/paging.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/x86.h"
#include "kernel/console.h"
#include "kernel/mm/kernel_image.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"

/* PML4 entries 256..383 are PHYSMAP; 384 starts the kernel stack area. */
#define PHYSMAP_MAX (128ull << 39)

#define CPUID1_EDX_PGE	       (1u << 13)
#define CPUID_EXT1_EDX_PAGE1GB (1u << 26)

static struct vm_space kernel_space;

struct vm_space *vm_kernel_space(void)
{
	return &kernel_space;
}

static bool cpu_has_pge(void)
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	return d & CPUID1_EDX_PGE;
}

/* entry32 already checked that leaf 0x80000001 exists (for long mode). */
static bool cpu_has_1g_pages(void)
{
	uint32_t a, b, c, d;
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	return d & CPUID_EXT1_EDX_PAGE1GB;
}

static uint64_t alloc_table(void)
{
	uint64_t frame = frame_alloc();
	if (!frame)
		panic("out of memory for the kernel page tables");
	return frame;
}

/* [0, end) at PHYSMAP_BASE, end a multiple of 1 GiB. */
static void map_physmap(uint64_t end, bool gib_pages)
{
	uint64_t step = gib_pages ? PAGE_1G : PAGE_2M;
	int level = gib_pages ? 3 : 2;

	for (uint64_t pa = 0; pa < end; pa += step) {
		uint64_t *e = paging_entry(kernel_space.root_phys,
					   PHYSMAP_BASE + pa, level, true);
		if (!e)
			panic("out of memory for the PHYSMAP page tables");
		*e = pa | PTE_PRESENT | PTE_WRITE | PTE_LARGE | paging_nx |
		     paging_global;
	}
}

/* The pages of [start, end) at their linked addresses, with flags. */
static void map_section(const char *start, const char *end, unsigned flags)
{
	uint64_t guard = (uint64_t)boot_stack_guard;

	for (uint64_t va = (uint64_t)start; va < (uint64_t)end;
	     va += PAGE_SIZE) {
		if (va == guard)
			continue;
		if (vm_map_page(&kernel_space, va, va - KERNEL_VMA, flags))
			panic("out of memory mapping the kernel image");
	}
}

static uint64_t physmap_end;

uint64_t vm_physmap_end(void)
{
	return physmap_end;
}

void vm_init(uint64_t phys_end)
{
	/* boot_cpu_has_nx lives in .boot, which is about to be unmapped:
	 * read it now, once. */
	paging_nx = boot_cpu_has_nx ? PTE_NX : 0;
	bool pge = cpu_has_pge();
	bool gib_pages = cpu_has_1g_pages();
	paging_global = pge ? PTE_GLOBAL : 0;

	/* At least 4 GiB: the local APIC, I/O APIC and framebuffers live just
	 * below it.  Whole GiBs, so the last large page is whole too. */
	if (phys_end < (4ull << 30))
		phys_end = 4ull << 30;
	phys_end = (phys_end + PAGE_1G - 1) & ~(PAGE_1G - 1);
	if (phys_end > PHYSMAP_MAX) {
		printk("paging: only the first %lu GiB of memory are mapped\n",
		       (unsigned long)(PHYSMAP_MAX >> 30));
		phys_end = PHYSMAP_MAX;
	}

	kernel_space.root_phys = alloc_table();
	uint64_t *root = pt_table(kernel_space.root_phys);
	for (int i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
		root[i] = alloc_table() | PTE_PRESENT | PTE_WRITE;
	paging_kernel_half_sealed = true;

	map_physmap(phys_end, gib_pages);
	physmap_end = phys_end;
	/* Page tables of the kernel-stack area, now and for good (mm.h). */
	for (uint64_t va = KSTACK_AREA_BASE;
	     va < KSTACK_AREA_BASE + KSTACK_AREA_SIZE; va += PAGE_2M)
		if (!paging_entry(kernel_space.root_phys, va, 1, true))
			panic("no memory for the kernel-stack page tables");
	map_section(__text_start, __text_end, VM_EXEC);
	map_section(__rodata_start, __rodata_end, 0);
	map_section(__data_start, __bss_end, VM_WRITE);

	/* We run on the boot stack in .bss and in .text, both mapped alike in
	 * the old and the new tables, so execution carries straight on. */
	write_cr3(kernel_space.root_phys);
	/* entry32 set CR0.WP; it is what makes read-only pages read-only for
	 * the kernel too, so make sure of it rather than assume it. */
	write_cr0(read_cr0() | CR0_WP);
	if (pge)
		write_cr4(read_cr4() | CR4_PGE);

	printk(
	    "paging: kernel space at %lx, PHYSMAP %lu GiB in %s pages, NX %s, global pages %s\n",
	    kernel_space.root_phys, (unsigned long)(phys_end >> 30),
	    gib_pages ? "1 GiB" : "2 MiB", paging_nx ? "on" : "off",
	    pge ? "on" : "off");
}
