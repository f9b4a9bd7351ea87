/*
 * iobench - what the I/O bitmap costs on a context switch, strategy
 * against strategy, in one boot (docs/performance.md).
 *
 * For each strategy (full, max, seq, fault: switched at run time with
 * pc_iobitmap_strategy) and each scenario (scenarios.c), two processes
 * play ping-pong with sched_yield on one CPU while their parent sleeps in
 * wait4, so every yield is exactly one context switch to the other.  Side
 * 0 times ROUND_TRIPS round trips with the TSC (clock.h); half a round
 * trip is one switch.  The kernel's counters, reset after the warm-up,
 * give the copies and bytes behind those switches.  Then a few single
 * operations: getpid, outb to port 0x80, and an ioperm() call.
 *
 * Output, one line per measurement, for tools/bench.py:
 *   bench scenario=N strategy=S median=M p90=P switches=W copies=C
 *         bytes=B skipped=K faults=F name="..."   (M and P per switch)
 *   bench op=NAME median=M p90=P
 *
 * iobench --smp runs the scenarios across two CPUs instead (smp.c).
 */
#include <stdio.h>
#include <sys/io.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include "iobench.h"

static uint64_t samples[ROUND_TRIPS];
static const char *const strategy_names[] = {"seq", "max", "full", "fault"};

/* Drops whatever I/O state fork handed down. */
static void drop_io_state(void)
{
	sys_iopl(0);
	sys_ioperm(0, 65536, 0);
}

static void report(const char *what, uint64_t *s, size_t n, unsigned div)
{
	sort_samples(s, n);
	printf("%s median=%lu p90=%lu", what, percentile(s, n, 50) / div,
	       percentile(s, n, 90) / div);
}

static _Noreturn void side0(const struct scenario *sc, long strategy)
{
	if (sc->setup(0) < 0) {
		printf("iobench: scenario %d: set-up failed\n", sc->id);
		sys_exit_group(1);
	}
	long partner = sys_fork();
	if (partner == 0) {
		if (!sc->share_by_fork) {
			drop_io_state();
			if (sc->setup(1) < 0)
				sys_exit_group(1);
		}
		for (int i = 0; i < WARMUP + ROUND_TRIPS + 16; i++) {
			sys_sched_yield();
			if (sc->touch)
				outb(0, 0x80);
		}
		sys_exit_group(0);
	}
	for (int i = 0; i < WARMUP; i++)
		sys_sched_yield();
	sys_pc_io_counters(0, NULL, 1);
	for (int i = 0; i < ROUND_TRIPS; i++) {
		uint64_t t0 = tsc_begin();
		sys_sched_yield();
		if (sc->touch)
			outb(0, 0x80);
		samples[i] = tsc_end() - t0;
	}
	struct pc_io_counters c;
	sys_pc_io_counters(0, &c, 0);

	char what[64];
	snprintf(what, sizeof(what), "bench scenario=%d strategy=%s", sc->id,
		 strategy_names[strategy]);
	report(what, samples, ROUND_TRIPS, 2);
	printf(" switches=%lu copies=%lu bytes=%lu skipped=%lu faults=%lu "
	       "name=\"%s\"\n",
	       c.context_switches, c.bitmap_copies, c.bytes_copied,
	       c.copies_skipped, c.first_faults, sc->name);
	int status;
	sys_wait4((pid_t)partner, &status, 0, NULL);
	sys_exit_group(status == 0 ? 0 : 1);
}

static int run_scenario(const struct scenario *sc, long strategy)
{
	long pid = sys_fork();
	if (pid == 0)
		side0(sc, strategy);
	int status = -1;
	sys_wait4((pid_t)pid, &status, 0, NULL);
	return status;
}

/* Single operations, in a child so the parent keeps no I/O state. */
static _Noreturn void single_ops(void)
{
	for (int i = 0; i < ROUND_TRIPS; i++) {
		uint64_t t0 = tsc_begin();
		samples[i] = tsc_end() - t0;
	}
	report("bench op=tsc_overhead", samples, ROUND_TRIPS, 1);
	printf("\n");
	for (int i = 0; i < ROUND_TRIPS; i++) {
		uint64_t t0 = tsc_begin();
		sys_getpid();
		samples[i] = tsc_end() - t0;
	}
	report("bench op=getpid", samples, ROUND_TRIPS, 1);
	printf("\n");
	if (sys_ioperm(0x80, 1, 1))
		sys_exit_group(1);
	for (int i = 0; i < ROUND_TRIPS; i++) {
		uint64_t t0 = tsc_begin();
		outb(0, 0x80);
		samples[i] = tsc_end() - t0;
	}
	report("bench op=outb_0x80", samples, ROUND_TRIPS, 1);
	printf("\n");
	/* Port 0x81 on and off while 0x80 stays: the bitmap survives, and
	 * each call takes a new sequence, so this includes the 17-byte copy
	 * on the way back to user mode. */
	for (int i = 0; i < ROUND_TRIPS; i++) {
		uint64_t t0 = tsc_begin();
		sys_ioperm(0x81, 1, i % 2 == 0);
		samples[i] = tsc_end() - t0;
	}
	report("bench op=ioperm", samples, ROUND_TRIPS, 1);
	printf("\n");
	sys_exit_group(0);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--smp") == 0)
		return smp_main();
	long original = sys_pc_iobitmap_strategy(-1);
	printf("iobench: %d round trips per scenario after %d warm-up; "
	       "unit: TSC ticks (guest instructions under QEMU -icount)\n",
	       ROUND_TRIPS, WARMUP);
	int failures = 0;

	long pid = sys_fork();
	if (pid == 0)
		single_ops();
	int status = -1;
	sys_wait4((pid_t)pid, &status, 0, NULL);
	failures += status != 0;

	const long order[] = {PC_IOBITMAP_FULL, PC_IOBITMAP_MAX,
			      PC_IOBITMAP_SEQ, PC_IOBITMAP_FAULT};
	for (int s = 0; s < 4; s++) {
		if (sys_pc_iobitmap_strategy(order[s]) < 0) {
			printf(
			    "iobench: cannot switch strategy (not uid 0?)\n");
			return 1;
		}
		for (int i = 0; i < nscenarios; i++)
			failures += run_scenario(&scenarios[i], order[s]) != 0;
	}
	sys_pc_iobitmap_strategy(original);
	printf("iobench: done, %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
