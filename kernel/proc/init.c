/*
 * init.c - the programs started at boot, and "exit=idle".
 *
 * Portcullis has no init process: kmain starts each command of
 * init=COMMAND[,COMMAND...] (or the demo set) directly, as uid 0.  A
 * command is a program with arguments and environment strings
 * (kernel/exec/init_command.h: init="TERM=vt100 /bin/hello -e 3 a"); the
 * environment always holds PATH=/bin unless the command sets PATH.  With exit=idle the kernel leaves QEMU once the last user
 * process is gone, with the success code only if every init program
 * exited with status 0 - how tests (anyone's) report a result.
 */
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/exec/exec.h"
#include "kernel/exec/init_command.h"
#include "kernel/fs/file.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"

static int init_started, init_finished, init_failed;

int proc_spawn(char *const argv[], int argc, char *const envp[], int envc,
	       bool is_init_program)
{
	const char *program = argv[0];
	struct proc *p = proc_alloc(program);
	if (!p)
		return -EAGAIN;
	p->vm = vm_space_create();
	p->fds = fd_table_new_console();
	if (!p->vm || !p->fds) {
		proc_free(p);
		return -ENOMEM;
	}
	struct exec_result res;
	int err = exec_load(p->vm, program, argv, argc, envp, envc, &res);
	if (err) {
		proc_free(p);
		return err;
	}
	exec_name_process(p, program);
	p->brk_start = p->brk = res.brk;
	p->mmap_next = res.mmap_base;
	p->stack_low = res.stack_low;
	p->is_init_program = is_init_program;
	rlimit_init_defaults(p->rlim);
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

static bool sets_path(const struct init_command *cmd)
{
	for (int i = 0; i < cmd->envc; i++)
		if (!strncmp(cmd->envp[i], "PATH=", 5))
			return true;
	return false;
}

static void start_one(struct init_command *cmd)
{
	/* PATH=/bin first, unless the command brings its own. */
	char *envp[INIT_MAX_WORDS + 2];
	int envc = 0;
	if (!sets_path(cmd))
		envp[envc++] = "PATH=/bin";
	for (int i = 0; i < cmd->envc; i++)
		envp[envc++] = cmd->envp[i];
	envp[envc] = NULL;
	int pid = proc_spawn(cmd->argv, cmd->argc, envp, envc, true);
	if (pid < 0) {
		printk("init: cannot start %s: error %d\n", cmd->argv[0], -pid);
		init_failed++;
	} else {
		printk("init: started %s as pid %d\n", cmd->argv[0], pid);
	}
}

void proc_start_init_programs(const char *list)
{
	/* The parser cuts its buffer; the command line stays as it is. */
	size_t len = strlen(list) + 1;
	char *buf = kmalloc(len);
	struct init_command *cmd = kmalloc(sizeof(*cmd));
	if (!buf || !cmd) {
		printk("init: no memory for the init= commands\n");
		init_failed++;
		kfree(buf);
		kfree(cmd);
		return;
	}
	memcpy(buf, list, len);
	char *s = buf;
	int r;
	while ((r = init_next_command(&s, cmd)) == 1)
		start_one(cmd);
	if (r < 0) {
		printk("init: cannot parse init= at \"%s\": unclosed quote, "
		       "no program, or more than %d words\n",
		       s, INIT_MAX_WORDS);
		init_failed++;
	}
	/* Each process has its own copy of argv and envp by now. */
	kfree(cmd);
	kfree(buf);
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
