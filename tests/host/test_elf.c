/*
 * test_elf.c - host unit tests for elf_plan() on valid and hostile files
 * (the fuzz loop is in test_elf_fuzz.c; files come from elf_builder.c).
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
	    {0x400000, 0x1000, 0x0000, 0x1000, PF_R},
	    {0x401000, 0x1000, 0x1000, 0x1000, PF_R | PF_X},
	    {0x403000, 0x3000, 0x2000, 0x0800, PF_R | PF_W},
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
#define SPOIL(name, body)                    \
	static void name(struct test_elf *t) \
	{                                    \
		body;                        \
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
	t->ph[4].p_vaddr = t->ph[3].p_vaddr;	   /* TLS inside it */
}

static const struct hostile hostile_files[] = {
    {"bad magic", bad_magic, -ENOEXEC, "bad magic"},
    {"15-byte file", tiny_file, -ENOEXEC, "bad magic"},
    {"32-bit", class32, -ENOEXEC, "32-bit"},
    {"class 9", class_junk, -ENOEXEC, "unknown ELF class 9"},
    {"big endian", big_endian, -ENOEXEC, "big-endian"},
    {"EI_VERSION", ident_version, -ENOEXEC, "unknown ELF version 2"},
    {"FreeBSD ABI", osabi_freebsd, -ENOEXEC, "OS ABI 9"},
    {"63-byte file", short_header, -ENOEXEC, "too short"},
    {"ET_REL", type_rel, -ENOEXEC, "relocatable"},
    {"ET_CORE", type_core, -ENOEXEC, "core dump"},
    {"ET_NONE", type_none, -ENOEXEC, "ELF type 0"},
    {"i386", machine_i386, -ENOEXEC, "not x86-64"},
    {"e_version", e_version, -ENOEXEC, "unknown ELF version 0"},
    {"e_ehsize", ehsize, -ENOEXEC, "ELF header size 52"},
    {"e_phentsize", phentsize, -ENOEXEC, "program header size 32"},
    {"no phdrs", no_phdrs, -ENOEXEC, "no program headers"},
    {"PN_XNUM", phnum_xnum, -E2BIG, "65535 program headers"},
    {"65 phdrs", phnum_65, -E2BIG, "at most 64"},
    {"phoff odd", phoff_unaligned, -ENOEXEC, "not 8-byte aligned"},
    {"phoff 8", phoff_in_header, -ENOEXEC, "overlaps the ELF header"},
    {"phoff = size", phoff_past_end, -ENOEXEC, "table extends past"},
    {"phoff wraps", phoff_wraps, -ENOEXEC, "table extends past"},
    {"table cut", table_cut, -ENOEXEC, "table extends past"},
    {"PT_INTERP", interp, -ENOEXEC,
     "dynamically linked: Portcullis runs static executables only"},
    {"empty load", empty_load, -ENOEXEC, "header 2 is an empty PT_LOAD"},
    {"past end", offset_past_end, -ENOEXEC,
     "program header 2 extends past the end of the file"},
    {"offset huge", offset_huge, -ENOEXEC,
     "program header 1 extends past the end of the file"},
    {"offset+filesz wraps", offset_wraps, -ENOEXEC,
     "program header 1 extends past the end of the file"},
    {"filesz > memsz", filesz_gt_memsz, -ENOEXEC, "1 has p_filesz > p_memsz"},
    {"align 0x3000", align_not_pow2, -ENOEXEC, "not a power of two"},
    {"congruence", not_congruent, -ENOEXEC, "1 has p_vaddr and p_offset at"},
    {"align congruence", not_congruent_align, -ENOEXEC,
     "1 has p_vaddr and p_offset not congruent modulo p_align"},
    {"vaddr wraps", vaddr_wraps, -ENOEXEC, "header 2 wraps around"},
    {"kernel half", kernel_half, -ENOEXEC, "2 lies outside user space"},
    {"crosses user end", just_above_user, -ENOEXEC, "outside user space"},
    {"unsorted", unsorted, -ENOEXEC, "2 starts below the previous"},
    {"overlap", overlap, -ENOEXEC, "header 2 overlaps the previous"},
    {"shared page", share_page, -ENOEXEC, "share a page"},
    {"null page", null_page, -ENOEXEC, "unmapped first 64 KiB"},
    {"entry in data", entry_not_code, -ENOEXEC, "entry point 0x400100"},
    {"entry unmapped", entry_nowhere, -ENOEXEC, "entry point 0x10 is not"},
    {"entry past seg", entry_past_end, -ENOEXEC, "entry point 0x402000"},
    {"no PT_LOAD", no_load, -ENOEXEC, "no PT_LOAD"},
    {"PT_PHDR lies", phdr_lies, -ENOEXEC, "PT_PHDR does not point"},
    {"PT_PHDR unmapped", phdr_outside, -ENOEXEC, "PT_PHDR does not point"},
    {"two PT_TLS", two_tls, -ENOEXEC, "more than one PT_TLS"},
    {"TLS in bss", tls_outside, -ENOEXEC, "PT_TLS template"},
    {"TLS filesz", tls_filesz, -ENOEXEC, "PT_TLS has p_filesz"},
    {"TLS align", tls_align, -ENOEXEC, "PT_TLS alignment"},
    {"17 PT_LOADs", many_loads, -E2BIG, "more than 16 PT_LOAD"},
    {"PIE too high", pie_too_high, -ENOEXEC, "does not fit in user space"},
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_static_exec),
	    cmocka_unit_test(test_static_pie),
	    cmocka_unit_test(test_notes),
	    cmocka_unit_test(test_bad_arguments),
	    cmocka_unit_test(test_hostile_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
