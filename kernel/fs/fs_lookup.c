/*
 * fs_lookup.c - from a path name to a node (path_resolution(7)).
 *
 * The walk goes one component at a time.  A symbolic link met on the way
 * (or as the last component, when asked to follow) is replaced by a walk
 * of its target, from the root for an absolute target, else from the
 * directory holding the link.  Every link followed counts against
 * FS_MAX_SYMLINKS for the whole lookup, so a loop ends in -ELOOP.  The
 * recursion depth is bounded by the same count.
 */
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"

static int find_child(int dir, const char *name, size_t len)
{
	for (int i = fs_next_child(dir, 1); i >= 0;
	     i = fs_next_child(dir, i + 1)) {
		const struct fs_node *n = fs_node(i);
		if (n->name_len == len && !memcmp(n->name, name, len))
			return i;
	}
	return -ENOENT;
}

static int walk(int cur, const char *p, size_t plen, bool follow_last,
		int *links);

/* Follows the symbolic link node, found in directory dir. */
static int follow(int dir, int link, int *links)
{
	const struct fs_node *n = fs_node(link);
	if (++*links > FS_MAX_SYMLINKS)
		return -ELOOP;
	if (n->size == 0)
		return -ENOENT;
	if (n->size >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	const char *target = (const char *)n->data;
	return walk(target[0] == '/' ? FS_ROOT : dir, target, n->size, true,
		    links);
}

static int walk(int cur, const char *p, size_t plen, bool follow_last,
		int *links)
{
	const char *end = p + plen;
	if (p < end && *p == '/')
		cur = FS_ROOT;
	for (;;) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			return cur;
		if (!S_ISDIR(fs_node(cur)->mode))
			return -ENOTDIR;
		size_t len = 0;
		while (p + len < end && p[len] != '/')
			len++;
		if (len > FS_NAME_MAX)
			return -ENAMETOOLONG;
		const char *rest = p + len;
		bool trailing_slash = rest < end;
		while (rest < end && *rest == '/')
			rest++;
		bool last = rest == end;
		int next;
		if (len == 1 && p[0] == '.') {
			next = cur;
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			next = fs_node(cur)->parent;
		} else {
			next = find_child(cur, p, len);
			if (next < 0)
				return next;
			/* A trailing slash asks for a directory: follow. */
			if (S_ISLNK(fs_node(next)->mode) &&
			    (!last || follow_last || trailing_slash)) {
				next = follow(cur, next, links);
				if (next < 0)
					return next;
			}
		}
		if (last && trailing_slash && !S_ISDIR(fs_node(next)->mode))
			return -ENOTDIR;
		cur = next;
		p = rest;
	}
}

int fs_lookup(int start, const char *path, bool follow_last)
{
	int links = 0;
	if (!fs_node(start))
		return -ENOENT;
	if (!path[0])
		return -ENOENT; /* "" names nothing (AT_EMPTY_PATH aside) */
	return walk(start, path, strlen(path), follow_last, &links);
}
