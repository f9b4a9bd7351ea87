/*
 * syscall.h - the system call table.
 *
 * Numbers and semantics are Linux x86-64's (see `man 2 syscall`): rax holds
 * the number, rdi rsi rdx r10 r8 r9 the arguments, rax the result, and a
 * failure is -errno.  An unknown number is -ENOSYS.  Portcullis's own calls
 * start at 512 (kernel/uapi/portcullis.h).  Each handler takes the six raw
 * argument registers; the few that need the whole user register frame
 * (fork, execve, rt_sigreturn) get it from syscall_frame().
 */
#ifndef KERNEL_SYSCALL_SYSCALL_H
#define KERNEL_SYSCALL_SYSCALL_H

#include <stdint.h>

typedef long (*syscall_fn)(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			   uint64_t a4, uint64_t a5);

#define SYSCALL_ARGS                                                        \
	uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,    \
		uint64_t a5
/* For handlers that use fewer than six arguments. */
#define SYSCALL_UNUSED_ARGS_FROM_0 (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_1 (void)a1, (void)a2, (void)a3, (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_2 (void)a2, (void)a3, (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_3 (void)a3, (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_4 (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_5 (void)a5

/* Linux x86-64 numbers of the calls Portcullis implements. */
#define SYS_read 0
#define SYS_write 1
#define SYS_mmap 9
#define SYS_munmap 11
#define SYS_brk 12
#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_rt_sigreturn 15
#define SYS_ioctl 16
#define SYS_writev 20
#define SYS_sched_yield 24
#define SYS_nanosleep 35
#define SYS_getpid 39
#define SYS_fork 57
#define SYS_execve 59
#define SYS_exit 60
#define SYS_wait4 61
#define SYS_kill 62
#define SYS_uname 63
#define SYS_getuid 102
#define SYS_getgid 104
#define SYS_setuid 105
#define SYS_geteuid 107
#define SYS_getegid 108
#define SYS_getppid 110
#define SYS_setresuid 117
#define SYS_iopl 172
#define SYS_ioperm 173
#define SYS_arch_prctl 158
#define SYS_gettid 186
#define SYS_set_tid_address 218
#define SYS_clock_gettime 228
#define SYS_exit_group 231

struct trap_frame;
/* The user register frame of the system call being handled. */
struct trap_frame *syscall_frame(void);

/* Handlers, grouped by file. */
long sys_rt_sigaction(SYSCALL_ARGS);
long sys_rt_sigprocmask(SYSCALL_ARGS);
long sys_rt_sigreturn(SYSCALL_ARGS);
long sys_kill(SYSCALL_ARGS);

#endif
