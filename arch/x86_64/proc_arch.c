/*
 * proc_arch.c - building, copying and switching the x86-64 state of a
 * process.  See proc_arch.h for where the user registers live.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/proc_arch.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"

/* RFLAGS of a process entering ring 3: IF set (interrupts on), IOPL 0,
 * bit 1 (always one). */
#define USER_RFLAGS (RFLAGS_IF | 0x2)

void switch_context(uint64_t *from_rsp, uint64_t to_rsp);
void return_to_user(void); /* syscall_entry.asm: pops a frame, to ring 3 */

struct trap_frame *arch_user_frame(struct proc *p)
{
	return (struct trap_frame *)((uint64_t)p->kstack_top -
				     sizeof(struct trap_frame));
}

/* A new process's first switch_context "returns" into proc_first_run with
 * RSP at the user frame.  It finishes the scheduler's bookkeeping for the
 * switch, does the return-to-user work (signals, I/O bitmap), and leaves
 * through return_to_user. */
static void __attribute__((noreturn)) proc_first_run(void)
{
	struct proc *p = proc_current();
	proc_return_to_user_work(arch_user_frame(p));
	__asm__ volatile("mov %0, %%rsp\n\tjmp return_to_user"
			 :
			 : "r"(arch_user_frame(p))
			 : "memory");
	__builtin_unreachable();
}

/* Lays out, below the user frame, what switch_context pops: six callee-
 * saved registers (zero) and the return address proc_first_run.  The extra
 * zero slot keeps RSP 16-byte aligned +8 at proc_first_run's entry, as
 * after a call. */
static void prepare_first_switch(struct proc *p)
{
	uint64_t *sp = (uint64_t *)arch_user_frame(p);
	*--sp = 0;			  /* alignment / fake return */
	*--sp = (uint64_t)proc_first_run; /* switch_context's ret */
	for (int i = 0; i < 6; i++)
		*--sp = 0; /* rbp rbx r12 r13 r14 r15 */
	p->arch.kernel_rsp = (uint64_t)sp;
}

/* A clean ring-3 register set: every register zero but RIP, RSP, the
 * user selectors and RFLAGS (IF on, IOPL 0). */
static void init_user_frame(struct proc *p, uint64_t entry, uint64_t user_rsp)
{
	struct trap_frame *tf = arch_user_frame(p);
	memset(tf, 0, sizeof(*tf));
	tf->rip = entry;
	tf->cs = SEL_USER_CODE;
	tf->rflags = USER_RFLAGS;
	tf->rsp = user_rsp;
	tf->ss = SEL_USER_DATA;
	tf->vector = SYSCALL_VECTOR;
	fpu_init_state(&p->arch.fpu);
}

void arch_proc_start_user(struct proc *p, uint64_t entry, uint64_t user_rsp)
{
	init_user_frame(p, entry, user_rsp);
	p->arch.fs_base = 0;
	prepare_first_switch(p);
}

void arch_proc_fork(struct proc *child, struct proc *parent)
{
	struct trap_frame *tf = arch_user_frame(child);
	memcpy(tf, arch_user_frame(parent), sizeof(*tf));
	tf->rax = 0; /* fork returns 0 in the child */
	/* The parent is running, so its live FPU registers are newer than its
	 * saved image: save them straight into the child. */
	fpu_save(&child->arch.fpu);
	child->arch.fs_base = parent->arch.fs_base;
	prepare_first_switch(child);
}

void arch_proc_exec(struct proc *p, uint64_t entry, uint64_t user_rsp)
{
	init_user_frame(p, entry, user_rsp);
	fpu_restore(&p->arch.fpu); /* p is running: reset the live registers */
	arch_set_fs_base(p, 0);
}

void arch_context_switch(struct proc *prev, struct proc *next)
{
	struct cpu *cpu = this_cpu();

	fpu_save(&prev->arch.fpu);
	fpu_restore(&next->arch.fpu);
	wrmsr(MSR_FS_BASE, next->arch.fs_base);
	/* Ring 3 -> ring 0 entries of next land on next's kernel stack:
	 * interrupts through TSS.rsp0, SYSCALL through cpu->kernel_stack_top.
	 * Invariant: both equal the running process's kstack_top. */
	tss_set_rsp0(cpu->tss, (uint64_t)next->kstack_top);
	cpu->kernel_stack_top = (uint64_t)next->kstack_top;
	vm_space_activate(next->vm);
	switch_context(&prev->arch.kernel_rsp, next->arch.kernel_rsp);
}

uint64_t arch_syscall_number(const struct trap_frame *tf)
{
	return tf->rax;
}

uint64_t arch_user_sp(const struct trap_frame *tf)
{
	return tf->rsp;
}

void arch_set_user_sp(struct trap_frame *tf, uint64_t sp)
{
	tf->rsp = sp;
}

uint64_t arch_syscall_arg(const struct trap_frame *tf, int index)
{
	switch (index) {
	case 0:
		return tf->rdi;
	case 1:
		return tf->rsi;
	case 2:
		return tf->rdx;
	case 3:
		return tf->r10; /* not rcx: SYSCALL overwrote it with RIP */
	case 4:
		return tf->r8;
	case 5:
		return tf->r9;
	default:
		return 0;
	}
}

void arch_syscall_set_result(struct trap_frame *tf, int64_t value)
{
	tf->rax = (uint64_t)value;
}

int arch_frame_from_user(const struct trap_frame *tf)
{
	return (tf->cs & 3) == 3;
}

void arch_set_fs_base(struct proc *p, uint64_t base)
{
	p->arch.fs_base = base;
	if (p == proc_current())
		wrmsr(MSR_FS_BASE, base);
}
