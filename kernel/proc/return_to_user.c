/*
 * return_to_user.c - the last kernel code a process runs before ring 3.
 *
 * Every return to user mode (after a system call, an interrupt or
 * exception taken in ring 3, and a new process's first run) passes here
 * with the user frame about to be restored.  The order matters:
 *   1. preemption: if the timer said the slice is over, let the next
 *      process run; we continue here when we are switched back in;
 *   2. exited orphans are freed (their stacks are idle now that we run);
 *   3. signals: a pending signal either kills us (never returns) or
 *      rewrites the frame to enter a handler;
 *   4. the I/O bitmap: after it, nothing may switch away before the
 *      user instruction runs, or another process's map could be loaded
 *      under us.  (Interrupts stay disabled until SYSRET/IRETQ.)
 *   5. the kernel lock goes (kernel/kernel_lock.h): what is left until
 *      ring 3 touches only this process's frame on its own kernel stack
 *      and this CPU's TSS, which no other CPU writes.
 */
#include "kernel/io/iobitmap.h"
#include "kernel/kernel_lock.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"

void proc_return_to_user_work(struct trap_frame *tf)
{
	if (sched_need_resched())
		sched_yield();
	if (proc_orphans_waiting())
		proc_reap_orphans();
	signal_deliver_pending(tf);
	iobitmap_return_to_user(proc_current());
	kernel_lock_leave();
}
