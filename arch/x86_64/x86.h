/*
 * x86.h - one small, documented wrapper per privileged x86 instruction.
 *
 * This is the only header with inline assembly that C code outside arch/
 * may reach (indirectly, through arch-provided functions).  Each wrapper is
 * a single instruction so that the C code reads like the SDM.  "memory"
 * clobbers are there when the instruction orders memory accesses or changes
 * how memory is translated, so the compiler neither caches nor reorders
 * loads and stores across it.
 */
#ifndef ARCH_X86_64_X86_H
#define ARCH_X86_64_X86_H

#include <stdint.h>

/* ---- port I/O --------------------------------------------------------- */

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/* A write to port 0x80 (the POST code port) takes about 1 us on real
 * hardware: the classic delay between accesses to slow ISA devices (PIC). */
static inline void io_wait(void)
{
	outb(0x80, 0);
}

/* ---- model-specific registers ----------------------------------------- */

#define MSR_EFER	   0xc0000080u
#define MSR_STAR	   0xc0000081u
#define MSR_LSTAR	   0xc0000082u
#define MSR_FMASK	   0xc0000084u
#define MSR_FS_BASE	   0xc0000100u
#define MSR_GS_BASE	   0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u

#define EFER_SCE (1u << 0)  /* SYSCALL/SYSRET enable */
#define EFER_LME (1u << 8)  /* long mode enable */
#define EFER_NXE (1u << 11) /* no-execute page bit enable */

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

/* ---- control registers -------------------------------------------------- */

#define CR0_PE (1ul << 0)
#define CR0_MP (1ul << 1)
#define CR0_EM (1ul << 2)
#define CR0_TS (1ul << 3)
#define CR0_NE (1ul << 5)
#define CR0_WP (1ul << 16)
#define CR0_AM (1ul << 18)
#define CR0_PG (1ul << 31)

#define CR4_PAE	       (1ul << 5)
#define CR4_PGE	       (1ul << 7)
#define CR4_OSFXSR     (1ul << 9)
#define CR4_OSXMMEXCPT (1ul << 10)
#define CR4_FSGSBASE   (1ul << 16)
#define CR4_OSXSAVE    (1ul << 18)
#define CR4_SMEP       (1ul << 20)
#define CR4_SMAP       (1ul << 21)

#define DEFINE_CR_ACCESSORS(n)                                             \
	static inline uint64_t read_cr##n(void)                            \
	{                                                                  \
		uint64_t v;                                                \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));          \
		return v;                                                  \
	}                                                                  \
	static inline void write_cr##n(uint64_t v)                         \
	{                                                                  \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

/* ---- flags and interrupts ----------------------------------------------- */

#define RFLAGS_CF	 (1ul << 0)
#define RFLAGS_IF	 (1ul << 9)
#define RFLAGS_DF	 (1ul << 10)
#define RFLAGS_IOPL_MASK (3ul << 12)
#define RFLAGS_NT	 (1ul << 14)
#define RFLAGS_RF	 (1ul << 16)
#define RFLAGS_AC	 (1ul << 18)
#define RFLAGS_ID	 (1ul << 21)

static inline uint64_t read_rflags(void)
{
	uint64_t v;
	__asm__ volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

static inline void cli(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline void sti(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static inline void hlt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

/* sti; hlt: STI's one-instruction interrupt shadow means an interrupt that
 * is already pending wakes the HLT instead of slipping in before it. */
static inline void sti_hlt(void)
{
	__asm__ volatile("sti; hlt" ::: "memory");
}

static inline void pause(void)
{
	__asm__ volatile("pause");
}

/* ---- descriptor tables -------------------------------------------------- */

struct __attribute__((packed)) descriptor_pointer {
	uint16_t limit;
	uint64_t base;
};

static inline void lgdt(const struct descriptor_pointer *p)
{
	__asm__ volatile("lgdt %0" : : "m"(*p) : "memory");
}

static inline void lidt(const struct descriptor_pointer *p)
{
	__asm__ volatile("lidt %0" : : "m"(*p) : "memory");
}

static inline void ltr(uint16_t selector)
{
	__asm__ volatile("ltr %0" : : "rm"(selector) : "memory");
}

static inline uint16_t str(void)
{
	uint16_t sel;
	__asm__ volatile("str %0" : "=rm"(sel));
	return sel;
}

static inline void sidt(struct descriptor_pointer *p)
{
	__asm__ volatile("sidt %0" : "=m"(*p));
}

/* Where the CPU's GDT is now (the monitor reads it back). */
static inline void sgdt(struct descriptor_pointer *p)
{
	__asm__ volatile("sgdt %0" : "=m"(*p));
}

/* ---- paging ------------------------------------------------------------- */

static inline void invlpg(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* ---- CPU identification and time ---------------------------------------- */

static inline void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *a,
			 uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid"
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(subleaf));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* ---- frame pointer (for backtraces) ------------------------------------- */

static inline uint64_t read_rbp(void)
{
	uint64_t v;
	__asm__ volatile("mov %%rbp, %0" : "=r"(v));
	return v;
}

#endif
