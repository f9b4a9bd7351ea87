/*
 * file.h - open files and file descriptors.
 *
 * Three layers, as in every Unix:
 *
 *   fd (a small int)  ->  struct file (an "open file description")
 *                     ->  the thing itself (the console, a pipe)
 *
 * A process's fd table maps numbers to files.  Several fds, in one
 * process (dup) or in several (fork), can share one struct file: they then
 * share its status flags (O_NONBLOCK, set with fcntl F_SETFL) and, for a
 * file with a position, its offset.  The close-on-exec flag is the one
 * thing that belongs to the fd itself, so it lives in the table.
 *
 * A file is reference-counted: every fd slot holding it is one reference.
 * The last file_put releases what is behind it (a pipe end closes, and the
 * other end sees EOF or EPIPE).
 *
 * Locking: one CPU, kernel entered with interrupts off (sched.h), so the
 * table and the files need none yet.  Every blocking wait (a pipe) sleeps
 * through the scheduler and re-checks its condition when it wakes.
 */
#ifndef KERNEL_FS_FILE_H
#define KERNEL_FS_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/uapi/file_numbers.h" /* O_*, F_*, FD_CLOEXEC */

/* What fcntl(F_SETFL) may change; Linux silently ignores the rest. */
#define FILE_SETFL_MASK (O_APPEND | O_NONBLOCK)

/* RLIMIT_NOFILE's usual soft limit on Linux: fds are 0 .. FD_MAX - 1. */
#define FD_MAX 1024

struct file;

/* What a kind of file does.  A NULL read or write means the file cannot
 * do it (-EINVAL, as Linux says for a file without that operation);
 * access-mode checks (-EBADF) happen before these are called.  ioctl may
 * be NULL (-ENOTTY).  user_buf has passed user_range_ok. */
struct file_ops {
	long (*read)(struct file *f, uint64_t user_buf, uint64_t len);
	long (*write)(struct file *f, uint64_t user_buf, uint64_t len);
	long (*ioctl)(struct file *f, uint64_t request, uint64_t arg);
	/* NULL: not seekable (-ESPIPE).  Returns the new position. */
	long (*lseek)(struct file *f, int64_t offset, int whence);
	/* NULL: not a directory (-ENOTDIR). */
	long (*getdents)(struct file *f, uint64_t user_buf, uint64_t len);
	/* The last reference is gone: free what f->priv holds.  f itself
	 * is freed by file_put afterwards. */
	void (*release)(struct file *f);
	/* fstat of a file that is not in the tree: its type and rights,
	 * and its device number (major << 8 | minor). */
	uint32_t mode, rdev;
};

struct file {
	int refs;
	unsigned flags; /* O_ACCMODE | O_APPEND | O_NONBLOCK */
	const struct file_ops *ops;
	void *priv;
	int node;     /* the file system node (fs.h), or -1 */
	uint64_t pos; /* the offset of read and lseek (getdents: a cookie) */
};

/* A new file with one reference, or NULL when memory is short. */
struct file *file_alloc(const struct file_ops *ops, unsigned flags, void *priv);
void file_get(struct file *f);
void file_put(struct file *f);

/* The console (read: serial input; write: every console), open O_RDWR. */
struct file *console_file_open(unsigned flags);

/* A pipe: two files, the read end (O_RDONLY) and the write end
 * (O_WRONLY), each with one reference.  flags may hold O_NONBLOCK.
 * 0 or -ENOMEM. */
int pipe_create(unsigned flags, struct file **read_end,
		struct file **write_end);

/* ---- the per-process fd table (fdtable.c) ---------------------------- */

struct fd_table {
	struct file *file[FD_MAX];
	uint64_t cloexec[FD_MAX / 64]; /* bit fd%64 of word fd/64 */
};

struct proc;

/* A table with fds 0, 1 and 2 on one new console file (a boot program's
 * stdin, stdout and stderr).  NULL when memory is short. */
struct fd_table *fd_table_new_console(void);
/* fork: a new table holding the same files (each gains a reference) and
 * the same close-on-exec flags.  NULL when memory is short. */
struct fd_table *fd_table_clone(const struct fd_table *src);
/* exit (and a failed fork): closes every fd, frees the table. */
void fd_table_free(struct fd_table *t);
/* execve, past its point of no return: closes the close-on-exec fds. */
void fd_table_exec(struct fd_table *t);

/* The file behind fd in the current process, or NULL (EBADF). */
struct file *fd_get(int64_t fd);
/* Puts f (the caller's reference passes to the table) at the lowest free
 * fd >= min_fd.  The fd, or -EMFILE. */
int fd_install(struct file *f, int64_t min_fd, bool cloexec);
/* Puts f at exactly fd (taking a reference), closing what was there. */
void fd_install_at(struct file *f, int fd, bool cloexec);
/* 0 or -EBADF. */
int fd_close(int64_t fd);
bool fd_cloexec(int fd);
void fd_set_cloexec(int fd, bool on);

#endif
