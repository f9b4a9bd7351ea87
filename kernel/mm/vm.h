/*
 * vm.h - address spaces, in words that do not depend on the architecture.
 *
 * An address space maps virtual pages to physical frames with a few
 * permissions.  Every space has two halves (see the layout in mm.h):
 *   - the kernel half (PHYSMAP, kernel stacks, the kernel image) is the same
 *     in every space: a mapping made there through vm_kernel_space() is
 *     immediately visible in all spaces, current and future;
 *   - the user half belongs to one space only.
 * Ownership: a frame mapped into the user half belongs to the space.
 * vm_space_destroy() frees it along with the page tables, so whoever maps a
 * frame there hands it over (vm_unmap_page() hands it back), and it must
 * come from frame_alloc: no device memory in the user half, for now.  Frames mapped
 * into the kernel half stay their mapper's.
 *
 * The implementation (arch/x86_64/paging.c) is a page-table walker; nothing
 * outside arch/ knows what a page table entry looks like.  Addresses must be
 * page-aligned; misuse (a kernel-half page marked VM_USER, mapping over a
 * present page, destroying the active space) is a kernel bug and panics.
 * No locking: only one CPU runs, and none of this is called from
 * interrupt handlers.
 */
#ifndef KERNEL_MM_VM_H
#define KERNEL_MM_VM_H

#include <stdbool.h>
#include <stdint.h>

/* Permissions.  A page is always readable (x86 cannot express otherwise).
 * Without VM_EXEC it cannot be executed when the CPU has NX. */
#define VM_WRITE (1u << 0)
#define VM_EXEC	 (1u << 1)
#define VM_USER	 (1u << 2)

#define VM_USER_TOP    0x0000800000000000ull /* user half: [0, VM_USER_TOP) */
#define VM_KERNEL_BASE 0xffff800000000000ull /* kernel half: from here up */

/* Opaque-ish: only the paging code looks inside. */
struct vm_space {
	uint64_t root_phys; /* the top-level page table (x86: the PML4) */
};

/* Called once by mm_init, with the frame allocator running: builds the
 * kernel's page tables, mapping all physical memory below phys_end (at
 * least 4 GiB, for the devices there) at PHYSMAP_BASE, and switches to
 * them.  From then on nothing below KERNEL_VMA is mapped but PHYSMAP and
 * kernel stacks. */
void vm_init(uint64_t phys_end);
/* The end of what PHYSMAP maps (at least 4 GiB); 0 before vm_init. */
uint64_t vm_physmap_end(void);

/* The space the kernel runs in when no process does; never destroyed. */
struct vm_space *vm_kernel_space(void);

/* A new space with an empty user half, or NULL when memory is short. */
struct vm_space *vm_space_create(void);
/* A new space whose user half is a copy of src's: every page gets a
 * fresh frame with the same contents and rights (fork; no copy-on-write).
 * NULL when memory is short, with nothing left allocated. */
struct vm_space *vm_space_clone(struct vm_space *src);
/* Frees the user half's page tables and frames, then the space itself.
 * The space must not be active. */
void vm_space_destroy(struct vm_space *space);
/* Makes the CPU translate through space. */
void vm_space_activate(struct vm_space *space);

/* Maps the page at va to the frame at pa.  0, or -ENOMEM when a page
 * table could not be allocated (nothing is mapped then). */
int vm_map_page(struct vm_space *space, uint64_t va, uint64_t pa,
		unsigned flags);
/* Removes the mapping of the page at va (flushing the TLB as needed) and
 * returns the frame it mapped, or 0 when nothing was mapped there.  The
 * frame is not freed. */
uint64_t vm_unmap_page(struct vm_space *space, uint64_t va);
/* The physical address va translates to (page offset included), or 0 when
 * it is not mapped (frame 0 is never mapped anywhere but in PHYSMAP).  When flags is not NULL it receives the VM_* rights
 * that apply, as the CPU combines them across all levels. */
uint64_t vm_lookup(struct vm_space *space, uint64_t va, unsigned *flags);

/* Whether pages can be non-executable at all (the CPU has NX). */
bool vm_nx_supported(void);

#endif
