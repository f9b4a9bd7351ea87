/*
 * sysfuzz - the system call fuzzer (issue 14): every call number with
 * hostile arguments, as root and as uid 1000, while a heartbeat process
 * checks that the machine never stalls.
 *
 *	sysfuzz [CALLS [SEED [GAP_MS]]]
 *
 * default 100000 calls, seed 14, heartbeat limit HEARTBEAT_MAX_MS.
 *
 * Numbers: every Linux number 0..450, the Portcullis range 512..527, out of
 * range (451..511, 528..2^32, 2^63) and negative ones.  Each of the six
 * arguments is drawn from a hostile class: 0, -1, small, huge lengths,
 * kernel and non-canonical addresses, unaligned and read-only pointers,
 * valid buffers full of garbage, random bits.
 *
 * The calls run in forked workers of BATCH calls each, half of them as uid
 * 1000, two at a time; a worker may die of what it did (SIGSEGV after
 * unmapping its own code, a forged rt_sigreturn frame, ...), and one that
 * blocks (read of the console, a long nanosleep) is killed after
 * WORKER_BUDGET_MS.  Calls are counted only for workers that finished all
 * of theirs, so the total is a lower bound.  Excluded, because they would
 * end the worker at once: exit and exit_group.  Calls that take a pid
 * (kill, tkill, tgkill, rt_[tg]sigqueueinfo, pidfd_send_signal, prlimit64)
 * get the worker's own, so a worker cannot kill the fuzzer or the
 * heartbeat (it could legitimately, as root).  A fork-like call that
 * returns 0 ends the new child at once, so workers do not multiply.
 *
 * Passes (exit 0, "sysfuzz: PASS") when the heartbeat never missed more
 * than HEARTBEAT_MAX_MS, the free frames came back to the baseline, and
 * at least CALLS calls were made; the kernel must not panic (the guest
 * test checks the log).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <syscall.h>

#include "ut.h"

#define BATCH		 250
#define PARALLEL	 2
#define WORKER_BUDGET_MS 300

int main(int argc, char **argv);

static uint64_t rng;

static uint64_t next_random(void)
{
	/* xorshift64*: the fuzz repeats exactly for one seed. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

static unsigned char buffer[3 * 4096] __attribute__((aligned(4096)));
static const char read_only[64] = "a read-only string in .rodata";

static long hostile_arg(void)
{
	uint64_t r = next_random();
	switch (r % 14) {
	case 0:
		return 0;
	case 1:
		return -1;
	case 2:
		return (long)(r >> 8) % 64; /* small: fds, flags, signals */
	case 3:
		return 1L << (40 + (r >> 8) % 8); /* huge lengths */
	case 4:
		return 0x7ffffffff000L - (long)((r >> 8) % 3) * 4096;
	case 5:
		return (long)0xffffffff80000000UL + (long)((r >> 8) % 0x100000);
	case 6:
		return (long)0xffff800000000000UL +
		       (long)((r >> 8) % 0x1000000);
	case 7:
		return (long)(0x800000000000UL | (r & 0x7fff00000000UL));
	case 8:
		return (long)(buffer + 1 + (r >> 8) % 7); /* unaligned */
	case 9:
		return (long)read_only; /* read-only */
	case 10:
		return (long)main; /* code */
	case 11:
	case 12:
		return (long)(buffer + 4096 * ((r >> 8) % 3)); /* valid */
	default:
		return (long)r; /* anything */
	}
}

static long hostile_number(void)
{
	uint64_t r = next_random();
	switch (r % 16) {
	case 0:
		return 451 + (long)((r >> 8) % 61); /* up to 511 */
	case 1:
		return 512 + (long)((r >> 8) % 16); /* Portcullis */
	case 2:
		switch ((r >> 8) % 4) {
		case 0:
			return -1;
		case 1:
			return -(long)((r >> 16) % 1000) - 2;
		case 2:
			return (long)(1UL << 63);
		default:
			return 528 + (long)((r >> 16) % 0xffffffffUL);
		}
	default:
		return (long)((r >> 8) % 451); /* every Linux number */
	}
}

/* Arguments a call must not have, so it cannot end the fuzz itself. */
static bool tame(long nr, long *a)
{
	switch (nr) {
	case 60:  /* exit */
	case 231: /* exit_group */
		return false;
	case 62:  /* kill */
	case 200: /* tkill */
	case 129: /* rt_sigqueueinfo */
	case 424: /* pidfd_send_signal */
		a[0] = sys_getpid();
		break;
	case 234: /* tgkill */
	case 297: /* rt_tgsigqueueinfo */
		a[0] = a[1] = sys_getpid();
		break;
	case 302: /* prlimit64 */
		a[0] = 0;
		break;
	}
	return true;
}

static bool fork_like(long nr)
{
	return nr == 56 || nr == 57 || nr == 58 || nr == 435;
}

static int worker(long seed)
{
	rng = (uint64_t)seed * 0x9e3779b97f4a7c15ull + 1;
	if (seed & 1 && sys_setuid(1000) != 0)
		return 99;
	for (int i = 0; i < BATCH; i++) {
		if (i % 16 == 0) /* fresh garbage, or zeros, now and then */
			for (size_t j = 0; j < sizeof(buffer); j += 8)
				*(uint64_t *)(buffer + j) =
				    i & 16 ? next_random() : 0;
		long nr = hostile_number();
		long a[6];
		for (int k = 0; k < 6; k++)
			a[k] = hostile_arg();
		if (!tame(nr, a)) {
			i--;
			continue;
		}
		long r = sys_raw(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (fork_like(nr) && r == 0)
			sys_exit_group(0); /* the new child: done */
		if (fork_like(nr) && r > 0)
			reap(r);
	}
	return 0;
}

struct slot {
	long pid, seed;
	int64_t started;
};

struct tally {
	long workers, finished, signalled, timed_out, odd, as_user;
};

static void collect(struct slot *s, struct tally *t, long status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		t->finished++;
	else if (WIFSIGNALED(status))
		t->signalled++; /* SIGKILL too: tkill/kill of itself */
	else if (!WIFSIGNALED(status))
		t->odd++; /* exit 99: setuid failed */
	s->pid = 0;
}

int main(int argc, char **argv)
{
	long target = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	long seed = argc > 2 ? strtol(argv[2], NULL, 10) : 14;
	long gap_limit =
	    argc > 3 ? strtol(argv[3], NULL, 10) : HEARTBEAT_MAX_MS;
	struct tally t = {0};
	struct slot slots[PARALLEL] = {{0, 0, 0}};

	printf("sysfuzz: %ld calls, seed %ld, %d per worker, %d at a time\n",
	       target, seed, BATCH, PARALLEL);
	reap(spawn(worker, seed)); /* warm-up: kernel structures exist */
	long before = sys_pc_free_frames();
	long hb = heartbeat_start();
	if (hb <= 0) {
		printf("sysfuzz: FAIL (heartbeat: error %ld)\n", -hb);
		return 1;
	}
	int64_t t0 = now_ns();
	long next_seed = seed + 1;
	while (t.finished * BATCH < target) {
		for (int i = 0; i < PARALLEL; i++) {
			struct slot *s = &slots[i];
			if (!s->pid) {
				s->seed = next_seed++;
				s->pid = spawn(worker, s->seed);
				s->started = now_ns();
				if (s->pid < 0) {
					printf("sysfuzz: FAIL (fork: error "
					       "%ld)\n",
					       -s->pid);
					return 1;
				}
				t.workers++;
				t.as_user += s->seed & 1;
				continue;
			}
			int status = 0;
			long r =
			    sys_wait4((pid_t)s->pid, &status, WNOHANG, NULL);
			if (r == s->pid) {
				collect(s, &t, status);
			} else if (now_ns() - s->started >
				   WORKER_BUDGET_MS * 1000000L) {
				sys_kill((pid_t)s->pid, SIGKILL);
				reap(s->pid);
				t.timed_out++;
				s->pid = 0;
			}
		}
		sys_sched_yield();
	}
	for (int i = 0; i < PARALLEL; i++)
		if (slots[i].pid)
			collect(&slots[i], &t, reap(slots[i].pid));
	int64_t t1 = now_ns();
	long gap = heartbeat_stop(hb);
	long after = settled_free_frames(before);

	printf("sysfuzz: %ld calls in finished workers (a lower bound), "
	       "%ld ms\n",
	       t.finished * BATCH, (long)((t1 - t0) / 1000000));
	printf("sysfuzz: workers %ld (%ld as uid 1000): %ld finished, %ld "
	       "killed by what they did, %ld blocked and killed, %ld odd\n",
	       t.workers, t.as_user, t.finished, t.signalled, t.timed_out,
	       t.odd);
	printf("sysfuzz: heartbeat longest gap %ld ms (limit %ld)\n", gap,
	       gap_limit);
	printf("sysfuzz: frames before %ld, after %ld\n", before, after);
	bool ok = gap >= 0 && gap <= gap_limit && after == before &&
		  t.finished * BATCH >= target && t.odd == 0;
	printf("sysfuzz: %s\n", ok ? "PASS" : "FAIL");
	return ok ? 0 : 1;
}
