/*
 * test_heap.c - host unit tests for kmalloc/kzalloc/kfree (kernel/mm/heap.c),
 * built with KDEBUG=1 (see host.mk) so the debug checks are tested too.
 *
 * The heap grows through test_grow(), which hands out page-aligned malloc
 * memory and remembers it so each test can free it afterwards.  The
 * kernel's panic_in() is replaced by one that records the message and
 * longjmps back into the test: EXPECT_PANIC(statement, text) checks that
 * the statement panics with a message containing text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/console.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/mm.h"

/* ---- the grow function and the panic hook --------------------------- */

#define MAX_ARENAS 64
static void *arenas[MAX_ARENAS];
static int arena_count;
static int grow_fails;

static void *test_grow(size_t bytes)
{
	assert_int_equal(bytes % 4096, 0);
	if (grow_fails || arena_count == MAX_ARENAS)
		return NULL;
	void *p = aligned_alloc(4096, bytes);
	assert_non_null(p);
	memset(p, 0x6b, bytes); /* not zero: kzalloc must do its own job */
	arenas[arena_count++] = p;
	return p;
}

static int released;

/* Frees an arena the heap gave back (teardown frees the others). */
static void test_release(void *arena, size_t bytes)
{
	assert_int_equal(bytes % 4096, 0);
	for (int i = 0; i < arena_count; i++) {
		if (arenas[i] == arena) {
			free(arena);
			arenas[i] = arenas[--arena_count];
			released++;
			return;
		}
	}
	fail_msg("released %p, which grow never returned", arena);
}

static jmp_buf panic_jump;
static int panic_armed;
static char panic_message[512];

void panic_in(const char *function, const char *fmt, ...)
{
	va_list ap;
	int n =
	    snprintf(panic_message, sizeof(panic_message), "%s: ", function);
	va_start(ap, fmt);
	vsnprintf(panic_message + n, sizeof(panic_message) - (size_t)n, fmt,
		  ap);
	va_end(ap);
	if (!panic_armed)
		fail_msg("unexpected panic: %s", panic_message);
	panic_armed = 0;
	longjmp(panic_jump, 1);
}

#define EXPECT_PANIC(statement, text)                              \
	do {                                                       \
		panic_message[0] = '\0';                           \
		if (setjmp(panic_jump) == 0) {                     \
			panic_armed = 1;                           \
			statement;                                 \
			panic_armed = 0;                           \
			fail_msg("no panic from: %s", #statement); \
		}                                                  \
		assert_non_null(strstr(panic_message, text));      \
	} while (0)

static int setup(void **state)
{
	(void)state;
	arena_count = 0;
	grow_fails = 0;
	released = 0;
	heap_init(test_grow, test_release);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < arena_count; i++)
		free(arenas[i]);
	arena_count = 0;
	return 0;
}

static struct heap_stats stats(void)
{
	struct heap_stats s;
	heap_get_stats(&s);
	return s;
}

/* ---- tests ----------------------------------------------------------- */

static void test_zero_and_null(void **state)
{
	(void)state;
	assert_null(kmalloc(0));
	assert_null(kzalloc(0));
	assert_null(kmalloc(SIZE_MAX));
	assert_null(kmalloc(SIZE_MAX / 2 + 1));
	kfree(NULL);
	assert_int_equal(arena_count, 0); /* none of that grew the heap */
}

static void test_alignment(void **state)
{
	(void)state;
	for (size_t size = 1; size <= 300; size++) {
		void *p = kmalloc(size);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % HEAP_ALIGN, 0);
	}
	assert_int_equal(stats().used_blocks, 300);
}

static void test_blocks_do_not_overlap(void **state)
{
	(void)state;
	enum { N = 200 };
	static unsigned char *p[N];
	static size_t size[N];

	srand(7);
	for (int i = 0; i < N; i++) {
		size[i] = (size_t)(rand() % 700) + 1;
		p[i] = kmalloc(size[i]);
		assert_non_null(p[i]);
		memset(p[i], i, size[i]);
	}
	for (int i = 0; i < N; i++)
		for (size_t j = 0; j < size[i]; j++)
			assert_int_equal(p[i][j], (unsigned char)i);
	for (int i = 0; i < N; i++)
		kfree(p[i]);
	assert_int_equal(stats().used_blocks, 0);
	assert_int_equal(stats().used_bytes, 0);
}

static void test_coalescing(void **state)
{
	(void)state;
	void *a = kmalloc(100), *b = kmalloc(200), *c = kmalloc(300);
	void *d = kmalloc(50);
	assert_int_equal(stats().arenas, 1);

	/* Middle first, then each side: every order must merge fully. */
	kfree(b);
	kfree(a);
	assert_int_equal(stats().free_blocks, 2); /* a+b, and the tail */
	kfree(c);
	assert_int_equal(stats().free_blocks, 2); /* a+b+c, and the tail */
	kfree(d);
	struct heap_stats s = stats();
	assert_int_equal(s.free_blocks, 1);
	assert_int_equal(s.used_bytes, 0);

	/* The whole arena is one block again: a near-arena-sized request
	 * fits without growing. */
	void *big = kmalloc(HEAP_GROW_MIN - 256);
	assert_non_null(big);
	assert_int_equal(stats().arenas, 1);
	kfree(big);
}

static void test_first_fit_reuses_freed_block(void **state)
{
	(void)state;
	void *a = kmalloc(64);
	void *b = kmalloc(64);
	(void)b;
	kfree(a);
	assert_ptr_equal(kmalloc(64), a);
	assert_ptr_equal(kmalloc(1), (char *)b + ((char *)b - (char *)a));
}

static void test_grow_and_large_blocks(void **state)
{
	(void)state;
	size_t big = 5 * HEAP_GROW_MIN + 123;
	unsigned char *p = kmalloc(big);
	assert_non_null(p);
	memset(p, 0x11, big);
	assert_int_equal(stats().arenas, 1);
	assert_true(stats().arena_bytes >= big);
	unsigned char *q = kmalloc(16); /* the big arena has no room left */
	assert_non_null(q);
	kfree(p);
	kfree(q);
	assert_int_equal(stats().used_bytes, 0);
}

static void test_grow_failure(void **state)
{
	(void)state;
	grow_fails = 1;
	assert_null(kmalloc(10));
	grow_fails = 0;
	void *p = kmalloc(10);
	assert_non_null(p);
	grow_fails = 1;
	assert_null(kmalloc(2 * HEAP_GROW_MIN)); /* cannot fit in arena 1 */
	assert_non_null(kmalloc(10));		 /* but this still does */
}

static void test_kzalloc_zeroes(void **state)
{
	(void)state;
	unsigned char *p = kmalloc(500);
	memset(p, 0xff, 500);
	kfree(p);
	unsigned char *z = kzalloc(500);
	assert_ptr_equal(z, p); /* the dirty block came back */
	for (int i = 0; i < 500; i++)
		assert_int_equal(z[i], 0);
}

static void test_double_free_detected(void **state)
{
	(void)state;
	void *p = kmalloc(40);
	void *q = kmalloc(40);
	char addr[32];
	snprintf(addr, sizeof(addr), "%p", p);
	kfree(p);
	EXPECT_PANIC(kfree(p), "double free");
	assert_non_null(strstr(panic_message, addr));
	assert_non_null(strstr(panic_message, "40 bytes"));
	assert_non_null(strstr(panic_message, "kfree"));
	/* Also when the freed block has merged with its neighbour. */
	kfree(q);
	EXPECT_PANIC(kfree(q), "double free");
}

/* A function of its own: locals that live across setjmp in a loop would
 * need to be volatile. */
static void check_overrun(size_t size)
{
	char *p = kmalloc(size);
	char want[64];
	memset(p, 'x', size + 1); /* one byte too many */
	EXPECT_PANIC(kfree(p), "overrun");
	snprintf(want, sizeof(want), "%zu bytes", size);
	assert_non_null(strstr(panic_message, want));
}

static void test_overrun_detected(void **state)
{
	(void)state;
	for (size_t size = 1; size <= 40; size++)
		check_overrun(size);
	/* Exactly the requested size is fine. */
	char *ok = kmalloc(33);
	memset(ok, 'y', 33);
	kfree(ok);
}

static void test_bad_pointers_detected(void **state)
{
	(void)state;
	char *p = kmalloc(100);
	int on_stack;
	EXPECT_PANIC(kfree(p + 32), "no block starts at");
	EXPECT_PANIC(kfree(p + 1), "not a heap address");
	EXPECT_PANIC(kfree(&on_stack), "not a heap address");
	kfree(p); /* the failed attempts changed nothing */
	assert_int_equal(stats().used_blocks, 0);
}

static void test_random_workload(void **state)
{
	(void)state;
	enum { SLOTS = 64, STEPS = 5000 };
	static unsigned char *p[SLOTS];
	static size_t size[SLOTS];

	memset(p, 0, sizeof(p));
	srand(42);
	for (int step = 0; step < STEPS; step++) {
		int i = rand() % SLOTS;
		if (p[i]) {
			for (size_t j = 0; j < size[i]; j++)
				assert_int_equal(p[i][j], (unsigned char)i);
			kfree(p[i]);
			p[i] = NULL;
		} else {
			size[i] = (size_t)(rand() % 3000) + 1;
			p[i] = rand() % 2 ? kmalloc(size[i]) : kzalloc(size[i]);
			assert_non_null(p[i]);
			memset(p[i], i, size[i]);
		}
	}
	for (int i = 0; i < SLOTS; i++)
		kfree(p[i]);
	struct heap_stats s = stats();
	assert_int_equal(s.used_bytes, 0);
	assert_int_equal(s.free_blocks, s.arenas); /* fully coalesced */
}

/* Whole free arenas go back, all but the last one. */
static void test_free_arenas_released(void **state)
{
	(void)state;
	enum { N = 40 };
	void *p[N];
	for (int i = 0; i < N; i++) {
		p[i] = kmalloc(HEAP_GROW_MIN / 2); /* one arena each */
		assert_non_null(p[i]);
	}
	assert_int_equal(stats().arenas, N);
	for (int i = 0; i < N; i += 2) /* every other one */
		kfree(p[i]);
	assert_int_equal(released, N / 2);
	assert_int_equal(stats().arenas, N / 2);
	void *small = kmalloc(100); /* in the newest arena still there */
	assert_non_null(small);
	for (int i = 1; i < N; i += 2)
		kfree(p[i]);
	kfree(small);
	struct heap_stats s = stats();
	assert_int_equal(s.arenas, 1); /* the last one stays */
	assert_int_equal(s.used_bytes, 0);
	assert_int_equal(released, N - 1);
	assert_int_equal(arena_count, 1);
	/* And the heap still works, growing again when it must. */
	void *big = kmalloc(3 * HEAP_GROW_MIN);
	assert_non_null(big);
	kfree(big);
	assert_int_equal(stats().arenas, 1);
}

#define HEAP_TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HEAP_TEST(test_zero_and_null),
	    HEAP_TEST(test_alignment),
	    HEAP_TEST(test_blocks_do_not_overlap),
	    HEAP_TEST(test_coalescing),
	    HEAP_TEST(test_first_fit_reuses_freed_block),
	    HEAP_TEST(test_grow_and_large_blocks),
	    HEAP_TEST(test_grow_failure),
	    HEAP_TEST(test_kzalloc_zeroes),
	    HEAP_TEST(test_double_free_detected),
	    HEAP_TEST(test_overrun_detected),
	    HEAP_TEST(test_bad_pointers_detected),
	    HEAP_TEST(test_random_workload),
	    HEAP_TEST(test_free_arenas_released),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
