/*
 * t_dup.c - dup, dup2, dup3, fcntl, the fd limit, close-on-exec across
 * execve, and the console's terminal ioctls.  (Pipes are in t_fd.c.)
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
