/*
 * preempt.c - preemption points: where long kernel work lets time pass.
 *
 * The kernel runs with interrupts off (sched.h), so a loop that runs for a
 * long time inside a system call would stop the clock's ticks, every other
 * process and the lockup detector.  Such loops (backing or copying pages,
 * unmapping, loading a program) call preempt_point() once per unit of
 * work.  It opens an interrupt window (STI, one instruction, CLI) so a
 * pending tick is taken, and gives the CPU away when the time slice is
 * over, exactly as the return to user mode would - but only once the call
 * has run for more than a whole tick: a short call (a small exec, a
 * console line) stays as atomic as it always was, so programs see the
 * same interleavings as before, and only long work is cut up.
 *
 * Why not run system calls with interrupts enabled throughout: the tick
 * handler edits the run queue (sleepers become runnable) and sched_switch
 * and sched_make_runnable edit it too, with no lock; so do the wakeups of
 * the serial input interrupt.  An interrupt in the middle of such an edit
 * would corrupt the queue.  A preemption point is, by construction, a
 * place where no such edit is in progress: the callers hold no pointer
 * into the run queue or the process table across the call, and the only
 * state they keep (their own address space and frames) belongs to the
 * current process, which nobody else changes.
 *
 * The window also lets go of the kernel lock (kernel/kernel_lock.h), so
 * a long system call on one CPU does not keep the others out of the
 * kernel: by the argument above, nothing another CPU does meanwhile can
 * pull state from under the caller, exactly as nothing another process
 * does can when preempt_point yields.
 */
#include "kernel/arch.h"
#include "kernel/kernel_lock.h"
#include "kernel/lockup.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"

/* Work units between two interrupt windows: a unit is at most a page
 * (copied, zeroed or freed), so 16 of them stay far below one tick. */
#define UNITS_PER_WINDOW 16

/* Per CPU (CODING.md: an array indexed by CPU id): the tick at which
 * the current system call started (or resumed), and the work units since
 * the last window. */
static struct {
	uint64_t call_start_tick;
	unsigned units;
} preempt_cpu[ARCH_MAX_CPUS];

void preempt_call_begin(void)
{
	preempt_cpu[arch_cpu_id()].call_start_tick = arch_ticks();
}

void preempt_point(void)
{
	if (++preempt_cpu[arch_cpu_id()].units < UNITS_PER_WINDOW)
		return;
	preempt_cpu[arch_cpu_id()].units = 0;
	kernel_lock_leave();
	arch_irq_enable();
	arch_irq_disable(); /* the tick, if pending, was taken in between */
	kernel_lock_enter();
	lockup_touch(); /* after the wait for the lock, which is no lockup */
	/* Maybe another CPU's turn came in between: look again. */
	struct proc *p = proc_current();
	if (sched_need_resched() && p && p->pid != 0 &&
	    arch_ticks() - preempt_cpu[arch_cpu_id()].call_start_tick >= 2) {
		sched_yield();
		/* a fresh slice, on whichever CPU we continue */
		preempt_cpu[arch_cpu_id()].call_start_tick = arch_ticks();
	}
}
