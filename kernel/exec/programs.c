/*
 * programs.c - the programs Portcullis can run: GRUB's modules.
 *
 * There is no file system.  grub.cfg loads each user program as a
 * multiboot2 module whose string is its path (/boot/bin/hello.elf); the
 * program's name is the base name without ".elf", reachable as NAME or
 * /bin/NAME.  The module memory was kept out of the frame allocator
 * (mm_init) and is read through the physical map.
 */
#include "kernel/console.h"
#include "kernel/exec/exec.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/multiboot2.h"

#define MAX_PROGRAMS MB2_MAX_MODULES
#define NAME_MAX_LEN 32

struct program {
	char name[NAME_MAX_LEN];
	uint64_t phys;
	size_t size;
};

static struct program programs[MAX_PROGRAMS];
static int program_count;

/* "/boot/bin/hello.elf extra words" -> "hello" */
static void name_from_path(const char *path, char *name, size_t size)
{
	const char *base = path, *end;
	for (const char *s = path; *s && *s != ' '; s++)
		if (*s == '/')
			base = s + 1;
	end = base;
	while (*end && *end != ' ')
		end++;
	if (end - base > 4 && !strncmp(end - 4, ".elf", 4))
		end -= 4;
	size_t n =
	    (size_t)(end - base) < size - 1 ? (size_t)(end - base) : size - 1;
	memcpy(name, base, n);
	name[n] = '\0';
}

void programs_init(const struct boot_info *bi)
{
	for (int i = 0; i < bi->module_count && program_count < MAX_PROGRAMS;
	     i++) {
		struct program *pr = &programs[program_count];
		name_from_path(bi->modules[i].string, pr->name,
			       sizeof(pr->name));
		if (!pr->name[0])
			continue;
		pr->phys = bi->modules[i].start;
		pr->size = bi->modules[i].end - bi->modules[i].start;
		program_count++;
	}
	programs_print();
}

void programs_print(void)
{
	printk("programs:");
	for (int i = 0; i < program_count; i++)
		printk(" %s", programs[i].name);
	printk(program_count ? "\n" : " (none)\n");
}

const void *program_find(const char *path, size_t *size, const char **name)
{
	if (!strncmp(path, "/bin/", 5))
		path += 5;
	for (int i = 0; i < program_count; i++) {
		if (!strcmp(programs[i].name, path)) {
			*size = programs[i].size;
			if (name)
				*name = programs[i].name;
			return phys_to_virt(programs[i].phys);
		}
	}
	return NULL;
}
