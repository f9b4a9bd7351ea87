/*
 * elf.c - elf_plan(): from an untrusted ELF file to a load plan that is
 * safe to carry out.
 *
 * The checks run in the order a reader would ask the questions: is this an
 * ELF file at all, is it one for this machine, where are its program
 * headers, and then, header by header, does each PT_LOAD fit in the file
 * and in user space without touching its neighbours.  Only after that are
 * the addresses that point *into* the segments (entry point, PT_PHDR,
 * PT_TLS) checked, still as linked, and finally the load bias is added.
 * The first failed check names itself in `why` and ends the walk.
 *
 * Fields are never read through a pointer into the file: the header and
 * each program header are copied into local structs first, so a file at
 * an odd address or one shorter than it claims cannot cause a misaligned
 * or out-of-bounds load.  Every "offset + length" is checked in the form
 * "length <= size - offset" after "offset <= size", which cannot overflow.
 */
#include "kernel/exec/elf.h"

#include <stdarg.h>

#include "kernel/errno.h"
#include "kernel/format.h"
#include "kernel/lib/string.h"

/* Copying file bytes into Elf64_* structs reads multi-byte fields in host
 * order; only ELFDATA2LSB files are accepted, so the host must match. */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "elf.c assumes a little-endian machine"
#endif

#define NO_PHDR_INDEX (-1)

struct elf_check {
	const uint8_t *file;
	size_t size;
	Elf64_Ehdr eh;		  /* valid once check_header() succeeded */
	uint64_t phdr_table_size; /* e_phnum * e_phentsize, at most 3584 */
	struct elf_plan *plan;
	char *why;
	size_t why_size;
};

/* Writes the reason, prefixed "program header <index> " (numbered from 0,
 * as readelf -l lists them) unless index is NO_PHDR_INDEX. */
static int vreject(struct elf_check *c, int err, int index, const char *fmt,
		   va_list ap)
{
	size_t used = 0;

	if (c->why_size == 0) /* elf_plan() made it 0 when why is NULL */
		return err;
	if (index != NO_PHDR_INDEX)
		used = (size_t)ksnprintf(c->why, c->why_size,
					 "program header %d ", index);
	if (used < c->why_size)
		kvsnprintf(c->why + used, c->why_size - used, fmt, ap);
	return err;
}

/* All three return their error code, so a check reads
 * "return reject(c, "...")". */
static int reject(struct elf_check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int reject_phdr(struct elf_check *c, unsigned index, const char *fmt,
		       ...) __attribute__((format(printf, 3, 4)));
static int reject_too_big(struct elf_check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int reject(struct elf_check *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int err = vreject(c, -ENOEXEC, NO_PHDR_INDEX, fmt, ap);
	va_end(ap);
	return err;
}

static int reject_phdr(struct elf_check *c, unsigned index, const char *fmt,
		       ...)
{
	va_list ap;

	va_start(ap, fmt);
	int err = vreject(c, -ENOEXEC, (int)index, fmt, ap);
	va_end(ap);
	return err;
}

/* For files that are fine but exceed our fixed-size tables. */
static int reject_too_big(struct elf_check *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int err = vreject(c, -E2BIG, NO_PHDR_INDEX, fmt, ap);
	va_end(ap);
	return err;
}

static uint64_t page_down(uint64_t addr)
{
	return addr & ~(ELF_PAGE_SIZE - 1);
}

/* Only called on addresses <= EXEC_USER_END, so it cannot wrap. */
static uint64_t page_up(uint64_t addr)
{
	return page_down(addr + ELF_PAGE_SIZE - 1);
}

static bool is_power_of_two(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* True when [offset, offset + length) lies within the first size bytes. */
static bool fits_in(uint64_t offset, uint64_t length, uint64_t size)
{
	return offset <= size && length <= size - offset;
}

static int check_ident(struct elf_check *c)
{
	const uint8_t *id = c->file;

	if (c->size < EI_NIDENT || id[EI_MAG0] != ELFMAG0 ||
	    id[EI_MAG1] != ELFMAG1 || id[EI_MAG2] != ELFMAG2 ||
	    id[EI_MAG3] != ELFMAG3)
		return reject(c, "not an ELF file (bad magic number)");
	if (id[EI_CLASS] == ELFCLASS32)
		return reject(c, "32-bit ELF: Portcullis runs 64-bit programs");
	if (id[EI_CLASS] != ELFCLASS64)
		return reject(c, "unknown ELF class %u", id[EI_CLASS]);
	if (id[EI_DATA] == ELFDATA2MSB)
		return reject(c, "big-endian ELF: x86-64 is little-endian");
	if (id[EI_DATA] != ELFDATA2LSB)
		return reject(c, "unknown ELF byte order %u", id[EI_DATA]);
	if (id[EI_VERSION] != EV_CURRENT)
		return reject(c, "unknown ELF version %u", id[EI_VERSION]);
	if (id[EI_OSABI] != ELFOSABI_SYSV && id[EI_OSABI] != ELFOSABI_GNU)
		return reject(c, "OS ABI %u is neither System V nor GNU/Linux",
			      id[EI_OSABI]);
	return 0;
}

static int check_header(struct elf_check *c)
{
	const Elf64_Ehdr *eh = &c->eh;

	if (c->size < sizeof(Elf64_Ehdr))
		return reject(c, "file too short for an ELF header");
	memcpy(&c->eh, c->file, sizeof(Elf64_Ehdr));

	if (eh->e_type == ET_REL)
		return reject(c, "relocatable object (.o), not an executable");
	if (eh->e_type == ET_CORE)
		return reject(c, "core dump, not an executable");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return reject(c, "ELF type %u is not an executable",
			      eh->e_type);
	if (eh->e_machine != EM_X86_64)
		return reject(c, "not x86-64 (e_machine %u)", eh->e_machine);
	if (eh->e_version != EV_CURRENT)
		return reject(c, "unknown ELF version %u", eh->e_version);
	if (eh->e_ehsize != sizeof(Elf64_Ehdr))
		return reject(c, "ELF header size %u, expected %zu",
			      eh->e_ehsize, sizeof(Elf64_Ehdr));
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return reject(c, "program header size %u, expected %zu",
			      eh->e_phentsize, sizeof(Elf64_Phdr));
	if (eh->e_phnum == 0)
		return reject(c, "no program headers");
	/* This also refuses PN_XNUM, whose real count we would have to
	 * fetch from a section header. */
	if (eh->e_phnum > ELF_MAX_PHDRS)
		return reject_too_big(c,
				      "%u program headers; at most %d allowed",
				      eh->e_phnum, ELF_MAX_PHDRS);
	/* User startup code reads its program headers through AT_PHDR as
	 * an array of structs, so they must be naturally aligned. */
	if (eh->e_phoff % 8 != 0)
		return reject(c, "program header table is not 8-byte aligned");
	if (eh->e_phoff < sizeof(Elf64_Ehdr))
		return reject(c,
			      "program header table overlaps the ELF header");

	/* Both factors are 16-bit and bounded above, so no overflow. */
	c->phdr_table_size = (uint64_t)eh->e_phnum * eh->e_phentsize;
	if (!fits_in(eh->e_phoff, c->phdr_table_size, c->size))
		return reject(
		    c, "program header table extends past the end of the file");
	return 0;
}

/* Checks one PT_LOAD on its own; add_load_segment() checks neighbours. */
static int check_load(struct elf_check *c, unsigned i, const Elf64_Phdr *ph)
{
	if (ph->p_memsz == 0)
		return reject_phdr(c, i, "is an empty PT_LOAD");
	if (!fits_in(ph->p_offset, ph->p_filesz, c->size))
		return reject_phdr(c, i, "extends past the end of the file");
	if (ph->p_filesz > ph->p_memsz)
		return reject_phdr(c, i, "has p_filesz > p_memsz");
	if (ph->p_align > 1 && !is_power_of_two(ph->p_align))
		return reject_phdr(c, i,
				   "has p_align 0x%lx, not a power of two",
				   (unsigned long)ph->p_align);
	/*
	 * A page of the file must become a page of memory, so p_vaddr and
	 * p_offset need the same offset within a page (and within p_align,
	 * as the gABI demands).  The subtraction may wrap, but 2^64 is a
	 * multiple of every power of two, so the remainder is still right.
	 */
	uint64_t skew = ph->p_vaddr - ph->p_offset;

	if (skew % ELF_PAGE_SIZE != 0)
		return reject_phdr(
		    c, i,
		    "has p_vaddr and p_offset at different offsets in a page");
	if (ph->p_align > 1 && skew % ph->p_align != 0)
		return reject_phdr(
		    c, i,
		    "has p_vaddr and p_offset not congruent modulo p_align");
	if (ph->p_vaddr > UINT64_MAX - ph->p_memsz)
		return reject_phdr(c, i, "wraps around the address space");
	if (ph->p_vaddr + ph->p_memsz > EXEC_USER_END)
		return reject_phdr(c, i,
				   "lies outside user space (ends at 0x%lx)",
				   (unsigned long)(ph->p_vaddr + ph->p_memsz));
	return 0;
}

static int add_load_segment(struct elf_check *c, unsigned i,
			    const Elf64_Phdr *ph)
{
	struct elf_plan *plan = c->plan;
	int err = check_load(c, i, ph);

	if (err != 0)
		return err;
	if (plan->nsegments == ELF_MAX_SEGMENTS)
		return reject_too_big(c, "more than %d PT_LOAD segments",
				      ELF_MAX_SEGMENTS);
	if (plan->nsegments > 0) {
		const struct elf_segment *prev =
		    &plan->segments[plan->nsegments - 1];

		if (ph->p_vaddr < prev->vaddr)
			return reject_phdr(c, i,
					   "starts below the previous PT_LOAD "
					   "(they must be sorted)");
		/* Invariant (see elf.h): no page is shared by two
		 * segments, so each page has one set of permissions. */
		if (page_down(ph->p_vaddr) < page_up(prev->vaddr + prev->memsz))
			return reject_phdr(c, i,
					   "overlaps the previous PT_LOAD "
					   "(they share a page)");
	}

	struct elf_segment *seg = &plan->segments[plan->nsegments++];

	seg->vaddr = ph->p_vaddr;
	seg->memsz = ph->p_memsz;
	seg->offset = ph->p_offset;
	seg->filesz = ph->p_filesz;
	seg->flags = ph->p_flags & (PF_R | PF_W | PF_X);
	if ((seg->flags & (PF_W | PF_X)) == (PF_W | PF_X))
		plan->notes |= ELF_NOTE_WX_SEGMENT;
	return 0;
}

static int record_tls(struct elf_check *c, const Elf64_Phdr *ph)
{
	struct elf_plan *plan = c->plan;

	if (plan->has_tls)
		return reject(c, "more than one PT_TLS header");
	if (ph->p_filesz > ph->p_memsz)
		return reject(c, "PT_TLS has p_filesz > p_memsz");
	if (ph->p_align > 1 && !is_power_of_two(ph->p_align))
		return reject(c, "PT_TLS alignment is not a power of two");
	plan->has_tls = true;
	plan->tls_vaddr = ph->p_vaddr;
	plan->tls_filesz = ph->p_filesz;
	plan->tls_memsz = ph->p_memsz;
	plan->tls_align = ph->p_align;
	return 0;
}

/* One pass over the program headers.  PT_PHDR's address is returned
 * through *phdr_vaddr (UINT64_MAX when absent) for a later check. */
static int scan_phdrs(struct elf_check *c, uint64_t *phdr_vaddr)
{
	struct elf_plan *plan = c->plan;
	bool saw_gnu_stack = false;
	int err = 0;

	*phdr_vaddr = UINT64_MAX;
	for (unsigned i = 0; i < c->eh.e_phnum && err == 0; i++) {
		Elf64_Phdr ph;

		/* check_header() proved the whole table is in the file. */
		memcpy(&ph, c->file + c->eh.e_phoff + i * sizeof(ph),
		       sizeof(ph));
		switch (ph.p_type) {
		case PT_LOAD:
			err = add_load_segment(c, i, &ph);
			break;
		case PT_INTERP:
			return reject(c, "dynamically linked: Portcullis runs "
					 "static executables only");
		case PT_PHDR:
			*phdr_vaddr = ph.p_vaddr;
			break;
		case PT_TLS:
			err = record_tls(c, &ph);
			break;
		case PT_GNU_STACK:
			saw_gnu_stack = true;
			if (ph.p_flags & PF_X)
				plan->notes |= ELF_NOTE_EXEC_STACK;
			break;
		default:
			/* PT_NOTE, PT_DYNAMIC (a static-PIE relocates
			 * itself), PT_GNU_RELRO, ...: nothing for us. */
			break;
		}
	}
	if (err != 0)
		return err;
	if (!saw_gnu_stack)
		plan->notes |= ELF_NOTE_NO_GNU_STACK;
	if (plan->nsegments == 0)
		return reject(c, "no PT_LOAD segment: nothing to load");
	return 0;
}

/* The segment holding [addr, addr + len), counting only its first filesz
 * bytes when from_file is set (for data that must come from the file). */
static const struct elf_segment *find_segment(const struct elf_plan *plan,
					      uint64_t addr, uint64_t len,
					      bool from_file)
{
	for (size_t i = 0; i < plan->nsegments; i++) {
		const struct elf_segment *seg = &plan->segments[i];

		if (addr >= seg->vaddr &&
		    fits_in(addr - seg->vaddr, len,
			    from_file ? seg->filesz : seg->memsz))
			return seg;
	}
	return NULL;
}

/* Where the loaded program headers are, for AT_PHDR.  Sets the
 * ELF_NOTE_NO_PHDR_ADDR note when they are nowhere in memory. */
static int find_phdrs(struct elf_check *c, uint64_t phdr_vaddr)
{
	struct elf_plan *plan = c->plan;
	const struct elf_segment *seg;

	if (phdr_vaddr != UINT64_MAX) {
		/* PT_PHDR must name the table's own bytes as loaded. */
		seg = find_segment(plan, phdr_vaddr, c->phdr_table_size, true);
		if (seg == NULL ||
		    seg->offset + (phdr_vaddr - seg->vaddr) != c->eh.e_phoff)
			return reject(c, "PT_PHDR does not point at the loaded "
					 "program header table");
		plan->phdr_addr = phdr_vaddr;
		return 0;
	}
	/* No PT_PHDR (usual for non-PIE): look for the file bytes. */
	for (size_t i = 0; i < plan->nsegments; i++) {
		seg = &plan->segments[i];
		uint64_t offset_in_seg = c->eh.e_phoff - seg->offset;

		if (c->eh.e_phoff >= seg->offset &&
		    fits_in(offset_in_seg, c->phdr_table_size, seg->filesz)) {
			plan->phdr_addr = seg->vaddr + offset_in_seg;
			return 0;
		}
	}
	plan->notes |= ELF_NOTE_NO_PHDR_ADDR;
	return 0;
}

/* Addresses pointing into the segments, still as linked (unbiased). */
static int check_inner_addresses(struct elf_check *c, uint64_t phdr_vaddr)
{
	struct elf_plan *plan = c->plan;
	const struct elf_segment *seg;

	seg = find_segment(plan, c->eh.e_entry, 1, false);
	if (seg == NULL || !(seg->flags & PF_X))
		return reject(
		    c, "entry point 0x%lx is not inside an executable PT_LOAD",
		    (unsigned long)c->eh.e_entry);
	if (plan->has_tls &&
	    find_segment(plan, plan->tls_vaddr, plan->tls_filesz, true) == NULL)
		return reject(c,
			      "PT_TLS template is not inside a loaded segment");
	return find_phdrs(c, phdr_vaddr);
}

/*
 * Picks the load bias and moves everything by it.  ET_EXEC runs where it
 * was linked.  A static-PIE is linked at 0 and slides so its lowest page
 * lands at ELF_DYN_BASE; one linked higher than that stays put, which
 * keeps the bias non-negative.  No randomisation: a teaching kernel wants
 * the same addresses in every run.
 */
static int apply_bias(struct elf_check *c)
{
	struct elf_plan *plan = c->plan;
	struct elf_segment *first = &plan->segments[0];
	struct elf_segment *last = &plan->segments[plan->nsegments - 1];
	uint64_t bias = 0;

	if (c->eh.e_type == ET_DYN && page_down(first->vaddr) < ELF_DYN_BASE)
		bias = ELF_DYN_BASE - page_down(first->vaddr);

	/* The last segment ends highest (they are sorted) and ended below
	 * EXEC_USER_END before, so with bias <= 4 MiB this cannot wrap. */
	if (last->vaddr + last->memsz + bias > EXEC_USER_END)
		return reject(c,
			      "the image does not fit in user space at 0x%lx",
			      (unsigned long)(page_down(first->vaddr) + bias));
	if (first->vaddr + bias < EXEC_USER_MIN)
		return reject(c,
			      "first PT_LOAD at 0x%lx is inside the unmapped "
			      "first 64 KiB",
			      (unsigned long)first->vaddr);

	for (size_t i = 0; i < plan->nsegments; i++)
		plan->segments[i].vaddr += bias;
	plan->load_bias = bias;
	plan->entry = c->eh.e_entry + bias;
	if (!(plan->notes & ELF_NOTE_NO_PHDR_ADDR))
		plan->phdr_addr += bias;
	if (plan->has_tls)
		plan->tls_vaddr += bias;
	plan->image_end = page_up(last->vaddr + last->memsz);
	return 0;
}

int elf_plan(const void *image, size_t size, struct elf_plan *out, char *why,
	     size_t why_size)
{
	struct elf_check c = {
	    .file = image,
	    .size = size,
	    .plan = out,
	    .why = why,
	    .why_size = why_size,
	};
	uint64_t phdr_vaddr;
	int err;

	if (why == NULL)
		c.why_size = 0;
	if (c.why_size > 0)
		why[0] = '\0';
	if (out == NULL || image == NULL) {
		if (out != NULL)
			memset(out, 0, sizeof(*out));
		if (c.why_size > 0)
			ksnprintf(why, why_size, "no file or no plan");
		return -EINVAL;
	}
	memset(out, 0, sizeof(*out));

	err = check_ident(&c);
	if (err == 0)
		err = check_header(&c);
	if (err == 0)
		err = scan_phdrs(&c, &phdr_vaddr);
	if (err == 0)
		err = check_inner_addresses(&c, phdr_vaddr);
	if (err == 0)
		err = apply_bias(&c);
	if (err != 0) {
		memset(out, 0, sizeof(*out));
		return err;
	}
	out->type = c.eh.e_type;
	out->phent = c.eh.e_phentsize;
	out->phnum = c.eh.e_phnum;
	return 0;
}
