/*
 * pm_timer.c - the ACPI power-management timer: a clock to measure others.
 *
 * Why it exists.  Every ACPI PC has a free-running counter in I/O space
 * that counts at 3.579545 MHz (the NTSC colour-burst frequency, again),
 * whatever the CPU's speed or power state.  It raises no interrupt we use;
 * what makes it precious is that it needs no set-up and no calibration,
 * so it can measure clocks that do: here, the local APIC timer, whose rate
 * is the CPU's bus clock and is written down nowhere.
 *
 * What matters:
 *   - the port comes from the FADT (kernel/acpi/acpi.c finds it);
 *   - the counter is 24 bits wide unless the FADT's TMR_VAL_EXT flag says
 *     32, and it wraps: differences are taken modulo its width, which is
 *     right as long as we read it at least once per wrap (4.7 s at 24
 *     bits), as the loops below do.
 */
#include "arch/x86_64/platform.h"
#include "arch/x86_64/x86.h"
#include "kernel/acpi.h"

/* A counter that has not moved after this many reads is stuck: at a
 * microsecond or less per I/O read that is seconds, where the counter
 * should have advanced millions of times. */
#define STUCK_READS 20000000u

static uint16_t port;
static uint32_t mask;

static bool probe(void)
{
	if (port)
		return true;
	const struct acpi_info *acpi = acpi_get();
	if (!acpi || !acpi->pm_timer_port)
		return false;
	port = acpi->pm_timer_port;
	mask = acpi->pm_timer_32bit ? 0xffffffffu : 0xffffffu;
	return true;
}

bool pm_timer_available(void)
{
	return probe();
}

uint32_t pm_timer_read(void)
{
	return probe() ? inl(port) & mask : 0;
}

uint32_t pm_timer_elapsed(uint32_t from, uint32_t to)
{
	return (to - from) & mask;
}

bool pm_timer_spin_us(uint64_t us)
{
	if (!probe())
		return false;
	uint64_t target = us * ACPI_PM_TIMER_HZ / 1000000u;
	uint64_t passed = 0;
	uint32_t last = pm_timer_read();
	unsigned still = 0;
	/* Summing small steps, not comparing with the start, survives any
	 * number of wraps. */
	while (passed < target) {
		uint32_t now = pm_timer_read();
		if (now == last) {
			if (++still >= STUCK_READS)
				return false;
			pause();
			continue;
		}
		still = 0;
		passed += pm_timer_elapsed(last, now);
		last = now;
	}
	return true;
}
