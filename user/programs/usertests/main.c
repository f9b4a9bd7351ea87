/*
 * usertests - system call and CPU-protection tests, in the spirit of
 * xv6's usertests.  Every test runs in a forked child, so one crash or
 * hang costs one test, not the run.  Output, one line per test:
 *
 *	test NAME: OK
 *	test NAME: FAILED (reason)
 *	test NAME: SKIP (reason)        counts neither way
 *	...
 *	usertests: N passed, N failed   exit status 0 only if none failed
 *
 * The ABI is Linux's, so the same binary runs on a Linux host; tests that
 * only make sense on Portcullis are skipped there.
 *
 *	usertests [-a] [NAME...]
 *
 * runs the named tests (default: all).  -a also runs the Portcullis-only
 * tests elsewhere, which mostly fail there; it is for trying their logic
 * on Linux (e.g. forkbomb under "prlimit --nproc=N" as a normal user).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "ut.h"

#define DEFAULT_TIMEOUT_S 30

struct test {
	const char *name;
	int (*fn)(void);
	bool portcullis_only;
	int timeout_s; /* 0: DEFAULT_TIMEOUT_S */
};

#define ANY	false
#define PC_ONLY true

static const struct test tests[] = {
    {"write_fd1", test_write_fd1, ANY, 0},
    {"write_badfd", test_write_badfd, ANY, 0},
    {"write_nullbuf", test_write_nullbuf, ANY, 0},
    {"write_kernelptr", test_write_kernelptr, ANY, 0},
    {"writev", test_writev, ANY, 0},
    {"read_badptr", test_read_badptr, ANY, 0},
    {"ids", test_ids, ANY, 0},
    {"nosys", test_nosys, ANY, 0},
    {"uname", test_uname, ANY, 0},
    {"ioctl", test_ioctl, ANY, 0},
    {"setuid", test_setuid, ANY, 0},
    {"setresuid", test_setresuid, ANY, 0},
    {"clock_monotonic", test_clock_monotonic, ANY, 0},
    {"clock_realtime", test_clock_realtime, ANY, 0},
    {"clock_errors", test_clock_errors, ANY, 0},
    {"nanosleep", test_nanosleep, ANY, 0},
    {"nanosleep_eintr", test_nanosleep_eintr, ANY, 0},
    {"fork_ids", test_fork_ids, ANY, 0},
    {"fork_memory", test_fork_memory, ANY, 0},
    {"exit_status", test_exit_status, ANY, 0},
    {"wait_any", test_wait_any, ANY, 0},
    {"wait_nochild", test_wait_nochild, ANY, 0},
    {"wait_nohang", test_wait_nohang, ANY, 0},
    {"kill_sigkill", test_kill_sigkill, ANY, 0},
    {"kill_sigterm", test_kill_sigterm, ANY, 0},
    {"kill_handler", test_kill_handler, ANY, 0},
    {"kill_errors", test_kill_errors, ANY, 0},
    {"exec_hello", test_exec_hello, PC_ONLY, 0},
    {"exec_enoent", test_exec_enoent, ANY, 0},
    {"preempt", test_preempt, ANY, 0},
    {"brk", test_brk, ANY, 0},
    {"mmap_anon", test_mmap_anon, ANY, 0},
    {"mmap_readonly", test_mmap_readonly, ANY, 0},
    {"mmap_nx", test_mmap_nx, ANY, 0},
    {"mmap_einval", test_mmap_einval, ANY, 0},
    {"mmap_ebadf", test_mmap_ebadf, ANY, 0},
    {"arch_prctl", test_arch_prctl, ANY, 0},
    {"arch_prctl_bad", test_arch_prctl_bad, ANY, 0},
    {"sig_segv", test_sig_segv, ANY, 0},
    {"sig_ill", test_sig_ill, ANY, 0},
    {"sig_fpe", test_sig_fpe, ANY, 0},
    {"sig_trap", test_sig_trap, ANY, 0},
    {"fault_kills", test_fault_kills, ANY, 0},
    {"sigframe", test_sigframe, ANY, 0},
    {"sigprocmask", test_sigprocmask, ANY, 0},
    {"sigaction_errors", test_sigaction_errors, ANY, 0},
    {"sa_resethand", test_sa_resethand, ANY, 0},
    {"sa_nodefer", test_sa_nodefer, ANY, 0},
    {"sigreturn_rflags", test_sigreturn_rflags, ANY, 0},
    {"sigreturn_segments", test_sigreturn_segments, PC_ONLY, 0},
    {"sigreturn_badrip", test_sigreturn_badrip, ANY, 0},
    {"sysret_noncanonical", test_sysret_noncanonical, ANY, 0},
    {"popf", test_popf, ANY, 0},
    {"privileged", test_privileged, ANY, 0},
    {"xmm", test_xmm, ANY, 60},
    {"ioperm", test_ioperm, ANY, 0},
    {"frames", test_frames, PC_ONLY, 60},
    {"forkbomb", test_forkbomb, PC_ONLY, 120},
};

#define NTESTS (sizeof(tests) / sizeof(tests[0]))

bool on_portcullis;
static bool run_everything;

/* The test running in this process, and the reason it gave. */
static const char *current_name = "?";
static char reason[240];

static int set_reason(int result, const char *fmt, va_list ap)
{
	vsnprintf(reason, sizeof(reason), fmt, ap);
	return result;
}

int t_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(T_FAIL, fmt, ap);
	va_end(ap);
	return T_FAIL;
}

int t_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(T_SKIP, fmt, ap);
	va_end(ap);
	return T_SKIP;
}

_Noreturn void t_abort(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(T_FAIL, fmt, ap);
	va_end(ap);
	printf("test %s: FAILED (%s)\n", current_name, reason);
	sys_exit_group(T_FAIL);
}

/* Exit status a forked helper uses if it wrongly returns into the runner. */
#define STRAY_HELPER 125

static _Noreturn void run_in_child(const struct test *t, long test_pid)
{
	current_name = t->name;
	int result = t->fn();

	if (sys_getpid() != test_pid)
		sys_exit_group(STRAY_HELPER);
	if (result == T_OK)
		printf("test %s: OK\n", t->name);
	else if (result == T_SKIP)
		printf("test %s: SKIP (%s)\n", t->name, reason);
	else
		printf("test %s: FAILED (%s)\n", t->name, reason);
	sys_exit_group(result);
}

/*
 * Waits for the test process, killing it after timeout_s.  Polls because
 * there is no alarm(); if the clock itself is broken, just blocks.
 * Returns the wait status, or -1 on timeout.
 */
static long wait_with_timeout(long pid, int timeout_s)
{
	int64_t start = now_ns();
	int status;

	for (;;) {
		long r = sys_wait4((pid_t)pid, &status, start < 0 ? 0 : WNOHANG,
				   NULL);

		if (r == pid)
			return status;
		if (r < 0)
			return r;
		if (now_ns() - start > (int64_t)timeout_s * NSEC_PER_SEC) {
			sys_kill((pid_t)pid, SIGKILL);
			sys_wait4((pid_t)pid, &status, 0, NULL);
			return -1;
		}
		sleep_ms(5);
	}
}

static int run_test(const struct test *t)
{
	int timeout_s = t->timeout_s ? t->timeout_s : DEFAULT_TIMEOUT_S;

	if (t->portcullis_only && !on_portcullis && !run_everything) {
		printf("test %s: SKIP (Portcullis only)\n", t->name);
		return T_SKIP;
	}

	long pid = sys_fork();

	if (pid < 0) {
		printf("test %s: FAILED (fork: error %ld)\n", t->name, -pid);
		return T_FAIL;
	}
	if (pid == 0)
		run_in_child(t, sys_getpid());

	long status = wait_with_timeout(pid, timeout_s);

	if (status == -1) {
		printf("test %s: FAILED (timed out after %d s)\n", t->name,
		       timeout_s);
		return T_FAIL;
	}
	if (status < 0) {
		printf("test %s: FAILED (wait4: error %ld)\n", t->name,
		       -status);
		return T_FAIL;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) <= T_SKIP)
		return WEXITSTATUS(status);
	printf("test %s: FAILED (test process: %s)\n", t->name,
	       describe_status(status));
	return T_FAIL;
}

static const struct test *find_test(const char *name)
{
	for (size_t i = 0; i < NTESTS; i++) {
		if (strcmp(tests[i].name, name) == 0)
			return &tests[i];
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct utsname u;
	int counts[3] = {0, 0, 0}; /* indexed by T_OK, T_FAIL, T_SKIP */

	on_portcullis =
	    sys_uname(&u) == 0 && strcmp(u.sysname, "Portcullis") == 0;
	printf("usertests: starting on %s\n",
	       on_portcullis ? "Portcullis"
			     : "a non-Portcullis kernel (Linux?)");

	int first = 1;

	if (argc > 1 && strcmp(argv[1], "-a") == 0) {
		run_everything = true;
		first = 2;
	}
	if (argc > first) {
		for (int i = first; i < argc; i++) {
			const struct test *t = find_test(argv[i]);

			if (t == NULL) {
				printf("test %s: FAILED (no such test)\n",
				       argv[i]);
				counts[T_FAIL]++;
				continue;
			}
			counts[run_test(t)]++;
		}
	} else {
		for (size_t i = 0; i < NTESTS; i++)
			counts[run_test(&tests[i])]++;
	}

	if (counts[T_SKIP] > 0)
		printf("usertests: %d skipped\n", counts[T_SKIP]);
	printf("usertests: %d passed, %d failed\n", counts[T_OK],
	       counts[T_FAIL]);
	return counts[T_FAIL] == 0 ? 0 : 1;
}
