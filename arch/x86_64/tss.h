/*
 * tss.h - the Task State Segment, and the I/O permission bitmap inside it.
 *
 * Why a 64-bit kernel still needs a TSS.  Long mode dropped hardware task
 * switching, but the CPU still reads three things from the TSS:
 *
 *   rsp0      The stack the CPU switches to when an interrupt, exception or
 *             call gate moves it from ring 3 to ring 0.  Without it a user
 *             program could not take an interrupt.  It must point at the top
 *             of the current task's kernel stack, so it changes on every
 *             context switch.  (SYSCALL does NOT use it; it keeps RSP, and our
 *             entry code switches stacks by hand.)
 *   ist[1..7] Interrupt Stack Table: an IDT gate may name one of these, and
 *             the CPU then ALWAYS switches to that stack, even from ring 0.
 *             That is how #DF can be reported when the fault was a kernel
 *             stack overflow: the old stack is unusable.  We use IST1 for
 *             #DF, IST2 for NMI and IST3 for #MC.
 *   iomap_base  The offset, from the TSS base, of the I/O permission bitmap.
 *
 * The I/O permission bitmap.  When ring 3 executes IN/OUT/INS/OUTS and
 * CPL > EFLAGS.IOPL (always, in Portcullis: IOPL stays 0), the CPU checks
 * one bit per port in the bitmap: 0 = allowed, 1 = denied; a multi-byte
 * access needs every covered bit clear.  The CPU always reads TWO bytes at
 * iomap_base + port/8, and bits past the TSS limit count as set.  Hence:
 *
 *   - the 8 KiB map (65536 ports) is followed by one byte of all ones that
 *     lies inside the limit, so the 2-byte read for port 0xffff is defined;
 *   - an iomap_base at or beyond the limit means "no map": every port
 *     faults.  That is IOMAP_OFFSET_INVALID, the boot state.  A zeroed TSS
 *     (iomap_base 0) would be a security hole: the TSS's own zero bytes
 *     would become the bitmap and grant ring 3 the low ports.
 *
 * Layout (offsets from the TSS base; the limit never changes, so LTR never
 * has to be repeated - it is serializing and would fault on a busy TSS):
 *
 *   0x0000  hardware TSS (0x68 bytes)
 *   0x0068  io_map[8192]        the process's map, copied in lazily
 *   0x2068  0xff                terminator of io_map
 *   0x2069  io_all[8192]        all zero: every port allowed (iopl(3))
 *   0x4069  0xff                terminator of io_all
 *   0x406a  = sizeof(struct cpu_tss) = IOMAP_OFFSET_INVALID; limit = 0x4069
 *
 * Switching what ring 3 may touch is then a single 16-bit store into
 * iomap_base: MAP, ALL or INVALID.
 */
#ifndef ARCH_X86_64_TSS_H
#define ARCH_X86_64_TSS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/io/io_bits.h" /* IO_MAP_BYTES: one bit per port */

#define IST_DOUBLE_FAULT  1
#define IST_NMI		  2
#define IST_MACHINE_CHECK 3

/* The architectural 64-bit TSS (Intel SDM vol. 3, "64-bit TSS"). */
struct __attribute__((packed)) tss_hw {
	uint32_t reserved0;
	uint64_t rsp[3]; /* rsp[0]: ring 0 stack for ring 3 -> ring 0 */
	uint64_t ist[8]; /* ist[0] is the reserved quadword at 0x1c;
			    IST1..7 are ist[1..7], IST1 at 0x24 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};

struct __attribute__((packed, aligned(4096))) cpu_tss {
	struct tss_hw hw;
	uint8_t io_map[IO_MAP_BYTES];
	uint8_t io_map_end; /* always 0xff */
	uint8_t io_all[IO_MAP_BYTES];
	uint8_t io_all_end; /* always 0xff */
};

#define TSS_LIMIT	     (offsetof(struct cpu_tss, io_all_end))
#define IOMAP_OFFSET_MAP     ((uint16_t)offsetof(struct cpu_tss, io_map))
#define IOMAP_OFFSET_ALL     ((uint16_t)offsetof(struct cpu_tss, io_all))
#define IOMAP_OFFSET_INVALID ((uint16_t)(TSS_LIMIT + 1))

_Static_assert(sizeof(struct tss_hw) == 0x68, "64-bit TSS is 104 bytes");
_Static_assert(offsetof(struct tss_hw, ist) == 0x1c, "IST1 at 0x24 (ist[1])");
_Static_assert(offsetof(struct tss_hw, iomap_base) == 0x66,
	       "I/O map base at 0x66");
_Static_assert(TSS_LIMIT < 0xffff, "the limit and every offset fit 16 bits");

/* Fills in a CPU's TSS: IST stacks, rsp0 = 0 until a task runs, the
 * terminator bytes, io_map all denied, io_all all allowed, base INVALID. */
void tss_init(struct cpu_tss *tss, const uint64_t ist_tops[8]);

/* The ring-0 stack the CPU loads when ring 3 is interrupted. */
void tss_set_rsp0(struct cpu_tss *tss, uint64_t rsp0);

/* A one-line description of the current base ("INVALID", "MAP", "ALL"). */
const char *tss_iomap_state_name(const struct cpu_tss *tss);

#endif
