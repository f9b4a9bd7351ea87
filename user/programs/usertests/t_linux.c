/*
 * t_linux.c - the calls C libraries make at startup and for everyday
 * functions: sched_{set,get}affinity, tkill/tgkill (raise), time,
 * gettimeofday, clock_nanosleep, CPU-time clocks, getgroups, getrandom,
 * madvise.  (rt_sigsuspend and sigaltstack are in t_sigwait.c.)
 */
#include <string.h>
#include <sys/mman.h>

#include "ut.h"

#define KERNEL_ADDR 0xffffffff80000000UL
#define MS	    1000000L

int test_affinity(void)
{
	uint64_t mask[16];

	memset(mask, 0xaa, sizeof(mask));
	long size = sys_sched_getaffinity(0, sizeof(mask), mask);
	/* The kernel's mask size: one long with up to 64 CPUs (Linux with
	 * CPUMASK_OFFSTACK, as Debian builds it, and Portcullis). */
	CHECK(size >= 8 && size % 8 == 0, "getaffinity returned %ld", size);
	if (on_portcullis)
		CHECK_EQ(size, 8);
	CHECK(mask[0] & 1, "CPU 0 not in mask 0x%lx", (long)mask[0]);
	CHECK_EQ(sys_sched_getaffinity(sys_getpid(), sizeof(mask), mask), size);
	CHECK_EQ(sys_sched_getaffinity(0, 0, mask), -EINVAL);
	CHECK_EQ(sys_sched_getaffinity(0, 12, mask), -EINVAL);
	CHECK_EQ(sys_sched_getaffinity(0, 8, (void *)KERNEL_ADDR), -EFAULT);
	CHECK_EQ(sys_sched_getaffinity(0, 8, NULL), -EFAULT);
	CHECK_EQ(sys_sched_getaffinity(0x3fffffff, 8, mask), -ESRCH);

	uint64_t cpu0 = 1;
	CHECK_EQ(sys_sched_setaffinity(0, sizeof(cpu0), &cpu0), 0);
	CHECK_EQ(sys_sched_getaffinity(0, sizeof(mask), mask), size);
	CHECK_EQ(mask[0], 1);
	/* No CPU that exists: EINVAL.  (A host with 64 CPUs would accept
	 * bit 63; Portcullis has one.) */
	uint64_t none = 0, high = 1ULL << 63;
	CHECK_EQ(sys_sched_setaffinity(0, sizeof(none), &none), -EINVAL);
	if (on_portcullis)
		CHECK_EQ(sys_sched_setaffinity(0, sizeof(high), &high),
			 -EINVAL);
	CHECK_EQ(sys_sched_setaffinity(0, 0, &cpu0), -EINVAL);
	/* A short mask is zero-extended, a long one cut. */
	CHECK_EQ(sys_sched_setaffinity(0, 1, &cpu0), 0);
	CHECK_EQ(sys_sched_setaffinity(0, sizeof(mask), mask), 0);
	CHECK_EQ(sys_sched_setaffinity(0, 8, (void *)KERNEL_ADDR), -EFAULT);
	CHECK_EQ(sys_sched_setaffinity(0x3fffffff, 8, &cpu0), -ESRCH);
	return T_OK;
}

static int affinity_of_root(long root_pid)
{
	uint64_t cpu0 = 1;
	if (sys_setuid(1000))
		return 1;
	return sys_sched_setaffinity((pid_t)root_pid, 8, &cpu0) == -EPERM ? 0
									  : 2;
}

int test_affinity_eperm(void)
{
	if (sys_geteuid() != 0)
		return t_skip("needs root");
	long status = reap(spawn(affinity_of_root, sys_getpid()));
	CHECK(status == 0, "child: %s (2: not EPERM)", describe_status(status));
	return T_OK;
}

static volatile int usr1_count, usr2_count;

static void count_signal(int sig, siginfo_t *info, void *uc)
{
	(void)info, (void)uc;
	if (sig == SIGUSR1)
		usr1_count++;
	if (sig == SIGUSR2)
		usr2_count++;
}

int test_tkill(void)
{
	CHECK_EQ(install_handler(SIGUSR1, count_signal, 0), 0);
	CHECK_EQ(install_handler(SIGUSR2, count_signal, 0), 0);
	/* raise(): delivered before the call returns. */
	CHECK_EQ(sys_tkill((pid_t)sys_gettid(), SIGUSR1), 0);
	CHECK_EQ(usr1_count, 1);
	CHECK_EQ(sys_tgkill((pid_t)sys_getpid(), (pid_t)sys_gettid(), SIGUSR2),
		 0);
	CHECK_EQ(usr2_count, 1);
	CHECK_EQ(sys_tkill((pid_t)sys_gettid(), 0), 0);
	CHECK_EQ(sys_tkill(0, SIGUSR1), -EINVAL);
	CHECK_EQ(sys_tkill(-1, SIGUSR1), -EINVAL);
	CHECK_EQ(sys_tkill((pid_t)sys_gettid(), 65), -EINVAL);
	CHECK_EQ(sys_tkill((pid_t)sys_gettid(), -1), -EINVAL);
	CHECK_EQ(sys_tkill(0x3fffffff, 0), -ESRCH);
	CHECK_EQ(sys_tgkill(0, (pid_t)sys_gettid(), 0), -EINVAL);
	CHECK_EQ(sys_tgkill((pid_t)sys_getpid(), 0, 0), -EINVAL);

	long child = spawn(sleep_forever, 0);
	CHECK(child > 0, "fork: %ld", child);
	/* The child's thread is not in our thread group. */
	CHECK_EQ(sys_tgkill((pid_t)sys_getpid(), (pid_t)child, 0), -ESRCH);
	CHECK_EQ(sys_tkill((pid_t)child, SIGKILL), 0);
	long status = reap(child);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child: %s",
	      describe_status(status));
	return T_OK;
}

int test_time_calls(void)
{
	struct timespec rt;
	struct timeval tv;
	int tz[2] = {-1, -1};
	time_t t = 0;

	CHECK_EQ(sys_clock_gettime(CLOCK_REALTIME, &rt), 0);
	long now = sys_time(NULL);
	CHECK(now >= rt.tv_sec && now <= rt.tv_sec + 2,
	      "time() %ld, CLOCK_REALTIME %ld", now, (long)rt.tv_sec);
	CHECK(now > 1577836800L, "time() says %ld: before 2020", now);
	long again = sys_time(&t);
	CHECK(t == again && again >= now, "time(&t) %ld, t %ld", again,
	      (long)t);
	CHECK_EQ(sys_time((time_t *)KERNEL_ADDR), -EFAULT);

	CHECK_EQ(sys_gettimeofday(&tv, tz), 0);
	CHECK(tv.tv_sec >= now && tv.tv_sec <= now + 2, "gettimeofday %ld",
	      (long)tv.tv_sec);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec %ld",
	      tv.tv_usec);
	CHECK_EQ(sys_gettimeofday(NULL, NULL), 0);
	CHECK_EQ(sys_gettimeofday((void *)KERNEL_ADDR, NULL), -EFAULT);
	CHECK_EQ(sys_gettimeofday(&tv, (void *)KERNEL_ADDR), -EFAULT);

	struct timespec res;
	CHECK_EQ(sys_clock_getres(CLOCK_MONOTONIC, &res), 0);
	CHECK(res.tv_sec == 0 && res.tv_nsec > 0, "resolution %ld.%09ld",
	      (long)res.tv_sec, res.tv_nsec);
	CHECK_EQ(sys_clock_getres(CLOCK_MONOTONIC, NULL), 0);
	CHECK_EQ(sys_clock_getres(1000, &res), -EINVAL);
	return T_OK;
}

static int64_t cpu_ns(void)
{
	struct timespec ts;
	if (sys_clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts))
		return -1;
	return timespec_to_ns(&ts);
}

/* clock_nanosleep really sleeps: time passes, almost no CPU time does. */
int test_clock_nanosleep(void)
{
	struct timespec req = {0, 100 * MS};
	int64_t t0 = now_ns(), c0 = cpu_ns();

	CHECK_EQ(sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), 0);
	int64_t used = cpu_ns() - c0; /* enclosed by the wall-clock reads */
	int64_t slept = now_ns() - t0;
	CHECK(slept >= 100 * MS && slept < 2000 * MS, "slept %ld ns",
	      (long)slept);
	/* Relative, not absolute: a host that deschedules QEMU while this
	 * process runs charges it host time.  A busy wait would use it all. */
	CHECK(used < slept / 2, "used %ld ns of CPU while asleep %ld ns",
	      (long)used, (long)slept);

	/* Absolute: until the clock reads the deadline. */
	struct timespec now;
	CHECK_EQ(sys_clock_gettime(CLOCK_MONOTONIC, &now), 0);
	int64_t deadline = timespec_to_ns(&now) + 80 * MS;
	struct timespec abs = {deadline / NSEC_PER_SEC,
			       deadline % NSEC_PER_SEC};
	CHECK_EQ(
	    sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL), 0);
	CHECK(now_ns() >= deadline, "woke %ld ns early",
	      (long)(deadline - now_ns()));
	/* A deadline in the past returns at once.  Taken as relative, it
	 * would sleep the whole uptime (seconds); the 500 ms margin is for a
	 * busy host that stops this virtual CPU for a while. */
	t0 = now_ns();
	CHECK_EQ(
	    sys_clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, NULL), 0);
	CHECK(now_ns() - t0 < 500 * MS, "past deadline took %ld ns",
	      (long)(now_ns() - t0));
	/* CLOCK_REALTIME, absolute. */
	struct timespec rt;
	CHECK_EQ(sys_clock_gettime(CLOCK_REALTIME, &rt), 0);
	rt.tv_nsec += 50 * MS;
	if (rt.tv_nsec >= NSEC_PER_SEC) {
		rt.tv_sec++;
		rt.tv_nsec -= NSEC_PER_SEC;
	}
	CHECK_EQ(sys_clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &rt, NULL),
		 0);
	struct timespec after;
	CHECK_EQ(sys_clock_gettime(CLOCK_REALTIME, &after), 0);
	CHECK(timespec_to_ns(&after) >= timespec_to_ns(&rt), "woke early");

	/* Errors. */
	struct timespec bad = {0, NSEC_PER_SEC};
	CHECK_EQ(sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL), -EINVAL);
	bad.tv_sec = -1;
	bad.tv_nsec = 0;
	CHECK_EQ(sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL), -EINVAL);
	CHECK_EQ(sys_clock_nanosleep(1000, 0, &req, NULL), -EINVAL);
	CHECK_EQ(sys_clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL),
		 -EOPNOTSUPP);
	CHECK_EQ(sys_clock_nanosleep(CLOCK_MONOTONIC, 0, NULL, NULL), -EFAULT);
	CHECK_EQ(
	    sys_clock_nanosleep(CLOCK_MONOTONIC, 0, (void *)KERNEL_ADDR, NULL),
	    -EFAULT);
	return T_OK;
}

static int interrupted_sleeper(long unused)
{
	struct timespec req = {5, 0}, rem = {0, 0};
	(void)unused;
	if (install_handler(SIGUSR1, count_signal, 0))
		return 1;
	if (sys_clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem) != -EINTR)
		return 2;
	if (usr1_count != 1)
		return 3;
	if (rem.tv_sec < 3 || rem.tv_sec > 5)
		return 4;
	return 0;
}

int test_clock_nanosleep_eintr(void)
{
	long pid = spawn(interrupted_sleeper, 0);
	CHECK(pid > 0, "fork: %ld", pid);
	sleep_ms(100);
	CHECK_EQ(sys_kill((pid_t)pid, SIGUSR1), 0);
	long status = reap(pid);
	CHECK(status == 0, "child: %s (2: not EINTR, 3: handler, 4: rem)",
	      describe_status(status));
	return T_OK;
}

/* CPU time advances while we compute, and by about as much as the wall
 * clock (we are the only busy process), never backwards.  The wall-clock
 * reads enclose the CPU-clock reads: a host that stops this virtual CPU
 * between two reads then stretches both intervals alike, never the CPU
 * time alone. */
int test_cputime(void)
{
	struct timespec ts, tt;
	int64_t t0 = now_ns(), c0 = cpu_ns();

	CHECK(c0 >= 0, "CLOCK_PROCESS_CPUTIME_ID: %ld", (long)c0);
	while (now_ns() - t0 < 200 * MS)
		__asm__ volatile("" ::: "memory");
	int64_t used = cpu_ns() - c0;
	int64_t wall = now_ns() - t0;
	CHECK(used > 0 && used <= wall + MS, "used %ld ns in %ld ns",
	      (long)used, (long)wall);
	CHECK(used >= wall / 4, "only %ld ns of CPU in %ld ns of spinning",
	      (long)used, (long)wall);
	CHECK_EQ(sys_clock_gettime(CLOCK_THREAD_CPUTIME_ID, &tt), 0);
	CHECK_EQ(sys_clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts), 0);
	CHECK(timespec_to_ns(&ts) >= timespec_to_ns(&tt) - MS,
	      "thread clock ahead of process clock");
	CHECK_EQ(sys_clock_getres(CLOCK_PROCESS_CPUTIME_ID, &ts), 0);
	CHECK_EQ(sys_clock_gettime(CLOCK_PROCESS_CPUTIME_ID, NULL), -EFAULT);
	return T_OK;
}

int test_getgroups(void)
{
	unsigned list[64];
	long n = sys_getgroups(64, list);
	CHECK(n >= 0, "getgroups: %ld", n);
	if (on_portcullis)
		CHECK_EQ(n, 0);
	CHECK_EQ(sys_getgroups(0, NULL), n);
	CHECK_EQ(sys_getgroups(-1, list), -EINVAL);
	return T_OK;
}

int test_getrandom(void)
{
	unsigned char a[64], b[64], zero[64];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(zero, 0, sizeof(zero));
	CHECK_EQ(sys_getrandom(a, sizeof(a), 0), sizeof(a));
	CHECK_EQ(sys_getrandom(b, sizeof(b), 1 /* GRND_NONBLOCK */), sizeof(b));
	CHECK(memcmp(a, zero, sizeof(a)) != 0, "all zeros");
	CHECK(memcmp(a, b, sizeof(a)) != 0, "two calls gave the same bytes");
	CHECK_EQ(sys_getrandom(a, 0, 0), 0);
	CHECK_EQ(sys_getrandom(a, 5, 0), 5);
	CHECK_EQ(sys_getrandom(a, sizeof(a), 0x100), -EINVAL);
	CHECK_EQ(sys_getrandom(a, sizeof(a), 2 | 4), -EINVAL);
	CHECK_EQ(sys_getrandom(NULL, 8, 0), -EFAULT);
	CHECK_EQ(sys_getrandom((void *)KERNEL_ADDR, 8, 0), -EFAULT);
	return T_OK;
}

int test_madvise(void)
{
	long p = sys_mmap(NULL, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p > 0, "mmap: %ld", p);
	char *mem = (char *)p;
	memset(mem, 0x5a, 3 * PAGE_SIZE);
	CHECK_EQ(sys_madvise(mem, 3 * PAGE_SIZE, MADV_WILLNEED), 0);
	CHECK_EQ(mem[5], 0x5a);
	CHECK_EQ(sys_madvise(mem, 3 * PAGE_SIZE, MADV_NORMAL), 0);
	/* DONTNEED: private anonymous memory reads as zero afterwards. */
	CHECK_EQ(sys_madvise(mem + PAGE_SIZE, 100, MADV_DONTNEED), 0);
	CHECK_EQ(mem[PAGE_SIZE], 0);
	CHECK_EQ(mem[2 * PAGE_SIZE - 1], 0);
	CHECK_EQ(mem[PAGE_SIZE - 1], 0x5a);
	CHECK_EQ(mem[2 * PAGE_SIZE], 0x5a);
	/* Errors. */
	CHECK_EQ(sys_madvise(mem + 1, PAGE_SIZE, MADV_NORMAL), -EINVAL);
	CHECK_EQ(sys_madvise(mem, PAGE_SIZE, 9999), -EINVAL);
	CHECK_EQ(sys_madvise(mem, 0, MADV_NORMAL), 0);
	CHECK_EQ(sys_munmap(mem + 2 * PAGE_SIZE, PAGE_SIZE), 0);
	CHECK_EQ(sys_madvise(mem, 3 * PAGE_SIZE, MADV_NORMAL), -ENOMEM);
	CHECK_EQ(sys_madvise((void *)0x10000, PAGE_SIZE, MADV_NORMAL), -ENOMEM);
	CHECK_EQ(sys_madvise(mem, -PAGE_SIZE, MADV_NORMAL), -EINVAL);
	return T_OK;
}
