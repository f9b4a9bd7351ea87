/*
 * tss.c - setting up a CPU's TSS.  The layout and why it is so are explained
 * at length in tss.h; this file only establishes the boot state.
 */
#include "arch/x86_64/tss.h"
#include "kernel/lib/string.h"

void tss_init(struct cpu_tss *tss, const uint64_t ist_tops[8])
{
	/* LAB 1: BEGIN SOLUTION */
	memset(&tss->hw, 0, sizeof(tss->hw));
	for (int i = 1; i < 8; i++)
		tss->hw.ist[i] = ist_tops[i];

	/* Invariant (relied on by the I/O bitmap code): every io_map byte at
	 * or beyond the CPU's prev_max is 0xff.  prev_max starts at 0, so the
	 * whole map starts denied. */
	memset(tss->io_map, 0xff, sizeof(tss->io_map));
	tss->io_map_end = 0xff;
	memset(tss->io_all, 0x00, sizeof(tss->io_all));
	tss->io_all_end = 0xff;

	/* No ring-3 port access until a process really has a bitmap. */
	tss->hw.iomap_base = IOMAP_OFFSET_INVALID;
	/* LAB 1: END SOLUTION */
	/* LAB 1: HINT
	 * The boot state of a CPU's TSS (the layout is in tss.h): the
	 * hardware part zeroed except IST1..7 from ist_tops[1..7]; io_map
	 * all denied and io_all all allowed, each followed by its 0xff
	 * terminator; and an I/O map base that lets ring 3 reach no port
	 * at all.  Why is a zeroed TSS, base 0, a security hole?
	 * LAB 1: CODE
	 *	(void)ist_tops;
	 *	memset(tss, 0, sizeof(*tss));
	 * LAB 1: END HINT */
}

void tss_set_rsp0(struct cpu_tss *tss, uint64_t rsp0)
{
	/* LAB 1: BEGIN SOLUTION */
	tss->hw.rsp[0] = rsp0;
	/* LAB 1: END SOLUTION */
	/* LAB 1: HINT
	 * The stack the CPU switches to when ring 3 is interrupted.
	 * LAB 1: CODE
	 *	(void)tss;
	 *	(void)rsp0;
	 * LAB 1: END HINT */
}

const char *tss_iomap_state_name(const struct cpu_tss *tss)
{
	switch (tss->hw.iomap_base) {
	case IOMAP_OFFSET_MAP:
		return "MAP";
	case IOMAP_OFFSET_ALL:
		return "ALL";
	case IOMAP_OFFSET_INVALID:
		return "INVALID";
	default:
		return "CORRUPT";
	}
}
