/*
 * t_stress.c - many processes, each with its own random and changing
 * bitmap, probing random ports and comparing every outcome with a model
 * of what it was granted.  Whatever order the scheduler picks, a process
 * must see exactly its own bitmap: any difference is a violation.
 *
 * The port pool.  Every grant stays inside four windows, chosen so that
 * the maps differ in low bytes, in the middle and at the very top (a map
 * reaching byte 8191), and so that an allowed access is always harmless
 * in QEMU's q35 machine:
 *
 *   0x80-0x8f      POST code and DMA page registers: read and write
 *   0xe8-0xef      around 0xed, the delay port: read (write 0xed only)
 *   0x1230-0x123f  unassigned: reads give 0xff
 *   0xfff0-0xffff  unassigned, the top of the map (write 0xffff only)
 *
 * Reads also go up to two ports past either end of a window: no one ever
 * grants those, so they must fault (and a read there is harmless anyway).
 * Writes go only to 0x80-0x8f, 0xed and 0xffff, and a wider write only
 * when every port it covers is one of those - or when it covers a port no
 * one ever grants, so the CPU refuses the whole access.
 *
 * Now and then a process turns a random sub-range on or off, drops all it
 * has, or toggles iopl(3) (every port but those past 0xffff).  It yields
 * every few probes so the eight interleave densely even between timer
 * ticks.  Each reports "stress: pid N probes P faults F violations V" and
 * exits with its violation count (0: none).
 *
 * With several CPUs each process also moves now and then: it sets its
 * affinity to a random non-empty set of CPUs, or to all of them
 * (unpinned), and checks with getcpu that it runs inside the new mask at
 * once.  So processes come back to CPUs whose maps others loaded
 * meanwhile, with bitmaps they changed elsewhere: the migration soak of
 * issue 12.  The moves are counted (a pipe brings each worker's count to
 * the parent) and reported as "iotests stress [S]: migrations M on C
 * CPUs".  `iotests --migrate-soak N` runs N probes in all (make soak).
 */
#include <stdlib.h>

#include "iotests.h"

#define NPROCS		8
#define PROBES_PER_PROC 12500

static long probes_per_proc = PROBES_PER_PROC;
static int ncpus = 1;
static long migrations;
static unsigned last_cpu;

struct window {
	unsigned first, count;
};

static const struct window pool[] = {
    {0x80, 16},
    {0xe8, 8},
    {0x1230, 16},
    {0xfff0, 16},
};
#define NWINDOWS (sizeof(pool) / sizeof(pool[0]))
#define EDGE	 2 /* ports probed past each end of a window */

static const unsigned write_ports[] = {
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
    0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0xed, 0xffff,
};
#define NWRITE_PORTS (sizeof(write_ports) / sizeof(write_ports[0]))

/* The process's own idea of what it may use. */
static bool granted[NWINDOWS][16];
static bool iopl3;

static long probes, faults, violations;

static unsigned rnd(unsigned n)
{
	return (unsigned)(pc_rand() % n);
}

/* The window holding port, or -1 when no one may ever be granted it. */
static int window_of(unsigned port)
{
	for (unsigned w = 0; w < NWINDOWS; w++) {
		if (port >= pool[w].first &&
		    port < pool[w].first + pool[w].count)
			return (int)w;
	}
	return -1;
}

static bool model_allows(unsigned port, unsigned width)
{
	if (port + width > 0x10000)
		return false; /* even iopl(3): the map ends at 0xffff */
	if (iopl3)
		return true;
	for (unsigned q = port; q < port + width; q++) {
		int w = window_of(q);

		if (w < 0 || !granted[w][q - pool[w].first])
			return false;
	}
	return true;
}

static bool writable(unsigned port)
{
	for (unsigned i = 0; i < NWRITE_PORTS; i++) {
		if (write_ports[i] == port)
			return true;
	}
	return false;
}

/* May we issue this write?  See the essay above. */
static bool write_is_safe(unsigned port, unsigned width)
{
	bool all_writable = true, refused_anyway = false;

	for (unsigned q = port; q < port + width; q++) {
		if (q > 0xffff || (!iopl3 && window_of(q) < 0))
			refused_anyway = true;
		else if (!writable(q))
			all_writable = false;
	}
	return all_writable || refused_anyway;
}

static void violation(unsigned port, unsigned width, enum io_dir dir,
		      enum io_form form, bool expected)
{
	char what[40];

	if (++violations <= 5)
		printf("  stress: pid %ld: %s %s, expected %s (iopl3 %d)\n",
		       sys_getpid(),
		       io_describe(what, sizeof(what), port, width, dir, form),
		       expected ? "faulted" : "was allowed",
		       expected ? "it to be allowed" : "a fault", iopl3);
}

static void probe_once(void)
{
	const struct window *w = &pool[rnd(NWINDOWS)];
	unsigned width = 1u << rnd(3), port;
	enum io_dir dir = rnd(4) == 0 ? IO_OUT : IO_IN;
	enum io_form form = IO_FORM_DX;

	if (dir == IO_OUT) {
		port = write_ports[rnd(NWRITE_PORTS)];
		if (!write_is_safe(port, width))
			width = 1;
	} else if (iopl3) {
		port = w->first + rnd(w->count); /* only inside the pool */
	} else {
		port = w->first + rnd(w->count + 2 * EDGE) - EDGE;
		if (port > 0xffff)
			port = 0xffff;
	}
	unsigned f = rnd(8);

	if (f < 2)
		form = IO_FORM_STRING;
	else if (f < 4 && port <= 0xff)
		form = IO_FORM_IMM;

	bool expected = model_allows(port, width);
	unsigned long before = io_fault.count;
	bool done = io_probe(port, width, dir, form);

	probes++;
	if (!done) {
		faults++;
		if (io_fault.count != before + 1 ||
		    io_fault.trapno != TRAP_GP || io_fault.err != 0) {
			printf("  stress: pid %ld: fault with trap %lu error "
			       "%lu\n",
			       sys_getpid(), (unsigned long)io_fault.trapno,
			       (unsigned long)io_fault.err);
			violations++;
		}
	}
	if (done != expected)
		violation(port, width, dir, form, expected);
}

/* Turns a random sub-range of one window on or off. */
static long change_range(bool on)
{
	unsigned w = rnd(NWINDOWS);
	unsigned first = rnd(pool[w].count);
	unsigned num = 1 + rnd(pool[w].count - first);

	for (unsigned i = first; i < first + num; i++)
		granted[w][i] = on;
	return sys_ioperm(pool[w].first + first, num, on);
}

/* One random change of this process's I/O state. */
static void change_state(void)
{
	unsigned what = rnd(32);
	long r;

	if (what == 0) {
		r = sys_ioperm(0, 0x10000, 0); /* drop everything */
		for (unsigned w = 0; w < NWINDOWS; w++)
			for (unsigned i = 0; i < 16; i++)
				granted[w][i] = false;
	} else if (what == 1) {
		r = sys_iopl(iopl3 ? 0 : 3);
		iopl3 = !iopl3;
	} else {
		r = change_range(rnd(2));
	}
	if (r != 0) {
		printf("  stress: pid %ld: ioperm/iopl failed: %ld\n",
		       sys_getpid(), r);
		violations++;
	}
}

/* A random non-empty set of CPUs, or all of them; the move must be done
 * when sched_setaffinity returns. */
static void move_randomly(void)
{
	unsigned long all = (1ul << ncpus) - 1, mask = all;
	if (rnd(4) != 0)
		while (!(mask = (unsigned long)pc_rand() & all))
			;
	long r = sys_sched_setaffinity(0, sizeof(mask), &mask);
	unsigned now = cpu_now();
	if (r != 0 || now >= (unsigned)ncpus || !((mask >> now) & 1)) {
		printf("  stress: pid %ld: setaffinity %lx: %ld, on CPU %u\n",
		       sys_getpid(), mask, r, now);
		violations++;
	}
	if (now != last_cpu)
		migrations++;
	last_cpu = now;
}

static int stress_worker(long seed)
{
	pc_srand(0x9e3779b97f4a7c15ull * (uint64_t)(seed + 1));
	last_cpu = cpu_now();
	for (int i = 0; i < 3; i++) {
		if (change_range(true) != 0)
			violations++;
	}
	for (long i = 0; i < probes_per_proc; i++) {
		if (rnd(40) == 0)
			change_state();
		if (rnd(16) == 0)
			sys_sched_yield();
		if (ncpus > 1 && rnd(32) == 0)
			move_randomly();
		probe_once();
	}
	printf("stress: pid %ld probes %ld faults %ld violations %ld "
	       "migrations %ld\n",
	       sys_getpid(), probes, faults, violations, migrations);
	return violations > 250 ? 250 : (int)violations;
}

/* The worker with its migration count sent up the pipe on its way out. */
static int report_fd = -1;

static int stress_child(long seed)
{
	int result = stress_worker(seed);
	if (sys_write(report_fd, &migrations, sizeof(migrations)) !=
	    sizeof(migrations))
		result = result ? result : 1;
	return result;
}

static int stress(long strategy)
{
	struct pc_io_counters c;
	long pids[NPROCS], total_violations = 0;

	int fds[2];
	long moved = 0;

	probe_init();
	ncpus = cpus_online();
	EXPECT_EQ(sys_pipe(fds), 0);
	report_fd = fds[1];
	EXPECT_EQ(io_counters_all(NULL), 0);
	int64_t start = now_ns();

	for (int i = 0; i < NPROCS; i++) {
		pids[i] = spawn(stress_child, strategy * NPROCS + i);
		EXPECT_EQ(pids[i] > 0, 1);
	}
	sys_close(fds[1]);
	for (int i = 0; i < NPROCS; i++) {
		long status = reap(pids[i]);

		if (status >= 0 && WIFEXITED(status)) {
			total_violations += WEXITSTATUS(status);
		} else {
			printf("  stress: worker %ld: %s\n", pids[i],
			       describe_status(status));
			total_violations++;
		}
	}
	for (long n; sys_read(fds[0], &n, sizeof(n)) == sizeof(n);)
		moved += n;
	sys_close(fds[0]);
	EXPECT_EQ(io_counters_all(&c), 0);
	printf("iotests stress [%s]: procs %d probes %ld violations %ld "
	       "copies %lu bytes %lu skipped %lu\n",
	       strategy_name(strategy), NPROCS, (long)NPROCS * probes_per_proc,
	       total_violations, (unsigned long)c.bitmap_copies,
	       (unsigned long)c.bytes_copied, (unsigned long)c.copies_skipped);
	printf("  (stress [%s]: %ld ms, %lu switches, %lu with I/O state, "
	       "%lu invalidations)\n",
	       strategy_name(strategy), (long)((now_ns() - start) / 1000000),
	       (unsigned long)c.context_switches, (unsigned long)c.io_switches,
	       (unsigned long)c.invalidations);

	printf("iotests stress [%s]: migrations %ld on %d CPUs\n",
	       strategy_name(strategy), moved, ncpus);

	EXPECT_EQ(total_violations, 0);
	if (ncpus > 1)
		EXPECT_EQ(moved > 0, 1);
	/* They must really have interleaved, and the counters must show the
	 * strategy that was asked for. */
	EXPECT_EQ(c.io_switches >= 1000, 1);
	EXPECT_EQ(c.bitmap_copies > 0, 1);
	if (strategy == PC_IOBITMAP_SEQ || strategy == PC_IOBITMAP_FAULT) {
		/* A return after a fault or a yield nobody took finds its
		 * own map still loaded. */
		EXPECT_EQ(c.copies_skipped > 0, 1);
	} else {
		EXPECT_EQ(c.copies_skipped, 0);
	}
	/* Under fault every copy is made at a first port access, and only
	 * there. */
	if (strategy == PC_IOBITMAP_FAULT)
		EXPECT_EQ(c.bitmap_copies, c.first_faults);
	else
		EXPECT_EQ(c.first_faults, 0);
	if (strategy == PC_IOBITMAP_FULL)
		EXPECT_EQ(c.bytes_copied, c.bitmap_copies * 8192);
	return T_OK;
}

static int stress_under(long strategy)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	return under_strategy(strategy, stress, strategy);
}

int test_stress_seq(void)
{
	return stress_under(PC_IOBITMAP_SEQ);
}

int test_stress_max(void)
{
	return stress_under(PC_IOBITMAP_MAX);
}

int test_stress_full(void)
{
	return stress_under(PC_IOBITMAP_FULL);
}

int test_stress_fault(void)
{
	return stress_under(PC_IOBITMAP_FAULT);
}

void stress_set_probes(long probes)
{
	if (probes >= NPROCS)
		probes_per_proc = probes / NPROCS;
}

int migrate_soak_main(long probes)
{
	long per = NPROCS * NSTRATEGIES; /* the probes split over all runs */
	probes_per_proc = (probes + per - 1) / per;
	int failed = 0;
	for (long s = 0; s < NSTRATEGIES; s++)
		if (stress_under(s) != T_OK)
			failed = 1;
	printf("iotests migrate-soak: %s\n", failed ? "FAIL" : "PASS");
	return failed;
}
