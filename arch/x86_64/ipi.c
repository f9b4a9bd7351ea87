/*
 * ipi.c - the interrupts CPUs send each other (through the local APICs).
 *
 *   IPI_WAKE  "look at your run queue".  Sent when a process is queued on
 *             an idle CPU (its HLT ends and the idle loop switches to it)
 *             and when a running process must leave its CPU (its affinity
 *             no longer allows it: the return to ring 3 that follows the
 *             interrupt reschedules).  The handler itself does nothing:
 *             the work is in the code the interrupt returns through.
 *   IPI_TICK  the other CPUs' share of the tick.  There is one clock,
 *             CPU 0's (the PIT, or its local APIC timer: tick.c); at each
 *             tick CPU 0 sends IPI_TICK to all the others with one ICR
 *             write, and each counts its time slice and runs its lockup
 *             check.  So no other APIC timer needs calibrating, and every
 *             CPU's slices follow the same time base.
 *
 * Both are fixed interrupts (SDM vol. 3, "Local APIC", "Interrupt Command
 * Register"); their handlers EOI the local APIC first, like the timer.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/trap.h"
#include "kernel/arch.h"

void arch_cpu_wake(unsigned cpu)
{
	struct cpu *c = cpu_by_id(cpu);
	if (c && cpu != arch_cpu_id())
		lapic_send_fixed(c->apic_id, IPI_WAKE_VECTOR);
}

void ipi_tick_others(void)
{
	if (arch_smp_released() && arch_cpus_online() > 1)
		lapic_send_fixed_to_others(IPI_TICK_VECTOR);
}

void ipi_handle(struct trap_frame *tf)
{
	lapic_eoi();
	if (tf->vector == IPI_TICK_VECTOR) {
		this_cpu()->ticks++;
		sched_tick(tf);
	}
}
