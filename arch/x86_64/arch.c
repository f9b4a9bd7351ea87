/*
 * arch.c - the x86-64 side of kernel/arch.h: bring the CPU into the state
 * the kernel expects, in the order each step needs.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/lib/string.h"

void arch_early_init(void)
{
	/* Our GDT and TSS first: the IDT's IST entries refer to the TSS. */
	cpu_init(0);
	idt_init();
}

/*
 * Whether a tick arrives soon.  Only loop iterations are counted: the
 * bound is generous on any CPU or emulator, and it ends at the first tick,
 * so a working timer costs one period.  (Waiting on the ACPI PM timer
 * instead would be measured, but under QEMU -icount its reads made the
 * instruction counts of later work differ from run to run, and make bench
 * depends on them repeating exactly.)
 */
static bool ticks_arrive(void)
{
	uint64_t before = arch_ticks();
	for (volatile unsigned long spin = 0; spin < 200000000ul; spin++)
		if (arch_ticks() != before)
			return true;
	return false;
}

bool arch_timer_init(unsigned hz, const char *force)
{
	pic_init();
	bool want_pit = !force || strcmp(force, "lapic") != 0;
	bool want_lapic = !force || strcmp(force, "pit") != 0;
	if (want_pit) {
		pit_init(hz);
		sti();
		if (ticks_arrive())
			return true;
		cli();
		pit_stop();
		printk(
		    "timer: the PIT does not tick (absent, or gated off by the firmware)\n");
	}
	if (want_lapic && lapic_timer_start(hz)) {
		sti();
		if (ticks_arrive())
			return true;
		printk("timer: the local APIC timer does not tick either\n");
	}
	/* The nominal rate, so that nothing divides by zero; no tick will
	 * ever come, and main() says so. */
	tick_set_source("none", 1000000000ull / hz, hz);
	sti();
	return false;
}

void arch_irq_enable(void)
{
	sti();
}

void arch_irq_disable(void)
{
	cli();
}

bool arch_irq_enabled(void)
{
	return read_rflags() & RFLAGS_IF;
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
