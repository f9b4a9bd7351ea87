/*
 * spinlock.c - test-and-set spinlocks with owner checks (spinlock.h).
 *
 * The owner field costs one store per acquire and buys the two checks a
 * student needs most: taking a lock twice on one CPU (a deadlock that
 * would otherwise just hang) and releasing a lock another CPU holds (a
 * race that would otherwise corrupt something later).  Both panic at once,
 * naming the lock; the backtrace names the caller.
 *
 * The atomic instructions are arch/x86_64/atomic.h's: this file is the
 * only user of them.
 */
#include "kernel/spinlock.h"
#include "arch/x86_64/atomic.h"
#include "kernel/arch.h"
#include "kernel/console.h"

/* How long a CPU that held the lock last waits for a waiter to take it
 * (spinlock.h): about as long as a short critical section. */
#define HANDOFF_SPINS 4096

void spin_lock(struct spinlock *lock)
{
#if KDEBUG
	/* A call and a flags read on every kernel entry: debug builds only
	 * (make bench measures KDEBUG=0). */
	if (arch_irq_enabled())
		panic("lock \"%s\" taken with interrupts on", lock->name);
#endif
	int self = (int)arch_cpu_id();
	if (lock->owner_cpu == self)
		panic("CPU %d takes lock \"%s\", which it already holds", self,
		      lock->name);
	if (lock->waiters && lock->last_owner == self)
		for (int i = 0; i < HANDOFF_SPINS && lock->last_owner == self;
		     i++)
			arch_cpu_relax(); /* a waiter's turn first */
	arch_atomic_add32(&lock->waiters, 1);
	while (arch_atomic_xchg32(&lock->locked, 1))
		while (arch_atomic_load32(&lock->locked))
			arch_cpu_relax();
	arch_atomic_add32(&lock->waiters, (uint32_t)-1);
	lock->owner_cpu = self;
	lock->last_owner = self;
}

void spin_unlock(struct spinlock *lock)
{
	int self = (int)arch_cpu_id();
	if (lock->owner_cpu != self)
		panic("CPU %d releases lock \"%s\", held by CPU %d", self,
		      lock->name, lock->owner_cpu);
	lock->owner_cpu = -1;
	arch_atomic_store_release32(&lock->locked, 0);
}

bool spin_held_here(const struct spinlock *lock)
{
	return lock->owner_cpu == (int)arch_cpu_id();
}

bool spin_lock_irqsave(struct spinlock *lock)
{
	bool on = arch_irq_enabled();
	arch_irq_disable();
	spin_lock(lock);
	return on;
}

void spin_unlock_irqrestore(struct spinlock *lock, bool irqs_were_on)
{
	spin_unlock(lock);
	if (irqs_were_on)
		arch_irq_enable();
}

void spin_force_take(struct spinlock *lock)
{
	/* Held by us now, whoever had it. */
	arch_atomic_xchg32(&lock->locked, 1);
	lock->owner_cpu = (int)arch_cpu_id();
	lock->last_owner = lock->owner_cpu;
}
