/*
 * kernel_lock.c - the big kernel lock (kernel_lock.h has the design).
 *
 * Taking it is also when a CPU catches up with kernel-half unmappings made
 * by the others (arch_tlb_catch_up: docs/smp.md, "TLB"): every access to a
 * kernel address that may have been unmapped happens with the lock held,
 * and every such unmapping happens with the lock held by another CPU, so
 * a CPU that checks on each acquire never uses a stale translation.
 */
#include "kernel/kernel_lock.h"
#include "kernel/arch.h"
#include "kernel/spinlock.h"

static struct spinlock kernel_lock = SPINLOCK_INIT("kernel");

void kernel_lock_enter(void)
{
	spin_lock(&kernel_lock);
	arch_tlb_catch_up();
}

void kernel_lock_leave(void)
{
	spin_unlock(&kernel_lock);
}

bool kernel_lock_held_here(void)
{
	return spin_held_here(&kernel_lock);
}
