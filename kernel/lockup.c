/*
 * lockup.c - the lockup detector: a CPU that stays in the kernel for more
 * than lockup=MS milliseconds (default 1000 of guest time) without making
 * progress gets a report naming the CPU, the process, the system call and
 * the backtrace of where it was.  Linux's soft-lockup detector is the model.
 *
 * "Progress" is a call to lockup_touch(): every system call's entry and
 * end (lockup_syscall_done), every context switch, every preemption point,
 * every turn of the idle loop, and every tick that finds the CPU in user
 * mode (lockup_check).  Ring-3 time never counts: the entry touch and the
 * ticks in user mode restart the clock.  The timer tick checks how long
 * ago the last one was.  Two ways to be
 * stuck, two reports:
 *   - stuck with interrupts on (a kernel loop without preemption points):
 *     the tick arrives, sees the time since the last touch above the
 *     threshold, and reports while the loop is still running; its
 *     backtrace is the loop's;
 *   - stuck with interrupts off: no tick can arrive until the kernel
 *     enables them again, so the report comes after the fact, measured by
 *     the TSC clock: at the end of the system call (lockup_syscall_done:
 *     the call ran that long since its entry or its last preemption
 *     point), or at the first tick when the interrupts came back on in
 *     kernel code (the time between two ticks; the backtrace shows
 *     where).  An NMI watchdog would catch it while it happens; the PIT
 *     and the APIC timer here raise ordinary interrupts, so that is left
 *     for later.
 * Ticks that arrive in user mode or in HLT are never a lockup, whatever
 * the gap before them: under QEMU without -icount guest time is host
 * time, and a host that deschedules the guest for a second would
 * otherwise look like a stuck kernel.
 * After a report the clock restarts, so a CPU stuck for 10 s gets about
 * one report a second, not one a tick.  Checks start once the clock is
 * calibrated (the TSC is the only clock that counts a stall).
 */
#include "kernel/lockup.h"
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/proc/proc.h"

#define NS_PER_MS 1000000ull

static uint64_t threshold_ns = 1000 * NS_PER_MS;
/* Per CPU (an array indexed by CPU id, CODING.md): when it last left the
 * kernel or passed a preemption point. */
static uint64_t touched_ns_of[ARCH_MAX_CPUS];

static uint64_t *touched(void)
{
	return &touched_ns_of[arch_cpu_id()];
}
static unsigned reports;

void lockup_init(void)
{
	threshold_ns = cmdline_get_ulong("lockup", 1000) * NS_PER_MS;
	if (!threshold_ns)
		printk("lockup: detector off (lockup=0)\n");
}

void lockup_touch(void)
{
	*touched() = arch_monotonic_ns();
}

unsigned lockup_reports(void)
{
	return reports;
}

static void report(uint64_t stuck, const char *how, long syscall_nr)
{
	reports++;
	struct proc *p = proc_current();
	printk("LOCKUP: CPU %u stuck in the kernel for %lu ms %s: ",
	       arch_cpu_id(), (unsigned long)(stuck / NS_PER_MS), how);
	if (p && p->pid != 0)
		printk("pid %d (%s), system call %ld\n", p->pid, p->name,
		       syscall_nr);
	else
		printk("no process (the kernel itself)\n");
}

bool lockup_check(bool in_kernel, uint64_t gap_ns)
{
	if (!threshold_ns || !arch_clock_calibrated())
		return false;
	uint64_t now = arch_monotonic_ns();
	uint64_t *t = touched();
	uint64_t stuck = 0;
	const char *how = NULL;
	if (in_kernel && gap_ns > threshold_ns) {
		stuck = gap_ns;
		how = "with interrupts off";
	} else if (in_kernel && *t && now - *t > threshold_ns) {
		stuck = now - *t;
		how = "without a preemption point";
	}
	if (!in_kernel || how)
		*t = now;
	if (!how)
		return false;
	report(stuck, how, proc_current() ? proc_current()->syscall_nr : -1);
	return true;
}

void lockup_syscall_done(long nr)
{
	if (!threshold_ns || !arch_clock_calibrated())
		return;
	uint64_t now = arch_monotonic_ns();
	uint64_t *t = touched();
	if (*t && now - *t > threshold_ns)
		report(now - *t, "with interrupts off", nr);
	*t = now;
}
