/*
 * exit.c - how a process ends: exit(), wait4(), and the wait status.
 *
 * An exiting process gives back its address space and I/O permissions at
 * once, but keeps its table slot and kernel stack as a ZOMBIE (it is still
 * running on that stack) until its parent collects the status with wait4.
 * Its children become orphans: nobody will wait for them, so those that
 * are zombies already are freed here, and the others as soon as they have
 * exited and switched away (proc_reap_orphans, on the next return to user
 * mode of any process, and in the idle loop).
 *
 * Wait status, as Linux encodes it: exit(code) gives (code & 0xff) << 8;
 * death by signal s gives s.  (WIFEXITED: low 7 bits zero.)
 */
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/io/iobitmap.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/uaccess.h"

#define WNOHANG	   1
#define WUNTRACED  2
#define WCONTINUED 8
#define __WALL	   0x40000000u

void proc_exit(int wait_status)
{
	struct proc *p = proc_current();

	if (p->pid == 0)
		panic("the idle process tried to exit");

	/* Our page tables are live: switch to the kernel's before freeing. */
	vm_space_activate(vm_kernel_space());
	vm_space_destroy(p->vm);
	p->vm = vm_kernel_space(); /* any later switch-in needs a valid CR3 */
	iobitmap_exit(p);
	/* Closing the pipe ends wakes whoever waits at the other end. */
	fd_table_free(p->fds);
	p->fds = NULL;

	for (int i = 1; i < NPROC; i++) {
		struct proc *child = proc_table_slot(i);
		if (child->state == PROC_UNUSED || child->parent != p)
			continue;
		child->parent = NULL;
		if (child->state == PROC_ZOMBIE)
			proc_free(child); /* not running: free it now */
	}

	p->exit_status = wait_status;
	proc_note_init_exit(p);
	p->state = PROC_ZOMBIE;
	if (p->parent)
		sched_wakeup(p->parent);
	else
		proc_note_orphan_zombie();
	sched_switch();
	panic("zombie %d was switched back in", p->pid);
}

int proc_wait4(int pid, uint64_t user_status, int options)
{
	struct proc *self = proc_current();

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | (int)__WALL))
		return -EINVAL;
	if (pid < -1 || pid == 0)
		pid = -1; /* process groups: every process is in one group */

	for (;;) {
		bool have_child = false;
		for (int i = 1; i < NPROC; i++) {
			struct proc *c = proc_table_slot(i);
			if (c->state == PROC_UNUSED || c->parent != self)
				continue;
			if (pid != -1 && c->pid != pid)
				continue;
			have_child = true;
			if (c->state != PROC_ZOMBIE)
				continue;
			int status = c->exit_status;
			int child_pid = c->pid;
			if (user_status &&
			    copy_to_user(user_status, &status, sizeof(status)))
				return -EFAULT;
			proc_free(c);
			return child_pid;
		}
		if (!have_child)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		sched_sleep(self);
		if (signal_has_deliverable(self))
			return -EINTR;
	}
}
