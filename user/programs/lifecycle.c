/*
 * lifecycle - the process life-cycle soak (issue 14): fork/exit/wait
 * cycles whose children end in every way a process can, while another
 * process spins and a heartbeat watches for stalls.
 *
 *	lifecycle [CYCLES [GAP_MS]]   default 3000 cycles (make soak: 100000),
 *	                              heartbeat limit HEARTBEAT_MAX_MS
 *
 * Cycle i's child, by i mod 7: exits with a code; takes port 0x80 with
 * ioperm and writes it; takes iopl(3) and reads port 0x80; execs hello
 * with an exit code; faults on NULL; sleeps until killed (SIGKILL or
 * SIGTERM); forks a grandchild and exits first, orphaning it.  The parent
 * checks every wait status exactly.  Passes (exit 0, "lifecycle: PASS")
 * when no status was wrong, the heartbeat never missed more than
 * HEARTBEAT_MAX_MS, and the free frames came back to the baseline, which
 * includes the orphans: the kernel frees them at once.
 */
#include <stdlib.h>
#include <sys/io.h>

#include "ut.h"

#define KINDS 7

static int child_body(long kind)
{
	switch (kind) {
	case 0:
		return 42;
	case 1:
		if (sys_ioperm(0x80, 1, 1))
			return 90;
		outb(0x14, 0x80);
		return 3;
	case 2:
		if (sys_iopl(3))
			return 91;
		(void)inb(0x80);
		return 4;
	case 3: {
		char *argv[] = {"/bin/hello", "-q", "-e", "7", NULL};
		char *envp[] = {NULL};
		sys_execve(argv[0], argv, envp);
		return 92;
	}
	case 4:
		*(volatile int *)0 = 1;
		return 93;
	case 5:
		return sleep_forever(0);
	default:
		if (spawn(spin_forever, 0) < 0) /* lives on, orphaned... */
			return 94;
		return 6; /* ...and is killed below by its pid */
	}
}

static long expected_status(int kind, int variant)
{
	static const long codes[] = {42 << 8, 3 << 8, 4 << 8, 7 << 8,
				     SIGSEGV, 0,      6 << 8};
	if (kind == 5)
		return variant ? SIGTERM : SIGKILL;
	return codes[kind];
}

/* One cycle; returns 0 or a description of what went wrong. */
static const char *cycle(int i, long *got)
{
	int kind = i % KINDS, variant = (i / KINDS) & 1;
	long pid = spawn(child_body, kind);
	*got = pid;
	if (pid < 0)
		return "fork failed";
	if (kind == 5) {
		sys_sched_yield();
		sys_kill((pid_t)pid, variant ? SIGTERM : SIGKILL);
	}
	long status = reap(pid);
	*got = status;
	if (status != expected_status(kind, variant))
		return "wrong status";
	if (kind == 6) {
		/* The orphan has the next pid: nobody else forks here. */
		if (sys_kill((pid_t)(pid + 1), SIGKILL) != 0)
			return "the orphan was not there to kill";
	}
	return 0;
}

int main(int argc, char **argv)
{
	long cycles = argc > 1 ? strtol(argv[1], NULL, 10) : 3000;
	long gap_limit =
	    argc > 2 ? strtol(argv[2], NULL, 10) : HEARTBEAT_MAX_MS;
	long dummy;

	printf("lifecycle: %ld cycles of %d kinds beside a spinner\n", cycles,
	       KINDS);
	for (int i = 0; i < 2 * KINDS; i++) /* warm-up */
		if (cycle(i, &dummy))
			break;
	sleep_ms(50);
	long before = sys_pc_free_frames();
	long spinner = spawn(spin_forever, 0);
	long hb = heartbeat_start();
	int64_t t0 = now_ns();
	long wrong = 0;
	for (long i = 0; i < cycles; i++) {
		long got;
		const char *why = cycle((int)i, &got);
		if (why && wrong++ < 5)
			printf("lifecycle: cycle %ld (kind %ld): %s (%s)\n", i,
			       i % KINDS, why, describe_status(got));
	}
	int64_t t1 = now_ns();
	long gap = heartbeat_stop(hb);
	sys_kill((pid_t)spinner, SIGKILL);
	long spun = reap(spinner);
	long after = settled_free_frames(before);

	printf("lifecycle: %ld cycles in %ld ms, %ld wrong\n", cycles,
	       (long)((t1 - t0) / 1000000), wrong);
	printf("lifecycle: heartbeat longest gap %ld ms (limit %ld)\n", gap,
	       gap_limit);
	printf("lifecycle: frames before %ld, after %ld\n", before, after);
	bool ok = !wrong && spun == SIGKILL && gap >= 0 && gap <= gap_limit &&
		  after == before;
	printf("lifecycle: %s\n", ok ? "PASS" : "FAIL");
	return ok ? 0 : 1;
}
