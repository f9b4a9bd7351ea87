/*
 * common.c - helpers the iotests groups share: running a scenario under
 * each bitmap strategy, waiting for helper processes, frame accounting.
 *
 * The strategy is global kernel state, so a test that changes it must put
 * it back even when the scenario fails or crashes: the scenario always runs
 * in a child, and the test process itself only switches and restores.
 */
#include <string.h>

#include "iotests.h"

static const char *const strategy_names[NSTRATEGIES] = {"seq", "max", "full",
							"fault"};

const char *strategy_name(long s)
{
	return s >= 0 && s < NSTRATEGIES ? strategy_names[s] : "?";
}

bool root_or_skip(void)
{
	return sys_getuid() == 0 && sys_geteuid() == 0;
}

int expect_child_ok(long pid, const char *what)
{
	if (pid < 0)
		return t_fail("%s: fork: error %ld", what, -pid);

	long status = reap(pid);

	if (status != 0)
		return t_fail("%s: %s (its report is above)", what,
			      describe_status(status));
	return T_OK;
}

int under_strategy(long s, int (*fn)(long arg), long arg)
{
	long previous = sys_pc_iobitmap_strategy(s);

	if (previous < 0)
		return t_fail("pc_iobitmap_strategy(%ld): error %ld", s,
			      -previous);

	long status = reap(spawn(fn, arg));
	/* Restore first, then judge: the answer also says whether s was
	 * really in force all along (nobody else switches it). */
	long was = sys_pc_iobitmap_strategy(previous);

	if (status != 0)
		return t_fail("under strategy %s: %s (report above)",
			      strategy_name(s), describe_status(status));
	if (was != s)
		return t_fail("strategy %s set, but %s in force at the end",
			      strategy_name(s), strategy_name(was));
	return T_OK;
}

int under_each_strategy(int (*fn)(long strategy), const char *what)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	long booted = sys_pc_iobitmap_strategy(-1);

	for (long s = 0; s < NSTRATEGIES; s++) {
		if (s == PC_IOBITMAP_FAULT && booted != PC_IOBITMAP_FAULT)
			continue;
		int r = under_strategy(s, fn, s);

		if (r != T_OK) {
			printf("  iotests: %s failed under strategy %s\n", what,
			       strategy_name(s));
			return r; /* the reason names the strategy */
		}
	}
	return T_OK;
}

void drop_io_state(void)
{
	sys_iopl(0);
	sys_ioperm(0, 0x10000, 0);
}

void yield_times(int n)
{
	for (int i = 0; i < n; i++)
		sys_sched_yield();
}

int cpus_online(void)
{
	unsigned long mask = 0;
	if (sys_sched_getaffinity(0, sizeof(mask), &mask) != sizeof(mask))
		return 1;
	int n = 0;
	while (n < 64 && (mask >> n) & 1)
		n++;
	return n ? n : 1;
}

long pin_to_cpu(unsigned cpu)
{
	unsigned long mask = 1ul << cpu;
	return sys_sched_setaffinity(0, sizeof(mask), &mask);
}

long unpin(void)
{
	unsigned long mask = ~0ul; /* the kernel keeps the online ones */
	return sys_sched_setaffinity(0, sizeof(mask), &mask);
}

unsigned cpu_now(void)
{
	unsigned cpu = ~0u;
	sys_getcpu(&cpu, NULL);
	return cpu;
}

long io_counters_all(struct pc_io_counters *sum)
{
	struct pc_io_counters c;
	if (sum)
		memset(sum, 0, sizeof(*sum));
	for (int i = 0; i < cpus_online(); i++) {
		long r = sys_pc_io_counters((unsigned)i, sum ? &c : NULL, !sum);
		if (r)
			return r;
		if (!sum)
			continue;
		sum->context_switches += c.context_switches;
		sum->io_switches += c.io_switches;
		sum->bitmap_copies += c.bitmap_copies;
		sum->bytes_copied += c.bytes_copied;
		sum->copies_skipped += c.copies_skipped;
		sum->invalidations += c.invalidations;
		sum->first_faults +=
		    c.first_faults; /* every field of the struct */
	}
	return 0;
}
