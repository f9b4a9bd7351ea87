/*
 * t_files.c - the read-only root file system: open, openat, read, lseek,
 * close, stat, fstat, lstat, newfstatat, getdents64, readlink, and the
 * devices /dev/null and /dev/console.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "ut.h"

#define KERNEL_ADDR 0xffffffff80000000UL

int test_open_read(void)
{
	char buf[64];
	long fd = sys_open("/etc/passwd", O_RDONLY, 0);

	CHECK(fd >= 3, "open /etc/passwd: %ld", fd);
	CHECK_EQ(sys_read((int)fd, buf, 5), 5);
	CHECK(memcmp(buf, "root:", 5) == 0, "passwd does not start with root:");
	struct stat st;
	CHECK_EQ(sys_fstat((int)fd, &st), 0);
	CHECK(S_ISREG(st.st_mode), "mode 0%o", st.st_mode);
	CHECK(st.st_size > 5, "size %ld", (long)st.st_size);
	/* lseek: from the start, the current position and the end. */
	CHECK_EQ(sys_lseek((int)fd, 0, SEEK_CUR), 5);
	CHECK_EQ(sys_lseek((int)fd, 1, SEEK_SET), 1);
	CHECK_EQ(sys_read((int)fd, buf, 4), 4);
	CHECK(memcmp(buf, "oot:", 4) == 0, "wrong bytes after lseek");
	CHECK_EQ(sys_lseek((int)fd, 0, SEEK_END), st.st_size);
	CHECK_EQ(sys_read((int)fd, buf, sizeof(buf)), 0);
	CHECK_EQ(sys_lseek((int)fd, 100, SEEK_END), st.st_size + 100);
	CHECK_EQ(sys_read((int)fd, buf, sizeof(buf)), 0);
	CHECK_EQ(sys_lseek((int)fd, -1, SEEK_SET), -EINVAL);
	CHECK_EQ(sys_lseek((int)fd, 0, 7), -EINVAL);
	/* dup shares the position. */
	long fd2 = sys_dup((int)fd);
	CHECK_EQ(sys_lseek((int)fd, 2, SEEK_SET), 2);
	CHECK_EQ(sys_lseek((int)fd2, 0, SEEK_CUR), 2);
	CHECK_EQ(sys_read((int)fd, (void *)KERNEL_ADDR, 1), -EFAULT);
	CHECK_EQ(sys_write((int)fd, "x", 1), -EBADF);
	CHECK_EQ(sys_close((int)fd), 0);
	CHECK_EQ(sys_close((int)fd2), 0);
	/* The same file through openat and a directory fd. */
	long dir = sys_open("/etc", O_RDONLY | O_DIRECTORY, 0);
	CHECK(dir >= 0, "open /etc: %ld", dir);
	fd = sys_openat((int)dir, "passwd", O_RDONLY | O_CLOEXEC, 0);
	CHECK(fd >= 0, "openat(/etc, passwd): %ld", fd);
	CHECK_EQ(sys_fcntl((int)fd, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_read((int)fd, buf, 5), 5);
	CHECK_EQ(sys_openat((int)fd, "x", O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(sys_openat(999, "passwd", O_RDONLY, 0), -EBADF);
	CHECK(sys_openat(999, "/etc/passwd", O_RDONLY, 0) >= 0,
	      "an absolute path ignores dirfd");
	return T_OK;
}

int test_open_errors(void)
{
	char buf[8];

	CHECK_EQ(sys_open("/no/such/file", O_RDONLY, 0), -ENOENT);
	CHECK_EQ(sys_open("/etc/nosuchfile", O_RDONLY, 0), -ENOENT);
	CHECK_EQ(sys_open("", O_RDONLY, 0), -ENOENT);
	CHECK_EQ(sys_open("/etc/passwd/x", O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(sys_open("/etc/passwd/", O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(sys_open("/etc/passwd", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
	CHECK_EQ(sys_open(NULL, O_RDONLY, 0), -EFAULT);
	CHECK_EQ(sys_open((char *)KERNEL_ADDR, O_RDONLY, 0), -EFAULT);
	CHECK_EQ(sys_open("/etc", O_WRONLY, 0), -EISDIR);
	long fd = sys_open("/etc/", O_RDONLY, 0);
	CHECK(fd >= 0, "open /etc/: %ld", fd);
	CHECK_EQ(sys_read((int)fd, buf, sizeof(buf)), -EISDIR);
	if (!on_portcullis)
		return T_OK; /* the host's / is writable by root */
	CHECK_EQ(sys_open("/etc/passwd", O_WRONLY, 0), -EROFS);
	CHECK_EQ(sys_open("/etc/passwd", O_RDWR, 0), -EROFS);
	CHECK_EQ(sys_open("/etc/passwd", O_RDONLY | O_TRUNC, 0), -EROFS);
	CHECK_EQ(sys_open("/etc/new", O_WRONLY | O_CREAT, 0644), -EROFS);
	CHECK_EQ(sys_open("/etc/passwd", O_RDONLY | O_CREAT | O_EXCL, 0),
		 -EEXIST);
	return T_OK;
}

int test_stat(void)
{
	struct stat st, lst;

	CHECK_EQ(sys_stat("/etc", &st), 0);
	CHECK(S_ISDIR(st.st_mode), "/etc mode 0%o", st.st_mode);
	CHECK_EQ(sys_stat("/etc/passwd", &st), 0);
	CHECK(S_ISREG(st.st_mode) && st.st_size > 0, "passwd mode 0%o size %ld",
	      st.st_mode, (long)st.st_size);
	CHECK_EQ(sys_newfstatat(AT_FDCWD, "/etc/passwd", &lst, 0), 0);
	CHECK_EQ(lst.st_ino, st.st_ino);
	CHECK_EQ(sys_newfstatat(AT_FDCWD, "/etc/passwd", &lst, 0x1), -EINVAL);
	long fd = sys_open("/etc/passwd", O_RDONLY, 0);
	CHECK_EQ(sys_newfstatat((int)fd, "", &lst, AT_EMPTY_PATH), 0);
	CHECK_EQ(lst.st_ino, st.st_ino);
	CHECK_EQ(sys_stat("/nonexistent", &st), -ENOENT);
	CHECK_EQ(sys_stat("/etc/passwd", (struct stat *)KERNEL_ADDR), -EFAULT);
	CHECK_EQ(sys_fstat(999, &st), -EBADF);
	/* Pipes and the console are no files, but fstat knows them. */
	int fds[2];
	CHECK_EQ(sys_pipe(fds), 0);
	CHECK_EQ(sys_fstat(fds[0], &st), 0);
	CHECK(S_ISFIFO(st.st_mode), "pipe mode 0%o", st.st_mode);
	long null = sys_open("/dev/null", O_RDWR, 0);
	CHECK(null >= 0, "open /dev/null: %ld", null);
	CHECK_EQ(sys_fstat((int)null, &st), 0);
	CHECK(S_ISCHR(st.st_mode), "/dev/null mode 0%o", st.st_mode);
	CHECK_EQ(sys_write((int)null, "gone", 4), 4);
	char c;
	CHECK_EQ(sys_read((int)null, &c, 1), 0);
	return T_OK;
}

/* Whether directory path lists name (and "." and ".."). */
static long dir_has(const char *path, const char *name)
{
	static char buf[4096];
	long fd = sys_open(path, O_RDONLY | O_DIRECTORY, 0);
	bool found = false, dot = false, dotdot = false;
	long n;
	if (fd < 0)
		return fd;
	while ((n = sys_getdents64((int)fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			found |= strcmp(d->d_name, name) == 0;
			dot |= strcmp(d->d_name, ".") == 0;
			dotdot |= strcmp(d->d_name, "..") == 0;
			off += d->d_reclen;
		}
	}
	sys_close((int)fd);
	if (n < 0)
		return n;
	return found && dot && dotdot;
}

int test_getdents(void)
{
	char buf[16];

	CHECK_EQ(dir_has("/etc", "passwd"), 1);
	CHECK_EQ(dir_has("/etc", "nosuchfile"), 0);
	CHECK_EQ(dir_has("/", "etc"), 1);
	if (on_portcullis) {
		CHECK_EQ(dir_has("/bin", "usertests"), 1);
		CHECK_EQ(dir_has("/dev", "null"), 1);
	}
	long fd = sys_open("/etc", O_RDONLY | O_DIRECTORY, 0);
	CHECK_EQ(sys_getdents64((int)fd, buf, 8), -EINVAL);
	CHECK_EQ(sys_getdents64((int)fd, (void *)KERNEL_ADDR, 4096), -EFAULT);
	long file = sys_open("/etc/passwd", O_RDONLY, 0);
	CHECK_EQ(sys_getdents64((int)file, buf, sizeof(buf)), -ENOTDIR);
	CHECK_EQ(sys_getdents64(999, buf, sizeof(buf)), -EBADF);
	return T_OK;
}

/* The image's links: /usr/bin -> ../bin and /etc/mtab -> a /proc that
 * is not there. */
int test_symlinks(void)
{
	char buf[64];
	struct stat st;

	memset(buf, 0, sizeof(buf));
	CHECK_EQ(sys_readlink("/usr/bin", buf, sizeof(buf)), 6);
	CHECK(memcmp(buf, "../bin", 6) == 0, "readlink /usr/bin: \"%s\"", buf);
	CHECK_EQ(sys_readlink("/usr/bin", buf, 2), 2); /* truncated */
	CHECK_EQ(sys_readlinkat(AT_FDCWD, "/usr/bin", buf, sizeof(buf)), 6);
	CHECK_EQ(sys_readlink("/etc/passwd", buf, sizeof(buf)), -EINVAL);
	CHECK_EQ(sys_readlink("/usr/bin", buf, 0), -EINVAL);
	CHECK_EQ(sys_readlink("/nope", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(sys_readlink("/usr/bin", (char *)KERNEL_ADDR, 8), -EFAULT);
	CHECK_EQ(sys_lstat("/usr/bin", &st), 0);
	CHECK(S_ISLNK(st.st_mode), "lstat mode 0%o", st.st_mode);
	CHECK_EQ(sys_stat("/usr/bin/hello", &st), 0);
	CHECK(S_ISREG(st.st_mode), "/usr/bin/hello mode 0%o", st.st_mode);
	CHECK_EQ(sys_stat("/usr/bin/../etc/passwd", &st), 0);
	CHECK_EQ(sys_stat("/etc/mtab", &st), -ENOENT);
	CHECK_EQ(sys_lstat("/etc/mtab", &st), 0);
	CHECK_EQ(sys_open("/usr/bin", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
	/* A program runs by any path that leads to it. */
	long pid = sys_fork();
	if (pid == 0) {
		char *argv[] = {"hello", "-q", "-e", "7", NULL};
		char *envp[] = {NULL};
		sys_execve("/usr/bin/hello", argv, envp);
		sys_exit_group(99);
	}
	long status = reap(pid);
	CHECK(status == 7 << 8, "exec /usr/bin/hello: %s",
	      describe_status(status));
	CHECK_EQ(sys_execve("/etc", NULL, NULL), -EACCES);
	return T_OK;
}

int test_lseek_espipe(void)
{
	int fds[2];

	CHECK_EQ(sys_pipe(fds), 0);
	CHECK_EQ(sys_lseek(fds[0], 0, SEEK_SET), -ESPIPE);
	CHECK_EQ(sys_lseek(999, 0, SEEK_SET), -EBADF);
	return T_OK;
}
