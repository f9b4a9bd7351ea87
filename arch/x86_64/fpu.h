/*
 * fpu.h - per-process x87/SSE register state (see fpu.c for the policy).
 */
#ifndef ARCH_X86_64_FPU_H
#define ARCH_X86_64_FPU_H

#include <stdint.h>

/* The FXSAVE image: 512 bytes, 16-byte aligned (SDM vol. 1, "FXSAVE"). */
struct fpu_state {
	uint8_t bytes[512];
} __attribute__((aligned(16)));

/* This CPU's FPU/SSE set-up (CR0, CR4, FNINIT, MXCSR): every CPU. */
void fpu_cpu_init(void);
/* The boot CPU: fpu_cpu_init, then the initial state for new processes. */
void fpu_init(void);
void fpu_init_state(struct fpu_state *state);
void fpu_save(struct fpu_state *state);
void fpu_restore(const struct fpu_state *state);

#endif
