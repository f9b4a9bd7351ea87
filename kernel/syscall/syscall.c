/*
 * syscall.c - from the SYSCALL instruction to a handler and back.
 *
 * arch/x86_64/syscall_entry.asm saves the user registers in a trap frame
 * and calls syscall_dispatch(frame).  We look the number up, call the
 * handler with the six argument registers, store the result in the frame's
 * rax, and do the return-to-user work (preemption, signals, the I/O
 * bitmap) before the entry code restores the registers.  The kernel lock
 * is taken first (kernel/kernel_lock.h) and released by that work.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/errno.h"
#include "kernel/kernel_lock.h"
#include "kernel/lockup.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/syscall/syscall_table.h"
#include "kernel/uapi/portcullis.h"

static const syscall_fn table[] = {SYSCALL_TABLE};

/* The entry code built the frame at the top of the caller's kernel
 * stack, where every user frame of a process is. */
struct trap_frame *syscall_frame(void)
{
	return arch_user_frame(proc_current());
}

void syscall_dispatch(struct trap_frame *tf)
{
	uint64_t nr = arch_syscall_number(tf);
	long result = -ENOSYS;

	kernel_lock_enter();
	struct proc *self = proc_current();
	self->syscall_nr = (long)nr;
	lockup_touch();
	preempt_call_begin();
	if (nr < sizeof(table) / sizeof(table[0]) && table[nr])
		result =
		    table[nr](arch_syscall_arg(tf, 0), arch_syscall_arg(tf, 1),
			      arch_syscall_arg(tf, 2), arch_syscall_arg(tf, 3),
			      arch_syscall_arg(tf, 4), arch_syscall_arg(tf, 5));
	/* rt_sigreturn and execve rewrite the whole frame: their "result" is
	 * the restored rax, so storing it is harmless. */
	lockup_syscall_done((long)nr);
	proc_current()->syscall_nr = -1;
	arch_syscall_set_result(tf, result);
	proc_return_to_user_work(tf);
}
