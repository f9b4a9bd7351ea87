/*
 * proc_arch.h - the x86-64 part of a process, and the arch operations the
 * arch-neutral process code (kernel/proc/) needs.
 *
 * A process's user registers live in one struct trap_frame at the very top
 * of its kernel stack: every entry from ring 3 (SYSCALL, interrupt,
 * exception) pushes it there, and every return to ring 3 pops it.  So
 * "the user's registers" of a process are always at kstack_top - TF_SIZE,
 * which is what fork copies, execve rewrites and signals save and restore.
 */
#ifndef ARCH_X86_64_PROC_ARCH_H
#define ARCH_X86_64_PROC_ARCH_H

#include <stdint.h>

#include "arch/x86_64/fpu.h"

/* The vector number recorded in frames built by SYSCALL (not a hardware
 * vector).  Keep in step with trap_frame.inc. */
#define SYSCALL_VECTOR 256

struct trap_frame;
struct proc;

struct arch_proc {
	struct fpu_state fpu; /* saved at switch-out, restored at switch-in */
	uint64_t kernel_rsp;  /* saved by switch_context while not running */
	uint64_t fs_base;     /* arch_prctl(ARCH_SET_FS): the TLS pointer */
};

/* The user register frame of p (top of its kernel stack). */
struct trap_frame *arch_user_frame(struct proc *p);

/* Prepares p's kernel stack so that its first switch-in enters ring 3 at
 * entry with the given stack pointer and all other registers zero. */
void arch_proc_start_user(struct proc *p, uint64_t entry, uint64_t user_rsp);

/* Prepares child's kernel stack as a copy of parent's user frame that
 * returns 0 from fork (rax = 0); FPU state and FS base are copied. */
void arch_proc_fork(struct proc *child, struct proc *parent);

/* Rewrites p's user frame for execve: fresh registers, new RIP/RSP, FPU
 * reset, FS base 0. */
void arch_proc_exec(struct proc *p, uint64_t entry, uint64_t user_rsp);

/* Switches CPU state from prev to next: FPU, FS base, TSS rsp0, the
 * syscall stack, CR3, then the kernel stacks (switch_context).  Returns
 * when prev is switched back in. */
void arch_context_switch(struct proc *prev, struct proc *next);

/* System call arguments and result in a frame (Linux register order). */
uint64_t arch_syscall_number(const struct trap_frame *tf);
uint64_t arch_syscall_arg(const struct trap_frame *tf, int index);
void arch_syscall_set_result(struct trap_frame *tf, int64_t value);
/* The user stack pointer saved in the frame (sigaltstack asks whether it
 * points into the alternate stack). */
uint64_t arch_user_sp(const struct trap_frame *tf);
/* Sets it (clone's new stack for the child). */
void arch_set_user_sp(struct trap_frame *tf, uint64_t sp);

/* True when the frame was taken in ring 3. */
int arch_frame_from_user(const struct trap_frame *tf);

/* MSR set-up for SYSCALL/SYSRET, SMEP/SMAP, FPU; once per CPU. */
void arch_user_mode_init(void);

/* The FS base of the running process, for arch_prctl. */
void arch_set_fs_base(struct proc *p, uint64_t base);

#endif
