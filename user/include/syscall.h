/*
 * syscall.h - system call numbers and the raw `syscall` instruction.
 *
 * Portcullis speaks the Linux x86-64 system call ABI, so the numbers below
 * are Linux's and `man 2 NAME` describes each call.  The calling convention:
 *
 *   rax = number; arguments in rdi, rsi, rdx, r10, r8, r9 (r10, not rcx:
 *   the syscall instruction itself overwrites rcx with the return address
 *   and r11 with RFLAGS).  The result comes back in rax; a value in
 *   [-4095, -1] is -errno.
 *
 * Most code should call the sys_*() wrappers in <unistd.h> instead.
 */
#ifndef USER_SYSCALL_H
#define USER_SYSCALL_H

#include "kernel/uapi/portcullis.h" /* SYS_pc_* numbers (512 and up) */

#define SYS_read	    0
#define SYS_write	    1
#define SYS_mmap	    9
#define SYS_munmap	    11
#define SYS_brk		    12
#define SYS_rt_sigaction    13
#define SYS_rt_sigprocmask  14
#define SYS_rt_sigreturn    15
#define SYS_ioctl	    16
#define SYS_writev	    20
#define SYS_sched_yield	    24
#define SYS_nanosleep	    35
#define SYS_getpid	    39
#define SYS_fork	    57
#define SYS_execve	    59
#define SYS_exit	    60
#define SYS_wait4	    61
#define SYS_kill	    62
#define SYS_uname	    63
#define SYS_getuid	    102
#define SYS_setuid	    105
#define SYS_geteuid	    107
#define SYS_getppid	    110
#define SYS_setresuid	    117
#define SYS_arch_prctl	    158
#define SYS_iopl	    172
#define SYS_ioperm	    173
#define SYS_gettid	    186
#define SYS_set_tid_address 218
#define SYS_clock_gettime   228
#define SYS_exit_group	    231

/*
 * The "memory" clobber matters: the kernel may read buffers we filled or
 * fill buffers we will read, and the compiler must not cache them in
 * registers across the call.
 */
static inline long syscall0(long n)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall1(long n, long a1)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall2(long n, long a1, long a2)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall3(long n, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3)
			 : "rcx", "r11", "memory");
	return ret;
}

/* r8-r10 have no single-letter constraint, hence the register variables. */
static inline long syscall4(long n, long a1, long a2, long a3, long a4)
{
	register long r10 __asm__("r10") = a4;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5,
			    long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif
