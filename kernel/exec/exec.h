/*
 * exec.h - turning a program (a boot module holding an ELF file) into a
 * populated user address space.
 */
#ifndef KERNEL_EXEC_EXEC_H
#define KERNEL_EXEC_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_info;
struct proc;
struct vm_space;

#define USER_STACK_TOP	 0x00007ffff0000000ull
#define USER_STACK_PAGES 64	      /* 256 KiB, mapped up front */
#define USER_STACK_MAX	 (8ull << 20) /* grows down on demand to this */
#define USER_MMAP_BASE	 0x0000100000000000ull

struct exec_result {
	uint64_t entry;
	uint64_t user_rsp;
	uint64_t brk; /* first byte after the program: the heap start */
	uint64_t mmap_base;
	uint64_t stack_low; /* the lowest mapped stack page */
};

/* Makes the initramfs module the root file system; prints /bin. */
void programs_init(const struct boot_info *bi);
/* The program's ELF image, found by path or as /bin/NAME for a bare
 * NAME: 0, or -ENOENT (and the other lookup errors), -EACCES when the
 * path is not a regular file. */
int program_find(const char *path, const uint8_t **image, size_t *size,
		 const char **name);
/* Names of every program, for the banner and error messages. */
void programs_print(void);

/* Loads path into vm (an empty user space) with the given arguments.
 * Returns 0 or -errno; prints a one-line reason for a bad ELF file. */
int exec_load(struct vm_space *vm, const char *path, char *const argv[],
	      int argc, char *const envp[], int envc, struct exec_result *out);
/* A page fault at addr (from p's own code, or from the kernel copying to
 * p's memory): if addr is in the stack's growth area below its lowest
 * page, map pages down to it and return true (retry the access); false
 * for any other fault (stack_grow.c). */
bool exec_stack_grow(struct proc *p, uint64_t addr);
/* Sets p's name from a path ("/bin/hello" -> "hello"). */
void exec_name_process(struct proc *p, const char *path);

#endif
