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
 * Time that cannot lose ticks.  The kernel runs with interrupts off, so a
 * long stretch of kernel work makes the tick interrupts wait, and the
 * device raises one pending interrupt however many periods passed: ticks
 * are lost.  So the tick is only the calibration: over the first
 * CALIBRATION_TICKS ticks (restarted if any interval looks like a lost
 * tick) we measure the TSC's rate - against the ACPI PM timer read at the
 * same ticks where there is one (late ticks then cannot skew it), else
 * against the nominal tick period - and from then on
 * CLOCK_MONOTONIC is the TSC scaled to nanoseconds (arch_monotonic_ns),
 * which counts a stall whatever the interrupts did.  The tick count
 * catches up with that clock on the next tick after a stall, so sleepers
 * and time slices do not lose the time either.  Before calibration (the
 * first CALIBRATION_TICKS, or where the TSC is unusable) time is whole
 * ticks plus the TSC fraction of the current one.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kernel/acpi.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/monitor/monitor.h"

/* Written only by the tick handler, read anywhere: an aligned 64-bit load
 * is a single access on x86-64, so a reader never sees a torn value. */
static volatile uint64_t ticks;
static uint64_t period_ns; /* 0 until a source is set */
static unsigned rate_hz;
static const char *source_name = "none";

/* TSC at the first tick of this source and at the latest tick, for
 * arch_monotonic_ns before calibration. */
static uint64_t tsc_first_tick, tsc_last_tick, first_tick;

/* Calibration window: its first tick's TSC and tick count, and - where
 * the ACPI PM timer exists - the PM timer ticks summed over the window. */
#define CALIBRATION_TICKS 50
static uint64_t window_tsc, window_ticks, window_pm;
static uint32_t pm_last;
/* Once calibrated: ns = base_ns + ((tsc - base_tsc) * ns_per_tsc_32 >> 32). */
static uint64_t base_tsc, base_ns, ns_per_tsc_32;
/* The largest value arch_monotonic_ns returned: it never goes back. */
static uint64_t last_returned_ns;
/* The longest time between two tick interrupts (interrupts were off). */
static uint64_t longest_tick_gap_ns, last_tick_gap_ns;

/* (a * b) >> 32 without 128-bit arithmetic; exact while it fits 64 bits. */
static uint64_t mul_shift32(uint64_t a, uint64_t b)
{
	uint64_t a_hi = a >> 32, a_lo = (uint32_t)a;
	uint64_t b_hi = b >> 32, b_lo = (uint32_t)b;
	return ((a_hi * b_hi) << 32) + a_hi * b_lo + a_lo * b_hi +
	       ((a_lo * b_lo) >> 32);
}

static uint64_t tsc_to_ns(uint64_t tsc)
{
	return base_ns + mul_shift32(tsc - base_tsc, ns_per_tsc_32);
}

/* The TSC rate against the PM timer over the window: both clocks read at
 * the same instants, so however late the ticks came (a busy emulator
 * host delivers them in bursts) the ratio is right.  0 if no PM timer or
 * the window was too long for the arithmetic. */
static uint64_t ns_per_tsc_from_pm(uint64_t tsc_elapsed)
{
	if (!pm_timer_available() || tsc_elapsed == 0)
		return 0;
	uint64_t pm_ns = window_pm * 1000000000ull / ACPI_PM_TIMER_HZ;
	if (pm_ns == 0 || pm_ns >= (1ull << 31))
		return 0;
	return (pm_ns << 32) / tsc_elapsed;
}

/* One more interval between ticks: calibrates once CALIBRATION_TICKS of
 * them in a row show no lost tick.  A lost tick makes an interval about
 * twice the average; a tick delivered late makes one longer and the next
 * shorter by the same amount, which the average absorbs.  So the window
 * restarts at an interval above 7/4 of the average so far.  Called with
 * the tick count not yet advanced. */
static void calibrate(uint64_t now, uint64_t interval)
{
	uint64_t done = ticks - window_ticks; /* intervals in the window */
	bool lost = window_tsc && done > 0 &&
		    interval * 4 * done > (tsc_last_tick - window_tsc) * 7;
	uint32_t pm_now = pm_timer_read(); /* 0 without a PM timer */
	if (!window_tsc || lost) {
		window_tsc = now;
		window_ticks = ticks + 1;
		window_pm = 0;
		pm_last = pm_now;
		return;
	}
	/* Summed tick by tick: survives the counter's wraps (4.7 s at 24
	 * bits, far longer than any tick interval that is not "lost"). */
	window_pm += pm_timer_elapsed(pm_last, pm_now);
	pm_last = pm_now;
	uint64_t n = ticks + 1 - window_ticks;
	if (n < CALIBRATION_TICKS)
		return;
	uint64_t per_tick = (now - window_tsc) / n;
	if (per_tick == 0)
		return; /* no usable TSC: stay on ticks */
	/* Continue from the tick-based value at this tick, so the clock
	 * neither jumps nor goes back. */
	base_tsc = now;
	base_ns = (ticks + 1) * period_ns;
	if (base_ns < last_returned_ns)
		base_ns = last_returned_ns;
	uint64_t by_pm = ns_per_tsc_from_pm(now - window_tsc);
	ns_per_tsc_32 = by_pm ? by_pm : (period_ns << 32) / per_tick;
}

void tick_set_source(const char *name, uint64_t new_period_ns, unsigned hz)
{
	/* Ticks already counted stay counted: time never goes backwards
	 * when the APIC takes over from a PIT that ticked a little. */
	source_name = name;
	period_ns = new_period_ns;
	rate_hz = hz;
	tsc_first_tick = 0;
	window_tsc = 0;
	ns_per_tsc_32 = 0; /* calibrate again against the new source */
}

const char *arch_tick_source(void)
{
	return source_name;
}

void tick_handle(struct trap_frame *tf)
{
	uint64_t now = rdtsc();
	uint64_t interval = now - tsc_last_tick;
	if (!tsc_first_tick) {
		tsc_first_tick = now;
		first_tick = ticks + 1;
	}
	uint64_t next = ticks + 1;
	if (ns_per_tsc_32) {
		/* Catch up with the clock after a stall. */
		uint64_t by_clock = tsc_to_ns(now) / period_ns;
		if (by_clock > next)
			next = by_clock;
		uint64_t gap = mul_shift32(interval, ns_per_tsc_32);
		last_tick_gap_ns = gap;
		if (gap > longest_tick_gap_ns)
			longest_tick_gap_ns = gap;
	} else if (tsc_last_tick) {
		calibrate(now, interval);
	}
	tsc_last_tick = now;
	ticks = next;
	this_cpu()->ticks++;
	ipi_tick_others(); /* their slices and lockup checks (ipi.c) */
	sched_tick(tf);
	/* Ctrl-] typed since the last tick: stop here, in the monitor. */
	if (console_poll_input()) {
		struct monitor_entry entry = {"key", tf, true};
		monitor_run(&entry);
	}
}

bool arch_clock_calibrated(void)
{
	return ns_per_tsc_32 != 0;
}

uint64_t arch_last_tick_gap_ns(void)
{
	return last_tick_gap_ns;
}

uint64_t arch_longest_tick_gap_ns(void)
{
	return longest_tick_gap_ns;
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
static uint64_t tick_based_ns(void)
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

/* Called with interrupts off or on: the tick handler changes what this
 * reads only before calibration (ticks, tsc_last_tick) or once (the base),
 * and the result is clamped to never go back, which covers a tick taken
 * between two reads. */
uint64_t arch_monotonic_ns(void)
{
	uint64_t ns = ns_per_tsc_32 ? tsc_to_ns(rdtsc()) : tick_based_ns();
	if (ns < last_returned_ns)
		ns = last_returned_ns;
	last_returned_ns = ns;
	return ns;
}
