/*
 * t_fd.c - file descriptors: pipe, pipe2, dup, dup2, dup3, fcntl, close,
 * close-on-exec, sharing across fork, blocking pipes, EOF, EPIPE/SIGPIPE,
 * and the console's terminal ioctls.
 */
#include <fcntl.h>
#include <string.h>

#include "ut.h"

#define KERNEL_ADDR 0xffffffff80000000UL

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* The lowest free fd, found the way POSIX defines it. */
static long lowest_free_fd(void)
{
	long fd = sys_dup(0);
	if (fd >= 0)
		sys_close((int)fd);
	return fd;
}

int test_pipe_basic(void)
{
	int fds[2];
	char buf[8] = {0};
	long first = lowest_free_fd();

	CHECK_EQ(sys_pipe(fds), 0);
	CHECK_EQ(fds[0], first);
	CHECK_EQ(fds[1], first + 1);
	CHECK_EQ(sys_write(fds[1], "abc", 3), 3);
	CHECK_EQ(sys_read(fds[0], buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "abc", 3) == 0, "read back \"%s\"", buf);
	CHECK_EQ(sys_fcntl(fds[0], F_GETFL, 0) & O_ACCMODE, O_RDONLY);
	CHECK_EQ(sys_fcntl(fds[1], F_GETFL, 0) & O_ACCMODE, O_WRONLY);
	/* Each end goes one way only. */
	CHECK_EQ(sys_write(fds[0], "x", 1), -EBADF);
	CHECK_EQ(sys_read(fds[1], buf, 1), -EBADF);
	/* lseek-free pipes have no seekable position; a bad buffer is
	 * EFAULT before anything blocks. */
	CHECK_EQ(sys_read(fds[0], (void *)KERNEL_ADDR, 1), -EFAULT);
	CHECK_EQ(sys_write(fds[1], (void *)KERNEL_ADDR, 1), -EFAULT);
	CHECK_EQ(sys_close(fds[0]), 0);
	CHECK_EQ(sys_close(fds[1]), 0);
	CHECK_EQ(sys_close(fds[1]), -EBADF);
	CHECK_EQ(sys_close(-1), -EBADF);
	CHECK_EQ(sys_close(100000), -EBADF);
	return T_OK;
}

int test_pipe_errors(void)
{
	long first = lowest_free_fd();

	CHECK_EQ(sys_pipe(NULL), -EFAULT);
	CHECK_EQ(sys_pipe((int *)KERNEL_ADDR), -EFAULT);
	CHECK_EQ(sys_pipe2(NULL, 0), -EFAULT);
	int fds[2];
	CHECK_EQ(sys_pipe2(fds, 0x1234), -EINVAL);
	/* A failed pipe leaves no descriptor behind. */
	CHECK_EQ(lowest_free_fd(), first);
	CHECK_EQ(sys_read(-1, fds, 1), -EBADF);
	CHECK_EQ(sys_write(1023, "x", 1), -EBADF);
	return T_OK;
}

int test_pipe_eof(void)
{
	int fds[2];
	char c;

	CHECK_EQ(sys_pipe(fds), 0);
	CHECK_EQ(sys_write(fds[1], "z", 1), 1);
	CHECK_EQ(sys_close(fds[1]), 0);
	CHECK_EQ(sys_read(fds[0], &c, 1), 1);
	/* No writer left and nothing buffered: end of file, at once. */
	CHECK_EQ(sys_read(fds[0], &c, 1), 0);
	CHECK_EQ(sys_read(fds[0], &c, 0), 0);
	return T_OK;
}

static volatile int sigpipe_seen;

static void on_sigpipe(int sig, siginfo_t *info, void *uc)
{
	(void)info, (void)uc;
	if (sig == SIGPIPE)
		sigpipe_seen++;
}

static int write_to_closed_pipe(long unused)
{
	int fds[2];
	(void)unused;
	if (sys_pipe(fds) || sys_close(fds[0]))
		return 1;
	sys_write(fds[1], "x", 1);
	return 2; /* SIGPIPE's default action should have killed us */
}

int test_pipe_epipe(void)
{
	int fds[2];

	/* With a handler: SIGPIPE arrives, and write fails with EPIPE. */
	CHECK_EQ(install_handler(SIGPIPE, on_sigpipe, 0), 0);
	CHECK_EQ(sys_pipe(fds), 0);
	CHECK_EQ(sys_close(fds[0]), 0);
	CHECK_EQ(sys_write(fds[1], "x", 1), -EPIPE);
	CHECK_EQ(sigpipe_seen, 1);
	/* Ignored: only EPIPE. */
	struct sigaction ign = {.sa_handler = SIG_IGN};
	CHECK_EQ(sigaction(SIGPIPE, &ign, NULL), 0);
	CHECK_EQ(sys_write(fds[1], "x", 1), -EPIPE);
	CHECK_EQ(sigpipe_seen, 1);
	/* Default: death by SIGPIPE. */
	CHECK_EQ(default_action(SIGPIPE), 0);
	long status = reap(spawn(write_to_closed_pipe, 0));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	      "writer: %s, expected signal 13", describe_status(status));
	return T_OK;
}

static int pipe_out_fd;

static int slow_writer(long msg_len)
{
	sleep_ms(100);
	return sys_write(pipe_out_fd, "late news", (size_t)msg_len) == msg_len
		   ? 0
		   : 1;
}

/* read blocks until a writer delivers, then returns what came. */
int test_pipe_block_read(void)
{
	int fds[2];
	char buf[16] = {0};

	CHECK_EQ(sys_pipe(fds), 0);
	pipe_out_fd = fds[1];
	int64_t t0 = now_ns();
	long pid = spawn(slow_writer, 9);
	CHECK(pid > 0, "fork: %ld", pid);
	CHECK_EQ(sys_read(fds[0], buf, sizeof(buf)), 9);
	int64_t waited = now_ns() - t0;
	CHECK(memcmp(buf, "late news", 9) == 0, "read \"%s\"", buf);
	CHECK(waited >= 50 * 1000000L,
	      "read returned after %ld ns: it did "
	      "not block",
	      (long)waited);
	CHECK_EQ(reap(pid), 0);
	return T_OK;
}

#define BIG 100000

static int big_writer_fd;

static int big_reader(long in_fd)
{
	static unsigned char buf[4096];
	long total = 0, n;
	unsigned sum = 0;
	/* Our copy of the write end would keep EOF from ever coming. */
	if (sys_close(big_writer_fd))
		return 4;
	while ((n = sys_read((int)in_fd, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n; i++) {
			if (buf[i] != (unsigned char)((total + i) * 7))
				return 3;
			sum++;
		}
		total += n;
	}
	if (n < 0)
		return 2;
	return total == BIG && sum == BIG ? 0 : 1;
}

/* A write far larger than the pipe blocks until the reader drains it;
 * every byte arrives, in order; the reader sees EOF when we close. */
int test_pipe_big_write(void)
{
	static unsigned char data[BIG];
	int fds[2];

	for (long i = 0; i < BIG; i++)
		data[i] = (unsigned char)(i * 7);
	CHECK_EQ(sys_pipe(fds), 0);
	big_writer_fd = fds[1];
	long pid = spawn(big_reader, fds[0]);
	CHECK(pid > 0, "fork: %ld", pid);
	CHECK_EQ(sys_close(fds[0]), 0);
	CHECK_EQ(sys_write(fds[1], data, BIG), BIG);
	CHECK_EQ(sys_close(fds[1]), 0);
	long status = reap(pid);
	CHECK(status == 0, "reader: %s (1: short, 2: error, 3: bad byte)",
	      describe_status(status));
	return T_OK;
}

int test_pipe_nonblock(void)
{
	int fds[2];
	char buf[256];

	CHECK_EQ(sys_pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
	CHECK(sys_fcntl(fds[0], F_GETFL, 0) & O_NONBLOCK, "no O_NONBLOCK");
	CHECK_EQ(sys_fcntl(fds[0], F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_read(fds[0], buf, 1), -EAGAIN);
	memset(buf, 'q', sizeof(buf));
	long total = 0, n;
	while ((n = sys_write(fds[1], buf, sizeof(buf))) > 0)
		total += n;
	CHECK_EQ(n, -EAGAIN);
	CHECK(total >= 4096 && total <= 1024 * 1024, "pipe took %ld bytes",
	      total);
	CHECK_EQ(sys_write(fds[1], buf, 1), -EAGAIN);
	/* Clearing O_NONBLOCK through F_SETFL; the access mode stays. */
	CHECK_EQ(sys_fcntl(fds[0], F_SETFL, 0), 0);
	CHECK_EQ(sys_fcntl(fds[0], F_GETFL, 0), O_RDONLY);
	CHECK_EQ(sys_read(fds[0], buf, sizeof(buf)), sizeof(buf));
	return T_OK;
}

static volatile int usr1_count;

static void count_usr1(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)info, (void)uc;
	usr1_count++;
}

static int blocked_reader(long in_fd)
{
	char c;
	if (install_handler(SIGUSR1, count_usr1, 0))
		return 1;
	long n = sys_read((int)in_fd, &c, 1);
	if (n != -EINTR)
		return 2;
	return usr1_count == 1 ? 0 : 3;
}

/* A signal with a handler ends a blocked pipe read with EINTR. */
int test_pipe_eintr(void)
{
	int fds[2];

	CHECK_EQ(sys_pipe(fds), 0);
	long pid = spawn(blocked_reader, fds[0]);
	CHECK(pid > 0, "fork: %ld", pid);
	sleep_ms(100);
	CHECK_EQ(sys_kill((pid_t)pid, SIGUSR1), 0);
	long status = reap(pid);
	CHECK(status == 0, "reader: %s (2: not EINTR, 3: handler count)",
	      describe_status(status));
	return T_OK;
}

static int child_writes_then_exits(long out_fd)
{
	return sys_write((int)out_fd, "from child", 10) == 10 ? 0 : 1;
}

/* fork shares the pipe; the child's exit closes its ends, so once the
 * parent closes its own write end, read reaches EOF. */
int test_pipe_fork_eof(void)
{
	int fds[2];
	char buf[32] = {0};

	CHECK_EQ(sys_pipe(fds), 0);
	long pid = spawn(child_writes_then_exits, fds[1]);
	CHECK(pid > 0, "fork: %ld", pid);
	CHECK_EQ(sys_close(fds[1]), 0);
	long got = 0, n;
	while ((n = sys_read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	CHECK_EQ(n, 0);
	CHECK_EQ(got, 10);
	CHECK(memcmp(buf, "from child", 10) == 0, "read \"%s\"", buf);
	CHECK_EQ(reap(pid), 0);
	return T_OK;
}

int test_dup(void)
{
	int fds[2];
	char c;
	long first = lowest_free_fd();

	CHECK_EQ(sys_dup(1), first);
	CHECK_EQ(sys_close((int)first), 0);
	CHECK_EQ(sys_dup(-1), -EBADF);
	CHECK_EQ(sys_dup(4000), -EBADF);
	CHECK_EQ(sys_pipe(fds), 0);
	CHECK_EQ(sys_dup2(fds[1], 50), 50);
	CHECK_EQ(sys_write(50, "d", 1), 1);
	CHECK_EQ(sys_read(fds[0], &c, 1), 1);
	CHECK_EQ(c, 'd');
	/* dup2 onto an open fd closes it first: 50 now reads the pipe. */
	CHECK_EQ(sys_dup2(fds[0], 50), 50);
	CHECK_EQ(sys_fcntl(50, F_GETFL, 0) & O_ACCMODE, O_RDONLY);
	CHECK_EQ(sys_dup2(50, 50), 50);
	CHECK_EQ(sys_dup2(77, 77), -EBADF);
	CHECK_EQ(sys_dup2(77, 78), -EBADF);
	CHECK_EQ(sys_dup2(fds[0], -1), -EBADF);
	CHECK_EQ(sys_dup2(fds[0], 1 << 20), -EBADF);
	CHECK_EQ(sys_dup3(fds[0], fds[0], 0), -EINVAL);
	CHECK_EQ(sys_dup3(fds[0], 51, 0x1234), -EINVAL);
	CHECK_EQ(sys_dup3(fds[0], 51, O_CLOEXEC), 51);
	CHECK_EQ(sys_fcntl(51, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl(50, F_GETFD, 0), 0);
	/* Duplicates share one open file: its status flags too. */
	CHECK_EQ(sys_fcntl(51, F_SETFL, O_NONBLOCK), 0);
	CHECK(sys_fcntl(fds[0], F_GETFL, 0) & O_NONBLOCK, "flag not shared");
	CHECK_EQ(sys_read(50, &c, 1), -EAGAIN);
	/* The pipe stays open until its last descriptor closes. */
	CHECK_EQ(sys_close(fds[0]), 0);
	CHECK_EQ(sys_close(50), 0);
	CHECK_EQ(sys_write(fds[1], "e", 1), 1);
	CHECK_EQ(sys_read(51, &c, 1), 1);
	CHECK_EQ(c, 'e');
	return T_OK;
}

int test_fcntl(void)
{
	CHECK(sys_fcntl(1, F_DUPFD, 10) >= 10, "F_DUPFD below 10");
	long fd = sys_fcntl(1, F_DUPFD_CLOEXEC, 20);
	CHECK(fd >= 20, "F_DUPFD_CLOEXEC gave %ld", fd);
	CHECK_EQ(sys_fcntl((int)fd, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl((int)fd, F_SETFD, 0), 0);
	CHECK_EQ(sys_fcntl((int)fd, F_GETFD, 0), 0);
	CHECK_EQ(sys_fcntl((int)fd, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(sys_fcntl((int)fd, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl(1, F_DUPFD, -1UL), -EINVAL);
	/* The minimum is an int: the upper half does not count. */
	CHECK(sys_fcntl(1, F_DUPFD, (1UL << 40) | 30) >= 30, "F_DUPFD 2^40+30");
	if (on_portcullis)
		CHECK_EQ(sys_fcntl(1, F_DUPFD, 1024), -EINVAL);
	CHECK_EQ(sys_fcntl(1, 9999, 0), -EINVAL);
	CHECK_EQ(sys_fcntl(-1, F_GETFD, 0), -EBADF);
	CHECK_EQ(sys_fcntl(999, F_GETFL, 0), -EBADF);
	return T_OK;
}

/* Descriptors run out at the limit with EMFILE, never a crash. */
int test_fd_limit(void)
{
	long n = 0, fd = 0;
	for (; n < 1100; n++)
		if ((fd = sys_dup(0)) < 0)
			break;
	if (fd >= 0)
		return t_skip("no EMFILE within 1100 fds (ulimit -n is high)");
	CHECK_EQ(fd, -EMFILE);
	if (on_portcullis)
		CHECK_EQ(n + 3, 1024);
	CHECK_EQ(sys_fcntl(0, F_DUPFD, 0), -EMFILE);
	int fds[2];
	CHECK_EQ(sys_pipe(fds), -EMFILE);
	CHECK_EQ(sys_close(1000), 0);
	CHECK_EQ(sys_pipe(fds), -EMFILE); /* needs two */
	return T_OK;
}

/* execve closes close-on-exec fds and keeps the others (hello -f FD
 * exits 0 when FD is open, 1 when not). */
static int exec_check_fd(long fd)
{
	char num[16];
	snprintf(num, sizeof(num), "%ld", fd);
	char *argv[] = {"hello", "-q", "-f", num, NULL};
	char *envp[] = {NULL};
	sys_execve("/bin/hello", argv, envp);
	return 99;
}

int test_cloexec_exec(void)
{
	int keep[2], drop[2];

	CHECK_EQ(sys_pipe(keep), 0);
	CHECK_EQ(sys_pipe2(drop, O_CLOEXEC), 0);
	long status = reap(spawn(exec_check_fd, keep[1]));
	CHECK(status == 0, "plain fd after exec: %s (0 expected: open)",
	      describe_status(status));
	status = reap(spawn(exec_check_fd, drop[1]));
	CHECK(status == 1 << 8, "cloexec fd after exec: %s (1: closed)",
	      describe_status(status));
	return T_OK;
}

static int hello_into_pipe(long out_fd)
{
	char *argv[] = {"hello", "piped", NULL};
	char *envp[] = {NULL};
	if (sys_dup2((int)out_fd, 1) != 1)
		return 98;
	sys_execve("/bin/hello", argv, envp);
	return 99;
}

/* The exec'd program writes to the fd 1 it inherited: the pipe. */
int test_exec_stdout_pipe(void)
{
	int fds[2];
	static char buf[512];

	CHECK_EQ(sys_pipe(fds), 0);
	long pid = spawn(hello_into_pipe, fds[1]);
	CHECK(pid > 0, "fork: %ld", pid);
	CHECK_EQ(sys_close(fds[1]), 0);
	long got = 0, n;
	while ((n = sys_read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	CHECK_EQ(n, 0);
	buf[got] = '\0';
	CHECK(contains(buf, "hello from ring 3") && contains(buf, "\"piped\""),
	      "pipe got \"%s\"", buf);
	CHECK_EQ(reap(pid), 0);
	return T_OK;
}

/* The console is a terminal: C libraries line-buffer it because TCGETS
 * succeeds.  A pipe is not one. */
int test_ioctl_tty(void)
{
	unsigned char termios[64];
	struct winsize ws = {0, 0, 0, 0};
	int fds[2];

	long r = sys_ioctl(1, TCGETS, (unsigned long)termios);
	if (!on_portcullis && r == -ENOTTY)
		return t_skip("stdout is not a terminal here");
	CHECK_EQ(r, 0);
	CHECK_EQ(sys_ioctl(1, TIOCGWINSZ, (unsigned long)&ws), 0);
	CHECK(ws.ws_row > 0 && ws.ws_col > 0, "window %ux%u", ws.ws_col,
	      ws.ws_row);
	CHECK_EQ(sys_ioctl(1, TCGETS, KERNEL_ADDR), -EFAULT);
	CHECK_EQ(sys_ioctl(1, TIOCGWINSZ, 0), -EFAULT);
	CHECK_EQ(sys_pipe(fds), 0);
	CHECK_EQ(sys_ioctl(fds[0], TCGETS, (unsigned long)termios), -ENOTTY);
	CHECK_EQ(sys_ioctl(fds[1], TIOCGWINSZ, (unsigned long)&ws), -ENOTTY);
	return T_OK;
}
