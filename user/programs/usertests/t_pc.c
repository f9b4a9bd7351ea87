/*
 * t_pc.c - Portcullis-only: nothing leaks physical memory, and running
 * out of processes or memory is survivable.
 */
#include "ut.h"

static int exec_hello_quietly(long unused)
{
	char *argv[] = {"/bin/hello", "-q", NULL};
	char *envp[] = {NULL};

	(void)unused;
	sys_execve(argv[0], argv, envp);
	return 99;
}

/* Returns 0, or the first bad wait status. */
static long fork_exec_exit(int n)
{
	for (int i = 0; i < n; i++) {
		long status = reap(spawn(exec_hello_quietly, 0));

		if (status != 0)
			return status;
	}
	return 0;
}

int test_frames(void)
{
	struct pc_kernel_info ki;

	CHECK_EQ(sys_pc_kernel_info(&ki), 0);
	CHECK(ki.free_frames <= ki.total_frames && ki.total_frames > 0,
	      "free %lu of %lu frames", (unsigned long)ki.free_frames,
	      (unsigned long)ki.total_frames);
	CHECK(ki.nprocs >= 2, "%lu processes, but the runner and we exist",
	      (unsigned long)ki.nprocs);

	/* Warm up, so lazily allocated kernel structures already exist. */
	long status = fork_exec_exit(3);

	CHECK(status == 0, "child: %s", describe_status(status));

	long before = sys_pc_free_frames();

	CHECK(before > 0, "pc_free_frames() = %ld", before);
	status = fork_exec_exit(20);
	CHECK(status == 0, "child: %s", describe_status(status));

	long after = settled_free_frames(before);

	CHECK(after == before,
	      "%ld frames before 20 fork/exec/exit rounds, "
	      "%ld after (%ld leaked)",
	      before, after, before - after);
	return T_OK;
}

#define MAX_BOMB 4096

static long bomb_pids[MAX_BOMB];

static int exit_42(long unused)
{
	(void)unused;
	return 42;
}

/*
 * Forks until the kernel says no, then kills everything.  Exit codes:
 * 1 fork never failed, 2 wrong error, 3 a child died wrongly, 4 the
 * system didn't recover.
 */
static int fork_bomb(long unused)
{
	long err = 0;
	int n = 0;

	(void)unused;
	while (n < MAX_BOMB) {
		long pid = spawn(sleep_forever, 0);

		if (pid < 0) {
			err = pid;
			break;
		}
		bomb_pids[n++] = pid;
	}
	for (int i = 0; i < n; i++)
		sys_kill((pid_t)bomb_pids[i], SIGKILL);

	int bad = 0;

	for (int i = 0; i < n; i++) {
		if (reap(bomb_pids[i]) != SIGKILL)
			bad = 1;
	}
	printf("  (forkbomb: fork failed with error %ld after %d children)\n",
	       -err, n);
	if (err == 0)
		return 1;
	if (err != -EAGAIN && err != -ENOMEM)
		return 2;
	if (bad)
		return 3;
	return reap(spawn(exit_42, 0)) == 42 << 8 ? 0 : 4;
}

int test_forkbomb(void)
{
	long before = sys_pc_free_frames();
	long status = reap(spawn(fork_bomb, 0));

	CHECK(status == 0,
	      "bomb: %s (1: fork never failed, 2: not EAGAIN or"
	      " ENOMEM, 3: child not killed, 4: no recovery)",
	      describe_status(status));

	long after = settled_free_frames(before);

	CHECK(after == before, "%ld frames before, %ld after (%ld leaked)",
	      before, after, before - after);
	return T_OK;
}
