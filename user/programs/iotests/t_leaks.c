/*
 * t_leaks.c - the two leaks of the 2019 seed patch (docs/io-bitmap.md),
 * and a third a per-bitmap sequence number would open, reproduced on one
 * CPU under each strategy.
 *
 * There is no shared memory and no pipe, so the processes are ordered by
 * the scheduler alone: on one CPU the run queue is FIFO, so processes that
 * do nothing but sched_yield between their steps take turns, and every
 * return to user mode after a yield comes right after the others' turns.
 * The timer (and the runner polling for us) may slip in a switch now and
 * then; that changes the order of a round or two, not what must hold.
 * What must hold does not depend on the order at all: each process may use
 * its own ports and none of the others', whoever ran last.  The counters
 * then confirm that the processes really did interleave.  With several
 * CPUs the scenarios are pinned to CPU 0 (the children inherit the
 * mask), where these orderings happen.  The _smp variants replay the
 * same scenarios across CPUs: every process moves to a random CPU before
 * each of its turns (sched_setaffinity), so a process comes back to maps
 * that others loaded on that CPU meanwhile, and leaves its own behind.
 *
 * stale and partial are lab 4's exploits (docs/labs/4-leaks.md): each must
 * fail on the posted design and pass on the fixed one.
 * LAB 4: BEGIN SOLUTION
 *   stale    B holds 0x80 and never changes it.  A, between B's turns,
 *            calls ioperm (sometimes from no I/O state at all, when B's
 *            bits are still what the TSS map holds).  The seed patch
 *            wrote A's bits into the map without taking the map's
 *            sequence, so B came back to a "matching" map holding A's
 *            ports.  A bystander with no I/O state probes between them.
 *   partial  H holds 0xfff0-0xfff7 (its map reaches byte 8191), L holds
 *            only 0x80 (17 bytes).  Switching from H to L must rewrite
 *            all 8192 bytes H opened, not just L's 17: the seed patch
 *            copied L's size and left H's high ports open to L.
 * LAB 4: END SOLUTION
 *   reuse    B and A each allocate a fresh bitmap, use it and free it,
 *            in turn.  With a sequence counted per bitmap, two fresh
 *            bitmaps (or one reusing the other's memory) would share a
 *            sequence, and A would run with B's map.
 */
#include <stdlib.h>

#include "iotests.h"

#define ROUNDS 40

/* Set before the children are forked: whether each turn migrates. */
static bool migrating;
static int ncpus = 1;

/* Gives the others a turn: on this CPU, or - migrating - on a random one
 * (the move happens inside sched_setaffinity, the yield then lets the
 * ones queued there run). */
static void turn(void)
{
	static long seeded_for;
	if (migrating && seeded_for != sys_getpid()) {
		seeded_for = sys_getpid(); /* each child its own sequence */
		pc_srand(0x9e3779b97f4a7c15ull * (uint64_t)seeded_for);
	}
	if (migrating && pin_to_cpu((unsigned)(pc_rand() % (unsigned)ncpus)))
		printf("  iotests: pid %ld: sched_setaffinity failed\n",
		       sys_getpid());
	sys_sched_yield();
}

/* Runs the scenario's processes (each fn(arg) in a child), waits for all,
 * and checks that they interleaved: at least one switch per round. */
static int run_here(int (*fns[])(long), int n, const char *what)
{
	long pids[4];
	struct pc_io_counters c;

	probe_init(); /* the children inherit the handler */
	EXPECT_EQ(io_counters_all(NULL), 0);
	for (int i = 0; i < n; i++) {
		pids[i] = spawn(fns[i], i);
		EXPECT_EQ(pids[i] > 0, 1);
	}
	int failed = 0;

	for (int i = 0; i < n; i++) {
		if (expect_child_ok(pids[i], what) != T_OK)
			failed = 1;
	}
	if (failed)
		return T_FAIL;
	EXPECT_EQ(io_counters_all(&c), 0);
	if (c.io_switches < ROUNDS) {
		printf("  iotests: %s: only %lu switches with I/O state in %d "
		       "rounds: the processes did not interleave\n",
		       what, (unsigned long)c.io_switches, ROUNDS);
		return T_FAIL;
	}
	return T_OK;
}

/* run_here on CPU 0, or migrating over every CPU; the caller's affinity
 * restored afterwards. */
static int run_processes(int (*fns[])(long), int n, const char *what)
{
	if (!migrating)
		EXPECT_EQ(pin_to_cpu(0), 0);
	int result = run_here(fns, n, what);
	EXPECT_EQ(unpin(), 0);
	return result;
}

static int across_cpus(int (*scenario)(long), const char *what)
{
	ncpus = cpus_online();
	if (ncpus < 2)
		return t_skip("one CPU: nothing to migrate between");
	migrating = true;
	return under_each_strategy(scenario, what);
}

/* LAB 4: BEGIN SOLUTION */
/* No I/O state at all: whatever ran before it, nothing is open. */
static int bystander(long unused)
{
	(void)unused;
	for (int i = 0; i < 2 * ROUNDS; i++) {
		EXPECT_PORT(0x80, false, "bystander without ioperm");
		EXPECT_PORT(0x81, false, "bystander without ioperm");
		EXPECT_PORT(0xed, false, "bystander without ioperm");
		EXPECT_IO(0xfff0, 1, IO_IN, IO_FORM_DX, false,
			  "bystander without ioperm");
		turn();
	}
	return T_OK;
}

/* ---- stale ------------------------------------------------------------- */

static int stale_b(long unused)
{
	(void)unused;
	EXPECT_EQ(sys_ioperm(0x80, 1, 1), 0);
	for (int i = 0; i < ROUNDS; i++) {
		turn();
		EXPECT_PORT(0x80, true, "stale: B's own port, after A's turn");
		EXPECT_PORT(0x81, false, "stale: B probing A's port 0x81");
		EXPECT_PORT(0xed, false, "stale: B probing A's port 0xed");
	}
	return T_OK;
}

static int stale_a_check(bool with_ed, const char *when)
{
	EXPECT_PORT(0x81, true, when);
	EXPECT_PORT(0xed, with_ed, when);
	EXPECT_PORT(0x80, false, when); /* B's */
	return T_OK;
}

static int stale_a(long unused)
{
	(void)unused;
	for (int i = 0; i < ROUNDS; i++) {
		bool with_ed = i % 2;

		/* Odd rounds: A has a map of its own when it adds 0x81;
		 * even rounds: its first ioperm, from no state at all. */
		if (with_ed) {
			EXPECT_EQ(sys_ioperm(0xed, 1, 1), 0);
			turn();
		}
		EXPECT_EQ(sys_ioperm(0x81, 1, 1), 0);
		if (stale_a_check(with_ed, "stale: A right after its ioperm"))
			return T_FAIL;
		turn();
		if (stale_a_check(with_ed, "stale: A after B's turn"))
			return T_FAIL;
		EXPECT_EQ(sys_ioperm(0, 0x10000, 0), 0);
		EXPECT_PORT(0x81, false, "stale: A after dropping everything");
		EXPECT_PORT(0xed, false, "stale: A after dropping everything");
		turn();
	}
	return T_OK;
}

static int scenario_stale(long strategy)
{
	int (*fns[])(long) = {stale_b, stale_a, bystander};

	(void)strategy;
	return run_processes(fns, 3, "stale");
}

int test_leak_stale(void)
{
	return under_each_strategy(scenario_stale, "the stale-sequence leak");
}

int test_leak_stale_smp(void)
{
	return across_cpus(scenario_stale,
			   "the stale-sequence leak across CPUs");
}
/* LAB 4: END SOLUTION */
/* LAB 4: HINT
 * Exploit 1, the stale sequence.  Write the processes (spawn, yield,
 * EXPECT_PORT; t_leaks.c's reuse scenario shows the pattern) whose probes
 * fail when a process comes back to a map whose prev_sequence "matches"
 * but whose bytes someone else wrote.  Which process must change its
 * ports, and when, relative to the other's turn?  It must fail on the
 * posted design (make grade builds it) and pass on yours.
 * LAB 4: CODE
 *int test_leak_stale(void)
 *{
 *	return t_fail("not written yet (lab 4)");
 *}
 *
 *int test_leak_stale_smp(void)
 *{
 *	return t_fail("not written yet (lab 4): across_cpus(your scenario)");
 *}
 * LAB 4: END HINT */

/* LAB 4: BEGIN SOLUTION */
/* ---- partial ----------------------------------------------------------- */

static int partial_h(long unused)
{
	bool has_fff8 = false;

	(void)unused;
	EXPECT_EQ(sys_ioperm(0xfff0, 8, 1), 0);
	EXPECT_EQ(sys_ioperm(0x80, 1, 1), 0);
	for (int i = 0; i < ROUNDS; i++) {
		if (i % 8 == 7) { /* a new sequence now and then */
			has_fff8 = !has_fff8;
			EXPECT_EQ(sys_ioperm(0xfff8, 1, has_fff8), 0);
		}
		turn();
		for (unsigned p = 0xfff0; p < 0xfff8; p++)
			EXPECT_IO(p, 1, IO_IN, IO_FORM_DX, true,
				  "partial: H's high ports");
		EXPECT_IO(0xfff0, 4, IO_IN, IO_FORM_DX, true, "partial: H");
		EXPECT_IO(0xfff8, 1, IO_IN, IO_FORM_DX, has_fff8,
			  "partial: H's 0xfff8");
		EXPECT_PORT(0x80, true, "partial: H's 0x80");
	}
	return T_OK;
}

/* None of H's high ports may be open to L, whoever ran last. */
static int partial_l_check(bool has_81, const char *when)
{
	for (unsigned p = 0xfff0; p < 0xfff9; p++)
		EXPECT_IO(p, 1, IO_IN, IO_FORM_DX, false, when);
	EXPECT_IO(0xfff0, 4, IO_IN, IO_FORM_DX, false, when);
	EXPECT_IO(0xfff4, 1, IO_IN, IO_FORM_STRING, false, when);
	EXPECT_PORT(0x80, true, when);
	EXPECT_PORT(0x81, has_81, when);
	return T_OK;
}

static int partial_l(long unused)
{
	bool has_81 = false;

	(void)unused;
	/* Right after its own ioperm, too: a design that copies at
	 * ioperm() time (the posted patch) leaves H's bytes there. */
	EXPECT_EQ(sys_ioperm(0x80, 1, 1), 0);
	if (partial_l_check(has_81, "partial: L right after its ioperm"))
		return T_FAIL;
	for (int i = 0; i < ROUNDS; i++) {
		if (i % 4 == 3) {
			has_81 = !has_81;
			EXPECT_EQ(sys_ioperm(0x81, 1, has_81), 0);
			if (partial_l_check(
				has_81, "partial: L right after its ioperm"))
				return T_FAIL;
		}
		turn();
		if (partial_l_check(has_81, "partial: L after H's turn"))
			return T_FAIL;
	}
	return T_OK;
}

static int scenario_partial(long strategy)
{
	int (*fns[])(long) = {partial_h, partial_l, bystander};

	(void)strategy;
	return run_processes(fns, 3, "partial");
}

int test_leak_partial(void)
{
	return under_each_strategy(scenario_partial, "the partial-copy leak");
}

int test_leak_partial_smp(void)
{
	return across_cpus(scenario_partial,
			   "the partial-copy leak across CPUs");
}
/* LAB 4: END SOLUTION */
/* LAB 4: HINT
 * Exploit 2, the partial copy.  Write the processes whose probes fail
 * when a copy into the TSS map covers fewer bytes than the map's previous
 * owner opened.  Which ports should the first process hold, and how few
 * should the second?  Fail on the posted design, pass on yours.
 * LAB 4: CODE
 *int test_leak_partial(void)
 *{
 *	return t_fail("not written yet (lab 4)");
 *}
 *
 *int test_leak_partial_smp(void)
 *{
 *	return t_fail("not written yet (lab 4): across_cpus(your scenario)");
 *}
 * LAB 4: END HINT */

/* ---- reuse ------------------------------------------------------------- */

/* Allocates a bitmap with port `mine`, uses it across a turn of the other
 * process, frees it; `theirs` must never be open. */
static int fresh_bitmaps(unsigned mine, unsigned theirs)
{
	for (int i = 0; i < ROUNDS; i++) {
		EXPECT_EQ(sys_ioperm(mine, 1, 1), 0);
		EXPECT_PORT(mine, true, "reuse: a fresh bitmap, own port");
		EXPECT_PORT(theirs, false, "reuse: a fresh bitmap, other's");
		turn();
		EXPECT_PORT(mine, true, "reuse: own port after a turn");
		EXPECT_PORT(theirs, false, "reuse: other's after a turn");
		EXPECT_EQ(sys_ioperm(mine, 1, 0), 0); /* frees the bitmap */
		EXPECT_PORT(mine, false, "reuse: after freeing the bitmap");
		turn();
	}
	return T_OK;
}

static int reuse_b(long unused)
{
	(void)unused;
	return fresh_bitmaps(0x80, 0xed);
}

static int reuse_a(long unused)
{
	(void)unused;
	return fresh_bitmaps(0xed, 0x80);
}

static int scenario_reuse(long strategy)
{
	int (*fns[])(long) = {reuse_b, reuse_a};

	(void)strategy;
	return run_processes(fns, 2, "reuse");
}

int test_leak_reuse(void)
{
	return under_each_strategy(scenario_reuse, "fresh-bitmap reuse");
}

int test_leak_reuse_smp(void)
{
	return across_cpus(scenario_reuse, "fresh-bitmap reuse across CPUs");
}
