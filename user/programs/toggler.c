/*
 * toggler - turns its port on and off in a loop and checks, each time,
 * that the state it asked for is the state the CPU enforces.
 *
 * After ioperm(0x80, 1, 1) an OUT to 0x80 must work; after
 * ioperm(0x80, 1, 0) it must fault (#GP, delivered as SIGSEGV).  The
 * SIGSEGV handler counts the fault and moves the saved RIP past the
 * one-byte "out dx, al", so the loop carries on.  Every change of the
 * bitmap takes a new sequence number, so each round forces a copy into
 * the TSS on the way back to user mode: a kernel that skipped it (or
 * copied stale bits) would show up here as a wrong state.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>
#include <unistd.h>

#define PORT	      0x80
#define OUT_DX_AL_LEN 1

static volatile int faults;

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)info;
	ucontext_t *uc = ctx;
	faults++;
	uc->uc_mcontext.gregs[REG_RIP] += OUT_DX_AL_LEN;
}

/* One OUT with the port in DX: exactly one byte long (0xee). */
static void poke(void)
{
	__asm__ volatile("outb %%al, %%dx" : : "a"(0), "d"(PORT));
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 500;
	struct sigaction sa = {0};
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);

	int wrong = 0;
	for (int i = 0; i < rounds; i++) {
		int on = i % 2 == 0;
		if (sys_ioperm(PORT, 1, on)) {
			printf("toggler: ioperm failed\n");
			return 1;
		}
		int before = faults;
		poke();
		bool faulted = faults != before;
		if (faulted == on)
			wrong++;
		if (i % 16 == 0)
			sys_sched_yield(); /* let the others in between */
	}
	printf("toggler: %d ioperm on/off rounds on port 0x80, %d faults "
	       "when off, %d wrong states\n",
	       rounds, faults, wrong);
	return wrong ? 1 : 0;
}
