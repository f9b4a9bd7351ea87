/*
 * arch.c - the x86-64 side of kernel/arch.h: bring the CPU into the state
 * the kernel expects, in the order each step needs.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"

void arch_early_init(void)
{
	/* Our GDT and TSS first: the IDT's IST entries refer to the TSS. */
	cpu_init(0);
	idt_init();
}

void arch_timer_init(unsigned hz)
{
	pic_init();
	pit_init(hz);
}

void arch_irq_enable(void)
{
	sti();
}

void arch_irq_disable(void)
{
	cli();
}

void arch_wait_for_interrupt(void)
{
	sti_hlt();
}
