/*
 * selftest_arch.c - selftests of the x86-64 set-up that return a verdict:
 * the timer interrupt really arrives, and the TSS is the one we built.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/selftest.h"
#include "kernel/selftest_list.h"

#define TIMER_TICKS_WANTED 5
/* Enough pause iterations for several seconds even under TCG; only a
 * timer that never ticks gets here. */
#define TIMER_SPIN_LIMIT 400000000ul

bool selftest_timer(void)
{
	/* kmain's default and range for hz= (kernel/main.c). */
	unsigned long asked = cmdline_get_ulong("hz", 100);
	if (asked < 19 || asked > 10000)
		asked = 100;
	unsigned hz = arch_tick_hz();

	SELFTEST_CHECK(read_rflags() & RFLAGS_IF);
	printk("timer: asked for %lu Hz, the PIT runs at %u Hz\n", asked, hz);
	/* The PIT divisor is an integer: the rate is within 0.3% of what
	 * was asked over 19..10000 Hz. */
	SELFTEST_CHECK(hz * 1000ul >= asked * 997 &&
		       hz * 1000ul <= asked * 1003);

	uint64_t start = arch_ticks(), cpu_start = this_cpu()->ticks;
	uint64_t irqs_start = this_cpu()->interrupts;
	unsigned long spins = 0;
	/* Wait for interrupts, not for arch_ticks(): after a stall (a host
	 * that descheduled QEMU for a moment) the tick count catches up with
	 * the TSC clock, so it may run ahead of the interrupts (tick.c). */
	while (this_cpu()->ticks - cpu_start < TIMER_TICKS_WANTED &&
	       spins < TIMER_SPIN_LIMIT) {
		pause();
		spins++;
	}
	uint64_t seen = arch_ticks() - start;
	printk(
	    "timer: %lu ticks after %lu spins (this CPU: %lu ticks, %lu interrupts)\n",
	    (unsigned long)seen, spins,
	    (unsigned long)(this_cpu()->ticks - cpu_start),
	    (unsigned long)(this_cpu()->interrupts - irqs_start));
	SELFTEST_CHECK(seen >= TIMER_TICKS_WANTED);
	SELFTEST_CHECK(this_cpu()->ticks - cpu_start >= TIMER_TICKS_WANTED);
	SELFTEST_CHECK(this_cpu()->interrupts - irqs_start >=
		       TIMER_TICKS_WANTED);
	return true;
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t value)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != value)
			return false;
	return true;
}

bool selftest_tss(void)
{
	struct cpu *cpu = this_cpu();
	const struct cpu_tss *tss = cpu->tss;
	uint64_t desc = cpu->gdt[SEL_TSS / 8];
	uint64_t limit = (desc & 0xffff) | (((desc >> 48) & 0xf) << 16);
	uint64_t base = ((desc >> 16) & 0xffffff) |
			(((desc >> 56) & 0xff) << 24) |
			(cpu->gdt[SEL_TSS / 8 + 1] << 32);
	unsigned type = (unsigned)((desc >> 40) & 0xf);

	printk("tss: TR=0x%x, descriptor base 0x%lx limit 0x%lx type 0x%x\n",
	       str(), (unsigned long)base, (unsigned long)limit, type);
	SELFTEST_CHECK(str() == SEL_TSS);
	SELFTEST_CHECK(base == (uint64_t)(uintptr_t)tss);
	SELFTEST_CHECK(limit == TSS_LIMIT);
	/* LTR turns "available" (0x9) into "busy" (0xb). */
	SELFTEST_CHECK(type == 0xb);

	printk(
	    "tss: I/O map base 0x%x (%s), IST1 0x%lx IST2 0x%lx IST3 0x%lx\n",
	    tss->hw.iomap_base, tss_iomap_state_name(tss),
	    (unsigned long)tss->hw.ist[IST_DOUBLE_FAULT],
	    (unsigned long)tss->hw.ist[IST_NMI],
	    (unsigned long)tss->hw.ist[IST_MACHINE_CHECK]);
	SELFTEST_CHECK(tss->hw.iomap_base == IOMAP_OFFSET_INVALID);
	SELFTEST_CHECK(tss->hw.ist[IST_DOUBLE_FAULT] != 0);
	SELFTEST_CHECK(tss->hw.ist[IST_NMI] != 0);
	SELFTEST_CHECK(tss->hw.ist[IST_MACHINE_CHECK] != 0);
	/* Each IST stack is its own: a #DF during an NMI must not overwrite
	 * the NMI's frame. */
	SELFTEST_CHECK(tss->hw.ist[IST_DOUBLE_FAULT] != tss->hw.ist[IST_NMI]);
	SELFTEST_CHECK(tss->hw.ist[IST_NMI] != tss->hw.ist[IST_MACHINE_CHECK]);

	SELFTEST_CHECK(all_bytes(tss->io_map, sizeof(tss->io_map), 0xff));
	SELFTEST_CHECK(tss->io_map_end == 0xff);
	SELFTEST_CHECK(all_bytes(tss->io_all, sizeof(tss->io_all), 0x00));
	SELFTEST_CHECK(tss->io_all_end == 0xff);
	printk(
	    "tss: io_map all 0xff + 0xff terminator, io_all all 0x00 + 0xff terminator\n");
	return true;
}
