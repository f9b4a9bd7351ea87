/*
 * proc.h - processes: what the kernel knows about each running program.
 *
 * A process is an address space (vm), a kernel stack whose top holds the
 * user registers (struct trap_frame, see arch/x86_64/proc_arch.h), a place
 * in the scheduler, credentials, signal state, and the I/O-permission state
 * that the TSS bitmap is built from.  Processes live in a fixed table of
 * NPROC slots: a full table is how fork() fails with -EAGAIN, so a fork
 * bomb ends in an error, not a dead kernel.
 *
 * Life cycle:  UNUSED -> EMBRYO (being built by fork/spawn) -> RUNNABLE
 *   <-> RUNNING <-> SLEEPING -> ZOMBIE (exited, status kept for wait4) ->
 *   UNUSED (reaped by the parent, or at the next switch when the parent
 *   is gone: proc_reap_orphans).
 */
#ifndef KERNEL_PROC_PROC_H
#define KERNEL_PROC_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/proc_arch.h"
#include "kernel/proc/signal.h"
#include "kernel/uapi/rlimit.h"

#define NPROC	      64
#define PROC_NAME_MAX 32
#define KSTACK_PAGES  4

enum proc_state {
	PROC_UNUSED,
	PROC_EMBRYO,
	PROC_RUNNABLE,
	PROC_RUNNING,
	PROC_SLEEPING,
	PROC_ZOMBIE,
};

struct vm_space;
struct io_bitmap;
struct fd_table;

struct proc {
	int pid;
	enum proc_state state;
	char name[PROC_NAME_MAX];
	struct proc *parent;
	bool
	    is_init_program; /* started by init= at boot: exit=idle counts it */

	/* Kernel stack; the user frame is at its top (arch_user_frame). */
	void *kstack_top;
	struct arch_proc arch;

	/* Address space and the heap/mmap bookkeeping inside it. */
	struct vm_space *vm;
	uint64_t brk_start, brk; /* program break: [brk_start, brk) */
	uint64_t mmap_next;	 /* where the next non-fixed mmap goes */
	uint64_t stack_low;	 /* lowest mapped stack page (stack_grow.c) */

	/* Credentials: real, effective and saved uid (Linux semantics). */
	uint32_t uid, euid, suid;
	/* Resource limits (rlimit.c): inherited by fork, kept by exec. */
	struct rlimit rlim[RLIM_NLIMITS];

	/* Open files: NULL only for the idle process and a zombie. */
	struct fd_table *fds;

	/* Scheduling. */
	struct proc *run_next; /* run queue link */
	unsigned cpu; /* the CPU it runs on, is queued on or ran on last */
	uint64_t cpu_affinity;	  /* sched_setaffinity: bit n = CPU n */
	uint64_t cpu_ns;	  /* CPU time used, up to the last switch */
	const void *wait_channel; /* what a SLEEPING process waits for */
	uint64_t wake_tick;	  /* nanosleep: wake at this tick (0: none) */

	/* Exit: Linux wait status ((code << 8) or the killing signal). */
	int exit_status;

	struct proc_signals sig;

	/* I/O permissions (kernel/io/): a shared, reference-counted bitmap
	 * or NULL, and the emulated iopl level (0 or 3). */
	struct io_bitmap *io_bitmap;
	int iopl;

	uint64_t clear_child_tid; /* set_tid_address */
	long syscall_nr;	  /* the system call in progress, -1 for none */
};

/* The process running on this CPU (the idle process when none is). */
struct proc *proc_current(void);
struct proc *proc_by_pid(int pid);
/* Iterate over the table: for (p = proc_first(); p; p = proc_next(p)). */
struct proc *proc_table_slot(int index);

/* Creates the idle process from the boot context; called once by kmain. */
void proc_init(void);
/* The same for another CPU, whose idle loop runs on stack_top. */
void proc_init_cpu(void *stack_top);

/* A fresh EMBRYO with a pid, a kernel stack and default credentials, or
 * NULL when the table is full or memory is short. */
struct proc *proc_alloc(const char *name);
/* Releases everything an EMBRYO or reaped ZOMBIE still holds. */
void proc_free(struct proc *p);

/* Starts program argv[0] (NAME for /bin/NAME, or a path) with these
 * arguments and environment as a new process owned by uid 0.  Returns the
 * pid or a negative errno. */
int proc_spawn(char *const argv[], int argc, char *const envp[], int envc,
	       bool is_init_program);

int proc_fork(void);
int proc_execve(const char *path, char *const kargv[], int argc,
		char *const kenvp[], int envc);
void proc_exit(int wait_status) __attribute__((noreturn));
int proc_wait4(int pid, uint64_t user_status, int options);
/* Number of user processes that are not yet reaped (idle excluded). */
int proc_count_live(void);
/* Starts every command of an init= value as an init program
 * (kernel/exec/init_command.h has the syntax). */
void proc_start_init_programs(const char *list);
/* Records an init program's exit status for exit=idle. */
void proc_note_init_exit(struct proc *p);
/* Frees zombies whose parent is gone (nobody will wait4 for them).  Runs
 * on every return to user mode while one is waiting (the exited orphan
 * itself cannot: it is still on its kernel stack until it switches away),
 * so an orphan's slot and stack come back at the next switch. */
void proc_reap_orphans(void);
/* Counts one more zombie without a parent (exit.c). */
void proc_note_orphan_zombie(void);
/* Whether an exited orphan waits for proc_reap_orphans (cheap to ask). */
bool proc_orphans_waiting(void);

/* rlimit.c: the defaults of a process started at boot, and whether
 * parent may fork now (0, or -EAGAIN with a one-line report). */
void rlimit_init_defaults(struct rlimit *lim);
int proc_fork_allowed(const struct proc *parent);
/* With exit=idle: leaves QEMU once no user process is left, with the
 * success code when every init program exited with status 0. */
void proc_idle_check_exit(void);

/* Work done on every return to ring 3, after the system call or interrupt
 * and before the first user instruction: rescheduling when the time slice
 * is over, signal delivery, and the I/O bitmap update. */
struct trap_frame;
void proc_return_to_user_work(struct trap_frame *tf);

#endif
