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
 * come from frame_alloc: device memory is never mapped into the user half
 * (user-space drivers reach their devices through ports, which the I/O
 * bitmap guards; freeing an MMIO "frame" would corrupt the frame
 * allocator).  Frames mapped into the kernel half stay their mapper's.
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
/* Mapped but inaccessible (PROT_NONE after mprotect): the page keeps its
 * frame and contents, yet neither ring 3 nor the kernel's user copies can
 * reach it.  vm_lookup reports such a page as unmapped. */
#define VM_NOACCESS (1u << 3)

#define VM_USER_TOP    0x0000800000000000ull /* user half: [0, VM_USER_TOP) */
#define VM_KERNEL_BASE 0xffff800000000000ull /* kernel half: from here up */

/*
 * The layout of a user half: a sorted list of regions (vm_region.c).  Every
 * user page that owns a frame lies in a region; a region whose prot is not
 * VM_PROT_NONE has every page backed, a PROT_NONE region may hold backed
 * pages (made PROT_NONE by mprotect) or none (a reservation).  The list is
 * what finding free space walks, so mmap costs O(regions), not O(pages).
 */
#define VM_PROT_NONE  0u
#define VM_PROT_READ  1u /* the PROT_* values of mmap(2) */
#define VM_PROT_WRITE 2u
#define VM_PROT_EXEC  4u
#define VM_PROT_ALL   7u
/* At most this many regions per space (Linux's max_map_count, smaller):
 * each costs a kernel heap block, which user space must not exhaust. */
#define VM_REGIONS_MAX 1024

struct vm_region {
	uint64_t start, end; /* page aligned, start < end */
	unsigned prot;	     /* VM_PROT_* */
	struct vm_region *next;
};

struct vm_regions {
	struct vm_region *head; /* sorted by start, never overlapping */
	unsigned count;
};

/* Opaque-ish: only the paging code looks inside the root. */
struct vm_space {
	uint64_t root_phys; /* the top-level page table (x86: the PML4) */
	struct vm_regions regions;
};

/* ---- regions (vm_region.c, pure: host-tested) ----------------------- */
/* Every function costs O(regions).  Ranges are page aligned, start < end.
 * Gives [start, end) the rights prot, replacing whatever regions were
 * there; adjacent regions with equal rights merge.  0 or -ENOMEM (the
 * region cap or the heap), with nothing changed. */
int vm_regions_set(struct vm_regions *r, uint64_t start, uint64_t end,
		   unsigned prot);
/* Removes [start, end) from the regions.  0, or -ENOMEM when a region
 * would have to be split at the cap (nothing changed).  Invariant the
 * callers rely on: right after a successful vm_regions_set, removing any
 * part of the range never fails (set leaves room for one split). */
int vm_regions_remove(struct vm_regions *r, uint64_t start, uint64_t end);
/* Whether regions cover every page of [start, end). */
bool vm_regions_cover(const struct vm_regions *r, uint64_t start, uint64_t end);
/* Whether any region touches [start, end). */
bool vm_regions_overlap(const struct vm_regions *r, uint64_t start,
			uint64_t end);
/* The lowest page-aligned address a >= low with [a, a + len) inside
 * [low, high) and free of regions; 0 when there is none. */
uint64_t vm_regions_find_free(const struct vm_regions *r, uint64_t low,
			      uint64_t high, uint64_t len);
/* dst (empty) becomes a copy of src.  0 or -ENOMEM (dst left empty). */
int vm_regions_copy(struct vm_regions *dst, const struct vm_regions *src);
void vm_regions_clear(struct vm_regions *r);

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

/* ---- ranges of the user half (paging.c) ------------------------------
 * Each walks the page tables from the top and skips every absent table at
 * every level, so its cost is O(pages mapped in the range + tables on the
 * way), never O(length): unmapping 128 TiB of nothing looks at one PML4.
 * [start, end) is page aligned and inside the user half. */
/* Unmaps every page in the range and frees its frame; page tables left
 * empty are freed too.  Returns the number of pages unmapped. */
uint64_t vm_unmap_range(struct vm_space *space, uint64_t start, uint64_t end);
/* Gives every backed page in the range the rights `flags` (VM_WRITE,
 * VM_EXEC, or VM_NOACCESS); returns the number of backed pages. */
uint64_t vm_protect_range(struct vm_space *space, uint64_t start, uint64_t end,
			  unsigned flags);
/* The number of backed pages (accessible or not) in the range. */
uint64_t vm_count_range(struct vm_space *space, uint64_t start, uint64_t end);

/* Whether pages can be non-executable at all (the CPU has NX). */
bool vm_nx_supported(void);

#endif
