/*
 * atomic.h - the x86 instructions that locks are made of.
 *
 * kernel/spinlock.c builds its locks from these, and kernel/io/iobitmap.c
 * takes its sequence numbers with one; neither writes an instruction
 * itself (CODING.md).  Why these are enough on x86-64:
 *
 *   - XCHG with memory is always locked: it swaps a register with memory
 *     as one indivisible read-modify-write, seen in one order by every CPU
 *     (SDM vol. 3, "Locked Atomic Operations").  A lock is taken by
 *     swapping 1 in and getting 0 back.  LOCK XADD likewise adds to
 *     memory and returns the old value (a count of waiters).
 *   - x86 keeps stores in program order and never moves a load before an
 *     earlier load or a store before an earlier load (SDM vol. 3, "Memory
 *     Ordering in P6 and More Recent Processor Families").  So releasing a
 *     lock is a plain store: every store made inside the critical section
 *     is visible before it.  Only the compiler must be kept from moving
 *     memory accesses across it ("memory" clobber).
 *   - PAUSE in a spin loop tells the CPU it is waiting: it saves power and
 *     avoids the memory-order mis-speculation penalty when the lock word
 *     finally changes (SDM vol. 2, PAUSE).
 */
#ifndef ARCH_X86_64_ATOMIC_H
#define ARCH_X86_64_ATOMIC_H

#include <stdint.h>

/* *p = v, atomically; returns the value before. */
static inline uint32_t arch_atomic_xchg32(volatile uint32_t *p, uint32_t v)
{
	__asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

/* *p += add, atomically (add may be -1u: a decrement). */
static inline void arch_atomic_add32(volatile uint32_t *p, uint32_t add)
{
	__asm__ volatile("lock xaddl %0, %1"
			 : "+r"(add), "+m"(*p)
			 :
			 : "memory");
}

/* *p += 1, atomically; returns the new value.  The I/O bitmap sequence
 * (kernel/io/iobitmap.c): two CPUs taking a value at once get distinct
 * ones, because LOCK XADD is one indivisible read-modify-write. */
static inline uint64_t arch_atomic_inc_return64(volatile uint64_t *p)
{
	uint64_t old = 1;
	__asm__ volatile("lock xaddq %0, %1"
			 : "+r"(old), "+m"(*p)
			 :
			 : "memory");
	return old + 1;
}

/* A load that the compiler may not move or merge (x86 loads are already
 * ordered with respect to each other). */
static inline uint32_t arch_atomic_load32(const volatile uint32_t *p)
{
	uint32_t v;
	__asm__ volatile("movl %1, %0" : "=r"(v) : "m"(*p) : "memory");
	return v;
}

/* A store with release semantics: every earlier access is visible first. */
static inline void arch_atomic_store_release32(volatile uint32_t *p, uint32_t v)
{
	__asm__ volatile("movl %1, %0" : "=m"(*p) : "r"(v) : "memory");
}

static inline void arch_cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

#endif
