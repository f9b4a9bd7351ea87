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
 * The tick itself (counting, the clock, the scheduler) is tick.c's: the
 * local APIC timer (lapic.c) raises the same tick when the PIT is absent.
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

static void pit_irq(struct trap_frame *tf)
{
	tick_handle(tf);
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

	outb(PIT_COMMAND,
	     PIT_CMD_CHANNEL0 | PIT_CMD_LOHI | PIT_CMD_MODE2 | PIT_CMD_BINARY);
	outb(PIT_CH0_DATA, (uint8_t)d); /* 65536 -> 0x00 0x00 */
	outb(PIT_CH0_DATA, (uint8_t)(d >> 8));

	/* The rate in mHz, to show how far it is from what was asked. */
	uint64_t mhz = ((uint64_t)PIT_INPUT_HZ * 1000 + d / 2) / d;
	printk("pit: %u Hz asked, divisor %u, actual %lu.%03lu Hz\n", hz, d,
	       (unsigned long)(mhz / 1000), (unsigned long)(mhz % 1000));

	/* The exact period, in ns, for clock_gettime: 10000.152 us at
	 * 100 Hz, not 10 ms. */
	tick_set_source("PIT", (uint64_t)d * 1000000000ull / PIT_INPUT_HZ,
			(unsigned)((PIT_INPUT_HZ + d / 2) / d));
	irq_register(PIT_TIMER_IRQ, pit_irq);
}

/* Back to the power-on state of no interrupts: mode 0 ("interrupt on
 * terminal count") with a count that is never reloaded.  For when the
 * PIT turned out not to tick and the local APIC takes over. */
void pit_stop(void)
{
	irq_unregister(PIT_TIMER_IRQ);
	outb(PIT_COMMAND, PIT_CMD_CHANNEL0 | PIT_CMD_LOHI | PIT_CMD_BINARY);
	outb(PIT_CH0_DATA, 0);
	outb(PIT_CH0_DATA, 0);
}
