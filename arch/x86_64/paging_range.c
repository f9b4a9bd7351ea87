/*
 * paging_range.c - unmapping, protecting and counting a range of the user
 * half in one walk of the page tables (kernel/mm/vm.h).
 *
 * Why a walk and not a loop over pages: a range can be 128 TiB long, and a
 * loop that asks about each of its 2^35 pages takes minutes with nothing
 * mapped.  The walk descends from the PML4 and visits only entries that
 * lie in the range and are present: an absent PML4 entry skips 512 GiB in
 * one step, an absent PDPT entry 1 GiB, an absent directory entry 2 MiB.
 * Bound: O(backed pages in the range + 512 per table visited), and every
 * table visited holds at least one present entry or is on one of the two
 * edges of the range, so the cost follows what is mapped, not the length.
 *
 * TLB (SDM vol. 3A, 4.10.4): a leaf that loses its mapping or rights in
 * the active space is flushed with INVLPG.  A page table freed here may
 * still sit in the paging-structure caches, so after freeing any we
 * reload CR3, which drops them all (no PCIDs, and the user half is not
 * global).  One CPU: nothing can reuse a freed frame before the reload.
 */
#include "arch/x86_64/paging.h"
#include "arch/x86_64/x86.h"
#include "kernel/console.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/sched.h"

enum range_op { RANGE_COUNT, RANGE_UNMAP, RANGE_PROTECT };

struct range_walk {
	enum range_op op;
	uint64_t start, end; /* [start, end) */
	uint64_t leaf_bits;  /* RANGE_PROTECT: what the leaves become */
	bool active;	     /* the space is the CPU's: flush the TLB */
	bool freed_table;
	uint64_t pages; /* backed pages seen */
};

static bool table_empty(const uint64_t *table)
{
	for (int i = 0; i < PT_ENTRIES; i++)
		if (table[i])
			return false;
	return true;
}

static void visit_leaf(struct range_walk *w, uint64_t *e, uint64_t va)
{
	if (!pte_owns_frame(*e))
		return;
	w->pages++;
	if (w->op == RANGE_COUNT)
		return;
	uint64_t frame = *e & PTE_ADDR_MASK;
	if (w->op == RANGE_UNMAP) {
		*e = 0;
		frame_free(frame);
	} else {
		*e = frame | w->leaf_bits;
	}
	if (w->active)
		invlpg(va);
}

/* Walks the entries of a level-`level` table that covers va_base. */
static void walk_table(struct range_walk *w, uint64_t *table, int level,
		       uint64_t va_base)
{
	uint64_t span = 1ull << (PAGE_SHIFT + 9 * (level - 1));
	unsigned first = 0, last = PT_ENTRIES - 1;
	if (w->start > va_base)
		first = (unsigned)((w->start - va_base) / span);
	if (w->end - 1 < va_base + PT_ENTRIES * span - 1)
		last = (unsigned)((w->end - 1 - va_base) / span);

	for (unsigned i = first; i <= last; i++) {
		uint64_t va = va_base + i * span;
		if (level == 1) {
			visit_leaf(w, &table[i], va);
			continue;
		}
		preempt_point(); /* per table: at most 512 leaves between */
		uint64_t e = table[i];
		if (!(e & PTE_PRESENT))
			continue; /* the skip that bounds the walk */
		if (e & PTE_LARGE)
			panic("walk_table: large page in a user half at %lx",
			      va);
		uint64_t *sub = pt_table(e);
		walk_table(w, sub, level - 1, va);
		/* An unmap that leaves a table empty frees it: a process
		 * that maps one page per GiB and unmaps them must not keep
		 * three tables for each.  Scanning costs 512 reads, paid
		 * only for tables the walk entered anyway. */
		if (w->op == RANGE_UNMAP && table_empty(sub)) {
			table[i] = 0;
			frame_free(e & PTE_ADDR_MASK);
			w->freed_table = true;
		}
	}
}

static uint64_t walk_range(struct vm_space *space, struct range_walk *w)
{
	if (w->start >= w->end)
		return 0;
	if (w->end > VM_USER_TOP || (w->start | w->end) % PAGE_SIZE)
		panic("walk_range: bad user range %lx-%lx", w->start, w->end);
	w->active = (read_cr3() & PTE_ADDR_MASK) == space->root_phys;
	/* The PML4 itself is never freed: it roots the space. */
	walk_table(w, pt_table(space->root_phys), 4, 0);
	if (w->freed_table && w->active)
		write_cr3(read_cr3());
	return w->pages;
}

uint64_t vm_unmap_range(struct vm_space *space, uint64_t start, uint64_t end)
{
	struct range_walk w = {.op = RANGE_UNMAP, .start = start, .end = end};
	return walk_range(space, &w);
}

uint64_t vm_protect_range(struct vm_space *space, uint64_t start, uint64_t end,
			  unsigned flags)
{
	struct range_walk w = {.op = RANGE_PROTECT, .start = start, .end = end};
	if (flags & VM_NOACCESS)
		w.leaf_bits = PTE_PROTNONE;
	else
		w.leaf_bits = PTE_PRESENT | PTE_USER |
			      ((flags & VM_WRITE) ? PTE_WRITE : 0) |
			      ((flags & VM_EXEC) ? 0 : paging_nx);
	return walk_range(space, &w);
}

uint64_t vm_count_range(struct vm_space *space, uint64_t start, uint64_t end)
{
	struct range_walk w = {.op = RANGE_COUNT, .start = start, .end = end};
	return walk_range(space, &w);
}
