/*
 * test_vm_region.c - host unit tests for the region list (kernel/mm/
 * vm_region.c): set, remove, cover, overlap, find_free and copy, checked
 * against a model that keeps the rights of every page of a small address
 * range, after every one of many random operations.
 *
 * kmalloc/kfree are malloc/free here, with a switch that makes kmalloc
 * fail, so the -ENOMEM paths are seen to change nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"

static int kmalloc_fails;
static long live_nodes;

void *kmalloc(size_t size)
{
	if (kmalloc_fails)
		return NULL;
	live_nodes++;
	return malloc(size);
}

void kfree(void *p)
{
	if (p)
		live_nodes--;
	free(p);
}

#define PAGES 256
#define P(n)  ((uint64_t)(n)*PAGE_SIZE)
#define NONE  (-1)

static int model[PAGES]; /* rights per page, NONE: no region */

static void model_reset(void)
{
	for (int i = 0; i < PAGES; i++)
		model[i] = NONE;
}

/* The list must be sorted, disjoint, merged, counted, and equal the model. */
static void check_against_model(const struct vm_regions *r)
{
	int seen[PAGES];
	for (int i = 0; i < PAGES; i++)
		seen[i] = NONE;
	unsigned count = 0;
	const struct vm_region *prev = NULL;
	for (const struct vm_region *g = r->head; g; g = g->next) {
		count++;
		assert_true(g->start < g->end);
		assert_int_equal(g->start % PAGE_SIZE, 0);
		assert_int_equal(g->end % PAGE_SIZE, 0);
		assert_true(g->end <= P(PAGES));
		if (prev) {
			assert_true(prev->end <= g->start);
			assert_false(prev->end == g->start &&
				     prev->prot == g->prot);
		}
		for (uint64_t a = g->start; a < g->end; a += PAGE_SIZE)
			seen[a / PAGE_SIZE] = (int)g->prot;
		prev = g;
	}
	assert_int_equal(count, r->count);
	assert_memory_equal(seen, model, sizeof(seen));
}

static void test_set_merge_split(void **state)
{
	(void)state;
	struct vm_regions r = {0};
	model_reset();
	assert_int_equal(vm_regions_set(&r, P(10), P(20), 3), 0);
	assert_int_equal(vm_regions_set(&r, P(20), P(30), 3), 0);
	assert_int_equal(r.count, 1); /* merged */
	assert_int_equal(vm_regions_set(&r, P(14), P(16), 0), 0);
	assert_int_equal(r.count, 3); /* split in three */
	assert_int_equal(vm_regions_remove(&r, P(15), P(25)), 0);
	for (int i = 10; i < 30; i++)
		model[i] = 3;
	for (int i = 14; i < 16; i++)
		model[i] = 0;
	for (int i = 15; i < 25; i++)
		model[i] = NONE;
	check_against_model(&r);
	assert_true(vm_regions_cover(&r, P(10), P(15)));
	assert_false(vm_regions_cover(&r, P(10), P(16)));
	assert_true(vm_regions_overlap(&r, P(0), P(11)));
	assert_false(vm_regions_overlap(&r, P(15), P(25)));
	assert_int_equal(vm_regions_find_free(&r, P(0), P(100), P(10)), P(0));
	assert_int_equal(vm_regions_find_free(&r, P(5), P(100), P(10)), P(15));
	assert_int_equal(vm_regions_find_free(&r, P(5), P(100), P(11)), P(30));
	assert_int_equal(vm_regions_find_free(&r, P(5), P(40), P(11)), 0);
	vm_regions_clear(&r);
	assert_int_equal(live_nodes, 0);
}

static void test_enomem_changes_nothing(void **state)
{
	(void)state;
	struct vm_regions r = {0};
	model_reset();
	assert_int_equal(vm_regions_set(&r, P(10), P(30), 3), 0);
	for (int i = 10; i < 30; i++)
		model[i] = 3;
	kmalloc_fails = 1;
	assert_int_equal(vm_regions_set(&r, P(12), P(14), 1), -ENOMEM);
	assert_int_equal(vm_regions_remove(&r, P(12), P(14)), -ENOMEM);
	struct vm_regions copy = {0};
	assert_int_equal(vm_regions_copy(&copy, &r), -ENOMEM);
	assert_null(copy.head);
	kmalloc_fails = 0;
	check_against_model(&r);
	/* Removing a whole region or an edge needs no node. */
	kmalloc_fails = 1;
	assert_int_equal(vm_regions_remove(&r, P(25), P(40)), 0);
	kmalloc_fails = 0;
	for (int i = 25; i < 30; i++)
		model[i] = NONE;
	check_against_model(&r);
	vm_regions_clear(&r);
	assert_int_equal(live_nodes, 0);
}

static void test_cap(void **state)
{
	(void)state;
	struct vm_regions r = {0};
	int made = 0;
	/* Alternating rights so nothing merges, far beyond the cap. */
	for (uint64_t i = 0; i < 2 * VM_REGIONS_MAX; i++)
		if (vm_regions_set(&r, P(2 * i), P(2 * i + 1), i & 1) == 0)
			made++;
	assert_true(r.count <= VM_REGIONS_MAX);
	assert_true(made >= VM_REGIONS_MAX - 3);
	/* Right after a successful set, removing part of it never fails. */
	vm_regions_clear(&r);
	for (uint64_t i = 0;; i++) {
		uint64_t a = P(4 * i);
		if (vm_regions_set(&r, a, a + P(3), i & 1))
			break;
		assert_int_equal(vm_regions_remove(&r, a + P(1), a + P(2)), 0);
	}
	assert_true(r.count <= VM_REGIONS_MAX);
	vm_regions_clear(&r);
	assert_int_equal(live_nodes, 0);
}

static void test_random_against_model(void **state)
{
	(void)state;
	struct vm_regions r = {0};
	model_reset();
	srand(14);
	for (int step = 0; step < 20000; step++) {
		int a = rand() % PAGES, b = rand() % PAGES;
		if (a == b)
			continue;
		if (a > b) {
			int t = a;
			a = b;
			b = t;
		}
		int op = rand() % 5;
		if (op <= 1) {
			int prot = rand() % 3;
			assert_int_equal(vm_regions_set(&r, P(a), P(b), prot),
					 0);
			for (int i = a; i < b; i++)
				model[i] = prot;
		} else if (op == 2) {
			assert_int_equal(vm_regions_remove(&r, P(a), P(b)), 0);
			for (int i = a; i < b; i++)
				model[i] = NONE;
		} else if (op == 3) {
			bool cover = true, overlap = false;
			for (int i = a; i < b; i++) {
				cover &= model[i] != NONE;
				overlap |= model[i] != NONE;
			}
			assert_int_equal(vm_regions_cover(&r, P(a), P(b)),
					 cover);
			assert_int_equal(vm_regions_overlap(&r, P(a), P(b)),
					 overlap);
		} else {
			int len = rand() % 16 + 1, want = -1;
			for (int s = a; s + len <= b && want < 0; s++) {
				bool free_run = true;
				for (int i = s; i < s + len; i++)
					free_run &= model[i] == NONE;
				if (free_run)
					want = s;
			}
			uint64_t got =
			    vm_regions_find_free(&r, P(a), P(b), P(len));
			/* 0 means none; page 0 itself is never asked for. */
			if (want <= 0)
				assert_true(got == 0 ||
					    (want == 0 && got == 0));
			else
				assert_int_equal(got, P(want));
		}
		check_against_model(&r);
	}
	struct vm_regions copy = {0};
	assert_int_equal(vm_regions_copy(&copy, &r), 0);
	check_against_model(&copy);
	vm_regions_clear(&copy);
	vm_regions_clear(&r);
	assert_int_equal(live_nodes, 0);
}

static void test_find_free_huge(void **state)
{
	(void)state;
	struct vm_regions r = {0};
	/* Lengths near 2^64 must not wrap. */
	assert_int_equal(vm_regions_find_free(&r, P(1), P(100), UINT64_MAX), 0);
	assert_int_equal(vm_regions_set(&r, P(1), P(2), 1), 0);
	assert_int_equal(
	    vm_regions_find_free(&r, P(1), VM_USER_TOP, UINT64_MAX - P(1)), 0);
	assert_int_equal(
	    vm_regions_find_free(&r, P(1), VM_USER_TOP, VM_USER_TOP - P(2)),
	    P(2));
	vm_regions_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_merge_split),
	    cmocka_unit_test(test_enomem_changes_nothing),
	    cmocka_unit_test(test_cap),
	    cmocka_unit_test(test_random_against_model),
	    cmocka_unit_test(test_find_free_huge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
