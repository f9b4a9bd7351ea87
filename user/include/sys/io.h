/*
 * sys/io.h - x86 port I/O from user mode, with glibc's names and glibc's
 * argument order: outb(VALUE, PORT), the reverse of the kernel's
 * arch/x86_64/x86.h.  Ring 3 may only touch ports that sys_ioperm()
 * granted (or all of them after sys_iopl(3)); any other port raises #GP,
 * which arrives as SIGSEGV.
 *
 * Two encodings exist and the I/O-bitmap tests need both:
 *   inb(port), outb(v, port)            port in DX: "in al, dx" (any port)
 *   inb_imm(PORT), outb_imm(v, PORT)    port in the instruction: "in al,
 *                                       imm8"; PORT must be a constant < 256
 * The string forms (insb, outsw, ...) move count items between a port and
 * memory with REP INS/OUTS.
 */
#ifndef USER_SYS_IO_H
#define USER_SYS_IO_H

#include <stdint.h>

#include <unistd.h> /* sys_ioperm, sys_iopl */

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %w1, %b0" : "=a"(v) : "d"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %w1, %w0" : "=a"(v) : "d"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %w1, %k0" : "=a"(v) : "d"(port));
	return v;
}

static inline void outb(uint8_t value, uint16_t port)
{
	__asm__ volatile("outb %b0, %w1" : : "a"(value), "d"(port));
}

static inline void outw(uint16_t value, uint16_t port)
{
	__asm__ volatile("outw %w0, %w1" : : "a"(value), "d"(port));
}

static inline void outl(uint32_t value, uint16_t port)
{
	__asm__ volatile("outl %k0, %w1" : : "a"(value), "d"(port));
}

/*
 * Immediate-port forms.  These must be macros: the "N" constraint needs a
 * compile-time constant, which a function parameter is not (at -O0).
 */
#define inb_imm(port)                                                   \
	({                                                              \
		uint8_t v_;                                             \
		__asm__ volatile("inb %1, %b0" : "=a"(v_) : "N"(port)); \
		v_;                                                     \
	})
#define inw_imm(port)                                                   \
	({                                                              \
		uint16_t v_;                                            \
		__asm__ volatile("inw %1, %w0" : "=a"(v_) : "N"(port)); \
		v_;                                                     \
	})
#define inl_imm(port)                                                   \
	({                                                              \
		uint32_t v_;                                            \
		__asm__ volatile("inl %1, %k0" : "=a"(v_) : "N"(port)); \
		v_;                                                     \
	})
#define outb_imm(value, port) \
	__asm__ volatile("outb %b0, %1" : : "a"((uint8_t)(value)), "N"(port))
#define outw_imm(value, port) \
	__asm__ volatile("outw %w0, %1" : : "a"((uint16_t)(value)), "N"(port))
#define outl_imm(value, port) \
	__asm__ volatile("outl %k0, %1" : : "a"((uint32_t)(value)), "N"(port))

/*
 * String forms.  The ABI guarantees DF = 0 at function boundaries, so
 * REP INS/OUTS walk memory upwards without an explicit CLD.
 */
static inline void insb(uint16_t port, void *addr, unsigned long count)
{
	__asm__ volatile("rep insb"
			 : "+D"(addr), "+c"(count)
			 : "d"(port)
			 : "memory");
}

static inline void insw(uint16_t port, void *addr, unsigned long count)
{
	__asm__ volatile("rep insw"
			 : "+D"(addr), "+c"(count)
			 : "d"(port)
			 : "memory");
}

static inline void insl(uint16_t port, void *addr, unsigned long count)
{
	__asm__ volatile("rep insl"
			 : "+D"(addr), "+c"(count)
			 : "d"(port)
			 : "memory");
}

static inline void outsb(uint16_t port, const void *addr, unsigned long count)
{
	__asm__ volatile("rep outsb"
			 : "+S"(addr), "+c"(count)
			 : "d"(port)
			 : "memory");
}

static inline void outsw(uint16_t port, const void *addr, unsigned long count)
{
	__asm__ volatile("rep outsw"
			 : "+S"(addr), "+c"(count)
			 : "d"(port)
			 : "memory");
}

static inline void outsl(uint16_t port, const void *addr, unsigned long count)
{
	__asm__ volatile("rep outsl"
			 : "+S"(addr), "+c"(count)
			 : "d"(port)
			 : "memory");
}

#endif
