/*
 * t_calls.c - Portcullis's own calls around the bitmap: the strategy
 * switch and the counters (kernel/uapi/portcullis.h).  Querying is open
 * to everyone, changing and resetting need uid 0; and, run last, a check
 * that the tests which switched strategies all put the boot one back.
 */
#include "iotests.h"

/* The strategy before any test ran (main() calls note_boot_strategy);
 * negative where the call does not exist (-ENOSYS on Linux). */
static long boot_strategy = -1;

void note_boot_strategy(void)
{
	boot_strategy = sys_pc_iobitmap_strategy(-1);
}

static int unprivileged_calls(long current)
{
	struct pc_io_counters c;

	EXPECT_EQ(sys_setresuid(UNPRIVILEGED, UNPRIVILEGED, UNPRIVILEGED), 0);
	EXPECT_EQ(sys_pc_iobitmap_strategy(-1), current);
	for (long s = 0; s < NSTRATEGIES; s++)
		EXPECT_EQ(sys_pc_iobitmap_strategy(s), -EPERM);
	EXPECT_EQ(sys_pc_iobitmap_strategy(-1), current);
	EXPECT_EQ(sys_pc_io_counters(0, &c, 0), 0);
	EXPECT_EQ(sys_pc_io_counters(0, &c, 1), -EPERM);
	EXPECT_EQ(sys_pc_io_counters(0, NULL, 1), -EPERM);
	return T_OK;
}

int test_strategy_calls(void)
{
	struct pc_io_counters c;

	if (sys_getuid() != 0)
		return t_skip("not running as root");

	long current = sys_pc_iobitmap_strategy(-1);

	CHECK(current >= 0 && current < NSTRATEGIES, "strategy %ld", current);
	CHECK_EQ(sys_pc_iobitmap_strategy(NSTRATEGIES), -EINVAL);
	CHECK_EQ(sys_pc_iobitmap_strategy(-1), current);
	/* Each switch returns the one before it. */
	long prev = current;

	for (long s = NSTRATEGIES - 1; s >= 0; s--) {
		CHECK_EQ(sys_pc_iobitmap_strategy(s), prev);
		prev = s;
	}
	CHECK_EQ(sys_pc_iobitmap_strategy(current), 0);
	CHECK_EQ(sys_pc_iobitmap_strategy(-1), current);

	CHECK_EQ(sys_pc_io_counters(1000, &c, 0), -EINVAL);
	CHECK_EQ(sys_pc_io_counters(0, (void *)0xffff800000000000UL, 0),
		 -EFAULT);
	/* After a reset the counters start from (nearly) nothing: only
	 * what happened between the two calls. */
	CHECK_EQ(sys_pc_io_counters(0, NULL, 1), 0);
	CHECK_EQ(sys_pc_io_counters(0, &c, 0), 0);
	CHECK(c.context_switches < 10 && c.bitmap_copies < 10,
	      "counters just after a reset: %lu switches, %lu copies",
	      (unsigned long)c.context_switches,
	      (unsigned long)c.bitmap_copies);

	if (expect_child_ok(spawn(unprivileged_calls, current), "uid 1000"))
		return T_FAIL;
	return T_OK;
}

int test_strategy_restored(void)
{
	if (boot_strategy < 0)
		return t_skip("no strategy recorded at start");

	long now = sys_pc_iobitmap_strategy(-1);

	CHECK(now == boot_strategy,
	      "strategy %s at the end, but %s when iotests started",
	      strategy_name(now), strategy_name(boot_strategy));
	return T_OK;
}
