/*
 * user_fault_decode.h - turning what the CPU reports about a ring-3 fault
 * into signal details and words for the kill report.  Pure functions (no
 * hardware, no kernel state), so the host tests cover them; user_fault.c
 * feeds them the bytes and registers.
 */
#ifndef ARCH_X86_64_USER_FAULT_DECODE_H
#define ARCH_X86_64_USER_FAULT_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest legal encoding; anything longer raises #GP (SDM vol. 2). */
#define X86_MAX_INSN_LEN 15

/* The instructions that fault with #GP in ring 3 because the process lacks
 * I/O privilege: port I/O without permission in the TSS bitmap, and CLI,
 * STI and HLT, which a would-be driver tends to try next. */
enum priv_insn_kind {
	PRIV_INSN_NONE, /* not one of these */
	PRIV_INSN_IN,	/* in  imm8 / dx -> al, ax, eax */
	PRIV_INSN_OUT,	/* out al, ax, eax -> imm8 / dx */
	PRIV_INSN_INS,	/* ins:  port dx -> [rdi] */
	PRIV_INSN_OUTS, /* outs: [rsi] -> port dx */
	PRIV_INSN_CLI,
	PRIV_INSN_STI,
	PRIV_INSN_HLT,
};

struct priv_insn {
	enum priv_insn_kind kind;
	unsigned width;	  /* port I/O: 1, 2 or 4 bytes; 0 otherwise */
	bool port_in_dx;  /* port I/O: the port is dx, not an immediate */
	uint8_t imm_port; /* the imm8 forms' port */
	bool rep;	  /* an 0xf3/0xf2 prefix (meaningful for ins/outs) */
	unsigned length;  /* bytes, prefixes included */
};

/* Decodes the instruction starting at code[0]; len is how many bytes could
 * be read (up to X86_MAX_INSN_LEN).  Returns false, with kind
 * PRIV_INSN_NONE, when it is not one of the instructions above or is
 * truncated. */
bool priv_insn_decode(const uint8_t *code, size_t len, struct priv_insn *out);

/* The port a decoded port instruction uses, given the faulting rdx. */
unsigned priv_insn_port(const struct priv_insn *insn, uint64_t rdx);

static inline bool priv_insn_is_port_io(const struct priv_insn *insn)
{
	return insn->kind >= PRIV_INSN_IN && insn->kind <= PRIV_INSN_OUTS;
}

/* Writes "outb to port 0x3f8", "rep insw from port 0x1f0", "cli" (GNU
 * mnemonics: b/w/l for 1/2/4 bytes).  snprintf semantics. */
int priv_insn_describe(const struct priv_insn *insn, unsigned port, char *buf,
		       size_t size);

/* The #PF error code in words, e.g. 0x6 -> "not-present write user"
 * (SDM vol. 3, 4.7).  snprintf semantics. */
int page_fault_error_describe(uint64_t error, char *buf, size_t size);

/* SIGFPE's si_code for unmasked floating-point exceptions.  errors holds
 * the exception flags that are set and not masked, in the common bit
 * order of the x87 status word and MXCSR (IE DE ZE OE UE PE = bits 0-5).
 * Returns 0 when no flag is set. */
int fpu_exception_si_code(unsigned errors);

/* The unmasked exception flags of an x87 status and control word... */
static inline unsigned x87_unmasked_errors(uint16_t fsw, uint16_t fcw)
{
	return fsw & ~fcw & 0x3fu;
}

/* ...and of MXCSR (flags in bits 0-5, masks in bits 7-12). */
static inline unsigned mxcsr_unmasked_errors(uint32_t mxcsr)
{
	return mxcsr & ~(mxcsr >> 7) & 0x3fu;
}

#endif
