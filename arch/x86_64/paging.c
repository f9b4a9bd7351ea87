/*
 * paging.c - the page-table walker behind kernel/mm/vm.h: mapping,
 * unmapping and looking up single 4 KiB pages, and creating, copying,
 * switching to and destroying address spaces.
 *
 * Invariants this file keeps (the layout is in paging.h):
 *   - the kernel half of every PML4 (entries 256..511) is a copy of the
 *     kernel's, and after vm_init none of those entries ever changes, so a
 *     mapping made below them is seen by every space at once;
 *   - table entries above a leaf are present + writable (+ user in the user
 *     half): the rights are decided by the leaf alone;
 *   - every table and every user-half frame of a space came from
 *     frame_alloc, so destroying the space can give them all back.
 * Building the kernel's own space at boot is in kernel_space.c.
 */
#include "arch/x86_64/paging.h"
#include "arch/x86_64/x86.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/sched.h"

uint64_t paging_nx;
uint64_t paging_global;
bool paging_kernel_half_sealed;

static bool in_user_half(uint64_t va)
{
	return va < VM_USER_TOP;
}

static bool in_kernel_half(uint64_t va)
{
	return va >= VM_KERNEL_BASE;
}

uint64_t *paging_entry(uint64_t root, uint64_t va, int level, bool create)
{
	uint64_t *table = pt_table(root);

	for (int l = 4; l > level; l--) {
		uint64_t *e = &table[pt_index(va, l)];
		if (!(*e & PTE_PRESENT)) {
			if (!create)
				return NULL;
			if (l == 4 && in_kernel_half(va) &&
			    paging_kernel_half_sealed)
				panic(
				    "%lx: would need a new kernel-half PML4 entry, which other spaces would not see",
				    va);
			uint64_t frame = frame_alloc(); /* zeroed: all absent */
			if (!frame)
				return NULL;
			*e = frame | PTE_PRESENT | PTE_WRITE |
			     (in_user_half(va) ? PTE_USER : 0);
		} else if (*e & PTE_LARGE) {
			panic("%lx lies inside a large page (level %d)", va, l);
		}
		table = pt_table(*e);
	}
	return &table[pt_index(va, level)];
}

static void check_page_args(uint64_t va, unsigned flags)
{
	if (va % PAGE_SIZE != 0)
		panic("%lx is not page-aligned", va);
	if (!in_user_half(va) && !in_kernel_half(va))
		panic("%lx is not a canonical address", va);
	if ((flags & VM_USER) && !in_user_half(va))
		panic("%lx: VM_USER in the kernel half", va);
}

int vm_map_page(struct vm_space *space, uint64_t va, uint64_t pa,
		unsigned flags)
{
	check_page_args(va, flags);
	if (pa % PAGE_SIZE != 0)
		panic("frame %lx is not page-aligned", pa);

	uint64_t *pte = paging_entry(space->root_phys, va, 1, true);
	if (!pte)
		return -ENOMEM;
	if (pte_owns_frame(*pte))
		panic("%lx is already mapped (to %lx)", va,
		      *pte & PTE_ADDR_MASK);
	if (flags & VM_NOACCESS) {
		*pte = pa | PTE_PROTNONE; /* owned, not reachable */
		return 0;
	}
	/* Not present -> present needs no TLB flush: the CPU does not cache
	 * absent translations. */
	*pte = pa | PTE_PRESENT | ((flags & VM_WRITE) ? PTE_WRITE : 0) |
	       ((flags & VM_USER) ? PTE_USER : 0) |
	       ((flags & VM_EXEC) ? 0 : paging_nx) |
	       (in_kernel_half(va) ? paging_global : 0);
	return 0;
}

static bool is_active(const struct vm_space *space)
{
	return (read_cr3() & PTE_ADDR_MASK) == space->root_phys;
}

uint64_t vm_unmap_page(struct vm_space *space, uint64_t va)
{
	check_page_args(va, 0);
	uint64_t *pte = paging_entry(space->root_phys, va, 1, false);
	if (!pte || !pte_owns_frame(*pte))
		return 0;
	uint64_t pa = *pte & PTE_ADDR_MASK;
	*pte = 0;
	/* Kernel-half pages are in every space (and global): always flush.
	 * Another space's user pages are not in the TLB: CR3 writes (without
	 * PCIDs) drop all non-global entries. */
	if (in_kernel_half(va) || is_active(space))
		invlpg(va);
	/* The other CPUs flush at their next kernel entry (tlb.c). */
	if (in_kernel_half(va))
		tlb_kernel_page_unmapped();
	return pa;
}

uint64_t vm_lookup(struct vm_space *space, uint64_t va, unsigned *flags)
{
	uint64_t *table = pt_table(space->root_phys);
	unsigned rights = VM_WRITE | VM_USER | VM_EXEC;

	for (int level = 4; level >= 1; level--) {
		uint64_t e = table[pt_index(va, level)];
		if (!(e & PTE_PRESENT))
			return 0;
		/* The CPU's rule: every level must allow it. */
		if (!(e & PTE_WRITE))
			rights &= ~VM_WRITE;
		if (!(e & PTE_USER))
			rights &= ~VM_USER;
		if (e & paging_nx)
			rights &= ~VM_EXEC;
		if (level == 1 || (e & PTE_LARGE)) {
			uint64_t size = 1ull << (PAGE_SHIFT + 9 * (level - 1));
			if (flags)
				*flags = rights;
			/* A large page's address field has the PAT bit (12)
			 * below its alignment: mask to the page size. */
			return (e & PTE_ADDR_MASK & ~(size - 1)) |
			       (va & (size - 1));
		}
		table = pt_table(e);
	}
	return 0; /* not reached: level 1 always returns */
}

struct vm_space *vm_space_create(void)
{
	struct vm_space *space = kmalloc(sizeof(*space));
	if (!space)
		return NULL;
	space->root_phys = frame_alloc(); /* zeroed: empty user half */
	if (!space->root_phys) {
		kfree(space);
		return NULL;
	}
	space->regions.head = NULL;
	space->regions.count = 0;
	uint64_t *root = pt_table(space->root_phys);
	const uint64_t *kernel = pt_table(vm_kernel_space()->root_phys);
	for (int i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
		root[i] = kernel[i];
	return space;
}

/* The VM_* rights a leaf entry grants by its own bits. */
static unsigned leaf_rights(uint64_t e)
{
	if (!(e & PTE_PRESENT))
		return VM_USER | VM_NOACCESS; /* PTE_PROTNONE */
	return ((e & PTE_WRITE) ? VM_WRITE : 0) |
	       ((e & PTE_USER) ? VM_USER : 0) | ((e & paging_nx) ? 0 : VM_EXEC);
}

/* Gives dst a copy of every page mapped below src's user-half table at
 * table_phys, a level-`level` table whose entry 0 translates va_base. */
static int clone_table(struct vm_space *dst, uint64_t table_phys, int level,
		       uint64_t va_base)
{
	const uint64_t *table = pt_table(table_phys);
	int count = level == 4 ? PT_ENTRIES / 2 : PT_ENTRIES; /* user half */

	for (int i = 0; i < count; i++) {
		uint64_t e = table[i];
		if (!(level == 1 ? pte_owns_frame(e) : (e & PTE_PRESENT)))
			continue;
		uint64_t va =
		    va_base + ((uint64_t)i << (PAGE_SHIFT + 9 * (level - 1)));
		if (level > 1 && (e & PTE_LARGE))
			panic("large page in a user half: we never make one");
		if (level > 1) {
			int err =
			    clone_table(dst, e & PTE_ADDR_MASK, level - 1, va);
			if (err)
				return err;
			continue;
		}
		preempt_point(); /* fork copies all of memory */
		uint64_t frame = frame_alloc();
		if (!frame)
			return -ENOMEM;
		memcpy(phys_to_virt(frame), phys_to_virt(e & PTE_ADDR_MASK),
		       PAGE_SIZE);
		if (vm_map_page(dst, va, frame, leaf_rights(e)) < 0) {
			frame_free(frame);
			return -ENOMEM;
		}
	}
	return 0;
}

struct vm_space *vm_space_clone(struct vm_space *src)
{
	struct vm_space *dst = vm_space_create();
	if (!dst)
		return NULL;
	if (vm_regions_copy(&dst->regions, &src->regions) < 0 ||
	    clone_table(dst, src->root_phys, 4, 0) < 0) {
		/* The copies made so far already belong to dst. */
		vm_space_destroy(dst);
		return NULL;
	}
	return dst;
}

/* Frees a user-half table of the given level with everything below it;
 * at level 1 the entries are the space's own frames. */
static void free_table(uint64_t table_phys, int level)
{
	uint64_t *table = pt_table(table_phys);
	int count = level == 4 ? PT_ENTRIES / 2 : PT_ENTRIES; /* user half */

	for (int i = 0; i < count; i++) {
		uint64_t e = table[i];
		if (!(level == 1 ? pte_owns_frame(e) : (e & PTE_PRESENT)))
			continue;
		if (level > 1 && (e & PTE_LARGE))
			panic("large page in a user half: we never make one");
		if (level > 1)
			free_table(e & PTE_ADDR_MASK, level - 1);
		else
			frame_free(e & PTE_ADDR_MASK);
	}
	frame_free(table_phys);
}

void vm_space_destroy(struct vm_space *space)
{
	if (space == vm_kernel_space())
		panic("the kernel space is never destroyed");
	if (is_active(space))
		panic("destroying the active space %lx: switch away first",
		      space->root_phys);
	free_table(space->root_phys, 4);
	vm_regions_clear(&space->regions);
	kfree(space);
}

void vm_space_activate(struct vm_space *space)
{
	/* A CR3 write flushes the TLB: skip it when nothing changes. */
	if (!is_active(space))
		write_cr3(space->root_phys);
}

bool vm_nx_supported(void)
{
	return paging_nx != 0;
}
