/*
 * ksym.h - the kernel's own symbol table, for readable reports.
 *
 * The build links the kernel twice: the first link has an empty table,
 * tools/gensyms.sh extracts every function symbol from it with nm, and the
 * second link embeds that table in the .ksyms section (placed after all
 * code and ordinary rodata, so no function moves between the two links; the
 * Makefile checks that).  A trap report can then say
 * "RIP ffffffff80101234 <kmain+0x34>".
 */
#ifndef KERNEL_KSYM_H
#define KERNEL_KSYM_H

#include <stdint.h>

struct ksym {
	uint64_t addr;
	uint32_t size;	      /* 0 when nm did not know it */
	uint32_t name_offset; /* into ksym_names */
};

/* Sorted by address (generated). */
extern const struct ksym ksym_table[];
extern const unsigned long ksym_count;
extern const char ksym_names[];

/* The name of the function that contains addr, with *offset set to
 * addr - start; NULL when addr is outside every known function. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);

#endif
