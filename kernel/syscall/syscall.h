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

#define SYSCALL_ARGS                                                     \
	uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, \
	    uint64_t a5
/* For handlers that use fewer than six arguments. */
#define SYSCALL_UNUSED_ARGS_FROM_0 \
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_1 \
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_2 (void)a2, (void)a3, (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_3 (void)a3, (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_4 (void)a4, (void)a5
#define SYSCALL_UNUSED_ARGS_FROM_5 (void)a5

/* Linux x86-64 numbers of the calls Portcullis implements. */
#include "kernel/uapi/syscall_numbers.h"

struct trap_frame;
/* The user register frame of the system call being handled. */
struct trap_frame *syscall_frame(void);

/* Handlers, grouped by file. */
long sys_rt_sigaction(SYSCALL_ARGS);
long sys_rt_sigprocmask(SYSCALL_ARGS);
long sys_rt_sigreturn(SYSCALL_ARGS);
long sys_kill(SYSCALL_ARGS);

#endif
