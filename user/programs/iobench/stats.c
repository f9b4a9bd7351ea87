/*
 * stats.c - median and percentiles of a sample array.
 */
#include "iobench.h"

/* Insertion sort would be too slow for 4000 samples at every scenario;
 * a heap sort needs no extra memory and no recursion. */
static void sift_down(uint64_t *a, size_t start, size_t end)
{
	size_t root = start;
	while (2 * root + 1 < end) {
		size_t child = 2 * root + 1;
		if (child + 1 < end && a[child] < a[child + 1])
			child++;
		if (a[root] >= a[child])
			return;
		uint64_t t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

void sort_samples(uint64_t *a, size_t n)
{
	if (n < 2)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (size_t end = n - 1; end > 0; end--) {
		uint64_t t = a[0];
		a[0] = a[end];
		a[end] = t;
		sift_down(a, 0, end);
	}
}

/* The p-th percentile (0..100) of sorted samples: nearest rank. */
uint64_t percentile(const uint64_t *sorted, size_t n, unsigned p)
{
	if (n == 0)
		return 0;
	size_t rank = (n * p + 99) / 100;
	if (rank == 0)
		rank = 1;
	return sorted[rank - 1];
}
