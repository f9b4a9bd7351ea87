/*
 * rawsys.c - a program written for Linux, not for Portcullis: built by the
 * guest tests with plain `gcc -static -nostdlib`, no runtime library, raw
 * system calls only, and added to the image with USER_EXTRA.  It is the
 * acceptance test of the ring-3 ABI: print, fork, wait and check the
 * statuses, then catch its own SIGSEGV and step over the faulting
 * instruction.  It exits 0 when every check holds; EXIT_CODE (default 0)
 * is added so the tests can build a twin that must make exit=idle fail.
 */
#ifndef EXIT_CODE
#define EXIT_CODE 0
#endif

typedef unsigned long u64;

static long sc(long n, long a, long b, long c, long d)
{
	long ret;
	register long r10 __asm__("r10") = d;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static u64 len(const char *s)
{
	u64 n = 0;
	while (s[n])
		n++;
	return n;
}

static void say(const char *s)
{
	sc(1, 1, (long)s, (long)len(s), 0);
}

static void die(const char *s)
{
	say("rawsys: FAIL ");
	say(s);
	say("\n");
	sc(231, 1, 0, 0, 0);
}

/* struct sigaction as the kernel (not glibc) lays it out. */
struct ksigaction {
	void (*handler)(int, void *, void *);
	u64 flags;
	void (*restorer)(void);
	u64 mask;
};
#define SA_SIGINFO  0x4
#define SA_RESTORER 0x04000000

extern void rawsys_restorer(void);
__asm__(".text\nrawsys_restorer:\n\tmov $15, %eax\n\tsyscall\n\thlt\n");

extern char rawsys_fault[], rawsys_after_fault[];
static volatile int handled;
static volatile u64 fault_addr;

/* ucontext_t: uc_flags(8) uc_link(8) uc_stack(24) then mcontext gregs;
 * REG_RIP is gregs[16]. */
static void on_segv(int sig, void *info, void *uc)
{
	u64 *gregs = (u64 *)((char *)uc + 40);
	if (sig != 11)
		die("handler got the wrong signal");
	fault_addr = *(u64 *)((char *)info + 16); /* si_addr */
	if (gregs[16] != (u64)rawsys_fault)
		die("REG_RIP is not the faulting instruction");
	gregs[16] = (u64)rawsys_after_fault;
	handled++;
}

void _start(void)
{
	say("rawsys: hello from a gcc -static -nostdlib program\n");

	long pid = sc(57, 0, 0, 0, 0); /* fork */
	if (pid < 0)
		die("fork");
	if (pid == 0)
		sc(60, 7, 0, 0, 0); /* child: exit(7) */
	int status = -1;
	if (sc(61, pid, (long)&status, 0, 0) != pid) /* wait4 */
		die("wait4 did not return the child");
	if (status != 7 << 8)
		die("exit status is not 7 << 8");
	say("rawsys: child exited with status 7\n");

	pid = sc(57, 0, 0, 0, 0);
	if (pid == 0) {
		*(volatile int *)0x10 = 1; /* no handler: killed by SIGSEGV */
		sc(60, 99, 0, 0, 0);
	}
	if (sc(61, pid, (long)&status, 0, 0) != pid || status != 11)
		die("a child killed by SIGSEGV must give status 11");
	say("rawsys: faulting child killed by SIGSEGV\n");

	struct ksigaction sa = {on_segv, SA_SIGINFO | SA_RESTORER,
				rawsys_restorer, 0};
	if (sc(13, 11, (long)&sa, 0, 8)) /* rt_sigaction */
		die("rt_sigaction");
	__asm__ volatile("rawsys_fault:\n\tmovl $1, 0x20\n"
			 "rawsys_after_fault:\n" ::
			     : "memory");
	if (handled != 1)
		die("the SIGSEGV handler did not run exactly once");
	if (fault_addr != 0x20)
		die("si_addr is not the faulting address");
	say("rawsys: caught SIGSEGV at 0x20 and stepped over it\n");
	sc(231, EXIT_CODE, 0, 0, 0); /* exit_group */
	for (;;)
		;
}
