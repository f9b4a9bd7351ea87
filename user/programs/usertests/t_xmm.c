/*
 * t_xmm.c - every process has its own SSE registers and MXCSR.
 *
 * Parent and child each load their own pattern into xmm0-xmm15 and their
 * own rounding mode into MXCSR, then make hundreds of system calls and
 * spin long enough to be preempted, all inside one asm statement so the
 * compiler can't touch the registers in between.  Any lost or swapped
 * state shows up in the values read back at the end.
 */
#include <string.h>

#include "ut.h"

/* Long enough to span several timer ticks even under QEMU's emulation. */
#define ROUNDS	       200
#define SPIN_PER_ROUND 200000

#define LOAD(n)	 "movdqu " #n "*16(%[in]), %%xmm" #n "\n\t"
#define STORE(n) "movdqu %%xmm" #n ", " #n "*16(%[out])\n\t"

#define MXCSR_DEFAULT	 0x1f80 /* all exceptions masked, round to nearest */
#define MXCSR_ROUND_DOWN 0x3f80
#define MXCSR_ROUND_UP	 0x5f80

static int churn(uint64_t seed, uint32_t mxcsr)
{
	uint64_t in[32], out[32];
	uint32_t mxcsr_out = 0, mxcsr_default = MXCSR_DEFAULT;
	int rounds = ROUNDS;

	for (int i = 0; i < 32; i++)
		in[i] = seed * 0x9e3779b97f4a7c15ULL + (uint64_t)i * 0x1000193;
	memset(out, 0, sizeof(out));

	/* One instruction per line reads better than clang-format's layout. */
	/* clang-format off */
	__asm__ volatile("ldmxcsr %[mxcsr]\n\t"
			 LOAD(0) LOAD(1) LOAD(2) LOAD(3) LOAD(4) LOAD(5)
			 LOAD(6) LOAD(7) LOAD(8) LOAD(9) LOAD(10) LOAD(11)
			 LOAD(12) LOAD(13) LOAD(14) LOAD(15)
			 "1: movl $24, %%eax\n\t" /* sched_yield */
			 "syscall\n\t"
			 "movl %[spin], %%ecx\n"
			 "2: decl %%ecx\n\t"
			 "jnz 2b\n\t"
			 "decl %[n]\n\t"
			 "jnz 1b\n\t"
			 STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5)
			 STORE(6) STORE(7) STORE(8) STORE(9) STORE(10) STORE(11)
			 STORE(12) STORE(13) STORE(14) STORE(15)
			 "stmxcsr %[mxcsr_out]\n\t"
			 "ldmxcsr %[mxcsr_default]"
			 : [n] "+r"(rounds), [mxcsr_out] "=m"(mxcsr_out)
			 : [in] "r"(in), [out] "r"(out), [mxcsr] "m"(mxcsr),
			   [mxcsr_default] "m"(mxcsr_default),
			   [spin] "i"(SPIN_PER_ROUND)
			 : "rax", "rcx", "r11", "memory", "cc", "xmm0", "xmm1",
			   "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
			   "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
			   "xmm15");
	/* clang-format on */

	for (int i = 0; i < 32; i++) {
		if (out[i] != in[i])
			return 10 + i / 2; /* 10 + the register number */
	}
	return mxcsr_out == mxcsr ? 0 : 1;
}

static int child_churn(long seed)
{
	return churn((uint64_t)seed, MXCSR_ROUND_UP);
}

int test_xmm(void)
{
	long pid = spawn(child_churn, 2);

	CHECK(pid > 0, "fork returned %ld", pid);

	int mine = churn(1, MXCSR_ROUND_DOWN);
	long status = reap(pid);

	CHECK(mine == 0, "parent: %s changed",
	      mine == 1 ? "MXCSR" : "an xmm register");
	CHECK(status == 0, "child: %s (1: MXCSR changed, 10+n: xmm<n> changed)",
	      describe_status(status));
	return T_OK;
}
