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

#include "kernel/uapi/syscall_numbers.h" /* Linux numbers */

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
