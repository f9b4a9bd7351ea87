/*
 * t_stack.c - the user stack grows down on demand to 8 MiB (Linux's
 * default RLIMIT_STACK), keeps a guard gap from other mappings, and ends
 * in a clean SIGSEGV.
 */
#include <string.h>
#include <sys/mman.h>

#include "ut.h"

#define KIB 1024L
#define MIB (1024L * 1024L)

/* Touches every page of an n-byte array on the stack, lowest address
 * first (the worst case: one fault far below the mapped stack), and
 * checks the writes. */
static int __attribute__((noinline)) touch_stack_array(long n)
{
	volatile char big[n];
	for (long i = 0; i < n; i += 4096)
		big[i] = (char)(i >> 12);
	for (long i = n - 4096; i >= 0; i -= 4096)
		if (big[i] != (char)(i >> 12))
			return 1;
	return 0;
}

int test_stack_grow(void)
{
	CHECK_EQ(touch_stack_array(1 * MIB), 0);
	CHECK_EQ(touch_stack_array(6 * MIB), 0);
	return T_OK;
}

/* The kernel's own writes grow the stack too: read() into a buffer deep
 * in a part of the stack nothing has touched. */
static long __attribute__((noinline)) read_deep(int fd)
{
	volatile char big[3 * MIB];
	long n = sys_read(fd, (char *)&big[0], 5);
	if (n != 5)
		return n < 0 ? n : -1000;
	return memcmp((char *)&big[0], "depth", 5) == 0 ? 0 : -2000;
}

int test_stack_grow_by_kernel(void)
{
	int fds[2];

	CHECK_EQ(sys_pipe(fds), 0);
	CHECK_EQ(sys_write(fds[1], "depth", 5), 5);
	CHECK_EQ(read_deep(fds[0]), 0);
	return T_OK;
}

static unsigned char alt[64 * KIB];
static volatile long depth_kib;

static void on_overflow(int sig, siginfo_t *info, void *uc)
{
	(void)info, (void)uc;
	/* 0: died at 7-9 MiB deep; 1: too shallow; 2: too deep. */
	sys_exit_group(sig != SIGSEGV	      ? 3
		       : depth_kib < 7 * 1024 ? 1
		       : depth_kib > 9 * 1024 ? 2
					      : 0);
}

static int __attribute__((noinline)) dive(int level)
{
	volatile char frame[60 * KIB];
	frame[0] = (char)level;
	depth_kib += 64;
	if (depth_kib > 64 * 1024)
		return 0; /* no limit: a host with ulimit -s unlimited */
	return dive(level + 1) + frame[0];
}

static int overflow(long unused)
{
	(void)unused;
	stack_t ss = {alt, 0, sizeof(alt)};
	if (sys_sigaltstack(&ss, NULL) ||
	    install_handler(SIGSEGV, on_overflow, SA_ONSTACK))
		return 5;
	dive(0);
	return 4;
}

/* Past 8 MiB: SIGSEGV, which a handler on the alternate stack sees. */
int test_stack_limit(void)
{
	long status = reap(spawn(overflow, 0));
	if (status == 4 << 8 && !on_portcullis)
		return t_skip("no stack limit here (ulimit -s unlimited?)");
	CHECK(status == 0,
	      "child: %s (1: SIGSEGV before 7 MiB, 2: after "
	      "9 MiB, 4: no limit)",
	      describe_status(status));
	return T_OK;
}

#define STACK_TOP 0x7ffff0000000UL /* kernel/exec/exec.h */

static int touch_at(long addr)
{
	*(volatile char *)addr = 1;
	return 0;
}

/* A mapping in the stack's growth area stops the stack 1 MiB (the guard
 * gap) above it; above the gap the stack still grows. */
int test_stack_guard_gap(void)
{
	long m = sys_mmap((void *)(STACK_TOP - 4 * MIB), 4096,
			  PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK_EQ(m, STACK_TOP - 4 * MIB);
	long status = reap(spawn(touch_at, STACK_TOP - 4 * MIB + 512 * KIB));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "inside the gap: %s", describe_status(status));
	status = reap(spawn(touch_at, STACK_TOP - 4 * MIB + 1100 * KIB));
	CHECK(status == 0, "above the gap: %s", describe_status(status));
	/* Below the 8 MiB: never stack. */
	status = reap(spawn(touch_at, STACK_TOP - 8 * MIB - 4096));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "below 8 MiB: %s", describe_status(status));
	return T_OK;
}
