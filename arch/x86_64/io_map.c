/*
 * io_map.c - the x86 half of the I/O permission mechanism: where this
 * CPU's TSS map is, and which of its three states the CPU sees.
 *
 * The TSS limit never changes (tss.h): switching between "this process's
 * map", "every port" (iopl 3 emulation) and "no ports" is one 16-bit store
 * to the I/O map base, which the CPU reads at each IN/OUT.  No LTR, no
 * descriptor rewrite.  The policy - what to copy and when - is arch-
 * neutral and lives in kernel/io/iobitmap.c.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/tss.h"
#include "kernel/arch.h"
#include "kernel/io/io_bits.h"

_Static_assert(IO_MAP_BYTES == IO_BITMAP_BYTES,
	       "kernel/io and the TSS agree on the map size");
_Static_assert(ARCH_MAX_CPUS >= MAX_CPUS, "per-CPU I/O state for each CPU");

unsigned arch_cpu_id(void)
{
	return this_cpu()->id;
}

uint8_t *arch_io_map(void)
{
	return this_cpu()->tss->io_map;
}

void arch_io_map_select(enum arch_io_map which)
{
	struct cpu_tss *tss = this_cpu()->tss;
	switch (which) {
	case ARCH_IO_MAP_OWN:
		tss->hw.iomap_base = IOMAP_OFFSET_MAP;
		break;
	case ARCH_IO_MAP_ALL:
		tss->hw.iomap_base = IOMAP_OFFSET_ALL;
		break;
	case ARCH_IO_MAP_NONE:
	default:
		tss->hw.iomap_base = IOMAP_OFFSET_INVALID;
		break;
	}
}

enum arch_io_map arch_io_map_selected(void)
{
	switch (this_cpu()->tss->hw.iomap_base) {
	case IOMAP_OFFSET_MAP:
		return ARCH_IO_MAP_OWN;
	case IOMAP_OFFSET_ALL:
		return ARCH_IO_MAP_ALL;
	default:
		return ARCH_IO_MAP_NONE;
	}
}
