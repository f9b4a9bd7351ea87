/*
 * elf_builder.h - ELF files for the elf_plan() tests (test_elf*.c).
 *
 * Test files are built in C, not compiled: each starts as a struct holding
 * an Elf64_Ehdr and an array of Elf64_Phdr shaped like what GNU ld writes
 * for a static (or static-PIE) program, then one field is broken at a
 * time.  serialize() copies the result into a malloc() block of exactly
 * the file's length, so AddressSanitizer reports any read past its end.
 */
#ifndef TESTS_HOST_ELF_BUILDER_H
#define TESTS_HOST_ELF_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/exec/elf.h"

#define FILE_SIZE      0x4000
#define MAX_TEST_PHDRS 80
#define PAGE	       0x1000ull

struct test_elf {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_TEST_PHDRS];
	size_t size; /* file length */
};

void set_phdr(Elf64_Phdr *ph, uint32_t type, uint32_t flags, uint64_t offset,
	      uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align);
void make_file(struct test_elf *t, uint16_t type, uint64_t base);
void make_exec(struct test_elf *t);
void make_pie(struct test_elf *t);
uint8_t *serialize(const struct test_elf *t);
int plan_file(const struct test_elf *t, struct elf_plan *plan, char *why,
	      size_t why_size);
void expect_reject(const char *name, const struct test_elf *t, int err,
		   const char *reason);

#endif
