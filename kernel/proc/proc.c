/*
 * proc.c - the process table: allocation, freeing, lookup, and the idle
 * process.  fork/exec/exit/wait live in their own files.
 */
#include "kernel/proc/proc.h"
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/io/iobitmap.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/sched.h"

/* Slot 0 is the boot CPU's idle process (pid 0); the other CPUs' idle
 * processes (also pid 0) are outside the table. */
static struct proc table[NPROC];
static struct proc other_idle[ARCH_MAX_CPUS];
static int next_pid = 1;

extern char boot_stack_top[]; /* boot/entry64.asm: idle runs on it */

struct proc *proc_table_slot(int index)
{
	return &table[index];
}

struct proc *proc_by_pid(int pid)
{
	if (pid <= 0)
		return NULL;
	for (int i = 1; i < NPROC; i++)
		if (table[i].state != PROC_UNUSED && table[i].pid == pid)
			return &table[i];
	return NULL;
}

void proc_init(void)
{
	struct proc *idle = &table[0];
	memset(idle, 0, sizeof(*idle));
	idle->pid = 0;
	strlcpy(idle->name, "idle", sizeof(idle->name));
	idle->kstack_top = boot_stack_top;
	idle->vm = vm_kernel_space();
	fpu_init_state(&idle->arch.fpu);
	sched_init_cpu(idle);
}

void proc_init_cpu(void *stack_top)
{
	struct proc *idle = &other_idle[arch_cpu_id()];
	memset(idle, 0, sizeof(*idle));
	strlcpy(idle->name, "idle", sizeof(idle->name));
	idle->kstack_top = stack_top;
	idle->vm = vm_kernel_space();
	fpu_init_state(&idle->arch.fpu);
	sched_init_cpu(idle);
}

struct proc *proc_alloc(const char *name)
{
	struct proc *p = NULL;
	for (int i = 1; i < NPROC; i++) {
		if (table[i].state == PROC_UNUSED) {
			p = &table[i];
			break;
		}
	}
	if (!p)
		return NULL;

	memset(p, 0, sizeof(*p));
	p->kstack_top = kstack_alloc(KSTACK_PAGES);
	if (!p->kstack_top)
		return NULL; /* still UNUSED: nothing to undo */
	p->state = PROC_EMBRYO;
	p->pid = next_pid++;
	p->syscall_nr = -1;
	p->cpu_affinity = sched_all_cpus();
	strlcpy(p->name, name, sizeof(p->name));
	return p;
}

void proc_free(struct proc *p)
{
	/* An exited process already gave its space back and points at the
	 * kernel's (proc_exit), which must never be destroyed. */
	if (p->vm && p->vm != vm_kernel_space())
		vm_space_destroy(p->vm);
	p->vm = NULL;
	fd_table_free(p->fds);
	p->fds = NULL;
	iobitmap_exit(p);
	if (p->kstack_top)
		kstack_free(p->kstack_top, KSTACK_PAGES);
	p->kstack_top = NULL;
	p->state = PROC_UNUSED;
	p->pid = 0;
}

int proc_count_live(void)
{
	int n = 0;
	for (int i = 1; i < NPROC; i++)
		if (table[i].state != PROC_UNUSED)
			n++;
	return n;
}

/* Zombies whose parent is gone, not yet freed.  Invariant: every such
 * zombie other than the running process is freed before the running
 * process returns to user mode. */
static int orphans_waiting;

void proc_note_orphan_zombie(void)
{
	orphans_waiting++;
}

bool proc_orphans_waiting(void)
{
	return orphans_waiting > 0;
}

/* Cost: O(NPROC), paid only while an orphan waits. */
void proc_reap_orphans(void)
{
	struct proc *self = proc_current();
	int left = 0;
	for (int i = 1; i < NPROC; i++) {
		struct proc *p = &table[i];
		if (p->state != PROC_ZOMBIE || p->parent)
			continue;
		if (p == self)
			left++; /* still on its stack: the next one frees it */
		else
			proc_free(p);
	}
	orphans_waiting = left;
}
