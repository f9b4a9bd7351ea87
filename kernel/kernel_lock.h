/*
 * kernel_lock.h - the big kernel lock: one CPU at a time runs kernel code.
 *
 * The design (docs/smp.md, "Locking"): every way into the kernel takes
 * this one lock and every way out releases it, so all kernel data - the
 * process table, the run queues, the heap, the frame allocator, files,
 * pipes, the I/O bitmaps - is touched by one CPU at a time, exactly as on
 * one CPU.  User code runs on all CPUs at once; kernel code takes turns.
 *
 *   taken     at a system call (syscall_dispatch), at an interrupt or
 *             exception from ring 3 (trap_dispatch), at an interrupt that
 *             wakes the idle loop's HLT, by a CPU entering its idle loop;
 *   released  as the last step of the return to ring 3
 *             (proc_return_to_user_work), around the idle loop's HLT,
 *             and for one interrupt window at each preemption point
 *             (preempt.c), so a long system call lets the others in.
 *
 * Held across a context switch.  sched_switch runs with the lock held and
 * switch_context moves this CPU from the old process's kernel stack to the
 * new one's; the new process continues with the lock the old one took,
 * and releases it on its own way out.  The lock belongs to the CPU, not to
 * a process, which is why this is correct: while it is held, no other CPU
 * can pick up the process being switched out while its registers are
 * still being saved on its stack, nor free the stack of a process that
 * just exited and is still running on it.
 *
 * An interrupt handler that finds this CPU already holding the lock (it
 * came in through a preemption point's window) does not take it again.
 *
 * Lock order: the kernel lock, then the console lock (console.c); no
 * other spinlock exists.
 */
#ifndef KERNEL_KERNEL_LOCK_H
#define KERNEL_KERNEL_LOCK_H

#include <stdbool.h>

void kernel_lock_enter(void);
void kernel_lock_leave(void);
bool kernel_lock_held_here(void);

#endif
