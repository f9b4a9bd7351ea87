/*
 * iotests.h - the tests of iotests, one group per t_*.c file, and the
 * helpers they share (common.c).
 */
#ifndef IOTESTS_IOTESTS_H
#define IOTESTS_IOTESTS_H

#include <stdbool.h>

#include "probe.h"
#include "ut.h"

/*
 * CHECK_EQ for helper processes: a child's failure reason dies with it,
 * so this one also prints it (with the pid) before failing.
 */
#define EXPECT_EQ(actual, expected)                                      \
	do {                                                             \
		long a_ = (long)(actual), e_ = (long)(expected);         \
		if (a_ != e_) {                                          \
			printf("  iotests: pid %ld: line %d: %s = %ld, " \
			       "expected %ld\n",                         \
			       sys_getpid(), __LINE__, #actual, a_, e_); \
			return t_fail("line %d: %s = %ld, expected %ld", \
				      __LINE__, #actual, a_, e_);        \
		}                                                        \
	} while (0)

/* ---- common.c ---------------------------------------------------------- */

#define UNPRIVILEGED 1000 /* the uid helpers drop to */

/* Root (real and effective), as the init programs run. */
bool root_or_skip(void);

#define NSTRATEGIES 4

/* "seq", "max", "full", "fault" (or "?"). */
const char *strategy_name(long s);

/*
 * Runs fn(s) once under each strategy s (seq, max, full; and fault when
 * the boot chose it: it is lab 5's, a stub in the handouts of labs 1-4,
 * whose graders boot with seq), switching with
 * pc_iobitmap_strategy and restoring the one in force before, whatever
 * happens.  fn runs in a child process of its own, so a crash in it
 * cannot skip the restore.  Returns T_OK or t_fail naming the strategy.
 */
int under_each_strategy(int (*fn)(long strategy), const char *what);

/*
 * Sets the strategy for the duration of fn(arg) (run in a child), then
 * restores the previous one; fails if the kernel did not report s as in
 * force when restoring.
 */
int under_strategy(long s, int (*fn)(long arg), long arg);

/* Waits for pid and fails (with the step name) unless it exited 0. */
int expect_child_ok(long pid, const char *what);

/* The test process has no I/O state from the runner, but make sure. */
void drop_io_state(void);

void yield_times(int n);

/* ---- CPUs (common.c) --------------------------------------------------- */

/* The CPUs the kernel schedules on: the caller's affinity mask, which is
 * every CPU unless a test narrowed it (the runner never does). */
int cpus_online(void);
/* sched_setaffinity(0) to CPU `cpu` alone / to every online CPU. */
long pin_to_cpu(unsigned cpu);
long unpin(void);
/* getcpu: the CPU the caller runs on now. */
unsigned cpu_now(void);
/* Counters summed over every online CPU; reset (needs root) with NULL. */
long io_counters_all(struct pc_io_counters *sum);

/* ---- the tests --------------------------------------------------------- */

/* t_linux.c: the scenarios of Linux's ioperm selftest */
int test_ioperm_basic(void);
int test_ioperm_fork(void);
int test_ioperm_unprivileged(void);
int test_ioperm_errors(void);

/* t_iopl.c: the scenarios of Linux's iopl selftest */
int test_iopl_all_ports(void);
int test_iopl_restores_bitmap(void);
int test_iopl_child(void);
int test_iopl_errors(void);

/* t_leaks.c: the two leaks of the 2019 seed patch, and one more */
int test_leak_stale(void);
int test_leak_partial(void);
int test_leak_reuse(void);
int test_leak_stale_smp(void);
int test_leak_partial_smp(void);
int test_leak_reuse_smp(void);

/* t_smp.c: moving between CPUs */
int test_smp_affinity(void);
int test_smp_migrate_copy(void);
int test_smp_fork_share(void);
int test_smp_iopl_migrate(void);

/* t_edges.c: what exactly the CPU checks */
int test_edge_width(void);
int test_edge_top(void);
int test_edge_string(void);
int test_edge_forms(void);
int test_no_ioperm(void);
int test_low_ports(void);
int test_fault_record(void);

/* t_life.c: exec, exit and a failed fork */
int test_exec_keeps(void);
int test_exit_releases(void);
int test_fork_fail(void);
/* The hidden modes main() runs for the exec test. */
int exec_probe_main(const char *mode, bool quiet);

/* t_calls.c: pc_iobitmap_strategy and pc_io_counters */
void note_boot_strategy(void);
int test_strategy_calls(void);
int test_strategy_restored(void);

/* t_stress.c */
int test_stress_seq(void);
int test_stress_max(void);
int test_stress_full(void);
int test_stress_fault(void);
/* iotests --migrate-soak N: the stress runs (with their migrations on
 * several CPUs) under each strategy, N probes in all; exit status 0 only
 * with no violation. */
int migrate_soak_main(long probes);
/* iotests --probes N [tests...]: each stress run makes N probes in all
 * instead of 10^5 (slow emulators, short forms in make test). */
void stress_set_probes(long probes);

#endif
