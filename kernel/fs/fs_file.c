/*
 * fs_file.c - open files on the root file system's nodes: regular files
 * (read and lseek from the archive's bytes), directories (getdents64),
 * and the devices /dev/null and /dev/console.
 *
 * A regular file's position is shared by every fd that shares the open
 * file (dup, fork), as POSIX requires: it lives in struct file.
 */
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/proc/uaccess.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

static const struct fs_node *node_of(const struct file *f)
{
	return fs_node(f->node);
}

static long regular_read(struct file *f, uint64_t buf, uint64_t len)
{
	const struct fs_node *n = node_of(f);
	if (f->pos >= n->size)
		return 0;
	uint64_t count = n->size - f->pos < len ? n->size - f->pos : len;
	if (copy_to_user(buf, n->data + f->pos, count))
		return -EFAULT;
	f->pos += count;
	return (long)count;
}

/* lseek for files and directories: the new position may lie past the end
 * (a read there returns 0), never before the start. */
static long seek(struct file *f, int64_t offset, int whence)
{
	int64_t base;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		base = (int64_t)node_of(f)->size;
		break;
	default:
		return -EINVAL;
	}
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + offset);
	return (long)f->pos;
}

static const struct file_ops regular_ops = {
    .read = regular_read,
    .lseek = seek,
};

/* struct linux_dirent64, and its d_type values. */
struct k_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

static uint8_t dirent_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return DT_DIR;
	case S_IFLNK:
		return DT_LNK;
	case S_IFCHR:
		return DT_CHR;
	default:
		return DT_REG;
	}
}

/* Positions: 0 is ".", 1 is "..", and k + 2 is "the first child numbered
 * >= k".  So a position stays valid whatever was read before it. */
static long dir_getdents(struct file *f, uint64_t buf, uint64_t len)
{
	int dir = f->node;
	uint64_t done = 0;
	for (;;) {
		int n;
		const char *name;
		size_t name_len;
		if (f->pos == 0) {
			n = dir, name = ".", name_len = 1;
		} else if (f->pos == 1) {
			n = fs_node(dir)->parent, name = "..", name_len = 2;
		} else {
			if (f->pos - 2 > (uint64_t)fs_node_count())
				break; /* a cookie past the end (lseek) */
			n = fs_next_child(dir, (int)(f->pos - 2));
			if (n < 0)
				break;
			name = fs_node(n)->name;
			name_len = fs_node(n)->name_len;
		}
		uint64_t next = f->pos < 2 ? f->pos + 1 : (uint64_t)n + 3;
		/* The record: the fixed header, the name, a NUL, padding to
		 * a multiple of 8. */
		/* Invariant: names are at most FS_NAME_MAX (fs_init). */
		uint8_t rec[sizeof(struct k_dirent64) + FS_NAME_MAX + 8];
		size_t reclen =
		    (offsetof(struct k_dirent64, d_name) + name_len + 1 + 7) &
		    ~(size_t)7;
		if (done + reclen > len)
			return done ? (long)done
				    : -EINVAL; /* buffer too small */
		struct k_dirent64 head = {
		    .d_ino = (uint64_t)n + 1,
		    .d_off = (int64_t)next,
		    .d_reclen = (uint16_t)reclen,
		    .d_type = dirent_type(fs_node(n)->mode),
		};
		memset(rec, 0, reclen);
		memcpy(rec, &head, offsetof(struct k_dirent64, d_name));
		memcpy(rec + offsetof(struct k_dirent64, d_name), name,
		       name_len);
		if (copy_to_user(buf + done, rec, reclen))
			return done ? (long)done : -EFAULT;
		done += reclen;
		f->pos = next;
	}
	return (long)done;
}

static long dir_read(struct file *f, uint64_t buf, uint64_t len)
{
	(void)f, (void)buf, (void)len;
	return -EISDIR;
}

static long dir_seek(struct file *f, int64_t offset, int whence)
{
	if (whence != SEEK_SET || offset < 0)
		return -EINVAL;
	f->pos = (uint64_t)offset;
	return offset;
}

static const struct file_ops dir_ops = {
    .read = dir_read,
    .lseek = dir_seek,
    .getdents = dir_getdents,
};

static long null_read(struct file *f, uint64_t buf, uint64_t len)
{
	(void)f, (void)buf, (void)len;
	return 0;
}

static long null_write(struct file *f, uint64_t buf, uint64_t len)
{
	(void)f, (void)buf;
	return (long)len;
}

static long null_seek(struct file *f, int64_t offset, int whence)
{
	(void)offset, (void)whence;
	f->pos = 0;
	return 0;
}

static const struct file_ops null_ops = {
    .read = null_read,
    .write = null_write,
    .lseek = null_seek,
};

struct file *fs_open_node(int n, unsigned flags)
{
	const struct fs_node *node = fs_node(n);
	struct file *f;
	if (node->device == FS_DEV_CONSOLE)
		f = console_file_open(flags);
	else if (node->device == FS_DEV_NULL)
		f = file_alloc(&null_ops, flags, NULL);
	else if (S_ISDIR(node->mode))
		f = file_alloc(&dir_ops, flags, NULL);
	else
		f = file_alloc(&regular_ops, flags, NULL);
	if (f)
		f->node = n;
	return f;
}

int fs_file_node(const struct file *f)
{
	return f->node;
}
