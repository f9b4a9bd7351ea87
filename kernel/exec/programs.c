/*
 * programs.c - the programs Portcullis can run: the files of /bin.
 *
 * GRUB loads one module, the initramfs (a newc cpio archive built by
 * tools/pack-programs.sh, holding /bin with every user program and /etc);
 * its memory was kept out of the frame allocator (mm_init) and becomes the
 * read-only root file system (kernel/fs/fs.h).  A program is found by
 * path (/bin/hello, or any path to a regular file), or by bare name
 * (hello), which means /bin/NAME as it always has here.
 */
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/exec/exec.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/multiboot2.h"

#define BIN_PREFIX "/bin/"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

void programs_init(const struct boot_info *bi)
{
	const uint8_t *archive = NULL;
	size_t size = 0;
	for (int i = 0; i < bi->module_count; i++) {
		char path[sizeof(bi->modules[i].string)];
		strlcpy(path, bi->modules[i].string, sizeof(path));
		for (char *s = path; *s; s++)
			if (*s == ' ')
				*s =
				    '\0'; /* the path ends at the first space */
		if (!ends_with(path, ".cpio"))
			continue;
		archive = phys_to_virt(bi->modules[i].start);
		size = bi->modules[i].end - bi->modules[i].start;
		break;
	}
	if (!archive)
		printk("fs: no initramfs module (*.cpio): no programs\n");
	fs_init(archive, size);
	programs_print();
}

void programs_print(void)
{
	int bin = fs_lookup(FS_ROOT, "/bin", true);
	int count = 0;
	printk("programs:");
	for (int n = bin < 0 ? -1 : fs_next_child(bin, 1); n >= 0;
	     n = fs_next_child(bin, n + 1)) {
		const struct fs_node *node = fs_node(n);
		char name[64];
		size_t len = node->name_len < sizeof(name) - 1
				 ? node->name_len
				 : sizeof(name) - 1;
		memcpy(name, node->name, len);
		name[len] = '\0';
		printk(" %s", name);
		count++;
	}
	printk(count ? "\n" : " (none)\n");
}

int program_find(const char *path, const uint8_t **image, size_t *size,
		 const char **name)
{
	int n;
	if (!strchr(path, '/')) {
		char full[sizeof(BIN_PREFIX) + 256]; /* NAME_MAX is 255 */
		if (strlen(path) + sizeof(BIN_PREFIX) > sizeof(full))
			return -ENAMETOOLONG;
		strlcpy(full, BIN_PREFIX, sizeof(full));
		strlcpy(full + strlen(BIN_PREFIX), path,
			sizeof(full) - strlen(BIN_PREFIX));
		n = fs_lookup(FS_ROOT, full, true);
	} else {
		n = fs_lookup(FS_ROOT, path, true);
	}
	if (n < 0)
		return n;
	const struct fs_node *node = fs_node(n);
	if (!S_ISREG(node->mode))
		return -EACCES; /* execve(2): not a regular file */
	*image = node->data;
	*size = node->size;
	*name = node->name;
	return 0;
}
