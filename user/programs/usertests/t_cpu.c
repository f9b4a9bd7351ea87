/*
 * t_cpu.c - ring 3 must not be able to raise its privilege: through
 * sigreturn, SYSRET, POPF or privileged instructions.  Plus per-process
 * SSE state and the I/O permission bitmap.
 */
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>

#include "ut.h"

#define RFLAGS_IF   0x200UL
#define RFLAGS_IOPL 0x3000UL
#define RFLAGS_NT   0x4000UL
#define RFLAGS_VM   0x20000UL
#define TRAP_GP	    13

/*
 * pushf/popf move rsp, and the compiler may keep data in the red zone
 * below rsp in a leaf function: step over the red zone first.
 */
static uint64_t read_rflags(void)
{
	uint64_t f;

	__asm__ volatile("lea -128(%%rsp), %%rsp\n\t"
			 "pushfq\n\t"
			 "popq %0\n\t"
			 "lea 128(%%rsp), %%rsp"
			 : "=r"(f)
			 :
			 : "memory");
	return f;
}

static void write_rflags(uint64_t f)
{
	__asm__ volatile("lea -128(%%rsp), %%rsp\n\t"
			 "pushq %0\n\t"
			 "popfq\n\t"
			 "lea 128(%%rsp), %%rsp"
			 :
			 : "r"(f)
			 : "memory", "cc");
}

static uint16_t read_cs(void)
{
	uint16_t cs;

	__asm__ volatile("movw %%cs, %0" : "=r"(cs));
	return cs;
}

static uint16_t read_ss(void)
{
	uint16_t ss;

	__asm__ volatile("movw %%ss, %0" : "=r"(ss));
	return ss;
}

static void evil_rflags(int sig, siginfo_t *info, void *ucp)
{
	uint64_t *gregs = ((ucontext_t *)ucp)->uc_mcontext.gregs;

	(void)sig, (void)info;
	gregs[REG_EFL] |= RFLAGS_IOPL | RFLAGS_NT | RFLAGS_VM;
	gregs[REG_EFL] &= ~RFLAGS_IF;
}

/*
 * rt_sigreturn must only take the harmless flags (arithmetic, DF, TF, AC,
 * RF) from the frame: IOPL 3 would open every I/O port, IF 0 would stop
 * the scheduler, NT or VM would make IRET fault.
 */
int test_sigreturn_rflags(void)
{
	CHECK_EQ(install_handler(SIGUSR1, evil_rflags, 0), 0);
	CHECK_EQ(raise(SIGUSR1), 0);

	uint64_t f = read_rflags();

	CHECK((f & RFLAGS_IOPL) == 0, "IOPL is %lu after sigreturn",
	      (f & RFLAGS_IOPL) >> 12);
	CHECK(f & RFLAGS_IF, "interrupts disabled after sigreturn");
	CHECK(!(f & (RFLAGS_NT | RFLAGS_VM)), "rflags 0x%lx", f);
	CHECK((read_cs() & 3) == 3, "cs = 0x%x", read_cs());
	return T_OK;
}

static void evil_segments(int sig, siginfo_t *info, void *ucp)
{
	uint64_t *gregs = ((ucontext_t *)ucp)->uc_mcontext.gregs;

	(void)sig, (void)info;
	/* cs in bits 0-15, ss in bits 48-63: the kernel's own selectors. */
	gregs[REG_CSGSFS] = 0x08 | (0x10ULL << 48);
}

/* Portcullis forces the user selectors back; Linux would kill us instead
 * (IRET to a kernel selector with RPL 3 faults), hence Portcullis only. */
int test_sigreturn_segments(void)
{
	uint16_t cs = read_cs(), ss = read_ss();

	CHECK_EQ(install_handler(SIGUSR1, evil_segments, 0), 0);
	CHECK_EQ(raise(SIGUSR1), 0);
	CHECK((read_cs() & 3) == 3, "now cs = 0x%x: ring 0!", read_cs());
	CHECK_EQ(read_cs(), cs);
	CHECK_EQ(read_ss(), ss);
	return T_OK;
}

static void evil_rip(int sig, siginfo_t *info, void *ucp)
{
	(void)sig, (void)info;
	((ucontext_t *)ucp)->uc_mcontext.gregs[REG_RIP] = 0x800000000000UL;
}

static int return_to_noncanonical(long unused)
{
	(void)unused;
	install_handler(SIGUSR1, evil_rip, 0);
	raise(SIGUSR1);
	return 100; /* still running: wrong */
}

/* Returning to a non-canonical RIP faults inside IRET, in the kernel;
 * the kernel must turn that into a SIGSEGV for the process. */
int test_sigreturn_badrip(void)
{
	long status = reap(spawn(return_to_noncanonical, 0));

	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "child: %s, expected signal %d", describe_status(status),
	      SIGSEGV);
	return T_OK;
}

#define LAST_USER_PAGE 0x7ffffffff000UL

static int syscall_at_the_edge(long unused)
{
	unsigned char *insn = (unsigned char *)(LAST_USER_PAGE + PAGE_SIZE - 2);

	(void)unused;
	insn[0] = 0x0f; /* syscall */
	insn[1] = 0x05;
	/* getpid from the last two bytes of the canonical lower half: the
	 * return address in rcx becomes 0x800000000000.  On Intel CPUs,
	 * SYSRET to it faults in ring 0 on the user's stack. */
	__asm__ volatile("movl $39, %%eax\n\t"
			 "jmp *%0"
			 :
			 : "r"(insn)
			 : "rax", "memory");
	return 100;
}

/*
 * A kernel may prevent this by never mapping the last page (Linux's
 * choice, where mmap fails) or by checking rcx before SYSRET; either way
 * the process, not the kernel, must suffer.
 */
int test_sysret_noncanonical(void)
{
	uint64_t rsp;

	__asm__ volatile("movq %%rsp, %0" : "=r"(rsp));
	CHECK(rsp < LAST_USER_PAGE, "the stack is in the last user page");

	long r = sys_mmap((void *)LAST_USER_PAGE, PAGE_SIZE,
			  PROT_READ | PROT_WRITE | PROT_EXEC,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (r < 0) {
		printf("  (sysret_noncanonical: the last page can't be mapped:"
		       " error %ld; that is a valid defence)\n",
		       -r);
		return T_OK;
	}
	CHECK_EQ(r, LAST_USER_PAGE);

	long status = reap(spawn(syscall_at_the_edge, 0));

	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "child: %s, expected signal %d", describe_status(status),
	      SIGSEGV);
	return T_OK;
}

/* At CPL 3 with IOPL 0, POPF silently leaves IOPL and IF alone. */
int test_popf(void)
{
	uint64_t f = read_rflags();

	CHECK((f & RFLAGS_IOPL) == 0, "IOPL %lu at start",
	      (f & RFLAGS_IOPL) >> 12);
	CHECK(f & RFLAGS_IF, "IF clear in user mode");
	write_rflags((f | RFLAGS_IOPL) & ~RFLAGS_IF);

	uint64_t g = read_rflags();

	CHECK((g & RFLAGS_IOPL) == 0, "popf raised IOPL to %lu",
	      (g & RFLAGS_IOPL) >> 12);
	CHECK(g & RFLAGS_IF, "popf cleared IF");
	return T_OK;
}

/* CLI, STI and HLT raise #GP in ring 3: SIGSEGV, si_code SI_KERNEL. */
int test_privileged(void)
{
	static void (*const insns[])(void) = {try_cli, try_sti, try_hlt};
	static const char *names[] = {"cli", "sti", "hlt"};

	catch_faults(SIGSEGV);
	for (int i = 0; i < 3; i++) {
		int before = fault.count;

		insns[i]();
		CHECK(fault.count == before + 1, "%s did not fault", names[i]);
		CHECK_EQ(fault.signo, SIGSEGV);
		CHECK_EQ(fault.code, SI_KERNEL);
		CHECK_EQ(fault.trapno, TRAP_GP);
		CHECK_EQ(fault.err, 0);
		CHECK_EQ(fault.rip, fault_rip());
		CHECK(fault.rflags & RFLAGS_IF, "%s: IF clear in the frame",
		      names[i]);
	}
	return T_OK;
}
