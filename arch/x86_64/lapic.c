/*
 * lapic.c - the local APIC timer, the tick of a PC without a working PIT.
 *
 * Why it exists.  Every x86-64 CPU has a local APIC, its private interrupt
 * controller, and in it a timer: a 32-bit counter that counts down from an
 * "initial count" at the bus clock divided by 1..128, interrupts when it
 * reaches zero and, in periodic mode, reloads itself.  It is how modern
 * kernels tick, and the fallback Portcullis uses when the PIT is absent or
 * gated off (a real PC whose firmware disabled the legacy timer, or QEMU
 * with -machine pit=off).
 *
 * What matters:
 *   - Nobody tells us the bus clock.  We measure it: start the counter
 *     with the largest initial count, let a known clock (the ACPI PM timer,
 *     pm_timer.c) run for CALIBRATION_US, and see how far the counter got.
 *     A virtual CPU that its host stops between reading one clock and
 *     starting (or reading) the other only ever makes the APIC look
 *     slower, so the best of CALIBRATION_RUNS measurements is the truth.
 *   - The registers are 32-bit, 16-byte aligned, in one 4 KiB page at the
 *     physical address in the IA32_APIC_BASE MSR (0xfee00000 unless the
 *     firmware moved it).  We reach it through PHYSMAP, which maps it
 *     write-back; the firmware's MTRRs make the MMIO hole uncacheable, and
 *     an uncacheable MTRR type wins over write-back in the page tables
 *     (SDM vol. 3, "Memory type precedence"), so every access reaches the
 *     APIC.
 *   - The spurious-interrupt vector register's bit 8 switches the APIC on
 *     in software; its vector (63) is where the APIC sends an interrupt it
 *     withdrew at the last moment.  A spurious interrupt needs no EOI.
 *   - LVT timer: vector 48, bit 16 masked, bit 17 periodic.
 *   - EOI: a write of 0 to the EOI register after every timer interrupt,
 *     or the APIC delivers nothing of equal or lower priority again.  The
 *     8259 PICs keep working beside it (firmware leaves LINT0 in
 *     virtual-wire mode) and keep their own EOIs.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kernel/acpi.h"
#include "kernel/console.h"
#include "kernel/mm/mm.h"

#define MSR_APIC_BASE	    0x1b
#define APIC_BASE_ENABLE    (1ull << 11)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ull
#define CPUID1_EDX_APIC	    (1u << 9)

#define LAPIC_EOI	    0x0b0
#define LAPIC_SVR	    0x0f0
#define LAPIC_LVT_TIMER	    0x320
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE  0x3e0

#define LAPIC_ID	 0x020
#define LAPIC_ICR_LOW	 0x300
#define LAPIC_ICR_HIGH	 0x310
#define APIC_BASE_X2APIC (1ull << 10)

/* Interrupt Command Register (SDM vol. 3, "Interrupt Command Register"):
 * delivery mode in bits 10:8, bit 12 delivery status (1 while the IPI is
 * still being sent), bit 14 level (assert), bit 15 trigger mode (level). */
#define ICR_INIT	  (5u << 8)
#define ICR_STARTUP	  (6u << 8)
#define ICR_PENDING	  (1u << 12)
#define ICR_LEVEL_ASSERT  (1u << 14)
#define ICR_TRIGGER_LEVEL (1u << 15)
#define ICR_SEND_SPIN	  1000000

#define SVR_APIC_ENABLE (1u << 8)
#define LVT_MASKED	(1u << 16)
#define LVT_PERIODIC	(1u << 17)
#define DIVIDE_BY_16	0x3 /* divide configuration encoding */

#define CALIBRATION_US	 20000 /* long enough for 0.01% at any bus clock */
#define CALIBRATION_RUNS 3

static volatile uint32_t *lapic;

static uint32_t lapic_read(unsigned reg)
{
	return lapic[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t value)
{
	lapic[reg / 4] = value;
}

static bool cpu_has_apic(void)
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	return d & CPUID1_EDX_APIC;
}

/* Counts per second of the timer at DIVIDE_BY_16, or 0. */
static uint64_t measure_timer_rate(void)
{
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
	uint32_t pm_start = pm_timer_read();
	lapic_write(LAPIC_TIMER_INITIAL, 0xffffffffu);
	if (!pm_timer_spin_us(CALIBRATION_US))
		return 0;
	uint32_t left = lapic_read(LAPIC_TIMER_CURRENT);
	uint32_t pm_ticks = pm_timer_elapsed(pm_start, pm_timer_read());
	lapic_write(LAPIC_TIMER_INITIAL, 0); /* stops it */
	if (pm_ticks == 0 || left == 0)
		return 0; /* no time passed, or it ran out: meaningless */
	uint64_t counted = 0xffffffffu - left;
	return counted * ACPI_PM_TIMER_HZ / pm_ticks;
}

bool lapic_cpu_init(void)
{
	if (!cpu_has_apic())
		return false;
	uint64_t base = rdmsr(MSR_APIC_BASE);
	if (base & APIC_BASE_X2APIC)
		return false; /* MMIO is off in x2APIC mode; we drive xAPIC */
	if (!(base & APIC_BASE_ENABLE))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	/* Every CPU's APIC answers at the same address, each its own. */
	lapic = phys_to_virt(base & APIC_BASE_ADDR_MASK);
	lapic_write(LAPIC_SVR, SVR_APIC_ENABLE | LAPIC_SPURIOUS_VECTOR);
	return true;
}

uint32_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

/* Sends one IPI and waits until the APIC has delivered it.  False when the
 * delivery status never clears (a wedged APIC). */
static bool send_ipi(uint32_t apic_id, uint32_t command)
{
	lapic_write(LAPIC_ICR_HIGH, apic_id << 24);
	lapic_write(LAPIC_ICR_LOW, command); /* this write sends it */
	for (int i = 0; i < ICR_SEND_SPIN; i++)
		if (!(lapic_read(LAPIC_ICR_LOW) & ICR_PENDING))
			return true;
	return false;
}

bool lapic_send_init(uint32_t apic_id)
{
	/* Assert, then de-assert: the MP specification's sequence.  CPUs
	 * since the Pentium 4 ignore the de-assert; older ones need it. */
	return send_ipi(apic_id,
			ICR_INIT | ICR_LEVEL_ASSERT | ICR_TRIGGER_LEVEL) &&
	       send_ipi(apic_id, ICR_INIT | ICR_TRIGGER_LEVEL);
}

bool lapic_send_startup(uint32_t apic_id, uint8_t page)
{
	return send_ipi(apic_id, ICR_STARTUP | page);
}

/* A fixed interrupt (delivery mode 000) at `vector` on one CPU, or with
 * the "all excluding self" shorthand (ICR bits 19:18 = 11b) on every
 * other CPU: one ICR write, whatever the number of CPUs. */
#define ICR_ALL_BUT_SELF (3u << 18)

bool lapic_send_fixed(uint32_t apic_id, uint8_t vector)
{
	return send_ipi(apic_id, vector);
}

bool lapic_send_fixed_to_others(uint8_t vector)
{
	return send_ipi(0, ICR_ALL_BUT_SELF | vector);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

bool lapic_timer_start(unsigned hz)
{
	if (!cpu_has_apic()) {
		printk("lapic: the CPU has no local APIC\n");
		return false;
	}
	if (!pm_timer_available()) {
		printk(
		    "lapic: no ACPI PM timer to calibrate the APIC timer against\n");
		return false;
	}
	if (!lapic_cpu_init()) {
		printk(
		    "lapic: the local APIC is in x2APIC mode, which Portcullis does not drive\n");
		return false;
	}

	uint64_t rate = 0;
	for (int run = 0; run < CALIBRATION_RUNS; run++) {
		uint64_t r = measure_timer_rate();
		if (r > rate)
			rate = r;
	}
	uint64_t count = rate ? (rate + hz / 2) / hz : 0;
	if (count < 16 || count > 0xffffffffu) {
		printk(
		    "lapic: calibration failed (%lu counts/s against the ACPI PM timer)\n",
		    (unsigned long)rate);
		return false;
	}
	uint64_t period_ns = count * 1000000000ull / rate;
	uint64_t mhz = rate * 1000 / count; /* the tick rate in mHz */
	printk(
	    "lapic: timer at %lu counts/s (bus clock / 16, best of %d runs of %u us of the ACPI PM timer): %lu counts per tick, %lu.%03lu Hz\n",
	    (unsigned long)rate, CALIBRATION_RUNS, CALIBRATION_US,
	    (unsigned long)count, (unsigned long)(mhz / 1000),
	    (unsigned long)(mhz % 1000));
	tick_set_source("local APIC", period_ns,
			(unsigned)((rate + count / 2) / count));
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | LAPIC_TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_INITIAL, (uint32_t)count);
	return true;
}

void lapic_timer_irq(struct trap_frame *tf)
{
	/* EOI first: the tick may switch to another process, and this
	 * interrupt must not stay in service while that one runs. */
	lapic_write(LAPIC_EOI, 0);
	tick_handle(tf);
}

void lapic_spurious_irq(void)
{
	this_cpu()->spurious_irqs++;
}
