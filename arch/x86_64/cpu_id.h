/*
 * cpu_id.h - arch_cpu_id(), inline: the index of every per-CPU array
 * (CODING.md), read on every kernel entry many times over, so it is one
 * instruction rather than a call.  The GS base points at this CPU's
 * struct cpu (cpu.h), whose `id` field is at CPU_ID_OFFSET (asserted
 * there).  Included by kernel/arch.h: the one arch header it needs.
 */
#ifndef ARCH_X86_64_CPU_ID_H
#define ARCH_X86_64_CPU_ID_H

#define CPU_ID_OFFSET 24

static inline unsigned arch_cpu_id(void)
{
	unsigned id;
	__asm__ volatile("movl %%gs:%c1, %0" : "=r"(id) : "i"(CPU_ID_OFFSET));
	return id;
}

#endif
