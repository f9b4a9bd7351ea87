/*
 * test_elf.c - host unit tests and a fuzz loop for elf_plan().
 *
 * Test files are built in C, not compiled: each starts as a struct holding
 * an Elf64_Ehdr and an array of Elf64_Phdr shaped like what GNU ld writes
 * for a static (or static-PIE) program, then one field is broken at a
 * time.  serialize() copies the result into a malloc() block of exactly
 * the file's length, so AddressSanitizer reports any read past its end.
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

#define FILE_SIZE 0x4000
#define MAX_TEST_PHDRS 80
#define PAGE 0x1000ull

struct test_elf {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_TEST_PHDRS];
	size_t size; /* file length */
};

/* ---- building files ------------------------------------------------- */

static void set_phdr(Elf64_Phdr *ph, uint32_t type, uint32_t flags,
		     uint64_t offset, uint64_t vaddr, uint64_t filesz,
		     uint64_t memsz, uint64_t align)
{
	*ph = (Elf64_Phdr){
		.p_type = type, .p_flags = flags, .p_offset = offset,
		.p_vaddr = vaddr, .p_paddr = vaddr, .p_filesz = filesz,
		.p_memsz = memsz, .p_align = align,
	};
}

/*
 * A static executable linked at `base` (0x400000 for ET_EXEC, 0 for a
 * static-PIE): headers + rodata, text, data + bss, as ld lays them out.
 *   [0] LOAD R   file 0x0000-0x1000  -> base
 *   [1] LOAD R X file 0x1000-0x2000  -> base + 0x1000 (entry here)
 *   [2] LOAD R W file 0x2000-0x2800  -> base + 0x3000, 0x3000 in memory
 *   [3] TLS      first 0x10 bytes of [2], 0x20 in memory
 *   [4] GNU_STACK RW
 *   [5] NOTE
 */
static void make_file(struct test_elf *t, uint16_t type, uint64_t base)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->eh.e_ident, "\177ELF", 4);
	t->eh.e_ident[EI_CLASS] = ELFCLASS64;
	t->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	t->eh.e_ident[EI_VERSION] = EV_CURRENT;
	t->eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
	t->eh.e_type = type;
	t->eh.e_machine = EM_X86_64;
	t->eh.e_version = EV_CURRENT;
	t->eh.e_entry = base + 0x1000;
	t->eh.e_phoff = sizeof(Elf64_Ehdr);
	t->eh.e_ehsize = sizeof(Elf64_Ehdr);
	t->eh.e_phentsize = sizeof(Elf64_Phdr);
	t->eh.e_phnum = 6;
	set_phdr(&t->ph[0], PT_LOAD, PF_R, 0, base, 0x1000, 0x1000, PAGE);
	set_phdr(&t->ph[1], PT_LOAD, PF_R | PF_X, 0x1000, base + 0x1000,
		 0x1000, 0x1000, PAGE);
	set_phdr(&t->ph[2], PT_LOAD, PF_R | PF_W, 0x2000, base + 0x3000,
		 0x800, 0x3000, PAGE);
	set_phdr(&t->ph[3], PT_TLS, PF_R, 0x2000, base + 0x3000, 0x10, 0x20, 8);
	set_phdr(&t->ph[4], PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
	set_phdr(&t->ph[5], PT_NOTE, PF_R, 0x200, base + 0x200, 0x20, 0x20, 4);
	t->size = FILE_SIZE;
}

static void make_exec(struct test_elf *t)
{
	make_file(t, ET_EXEC, 0x400000);
}

/*
 * A static-PIE: the same file linked at 0, as ET_DYN, with PT_PHDR first
 * (the gABI wants it before any PT_LOAD) and a PT_DYNAMIC at the end:
 *   [0] PHDR  [1..6] as make_file()'s [0..5]  [7] DYNAMIC
 */
static void make_pie(struct test_elf *t)
{
	make_file(t, ET_DYN, 0);
	memmove(&t->ph[1], &t->ph[0], 6 * sizeof(Elf64_Phdr));
	t->eh.e_phnum = 8;
	set_phdr(&t->ph[0], PT_PHDR, PF_R, 64, 64, 8 * 56, 8 * 56, 8);
	set_phdr(&t->ph[7], PT_DYNAMIC, PF_R | PF_W, 0x2100, 0x3100, 0x100,
		 0x100, 8);
}

/* Exactly t->size bytes: int3 (0xcc) everywhere, then the program
 * headers that fit, then the ELF header (last, so a table that claims to
 * overlap it cannot hide a broken header field). */
static uint8_t *serialize(const struct test_elf *t)
{
	uint8_t *file = malloc(t->size > 0 ? t->size : 1);
	uint64_t phoff = t->eh.e_phoff;

	assert_non_null(file);
	memset(file, 0xcc, t->size);
	for (size_t i = 0; i < t->eh.e_phnum && i < MAX_TEST_PHDRS; i++) {
		uint64_t at = phoff + i * sizeof(Elf64_Phdr);

		if (phoff > t->size || at >= t->size || at < phoff)
			break;
		size_t n = t->size - at < 56 ? t->size - at : 56;
		memcpy(file + at, &t->ph[i], n);
	}
	memcpy(file, &t->eh, t->size < 64 ? t->size : 64);
	return file;
}

static int plan_file(const struct test_elf *t, struct elf_plan *plan,
		     char *why, size_t why_size)
{
	uint8_t *file = serialize(t);
	int err = elf_plan(file, t->size, plan, why, why_size);

	free(file);
	return err;
}

static void expect_reject(const char *name, const struct test_elf *t,
			  int err, const char *reason)
{
	struct elf_plan plan;
	char why[160];

	memset(why, 'x', sizeof(why));
	why[sizeof(why) - 1] = '\0';
	int got = plan_file(t, &plan, why, sizeof(why));

	if (got != err || strstr(why, reason) == NULL)
		fail_msg("%s: expected %d \"%s\", got %d \"%s\"", name, err,
			 reason, got, why);
	print_message("  %-19s %3d %s\n", name, got, why);
	/* A failed plan is all zeros: nothing half-checked to misuse. */
	assert_int_equal(plan.nsegments, 0);
	assert_int_equal(plan.entry, 0);
}

/* ---- valid files ---------------------------------------------------- */

static void test_static_exec(void **state)
{
	struct test_elf t;
	struct elf_plan p;
	char why[128] = "untouched";

	(void)state;
	make_exec(&t);
	assert_int_equal(plan_file(&t, &p, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_int_equal(p.type, ET_EXEC);
	assert_int_equal(p.load_bias, 0);
	assert_int_equal(p.entry, 0x401000);
	assert_int_equal(p.image_end, 0x406000);
	/* No PT_PHDR: found inside the first segment, which maps offset 0. */
	assert_int_equal(p.phdr_addr, 0x400040);
	assert_int_equal(p.phent, 56);
	assert_int_equal(p.phnum, 6);
	assert_int_equal(p.notes, 0);
	assert_int_equal(p.nsegments, 3);

	const uint64_t want[3][5] = {
		{ 0x400000, 0x1000, 0x0000, 0x1000, PF_R },
		{ 0x401000, 0x1000, 0x1000, 0x1000, PF_R | PF_X },
		{ 0x403000, 0x3000, 0x2000, 0x0800, PF_R | PF_W },
	};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(p.segments[i].vaddr, want[i][0]);
		assert_int_equal(p.segments[i].memsz, want[i][1]);
		assert_int_equal(p.segments[i].offset, want[i][2]);
		assert_int_equal(p.segments[i].filesz, want[i][3]);
		assert_int_equal(p.segments[i].flags, want[i][4]);
	}
	assert_true(p.has_tls);
	assert_int_equal(p.tls_vaddr, 0x403000);
	assert_int_equal(p.tls_filesz, 0x10);
	assert_int_equal(p.tls_memsz, 0x20);
	assert_int_equal(p.tls_align, 8);
}

static void test_static_pie(void **state)
{
	struct test_elf t;
	struct elf_plan p;

	(void)state;
	make_pie(&t);
	assert_int_equal(plan_file(&t, &p, NULL, 0), 0);
	assert_int_equal(p.type, ET_DYN);
	assert_int_equal(p.load_bias, ELF_DYN_BASE);
	assert_int_equal(p.entry, 0x401000);
	assert_int_equal(p.phdr_addr, 0x400040);
	assert_int_equal(p.phnum, 8);
	assert_int_equal(p.nsegments, 3);
	assert_int_equal(p.segments[0].vaddr, 0x400000);
	assert_int_equal(p.segments[2].vaddr, 0x403000);
	assert_int_equal(p.segments[2].offset, 0x2000);
	assert_int_equal(p.tls_vaddr, 0x403000);
	assert_int_equal(p.image_end, 0x406000);

	/* A PIE linked above ELF_DYN_BASE keeps its addresses. */
	make_pie(&t);
	for (int i = 0; i < 8; i++)
		t.ph[i].p_vaddr += 0x10000000;
	t.eh.e_entry += 0x10000000;
	assert_int_equal(plan_file(&t, &p, NULL, 0), 0);
	assert_int_equal(p.load_bias, 0);
	assert_int_equal(p.phdr_addr, 0x10000040);
}

static void test_notes(void **state)
{
	struct test_elf t;
	struct elf_plan p;

	(void)state;
	make_exec(&t);
	t.ph[4].p_flags |= PF_X;
	t.ph[2].p_flags |= PF_X;
	assert_int_equal(plan_file(&t, &p, NULL, 0), 0);
	assert_int_equal(p.notes, ELF_NOTE_EXEC_STACK | ELF_NOTE_WX_SEGMENT);

	/* Headers not in any loaded segment: no AT_PHDR to give. */
	make_exec(&t);
	t.ph[0].p_type = PT_NULL;
	t.ph[4].p_type = PT_NOTE;
	t.ph[2].p_flags |= 0xf00000; /* OS-specific bits are dropped */
	assert_int_equal(plan_file(&t, &p, NULL, 0), 0);
	assert_int_equal(p.notes,
			 ELF_NOTE_NO_PHDR_ADDR | ELF_NOTE_NO_GNU_STACK);
	assert_int_equal(p.phdr_addr, 0);
	assert_int_equal(p.nsegments, 2);
	assert_int_equal(p.segments[1].flags, PF_R | PF_W);
}

static void test_bad_arguments(void **state)
{
	struct test_elf t;
	struct elf_plan p;
	char why[8];
	uint8_t *file;

	(void)state;
	make_exec(&t);
	file = serialize(&t);
	assert_int_equal(elf_plan(NULL, 100, &p, why, sizeof(why)), -EINVAL);
	assert_int_equal(elf_plan(file, t.size, NULL, NULL, 0), -EINVAL);

	/* A short reason buffer still gets a terminated prefix. */
	assert_int_equal(elf_plan(file, 10, &p, why, sizeof(why)), -ENOEXEC);
	assert_string_equal(why, "not an ");
	free(file);
}

/* ---- hostile files -------------------------------------------------- */

struct hostile {
	const char *name;
	void (*spoil)(struct test_elf *t);
	int err;
	const char *reason; /* must appear in `why` */
};

/* One-line ways to break the standard ET_EXEC file from make_exec(). */
#define SPOIL(name, body)                                                      \
	static void name(struct test_elf *t)                                   \
	{                                                                      \
		body;                                                          \
	}

SPOIL(bad_magic, t->eh.e_ident[EI_MAG1] = 'X')
SPOIL(tiny_file, t->size = 15)
SPOIL(class32, t->eh.e_ident[EI_CLASS] = ELFCLASS32)
SPOIL(class_junk, t->eh.e_ident[EI_CLASS] = 9)
SPOIL(big_endian, t->eh.e_ident[EI_DATA] = ELFDATA2MSB)
SPOIL(ident_version, t->eh.e_ident[EI_VERSION] = 2)
SPOIL(osabi_freebsd, t->eh.e_ident[EI_OSABI] = 9)
SPOIL(short_header, t->size = 63)
SPOIL(type_rel, t->eh.e_type = ET_REL)
SPOIL(type_core, t->eh.e_type = ET_CORE)
SPOIL(type_none, t->eh.e_type = ET_NONE)
SPOIL(machine_i386, t->eh.e_machine = 3)
SPOIL(e_version, t->eh.e_version = 0)
SPOIL(ehsize, t->eh.e_ehsize = 52)
SPOIL(phentsize, t->eh.e_phentsize = 32)
SPOIL(no_phdrs, t->eh.e_phnum = 0)
SPOIL(phnum_xnum, t->eh.e_phnum = PN_XNUM)
SPOIL(phnum_65, t->eh.e_phnum = 65)
SPOIL(phoff_unaligned, t->eh.e_phoff = 65)
SPOIL(phoff_in_header, t->eh.e_phoff = 8)
SPOIL(phoff_past_end, t->eh.e_phoff = FILE_SIZE)
SPOIL(phoff_wraps, t->eh.e_phoff = UINT64_MAX - 7)
SPOIL(table_cut, t->size = 64 + 5 * 56)
SPOIL(interp, t->ph[5].p_type = PT_INTERP)
SPOIL(empty_load, t->ph[2].p_memsz = t->ph[2].p_filesz = 0)
SPOIL(offset_past_end, t->ph[2].p_filesz = 0x3000)
SPOIL(offset_huge, t->ph[1].p_offset = UINT64_MAX - 0xfff)
SPOIL(offset_wraps, t->ph[1].p_filesz = UINT64_MAX - 0x800;
      t->ph[1].p_memsz = UINT64_MAX)
SPOIL(filesz_gt_memsz, t->ph[1].p_memsz = 0x800)
SPOIL(align_not_pow2, t->ph[1].p_align = 0x3000)
SPOIL(not_congruent, t->ph[1].p_vaddr += 0x10; t->eh.e_entry += 0x10)
SPOIL(not_congruent_align, t->ph[1].p_align = 0x2000;
      t->ph[1].p_vaddr = 0x402000; t->eh.e_entry = 0x402000)
SPOIL(vaddr_wraps, t->ph[2].p_vaddr = UINT64_MAX - 0xfff)
SPOIL(kernel_half, t->ph[2].p_vaddr = 0xffffffff80003000)
SPOIL(just_above_user, t->ph[2].p_vaddr = EXEC_USER_END - 0x2000)
SPOIL(unsorted, t->ph[2].p_vaddr = 0x300000)
SPOIL(overlap, t->ph[2].p_vaddr = 0x401000)
SPOIL(share_page, t->ph[1].p_memsz = 0x1800; t->ph[2].p_vaddr = 0x402000)
SPOIL(null_page, t->ph[0].p_vaddr = 0)
SPOIL(entry_not_code, t->eh.e_entry = 0x400100)
SPOIL(entry_nowhere, t->eh.e_entry = 0x10)
SPOIL(entry_past_end, t->eh.e_entry = 0x402000)
SPOIL(no_load, for (int i = 0; i < 3; i++) t->ph[i].p_type = PT_NOTE)
SPOIL(phdr_lies, t->ph[5].p_type = PT_PHDR; t->ph[5].p_vaddr = 0x400080)
SPOIL(phdr_outside, t->ph[5].p_type = PT_PHDR; t->ph[5].p_vaddr = 0x900000)
SPOIL(two_tls, t->ph[5].p_type = PT_TLS)
SPOIL(tls_outside, t->ph[3].p_vaddr = 0x403800)
SPOIL(tls_filesz, t->ph[3].p_filesz = 0x40)
SPOIL(tls_align, t->ph[3].p_align = 12)

/* 17 page-sized bss segments: one more than the plan can hold. */
static void many_loads(struct test_elf *t)
{
	for (int i = 0; i < 17; i++)
		set_phdr(&t->ph[i], PT_LOAD, PF_R | PF_X, 0,
			 0x400000 + (uint64_t)i * PAGE, 0, PAGE, PAGE);
	t->eh.e_phnum = 17;
}

/* A static-PIE whose top segment fits only before the bias is added. */
static void pie_too_high(struct test_elf *t)
{
	make_pie(t);
	t->ph[3].p_vaddr = EXEC_USER_END - 0x3000; /* data + bss */
	t->ph[4].p_vaddr = t->ph[3].p_vaddr;        /* TLS inside it */
}

static const struct hostile hostile_files[] = {
	{ "bad magic", bad_magic, -ENOEXEC, "bad magic" },
	{ "15-byte file", tiny_file, -ENOEXEC, "bad magic" },
	{ "32-bit", class32, -ENOEXEC, "32-bit" },
	{ "class 9", class_junk, -ENOEXEC, "unknown ELF class 9" },
	{ "big endian", big_endian, -ENOEXEC, "big-endian" },
	{ "EI_VERSION", ident_version, -ENOEXEC, "unknown ELF version 2" },
	{ "FreeBSD ABI", osabi_freebsd, -ENOEXEC, "OS ABI 9" },
	{ "63-byte file", short_header, -ENOEXEC, "too short" },
	{ "ET_REL", type_rel, -ENOEXEC, "relocatable" },
	{ "ET_CORE", type_core, -ENOEXEC, "core dump" },
	{ "ET_NONE", type_none, -ENOEXEC, "ELF type 0" },
	{ "i386", machine_i386, -ENOEXEC, "not x86-64" },
	{ "e_version", e_version, -ENOEXEC, "unknown ELF version 0" },
	{ "e_ehsize", ehsize, -ENOEXEC, "ELF header size 52" },
	{ "e_phentsize", phentsize, -ENOEXEC, "program header size 32" },
	{ "no phdrs", no_phdrs, -ENOEXEC, "no program headers" },
	{ "PN_XNUM", phnum_xnum, -E2BIG, "65535 program headers" },
	{ "65 phdrs", phnum_65, -E2BIG, "at most 64" },
	{ "phoff odd", phoff_unaligned, -ENOEXEC, "not 8-byte aligned" },
	{ "phoff 8", phoff_in_header, -ENOEXEC, "overlaps the ELF header" },
	{ "phoff = size", phoff_past_end, -ENOEXEC, "table extends past" },
	{ "phoff wraps", phoff_wraps, -ENOEXEC, "table extends past" },
	{ "table cut", table_cut, -ENOEXEC, "table extends past" },
	{ "PT_INTERP", interp, -ENOEXEC,
	  "dynamically linked: Portcullis runs static executables only" },
	{ "empty load", empty_load, -ENOEXEC, "header 2 is an empty PT_LOAD" },
	{ "past end", offset_past_end, -ENOEXEC,
	  "program header 2 extends past the end of the file" },
	{ "offset huge", offset_huge, -ENOEXEC,
	  "program header 1 extends past the end of the file" },
	{ "offset+filesz wraps", offset_wraps, -ENOEXEC,
	  "program header 1 extends past the end of the file" },
	{ "filesz > memsz", filesz_gt_memsz, -ENOEXEC, "1 has p_filesz > p_memsz" },
	{ "align 0x3000", align_not_pow2, -ENOEXEC, "not a power of two" },
	{ "congruence", not_congruent, -ENOEXEC, "1 has p_vaddr and p_offset at" },
	{ "align congruence", not_congruent_align, -ENOEXEC,
	  "1 has p_vaddr and p_offset not congruent modulo p_align" },
	{ "vaddr wraps", vaddr_wraps, -ENOEXEC, "header 2 wraps around" },
	{ "kernel half", kernel_half, -ENOEXEC, "2 lies outside user space" },
	{ "crosses user end", just_above_user, -ENOEXEC, "outside user space" },
	{ "unsorted", unsorted, -ENOEXEC, "2 starts below the previous" },
	{ "overlap", overlap, -ENOEXEC, "header 2 overlaps the previous" },
	{ "shared page", share_page, -ENOEXEC, "share a page" },
	{ "null page", null_page, -ENOEXEC, "unmapped first 64 KiB" },
	{ "entry in data", entry_not_code, -ENOEXEC, "entry point 0x400100" },
	{ "entry unmapped", entry_nowhere, -ENOEXEC, "entry point 0x10 is not" },
	{ "entry past seg", entry_past_end, -ENOEXEC, "entry point 0x402000" },
	{ "no PT_LOAD", no_load, -ENOEXEC, "no PT_LOAD" },
	{ "PT_PHDR lies", phdr_lies, -ENOEXEC, "PT_PHDR does not point" },
	{ "PT_PHDR unmapped", phdr_outside, -ENOEXEC, "PT_PHDR does not point" },
	{ "two PT_TLS", two_tls, -ENOEXEC, "more than one PT_TLS" },
	{ "TLS in bss", tls_outside, -ENOEXEC, "PT_TLS template" },
	{ "TLS filesz", tls_filesz, -ENOEXEC, "PT_TLS has p_filesz" },
	{ "TLS align", tls_align, -ENOEXEC, "PT_TLS alignment" },
	{ "17 PT_LOADs", many_loads, -E2BIG, "more than 16 PT_LOAD" },
	{ "PIE too high", pie_too_high, -ENOEXEC, "does not fit in user space" },
};

static void test_hostile_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hostile_files) / sizeof(hostile_files[0]);
	     i++) {
		const struct hostile *h = &hostile_files[i];
		struct test_elf t;

		make_exec(&t);
		h->spoil(&t);
		expect_reject(h->name, &t, h->err, h->reason);
	}
}

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
		if (p->has_tls && inside(s, p->tls_vaddr, p->tls_filesz,
					 s->filesz))
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
	0, 1, 7, 8, 55, 56, 63, 64, 65, 0xfff, 0x1000, 0x1001, 0x4000,
	0x400000, 0x7fffffffffff, 0x800000000000, 0x7ffffffff000,
	0xffffffff80000000, UINT64_MAX, UINT64_MAX - 0xfff, 1ull << 63,
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
		cmocka_unit_test(test_static_exec),
		cmocka_unit_test(test_static_pie),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_hostile_files),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
