/*
 * io_map.c - the x86 half of the I/O permission mechanism: where this
 * CPU's TSS map is, and how to make the CPU see one of its three states.
 *
 * The TSS limit never changes (tss.h): switching between "this process's
 * map", "every port" (iopl 3 emulation) and "no ports" is one 16-bit store
 * to the I/O map base, which the CPU reads at each IN/OUT.  No LTR, no
 * descriptor rewrite.  The policy - what to copy and when - is arch-
 * neutral and lives in kernel/io/; its one writer of the map
 * (kernel/io/tss_map.h) gets the map, the address of the base field and
 * the three values from here once, and nothing else in the kernel does.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/tss.h"
#include "kernel/arch.h"

_Static_assert(offsetof(struct tss_hw, iomap_base) % 2 == 0,
	       "the I/O map base is a naturally aligned 16-bit field");

void arch_io_map_ref(struct arch_io_map_ref *ref)
{
	struct cpu_tss *tss = this_cpu()->tss;
	/* The TSS is page aligned and the field is at 0x66, so the 16-bit
	 * pointer is aligned even though the struct is packed. */
	ref->base = (volatile uint16_t *)((uint8_t *)tss +
					  offsetof(struct tss_hw, iomap_base));
	ref->value[ARCH_IO_MAP_NONE] = IOMAP_OFFSET_INVALID;
	ref->value[ARCH_IO_MAP_OWN] = IOMAP_OFFSET_MAP;
	ref->value[ARCH_IO_MAP_ALL] = IOMAP_OFFSET_ALL;
	ref->map = tss->io_map;
}
