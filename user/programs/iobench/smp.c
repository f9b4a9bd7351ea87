/*
 * smp.c - iobench --smp: the I/O bitmap across CPUs (issue 12), booted
 * with two CPUs under -icount and single-threaded TCG (tools/bench.py),
 * which runs the CPUs round-robin and repeatably.
 *
 *   migrate   one process with port 0x80 moves between CPU 0 and CPU 1
 *             (sched_setaffinity) MIGRATIONS times.  Unchanged, each CPU
 *             still holds its bitmap's sequence: 0 bytes.  Changed
 *             (ioperm toggles 0x81 before each move), each move costs one
 *             copy of max(prev_max, max) = 17 bytes at the destination,
 *             on top of the 17-byte copy the ioperm's own return to user
 *             makes where it ran: 2 copies, 34 bytes per move.
 *   pingpong  the two-low-port-bitmaps ping-pong (scenario 3) on CPU 0
 *             alone, then one pair on each CPU at once: each CPU's copies
 *             and bytes must equal the one-CPU figures (no hidden
 *             cross-CPU cost in the bitmap work).
 *   ioperm    ioperm() in a loop on one CPU, then on both at once: the
 *             cost of the shared sequence counter (and of the kernel lock)
 *             under contention, in guest instructions per call.
 *
 * Output lines (tools/bench.py parses them):
 *   bench smp=migrate changed=C migrations=M copies=N bytes=B median=T
 *   bench smp=pingpong cpus=N cpu=K switches=S copies=C bytes=B
 *   bench smp=pingpong_time cpus=N cpu=K median=T
 *   bench smp=ioperm cpus=N cpu=K median=T
 * Medians are TSC ticks per move, per switch, per call.  Under
 * round-robin TCG with -icount a TSC interval also counts the other CPU's
 * instructions, so they compare like with like (same cpus=N) only.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "iobench.h"

#define MIGRATIONS     200
#define PP_ROUND_TRIPS 1000
#define IOPERM_CALLS   1000

static uint64_t samples[IOPERM_CALLS + PP_ROUND_TRIPS + MIGRATIONS];

static long pin(unsigned cpu)
{
	unsigned long mask = 1ul << cpu;
	return sys_sched_setaffinity(0, sizeof(mask), &mask);
}

static void reset_counters(void)
{
	for (unsigned cpu = 0; cpu < 2; cpu++)
		sys_pc_io_counters(cpu, NULL, 1);
}

static long wait_ok(long pid)
{
	int status = -1;
	sys_wait4((pid_t)pid, &status, 0, NULL);
	return status == 0 ? 0 : 1;
}

static uint64_t median(uint64_t *s, size_t n)
{
	sort_samples(s, n);
	return percentile(s, n, 50);
}

static _Noreturn void migrator(int changed)
{
	if (pin(0) || sys_ioperm(0x80, 1, 1) || pin(1) || pin(0))
		sys_exit_group(1); /* the warm-up visited both CPUs */
	reset_counters();
	for (int i = 0; i < MIGRATIONS; i++) {
		if (changed)
			sys_ioperm(0x81, 1, i % 2 == 0);
		uint64_t t0 = tsc_begin();
		pin((unsigned)(i + 1) % 2);
		samples[i] = tsc_end() - t0;
	}
	struct pc_io_counters c[2];
	sys_pc_io_counters(0, &c[0], 0);
	sys_pc_io_counters(1, &c[1], 0);
	printf("bench smp=migrate changed=%d migrations=%d copies=%lu "
	       "bytes=%lu median=%lu\n",
	       changed, MIGRATIONS, c[0].bitmap_copies + c[1].bitmap_copies,
	       c[0].bytes_copied + c[1].bytes_copied,
	       median(samples, MIGRATIONS));
	sys_exit_group(0);
}

/* A ping-pong pair pinned to cpu: two different low-port bitmaps. */
static _Noreturn void pair(unsigned cpu, int cpus)
{
	if (pin(cpu) || sys_ioperm(0x80, 1, 1))
		sys_exit_group(1);
	long partner = sys_fork();
	if (partner == 0) {
		sys_ioperm(0, 65536, 0);
		if (sys_ioperm(0x70, 2, 1))
			sys_exit_group(1);
		for (int i = 0; i < PP_ROUND_TRIPS + 8; i++)
			sys_sched_yield();
		sys_exit_group(0);
	}
	for (int i = 0; i < PP_ROUND_TRIPS; i++) {
		uint64_t t0 = tsc_begin();
		sys_sched_yield();
		samples[i] = tsc_end() - t0;
	}
	printf("bench smp=pingpong_time cpus=%d cpu=%u median=%lu\n", cpus, cpu,
	       median(samples, PP_ROUND_TRIPS) / 2);
	sys_exit_group((int)wait_ok(partner));
}

/* One child per CPU (at most 2) runs body(k, cpus); the failures. */
static long on_each_cpu(int cpus, void (*body)(unsigned, int))
{
	long pids[2], failed = 0;
	for (int k = 0; k < cpus; k++) {
		pids[k] = sys_fork();
		if (pids[k] == 0)
			body((unsigned)k, cpus);
	}
	for (int k = 0; k < cpus; k++)
		failed += wait_ok(pids[k]);
	return failed;
}

static long pingpong(int cpus)
{
	struct pc_io_counters c;
	reset_counters();
	long failed = on_each_cpu(cpus, pair);
	for (unsigned k = 0; k < (unsigned)cpus; k++) {
		sys_pc_io_counters(k, &c, 0);
		printf(
		    "bench smp=pingpong cpus=%d cpu=%u switches=%lu copies=%lu bytes=%lu\n",
		    cpus, k, c.context_switches, c.bitmap_copies,
		    c.bytes_copied);
	}
	return failed;
}

static _Noreturn void ioperm_loop(unsigned cpu, int cpus)
{
	if (pin(cpu) || sys_ioperm(0x80, 1, 1))
		sys_exit_group(1);
	for (int i = 0; i < IOPERM_CALLS; i++) {
		uint64_t t0 = tsc_begin();
		sys_ioperm(0x81, 1, i % 2 == 0);
		samples[i] = tsc_end() - t0;
	}
	printf("bench smp=ioperm cpus=%d cpu=%u median=%lu\n", cpus, cpu,
	       median(samples, IOPERM_CALLS));
	sys_exit_group(0);
}

int smp_main(void)
{
	long failed = 0;
	if (sys_pc_iobitmap_strategy(PC_IOBITMAP_SEQ) < 0) {
		printf("iobench: cannot switch strategy (not uid 0?)\n");
		return 1;
	}
	for (int changed = 0; changed < 2; changed++) {
		long pid = sys_fork();
		if (pid == 0)
			migrator(changed);
		failed += wait_ok(pid);
	}
	failed += pingpong(1);
	failed += pingpong(2);
	failed += on_each_cpu(1, ioperm_loop);
	failed += on_each_cpu(2, ioperm_loop);
	printf("iobench: smp done, %ld failure(s)\n", failed);
	return failed ? 1 : 0;
}
