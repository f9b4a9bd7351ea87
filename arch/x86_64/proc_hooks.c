/*
 * proc_hooks.c - where the trap code meets the process code.
 *
 * The trap code (trap.h) calls these three; each has exactly one
 * definition, here:
 *   - every return to ring 3 from an interrupt or exception does the same
 *     work as a return from a system call (preemption, signals, I/O map);
 *   - a page fault at user_copy's one faulting instruction is a bad user
 *     pointer, not a kernel bug: resume at the fixup, which returns
 *     -EFAULT (usercopy.asm);
 *   - each timer tick drives the scheduler's time slices and sleepers.
 */
#include "arch/x86_64/trap.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"

extern char user_copy_fault_ip[], user_copy_fixup[];

void trap_return_to_user(struct trap_frame *tf)
{
	proc_return_to_user_work(tf);
}

bool trap_kernel_fixup(struct trap_frame *tf)
{
	/* Only #PF: a #GP there would be a non-canonical address, which
	 * uaccess.c rules out before calling user_copy. */
	if (tf->vector == VEC_PF && tf->rip == (uint64_t)user_copy_fault_ip) {
		tf->rip = (uint64_t)user_copy_fixup;
		return true;
	}
	return false;
}

void sched_tick(struct trap_frame *tf)
{
	(void)tf;
	sched_timer_tick();
}
