/*
 * t_basic.c - write/read argument checking, identity, uname, ioctl and
 * unknown system calls.
 */
#include <string.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <syscall.h>

#include "ut.h"

/* The kernel half begins here on x86-64 (Linux and Portcullis alike). */
#define KERNEL_ADDR 0xffffffff80000000UL
/* The first non-canonical address above user space. */
#define NONCANONICAL_ADDR 0x0000800000000000UL

int test_write_fd1(void)
{
	static const char msg[] = "  (this line is test write_fd1 writing)\n";

	CHECK_EQ(sys_write(1, msg, sizeof(msg) - 1), sizeof(msg) - 1);
	CHECK_EQ(sys_write(1, msg, 0), 0);
	return T_OK;
}

int test_write_badfd(void)
{
	CHECK_EQ(sys_write(99, "x", 1), -EBADF);
	CHECK_EQ(sys_write(-1, "x", 1), -EBADF);
	CHECK_EQ(sys_write(1 << 20, "x", 1), -EBADF);
	return T_OK;
}

/* Note: if stdout is /dev/null, Linux never reads the buffer and says 1. */
int test_write_nullbuf(void)
{
	CHECK_EQ(sys_write(1, NULL, 1), -EFAULT);
	CHECK_EQ(sys_write(1, (void *)8, 16), -EFAULT);
	return T_OK;
}

/*
 * The kernel must check that the whole range [buf, buf + len) is user
 * memory before touching it: a kernel address, a non-canonical one, and
 * a user address whose length runs into the kernel half or wraps around.
 */
int test_write_kernelptr(void)
{
	CHECK_EQ(sys_write(1, (void *)KERNEL_ADDR, 16), -EFAULT);
	CHECK_EQ(sys_write(1, (void *)NONCANONICAL_ADDR, 16), -EFAULT);
	CHECK_EQ(sys_write(1, (void *)(NONCANONICAL_ADDR - 8), 16), -EFAULT);
	CHECK_EQ(sys_write(1, (void *)0xfffffffffffffff0UL, 32), -EFAULT);
	return T_OK;
}

int test_writev(void)
{
	char a[] = "  (test writev: ", b[] = "two pieces)\n";
	struct iovec iov[2] = {{a, strlen(a)}, {b, strlen(b)}};
	struct iovec bad[1] = {{(void *)KERNEL_ADDR, 8}};

	CHECK_EQ(sys_writev(1, iov, 2), strlen(a) + strlen(b));
	CHECK_EQ(sys_writev(1, bad, 1), -EFAULT);
	CHECK_EQ(sys_writev(1, (void *)KERNEL_ADDR, 1), -EFAULT);
	CHECK_EQ(sys_writev(99, iov, 2), -EBADF);
	return T_OK;
}

/*
 * A kernel pointer must be refused before read() waits for input: fd 0
 * may be a console with nothing typed.  (A NULL buffer can't be tested
 * the same way: it is a user address, so read() would block first.)
 */
int test_read_badptr(void)
{
	CHECK_EQ(sys_read(0, (void *)KERNEL_ADDR, 1), -EFAULT);
	CHECK_EQ(sys_read(0, (void *)NONCANONICAL_ADDR, 1), -EFAULT);
	CHECK_EQ(sys_read(99, (void *)KERNEL_ADDR, 1), -EBADF);
	return T_OK;
}

int test_ids(void)
{
	long pid = sys_getpid();

	CHECK(pid > 0, "getpid() = %ld", pid);
	CHECK(sys_getppid() > 0, "getppid() = %ld", sys_getppid());
	CHECK(sys_getppid() != pid, "getppid() == getpid() == %ld", pid);
	/* One thread per process: the thread id is the process id. */
	CHECK_EQ(sys_gettid(), pid);
	CHECK_EQ(sys_set_tid_address(NULL), pid);
	return T_OK;
}

/* rax is the whole 64-bit register, not just its low bits. */
int test_nosys(void)
{
	CHECK_EQ(syscall0(1000), -ENOSYS);
	CHECK_EQ(syscall0(0xffffffffL), -ENOSYS);
	CHECK_EQ(syscall0(-1L), -ENOSYS);
	CHECK_EQ(syscall6(1000, 1, 2, 3, 4, 5, 6), -ENOSYS);
	return T_OK;
}

int test_uname(void)
{
	struct utsname u;
	const char *fields[] = {u.sysname, u.nodename, u.release, u.version,
				u.machine};

	memset(&u, 0x55, sizeof(u));
	CHECK_EQ(sys_uname(&u), 0);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		CHECK(strnlen(fields[i], UTSNAME_LENGTH) < UTSNAME_LENGTH,
		      "field %zu not NUL-terminated", i);
	CHECK(u.sysname[0] != '\0', "empty sysname");
	CHECK(strcmp(u.machine, "x86_64") == 0, "machine \"%s\"", u.machine);
	CHECK(on_portcullis == (strcmp(u.sysname, "Portcullis") == 0),
	      "sysname \"%s\"", u.sysname);
	CHECK_EQ(sys_uname((void *)KERNEL_ADDR), -EFAULT);
	return T_OK;
}

/* No ioctl means anything on fd 1 yet: "not a typewriter" is the answer
 * for a request nobody knows, whether fd 1 is a tty, a pipe or a file. */
int test_ioctl(void)
{
	CHECK_EQ(sys_ioctl(1, 0xdead, 0), -ENOTTY);
	CHECK_EQ(sys_ioctl(99, 0xdead, 0), -EBADF);
	return T_OK;
}

static int setuid_child(long unused)
{
	(void)unused;
	if (sys_setuid(1000) != 0)
		return 1;
	if (sys_getuid() != 1000 || sys_geteuid() != 1000)
		return 2;
	/* Root gave up all three ids, so there is no way back. */
	if (sys_setuid(0) != -EPERM)
		return 3;
	if (sys_setresuid(0, 0, 0) != -EPERM)
		return 4;
	/* Setting the id we already have is always allowed. */
	if (sys_setuid(1000) != 0)
		return 5;
	return 0;
}

/* Run in a child: the uid must not leak into later tests. */
int test_setuid(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");
	CHECK_EQ(sys_geteuid(), 0);

	long status = reap(spawn(setuid_child, 0));

	CHECK(status == 0,
	      "child: %s (1: setuid(1000) failed, 2: ids "
	      "wrong, 3/4: got root back, 5: setuid(same) failed)",
	      describe_status(status));
	CHECK_EQ(sys_getuid(), 0);
	return T_OK;
}

static int setresuid_child(long unused)
{
	(void)unused;
	/* -1 means "leave unchanged".  Drop only the effective uid... */
	if (sys_setresuid((uid_t)-1, 1000, (uid_t)-1) != 0)
		return 1;
	if (sys_getuid() != 0 || sys_geteuid() != 1000)
		return 2;
	/* ...which can come back, since the real uid is still 0. */
	if (sys_setresuid((uid_t)-1, 0, (uid_t)-1) != 0 || sys_geteuid() != 0)
		return 3;
	/* Drop all three: now nothing can be regained. */
	if (sys_setresuid(1000, 1000, 1000) != 0)
		return 4;
	if (sys_setresuid(0, (uid_t)-1, (uid_t)-1) != -EPERM)
		return 5;
	if (sys_setresuid((uid_t)-1, 0, (uid_t)-1) != -EPERM)
		return 6;
	return 0;
}

int test_setresuid(void)
{
	if (sys_getuid() != 0)
		return t_skip("not running as root");

	long status = reap(spawn(setresuid_child, 0));

	CHECK(status == 0, "child: %s (see setresuid_child for the step)",
	      describe_status(status));
	return T_OK;
}
