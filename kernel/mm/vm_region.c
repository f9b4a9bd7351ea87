/*
 * vm_region.c - the layout of a user address space as a sorted list of
 * regions: [start, end) with one set of mmap rights each.
 *
 * Why it exists: the page tables say which pages are backed, but not which
 * address ranges a process has claimed (a PROT_NONE reservation has no
 * pages at all), and searching them for free space page by page costs the
 * length searched.  The list costs O(regions) for every question, and the
 * number of regions is capped (VM_REGIONS_MAX), so every memory call's
 * bookkeeping is bounded by a constant however large its arguments.
 *
 * Invariants: the list is sorted by start; regions never overlap; two
 * adjacent regions never have the same rights (they would have merged);
 * count is the length of the list.  Pure logic on kmalloc'd nodes:
 * tests/host/test_vm_region.c checks it against a page-by-page model.
 */
#include "kernel/errno.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"

static struct vm_region *region_new(uint64_t start, uint64_t end, unsigned prot)
{
	struct vm_region *n = kmalloc(sizeof(*n));
	if (n) {
		n->start = start;
		n->end = end;
		n->prot = prot;
		n->next = NULL;
	}
	return n;
}

/* Whether removing [start, end) splits one region in two. */
static bool needs_split(const struct vm_regions *r, uint64_t start,
			uint64_t end)
{
	for (const struct vm_region *g = r->head; g && g->start < end;
	     g = g->next)
		if (g->start < start && g->end > end)
			return true;
	return false;
}

/* Removes [start, end), using *spare (and clearing it) for a split. */
static void remove_range(struct vm_regions *r, uint64_t start, uint64_t end,
			 struct vm_region **spare)
{
	struct vm_region **link = &r->head;
	while (*link && (*link)->start < end) {
		struct vm_region *g = *link;
		if (g->end <= start) {
			link = &g->next;
		} else if (g->start < start && g->end > end) {
			struct vm_region *right = *spare;
			*spare = NULL;
			right->start = end;
			right->end = g->end;
			right->prot = g->prot;
			right->next = g->next;
			g->end = start;
			g->next = right;
			r->count++;
			return; /* nothing else can overlap */
		} else if (g->start < start) {
			g->end = start;
			link = &g->next;
		} else if (g->end > end) {
			g->start = end;
			return;
		} else {
			*link = g->next;
			kfree(g);
			r->count--;
		}
	}
}

int vm_regions_remove(struct vm_regions *r, uint64_t start, uint64_t end)
{
	struct vm_region *spare = NULL;
	if (needs_split(r, start, end)) {
		if (r->count + 1 > VM_REGIONS_MAX)
			return -ENOMEM;
		spare = region_new(0, 0, 0);
		if (!spare)
			return -ENOMEM;
	}
	remove_range(r, start, end, &spare);
	if (spare)
		kfree(spare);
	return 0;
}

int vm_regions_set(struct vm_regions *r, uint64_t start, uint64_t end,
		   unsigned prot)
{
	/* At most two nodes more (a split and the new region), and one
	 * more kept free so that undoing this never fails (vm.h). */
	if (r->count + 3 > VM_REGIONS_MAX)
		return -ENOMEM;
	struct vm_region *fresh = region_new(start, end, prot);
	struct vm_region *spare = region_new(0, 0, 0);
	if (!fresh || !spare) {
		kfree(fresh);
		kfree(spare);
		return -ENOMEM;
	}
	remove_range(r, start, end, &spare);
	if (spare)
		kfree(spare);

	struct vm_region **link = &r->head, *prev = NULL;
	while (*link && (*link)->start < start) {
		prev = *link;
		link = &prev->next;
	}
	fresh->next = *link;
	*link = fresh;
	r->count++;

	struct vm_region *next = fresh->next;
	if (next && next->start == end && next->prot == prot) {
		fresh->end = next->end;
		fresh->next = next->next;
		kfree(next);
		r->count--;
	}
	if (prev && prev->end == start && prev->prot == prot) {
		prev->end = fresh->end;
		prev->next = fresh->next;
		kfree(fresh);
		r->count--;
	}
	return 0;
}

bool vm_regions_cover(const struct vm_regions *r, uint64_t start, uint64_t end)
{
	uint64_t covered = start; /* [start, covered) is known covered */
	for (const struct vm_region *g = r->head; g && covered < end;
	     g = g->next) {
		if (g->end <= covered)
			continue;
		if (g->start > covered)
			return false;
		covered = g->end;
	}
	return covered >= end;
}

bool vm_regions_overlap(const struct vm_regions *r, uint64_t start,
			uint64_t end)
{
	for (const struct vm_region *g = r->head; g && g->start < end;
	     g = g->next)
		if (g->end > start)
			return true;
	return false;
}

uint64_t vm_regions_find_free(const struct vm_regions *r, uint64_t low,
			      uint64_t high, uint64_t len)
{
	uint64_t candidate = PAGE_ROUND_UP(low);
	if (candidate < low || len == 0)
		return 0;
	for (const struct vm_region *g = r->head; g; g = g->next) {
		if (g->end <= candidate)
			continue;
		if (candidate >= high || len > high - candidate)
			return 0;
		if (g->start >= candidate && g->start - candidate >= len)
			return candidate; /* the gap before g is enough */
		candidate = g->end;
	}
	if (candidate >= high || len > high - candidate)
		return 0;
	return candidate;
}

int vm_regions_copy(struct vm_regions *dst, const struct vm_regions *src)
{
	struct vm_region **link = &dst->head;
	for (const struct vm_region *g = src->head; g; g = g->next) {
		struct vm_region *n = region_new(g->start, g->end, g->prot);
		if (!n) {
			vm_regions_clear(dst);
			return -ENOMEM;
		}
		*link = n;
		link = &n->next;
		dst->count++;
	}
	return 0;
}

void vm_regions_clear(struct vm_regions *r)
{
	struct vm_region *g = r->head;
	while (g) {
		struct vm_region *next = g->next;
		kfree(g);
		g = next;
	}
	r->head = NULL;
	r->count = 0;
}
