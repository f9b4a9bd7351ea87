/*
 * ksym.c - address -> "function+offset", for backtraces and trap reports.
 *
 * The table (generated, see ksym.h) is sorted by address, so the function
 * containing an address is the last entry that starts at or below it: a
 * binary search.  That entry only contains the address if the address lies
 * within its size; assembly labels have no size in the ELF symbol table,
 * and for them the function is taken to run up to the next symbol (or to
 * the end of .text).
 */
#include "kernel/ksym.h"

/* linker.ld: the end of the kernel's code. */
extern const char __text_end[];

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
	unsigned long lo = 0, hi = ksym_count;

	/* Invariant: every entry below lo starts at or below addr, every
	 * entry at or above hi starts above it. */
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		if (ksym_table[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0; /* below the first function (or an empty table) */

	const struct ksym *s = &ksym_table[lo - 1];
	uint64_t end;
	if (s->size)
		end = s->addr + s->size;
	else if (lo < ksym_count)
		end = ksym_table[lo].addr;
	else
		end = (uint64_t)(uintptr_t)__text_end;
	if (addr >= end)
		return 0;
	if (offset)
		*offset = addr - s->addr;
	return &ksym_names[s->name_offset];
}
