/*
 * sys_file.c - system calls on the file system: open, openat, lseek,
 * stat, fstat, lstat, newfstatat, getdents64, readlink, readlinkat.
 *
 * The file system is read-only (kernel/fs/fs.h): asking to write, create
 * or truncate an existing file is -EROFS, creating a missing one -EROFS
 * too (with O_CREAT), as on a read-only mount.  /dev/null and
 * /dev/console may be opened for writing: they are devices, not files.
 *
 * Relative paths start at dirfd, or at the working directory for
 * AT_FDCWD, which is always "/".
 */
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define AT_STATX_SYNC_TYPE  0x6000 /* accepted, and meaningless here */
/* Status flags a file keeps; the rest of open's flags act only at open. */
#define OPEN_KEPT_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_LARGEFILE)

/* Copies the path from user space into a kmalloc'd buffer (*out). */
static long path_from_user(uint64_t user_path, char **out)
{
	char *path = kmalloc(FS_PATH_MAX);
	if (!path)
		return -ENOMEM;
	long n = copy_string_from_user(path, user_path, FS_PATH_MAX);
	if (n < 0) {
		kfree(path);
		return n;
	}
	*out = path;
	return 0;
}

/* The node a *at call starts from: the root for AT_FDCWD (and for any
 * absolute path), else dirfd's directory. */
static int start_node(int64_t dirfd, const char *path)
{
	if (path[0] == '/' || (int32_t)dirfd == AT_FDCWD)
		return FS_ROOT;
	struct file *f = fd_get((int32_t)dirfd);
	if (!f)
		return -EBADF;
	int n = fs_file_node(f);
	if (n < 0 || !S_ISDIR(fs_node(n)->mode))
		return -ENOTDIR;
	return n;
}

/* Resolves (dirfd, user path) to a node.  empty_ok: "" means dirfd's own
 * node (AT_EMPTY_PATH). */
static int lookup_at(uint64_t dirfd, uint64_t user_path, bool follow,
		     bool empty_ok)
{
	char *path;
	long err = path_from_user(user_path, &path);
	if (err)
		return (int)err;
	int n;
	if (!path[0] && empty_ok) {
		struct file *f = fd_get((int32_t)dirfd);
		n = !f			  ? -EBADF
		    : fs_file_node(f) < 0 ? -ENOENT
					  : fs_file_node(f);
	} else {
		n = start_node((int64_t)dirfd, path);
		if (n >= 0)
			n = fs_lookup(n, path, follow);
	}
	kfree(path);
	return n;
}

long sys_openat(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3; /* a3, the mode, matters only to O_CREAT */
	unsigned flags = (unsigned)a2;
	bool writing = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
	if ((flags & O_ACCMODE) == 3)
		return -EINVAL;
	int n = lookup_at(a0, a1, !(flags & O_NOFOLLOW), false);
	if (n == -ENOENT && (flags & O_CREAT))
		return -EROFS;
	if (n < 0)
		return n;
	const struct fs_node *node = fs_node(n);
	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if (S_ISLNK(node->mode))
		return -ELOOP; /* O_NOFOLLOW met a link */
	if ((flags & O_DIRECTORY) && !S_ISDIR(node->mode))
		return -ENOTDIR;
	if (S_ISDIR(node->mode) && writing)
		return -EISDIR;
	if (writing && node->device == FS_DEV_NONE)
		return -EROFS;
	struct file *f = fs_open_node(n, flags & OPEN_KEPT_FLAGS);
	if (!f)
		return -ENOMEM;
	int fd = fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_open(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	return sys_openat((uint64_t)(int64_t)AT_FDCWD, a0, a1, a2, 0, 0);
}

long sys_lseek(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	struct file *f = fd_get((int64_t)a0);
	if (!f)
		return -EBADF;
	if (!f->ops->lseek)
		return -ESPIPE;
	return f->ops->lseek(f, (int64_t)a1, (int)a2);
}

/* struct stat of Linux x86-64 (144 bytes). */
struct k_stat {
	uint64_t st_dev, st_ino, st_nlink;
	uint32_t st_mode, st_uid, st_gid, pad0;
	uint64_t st_rdev;
	int64_t st_size, st_blksize, st_blocks;
	uint64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime,
	    st_ctime_nsec;
	int64_t unused[3];
};
_Static_assert(sizeof(struct k_stat) == 144, "struct stat");

#define ROOTFS_DEV 1 /* st_dev of every node: one file system */

static long stat_node(int n, uint64_t user_st)
{
	const struct fs_node *node = fs_node(n);
	struct k_stat st;
	memset(&st, 0, sizeof(st));
	st.st_dev = ROOTFS_DEV;
	st.st_ino = (uint64_t)n + 1;
	st.st_nlink = node->nlink;
	st.st_mode = node->mode;
	st.st_uid = node->uid;
	st.st_gid = node->gid;
	st.st_rdev = node->rdev;
	st.st_size = (int64_t)node->size;
	st.st_blksize = 4096;
	st.st_blocks = (int64_t)((node->size + 511) / 512);
	st.st_atime = st.st_mtime = st.st_ctime = node->mtime;
	return copy_to_user(user_st, &st, sizeof(st));
}

long sys_fstat(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct file *f = fd_get((int64_t)a0);
	if (!f)
		return -EBADF;
	if (fs_file_node(f) >= 0)
		return stat_node(fs_file_node(f), a1);
	/* A pipe or the boot console: no node, the ops say what it is. */
	struct k_stat st;
	memset(&st, 0, sizeof(st));
	st.st_ino = (uint64_t)(uintptr_t)f->priv & 0xffffffff;
	st.st_nlink = 1;
	st.st_mode = f->ops->mode;
	st.st_rdev = f->ops->rdev;
	st.st_blksize = 4096;
	return copy_to_user(a1, &st, sizeof(st));
}

long sys_newfstatat(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_4;
	if (a3 & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT |
			     AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if (a3 & AT_EMPTY_PATH) {
		char first;
		if (copy_from_user(&first, a1, 1))
			return -EFAULT;
		if (!first && (int32_t)a0 != AT_FDCWD)
			return sys_fstat(a0, a2, 0, 0, 0, 0);
	}
	int n = lookup_at(a0, a1, !(a3 & AT_SYMLINK_NOFOLLOW), false);
	if (n < 0)
		return n;
	return stat_node(n, a2);
}

long sys_stat(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	return sys_newfstatat((uint64_t)(int64_t)AT_FDCWD, a0, a1, 0, 0, 0);
}

long sys_lstat(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	return sys_newfstatat((uint64_t)(int64_t)AT_FDCWD, a0, a1,
			      AT_SYMLINK_NOFOLLOW, 0, 0);
}

long sys_getdents64(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	struct file *f = fd_get((int64_t)a0);
	if (!f)
		return -EBADF;
	if (!f->ops->getdents)
		return -ENOTDIR;
	uint64_t len = (uint32_t)a2; /* an unsigned int in the ABI */
	if (!user_range_ok(a1, len))
		return -EFAULT;
	return f->ops->getdents(f, a1, len);
}

long sys_readlinkat(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_4;
	if ((int32_t)a3 <= 0)
		return -EINVAL;
	int n = lookup_at(a0, a1, false, true);
	if (n < 0)
		return n;
	const struct fs_node *node = fs_node(n);
	if (!S_ISLNK(node->mode))
		return -EINVAL;
	uint64_t count = node->size < (uint32_t)a3 ? node->size : (uint32_t)a3;
	if (copy_to_user(a2, node->data, count))
		return -EFAULT;
	return (long)count;
}

long sys_readlink(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	return sys_readlinkat((uint64_t)(int64_t)AT_FDCWD, a0, a1, a2, 0, 0);
}
