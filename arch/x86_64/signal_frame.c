/*
 * signal_frame.c - running a signal handler in ring 3, and coming back.
 *
 * Delivering a signal to a handler is a change of the user registers, not
 * a call: the kernel saves the interrupted registers (the trap frame at
 * the top of the kernel stack) and FPU state into an rt_sigframe on the
 * user stack, then rewrites the trap frame so that the return to ring 3
 * lands on the handler's first instruction, with
 *
 *   rdi = signal number, rsi = &frame->info, rdx = &frame->uc
 *
 * (the three arguments of an SA_SIGINFO handler; a plain handler ignores
 * the last two) and [rsp] = the restorer.  See signal_frame.h for the
 * layout.
 *
 * rt_sigreturn undoes it, and is the dangerous half: the frame is user
 * memory, so the handler (or an attacker) may have changed anything in it.
 * We take the general registers and RIP as they are (they are the user's
 * to choose anyway), but never the segment selectors, never privileged
 * RFLAGS bits, and never MXCSR bits the CPU would reject: any of those
 * would let ring 3 raise its privilege or make the kernel fault on the way
 * out.  RIP is the one value the CPU may still refuse: a non-canonical
 * one would make the kernel's own IRETQ fault, so we turn it into the
 * SIGSEGV the process has earned before getting that far.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/signal_frame.h"
#include "arch/x86_64/trap.h"
#include "kernel/format.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/uaccess.h"

static void fill_sigcontext(struct user_sigcontext *sc,
			    const struct trap_frame *tf,
			    const struct fault_info *fi, uint64_t old_blocked,
			    uint64_t fpu_user_addr)
{
	sc->r8 = tf->r8;
	sc->r9 = tf->r9;
	sc->r10 = tf->r10;
	sc->r11 = tf->r11;
	sc->r12 = tf->r12;
	sc->r13 = tf->r13;
	sc->r14 = tf->r14;
	sc->r15 = tf->r15;
	sc->rdi = tf->rdi;
	sc->rsi = tf->rsi;
	sc->rbp = tf->rbp;
	sc->rbx = tf->rbx;
	sc->rdx = tf->rdx;
	sc->rax = tf->rax;
	sc->rcx = tf->rcx;
	sc->rsp = tf->rsp;
	sc->rip = tf->rip;
	sc->rflags = tf->rflags;
	/* FS and GS selectors are always 0 in 64-bit user code here (TLS
	 * goes through the FS base MSR, not a descriptor). */
	sc->csgsfs = (tf->cs & 0xffff) | ((tf->ss & 0xffff) << 48);
	if (fi) {
		sc->err = fi->error;
		sc->trapno = fi->trapno;
		sc->cr2 = fi->cr2;
	}
	sc->oldmask = old_blocked;
	sc->fpstate = fpu_user_addr;
}

static void fill_siginfo(struct user_siginfo *info, int signo,
			 const struct fault_info *fi, int sender_pid,
			 uint32_t sender_uid)
{
	info->si_signo = signo;
	if (fi) {
		info->si_code = fi->code;
		info->u.fault.addr = fi->addr;
	} else {
		/* kill() from a process is SI_USER; a signal the kernel
		 * raised on its own is SI_KERNEL (see signal_send). */
		info->si_code = sender_pid > 0 ? SI_USER : SI_KERNEL;
		info->u.kill.pid = sender_pid;
		info->u.kill.uid = sender_uid;
	}
}

static void __attribute__((noreturn))
no_frame(int signo, const char *why, uint64_t where)
{
	char name[SIGNAME_MAX], reason[FAULT_DESC_MAX];

	ksnprintf(reason, sizeof(reason),
		  "could not build signal frame for %s: %s 0x%lx",
		  signal_name(signo, name), why, (unsigned long)where);
	signal_fatal(SIGSEGV, reason);
}

void arch_signal_setup_frame(struct trap_frame *tf, int signo,
			     const struct k_sigaction *act,
			     const struct fault_info *fi_or_null,
			     int sender_pid, uint32_t sender_uid,
			     uint64_t old_blocked)
{
	/* About 1 KiB of the 16 KiB kernel stack, at a shallow depth
	 * (the return-to-user path). */
	struct fpu_state fpu;
	struct rt_sigframe frame;

	/* On x86-64 the kernel does not put return code on the stack (the
	 * stack may not be executable): a handler can only return through
	 * the restorer the C library registered with SA_RESTORER. */
	if (!(act->flags & SA_RESTORER))
		no_frame(signo, "no SA_RESTORER for the handler at",
			 act->handler);
	/* IRETQ to it would fault in ring 0 (see noncanonical_rip). */
	if (!is_canonical(act->handler))
		no_frame(signo, "handler at non-canonical address",
			 act->handler);

	/* SA_ONSTACK: start at the top of the alternate stack, unless we are
	 * on it already (a signal inside such a handler nests below). */
	const struct proc_signals *s = &proc_current()->sig;
	bool on_alt = signal_on_altstack(s, tf->rsp);
	uint64_t sp = tf->rsp;
	if ((act->flags & SA_ONSTACK) && s->altstack_size && !on_alt)
		sp = s->altstack_sp + s->altstack_size;
	struct signal_frame_place at = signal_frame_place(sp);

	/* Zero first: FXSAVE leaves bytes 464-511 alone, and stale kernel
	 * data must never reach user memory. */
	memset(&fpu, 0, sizeof(fpu));
	fpu_save(&fpu);

	memset(&frame, 0, sizeof(frame));
	frame.pretcode = act->restorer;
	frame.uc.uc_flags = 0; /* no UC_FP_XSTATE: fpstate is plain FXSAVE */
	frame.uc.uc_link = 0;
	frame.uc.uc_stack.ss_sp = s->altstack_sp;
	frame.uc.uc_stack.ss_size = s->altstack_size;
	frame.uc.uc_stack.ss_flags = !s->altstack_size ? SS_DISABLE
				     : on_alt	       ? SS_ONSTACK
						       : 0;
	fill_sigcontext(&frame.uc.uc_mcontext, tf, fi_or_null, old_blocked,
			at.fpu);
	frame.uc.uc_sigmask = old_blocked;
	fill_siginfo(&frame.info, signo, fi_or_null, sender_pid, sender_uid);

	if (copy_to_user(at.fpu, &fpu, sizeof(fpu)) ||
	    copy_to_user(at.frame, &frame, sizeof(frame)))
		no_frame(signo, "stack not writable below rsp", sp);

	tf->rip = act->handler;
	tf->rsp = at.frame;
	tf->rdi = (uint64_t)signo;
	tf->rsi = at.frame + offsetof(struct rt_sigframe, info);
	tf->rdx = at.frame + offsetof(struct rt_sigframe, uc);
	/* For handlers declared without a prototype that read rax as a
	 * varargs count, as Linux does. */
	tf->rax = 0;
	tf->cs = SEL_USER_CODE;
	tf->ss = SEL_USER_DATA;
	tf->rflags = signal_handler_rflags(tf->rflags);

	/* The handler starts with a clean FPU (default MXCSR, empty x87
	 * stack), whatever the interrupted code left there; rt_sigreturn
	 * brings the saved state back. */
	fpu_init_state(&fpu);
	fpu_restore(&fpu);
}

static void restore_registers(struct trap_frame *tf,
			      const struct user_sigcontext *sc)
{
	tf->r8 = sc->r8;
	tf->r9 = sc->r9;
	tf->r10 = sc->r10;
	tf->r11 = sc->r11;
	tf->r12 = sc->r12;
	tf->r13 = sc->r13;
	tf->r14 = sc->r14;
	tf->r15 = sc->r15;
	tf->rdi = sc->rdi;
	tf->rsi = sc->rsi;
	tf->rbp = sc->rbp;
	tf->rbx = sc->rbx;
	tf->rdx = sc->rdx;
	tf->rax = sc->rax;
	tf->rcx = sc->rcx;
	tf->rsp = sc->rsp;
	tf->rip = sc->rip;
	/* Never from the frame: a selector with RPL 0, or a kernel
	 * descriptor, would hand ring 0 to the process. */
	tf->cs = SEL_USER_CODE;
	tf->ss = SEL_USER_DATA;
	tf->rflags = sigreturn_rflags(sc->rflags);
}

/* The MXCSR_MASK of this CPU, as FXSAVE reports it. */
static uint32_t cpu_mxcsr_mask(struct fpu_state *scratch)
{
	uint32_t mask;

	fpu_save(scratch);
	memcpy(&mask, scratch->bytes + FXSAVE_MXCSR_MASK_OFFSET, sizeof(mask));
	return mask;
}

static void __attribute__((noreturn)) bad_frame(uint64_t rsp, const char *why)
{
	char reason[96];

	ksnprintf(reason, sizeof(reason),
		  "bad signal frame at rsp 0x%lx in rt_sigreturn (%s)",
		  (unsigned long)rsp, why);
	signal_fatal(SIGSEGV, reason);
}

/*
 * The frame may hold a RIP that is not canonical (bits 63-47 not all
 * equal).  IRETQ would refuse it with a #GP raised in ring 0, on the
 * kernel's own IRETQ.  That is the process's doing, so it gets what the
 * CPU would give it in ring 3: SIGSEGV for a #GP at that RIP.  (A
 * canonical kernel-half RIP needs nothing: IRETQ returns to ring 3 and
 * the fetch there page-faults.)
 */
static void noncanonical_rip(const struct trap_frame *tf)
{
	struct fault_info fi;

	memset(&fi, 0, sizeof(fi));
	fi.signo = SIGSEGV;
	fi.code = SI_KERNEL;
	fi.trapno = VEC_GP;
	ksnprintf(
	    fi.desc, sizeof(fi.desc),
	    "%s %s, error 0x0, at rip 0x%lx: return to a non-canonical address",
	    trap_mnemonic(VEC_GP), trap_name(VEC_GP), (unsigned long)tf->rip);
	signal_from_fault(&fi);
}

long arch_signal_return(struct trap_frame *tf)
{
	struct fpu_state fpu;
	struct user_ucontext uc;
	uint32_t mxcsr;

	/* The handler's `ret` popped pretcode, so the ucontext starts right
	 * at the stack pointer the restorer entered rt_sigreturn with. */
	if (copy_from_user(&uc, tf->rsp, sizeof(uc)))
		bad_frame(tf->rsp, "ucontext unreadable");

	uint64_t fpstate = uc.uc_mcontext.fpstate;
	if (fpstate) {
		uint32_t mask = cpu_mxcsr_mask(&fpu);
		if (copy_from_user(&fpu, fpstate, sizeof(fpu)))
			bad_frame(tf->rsp, "FPU state unreadable");
		memcpy(&mxcsr, fpu.bytes + FXSAVE_MXCSR_OFFSET, sizeof(mxcsr));
		mxcsr = sigreturn_mxcsr(mxcsr, mask);
		memcpy(fpu.bytes + FXSAVE_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
	} else {
		/* Linux's meaning of a NULL fpstate: reset the FPU. */
		fpu_init_state(&fpu);
	}

	/* Nothing can fail from here on, so the process never resumes with
	 * half a frame. */
	restore_registers(tf, &uc.uc_mcontext);
	fpu_restore(&fpu);
	proc_current()->sig.blocked = uc.uc_sigmask & ~SIG_UNBLOCKABLE;

	/* After the mask: the SIGSEGV must not be blocked by it. */
	if (!is_canonical(tf->rip))
		noncanonical_rip(tf);
	return (long)tf->rax;
}
