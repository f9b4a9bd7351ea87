/*
 * cpu.h - per-CPU state, the GDT, and the segment selectors.
 *
 * Everything that exists once per CPU lives in one struct cpu, reached
 * through the GS base (MSR_GS_BASE).  Only the boot CPU runs today, but the
 * kernel never keeps per-CPU state in a plain global, so SMP can follow
 * without a redesign.  The first fields are read by assembly through
 * gs: at offsets the compiler computes (CPU_OFF_*, asm_offsets.c).
 *
 * GDT layout.  SYSCALL/SYSRET derive selectors arithmetically from MSR_STAR
 * and so force an order:
 *   SYSCALL: CS = STAR[47:32],         SS = STAR[47:32] + 8
 *   SYSRET:  CS = STAR[63:48] + 16,    SS = STAR[63:48] + 8   (64-bit)
 * With STAR[47:32] = 0x08 and STAR[63:48] = 0x18 that gives:
 *   0x00 null
 *   0x08 kernel code (64-bit, DPL 0)
 *   0x10 kernel data (DPL 0)
 *   0x18 user code 32-bit slot: SYSRET's compatibility-mode target; left
 *        null because Portcullis runs no 32-bit code
 *   0x20 user data (DPL 3)           -> selector 0x23
 *   0x28 user code (64-bit, DPL 3)   -> selector 0x2b
 *   0x30 TSS (a 16-byte system descriptor: it holds a 64-bit base)
 */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/tss.h"
#include "kernel/arch.h"

#define SEL_KERNEL_CODE 0x08
#define SEL_KERNEL_DATA 0x10
#define SEL_USER32_CODE 0x18
#define SEL_USER_DATA	(0x20 | 3)
#define SEL_USER_CODE	(0x28 | 3)
#define SEL_TSS		0x30
#define GDT_ENTRIES	8 /* 6 ordinary slots + the TSS's two */

#define IST_STACK_SIZE 8192

struct cpu {
	/* --- read by assembly (CPU_OFF_* in asm_offsets.c) --- */
	struct cpu *self;	   /* gs:0  so C can get &cpu in one load */
	uint64_t kernel_stack_top; /* gs:8  syscall entry switches to this */
	uint64_t user_rsp_scratch; /* gs:16 user RSP during syscall entry */
	/* --- C only --- */
	unsigned id;
	struct cpu_tss *tss;
	uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
	uint64_t ticks;		 /* timer interrupts taken on this CPU */
	uint64_t interrupts;	 /* all hardware interrupts taken */
	uint64_t spurious_irqs;	 /* IRQ 7/15 without an ISR bit */
	uint64_t tlb_generation; /* kernel unmappings seen (tlb.c) */
	uint32_t apic_id;	 /* where IPIs to this CPU go (ipi.c) */
};

/* this_cpu() below reads gs:0, arch_cpu_id() (cpu_id.h) the id. */
_Static_assert(offsetof(struct cpu, self) == 0, "self is at gs:0");
_Static_assert(offsetof(struct cpu, id) == CPU_ID_OFFSET, "id for cpu_id.h");

/* Builds this CPU's GDT and TSS, loads them (lgdt, reload segments, ltr) and
 * points the GS base at its struct cpu.  Called once per CPU, first thing. */
void cpu_init(unsigned id);

/* The struct cpu of the CPU we run on (one load from gs:0). */
static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("mov %%gs:0, %0" : "=r"(c));
	return c;
}

/* Every CPU's struct, by id (for the monitor and the test reports). */
struct cpu *cpu_by_id(unsigned id);

#endif
