/*
 * paging.h - x86-64 4-level page tables, for the arch code behind
 * kernel/mm/vm.h.  Nothing outside arch/ includes this.
 *
 * A virtual address is split 9/9/9/9/12: PML4 index (level 4), PDPT index
 * (level 3), page directory index (level 2), page table index (level 1),
 * offset.  Each table is one 4 KiB frame of 512 eight-byte entries; an
 * entry holds the physical address of the next table (or of the page) and
 * permission bits.  A level-3 or level-2 entry with PTE_LARGE maps a 1 GiB
 * or 2 MiB page directly.  The CPU combines the permissions of all levels:
 * writable only if every level says so, user only if every level says so,
 * executable only if no level says NX.  We therefore make every table
 * entry above a leaf as permissive as its half allows and put the real
 * rights in the leaf.
 *
 * TLB: the CPU caches translations, and the SDM (section 4.10.4) says when
 * we must drop them: after removing or restricting a mapping (INVLPG), not
 * after adding one, since absent entries are not cached.
 *
 * Page tables are reached through PHYSMAP (phys_to_virt).  Before the
 * switch to the kernel's own tables only the first GiB is there, which is
 * why mm_init limits frame allocation to it until vm_init returns.
 */
#ifndef ARCH_X86_64_PAGING_H
#define ARCH_X86_64_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/mm/mm.h"

/* Entry bits (SDM vol. 3A, section 4.5, "4-Level Paging"; the rules for
 * combining them across levels are section 4.6, "Access Rights"). */
#define PTE_PRESENT (UINT64_C(1) << 0)
#define PTE_WRITE   (UINT64_C(1) << 1)
#define PTE_USER    (UINT64_C(1) << 2)
/* Level 3 or 2 only: the entry maps a 1 GiB or 2 MiB page itself. */
#define PTE_LARGE (UINT64_C(1) << 7)
/* Kept in the TLB across CR3 writes (needs CR4.PGE): for the kernel half,
 * which is the same in every space. */
#define PTE_GLOBAL (UINT64_C(1) << 8)
/* No execute.  A reserved bit, so a fault, unless EFER.NXE is on. */
#define PTE_NX (UINT64_C(1) << 63)
/* Software bit (the CPU ignores every bit of a non-present entry but bit
 * 0): a user leaf that is not present yet owns its frame, because
 * mprotect(PROT_NONE) made it inaccessible (vm.h, VM_NOACCESS).  Walkers
 * that free or copy frames test pte_owns_frame, not PTE_PRESENT. */
#define PTE_PROTNONE (UINT64_C(1) << 9)
/* Bits 12..51: the physical address of the next table or of the page. */
#define PTE_ADDR_MASK UINT64_C(0x000ffffffffff000)

#define PT_ENTRIES 512
#define PAGE_2M	   (UINT64_C(1) << 21)
#define PAGE_1G	   (UINT64_C(1) << 30)

/* Which entry of a level-`level` table translates va. */
static inline unsigned pt_index(uint64_t va, int level)
{
	return (unsigned)(va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

/* Whether a level-1 entry holds a frame of the space. */
static inline bool pte_owns_frame(uint64_t e)
{
	return (e & (PTE_PRESENT | PTE_PROTNONE)) != 0;
}

static inline uint64_t *pt_table(uint64_t phys)
{
	return phys_to_virt(phys & PTE_ADDR_MASK);
}

/* PTE_NX when the CPU has NX, else 0: setting the bit without EFER.NXE is
 * a reserved-bit fault.  Likewise PTE_GLOBAL only once CR4.PGE is on.
 * Both are set by vm_init before it creates any mapping. */
extern uint64_t paging_nx;
extern uint64_t paging_global;

/* Once true, no kernel-half PML4 entry may be created: every space copied
 * them at creation and would never see a new one. */
extern bool paging_kernel_half_sealed;

/* The entry of the level-`level` table (3, 2 or 1) that translates va in
 * the tables rooted at root, creating missing tables on the way when
 * create is set.  NULL when a table is missing (or cannot be allocated).
 * Panics when a large page lies on the way: only the boot-time PHYSMAP
 * uses them and nobody may map inside it. */
uint64_t *paging_entry(uint64_t root, uint64_t va, int level, bool create);

/* tlb.c: a kernel-half page was unmapped; the other CPUs must flush. */
void tlb_kernel_page_unmapped(void);

#endif
