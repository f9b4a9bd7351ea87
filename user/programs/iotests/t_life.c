/*
 * t_life.c - I/O permissions over a process's life: execve keeps them
 * (a driver started by a wrapper keeps the ports it was given), exit
 * gives them back so the next process in the same slot starts with
 * nothing, and a fork that fails leaves no trace - not in the parent's
 * ports, not in physical memory.
 */
#include <string.h>

#include "iotests.h"

/* ---- exec -------------------------------------------------------------- */

/* Exit statuses of the hidden modes, so the parent can say what broke. */
enum {
	PROBE_OK = 0,
	PROBE_80_DENIED = 3,
	PROBE_OTHERS_WRONG = 4,
	PROBE_IOPL_WRONG = 5,
	PROBE_EXEC_FAILED = 99,
};

/*
 * iotests --exec-probe [-q]  (run after ioperm(0x80, 1, 1) and execve)
 * iotests --exec-probe-iopl  (run after iopl(3) and execve)
 * The new program has a fresh address space, so it installs its own
 * handler; the I/O state is the only thing it can have inherited.
 */
int exec_probe_main(const char *mode, bool quiet)
{
	bool iopl = strcmp(mode, "--exec-probe-iopl") == 0;

	probe_init();
	if (!io_probe(0x80, 1, IO_OUT, IO_FORM_DX) ||
	    !io_probe(0x80, 1, IO_IN, IO_FORM_IMM)) {
		if (!quiet)
			printf("  iotests %s: port 0x80 faulted after execve\n",
			       mode);
		return PROBE_80_DENIED;
	}
	if (io_probe(0xed, 1, IO_OUT, IO_FORM_DX) != iopl ||
	    io_probe(0x81, 1, IO_IN, IO_FORM_DX) != iopl) {
		printf("  iotests %s: ports 0xed/0x81 %s after execve\n", mode,
		       iopl ? "faulted" : "were allowed");
		return PROBE_OTHERS_WRONG;
	}
	if (iopl && (!io_probe(0x1234, 4, IO_IN, IO_FORM_DX) || probe_cli())) {
		printf("  iotests %s: iopl 3 not as it was before execve\n",
		       mode);
		return PROBE_IOPL_WRONG;
	}
	return PROBE_OK;
}

/* arg: 0 ioperm(0x80), 1 iopl(3), 2 nothing (the probe must fail, and
 * without a word: "-q"). */
static int exec_child(long arg)
{
	char *probe = arg == 1 ? "--exec-probe-iopl" : "--exec-probe";
	char *argv[] = {"iotests", probe, arg == 2 ? "-q" : NULL, NULL};
	char *envp[] = {NULL};

	if (arg == 0 && sys_ioperm(0x80, 1, 1) != 0)
		return PROBE_EXEC_FAILED;
	if (arg == 1 && sys_iopl(3) != 0)
		return PROBE_EXEC_FAILED;
	sys_execve("/bin/iotests", argv, envp);
	return PROBE_EXEC_FAILED;
}

int test_exec_keeps(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");

	long status = reap(spawn(exec_child, 0));

	CHECK(status == 0,
	      "ioperm(0x80), execve: %s (3: 0x80 denied, 4: 0xed or 0x81 "
	      "allowed, 99: execve failed)",
	      describe_status(status));
	status = reap(spawn(exec_child, 1));
	CHECK(status == 0,
	      "iopl(3), execve: %s (3, 4, 5: ports closed, 99: execve "
	      "failed)",
	      describe_status(status));
	/* The control: without a grant the same probe must report 0x80
	 * closed, or the two passes above prove nothing. */
	status = reap(spawn(exec_child, 2));
	CHECK(status == PROBE_80_DENIED << 8,
	      "execve without ioperm: %s, expected exit %d (0x80 denied)",
	      describe_status(status), PROBE_80_DENIED);
	return T_OK;
}

/* ---- exit -------------------------------------------------------------- */

/* arg 0: ioperm(0x80); arg 1: iopl(3).  Uses it, then exits. */
static int grant_and_exit(long arg)
{
	EXPECT_EQ(arg ? sys_iopl(3) : sys_ioperm(0x80, 1, 1), 0);
	EXPECT_PORT(0x80, true, "the child with ports, before exiting");
	EXPECT_PORT(0xed, arg == 1, "the child with ports, before exiting");
	return T_OK;
}

static int grant_and_sleep(long unused)
{
	(void)unused;
	sys_ioperm(0x80, 1, 1);
	sys_iopl(3);
	return sleep_forever(0);
}

static int fresh_child(long unused)
{
	(void)unused;
	EXPECT_PORT(0x80, false, "a new child after one with ports died");
	EXPECT_PORT(0xed, false, "a new child after one with ports died");
	return T_OK;
}

static int scenario_exit(long strategy)
{
	(void)strategy;
	probe_init();
	for (int round = 0; round < 6; round++) {
		long arg = round % 2;

		if (expect_child_ok(spawn(grant_and_exit, arg), "ports, exit"))
			return T_FAIL;
		if (expect_child_ok(spawn(fresh_child, 0), "the next child"))
			return T_FAIL;
	}
	/* Killed rather than exiting: the same path must give them back. */
	long pid = spawn(grant_and_sleep, 0);

	EXPECT_EQ(pid > 0, 1);
	sleep_ms(30); /* let it take its ports and go to sleep */
	EXPECT_EQ(sys_kill((pid_t)pid, SIGKILL), 0);
	EXPECT_EQ(reap(pid), SIGKILL);
	if (expect_child_ok(spawn(fresh_child, 0), "after a killed child"))
		return T_FAIL;
	EXPECT_PORT(0x80, false, "the parent, which never had ports");
	return T_OK;
}

int test_exit_releases(void)
{
	return under_each_strategy(scenario_exit, "exit releasing ports");
}

/* ---- a failed fork ----------------------------------------------------- */

#define MAX_CHILDREN 128 /* more than the process table has slots */

static long children[MAX_CHILDREN];

/* The holders leave through a SIGUSR1 handler rather than SIGKILL, only
 * so the kernel logs no kill report for each of them. */
static void exit_quietly(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)info;
	(void)uc;
	sys_exit_group(0);
}

/* Odd children make their own copy of the shared bitmap (copy on write),
 * so the exits free both kinds: shared references and private copies. */
static int holder(long i)
{
	if (i % 2)
		sys_ioperm(0x81, 1, 1);
	return sleep_forever(0);
}

static int parent_ports_intact(const char *when)
{
	EXPECT_PORT(0x80, true, when);
	EXPECT_PORT(0x81, false, when);
	EXPECT_PORT(0xed, false, when);
	return T_OK;
}

/* Forks holders until the table is full, checks, then ends them all. */
static int fill_and_empty(const char *round)
{
	long err = 0;
	int n = 0;

	CHECK_EQ(install_handler(SIGUSR1, exit_quietly, 0), 0);
	while (n < MAX_CHILDREN) {
		long pid = spawn(holder, n);

		if (pid < 0) {
			err = pid;
			break;
		}
		children[n++] = pid;
	}
	sleep_ms(50);		 /* every holder runs: takes its copy, sleeps */
	long again = sys_fork(); /* still full: must fail the same way */

	if (again == 0)
		sys_exit_group(0);
	/* The failed forks changed nothing of ours.  Judged only after the
	 * clean-up: holders left behind would fill the table for good. */
	int ports_while_full = parent_ports_intact(round);

	for (int i = 0; i < n; i++)
		sys_kill((pid_t)children[i], SIGUSR1);

	int bad = 0;

	for (int i = 0; i < n; i++) {
		if (reap(children[i]) != 0)
			bad++;
	}
	CHECK(err == -EAGAIN, "%s: fork failed with %ld after %d children",
	      round, err, n);
	CHECK(again == -EAGAIN, "%s: second fork on a full table: %ld", round,
	      again);
	CHECK(bad == 0, "%s: %d of %d children did not exit 0 on SIGUSR1",
	      round, bad, n);
	CHECK(ports_while_full == T_OK,
	      "%s: the parent's ports changed after fork failed (see above)",
	      round);
	return parent_ports_intact(round);
}

int test_fork_fail(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	probe_init();
	CHECK_EQ(sys_ioperm(0x80, 1, 1), 0);

	/* The first round warms up whatever the kernel allocates lazily
	 * (heap arenas for the bitmap copies); the second must then give
	 * back every frame it takes. */
	if (fill_and_empty("first round"))
		return T_FAIL;

	long before = sys_pc_free_frames();

	CHECK(before > 0, "pc_free_frames() = %ld", before);
	if (fill_and_empty("second round"))
		return T_FAIL;

	long after = settled_free_frames(before);

	CHECK(after == before, "%ld free frames before, %ld after (%ld lost)",
	      before, after, before - after);
	/* The table has room again, and a child still inherits 0x80. */
	if (expect_child_ok(spawn(grant_and_exit, 0),
			    "a fork after the rounds"))
		return T_FAIL;
	return parent_ports_intact("after both rounds");
}
