/*
 * sys_proc.c - process system calls: identity, fork/exec/exit/wait,
 * yielding, and credentials.
 */
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define EXEC_MAX_ARGS	64
#define EXEC_MAX_STRING 256

long sys_getpid(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	return proc_current()->pid;
}

long sys_gettid(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	return proc_current()->pid; /* one thread per process */
}

long sys_getppid(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	struct proc *parent = proc_current()->parent;
	return parent ? parent->pid : 0;
}

long sys_fork(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	return proc_fork();
}

long sys_exit(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	proc_exit((int)((a0 & 0xff) << 8));
}

long sys_exit_group(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	proc_exit((int)((a0 & 0xff) << 8));
}

long sys_wait4(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	if (a3) /* rusage: not kept; -EINVAL rather than silently ignoring */
		return -EINVAL;
	return proc_wait4((int)a0, a1, (int)a2);
}

long sys_sched_yield(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	sched_yield();
	return 0;
}

/* Copies a NULL-terminated array of user string pointers into a kmalloc'd
 * block of strings; *count receives how many.  Returns 0 or -errno. */
static long copy_string_array(uint64_t user_array, char **out, int *count)
{
	*count = 0;
	if (!user_array)
		return 0; /* Linux accepts NULL argv/envp as empty */
	for (int i = 0; i < EXEC_MAX_ARGS; i++) {
		uint64_t ptr;
		if (copy_from_user(&ptr, user_array + 8 * (uint64_t)i, 8))
			return -EFAULT;
		if (!ptr) {
			*count = i;
			return 0;
		}
		out[i] = kmalloc(EXEC_MAX_STRING);
		if (!out[i])
			return -ENOMEM;
		*count = i + 1;
		long n = copy_string_from_user(out[i], ptr, EXEC_MAX_STRING);
		if (n < 0)
			return n == -ENAMETOOLONG ? -E2BIG : n;
	}
	return -E2BIG;
}

long sys_execve(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	char path[EXEC_MAX_STRING];
	char *argv[EXEC_MAX_ARGS + 1] = {0}, *envp[EXEC_MAX_ARGS + 1] = {0};
	int argc = 0, envc = 0;

	long err = copy_string_from_user(path, a0, sizeof(path));
	if (err >= 0)
		err = copy_string_array(a1, argv, &argc);
	if (err >= 0)
		err = copy_string_array(a2, envp, &envc);
	if (err >= 0)
		err = proc_execve(path, argv, argc, envp, envc);
	for (int i = 0; i < EXEC_MAX_ARGS; i++) {
		kfree(argv[i]);
		kfree(envp[i]);
	}
	/* On success the frame already holds the new program's registers:
	 * return its rax (0) so syscall_dispatch stores nothing harmful. */
	return err < 0 ? err : 0;
}

long sys_getuid(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	return proc_current()->uid;
}

long sys_geteuid(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	return proc_current()->euid;
}

long sys_getgid(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	return 0; /* no groups: everyone is in group 0 */
}

/* setuid(2): root sets all three ids; others may only set the effective
 * uid to their real or saved uid.  So uid 0 can drop, never come back. */
long sys_setuid(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	struct proc *p = proc_current();
	uint32_t uid = (uint32_t)a0;
	if ((int32_t)uid < 0)
		return -EINVAL;
	if (p->euid == 0) {
		p->uid = p->euid = p->suid = uid;
		return 0;
	}
	if (uid != p->uid && uid != p->suid)
		return -EPERM;
	p->euid = uid;
	return 0;
}

/* setresuid(2): -1 leaves an id unchanged; unprivileged callers may only
 * use values among their current real, effective and saved uids. */
long sys_setresuid(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	struct proc *p = proc_current();
	uint32_t ids[3] = {(uint32_t)a0, (uint32_t)a1, (uint32_t)a2};
	if (p->euid != 0) {
		for (int i = 0; i < 3; i++) {
			if (ids[i] == (uint32_t)-1)
				continue;
			if (ids[i] != p->uid && ids[i] != p->euid &&
			    ids[i] != p->suid)
				return -EPERM;
		}
	}
	if (ids[0] != (uint32_t)-1)
		p->uid = ids[0];
	if (ids[1] != (uint32_t)-1)
		p->euid = ids[1];
	if (ids[2] != (uint32_t)-1)
		p->suid = ids[2];
	return 0;
}

long sys_set_tid_address(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	proc_current()->clear_child_tid = a0;
	return proc_current()->pid;
}

/* getgroups(size, list): the supplementary groups.  Nobody has any, so
 * the answer is always 0 groups and list is never written; a negative
 * size is still -EINVAL. */
long sys_getgroups(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	(void)a1;
	if ((int32_t)a0 < 0)
		return -EINVAL;
	return 0;
}
