/*
 * t_linux.c - the scenarios of Linux's own ioperm selftest
 * (tools/testing/selftests/x86), written afresh for this ABI: a kernel
 * that passes them behaves like Linux where a program can tell.  The
 * iopl half is in t_iopl.c.
 *
 * Ports: 0x80 (POST code) and 0x81 (a DMA page register) are harmless to
 * read and write on any PC, 0xed is the other classic "delay" port, 0x1234
 * is unassigned (reads give 0xff) and writing 0xffff is ignored by QEMU.
 * Every test starts with no I/O state: the runner never calls ioperm.
 */
#include "iotests.h"

/* ---- ioperm ------------------------------------------------------------ */

int test_ioperm_basic(void)
{
	if (!root_or_skip())
		return t_skip("not running as root");
	probe_init();
	EXPECT_PORT(0x80, false, "before any ioperm");
	EXPECT_PORT(0xed, false, "before any ioperm");

	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);
	EXPECT_PORT(0x80, true, "after ioperm(0x80, 1, 1)");
	EXPECT_PORT(0xed, false, "after ioperm(0x80, 1, 1)");

	CHECK_EQ(sys_ioperm(0x80, 1, 0), 0);
	EXPECT_PORT(0x80, false, "after ioperm(0x80, 1, 0)");
	EXPECT_PORT(0xed, false, "after ioperm(0x80, 1, 0)");
	return T_OK;
}

/* Inherits 0x80, then trades it for 0x81: its copy, not the parent's. */
static int trading_child(long unused)
{
	(void)unused;
	EXPECT_PORT(0x80, true, "child: the grant inherited from fork");
	EXPECT_PORT(0x81, false, "child: before its own ioperm");
	EXPECT_EQ(sys_ioperm(0x81, 1, 1), 0);
	EXPECT_EQ(sys_ioperm(0x80, 1, 0), 0);
	/* Yield between checks, so the parent runs (and checks its map)
	 * between our returns to user mode. */
	for (int i = 0; i < 10; i++) {
		EXPECT_PORT(0x80, false, "child: after dropping 0x80");
		EXPECT_PORT(0x81, true, "child: after ioperm(0x81, 1, 1)");
		sys_sched_yield();
	}
	return T_OK;
}

int test_ioperm_fork(void)
{
	if (!root_or_skip())
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);

	long pid = spawn(trading_child, 0);

	CHECK(pid > 0, "fork: error %ld", -pid);
	for (int i = 0; i < 10; i++) {
		EXPECT_PORT(0x80, true, "parent, while the child trades ports");
		EXPECT_PORT(0x81, false, "parent, while the child has 0x81");
		sys_sched_yield();
	}
	if (expect_child_ok(pid, "the child") != T_OK)
		return T_FAIL;
	EXPECT_PORT(0x80, true, "parent, after the child exited");
	EXPECT_PORT(0x81, false, "parent, after the child exited");
	return T_OK;
}

static int unprivileged_child(long unused)
{
	(void)unused;
	EXPECT_EQ(sys_setresuid(UNPRIVILEGED, UNPRIVILEGED, UNPRIVILEGED), 0);
	EXPECT_EQ(sys_geteuid(), UNPRIVILEGED);
	/* Giving up privilege keeps the ports already granted... */
	EXPECT_PORT(0x80, true, "uid 1000: the inherited grant");
	/* ...turning off never needs privilege, even ports never on... */
	EXPECT_EQ(sys_ioperm(0x81, 1, 0), 0);
	EXPECT_PORT(0x80, true, "uid 1000: after turning 0x81 off");
	EXPECT_EQ(sys_ioperm(0x80, 1, 0), 0);
	EXPECT_PORT(0x80, false, "uid 1000: after ioperm(0x80, 1, 0)");
	/* ...but turning on does, and a refusal changes nothing. */
	EXPECT_EQ(sys_ioperm(0x80, 1, 1), -EPERM);
	EXPECT_PORT(0x80, false, "uid 1000: after the refused ioperm");
	EXPECT_EQ(sys_ioperm(0xed, 1, 1), -EPERM);
	EXPECT_PORT(0xed, false, "uid 1000: after the refused ioperm");
	EXPECT_EQ(sys_ioperm(0x1000, 16, 0), 0);
	return T_OK;
}

int test_ioperm_unprivileged(void)
{
	if (!root_or_skip())
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);
	if (expect_child_ok(spawn(unprivileged_child, 0), "uid 1000 child"))
		return T_FAIL;
	/* The child's drop was made on its own copy. */
	EXPECT_PORT(0x80, true, "parent, after the child dropped 0x80");
	return T_OK;
}

static int unprivileged_errors(long unused)
{
	(void)unused;
	EXPECT_EQ(sys_setresuid(UNPRIVILEGED, UNPRIVILEGED, UNPRIVILEGED), 0);
	/* The range is judged before the privilege, as on Linux. */
	EXPECT_EQ(sys_ioperm(0x10000, 1, 1), -EINVAL);
	EXPECT_EQ(sys_ioperm(0x80, 0, 1), -EINVAL);
	EXPECT_EQ(sys_ioperm(0x80, 1, 1), -EPERM);
	return T_OK;
}

int test_ioperm_errors(void)
{
	if (!root_or_skip())
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_ioperm(0x80, 0, 1), -EINVAL);
	CHECK_EQ(sys_ioperm(0x80, 0, 0), -EINVAL);
	CHECK_EQ(sys_ioperm(0x10000, 1, 1), -EINVAL);
	CHECK_EQ(sys_ioperm(0x10000, 1, 0), -EINVAL);
	CHECK_EQ(sys_ioperm(0xffff, 2, 1), -EINVAL);
	CHECK_EQ(sys_ioperm(0, 0x10001, 1), -EINVAL);
	/* from + num wraps around 2^64: to 0, and to just past 0. */
	CHECK_EQ(sys_ioperm(0x10, -0x10UL, 1), -EINVAL);
	CHECK_EQ(sys_ioperm(1, ~0UL, 1), -EINVAL);
	CHECK_EQ(sys_ioperm(~0UL, 2, 1), -EINVAL);
	CHECK_EQ(sys_ioperm(0x80, ~0UL, 0), -EINVAL);
	EXPECT_PORT(0x80, false, "after the refused calls");

	/* The extremes that are valid. */
	CHECK_EQ(sys_ioperm(0xffff, 1, 1), 0);
	EXPECT_PORT(0xffff, true, "after ioperm(0xffff, 1, 1)");
	CHECK_EQ(sys_ioperm(0, 0x10000, 0), 0);
	EXPECT_PORT(0xffff, false, "after ioperm(0, 0x10000, 0)");

	/* A refused call leaves the existing bitmap alone. */
	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);
	CHECK_EQ(sys_ioperm(0x80, 0x10000, 0), -EINVAL);
	CHECK_EQ(sys_ioperm(0, 0, 0), -EINVAL);
	EXPECT_PORT(0x80, true, "after refused calls to turn it off");
	EXPECT_PORT(0x81, false, "after refused calls");

	if (expect_child_ok(spawn(unprivileged_errors, 0), "uid 1000 child"))
		return T_FAIL;
	return T_OK;
}
