/*
 * hello - the first user program: proves that ring 3, system calls,
 * argv/envp passing and exit statuses work.
 *
 *   hello [-q] [-E] [-e STATUS] [-f FD] [ARG...]
 *
 * -q prints nothing (for tests that exec hello many times); -e makes hello
 * exit with STATUS, so a parent can check that arguments really arrived;
 * -f makes it exit with 0 if descriptor FD is open and 1 if not (the
 * close-on-exec test); -E prints the environment strings too.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	int quiet = 0;
	int status = 0;
	int check_fd = -1;
	int show_env = 0;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-q") == 0)
			quiet = 1;
		else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc)
			status = atoi(argv[++i]);
		else if (strcmp(argv[i], "-E") == 0)
			show_env = 1;
		else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc)
			check_fd = atoi(argv[++i]);
		else
			break;
	}
	if (check_fd >= 0)
		status = sys_fcntl(check_fd, F_GETFD, 0) >= 0 ? 0 : 1;
	if (quiet)
		return status;

	printf("hello from ring 3: pid %ld, parent %ld\n", sys_getpid(),
	       sys_getppid());
	for (int a = 0; a < argc; a++)
		printf("  argv[%d] = \"%s\"\n", a, argv[a]);
	int envc = 0;

	while (envp[envc] != NULL)
		envc++;
	printf("  %d environment strings\n", envc);
	for (int e = 0; show_env && e < envc; e++)
		printf("  envp[%d] = \"%s\"\n", e, envp[e]);
	return status;
}
