/*
 * fpu.c - x87/SSE state: turned on for user programs, saved per process.
 *
 * gcc compiles ordinary user programs with SSE (it is part of the x86-64
 * baseline), so user space needs CR4.OSFXSR (SSE instructions allowed and
 * FXSAVE covers XMM) and CR4.OSXMMEXCPT (SIMD exceptions are #XM, not #UD),
 * with CR0.EM clear (no x87 emulation) and CR0.MP set.
 *
 * The kernel itself is compiled with -mno-sse -mno-80387, so it never
 * touches these registers: user FPU state stays intact across system calls
 * and interrupts, and only a context switch must save one process's state
 * (FXSAVE, 512 bytes) and restore the next one's (FXRSTOR).  We do it
 * eagerly on every switch: simple, and cheap next to the rest of a switch.
 * CR0.TS stays clear, so no #NM trap is ever taken.
 */
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/x86.h"
#include "kernel/lib/string.h"

/* The state of a freshly reset FPU (after FNINIT, MXCSR = 0x1f80: all SIMD
 * exceptions masked), captured once and given to every new process. */
static struct fpu_state initial_state;

void fpu_cpu_init(void)
{
	/* FXSR and SSE2 are architectural on x86-64: no CPUID check. */
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
	uint32_t mxcsr = 0x1f80;
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
}

void fpu_init(void)
{
	fpu_cpu_init();
	fpu_save(&initial_state);
}

void fpu_init_state(struct fpu_state *state)
{
	memcpy(state, &initial_state, sizeof(*state));
}

void fpu_save(struct fpu_state *state)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*state));
}

void fpu_restore(const struct fpu_state *state)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(*state));
}
