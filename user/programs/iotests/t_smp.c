/*
 * t_smp.c - the I/O bitmap when processes move between CPUs (docs/smp.md,
 * issue 12), and the affinity calls that move them.
 *
 * Each CPU's TSS has its own map and remembers the sequence of the bitmap
 * it holds (prev_sequence).  What must hold:
 *
 *   affinity      a mask without an online CPU is EINVAL; getaffinity
 *                 returns 8; a process whose CPU leaves its mask runs on
 *                 an allowed one when the call returns (getcpu says so).
 *   migrate_copy  a process that ran on CPU 0, moved to CPU 1, changed
 *                 its bitmap there and came back gets a copy on CPU 0
 *                 (its new sequence differs from CPU 0's prev_sequence) of
 *                 max(prev_max, max) bytes; one that came back unchanged
 *                 gets none: 0 bytes.  Strategy seq, counters per CPU.
 *   fork_share    parent and child on different CPUs share the bitmap
 *                 until one changes it: the change is the changer's alone.
 *   iopl_migrate  iopl(3) opens every port on every CPU it moves to, and
 *                 iopl(0) on another CPU closes them on all of them.
 *
 * On one CPU these say SKIP: the boots with 2 and 4 CPUs run them
 * (tests/guest/test_smp_suites.py checks they said OK).
 */
#include "iotests.h"

#define SMP_ONLY()                                                            \
	do {                                                                  \
		if (cpus_online() < 2)                                        \
			return t_skip("one CPU: nothing to migrate between"); \
	} while (0)

/* Pins to cpu and checks that the caller already runs there. */
#define MOVE_TO(cpu)                                   \
	do {                                           \
		EXPECT_EQ(pin_to_cpu(cpu), 0);         \
		EXPECT_EQ(cpu_now(), (unsigned)(cpu)); \
	} while (0)

int test_smp_affinity(void)
{
	unsigned long mask = 0, none = 1ul << 63;
	int n = cpus_online();

	EXPECT_EQ(sys_sched_getaffinity(0, sizeof(mask), &mask), 8);
	EXPECT_EQ(mask, n == 64 ? ~0ul : (1ul << n) - 1);
	if (n < 64)
		EXPECT_EQ(sys_sched_setaffinity(0, sizeof(none), &none),
			  -EINVAL);
	for (int round = 0; round < 3; round++) {
		for (int cpu = n - 1; cpu >= 0; cpu--) {
			MOVE_TO((unsigned)cpu);
			sys_sched_yield();
			EXPECT_EQ(cpu_now(), (unsigned)cpu); /* it stays */
		}
	}
	EXPECT_EQ(sys_sched_getaffinity(0, sizeof(mask), &mask), 8);
	EXPECT_EQ(mask, 1ul); /* the last pin: CPU 0 */
	EXPECT_EQ(unpin(), 0);
	return T_OK;
}

static int migrate_copy(long unused)
{
	struct pc_io_counters c0;
	(void)unused;

	MOVE_TO(0);
	EXPECT_EQ(sys_ioperm(0x80, 1, 1), 0);
	EXPECT_PORT(0x80, true, "migrate: on CPU 0");
	MOVE_TO(1);
	EXPECT_PORT(0x80, true, "migrate: moved to CPU 1");
	/* Back unchanged: CPU 0 still holds these bits. */
	EXPECT_EQ(sys_pc_io_counters(0, NULL, 1), 0);
	MOVE_TO(0);
	EXPECT_PORT(0x80, true, "migrate: back on CPU 0, unchanged");
	EXPECT_EQ(sys_pc_io_counters(0, &c0, 0), 0);
	EXPECT_EQ(c0.bitmap_copies, 0);
	EXPECT_EQ(c0.bytes_copied, 0);
	EXPECT_EQ(c0.copies_skipped >= 1, 1);
	/* Changed on CPU 1: a new sequence, so CPU 0 must copy. */
	MOVE_TO(1);
	EXPECT_EQ(sys_ioperm(0x81, 1, 1), 0);
	EXPECT_EQ(sys_ioperm(0x80, 1, 0), 0);
	EXPECT_PORT(0x81, true, "migrate: 0x81 added on CPU 1");
	EXPECT_EQ(sys_pc_io_counters(0, NULL, 1), 0);
	MOVE_TO(0);
	EXPECT_PORT(0x81, true, "migrate: back on CPU 0, 0x81 added on 1");
	EXPECT_PORT(0x80, false, "migrate: back on CPU 0, 0x80 dropped on 1");
	EXPECT_EQ(sys_pc_io_counters(0, &c0, 0), 0);
	EXPECT_EQ(c0.bitmap_copies, 1);
	EXPECT_EQ(c0.bytes_copied, 17); /* max(prev_max 17, max 17) */
	printf("  (migrate: CPU 0 copied %lu bytes after the change on CPU "
	       "1, 0 without)\n",
	       (unsigned long)c0.bytes_copied);
	return T_OK;
}

int test_smp_migrate_copy(void)
{
	SMP_ONLY();
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	probe_init();
	drop_io_state();
	return under_strategy(PC_IOBITMAP_SEQ, migrate_copy, 0);
}

/* The child, on CPU 1: shares the parent's 0x80 until it changes its own
 * copy; the parent (CPU 0) drops 0x80 meanwhile. */
static int share_child(long unused)
{
	(void)unused;
	MOVE_TO(1);
	EXPECT_PORT(0x80, true, "fork_share: child, shared bitmap");
	sleep_ms(30); /* the parent drops 0x80 on CPU 0 */
	EXPECT_PORT(0x80, true, "fork_share: child, after the parent's drop");
	EXPECT_EQ(sys_ioperm(0x81, 1, 1), 0);
	EXPECT_PORT(0x81, true, "fork_share: child's own 0x81");
	sleep_ms(30); /* the parent probes 0x81 */
	EXPECT_PORT(0x80, true, "fork_share: child, end");
	return T_OK;
}

int test_smp_fork_share(void)
{
	SMP_ONLY();
	probe_init();
	drop_io_state();
	MOVE_TO(0);
	EXPECT_EQ(sys_ioperm(0x80, 1, 1), 0);
	long child = spawn(share_child, 0);
	EXPECT_EQ(child > 0, 1);
	sleep_ms(10);
	EXPECT_EQ(sys_ioperm(0x80, 1, 0), 0);
	EXPECT_PORT(0x80, false, "fork_share: parent after its drop");
	sleep_ms(30);
	EXPECT_PORT(0x81, false, "fork_share: parent probing the child's 0x81");
	if (expect_child_ok(child, "fork_share child") != T_OK)
		return T_FAIL;
	EXPECT_PORT(0x80, false, "fork_share: parent, end");
	EXPECT_EQ(unpin(), 0);
	return T_OK;
}

int test_smp_iopl_migrate(void)
{
	SMP_ONLY();
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	int n = cpus_online();
	probe_init();
	drop_io_state();
	EXPECT_EQ(sys_ioperm(0x81, 1, 1), 0);
	EXPECT_EQ(sys_iopl(3), 0);
	for (int cpu = 0; cpu < n; cpu++) {
		MOVE_TO((unsigned)cpu);
		EXPECT_PORT(0x80, true, "iopl_migrate: iopl 3 on this CPU");
		EXPECT_IO(0x1234, 2, IO_IN, IO_FORM_DX, true,
			  "iopl_migrate: iopl 3 on this CPU");
	}
	EXPECT_EQ(sys_iopl(0), 0); /* on the last CPU */
	for (int cpu = 0; cpu < n; cpu++) {
		MOVE_TO((unsigned)cpu);
		EXPECT_PORT(0x80, false, "iopl_migrate: after iopl(0)");
		EXPECT_PORT(0x81, true, "iopl_migrate: its bitmap again");
	}
	drop_io_state();
	EXPECT_EQ(unpin(), 0);
	return T_OK;
}
