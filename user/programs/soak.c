/*
 * soak - the long forms of the issue-14 soaks, for `make soak`: the
 * system call fuzzer with 10^6 calls and the life-cycle soak with 10^5
 * cycles, one after the other, each exec'd with its arguments (init=
 * passes none).  Exits 0 only if both passed.
 *
 * Their heartbeat limit is 1000 ms here, not HEARTBEAT_MAX_MS: without
 * -icount guest time is host time, and ten minutes on a shared host see
 * the whole guest descheduled now and then (a 10^5-cycle run saw 276 ms;
 * under -icount the same run's longest gap was 2 ms, but -icount makes
 * the soak ten times slower).  The stalls of issue 14 lasted seconds to
 * minutes, and a stall inside the kernel of 1 s or more is also reported
 * by the lockup detector: grep the log for LOCKUP.
 */
#include "ut.h"

static long run(char *const argv[])
{
	long pid = sys_fork();
	if (pid == 0) {
		char *envp[] = {NULL};
		sys_execve(argv[0], argv, envp);
		sys_exit_group(127);
	}
	return reap(pid);
}

int main(void)
{
	char *fuzz[] = {"/bin/sysfuzz", "1000000", "1414", "1000", NULL};
	char *life[] = {"/bin/lifecycle", "100000", "1000", NULL};
	long a = run(fuzz), b = run(life);
	printf("soak: sysfuzz %s, ", describe_status(a));
	printf("lifecycle %s\n", describe_status(b));
	printf("soak: %s\n", a == 0 && b == 0 ? "PASS" : "FAIL");
	return a == 0 && b == 0 ? 0 : 1;
}
