/*
 * spinlock.h - the kernel's one kind of lock: a test-and-set spinlock
 * that knows which CPU holds it.
 *
 * A CPU takes the lock by atomically swapping 1 into its word and getting
 * 0 back; while it gets 1, it spins reading the word (not swapping, which
 * would keep pulling the cache line away from the holder) until it reads
 * 0, then tries again.  Unlocking stores 0.
 *
 * Why not a ticket lock, which serves CPUs in the order they asked: under
 * QEMU each virtual CPU is a host thread, and there are often more of
 * them than host cores.  A ticket lock hands the lock to the next waiter
 * even when the host is not running that waiter's thread, and every other
 * CPU then waits for the host to schedule it (lock-waiter preemption):
 * 4 CPUs on 2 cores slowed to a crawl.  Test-and-set gives the lock to
 * whichever waiter runs.
 *
 * But plain test-and-set lets one CPU hog the lock: a CPU that releases
 * it and takes it again a few instructions later (a preemption point, a
 * process making system calls in a loop) nearly always wins against CPUs
 * that must first see the release, and they can wait for seconds with
 * interrupts off (the tick stops with them).  So the lock counts its
 * waiters and remembers its last owner: a CPU that wants the lock back
 * while others wait first lets one of them take it, waiting until
 * another CPU has, or for HANDOFF_SPINS turns at most (the waiter's host
 * thread may not be running: then the lock is not left unused for long).
 *
 * Rules (CODING.md, "Locks"):
 *   - Interrupts are off while a spinlock is held.  The kernel runs with
 *     interrupts off anyway (kernel_lock.h); spin_lock() panics if they are
 *     on, because an interrupt handler taking the same lock on this CPU
 *     would spin forever on a lock its own CPU holds.
 *   - Never take a lock this CPU already holds, and only the CPU that
 *     holds a lock releases it: both panic, naming the lock.
 *   - Locks are taken in the documented order (CODING.md): the kernel lock,
 *     then the console lock.
 *
 * The owner is a CPU, not a process: the kernel lock is held across a
 * context switch and passed on to the next process on the same CPU
 * (kernel_lock.h says why).
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	volatile uint32_t locked;  /* 1 while held */
	volatile uint32_t waiters; /* CPUs spinning for it */
	volatile int owner_cpu;	   /* -1 when free */
	volatile int last_owner;   /* who held it last (-1: nobody yet) */
	const char *name;	   /* for the panics and the monitor */
};

#define SPINLOCK_INIT(lock_name)          \
	{                                 \
		0, 0, -1, -1, (lock_name) \
	}

/* Takes the lock, spinning until it is free.  Interrupts must be off. */
void spin_lock(struct spinlock *lock);
void spin_unlock(struct spinlock *lock);
/* True when the calling CPU holds the lock. */
bool spin_held_here(const struct spinlock *lock);
/* For a lock that may be taken with interrupts on: turns them off first
 * and returns whether they were on, for spin_unlock_irqrestore. */
bool spin_lock_irqsave(struct spinlock *lock);
void spin_unlock_irqrestore(struct spinlock *lock, bool irqs_were_on);
/* After a panic: the lock is taken over from whoever holds it (that CPU
 * may never let go), so the dying kernel can still print. */
void spin_force_take(struct spinlock *lock);

#endif
