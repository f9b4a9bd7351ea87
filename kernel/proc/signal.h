/*
 * signal.h - Linux signals: numbers, actions and per-process state.
 *
 * Signals use Linux's numbers and semantics so the man pages apply.  A
 * signal is made pending (by kill(), or by a CPU exception in ring 3) and
 * is acted on at the next return to user mode: the default action (ignore,
 * or terminate with the signal in the wait status), or a handler run on the
 * user stack with Linux's rt_sigframe (arch/x86_64/signal_frame.c).
 */
#ifndef KERNEL_PROC_SIGNAL_H
#define KERNEL_PROC_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/uapi/signal_numbers.h"

#define SIG_DFL 0ull
#define SIG_IGN 1ull

/* sa_flags (Linux values) */
#define SA_SIGINFO   0x00000004u
#define SA_RESTORER  0x04000000u
#define SA_ONSTACK   0x08000000u
#define SA_RESTART   0x10000000u
#define SA_NODEFER   0x40000000u
#define SA_RESETHAND 0x80000000u
#define SA_SUPPORTED                                                       \
	(SA_SIGINFO | SA_RESTORER | SA_ONSTACK | SA_RESTART | SA_NODEFER | \
	 SA_RESETHAND)

/* si_code values (Linux) */
#define SI_USER	    0
#define SI_KERNEL   0x80
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define ILL_ILLOPN  2
#define FPE_INTDIV  1
#define FPE_FLTINV  7
#define BUS_ADRALN  1
#define TRAP_BRKPT  1
#define TRAP_TRACE  2
#define ILL_COPROC  7
#define FPE_FLTDIV  3
#define FPE_FLTOVF  4
#define FPE_FLTUND  5
#define FPE_FLTRES  6

/* rt_sigprocmask's how (Linux values) */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* The kernel's sigset_t is one 64-bit word; rt_sigaction and
 * rt_sigprocmask insist on being told so (their sigsetsize argument). */
#define SIGSET_SIZE 8

/* The kernel's struct sigaction, as rt_sigaction(2) passes it on Linux
 * x86-64: handler, flags, restorer, then an 8-byte mask. */
struct k_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

#define FAULT_DESC_MAX 160

/* What the CPU told us about a fault, for siginfo and the ucontext. */
struct fault_info {
	int signo;
	int code;
	uint64_t addr;	 /* si_addr: faulting address or instruction */
	uint64_t trapno; /* vector */
	uint64_t error;	 /* CPU error code */
	uint64_t cr2;
	/* The kill report's words for this fault, composed by the arch code
	 * when it happens (docs/kill-report.md), e.g. "#GP General
	 * Protection, error 0x0, at rip 0x401a2c: outb to port 0x3f8 denied".
	 * Always NUL-terminated. */
	char desc[FAULT_DESC_MAX];
};

struct proc_signals {
	struct k_sigaction action[NSIG + 1];
	uint64_t pending; /* bit (n-1) for signal n */
	uint64_t blocked;
	int sender_pid[NSIG + 1];      /* 0: sent by the kernel */
	uint32_t sender_uid[NSIG + 1]; /* real uid, for siginfo's si_uid */
	struct fault_info fault;       /* for the pending synchronous signal */
	bool fault_pending;
	/* rt_sigsuspend: the mask to put back once a handler has been set
	 * up (it goes into that handler's frame) or, if none was, once the
	 * pending signals have been acted on. */
	uint64_t saved_blocked;
	bool restore_blocked;
	/* sigaltstack: [altstack_sp, altstack_sp + altstack_size), or
	 * altstack_size == 0 for none.  SA_ONSTACK handlers run there. */
	uint64_t altstack_sp, altstack_size;
};

/* sigaltstack's ss_flags values (Linux). */
#define SS_ONSTACK 1
#define SS_DISABLE 2

/* True when the user stack pointer sp is inside the alternate stack (so a
 * signal arriving now must not start over at its top). */
static inline bool signal_on_altstack(const struct proc_signals *s, uint64_t sp)
{
	return s->altstack_size && sp > s->altstack_sp &&
	       sp - s->altstack_sp <= s->altstack_size;
}

static inline uint64_t sig_bit(int signo)
{
	return 1ull << (signo - 1);
}

struct proc;
struct trap_frame;

/* Makes signo pending for p (waking it if it sleeps).  sender_pid 0 means
 * the kernel itself sent it. */
void signal_send(struct proc *p, int signo, int sender_pid);
/* A CPU exception in ring 3 becomes a signal for the current process. */
void signal_from_fault(const struct fault_info *fi);
/* On the way back to ring 3: act on every deliverable signal (each
 * handler gets its own frame; the last one set up runs first). */
void signal_deliver_pending(struct trap_frame *tf);
/* True when p has a pending signal that is not blocked. */
bool signal_has_deliverable(const struct proc *p);
/* fork copies actions and mask; execve resets handled actions. */
void signal_fork(struct proc *child, const struct proc *parent);
void signal_exec(struct proc *p);

/* SIGKILL and SIGSTOP can be neither caught, blocked nor ignored. */
#define SIG_UNBLOCKABLE ((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)))

/* Kills the current process as signo's default action would, with reason
 * as the kill report's detail: for deaths that are not a plain delivery
 * (a signal frame that cannot be built or restored). */
void signal_fatal(int signo, const char *reason) __attribute__((noreturn));

/* True for the signals whose default action is to do nothing: SIGCHLD,
 * SIGURG, SIGWINCH, SIGCONT. */
bool signal_default_is_ignore(int signo);

/* "SIGSEGV" for a named signal; "SIG34" (written to buf) otherwise. */
#define SIGNAME_MAX 12
const char *signal_name(int signo, char buf[SIGNAME_MAX]);

#endif
