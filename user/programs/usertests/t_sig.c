/*
 * t_sig.c - signal delivery: faults, the signal frame, masks and the
 * SA_RESETHAND / SA_NODEFER flags.
 */
#include <string.h>

#include "ut.h"

int test_sig_segv(void)
{
	catch_faults(SIGSEGV);
	try_write32(NULL);
	CHECK(fault.count == 1, "NULL write did not fault");
	CHECK_EQ(fault.signo, SIGSEGV);
	CHECK_EQ(fault.code, SEGV_MAPERR);
	CHECK_EQ(fault.addr, 0);
	CHECK_EQ(fault.cr2, 0);
	CHECK_EQ(fault.trapno, 14);
	CHECK_EQ(fault.err, 0x6); /* user-mode write to a non-present page */
	CHECK_EQ(fault.rip, fault_rip());

	/* Again: sigreturn must have unblocked SIGSEGV. */
	try_write32((void *)64);
	CHECK(fault.count == 2, "second fault not caught");
	CHECK_EQ(fault.addr, 64);
	return T_OK;
}

int test_sig_ill(void)
{
	catch_faults(SIGILL);
	try_ud2();
	CHECK(fault.count == 1, "ud2 did not fault");
	CHECK_EQ(fault.signo, SIGILL);
	CHECK_EQ(fault.code, ILL_ILLOPN);
	CHECK_EQ(fault.addr, fault_rip());
	CHECK_EQ(fault.rip, fault_rip());
	CHECK_EQ(fault.trapno, 6);
	return T_OK;
}

int test_sig_fpe(void)
{
	catch_faults(SIGFPE);
	try_div0();
	CHECK(fault.count == 1, "divide by zero did not fault");
	CHECK_EQ(fault.signo, SIGFPE);
	CHECK_EQ(fault.code, FPE_INTDIV);
	CHECK_EQ(fault.addr, fault_rip());
	CHECK_EQ(fault.rip, fault_rip());
	CHECK_EQ(fault.trapno, 0);
	return T_OK;
}

/* int3 is a trap, not a fault: the saved RIP is already past it. */
int test_sig_trap(void)
{
	catch_faults(SIGTRAP);
	try_int3();
	CHECK(fault.count == 1, "int3 did not trap");
	CHECK_EQ(fault.signo, SIGTRAP);
	CHECK_EQ(fault.code, SI_KERNEL);
	CHECK_EQ(fault.rip, fault_resume_rip());
	CHECK_EQ(fault.trapno, 3);
	return T_OK;
}

static int fault_without_handler(long kind)
{
	switch (kind) {
	case 0:
		try_write32(NULL);
		break;
	case 1:
		try_ud2();
		break;
	case 2:
		try_div0();
		break;
	case 3:
		try_int3();
		break;
	case 4:
		try_cli();
		break;
	}
	return 100; /* survived: wrong */
}

/* With no handler, each fault kills just the faulting process. */
int test_fault_kills(void)
{
	static const int expect[] = {SIGSEGV, SIGILL, SIGFPE, SIGTRAP, SIGSEGV};
	static const char *what[] = {"NULL write", "ud2", "divide by zero",
				     "int3", "cli"};

	for (long kind = 0; kind < 5; kind++) {
		long status = reap(spawn(fault_without_handler, kind));

		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == expect[kind],
		      "%s: child %s, expected signal %d", what[kind],
		      describe_status(status), expect[kind]);
	}
	return T_OK;
}

/* ---- the signal frame ---------------------------------------------- */

/*
 * frame_probe_entry is the handler; it notes rsp before C code can move
 * it.  redzone_probe(pid, misalign) fills the 128-byte red zone below its
 * rsp and xmm0 with known values, sends itself SIGUSR1 with an inline
 * syscall (a call would itself write below rsp), then counts what changed:
 * bit 0 red zone, bit 1 xmm0.  The handler clears xmm0 on purpose.
 */
void frame_probe_entry(int sig, siginfo_t *info, void *uc);
void frame_probe_handler(int sig, siginfo_t *info, void *uc);
long redzone_probe(long pid, long misalign);
uint64_t probe_entry_rsp;

/* push/popsection: the compiler must find itself in the section it left. */
__asm__(".pushsection .text\n"
	"frame_probe_entry:\n"
	"	movq %rsp, probe_entry_rsp(%rip)\n"
	"	xorps %xmm0, %xmm0\n"
	"	jmp frame_probe_handler\n"
	"redzone_probe:\n"
	"	subq %rsi, %rsp\n"
	"	movq %rsi, %r8\n"
	"	movq $-128, %rcx\n"
	"1:	movq %rcx, (%rsp,%rcx)\n"
	"	addq $8, %rcx\n"
	"	jnz 1b\n"
	"	movq $0x5a5aa5a5c3c33c3c, %rax\n"
	"	movq %rax, %xmm0\n"
	"	movl $10, %esi\n" /* SIGUSR1; rdi is already the pid */
	"	movl $62, %eax\n" /* SYS_kill */
	"	syscall\n"
	"	xorl %eax, %eax\n"
	"	movq $-128, %rcx\n"
	"2:	cmpq %rcx, (%rsp,%rcx)\n"
	"	je 3f\n"
	"	orl $1, %eax\n"
	"3:	addq $8, %rcx\n"
	"	jnz 2b\n"
	"	movq %xmm0, %rdx\n"
	"	movq $0x5a5aa5a5c3c33c3c, %rcx\n"
	"	cmpq %rcx, %rdx\n"
	"	je 4f\n"
	"	orl $2, %eax\n"
	"4:	addq %r8, %rsp\n"
	"	ret\n"
	".popsection\n");

static struct {
	int calls;
	uint64_t entry_rsp, return_addr, saved_rax;
	sigset_t mask_inside, uc_mask;
	int signo, code;
	pid_t pid;
} probe;

void frame_probe_handler(int sig, siginfo_t *info, void *ucp)
{
	ucontext_t *uc = ucp;

	probe.calls++;
	probe.entry_rsp = probe_entry_rsp;
	probe.return_addr = *(uint64_t *)probe_entry_rsp;
	probe.saved_rax = uc->uc_mcontext.gregs[REG_RAX];
	probe.uc_mask = uc->uc_sigmask;
	probe.signo = sig == info->si_signo ? sig : -1;
	probe.code = info->si_code;
	probe.pid = info->si_pid;
	sigprocmask(SIG_BLOCK, NULL, &probe.mask_inside);
}

int test_sigframe(void)
{
	long pid = sys_getpid();
	sigset_t before = 0, inside = 0, after;
	struct sigaction sa = {.sa_sigaction = frame_probe_entry,
			       .sa_flags = SA_SIGINFO};

	sigaddset(&before, SIGUSR2);
	sigaddset(&sa.sa_mask, SIGTERM);
	CHECK_EQ(sigprocmask(SIG_SETMASK, &before, NULL), 0);
	CHECK_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
	inside = before;
	sigaddset(&inside, SIGUSR1);
	sigaddset(&inside, SIGTERM);

	/* Once with rsp 16-byte aligned at the syscall, once not. */
	for (long misalign = 0; misalign <= 8; misalign += 8) {
		long damage = redzone_probe(pid, misalign);

		CHECK(probe.calls == 1 + misalign / 8, "handler not called");
		CHECK(!(damage & 1),
		      "red zone below rsp overwritten (misalign"
		      " %ld)",
		      misalign);
		CHECK(!(damage & 2), "xmm0 not restored after the handler");
		CHECK(probe.entry_rsp % 16 == 8,
		      "handler entered with rsp %p:"
		      " must be 8 mod 16, as after a call",
		      (void *)probe.entry_rsp);
		CHECK(probe.return_addr == (uint64_t)pc_sigreturn,
		      "handler returns to %p, not the restorer %p",
		      (void *)probe.return_addr, (void *)pc_sigreturn);
		CHECK_EQ(probe.signo, SIGUSR1);
		CHECK_EQ(probe.code, SI_USER);
		CHECK_EQ(probe.pid, pid);
		CHECK_EQ(probe.saved_rax, 0); /* kill()'s result */
		CHECK(probe.uc_mask == before,
		      "uc_sigmask 0x%lx, expected 0x%lx", probe.uc_mask,
		      before);
		CHECK(probe.mask_inside == inside,
		      "mask in handler 0x%lx, "
		      "expected 0x%lx",
		      probe.mask_inside, inside);
		CHECK_EQ(sigprocmask(SIG_BLOCK, NULL, &after), 0);
		CHECK(after == before,
		      "mask after return 0x%lx, expected 0x%lx", after, before);
	}
	return T_OK;
}
