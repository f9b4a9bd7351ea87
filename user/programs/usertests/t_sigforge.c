/*
 * t_sigforge.c - forged rt_sigreturn frames beyond t_cpu.c's (issue 14):
 * TF and AC set by a handler, rt_sigreturn with the stack pointer at
 * nothing, at the kernel, or non-canonical, and 300 frames of random
 * garbage whose RIP leads to a check of the state they produced.  Never
 * ring 0, never IOPL > 0, never IF = 0, never a kernel fault: the process
 * either resumes safely or is killed.
 */
#include <stdlib.h>
#include <string.h>

#include "ut.h"

#define RFLAGS_TF   0x100UL
#define RFLAGS_IF   0x200UL
#define RFLAGS_IOPL 0x3000UL
#define RFLAGS_AC   0x40000UL

static uint64_t rflags_now(void)
{
	uint64_t f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}

static uint16_t cs_now(void)
{
	uint16_t cs;
	__asm__ volatile("movw %%cs, %0" : "=r"(cs));
	return cs;
}

static volatile int traps;

static void set_tf_ac(int sig, siginfo_t *info, void *ucp)
{
	(void)sig, (void)info;
	((ucontext_t *)ucp)->uc_mcontext.gregs[REG_EFL] |=
	    RFLAGS_TF | RFLAGS_AC;
}

static void on_trap(int sig, siginfo_t *info, void *ucp)
{
	(void)sig, (void)info;
	traps++;
	((ucontext_t *)ucp)->uc_mcontext.gregs[REG_EFL] &= ~RFLAGS_TF;
}

int test_sigreturn_tf_ac(void)
{
	CHECK_EQ(install_handler(SIGUSR1, set_tf_ac, 0), 0);
	CHECK_EQ(install_handler(SIGTRAP, on_trap, 0), 0);
	CHECK_EQ(raise(SIGUSR1), 0);
	/* TF: a single-step trap in ring 3 soon after the return. */
	for (volatile int i = 0; i < 3; i++)
		;
	CHECK(traps >= 1, "TF from the frame did not single-step");
	uint64_t f = rflags_now();
	CHECK((cs_now() & 3) == 3 && !(f & RFLAGS_IOPL) && (f & RFLAGS_IF),
	      "cs 0x%x rflags 0x%lx", cs_now(), f);
	__asm__ volatile("pushfq; andq %0, (%%rsp); popfq" ::"i"(~RFLAGS_AC));
	return T_OK;
}

/* rt_sigreturn with the stack pointer at sp: the frame is read from it. */
static _Noreturn void sigreturn_at(uint64_t sp)
{
	__asm__ volatile(
	    "movq %0, %%rsp\n\tmovl $15, %%eax\n\tsyscall" ::"r"(sp)
	    : "memory");
	__builtin_unreachable();
}

static int bad_stack(long sp)
{
	sigreturn_at((uint64_t)sp);
}

int test_sigreturn_bad_stack(void)
{
	static const uint64_t stacks[] = {0,
					  8,
					  0xffffffff80000000UL,
					  0xffff800000001000UL,
					  0x800000000000UL,
					  0x7ffffffffff8UL};
	for (size_t i = 0; i < sizeof(stacks) / sizeof(stacks[0]); i++) {
		long status = reap(spawn(bad_stack, (long)stacks[i]));
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		      "sigreturn with rsp %lx: %s", (unsigned long)stacks[i],
		      describe_status(status));
	}
	return T_OK;
}

static unsigned char landing_stack[16384] __attribute__((aligned(16)));
static ucontext_t forged __attribute__((aligned(64)));
static unsigned char fake_fpu[512] __attribute__((aligned(64)));

/* Where a forged frame returns to: exit 0 if the CPU state is safe. */
static void landing(void)
{
	uint64_t f = rflags_now();
	bool safe =
	    (cs_now() & 3) == 3 && !(f & RFLAGS_IOPL) && (f & RFLAGS_IF);
	sys_exit_group(safe ? 0 : 1);
}

static int garbage_frame(long seed)
{
	pc_srand((uint64_t)seed);
	unsigned char *p = (unsigned char *)&forged;
	for (size_t i = 0; i < sizeof(forged); i++)
		p[i] = (unsigned char)pc_rand();
	for (size_t i = 0; i < sizeof(fake_fpu); i++)
		fake_fpu[i] = (unsigned char)pc_rand();
	uint64_t *g = forged.uc_mcontext.gregs;
	uint64_t r = pc_rand();
	if (r & 1)
		g[REG_RIP] = (uint64_t)landing;
	if (r & 2)
		g[REG_RSP] = (uint64_t)(landing_stack + sizeof(landing_stack) -
					8 * (1 + (r >> 8) % 4));
	if (r & 4)
		forged.uc_mcontext.fpregs = (r & 8) ? NULL : fake_fpu;
	if (r & 16) /* the evil values themselves, not only noise */
		g[REG_EFL] |= RFLAGS_IOPL | 0x24000UL; /* and NT, VM */
	if (r & 32)
		g[REG_CSGSFS] = (r & 64) ? 0x08 : 0x10 | (0x08ULL << 48);
	sigreturn_at((uint64_t)&forged);
}

int test_sigreturn_garbage(void)
{
	int resumed = 0, killed = 0;
	for (long seed = 1; seed <= 300; seed++) {
		long status = reap(spawn(garbage_frame, seed));
		CHECK(status >= 0, "wait4: %ld", status);
		CHECK(!(WIFEXITED(status) && WEXITSTATUS(status) == 1),
		      "frame %ld resumed in an unsafe state", seed);
		if (WIFEXITED(status))
			resumed++;
		else
			killed++;
	}
	printf("  (300 garbage frames: %d resumed safely, %d killed)\n",
	       resumed, killed);
	CHECK(resumed > 0 && killed > 0, "%d resumed, %d killed", resumed,
	      killed);
	return T_OK;
}
