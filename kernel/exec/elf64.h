/*
 * elf64.h - the ELF64 file header and program header, as the System V gABI
 * defines them, plus the constants Portcullis's loader looks at.
 *
 * An executable file starts with an Elf64_Ehdr.  It says where the program
 * header table lies (e_phoff, e_phnum entries of e_phentsize bytes); each
 * Elf64_Phdr describes one segment, and the PT_LOAD ones are what a loader
 * maps: p_filesz bytes from file offset p_offset at virtual address
 * p_vaddr, followed by zeros up to p_memsz.  Section headers exist only for
 * linkers and debuggers, so a loader never reads them and they are absent
 * here.
 *
 * Read: System V ABI "gABI" chapters 4 (object files) and 5 (program
 * loading), and the x86-64 psABI, which fixes e_machine and the page size.
 * Everything is little-endian on x86-64; see elf.c for how that is checked.
 */
#ifndef KERNEL_EXEC_ELF64_H
#define KERNEL_EXEC_ELF64_H

#include <stdint.h>

typedef uint64_t Elf64_Addr;
typedef uint64_t Elf64_Off;
typedef uint16_t Elf64_Half;
typedef uint32_t Elf64_Word;
typedef int32_t Elf64_Sword;
typedef uint64_t Elf64_Xword;
typedef int64_t Elf64_Sxword;

/* e_ident[]: the first 16 bytes, readable before the class is known. */
#define EI_MAG0	      0
#define EI_MAG1	      1
#define EI_MAG2	      2
#define EI_MAG3	      3
#define EI_CLASS      4 /* word size: ELFCLASS32 or ELFCLASS64 */
#define EI_DATA	      5 /* byte order */
#define EI_VERSION    6 /* must be EV_CURRENT */
#define EI_OSABI      7
#define EI_ABIVERSION 8
#define EI_PAD	      9 /* zero up to EI_NIDENT */
#define EI_NIDENT     16

#define ELFMAG0 0x7f
#define ELFMAG1 'E'
#define ELFMAG2 'L'
#define ELFMAG3 'F'

#define ELFCLASS32  1
#define ELFCLASS64  2
#define ELFDATA2LSB 1 /* little-endian */
#define ELFDATA2MSB 2 /* big-endian */
#define EV_CURRENT  1

#define ELFOSABI_SYSV 0 /* "none": plain System V, what most linkers write */
#define ELFOSABI_GNU  3 /* a.k.a. ELFOSABI_LINUX: uses GNU extensions */

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	Elf64_Half e_type;	/* ET_EXEC, ET_DYN, ... */
	Elf64_Half e_machine;	/* EM_X86_64 */
	Elf64_Word e_version;	/* EV_CURRENT */
	Elf64_Addr e_entry;	/* virtual address of the first instruction */
	Elf64_Off e_phoff;	/* file offset of the program header table */
	Elf64_Off e_shoff;	/* file offset of the section header table */
	Elf64_Word e_flags;	/* processor-specific; none on x86-64 */
	Elf64_Half e_ehsize;	/* sizeof(Elf64_Ehdr) */
	Elf64_Half e_phentsize; /* sizeof(Elf64_Phdr) */
	Elf64_Half e_phnum;	/* PN_XNUM: the real count is elsewhere */
	Elf64_Half e_shentsize;
	Elf64_Half e_shnum;
	Elf64_Half e_shstrndx;
} Elf64_Ehdr;

/* e_type */
#define ET_NONE 0
#define ET_REL	1 /* relocatable object (.o): not runnable */
#define ET_EXEC 2 /* executable at fixed addresses */
#define ET_DYN	3 /* shared object, PIE or static-PIE: any address */
#define ET_CORE 4 /* core dump */

/* e_machine */
#define EM_X86_64 62

/* e_phnum value meaning "more than 0xfffe; see section header 0". */
#define PN_XNUM 0xffff

typedef struct {
	Elf64_Word p_type;    /* PT_LOAD, ... */
	Elf64_Word p_flags;   /* PF_R | PF_W | PF_X */
	Elf64_Off p_offset;   /* where the segment's bytes start in the file */
	Elf64_Addr p_vaddr;   /* where they go in memory */
	Elf64_Addr p_paddr;   /* physical address: unused by loaders */
	Elf64_Xword p_filesz; /* bytes taken from the file */
	Elf64_Xword p_memsz;  /* bytes in memory; the rest is zeroed (.bss) */
	Elf64_Xword p_align;  /* 0 or 1: none; else a power of two */
} Elf64_Phdr;

/* p_type */
#define PT_NULL		0
#define PT_LOAD		1 /* map this segment */
#define PT_DYNAMIC	2 /* dynamic linking table */
#define PT_INTERP	3 /* path of the dynamic linker to run instead */
#define PT_NOTE		4
#define PT_SHLIB	5 /* reserved, meaning unspecified */
#define PT_PHDR		6 /* where the program header table itself is mapped */
#define PT_TLS		7 /* template for thread-local storage */
#define PT_GNU_EH_FRAME 0x6474e550
#define PT_GNU_STACK	0x6474e551 /* p_flags: permissions the stack wants */
#define PT_GNU_RELRO	0x6474e552
#define PT_GNU_PROPERTY 0x6474e553

/* p_flags */
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/* The layouts are fixed by the gABI; a padding surprise would misread
 * every field after it. */
_Static_assert(sizeof(Elf64_Ehdr) == 64, "Elf64_Ehdr is 64 bytes");
_Static_assert(sizeof(Elf64_Phdr) == 56, "Elf64_Phdr is 56 bytes");

#endif
