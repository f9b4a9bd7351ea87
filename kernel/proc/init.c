/*
 * init.c - the programs started at boot, and "exit=idle".
 *
 * Portcullis has no init process: kmain starts each program named by
 * init=NAME[,NAME...] (or the demo set) directly, as uid 0, with its name
 * as argv[0].  With exit=idle the kernel leaves QEMU once the last user
 * process is gone, with the success code only if every init program
 * exited with status 0 - how tests (anyone's) report a result.
 */
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/exec/exec.h"
#include "kernel/fs/file.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"

static int init_started, init_finished, init_failed;

int proc_spawn(const char *program, bool is_init_program)
{
	struct proc *p = proc_alloc(program);
	if (!p)
		return -EAGAIN;
	p->vm = vm_space_create();
	p->fds = fd_table_new_console();
	if (!p->vm || !p->fds) {
		proc_free(p);
		return -ENOMEM;
	}
	char *argv[] = {(char *)program, NULL};
	char *envp[] = {"PATH=/bin", NULL};
	struct exec_result res;
	int err = exec_load(p->vm, program, argv, 1, envp, 1, &res);
	if (err) {
		proc_free(p);
		return err;
	}
	exec_name_process(p, program);
	p->brk_start = p->brk = res.brk;
	p->mmap_next = res.mmap_base;
	p->is_init_program = is_init_program;
	arch_proc_start_user(p, res.entry, res.user_rsp);
	sched_make_runnable(p);
	if (is_init_program)
		init_started++;
	return p->pid;
}

void proc_note_init_exit(struct proc *p)
{
	if (!p->is_init_program)
		return;
	init_finished++;
	if (p->exit_status != 0)
		init_failed++;
}

void proc_start_init_programs(const char *list)
{
	char name[64];
	const char *s = list;
	while (*s) {
		size_t n = 0;
		while (s[n] && s[n] != ',')
			n++;
		if (n > 0 && n < sizeof(name)) {
			memcpy(name, s, n);
			name[n] = '\0';
			int pid = proc_spawn(name, true);
			if (pid < 0) {
				printk("init: cannot start %s: error %d\n",
				       name, -pid);
				init_failed++;
			} else {
				printk("init: started %s as pid %d\n", name,
				       pid);
			}
		}
		s += n;
		if (*s == ',')
			s++;
	}
}

void proc_idle_check_exit(void)
{
	const char *mode = cmdline_get("exit");
	if (!mode || strcmp(mode, "idle") || proc_count_live() != 0)
		return;
	bool pass = !init_failed && init_finished;
	printk("exit=idle: all processes gone; %d init program(s) finished, "
	       "%d failed: %s\n",
	       init_finished, init_failed, pass ? "PASS" : "FAIL");
	/* Halts with the summary on screen when there is no exit device. */
	arch_test_exit(pass ? TEST_EXIT_SUCCESS : TEST_EXIT_FAILURE);
}
