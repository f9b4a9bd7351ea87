/*
 * execve.c - replacing the running program with another.
 *
 * The new program is loaded into a brand-new address space while the old
 * one is still in place, so a bad file or a shortage of memory fails with
 * -errno and the caller carries on as if nothing happened (the Linux
 * "point of no return" comes only after everything that can fail).  Past
 * that point: switch CR3, free the old space, rewrite the user frame.
 *
 * What survives exec (POSIX, and Linux for the I/O state): the pid, the
 * parent, the credentials, ignored signals, the signal mask, pending
 * signals, the open files not marked close-on-exec, and the I/O bitmap and iopl level - a driver started through a
 * wrapper keeps the ports the wrapper was given.
 */
#include "kernel/errno.h"
#include "kernel/exec/exec.h"
#include "kernel/fs/file.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"

int proc_execve(const char *path, char *const kargv[], int argc,
		char *const kenvp[], int envc)
{
	struct proc *p = proc_current();
	struct vm_space *fresh = vm_space_create();
	if (!fresh)
		return -ENOMEM;

	struct exec_result res;
	int err = exec_load(fresh, path, kargv, argc, kenvp, envc, &res);
	if (err) {
		vm_space_destroy(fresh); /* never activated */
		return err;
	}

	/* Point of no return. */
	struct vm_space *old = p->vm;
	p->vm = fresh;
	vm_space_activate(fresh);
	vm_space_destroy(old);

	p->brk_start = p->brk = res.brk;
	p->mmap_next = res.mmap_base;
	p->stack_low = res.stack_low;
	exec_name_process(p, path);
	signal_exec(p);
	fd_table_exec(p->fds);
	arch_proc_exec(p, res.entry, res.user_rsp);
	return 0;
}
