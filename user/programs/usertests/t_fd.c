/*
 * t_fd.c - pipes: pipe, pipe2, close, sharing across fork, blocking and
 * waking, EOF, EPIPE/SIGPIPE, O_NONBLOCK, EINTR.  (dup, fcntl and
 * close-on-exec are in t_dup.c.)
 */
#include <fcntl.h>
#include <string.h>

#include "ut.h"

#define KERNEL_ADDR 0xffffffff80000000UL

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
