/*
 * pit.c - the 8253/8254 Programmable Interval Timer: the periodic tick.
 *
 * Why it exists.  A kernel needs a regular interrupt to keep time and to
 * take the CPU back from a task that does not give it up.  The PIT is the
 * PC's original source of one: a counter that is decremented by a fixed
 * input clock and raises IRQ 0 each time it wraps.
 *
 * What matters:
 *
 *   The input clock.  1193182 Hz: the IBM PC's 14.31818 MHz crystal (four
 *   times the NTSC colour carrier) divided by 12.  (Exactly it is
 *   1193181.8 Hz; the rounding changes no divisor we can ask for.)
 *
 *   Channel 0 and its divisor.  Channel 0's output is wired to IRQ 0.  In
 *   mode 2, "rate generator", the counter is loaded with the divisor,
 *   counts down, pulses its output when it reaches 1 and reloads itself,
 *   so IRQ 0 fires every divisor / 1193182 seconds without any attention
 *   from us.  The divisor is 16 bits (0 stands for 65536), hence the
 *   slowest rate, 1193182 / 65536 = 18.2 Hz, the BIOS's famous default.
 *   Mode 2 needs a divisor of at least 2.
 *
 *   The actual rate.  The divisor is an integer, so the rate is rarely the
 *   one asked for: 100 Hz needs 11931.82, we load 11932 and get 99.998 Hz.
 *   pit_init prints the real rate; arch_tick_hz() returns it rounded.
 *
 *   The command byte (port 0x43) selects the channel (bits 7-6), that the
 *   divisor is written low byte then high byte (bits 5-4 = 11), the mode
 *   (bits 3-1) and binary rather than BCD counting (bit 0 = 0).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/console.h"

#define PIT_INPUT_HZ 1193182u
#define PIT_CH0_DATA 0x40
#define PIT_COMMAND  0x43

#define PIT_CMD_CHANNEL0 (0u << 6)
#define PIT_CMD_LOHI	 (3u << 4)
#define PIT_CMD_MODE2	 (2u << 1)
#define PIT_CMD_BINARY	 0u

#define PIT_TIMER_IRQ 0

/* Written only by the IRQ 0 handler, read anywhere: an aligned 64-bit load
 * is a single access on x86-64, so a reader never sees a torn value. */
static volatile uint64_t ticks;
static unsigned divisor; /* 2..65536; 0 until pit_init */

/* TSC at the first and at the latest tick, for arch_monotonic_ns. */
static uint64_t tsc_first_tick, tsc_last_tick, first_tick;

__attribute__((weak)) void sched_tick(struct trap_frame *tf)
{
	(void)tf;
}

static void pit_irq(struct trap_frame *tf)
{
	uint64_t now = rdtsc();
	if (!tsc_first_tick) {
		tsc_first_tick = now;
		first_tick = ticks + 1;
	}
	tsc_last_tick = now;
	ticks++;
	this_cpu()->ticks++;
	sched_tick(tf);
}

void pit_init(unsigned hz)
{
	if (hz == 0)
		panic("a rate of 0 Hz");
	/* Round to the nearest divisor, then keep it inside what mode 2 and
	 * 16 bits allow. */
	unsigned d = (PIT_INPUT_HZ + hz / 2) / hz;
	if (d < 2)
		d = 2;
	if (d > 65536)
		d = 65536;
	divisor = d;

	outb(PIT_COMMAND,
	     PIT_CMD_CHANNEL0 | PIT_CMD_LOHI | PIT_CMD_MODE2 | PIT_CMD_BINARY);
	outb(PIT_CH0_DATA, (uint8_t)d); /* 65536 -> 0x00 0x00 */
	outb(PIT_CH0_DATA, (uint8_t)(d >> 8));

	/* The rate in mHz, to show how far it is from what was asked. */
	uint64_t mhz = ((uint64_t)PIT_INPUT_HZ * 1000 + d / 2) / d;
	printk("pit: %u Hz asked, divisor %u, actual %lu.%03lu Hz\n", hz, d,
	       (unsigned long)(mhz / 1000), (unsigned long)(mhz % 1000));

	irq_register(PIT_TIMER_IRQ, pit_irq);
}

uint64_t arch_ticks(void)
{
	return ticks;
}

unsigned arch_tick_hz(void)
{
	if (!divisor)
		return 0;
	return (PIT_INPUT_HZ + divisor / 2) / divisor;
}

/*
 * Nanoseconds since the timer started, finer than a tick.  The tick count
 * gives the whole periods; the TSC, read against its rate measured over
 * all the ticks so far, gives the fraction of the current one.  The
 * fraction is clamped below one period, so the result never reaches the
 * next tick's value early and never goes backwards, even when a tick is
 * pending but not yet handled (the kernel runs with interrupts off).
 */
uint64_t arch_monotonic_ns(void)
{
	if (!divisor)
		return 0;
	uint64_t period_ns = (uint64_t)divisor * 1000000000ull / PIT_INPUT_HZ;
	uint64_t t = ticks, last = tsc_last_tick;
	uint64_t ns = t * period_ns;
	if (t <= first_tick || last <= tsc_first_tick)
		return ns; /* no rate measured yet */
	uint64_t tsc_per_tick = (last - tsc_first_tick) / (t - first_tick);
	if (tsc_per_tick == 0)
		return ns;
	uint64_t delta = rdtsc() - last;
	if (delta >= tsc_per_tick)
		return ns + period_ns - 1;
	return ns + delta * period_ns / tsc_per_tick;
}
