/*
 * test_elf_fuzz.c - a fuzz loop for elf_plan(): mutated copies of valid
 * files must be rejected, or give a plan that keeps every invariant of
 * elf.h and reads nothing outside the file (ASan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/exec/elf.h"

#include "tests/host/elf_builder.h"

/* ---- fuzzing -------------------------------------------------------- */

#define FUZZ_ROUNDS 40000

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64*: deterministic, so a failure reproduces on every run. */
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static uint64_t page_down(uint64_t x)
{
	return x & ~(PAGE - 1);
}

static uint64_t page_up(uint64_t x)
{
	return page_down(x + PAGE - 1);
}

static bool inside(const struct elf_segment *seg, uint64_t addr, uint64_t len,
		   uint64_t limit)
{
	return addr >= seg->vaddr && addr - seg->vaddr <= limit &&
	       len <= limit - (addr - seg->vaddr);
}

/* Re-checks, independently, every promise elf.h makes about a plan. */
static void check_plan(const struct elf_plan *p, const uint8_t *file,
		       size_t size)
{
	bool entry_ok = false, phdr_ok = false, tls_ok = !p->has_tls;
	Elf64_Ehdr eh;

	memcpy(&eh, file, sizeof(eh));
	assert_true(p->nsegments >= 1 && p->nsegments <= ELF_MAX_SEGMENTS);
	assert_true(p->type == ET_EXEC || p->type == ET_DYN);
	assert_true(p->type == ET_DYN || p->load_bias == 0);
	assert_true(p->load_bias <= ELF_DYN_BASE && p->load_bias % PAGE == 0);
	assert_int_equal(p->phent, sizeof(Elf64_Phdr));
	assert_true(p->phnum >= 1 && p->phnum <= ELF_MAX_PHDRS);

	for (size_t i = 0; i < p->nsegments; i++) {
		const struct elf_segment *s = &p->segments[i];

		assert_true(s->memsz > 0 && s->filesz <= s->memsz);
		assert_true(s->offset <= size && s->filesz <= size - s->offset);
		assert_int_equal(s->vaddr % PAGE, s->offset % PAGE);
		assert_true(s->vaddr >= EXEC_USER_MIN);
		assert_true(s->vaddr < EXEC_USER_END &&
			    s->memsz <= EXEC_USER_END - s->vaddr);
		assert_int_equal(s->flags & ~(uint32_t)(PF_R | PF_W | PF_X), 0);
		if (i > 0) {
			const struct elf_segment *prev = s - 1;

			assert_true(page_down(s->vaddr) >=
				    page_up(prev->vaddr + prev->memsz));
		}
		if ((s->flags & PF_X) && inside(s, p->entry, 1, s->memsz))
			entry_ok = true;
		/* AT_PHDR must show the very bytes of the table. */
		if (inside(s, p->phdr_addr, p->phnum * 56ull, s->filesz) &&
		    memcmp(file + s->offset + (p->phdr_addr - s->vaddr),
			   file + eh.e_phoff, p->phnum * 56ull) == 0)
			phdr_ok = true;
		if (p->has_tls &&
		    inside(s, p->tls_vaddr, p->tls_filesz, s->filesz))
			tls_ok = true;
	}
	const struct elf_segment *last = &p->segments[p->nsegments - 1];

	assert_true(entry_ok);
	assert_true(tls_ok);
	if (p->notes & ELF_NOTE_NO_PHDR_ADDR)
		assert_int_equal(p->phdr_addr, 0);
	else
		assert_true(phdr_ok);
	assert_int_equal(p->image_end, page_up(last->vaddr + last->memsz));
	assert_true(p->image_end <= EXEC_USER_END);
}

/* Values that sit on the edges the checks care about. */
static const uint64_t interesting[] = {
    0,
    1,
    7,
    8,
    55,
    56,
    63,
    64,
    65,
    0xfff,
    0x1000,
    0x1001,
    0x4000,
    0x400000,
    0x7fffffffffff,
    0x800000000000,
    0x7ffffffff000,
    0xffffffff80000000,
    UINT64_MAX,
    UINT64_MAX - 0xfff,
    1ull << 63,
};

/* Breaks a copy of `file` at random, mostly in the headers where the
 * checks live, and truncates it sometimes. */
static size_t mutate(uint8_t *buf, const uint8_t *file, size_t size)
{
	size_t header_area = 64 + 8 * 56;
	int n = 1 + (int)(rng() % 4);

	memcpy(buf, file, size);
	for (int i = 0; i < n; i++) {
		size_t at = rng() % 8 != 0 ? rng() % header_area : rng() % size;

		if (rng() % 3 == 0 && at + 8 <= size) {
			size_t pick = rng() % (sizeof(interesting) /
					       sizeof(interesting[0]));
			uint64_t v = interesting[pick];
			size_t width = (size_t)1 << (rng() % 4); /* 1..8 */

			memcpy(buf + (at & ~(width - 1)), &v, width);
		} else {
			buf[at] ^= (uint8_t)(1u << (rng() % 8));
		}
	}
	if (rng() % 4 == 0)
		return (size_t)(rng() % (size + 1));
	return size;
}

static void fuzz(const struct test_elf *t, int *accepted, int *rejected)
{
	uint8_t *file = serialize(t);
	uint8_t *work = malloc(t->size);

	assert_non_null(work);
	for (int round = 0; round < FUZZ_ROUNDS; round++) {
		size_t len = mutate(work, file, t->size);
		/* Exactly len bytes, so ASan catches any overread. */
		uint8_t *exact = malloc(len > 0 ? len : 1);
		struct elf_plan plan;
		char why[128];

		assert_non_null(exact);
		memcpy(exact, work, len);
		why[0] = 'x';
		int err = elf_plan(exact, len, &plan, why, sizeof(why));

		if (err == 0) {
			assert_true(len >= sizeof(Elf64_Ehdr));
			check_plan(&plan, exact, len);
			++*accepted;
		} else {
			assert_true(err == -ENOEXEC || err == -E2BIG);
			assert_true(why[0] != '\0');
			assert_true(strlen(why) < sizeof(why));
			++*rejected;
		}
		free(exact);
	}
	free(work);
	free(file);
}

static void test_fuzz(void **state)
{
	struct test_elf t;
	int accepted = 0, rejected = 0;

	(void)state;
	make_exec(&t);
	fuzz(&t, &accepted, &rejected);
	make_pie(&t);
	fuzz(&t, &accepted, &rejected);
	print_message("  %d mutated files accepted, %d rejected\n", accepted,
		      rejected);
	/* Both outcomes must be common, or the fuzzer tests nothing. */
	assert_true(accepted > FUZZ_ROUNDS / 20);
	assert_true(rejected > FUZZ_ROUNDS / 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
