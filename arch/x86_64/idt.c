/*
 * idt.c - the Interrupt Descriptor Table.
 *
 * Why it exists.  When an exception or interrupt with vector v arrives,
 * the CPU reads the 16-byte gate descriptor at IDTR.base + 16 * v to learn
 * where to go and how.  Without a valid gate, every fault would escalate to
 * a double fault and then to a triple fault, which resets the machine.
 *
 * The fields of a 64-bit gate that matter (Intel SDM vol. 3, "64-Bit Mode
 * IDT"):
 *
 *   offset    the handler's address, split over three fields (16+16+32
 *             bits) for compatibility with the 8-byte 32-bit gates.
 *   selector  the code segment to load: our 64-bit kernel CS.
 *   type      0xE = interrupt gate: the CPU clears RFLAGS.IF on entry, so a
 *             handler is never interrupted before it has saved the state
 *             it needs.  (0xF, a trap gate, would leave IF alone.)  We use
 *             interrupt gates everywhere: trap_dispatch decides if and when
 *             to re-enable interrupts.
 *   DPL       checked only for software "int n", "int3" and "into": the
 *             CPL must be <= DPL, or the CPU raises #GP instead.  Hardware
 *             interrupts and real exceptions ignore it.  So DPL 0 keeps
 *             ring 3 from faking a page fault with "int 14", while #BP and
 *             #OF get DPL 3 so that a user int3 arrives as #BP (for a
 *             debugger), not as #GP.
 *   IST       0 = use the current stack (or TSS.rsp0 when coming from
 *             ring 3); 1-7 = ALWAYS switch to that TSS.ist[] stack.  #DF
 *             uses IST1 because the usual cause of a kernel #DF is a stack
 *             that can no longer take a push; NMI (IST2) and #MC (IST3) may
 *             arrive at any instruction, even while RSP is not yet valid,
 *             e.g. just after SYSCALL.
 *   P         present.  Delivery through a gate of a valid type with
 *             P = 0 raises #NP, with an error code naming the vector (IDT
 *             bit set; the double-fault selftest does that to gate 0).
 *
 * Gates 49-62 and 64-255 stay all zero, and type 0 is not a gate type at all, so a
 * vector there raises #GP whose error code names the vector (IDT=1, and
 * EXT=1 when a device sent it).  The report decodes that, which tells a
 * student more than a generic "unexpected vector" handler would.
 *
 * Vectors 0-31 are the CPU's exceptions, 32-47 the two 8259 PICs' IRQs
 * (remapped there by pic.c), 48 the local APIC timer and 63 the local
 * APIC's spurious-interrupt vector (lapic.c; used only when the PIT does
 * not tick).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/tss.h"
#include "arch/x86_64/x86.h"
#include "kernel/console.h"

#define IDT_ENTRIES 256

#define GATE_TYPE_INTERRUPT 0xe
#define GATE_DPL(n)	    ((uint8_t)((n) << 5))
#define GATE_P		    0x80

struct __attribute__((packed)) idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;   /* bits 0-2; the rest must be zero */
	uint8_t flags; /* P, DPL, type */
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};

_Static_assert(sizeof(struct idt_gate) == 16, "64-bit gates are 16 bytes");

/* Alignment is not required, but a gate never straddles a cache line. */
static struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(16)));

/* trap_entry.asm: the stub of each vector 0-63. */
extern const uint64_t trap_stub_table[NUM_TRAP_STUBS];

static void set_gate(unsigned vector, uint64_t handler, unsigned dpl,
		     unsigned ist)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = (uint16_t)handler;
	g->selector = SEL_KERNEL_CODE;
	g->ist = (uint8_t)ist;
	g->flags = GATE_P | GATE_DPL(dpl) | GATE_TYPE_INTERRUPT;
	g->offset_mid = (uint16_t)(handler >> 16);
	g->offset_high = (uint32_t)(handler >> 32);
	g->reserved = 0;
}

void idt_init(void)
{
	for (unsigned v = 0; v < NUM_TRAP_STUBS; v++) {
		if (!trap_vector_has_gate(v))
			continue;
		unsigned dpl = (v == VEC_BP || v == VEC_OF) ? 3 : 0;
		unsigned ist = 0;

		if (v == VEC_DF)
			ist = IST_DOUBLE_FAULT;
		else if (v == VEC_NMI)
			ist = IST_NMI;
		else if (v == VEC_MC)
			ist = IST_MACHINE_CHECK;
		set_gate(v, trap_stub_table[v], dpl, ist);
	}

	idt_load();
}

void idt_load(void)
{
	struct descriptor_pointer idtr = {
	    .limit = sizeof(idt) - 1,
	    .base = (uint64_t)idt,
	};
	lidt(&idtr);
}

void idt_set_present(unsigned vector, bool present)
{
	if (vector >= IDT_ENTRIES)
		panic("vector %u is beyond the IDT", vector);
	if (present)
		idt[vector].flags |= GATE_P;
	else
		idt[vector].flags &= (uint8_t)~GATE_P;
}
