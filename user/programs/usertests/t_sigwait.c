/*
 * t_sigwait.c - rt_sigsuspend, and sigaltstack with SA_ONSTACK delivery
 * (including the classic use: handling a stack overflow).
 */
#include "ut.h"

#define KERNEL_ADDR 0xffffffff80000000UL

static volatile int usr1_count;

static volatile uint64_t mask_in_handler;

static void usr1_sees_mask(int sig, siginfo_t *info, void *uc)
{
	sigset_t now;
	(void)sig, (void)info, (void)uc;
	sigprocmask(SIG_BLOCK, NULL, &now);
	mask_in_handler = now;
	usr1_count++;
}

static int send_usr1_later(long pid)
{
	sleep_ms(50);
	return sys_kill((pid_t)pid, SIGUSR1) ? 1 : 0;
}

/* sigsuspend waits with a temporary mask and, once the handler returns,
 * puts the old one back. */
int test_sigsuspend(void)
{
	sigset_t block = 0, old, wait_mask = 0;

	sigaddset(&block, SIGUSR1);
	CHECK_EQ(install_handler(SIGUSR1, usr1_sees_mask, 0), 0);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &block, &old), 0);
	long pid = spawn(send_usr1_later, sys_getpid());
	CHECK(pid > 0, "fork: %ld", pid);
	sigaddset(&wait_mask, SIGUSR2);
	CHECK_EQ(sys_rt_sigsuspend(&wait_mask, sizeof(sigset_t)), -EINTR);
	CHECK_EQ(usr1_count, 1);
	/* In the handler: the temporary mask plus the signal itself. */
	CHECK(sigismember((sigset_t *)&mask_in_handler, SIGUSR1) &&
		  sigismember((sigset_t *)&mask_in_handler, SIGUSR2),
	      "mask in handler 0x%lx", (long)mask_in_handler);
	sigset_t after;
	CHECK_EQ(sigprocmask(SIG_BLOCK, NULL, &after), 0);
	CHECK(after == (old | block), "mask after 0x%lx, expected 0x%lx",
	      (long)after, (long)(old | block));
	CHECK_EQ(reap(pid), 0);

	CHECK_EQ(sys_rt_sigsuspend(&wait_mask, 4), -EINVAL);
	CHECK_EQ(sys_rt_sigsuspend(NULL, sizeof(sigset_t)), -EFAULT);
	CHECK_EQ(sys_rt_sigsuspend((void *)KERNEL_ADDR, sizeof(sigset_t)),
		 -EFAULT);
	return T_OK;
}

static unsigned char alt_stack[64 * 1024] __attribute__((aligned(16)));
static volatile uint64_t handler_sp;
static volatile int altstack_flags_in_handler;
static volatile long altstack_change_in_handler;

static void where_am_i(int sig, siginfo_t *info, void *uc)
{
	stack_t cur;
	(void)sig, (void)info, (void)uc;
	handler_sp = (uint64_t)__builtin_frame_address(0);
	sys_sigaltstack(NULL, &cur);
	altstack_flags_in_handler = cur.ss_flags;
	stack_t other = {alt_stack, 0, sizeof(alt_stack)};
	altstack_change_in_handler = sys_sigaltstack(&other, NULL);
}

static bool on_alt(uint64_t sp)
{
	return sp >= (uint64_t)alt_stack &&
	       sp < (uint64_t)alt_stack + sizeof(alt_stack);
}

int test_sigaltstack(void)
{
	stack_t ss = {alt_stack, 0, sizeof(alt_stack)}, old;

	CHECK_EQ(sys_sigaltstack(NULL, &old), 0);
	CHECK_EQ(old.ss_flags, SS_DISABLE);
	CHECK_EQ(sys_sigaltstack(&ss, NULL), 0);
	CHECK_EQ(sys_sigaltstack(NULL, &old), 0);
	CHECK(old.ss_sp == alt_stack && old.ss_size == sizeof(alt_stack) &&
		  old.ss_flags == 0,
	      "read back sp %p size %lu flags %d", old.ss_sp,
	      (unsigned long)old.ss_size, old.ss_flags);

	/* Without SA_ONSTACK the handler stays on the normal stack. */
	CHECK_EQ(install_handler(SIGUSR1, where_am_i, 0), 0);
	CHECK_EQ(raise(SIGUSR1), 0);
	CHECK(!on_alt(handler_sp), "ran on the alternate stack");
	CHECK_EQ(altstack_flags_in_handler, 0);
	CHECK_EQ(altstack_change_in_handler, 0);
	/* With it, the handler runs there and may not change it. */
	CHECK_EQ(install_handler(SIGUSR1, where_am_i, SA_ONSTACK), 0);
	CHECK_EQ(raise(SIGUSR1), 0);
	CHECK(on_alt(handler_sp),
	      "handler frame at 0x%lx, not on the "
	      "alternate stack",
	      (long)handler_sp);
	CHECK_EQ(altstack_flags_in_handler, SS_ONSTACK);
	CHECK_EQ(altstack_change_in_handler, -EPERM);

	/* Errors. */
	stack_t small = {alt_stack, 0, MINSIGSTKSZ - 1};
	CHECK_EQ(sys_sigaltstack(&small, NULL), -ENOMEM);
	stack_t badflags = {alt_stack, 0x40, sizeof(alt_stack)};
	CHECK_EQ(sys_sigaltstack(&badflags, NULL), -EINVAL);
	CHECK_EQ(sys_sigaltstack((void *)KERNEL_ADDR, NULL), -EFAULT);
	CHECK_EQ(sys_sigaltstack(NULL, (void *)KERNEL_ADDR), -EFAULT);
	stack_t off = {NULL, SS_DISABLE, 0};
	CHECK_EQ(sys_sigaltstack(&off, &old), 0);
	CHECK(old.ss_sp == alt_stack, "old stack %p", old.ss_sp);
	CHECK_EQ(sys_sigaltstack(NULL, &old), 0);
	CHECK_EQ(old.ss_flags, SS_DISABLE);
	return T_OK;
}

static void overflow_caught(int sig, siginfo_t *info, void *uc)
{
	(void)info, (void)uc;
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	sys_exit_group(sig == SIGSEGV && on_alt(sp) ? 0 : 3);
}

/* Stops only at the fault (the bound is never reached: the stack is far
 * smaller than 1 << 30 frames of 4 KiB). */
static int recurse(int depth)
{
	volatile char pad[4096];
	pad[0] = (char)depth;
	if (depth > (1 << 30))
		return 0;
	return recurse(depth + 1) + pad[0];
}

static int overflow_child(long unused)
{
	(void)unused;
	stack_t ss = {alt_stack, 0, sizeof(alt_stack)};
	if (sys_sigaltstack(&ss, NULL))
		return 1;
	if (install_handler(SIGSEGV, overflow_caught, SA_ONSTACK))
		return 1;
	return recurse(0) ? 2 : 2;
}

/* The classic use: a stack overflow's SIGSEGV cannot be handled on the
 * stack that overflowed, but it can on the alternate one. */
int test_stack_overflow_handler(void)
{
	long status = reap(spawn(overflow_child, 0));
	CHECK(status == 0, "child: %s (3: handler not on alternate stack)",
	      describe_status(status));
	return T_OK;
}
