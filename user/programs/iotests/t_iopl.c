/*
 * t_iopl.c - the scenarios of Linux's iopl selftest, written afresh:
 * iopl(3) opens every port, yet EFLAGS.IOPL stays 0 (Portcullis, like
 * Linux since 5.5, emulates level 3 with an all-zero I/O bitmap), so CLI
 * and STI still fault; levels 1 and 2 act as 0; going back below 3
 * restores the process's own ioperm() bitmap; a child's level stays the
 * child's; and only root may raise the level.
 *
 * Ports as in t_linux.c: 0x80, 0x81, 0xed and 0xffff are safe to write,
 * 0x1234 is only read.
 */
#include "iotests.h"

/* Under iopl(3): everything a port can be asked, on ports nobody granted. */
static int expect_all_open(const char *when)
{
	EXPECT_PORT(0x80, true, when);
	EXPECT_PORT(0xed, true, when);
	for (unsigned w = 1; w <= 4; w *= 2)
		EXPECT_IO(0x1234, w, IO_IN, IO_FORM_DX, true, when);
	EXPECT_IO(0x1234, 2, IO_IN, IO_FORM_STRING, true, when);
	EXPECT_PORT(0xffff, true, when);
	return T_OK;
}

static int expect_all_closed(const char *when)
{
	EXPECT_PORT(0x80, false, when);
	EXPECT_PORT(0xed, false, when);
	EXPECT_IO(0x1234, 1, IO_IN, IO_FORM_DX, false, when);
	EXPECT_PORT(0xffff, false, when);
	return T_OK;
}

int test_iopl_all_ports(void)
{
	if (!root_or_skip())
		return t_skip("not running as root");
	probe_init();
	if (expect_all_closed("before iopl"))
		return T_FAIL;
	CHECK_EQ(sys_iopl(3), 0);
	if (expect_all_open("after iopl(3)"))
		return T_FAIL;
	/* Emulated with an all-zero map, whose terminating 0xff byte still
	 * ends the port space: a word at 0xffff would need port 0x10000. */
	EXPECT_IO(0xffff, 2, IO_IN, IO_FORM_DX, false, "iopl(3), inw 0xffff");

	/* EFLAGS.IOPL stays 0, so the interrupt flag is still out of reach. */
	CHECK(!probe_cli(), "cli ran after iopl(3): EFLAGS.IOPL is not 0");
	CHECK_EQ(io_fault.signo, SIGSEGV);
	CHECK_EQ(io_fault.trapno, TRAP_GP);
	CHECK(!probe_sti(), "sti ran after iopl(3): EFLAGS.IOPL is not 0");
	CHECK_EQ(io_fault.trapno, TRAP_GP);

	/* Levels 1 and 2 act as 0. */
	CHECK_EQ(sys_iopl(2), 0);
	if (expect_all_closed("after iopl(2)"))
		return T_FAIL;
	CHECK_EQ(sys_iopl(1), 0);
	if (expect_all_closed("after iopl(1)"))
		return T_FAIL;
	CHECK_EQ(sys_iopl(3), 0);
	if (expect_all_open("after iopl(3) again"))
		return T_FAIL;
	CHECK_EQ(sys_iopl(0), 0);
	if (expect_all_closed("after iopl(0)"))
		return T_FAIL;
	return T_OK;
}

int test_iopl_restores_bitmap(void)
{
	if (!root_or_skip())
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);
	CHECK_EQ(sys_iopl(3), 0);
	if (expect_all_open("ioperm(0x80), then iopl(3)"))
		return T_FAIL;
	CHECK_EQ(sys_iopl(0), 0);
	EXPECT_PORT(0x80, true, "ioperm(0x80), iopl(3), iopl(0)");
	EXPECT_PORT(0xed, false, "ioperm(0x80), iopl(3), iopl(0)");
	EXPECT_PORT(0x81, false, "ioperm(0x80), iopl(3), iopl(0)");

	/* The bitmap changes underneath iopl(3) and shows when it ends. */
	CHECK_EQ(sys_iopl(3), 0);
	CHECK_EQ(sys_ioperm(0x81, 1, 1), 0);
	CHECK_EQ(sys_ioperm(0x80, 1, 0), 0);
	EXPECT_PORT(0x80, true, "iopl(3), bitmap changed underneath");
	CHECK_EQ(sys_iopl(0), 0);
	EXPECT_PORT(0x80, false, "back at iopl(0) with 0x81 only");
	EXPECT_PORT(0x81, true, "back at iopl(0) with 0x81 only");

	/* And an emptied bitmap means nothing at all once iopl is 0. */
	CHECK_EQ(sys_iopl(3), 0);
	CHECK_EQ(sys_ioperm(0, 0x10000, 0), 0);
	EXPECT_PORT(0x81, true, "iopl(3), bitmap emptied underneath");
	CHECK_EQ(sys_iopl(0), 0);
	if (expect_all_closed("iopl(0) with an emptied bitmap"))
		return T_FAIL;
	return T_OK;
}

static int inherits_iopl(long unused)
{
	(void)unused;
	EXPECT_PORT(0xed, true, "grandchild: iopl 3 inherited from fork");
	return T_OK;
}

static int iopl_child(long unused)
{
	(void)unused;
	EXPECT_EQ(sys_iopl(3), 0);
	if (expect_child_ok(spawn(inherits_iopl, 0), "grandchild"))
		return T_FAIL;
	for (int i = 0; i < 10; i++) {
		EXPECT_PORT(0xed, true, "child: after iopl(3)");
		sys_sched_yield();
	}
	return T_OK;
}

static int plain_child(long unused)
{
	(void)unused;
	EXPECT_PORT(0xed, false, "a new child after the iopl(3) child");
	return T_OK;
}

int test_iopl_child(void)
{
	if (!root_or_skip())
		return t_skip("not running as root");
	probe_init();

	long pid = spawn(iopl_child, 0);

	CHECK(pid > 0, "fork: error %ld", -pid);
	for (int i = 0; i < 10; i++) {
		EXPECT_PORT(0xed, false, "parent, while the child has iopl 3");
		sys_sched_yield();
	}
	if (expect_child_ok(pid, "the iopl(3) child"))
		return T_FAIL;
	EXPECT_PORT(0xed, false, "parent, after the iopl(3) child exited");
	if (expect_child_ok(spawn(plain_child, 0), "the next child"))
		return T_FAIL;
	return T_OK;
}

static int unprivileged_iopl(long unused)
{
	(void)unused;
	EXPECT_EQ(sys_setresuid(UNPRIVILEGED, UNPRIVILEGED, UNPRIVILEGED), 0);
	EXPECT_EQ(sys_iopl(4), -EINVAL); /* the level first, then privilege */
	EXPECT_EQ(sys_iopl(3), -EPERM);
	EXPECT_EQ(sys_iopl(1), -EPERM);
	EXPECT_EQ(sys_iopl(0), 0);
	EXPECT_PORT(0xed, false, "uid 1000 after the refused iopl(3)");
	return T_OK;
}

/* Gets iopl 3 as root, then drops privilege: it may keep the level and
 * lower it, but never raise it again. */
static int iopl_then_drop(long unused)
{
	(void)unused;
	EXPECT_EQ(sys_iopl(3), 0);
	EXPECT_EQ(sys_setresuid(UNPRIVILEGED, UNPRIVILEGED, UNPRIVILEGED), 0);
	EXPECT_EQ(sys_iopl(3), 0);
	EXPECT_PORT(0xed, true, "uid 1000 keeping iopl 3");
	EXPECT_EQ(sys_iopl(2), 0);
	EXPECT_PORT(0xed, false, "uid 1000 at iopl 2");
	EXPECT_EQ(sys_iopl(3), -EPERM);
	EXPECT_PORT(0xed, false, "uid 1000 after a refused raise");
	EXPECT_EQ(sys_iopl(0), 0);
	EXPECT_EQ(sys_iopl(2), -EPERM);
	return T_OK;
}

int test_iopl_errors(void)
{
	if (!root_or_skip())
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_iopl(4), -EINVAL);
	CHECK_EQ(sys_iopl(-1), -EINVAL);
	CHECK_EQ(sys_iopl(0x10003), -EINVAL);
	EXPECT_PORT(0xed, false, "after the refused iopl calls");
	if (expect_child_ok(spawn(unprivileged_iopl, 0), "uid 1000 child"))
		return T_FAIL;
	if (expect_child_ok(spawn(iopl_then_drop, 0), "iopl 3, then uid 1000"))
		return T_FAIL;
	return T_OK;
}
