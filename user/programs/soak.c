/*
 * soak - the long forms of the issue-14 soaks, for `make soak`: the
 * system call fuzzer with 10^6 calls and the life-cycle soak with 10^5
 * cycles, one after the other, each exec'd with its arguments (init=
 * passes none).  Exits 0 only if both passed.
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
	char *fuzz[] = {"/bin/sysfuzz", "1000000", "1414", NULL};
	char *life[] = {"/bin/lifecycle", "100000", NULL};
	long a = run(fuzz), b = run(life);
	printf("soak: sysfuzz %s, ", describe_status(a));
	printf("lifecycle %s\n", describe_status(b));
	printf("soak: %s\n", a == 0 && b == 0 ? "PASS" : "FAIL");
	return a == 0 && b == 0 ? 0 : 1;
}
