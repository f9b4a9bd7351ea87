/*
 * t_proc.c - fork, exit, wait4, kill and execve.
 */
#include <string.h>
#include <sys/mman.h>
#include <syscall.h>

#include "ut.h"

static long parent_pid;

/* The child reports back through its exit status, 8 bits at a time. */
static int ids_child(long unused)
{
	(void)unused;
	if (sys_getppid() != parent_pid)
		return 1;
	if (sys_getpid() == parent_pid || sys_gettid() != sys_getpid())
		return 2;
	return 100 + (int)(sys_getpid() & 0x7f);
}

int test_fork_ids(void)
{
	parent_pid = sys_getpid();

	long pid = spawn(ids_child, 0);

	CHECK(pid > 0, "fork returned %ld", pid);
	CHECK(pid != parent_pid, "fork returned our own pid");

	long status = reap(pid);

	CHECK(WIFEXITED(status), "child: %s", describe_status(status));
	CHECK(WEXITSTATUS(status) >= 100,
	      "child exit %ld (1: getppid wrong,"
	      " 2: getpid/gettid wrong)",
	      WEXITSTATUS(status));
	CHECK_EQ(WEXITSTATUS(status), 100 + (pid & 0x7f));
	return T_OK;
}

/* One of each kind of memory a fork must copy. */
static int global_var = 1;
static int bss_var;

static int memory_child(long stack_addr)
{
	volatile int *on_stack = (volatile int *)stack_addr;

	/* We must see the values as they were at fork time... */
	if (global_var != 1 || bss_var != 2 || *on_stack != 3)
		return 1;
	/* ...and our writes must stay ours. */
	global_var = bss_var = *on_stack = 99;
	return 0;
}

int test_fork_memory(void)
{
	volatile int on_stack = 3;

	bss_var = 2;

	long pid = spawn(memory_child, (long)&on_stack);

	CHECK(pid > 0, "fork returned %ld", pid);
	/* Race the child on purpose: these writes must not reach it. */
	global_var = 5;

	long status = reap(pid);

	CHECK(status == 0, "child: %s (1: child saw changed memory)",
	      describe_status(status));
	CHECK(global_var == 5 && bss_var == 2 && on_stack == 3,
	      "parent memory changed by child: %d %d %d", global_var, bss_var,
	      on_stack);
	return T_OK;
}

static int exit_with(long code)
{
	/* Alternate between the two exit calls: both end a 1-thread process. */
	if (code & 1)
		sys_exit((int)code);
	sys_exit_group((int)code);
}

int test_exit_status(void)
{
	static const int codes[] = {0, 1, 42, 255, 256 + 7};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		long pid = spawn(exit_with, codes[i]);
		int status = -1;

		CHECK(pid > 0, "fork returned %ld", pid);
		CHECK_EQ(sys_wait4((pid_t)pid, &status, 0, NULL), pid);
		CHECK(WIFEXITED(status) && !WIFSIGNALED(status), "exit(%d): %s",
		      codes[i], describe_status(status));
		/* Only the low 8 bits survive, encoded as code << 8. */
		CHECK_EQ(status, (codes[i] & 0xff) << 8);
	}
	/* A NULL status pointer is allowed. */
	long pid = spawn(exit_with, 3);

	CHECK_EQ(sys_wait4((pid_t)pid, NULL, 0, NULL), pid);
	return T_OK;
}

/* wait4(-1) reaps every child exactly once, in whatever order they end. */
int test_wait_any(void)
{
	long pids[3];
	int found = 0;

	for (int i = 0; i < 3; i++) {
		pids[i] = spawn(exit_with, 10 + i);
		CHECK(pids[i] > 0, "fork returned %ld", pids[i]);
	}
	for (int n = 0; n < 3; n++) {
		int status;
		long r = sys_wait4(-1, &status, 0, NULL);
		int i = 0;

		while (i < 3 && pids[i] != r)
			i++;
		CHECK(i < 3, "wait4(-1) returned %ld, not one of our children",
		      r);
		CHECK(!(found & (1 << i)), "child %ld reaped twice", r);
		CHECK_EQ(status, (10 + i) << 8);
		found |= 1 << i;
	}
	CHECK_EQ(sys_wait4(-1, NULL, 0, NULL), -ECHILD);
	return T_OK;
}

int test_wait_nochild(void)
{
	int status;

	CHECK_EQ(sys_wait4(-1, &status, 0, NULL), -ECHILD);
	CHECK_EQ(sys_wait4(-1, &status, WNOHANG, NULL), -ECHILD);
	/* Our parent exists but is not our child. */
	CHECK_EQ(sys_wait4((pid_t)sys_getppid(), &status, 0, NULL), -ECHILD);
	return T_OK;
}

int test_wait_nohang(void)
{
	int status = 12345;
	long pid = spawn(sleep_forever, 0);

	CHECK(pid > 0, "fork returned %ld", pid);
	CHECK_EQ(sys_wait4((pid_t)pid, &status, WNOHANG, NULL), 0);
	CHECK_EQ(sys_wait4(-1, &status, WNOHANG, NULL), 0);
	sys_kill((pid_t)pid, SIGKILL);
	CHECK_EQ(WTERMSIG(reap(pid)), SIGKILL);
	return T_OK;
}

/* Kills a sleeping child with sig; it has no handler, so it must die of
 * it, and the wait status must be exactly the signal number. */
static int kill_sleeper(int sig)
{
	long pid = spawn(sleep_forever, 0);

	CHECK(pid > 0, "fork returned %ld", pid);
	sleep_ms(20); /* usually asleep by now; must work either way */
	CHECK_EQ(sys_kill((pid_t)pid, sig), 0);

	long status = reap(pid);

	CHECK(WIFSIGNALED(status) && !WIFEXITED(status), "child: %s",
	      describe_status(status));
	CHECK_EQ(WTERMSIG(status), sig);
	CHECK_EQ(status, sig); /* no core dump bit */
	return T_OK;
}

int test_kill_sigkill(void)
{
	return kill_sleeper(SIGKILL);
}

int test_kill_sigterm(void)
{
	return kill_sleeper(SIGTERM);
}

static void exit_7(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)uc;
	/* kill() fills in who sent it. */
	if (info->si_code != SI_USER || info->si_pid != parent_pid)
		sys_exit_group(8);
	sys_exit_group(7);
}

/* Handlers are inherited across fork, so this one is in place before the
 * child first runs: no race with the kill. */
int test_kill_handler(void)
{
	parent_pid = sys_getpid();
	CHECK_EQ(install_handler(SIGTERM, exit_7, 0), 0);

	long pid = spawn(sleep_forever, 0);

	CHECK(pid > 0, "fork returned %ld", pid);
	CHECK_EQ(default_action(SIGTERM), 0);
	sleep_ms(20);
	CHECK_EQ(sys_kill((pid_t)pid, SIGTERM), 0);

	long status = reap(pid);

	CHECK(status == 7 << 8, "child: %s (7 expected; 8: bad siginfo)",
	      describe_status(status));
	return T_OK;
}

int test_kill_errors(void)
{
	long pid = spawn(exit_with, 0);

	CHECK(pid > 0, "fork returned %ld", pid);
	reap(pid);
	/* Reaped, so gone (pids are not reused this quickly). */
	CHECK_EQ(sys_kill((pid_t)pid, SIGTERM), -ESRCH);
	CHECK_EQ(sys_kill(0x3fffffff, SIGTERM), -ESRCH);
	/* Signal 0 only checks that the target exists. */
	CHECK_EQ(sys_kill((pid_t)sys_getpid(), 0), 0);
	CHECK_EQ(sys_kill((pid_t)sys_getpid(), NSIG + 1), -EINVAL);
	CHECK_EQ(sys_kill((pid_t)sys_getpid(), -1), -EINVAL);
	return T_OK;
}

/* Portcullis keeps its programs in /bin. */
int test_exec_hello(void)
{
	long pid = sys_fork();

	CHECK(pid >= 0, "fork returned %ld", pid);
	if (pid == 0) {
		char *argv[] = {"/bin/hello", "-e",	   "42",
				"from",	      "usertests", NULL};
		char *envp[] = {"USERTESTS=1", NULL};

		sys_execve(argv[0], argv, envp);
		sys_exit_group(99); /* exec failed */
	}

	long status = reap(pid);

	/* 42 proves argv arrived; hello itself prints it all too. */
	CHECK(status == 42 << 8, "child: %s (42 expected, 99: exec failed)",
	      describe_status(status));
	return T_OK;
}

int test_exec_enoent(void)
{
	char *argv[] = {"nope", NULL};
	char *envp[] = {NULL};

	CHECK_EQ(sys_execve("/no/such/program", argv, envp), -ENOENT);
	CHECK_EQ(sys_execve((void *)0xffffffff80000000UL, argv, envp), -EFAULT);
	return T_OK;
}

/*
 * A child that never makes a system call must not keep the CPU: only the
 * timer can take it away.  If preemption is broken, this test hangs (and
 * on one CPU the runner's timeout can't fire either).
 */
int test_preempt(void)
{
	long pids[2];

	/* Two spinners, so even a 2-CPU machine has to time-slice. */
	for (int i = 0; i < 2; i++) {
		pids[i] = spawn(spin_forever, 0);
		CHECK(pids[i] > 0, "fork returned %ld", pids[i]);
	}
	for (int i = 0; i < 20; i++)
		sys_sched_yield();
	sleep_ms(100);
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(sys_kill((pid_t)pids[i], SIGKILL), 0);
		CHECK_EQ(WTERMSIG(reap(pids[i])), SIGKILL);
	}
	return T_OK;
}

/* clone as glibc's fork() calls it: a copy of the process, with the tid
 * written where asked. */
int test_clone_fork(void)
{
	int ptid = 0;
	static int ctid; /* each process has its own copy after the clone */

	ctid = 0;
	long pid = syscall6(SYS_clone, 0x01000000 | 0x00100000 | SIGCHLD, 0,
			    (long)&ptid, (long)&ctid, 0, 0);
	if (pid == 0)
		sys_exit_group(ctid == sys_getpid() ? 0 : 1);
	CHECK(pid > 0, "clone: %ld", pid);
	CHECK_EQ(ptid, pid);
	CHECK_EQ(ctid, 0); /* written in the child's memory only */
	long status = reap(pid);
	CHECK(status == 0, "child: %s (1: child_tid not set)",
	      describe_status(status));
	/* Shared memory or threads: not here. */
	if (on_portcullis) {
		CHECK_EQ(syscall6(SYS_clone, 0x100 | SIGCHLD, 0, 0, 0, 0, 0),
			 -EINVAL); /* CLONE_VM */
		CHECK_EQ(
		    syscall6(SYS_clone, 0x10000 | 0x800 | 0x100, 0, 0, 0, 0, 0),
		    -EINVAL); /* a thread */
	}
	/* vfork: the child runs, and only exits. */
	pid = syscall0(SYS_vfork);
	if (pid == 0)
		sys_exit_group(5);
	CHECK(pid > 0, "vfork: %ld", pid);
	status = reap(pid);
	CHECK(status == 5 << 8, "vfork child: %s", describe_status(status));
	return T_OK;
}
