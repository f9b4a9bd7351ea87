/*
 * proc_hooks.c - where the trap code meets the process code.
 *
 * The trap code (trap.h) calls these three; each has exactly one
 * definition, here:
 *   - every return to ring 3 from an interrupt or exception does the same
 *     work as a return from a system call (preemption, signals, I/O map);
 *   - a page fault at user_copy's one faulting instruction is a bad user
 *     pointer, not a kernel bug: resume at the fixup, which returns
 *     -EFAULT (usercopy.asm) - unless it is the stack's next page, which
 *     grows the stack (kernel/exec/stack_grow.c) and retries;
 *   - each timer tick drives the scheduler's time slices and sleepers.
 */
#include "arch/x86_64/trap.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/lockup.h"
#include "arch/x86_64/x86.h"
#include "kernel/exec/exec.h"
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
		/* A buffer in the part of the stack not grown yet: grow it
		 * and retry the copy, as the program's own access would. */
		if (!(tf->error_code & PF_ERROR_PRESENT) &&
		    exec_stack_grow(proc_current(), read_cr2()))
			return true;
		tf->rip = (uint64_t)user_copy_fixup;
		return true;
	}
	return false;
}

/* The interrupted code was halted (idle, or a selftest waiting for a
 * tick): RIP is just past a HLT (opcode 0xf4), which is no lockup. */
static bool was_halted(const struct trap_frame *tf)
{
	return *(const uint8_t *)(tf->rip - 1) == 0xf4;
}

void sched_tick(struct trap_frame *tf)
{
	bool in_kernel = (tf->cs & 3) == 0 && !was_halted(tf);
	/* Only CPU 0 takes the clock's interrupt, so only its gap between
	 * two ticks measures how long it had interrupts off. */
	uint64_t gap = arch_cpu_id() == 0 ? arch_last_tick_gap_ns() : 0;
	if (lockup_check(in_kernel, gap)) {
		if ((tf->cs & 3) == 0)
			backtrace_from(tf->rip, tf->rbp);
		else /* the kernel was done: a user backtrace says nothing */
			printk("  (the tick came in user mode at rip %lx)\n",
			       (unsigned long)tf->rip);
	}
	sched_timer_tick();
}
