/*
 * trap.c - where every vector goes once trap_entry.asm has built the frame.
 *
 *   0-31   exceptions.  From ring 3 they go to trap_user_exception() (the
 *          process's problem).  In ring 0 they mean a kernel bug, unless
 *          trap_kernel_fixup() knows the instruction may fault (copies
 *          from user memory); the kernel then prints the report and
 *          stops, as a panic does.  NMI and #MC included: there is no
 *          recovery from them yet.
 *   32-47  PIC interrupts: EOI, then the handler registered for the line.
 *
 * Nothing here re-enables interrupts: every gate is an interrupt gate, so
 * IF stays clear until IRETQ restores the interrupted RFLAGS.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/pic.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/trap.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/kernel_lock.h"
#include "kernel/monitor/monitor.h"

static irq_handler_t irq_handlers[NUM_IRQS];

/* Nonzero while a kernel exception is being reported.  A fault inside the
 * report (say, a corrupted pointer it follows) must not start a second
 * report, which could recurse until the IST stack overflows. */
static int reporting;

static void __attribute__((noreturn)) kernel_exception(struct trap_frame *tf)
{
	if (reporting++) {
		printk(
		    "\nEXCEPTION %s (vector %lu) while reporting an earlier exception at RIP=0x%016lx: giving up\n",
		    trap_mnemonic((unsigned)tf->vector),
		    (unsigned long)tf->vector, (unsigned long)tf->rip);
		arch_test_exit(TEST_EXIT_PANIC);
	}
	trap_report(tf);
	if (monitor_enabled()) {
		struct monitor_entry entry = {"panic", tf, false};
		monitor_run(&entry); /* never returns: cannot continue */
	}
	/* Halts instead when not under test (see kernel/arch.h). */
	arch_test_exit(TEST_EXIT_PANIC);
}

void irq_register(unsigned irq, irq_handler_t fn)
{
	if (irq >= NUM_IRQS)
		panic("IRQ %u does not exist (the PICs have 16 lines)", irq);
	if (irq_handlers[irq])
		panic("IRQ %u already has a handler", irq);
	irq_handlers[irq] = fn;
	pic_unmask(irq);
}

void irq_unregister(unsigned irq)
{
	if (irq >= NUM_IRQS)
		panic("IRQ %u does not exist (the PICs have 16 lines)", irq);
	pic_mask(irq);
	irq_handlers[irq] = 0;
}

static void irq_dispatch(struct trap_frame *tf)
{
	unsigned irq = (unsigned)tf->vector - IRQ_BASE;

	/* A spurious IRQ 7/15 is not a real request: no handler, and no EOI
	 * to the PIC that raised it (pic_spurious sends what is due). */
	if (pic_spurious(irq)) {
		this_cpu()->spurious_irqs++;
		return;
	}
	this_cpu()->interrupts++;

	/* EOI before the handler: the timer's handler may switch to another
	 * task and come back here much later.  With IF clear nothing can
	 * nest meanwhile, and the ISA lines are edge-triggered, so an early
	 * EOI loses nothing. */
	pic_eoi(irq);

	irq_handler_t fn = irq_handlers[irq];
	if (fn) {
		fn(tf);
		return;
	}
	/* Only registered lines are unmasked, so this is a PIC that ignored
	 * its mask or a line someone unmasked by hand. */
	printk("trap: IRQ %u has no handler; masking it\n", irq);
	pic_mask(irq);
}

void trap_dispatch(struct trap_frame *tf)
{
	/* Decided once: a handler may rewrite the frame (a signal handler's
	 * new RIP), but not the ring we return to. */
	bool user = trap_from_user(tf);
	/* The kernel lock (kernel/kernel_lock.h): every entry from ring 3
	 * takes it, and so does an interrupt of the idle loop's HLT; one that
	 * came in through a preemption point's window finds it held here. */
	bool lock_here = user || !kernel_lock_held_here();
	if (lock_here)
		kernel_lock_enter();

	if (tf->vector < NUM_EXCEPTIONS) {
		if (user)
			trap_user_exception(tf);
		else if (!trap_kernel_fixup(tf))
			kernel_exception(tf);
	} else if (tf->vector < IRQ_BASE + NUM_IRQS) {
		irq_dispatch(tf);
	} else if (tf->vector == LAPIC_TIMER_VECTOR) {
		lapic_timer_irq(tf);
	} else if (tf->vector == IPI_WAKE_VECTOR ||
		   tf->vector == IPI_TICK_VECTOR) {
		ipi_handle(tf);
	} else if (tf->vector == LAPIC_SPURIOUS_VECTOR) {
		lapic_spurious_irq();
	} else {
		/* trap_vector_has_gate() has no gate for it, so the stub
		 * table and the IDT disagree. */
		kernel_exception(tf);
	}
	if (user)
		trap_return_to_user(tf); /* releases the kernel lock */
	else if (lock_here)
		kernel_lock_leave();
}
