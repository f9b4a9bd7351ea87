/*
 * elf_builder.c - see elf_builder.h.
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

/* ---- building files ------------------------------------------------- */

void set_phdr(Elf64_Phdr *ph, uint32_t type, uint32_t flags, uint64_t offset,
	      uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align)
{
	*ph = (Elf64_Phdr){
	    .p_type = type,
	    .p_flags = flags,
	    .p_offset = offset,
	    .p_vaddr = vaddr,
	    .p_paddr = vaddr,
	    .p_filesz = filesz,
	    .p_memsz = memsz,
	    .p_align = align,
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
void make_file(struct test_elf *t, uint16_t type, uint64_t base)
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
	set_phdr(&t->ph[1], PT_LOAD, PF_R | PF_X, 0x1000, base + 0x1000, 0x1000,
		 0x1000, PAGE);
	set_phdr(&t->ph[2], PT_LOAD, PF_R | PF_W, 0x2000, base + 0x3000, 0x800,
		 0x3000, PAGE);
	set_phdr(&t->ph[3], PT_TLS, PF_R, 0x2000, base + 0x3000, 0x10, 0x20, 8);
	set_phdr(&t->ph[4], PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
	set_phdr(&t->ph[5], PT_NOTE, PF_R, 0x200, base + 0x200, 0x20, 0x20, 4);
	t->size = FILE_SIZE;
}

void make_exec(struct test_elf *t)
{
	make_file(t, ET_EXEC, 0x400000);
}

/*
 * A static-PIE: the same file linked at 0, as ET_DYN, with PT_PHDR first
 * (the gABI wants it before any PT_LOAD) and a PT_DYNAMIC at the end:
 *   [0] PHDR  [1..6] as make_file()'s [0..5]  [7] DYNAMIC
 */
void make_pie(struct test_elf *t)
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
uint8_t *serialize(const struct test_elf *t)
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

int plan_file(const struct test_elf *t, struct elf_plan *plan, char *why,
	      size_t why_size)
{
	uint8_t *file = serialize(t);
	int err = elf_plan(file, t->size, plan, why, why_size);

	free(file);
	return err;
}

void expect_reject(const char *name, const struct test_elf *t, int err,
		   const char *reason)
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
