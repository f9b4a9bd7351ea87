/*
 * signal.h - signals with Linux's numbers and Linux's kernel structures.
 *
 * These are the structures the kernel itself reads and writes, not glibc's
 * (glibc's sigset_t is 128 bytes; the kernel's is 8), so a program can hand
 * them straight to sys_rt_sigaction() and inspect a signal frame directly.
 */
#ifndef USER_SIGNAL_H
#define USER_SIGNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kernel/uapi/signal_numbers.h"

/* One bit per signal: bit (sig - 1). */
typedef uint64_t sigset_t;

static inline void sigemptyset(sigset_t *set)
{
	*set = 0;
}

static inline void sigaddset(sigset_t *set, int sig)
{
	*set |= 1ULL << (sig - 1);
}

static inline void sigdelset(sigset_t *set, int sig)
{
	*set &= ~(1ULL << (sig - 1));
}

static inline int sigismember(const sigset_t *set, int sig)
{
	return (*set >> (sig - 1)) & 1;
}

struct siginfo;

/* The third argument of an SA_SIGINFO handler points at a ucontext_t. */
typedef void (*sighandler_t)(int sig);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)

#define SA_SIGINFO   0x00000004 /* handler(sig, siginfo_t *, ucontext_t *) */
#define SA_RESTORER  0x04000000 /* sa_restorer is valid (always, on x86-64) */
#define SA_ONSTACK   0x08000000 /* run on the sigaltstack, if one is set */
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000 /* don't block sig while its handler runs */
#define SA_RESETHAND 0x80000000 /* back to SIG_DFL once delivered */

/* The kernel's struct sigaction (field order differs from glibc's!). */
struct sigaction {
	union {
		sighandler_t sa_handler;
		void (*sa_sigaction)(int sig, struct siginfo *info, void *uc);
	};
	unsigned long sa_flags;
	void (*sa_restorer)(void); /* where the handler "returns" to */
	sigset_t sa_mask;	   /* also blocked while the handler runs */
};

/* how for sys_rt_sigprocmask */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* si_code values */
#define SI_USER	    0	 /* sent by kill() */
#define SI_KERNEL   0x80 /* sent by the kernel (#GP, int3, ...) */
#define ILL_ILLOPN  2	 /* SIGILL: illegal operand (ud2) */
#define FPE_INTDIV  1	 /* SIGFPE: integer divide by zero */
#define SEGV_MAPERR 1	 /* SIGSEGV: nothing mapped there */
#define SEGV_ACCERR 2	 /* SIGSEGV: mapped, but not with that access */

/* 128 bytes, as on Linux.  The union starts at offset 16. */
typedef struct siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	int pad_;
	union {
		struct { /* kill() and SIGCHLD */
			pid_t si_pid;
			uid_t si_uid;
			int si_status;
		};
		struct { /* faults: SIGSEGV, SIGILL, SIGFPE, SIGBUS */
			void *si_addr;
		};
		char fields_[112];
	};
} siginfo_t;

typedef struct {
	void *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;

/* Indexes into mcontext_t.gregs: Linux's struct sigcontext order. */
enum {
	REG_R8,
	REG_R9,
	REG_R10,
	REG_R11,
	REG_R12,
	REG_R13,
	REG_R14,
	REG_R15,
	REG_RDI,
	REG_RSI,
	REG_RBP,
	REG_RBX,
	REG_RDX,
	REG_RAX,
	REG_RCX,
	REG_RSP,
	REG_RIP,     /* 16 */
	REG_EFL,     /* 17: RFLAGS */
	REG_CSGSFS,  /* 18: cs | gs << 16 | fs << 32 | ss << 48 */
	REG_ERR,     /* 19: the exception's error code */
	REG_TRAPNO,  /* 20: the exception vector (14 = page fault) */
	REG_OLDMASK, /* 21 */
	REG_CR2,     /* 22: the faulting address of a page fault */
	NGREG
};

typedef struct {
	uint64_t gregs[NGREG];
	void *fpregs; /* FXSAVE/XSAVE image, elsewhere in the frame */
	uint64_t reserved_[8];
} mcontext_t;

/* What the kernel saves on signal delivery and restores in rt_sigreturn. */
typedef struct ucontext {
	unsigned long uc_flags;
	struct ucontext *uc_link;
	stack_t uc_stack;
	mcontext_t uc_mcontext;
	sigset_t uc_sigmask; /* the mask to restore when the handler returns */
} ucontext_t;

/*
 * Raw call.  sigsetsize must be sizeof(sigset_t) (8), and on x86-64 act
 * must carry SA_RESTORER and a restorer, or the handler has nowhere to
 * return to; sigaction() below fills both in.
 */
long sys_rt_sigaction(int sig, const struct sigaction *act,
		      struct sigaction *oldact, size_t sigsetsize);
/* sigaltstack: ss_flags values, and the smallest stack it accepts. */
#define SS_ONSTACK  1
#define SS_DISABLE  2
#define MINSIGSTKSZ 2048
long sys_rt_sigsuspend(const sigset_t *mask, size_t sigsetsize);
long sys_sigaltstack(const stack_t *ss, stack_t *old_ss);
long sys_rt_sigprocmask(int how, const sigset_t *set, sigset_t *oldset,
			size_t sigsetsize);

/* The restorer (user/lib/sigreturn.asm): just the rt_sigreturn system
 * call.  Handlers return into it; never call it yourself. */
void pc_sigreturn(void);

/* Convenience forms, same -errno convention.  sigaction() supplies the
 * restorer when act does not name one. */
long sigaction(int sig, const struct sigaction *act, struct sigaction *oldact);
long sigprocmask(int how, const sigset_t *set, sigset_t *oldset);
long raise(int sig);

#endif
