/*
 * sys_fd.c - system calls on file descriptors: read, write, writev, ioctl,
 * close, dup, dup2, dup3, fcntl, pipe, pipe2.
 *
 * Error order follows Linux, since programs (and our tests) look at which
 * error comes back: a bad fd is -EBADF before anything else; a buffer
 * outside user space is -EFAULT before a read blocks; a file not open for
 * the direction asked is -EBADF.
 */
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define IOV_MAX 1024

static bool can_read(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool can_write(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

/* *out = the file behind fd if it is open for the direction asked and
 * its kind can go that way; else the error Linux gives first. */
static long file_for(uint64_t fd, bool writing, struct file **out)
{
	struct file *f = fd_get((int64_t)fd);
	if (!f || !(writing ? can_write(f) : can_read(f)))
		return -EBADF;
	if (!(writing ? f->ops->write : f->ops->read))
		return -EINVAL;
	*out = f;
	return 0;
}

static long read_or_write(uint64_t fd, uint64_t buf, uint64_t len, bool writing)
{
	struct file *f;
	long err = file_for(fd, writing, &f);
	if (err)
		return err;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	return writing ? f->ops->write(f, buf, len) : f->ops->read(f, buf, len);
}

long sys_read(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	return read_or_write(a0, a1, a2, false);
}

long sys_write(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	return read_or_write(a0, a1, a2, true);
}

struct k_iovec {
	uint64_t base;
	uint64_t len;
};

long sys_writev(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	struct file *f;
	long err = file_for(a0, true, &f);
	if (err)
		return err;
	if (a2 > IOV_MAX)
		return -EINVAL;
	long total = 0;
	for (uint64_t i = 0; i < a2; i++) {
		struct k_iovec iov;
		if (copy_from_user(&iov, a1 + i * sizeof(iov), sizeof(iov)))
			return total ? total : -EFAULT;
		if (!user_range_ok(iov.base, iov.len))
			return total ? total : -EFAULT;
		long n = f->ops->write(f, iov.base, iov.len);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((uint64_t)n < iov.len)
			break; /* short write: stop here, as Linux does */
	}
	return total;
}

long sys_ioctl(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	struct file *f = fd_get((int64_t)a0);
	if (!f)
		return -EBADF;
	if (!f->ops->ioctl)
		return -ENOTTY;
	return f->ops->ioctl(f, a1, a2);
}

long sys_close(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	return fd_close((int64_t)a0);
}

/* Installs another reference to f at the lowest free fd >= min_fd. */
static long dup_from(struct file *f, int64_t min_fd, bool cloexec)
{
	file_get(f);
	int fd = fd_install(f, min_fd, cloexec);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_dup(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	struct file *f = fd_get((int64_t)a0);
	if (!f)
		return -EBADF;
	return dup_from(f, 0, false);
}

/* dup3 and dup2: newfd becomes a copy of oldfd, closing it first. */
static long dup_to(uint64_t oldfd, uint64_t newfd, bool cloexec)
{
	struct file *f = fd_get((int64_t)oldfd);
	if (!f)
		return -EBADF;
	if (newfd >= FD_MAX)
		return -EBADF;
	fd_install_at(f, (int)newfd, cloexec);
	return (long)newfd;
}

long sys_dup2(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	/* dup2(fd, fd) changes nothing, not even close-on-exec. */
	if (a0 == a1)
		return fd_get((int64_t)a0) ? (long)a0 : -EBADF;
	return dup_to(a0, a1, false);
}

long sys_dup3(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	if (a2 & ~(uint64_t)O_CLOEXEC)
		return -EINVAL;
	if (a0 == a1)
		return -EINVAL;
	return dup_to(a0, a1, a2 & O_CLOEXEC);
}

long sys_fcntl(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	int64_t fd = (int64_t)a0;
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	switch ((uint32_t)a1) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		/* The minimum is an int, as Linux reads it: the upper
		 * half of the register is ignored. */
		if ((int32_t)a2 < 0 || (int32_t)a2 >= FD_MAX)
			return -EINVAL;
		return dup_from(f, (int32_t)a2,
				(uint32_t)a1 == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fd_cloexec((int)fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec((int)fd, a2 & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~FILE_SETFL_MASK) |
			   ((unsigned)a2 & FILE_SETFL_MASK);
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_pipe2(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	if (a1 & ~(uint64_t)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	/* Check the destination first: nothing to undo if it is bad. */
	int32_t fds[2];
	if (!user_range_ok(a0, sizeof(fds)))
		return -EFAULT;
	struct file *r, *w;
	int err = pipe_create((unsigned)a1 & O_NONBLOCK, &r, &w);
	if (err)
		return err;
	bool cloexec = a1 & O_CLOEXEC;
	fds[0] = fd_install(r, 0, cloexec);
	if (fds[0] < 0) {
		file_put(r);
		file_put(w);
		return -EMFILE;
	}
	fds[1] = fd_install(w, 0, cloexec);
	if (fds[1] < 0) {
		fd_close(fds[0]);
		file_put(w);
		return -EMFILE;
	}
	if (copy_to_user(a0, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	return sys_pipe2(a0, 0, 0, 0, 0, 0);
}
