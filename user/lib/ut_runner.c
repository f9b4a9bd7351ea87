/*
 * ut_runner.c - runs a table of tests, each in a forked child so that one
 * crash or hang costs one test, not the run (see ut.h).  Output:
 *
 *	test NAME: OK
 *	test NAME: FAILED (reason)
 *	test NAME: SKIP (reason)        counts neither way
 *	SUITE: N passed, N failed       exit status 0 only if none failed
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "ut.h"

#define DEFAULT_TIMEOUT_S 30

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

static _Noreturn void run_in_child(const struct ut_test *t, long test_pid)
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

static int run_test(const struct ut_test *t)
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

static const struct ut_test *find_test(const struct ut_test *tests,
				       size_t ntests, const char *name)
{
	for (size_t i = 0; i < ntests; i++) {
		if (strcmp(tests[i].name, name) == 0)
			return &tests[i];
	}
	return NULL;
}

int ut_main(const char *suite, const struct ut_test *tests, size_t ntests,
	    int argc, char **argv)
{
	struct utsname u;
	int counts[3] = {0, 0, 0}; /* indexed by T_OK, T_FAIL, T_SKIP */

	on_portcullis =
	    sys_uname(&u) == 0 && strcmp(u.sysname, "Portcullis") == 0;
	printf("%s: starting on %s\n", suite,
	       on_portcullis ? "Portcullis"
			     : "a non-Portcullis kernel (Linux?)");

	int first = 1;

	if (argc > 1 && strcmp(argv[1], "-a") == 0) {
		run_everything = true;
		first = 2;
	}
	if (argc > first) {
		for (int i = first; i < argc; i++) {
			const struct ut_test *t =
			    find_test(tests, ntests, argv[i]);

			if (t == NULL) {
				printf("test %s: FAILED (no such test)\n",
				       argv[i]);
				counts[T_FAIL]++;
				continue;
			}
			counts[run_test(t)]++;
		}
	} else {
		for (size_t i = 0; i < ntests; i++)
			counts[run_test(&tests[i])]++;
	}

	if (counts[T_SKIP] > 0)
		printf("%s: %d skipped\n", suite, counts[T_SKIP]);
	printf("%s: %d passed, %d failed\n", suite, counts[T_OK],
	       counts[T_FAIL]);
	return counts[T_FAIL] == 0 ? 0 : 1;
}
