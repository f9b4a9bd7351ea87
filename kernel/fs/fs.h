/*
 * fs.h - the read-only root file system.
 *
 * At boot the kernel unpacks nothing: it indexes the cpio archive GRUB
 * loaded (the initramfs convention, cpio.h) into a table of nodes, each
 * pointing at its bytes inside the archive, and adds /dev with null and
 * console.  Everything is read-only (writes are -EROFS), so the archive's
 * memory is the file data, and the node table is the only copy.
 *
 * A node is a directory, a regular file, a symbolic link or a device.
 * Nodes are found by walking paths from the root: each component is
 * looked up among the children of the current directory, "." and ".."
 * move as usual (".." of the root is the root), and symbolic links are
 * followed (at most FS_MAX_SYMLINKS on one walk, else -ELOOP).  There is
 * no chdir: every process's working directory is "/".
 *
 * The number of files is limited only by memory.
 */
#ifndef KERNEL_FS_FS_H
#define KERNEL_FS_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/uapi/file_numbers.h" /* S_IF*, S_IS* */

#define FS_PATH_MAX	4096 /* PATH_MAX, NUL included */
#define FS_NAME_MAX	255  /* NAME_MAX: longest component (getdents) */
#define FS_MAX_SYMLINKS 40   /* Linux's limit per lookup */
#define FS_ROOT		0    /* the root directory's node number */

enum fs_device { FS_DEV_NONE, FS_DEV_NULL, FS_DEV_CONSOLE };

struct fs_node {
	const char *name; /* last component ("" for the root) */
	size_t name_len;
	int parent; /* node number; the root is its own parent */
	uint32_t mode, uid, gid, nlink;
	uint64_t mtime;
	const uint8_t *data; /* contents, or a symlink's target */
	size_t size;
	enum fs_device device;
	uint32_t rdev; /* device number (major << 8 | minor) */
};

/* Indexes the archive (NULL: an empty root with only /dev).  Malformed
 * entries end the index with a message; the rest stays usable. */
void fs_init(const uint8_t *archive, size_t size);
/* Node number n, or NULL when there is none. */
const struct fs_node *fs_node(int n);
int fs_node_count(void);

/* Walks path from node start (an absolute path starts at the root).
 * follow_last: follow a symbolic link in the last component.  Returns
 * the node number or -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG. */
int fs_lookup(int start, const char *path, bool follow_last);

/* The first child of dir numbered >= from, or -1: how getdents walks a
 * directory (the node numbers are stable positions). */
int fs_next_child(int dir, int from);

struct file;
/* A new file open on node n with the open(2) flags (access mode and
 * status flags), or NULL when memory is short. */
struct file *fs_open_node(int n, unsigned flags);
/* The node behind f, or -1 for a file that is not in the tree (pipes,
 * the boot programs' console). */
int fs_file_node(const struct file *f);

#endif
