/*
 * elf.h - checks an ELF64 executable and plans how to load it.
 *
 * exec() receives a file that anyone could have written, so the loader
 * never reads an ELF header field directly.  elf_plan() reads the whole
 * file once, checks every field the loader will rely on, and produces a
 * struct elf_plan: the list of segments to map, already moved by the load
 * bias and proven to fit in user space, plus the values the initial stack
 * needs (entry point, where the program headers are in memory).  The
 * loader then works only from the plan and cannot be fooled by the file.
 *
 * Accepted: ELF64, little-endian, x86-64, OS ABI System V or GNU, either a
 * static ET_EXEC or a static-PIE (ET_DYN without PT_INTERP).  Anything with
 * a PT_INTERP needs a dynamic linker, which Portcullis does not have.
 *
 * Pure C with no kernel dependencies: unit-tested and fuzzed on the host.
 */
#ifndef KERNEL_EXEC_ELF_H
#define KERNEL_EXEC_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/exec/elf64.h"

/* One past the highest user address: the lower canonical half of 48-bit
 * paging.  Every segment, and the user stack, lies below it. */
#define EXEC_USER_END 0x0000800000000000ull

/* No segment may start below this.  Keeping the first 64 KiB unmapped
 * makes a NULL pointer (plus a small offset) fault; Linux's default
 * mmap_min_addr is the same. */
#define EXEC_USER_MIN 0x10000ull

/* Where a static-PIE's lowest page goes.  4 MiB is a multiple of every
 * p_align real linkers use (4 KiB, 2 MiB), and is where ET_EXEC files are
 * traditionally linked, so both kinds look alike in a memory map. */
#define ELF_DYN_BASE 0x400000ull

#define ELF_PAGE_SIZE 4096ull

/* Limits of the fixed-size tables below (not of the format).  Real static
 * executables have about 10 program headers and 4 PT_LOADs. */
#define ELF_MAX_PHDRS	 64
#define ELF_MAX_SEGMENTS 16

/* A PT_LOAD segment, with the load bias already added. */
struct elf_segment {
	uint64_t vaddr;	 /* first byte in memory; not page aligned */
	uint64_t memsz;	 /* > 0 */
	uint64_t offset; /* first byte in the file */
	uint64_t filesz; /* <= memsz; the rest up to memsz is zeroed */
	uint32_t flags;	 /* PF_R | PF_W | PF_X; other bits cleared */
};

/* Things that are allowed but worth knowing (struct elf_plan.notes). */
#define ELF_NOTE_NO_PHDR_ADDR 0x1 /* headers not in memory: phdr_addr 0 */
#define ELF_NOTE_EXEC_STACK   0x2 /* PT_GNU_STACK asks for PF_X */
#define ELF_NOTE_NO_GNU_STACK 0x4 /* no PT_GNU_STACK at all */
#define ELF_NOTE_WX_SEGMENT   0x8 /* a PT_LOAD is both writable and code */

/*
 * Invariants, for every successful plan:
 *  - 1 <= nsegments <= ELF_MAX_SEGMENTS;
 *  - each segment: offset + filesz <= file size, filesz <= memsz,
 *    memsz > 0, vaddr % 4096 == offset % 4096,
 *    EXEC_USER_MIN <= vaddr and vaddr + memsz <= EXEC_USER_END;
 *  - segments are in ascending order and no two touch the same page:
 *    page_down(s[i + 1].vaddr) >= page_up(s[i].vaddr + s[i].memsz),
 *    so every user page belongs to exactly one segment and gets exactly
 *    one set of permissions;
 *  - entry lies inside a segment that has PF_X;
 *  - image_end == page_up(end of the last segment) <= EXEC_USER_END.
 */
struct elf_plan {
	uint64_t load_bias; /* added to every p_vaddr; 0 for ET_EXEC */
	uint64_t entry;	    /* e_entry + load_bias */
	uint64_t image_end; /* page after the last segment: where brk starts */

	/* For the auxiliary vector (AT_PHDR, AT_PHENT, AT_PHNUM). */
	uint64_t phdr_addr; /* 0 when unknown (see ELF_NOTE_NO_PHDR_ADDR) */
	uint16_t phent;
	uint16_t phnum;

	uint16_t type;	/* ET_EXEC or ET_DYN */
	unsigned notes; /* ELF_NOTE_* */

	/* PT_TLS, recorded but not acted on: a static program's startup
	 * code copies the template itself and sets FS with arch_prctl. */
	bool has_tls;
	uint64_t tls_vaddr; /* biased; inside a segment's file-backed part */
	uint64_t tls_filesz;
	uint64_t tls_memsz;
	uint64_t tls_align;

	size_t nsegments;
	struct elf_segment segments[ELF_MAX_SEGMENTS];
};

/*
 * Checks the `size`-byte ELF file at `image` and fills *out.  `image` may
 * have any alignment; at most `size` bytes of it are read.
 * Returns 0, or:
 *   -ENOEXEC  not an executable Portcullis can run (malformed, hostile,
 *             wrong machine, dynamically linked, ...);
 *   -E2BIG    well-formed but beyond ELF_MAX_PHDRS or ELF_MAX_SEGMENTS;
 *   -EINVAL   image or out is NULL.
 * On failure *out is zeroed and `why` holds a one-line reason for the
 * user ("program header 2 extends past the end of the file"; headers are
 * numbered from 0 as readelf -l lists them), NUL-terminated and cut to
 * why_size bytes; on success it is "".  `why` may be NULL.
 */
int elf_plan(const void *image, size_t size, struct elf_plan *out, char *why,
	     size_t why_size);

#endif
