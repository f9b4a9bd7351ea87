/*
 * trap.h - the trap frame, and how exceptions and interrupts reach C.
 *
 * Every exception (vectors 0-31), every PIC interrupt (vectors 32-47) and
 * the local APIC's timer and spurious vectors (48 and 63) enter through a
 * stub in trap_entry.asm, which builds one struct
 * trap_frame on the stack and calls trap_dispatch().  The frame is the same
 * for every vector, whether or not the CPU pushed an error code (the stub
 * pushes a 0 when it did not), so C never has to know which kind it got.
 *
 * The frame, from low to high addresses (the order the words are on the
 * stack; the CPU pushed the last five, highest first):
 *
 *   r15 ... rax     pushed by trap_common (rax first, so it lies highest)
 *   vector          pushed by the per-vector stub
 *   error_code      pushed by the CPU for vectors 8, 10-14, 17, 21, 29, 30,
 *                   otherwise a 0 pushed by the stub
 *   rip cs rflags rsp ss   the CPU's interrupt frame.  In 64-bit mode the
 *                   CPU always pushes SS:RSP, even without a privilege
 *                   change, and aligns RSP to 16 bytes first.
 *
 * Invariant: sizeof(struct trap_frame) is 22 words and trap_entry.asm
 * hard-codes the offsets of vector, rip and cs; the
 * _Static_asserts below keep the two in step.
 */
#ifndef ARCH_X86_64_TRAP_H
#define ARCH_X86_64_TRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(offsetof(struct trap_frame, vector) == 15 * 8, "asm: vector");
_Static_assert(offsetof(struct trap_frame, rip) == 17 * 8, "asm: rip");
_Static_assert(offsetof(struct trap_frame, cs) == 18 * 8, "asm: cs");
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "asm: frame size");

/* The architectural exception vectors (Intel SDM vol. 3, table 6-1). */
enum {
	VEC_DE = 0,  /* divide error */
	VEC_DB = 1,  /* debug */
	VEC_NMI = 2, /* non-maskable interrupt */
	VEC_BP = 3,  /* breakpoint (int3) */
	VEC_OF = 4,  /* overflow (into) */
	VEC_BR = 5,  /* BOUND range exceeded */
	VEC_UD = 6,  /* invalid opcode */
	VEC_NM = 7,  /* device not available */
	VEC_DF = 8,  /* double fault */
	VEC_TS = 10, /* invalid TSS */
	VEC_NP = 11, /* segment not present */
	VEC_SS = 12, /* stack-segment fault */
	VEC_GP = 13, /* general protection */
	VEC_PF = 14, /* page fault */
	VEC_MF = 16, /* x87 floating-point error */
	VEC_AC = 17, /* alignment check */
	VEC_MC = 18, /* machine check */
	VEC_XM = 19, /* SIMD floating-point */
	VEC_VE = 20, /* virtualization exception */
	VEC_CP = 21, /* control protection */
};

#define NUM_EXCEPTIONS 32

/* #PF error code bit 0 (SDM vol. 3, 4.7): set for a protection fault on a
 * present page, clear when the page is not mapped. */
#define PF_ERROR_PRESENT 1u
#define IRQ_BASE	 32 /* the PIC's IRQ 0 arrives as vector 32 */
#define NUM_IRQS	 16
/* The local APIC's own vectors (lapic.c), just above the PICs'.  The
 * spurious vector ends in 0xf because on the P6 family its low four bits
 * are hard-wired to 1; stubs 51-62 exist but get no gate. */
#define LAPIC_TIMER_VECTOR 48
/* Interrupts between CPUs (ipi.c). */
#define IPI_WAKE_VECTOR	      49
#define IPI_TICK_VECTOR	      50
#define LAPIC_SPURIOUS_VECTOR 63
#define NUM_TRAP_STUBS	      64

/* Which vectors idt.c installs gates for; every other one raises #GP. */
static inline bool trap_vector_has_gate(unsigned vector)
{
	return vector <= IPI_TICK_VECTOR || vector == LAPIC_SPURIOUS_VECTOR;
}

/* True when the frame was pushed while the CPU ran ring 3.  The RPL of the
 * saved CS is the CPL the CPU was running at. */
static inline bool trap_from_user(const struct trap_frame *tf)
{
	return (tf->cs & 3) == 3;
}

/* Called by trap_common (trap_entry.asm) for every vector, with interrupts
 * disabled (all our gates are interrupt gates). */
void trap_dispatch(struct trap_frame *tf);

/* An exception in ring 3: becomes a signal for the process, or kills it
 * with a one-line report (user_fault.c). */
void trap_user_exception(struct trap_frame *tf);

/* An exception in ring 0 that may be expected: a copy from user memory
 * touching an unmapped user page, say.  Returns true when it changed the
 * frame to resume somewhere sensible (e.g. at the copy's -EFAULT path);
 * false means a kernel bug, and the report follows (proc_hooks.c). */
bool trap_kernel_fixup(struct trap_frame *tf);

/* Called last for every trap taken in ring 3, just before IRETQ returns
 * there: rescheduling, signal delivery and the I/O map (proc_hooks.c). */
void trap_return_to_user(struct trap_frame *tf);

/* ---- interrupts --------------------------------------------------------- */

typedef void (*irq_handler_t)(struct trap_frame *tf);

/* Installs fn for PIC line irq (0-15) and unmasks the line.  One handler
 * per line; registering a second one for the same line panics. */
void irq_register(unsigned irq, irq_handler_t fn);
/* Masks the line and forgets its handler (a device found not to work). */
void irq_unregister(unsigned irq);

/* Called on every timer tick, after the tick counters advanced and the
 * PIC has its EOI: the scheduler's time slices and sleepers
 * (proc_hooks.c); it may switch tasks. */
void sched_tick(struct trap_frame *tf);

/* ---- the IDT ------------------------------------------------------------ */

/* Sets or clears the P (present) bit of one gate.  Only the double-fault
 * selftest uses it: a gate that is not present makes delivery fail. */
void idt_set_present(unsigned vector, bool present);

/* ---- reports (trap_report.c, backtrace.c) ------------------------------- */

/* The full report of an exception, from its first line ("EXCEPTION #PF
 * Page Fault (vector 14) in kernel mode") to its last ("END OF EXCEPTION
 * REPORT").  docs/trap-reports.md describes every line. */
void trap_report(const struct trap_frame *tf);

/* "#PF", "Page Fault" for vectors 0-31; "IRQ"/"Interrupt" beyond. */
const char *trap_mnemonic(unsigned vector);
const char *trap_name(unsigned vector);

/* Prints a frame-pointer backtrace whose first entry is rip (an exact
 * instruction address) and which continues through the frames chained
 * from rbp.  Never faults: every frame is checked before it is read. */
void backtrace_from(uint64_t rip, uint64_t rbp);

/* The return address of trap_common's call into trap_dispatch: a frame
 * with this return address sits on top of a struct trap_frame. */
extern const char trap_return_site[];

#endif
