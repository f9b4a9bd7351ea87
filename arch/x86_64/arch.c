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

uint64_t arch_random_seed(void)
{
	uint32_t a, b, c, d;
	uint64_t seed = rdtsc();

	cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1u << 30)) { /* RDRAND */
		uint64_t r;
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(r), "=qm"(ok));
		if (ok)
			seed ^= r;
	}
	return seed;
}
