/*
 * tick.c - the kernel's periodic tick, whichever device raises it.
 *
 * The PIT (pit.c) is the tick on every PC that has one.  Some PCs have no
 * PIT, or one the firmware gated off; there the local APIC timer (lapic.c)
 * raises the same tick instead.  Either way the interrupt handler calls
 * tick_handle(), and everything built on the tick - arch_ticks(), the
 * scheduler's time slices, sleeping, clock_gettime - neither knows nor
 * cares which device it was.
 *
 * Between ticks the TSC gives the fraction of the current period, its rate
 * measured against the ticks themselves (arch_monotonic_ns below).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"

/* Written only by the tick handler, read anywhere: an aligned 64-bit load
 * is a single access on x86-64, so a reader never sees a torn value. */
static volatile uint64_t ticks;
static uint64_t period_ns; /* 0 until a source is set */
static unsigned rate_hz;
static const char *source_name = "none";

/* TSC at the first tick of this source and at the latest tick, for
 * arch_monotonic_ns. */
static uint64_t tsc_first_tick, tsc_last_tick, first_tick;

void tick_set_source(const char *name, uint64_t new_period_ns, unsigned hz)
{
	/* Ticks already counted stay counted: time never goes backwards
	 * when the APIC takes over from a PIT that ticked a little. */
	source_name = name;
	period_ns = new_period_ns;
	rate_hz = hz;
	tsc_first_tick = 0;
}

const char *arch_tick_source(void)
{
	return source_name;
}

void tick_handle(struct trap_frame *tf)
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

uint64_t arch_ticks(void)
{
	return ticks;
}

unsigned arch_tick_hz(void)
{
	return rate_hz;
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
	if (!period_ns)
		return 0;
	uint64_t t = ticks, last = tsc_last_tick;
	uint64_t ns = t * period_ns;
	if (!tsc_first_tick || t <= first_tick || last <= tsc_first_tick)
		return ns; /* no rate measured yet */
	uint64_t tsc_per_tick = (last - tsc_first_tick) / (t - first_tick);
	if (tsc_per_tick == 0)
		return ns;
	uint64_t delta = rdtsc() - last;
	if (delta >= tsc_per_tick)
		return ns + period_ns - 1;
	return ns + delta * period_ns / tsc_per_tick;
}
