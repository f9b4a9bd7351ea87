/*
 * monitor_proc.c - the monitor's `tasks` command: the process table as the
 * scheduler sees it, with each process's I/O permission state, so a student
 * can match a pid to what `iomap PID` and `tss` show.
 */
#include "kernel/monitor/monitor.h"
#include "kernel/console.h"
#include "kernel/proc/proc.h"

static const char *state_name(enum proc_state s)
{
	switch (s) {
	case PROC_UNUSED:
		return "unused";
	case PROC_EMBRYO:
		return "embryo";
	case PROC_RUNNABLE:
		return "runnable";
	case PROC_RUNNING:
		return "running";
	case PROC_SLEEPING:
		return "sleeping";
	case PROC_ZOMBIE:
		return "zombie";
	}
	return "?";
}

int monitor_cmd_tasks(int argc, char **argv, const struct monitor_entry *e)
{
	(void)argc, (void)argv, (void)e;
	struct proc *current = proc_current();

	printk("  pid  ppid state     uid  euid iopl bitmap name\n");
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = proc_table_slot(i);
		if (p->state == PROC_UNUSED)
			continue;
		/* Only one process runs on this CPU: the idle process keeps
		 * PROC_RUNNING while it waits its turn, so ask current. */
		const char *state = p->state == PROC_RUNNING && p != current
					? "runnable"
					: state_name(p->state);
		printk("%c%4d %5d %-9s %4u %5u %4d %-6s %s\n",
		       p == current ? '*' : ' ', p->pid,
		       p->parent ? p->parent->pid : 0, state, p->uid, p->euid,
		       p->iopl, p->io_bitmap ? "yes" : "no", p->name);
	}
	printk("  (* = the process this CPU was running)\n");
	return 0;
}
