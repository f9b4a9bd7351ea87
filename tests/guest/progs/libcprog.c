/*
 * libcprog.c - an ordinary C program for a real C library, built by
 * tests/guest/test_libc_programs.py with `musl-gcc -static` and with
 * `gcc -static` (glibc), run on the Linux host and on Portcullis: the two
 * outputs must be identical.  Every line starts with "libc: " so the test
 * can pick them out of the serial log; nothing printed depends on the
 * machine (no pids, no times, no addresses).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void check_printf(void)
{
	printf("libc: printf %d %5.2f %s %x %c %e %-4s| %08.3f %lld\n", 42,
	       3.14159, "str", 255, 'z', 12345.678, "ab", -2.5,
	       -1234567890123LL);
}

static void check_malloc(void)
{
	unsigned long sum = 0;
	int sizes = 0;
	void *keep[64];
	for (size_t size = 1; size <= (4u << 20); size = size * 2 + 3) {
		unsigned char *p = malloc(size);
		if (!p) {
			printf("libc: malloc(%zu) failed\n", size);
			return;
		}
		memset(p, (int)(size & 0xff), size);
		for (size_t i = 0; i < size; i += 997)
			sum += p[i];
		keep[sizes++] = p;
	}
	for (int i = 0; i < sizes; i += 2)
		free(keep[i]);
	char *r = realloc(keep[1], 100000);
	memset(r, 1, 100000);
	for (int i = 3; i < sizes; i += 2)
		free(keep[i]);
	free(r);
	char *z = calloc(1000, 1000);
	for (int i = 0; i < 1000000; i++)
		sum += (unsigned char)z[i];
	free(z);
	printf("libc: malloc %d sizes, checksum %lu\n", sizes, sum);
}

static void check_fork_wait(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("libc: child running\n");
		exit(7);
	}
	int status = 0;
	if (waitpid(pid, &status, 0) != pid) {
		printf("libc: waitpid failed: %s\n", strerror(errno));
		return;
	}
	printf("libc: child exited %d\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void check_pipe(void)
{
	int fds[2];
	if (pipe(fds)) {
		printf("libc: pipe failed: %s\n", strerror(errno));
		return;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		static char buf[100000];
		for (int i = 0; i < (int)sizeof(buf); i++)
			buf[i] = (char)(i * 13);
		ssize_t n = write(fds[1], buf, sizeof(buf));
		_exit(n == (ssize_t)sizeof(buf) ? 0 : 1);
	}
	close(fds[1]);
	unsigned long sum = 0, total = 0;
	char buf[4096];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			sum += (unsigned char)buf[i];
		total += (unsigned long)n;
	}
	int status;
	waitpid(pid, &status, 0);
	printf("libc: pipe %lu bytes, checksum %lu, writer %d, eof %s\n", total,
	       sum, WEXITSTATUS(status), n == 0 ? "yes" : "no");
}

static volatile sig_atomic_t usr1_count;
static sigjmp_buf escape;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_count++;
}

static void on_segv(int sig)
{
	siglongjmp(escape, sig);
}

static void check_signals(void)
{
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	printf("libc: raise delivered %d times\n", (int)usr1_count);
	signal(SIGSEGV, on_segv);
	int got = sigsetjmp(escape, 1);
	if (got == 0) {
		int *volatile null_page = (int *)16;
		*null_page = 1;
		printf("libc: no SIGSEGV\n");
	} else {
		sigset_t now;
		sigprocmask(SIG_BLOCK, NULL, &now);
		printf("libc: siglongjmp out of signal %d, SIGSEGV blocked "
		       "after: %s\n",
		       got, sigismember(&now, SIGSEGV) ? "yes" : "no");
	}
	signal(SIGSEGV, SIG_DFL);
}

static void check_sleep(void)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	unsigned left = sleep(1);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double slept = (double)(b.tv_sec - a.tv_sec) +
		       (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("libc: sleep(1) returned %u, took 1-3 s: %s\n", left,
	       slept >= 1.0 && slept < 3.0 ? "yes" : "no");
	printf("libc: time() after 2020: %s, clock() works: %s\n",
	       time(NULL) > 1577836800 ? "yes" : "no",
	       clock() != (clock_t)-1 ? "yes" : "no");
}

static long __attribute__((noinline)) recurse(long n)
{
	volatile char pad[32];
	pad[0] = (char)n;
	if (n == 0)
		return 0;
	return recurse(n - 1) + 1 + (pad[0] - (char)n);
}

int main(void)
{
	check_printf();
	check_malloc();
	check_fork_wait();
	check_pipe();
	check_signals();
	check_sleep();
	printf("libc: recursion depth %ld\n", recurse(50000));
	printf("libc: done\n");
	return 0;
}
