/*
 * rootfs.c - the node table of the read-only root file system (fs.h).
 *
 * Building it: each cpio entry's path ("bin/hello", "./etc/passwd") is
 * split into components; missing parent directories are created on the
 * way (archives need not list them); an entry whose path already exists
 * replaces the old node's attributes, as unpacking over it would.  The
 * table grows by doubling, so lookups by number stay O(1) and the node
 * count is bounded only by memory.
 */
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/fs/cpio.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"

static struct fs_node *nodes;
static int node_count, node_capacity;

const struct fs_node *fs_node(int n)
{
	return n >= 0 && n < node_count ? &nodes[n] : NULL;
}

int fs_node_count(void)
{
	return node_count;
}

static int add_node(int parent, const char *name, size_t name_len,
		    uint32_t mode)
{
	if (node_count == node_capacity) {
		int cap = node_capacity ? 2 * node_capacity : 64;
		struct fs_node *grown = kzalloc((size_t)cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		if (nodes)
			memcpy(grown, nodes,
			       (size_t)node_count * sizeof(*nodes));
		kfree(nodes);
		nodes = grown;
		node_capacity = cap;
	}
	struct fs_node *n = &nodes[node_count];
	memset(n, 0, sizeof(*n));
	n->name = name;
	n->name_len = name_len;
	n->parent = parent;
	n->mode = mode;
	n->nlink = S_ISDIR(mode) ? 2 : 1;
	return node_count++;
}

static int find_child(int dir, const char *name, size_t len)
{
	for (int i = 1; i < node_count; i++)
		if (nodes[i].parent == dir && nodes[i].name_len == len &&
		    !memcmp(nodes[i].name, name, len))
			return i;
	return -ENOENT;
}

int fs_next_child(int dir, int from)
{
	for (int i = from < 1 ? 1 : from; i < node_count; i++)
		if (nodes[i].parent == dir)
			return i;
	return -1;
}

/* The node for an archive path, creating directories on the way and the
 * last component with mode.  Names point into the archive (they stay). */
static int node_for_path(const char *p, uint32_t mode)
{
	int cur = FS_ROOT;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			return cur;
		size_t len = 0;
		while (p[len] && p[len] != '/')
			len++;
		if (len > FS_NAME_MAX)
			return -ENAMETOOLONG;
		const char *rest = p + len;
		while (*rest == '/')
			rest++;
		if (!(len == 1 && p[0] == '.')) {
			int child = find_child(cur, p, len);
			if (child < 0)
				child = add_node(cur, p, len,
						 *rest ? S_IFDIR | 0755 : mode);
			if (child < 0)
				return child;
			cur = child;
		}
		p = rest;
	}
}

static void add_device(int dev_dir, const char *name, enum fs_device device,
		       uint32_t rdev)
{
	if (find_child(dev_dir, name, strlen(name)) >= 0)
		return; /* the archive brought its own */
	int n = add_node(dev_dir, name, strlen(name), S_IFCHR | 0666);
	if (n >= 0) {
		nodes[n].device = device;
		nodes[n].rdev = rdev;
	}
}

void fs_init(const uint8_t *archive, size_t size)
{
	if (add_node(FS_ROOT, "", 0, S_IFDIR | 0755) != FS_ROOT)
		panic("no memory for the root directory");
	size_t offset = 0;
	struct cpio_entry e;
	int r, files = 0;
	while (archive && (r = cpio_next(archive, size, &offset, &e)) == 1) {
		int n = node_for_path(e.name, e.mode);
		if (n == -ENAMETOOLONG) {
			printk("fs: %s: a name longer than %d bytes; skipped\n",
			       e.name, FS_NAME_MAX);
			continue;
		}
		if (n < 0) {
			printk("fs: out of memory at %s\n", e.name);
			break;
		}
		if (n == FS_ROOT) /* "." itself: keep the root a directory */
			continue;
		struct fs_node *node = &nodes[n];
		node->mode = e.mode;
		node->uid = e.uid;
		node->gid = e.gid;
		node->nlink = e.nlink ? e.nlink : 1;
		node->mtime = e.mtime;
		node->data = e.data;
		node->size = e.size;
		files++;
	}
	if (archive && r < 0)
		printk(
		    "fs: malformed cpio archive after %d entries; the rest is ignored\n",
		    files);
	/* The devices every Unix program expects. */
	int dev = node_for_path("dev", S_IFDIR | 0755);
	if (dev >= 0) {
		add_device(dev, "null", FS_DEV_NULL, 1 << 8 | 3);
		add_device(dev, "console", FS_DEV_CONSOLE, 5 << 8 | 1);
	}
	/* Success says nothing more: the boot messages fill the first
	 * screen already, and "programs:" (programs.c) shows the result. */
}
