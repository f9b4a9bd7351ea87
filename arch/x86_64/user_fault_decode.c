/*
 * user_fault_decode.c - reading a faulting instruction and the CPU's
 * error words, for signals and the kill report.
 *
 * When a ring-3 IN or OUT is refused, the CPU says only "#GP, error 0":
 * it does not say which instruction, which port or how wide.  A student
 * staring at that needs more, so we look at the bytes at RIP.  We do not
 * need a full x86 decoder, only enough to recognise the few one-byte
 * opcodes that fault for lack of I/O privilege (SDM vol. 2, "IN", "OUT",
 * "INS", "OUTS", "CLI", "STI", "HLT"):
 *
 *   E4 ib / E5 ib   in  al / eax, imm8      EC / ED   in  al / eax, dx
 *   E6 ib / E7 ib   out imm8, al / eax      EE / EF   out dx, al / eax
 *   6C / 6D         ins  byte / dword       6E / 6F   outs byte / dword
 *   FA cli          FB sti                  F4 hlt
 *
 * The odd opcode of each pair is the "v" form: 32-bit, or 16-bit after an
 * 0x66 operand-size prefix.  Before the opcode there may be legacy
 * prefixes (operand size 66, rep F3/F2, segment overrides, address size
 * 67, lock F0) in any order, and at most one effective REX prefix (40-4F),
 * which only counts when it comes last: a legacy prefix after a REX makes
 * the CPU ignore the REX (SDM vol. 2, 2.2.1).  For ordinary instructions
 * REX.W overrides 0x66; port I/O has no 64-bit size, and we report such an
 * encoding as 32-bit.
 *
 * The bytes come from user memory and may be anything: every read is
 * bounds-checked against len, and an instruction cut short by len (a page
 * we could not read, or the 15-byte limit) is simply "not decoded".
 */
#include "arch/x86_64/user_fault_decode.h"
#include "kernel/format.h"
#include "kernel/proc/signal.h"

static bool is_legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0x26:
	case 0x2e:
	case 0x36:
	case 0x3e:
	case 0x64:
	case 0x65:
	case 0x66:
	case 0x67:
	case 0xf0:
	case 0xf2:
	case 0xf3:
		return true;
	default:
		return false;
	}
}

static bool is_rex_prefix(uint8_t b)
{
	return (b & 0xf0) == 0x40;
}

bool priv_insn_decode(const uint8_t *code, size_t len, struct priv_insn *out)
{
	bool operand16 = false, rex_w = false, rep = false;
	size_t i;

	*out = (struct priv_insn){.kind = PRIV_INSN_NONE};
	if (len > X86_MAX_INSN_LEN)
		len = X86_MAX_INSN_LEN;

	for (i = 0; i < len; i++) {
		uint8_t b = code[i];
		if (is_rex_prefix(b)) {
			rex_w = (b & 0x08) != 0;
			continue;
		}
		if (!is_legacy_prefix(b))
			break;
		rex_w = false; /* a REX before a legacy prefix is ignored */
		if (b == 0x66)
			operand16 = true;
		else if (b == 0xf3 || b == 0xf2)
			rep = true;
	}
	if (i >= len)
		return false; /* nothing but prefixes: truncated */

	uint8_t op = code[i++];
	unsigned vwidth = operand16 && !rex_w ? 2 : 4;
	enum priv_insn_kind kind;
	unsigned width = (op & 1) ? vwidth : 1;
	bool has_imm = false;

	switch (op) {
	case 0xe4:
	case 0xe5:
		kind = PRIV_INSN_IN;
		has_imm = true;
		break;
	case 0xe6:
	case 0xe7:
		kind = PRIV_INSN_OUT;
		has_imm = true;
		break;
	case 0xec:
	case 0xed:
		kind = PRIV_INSN_IN;
		break;
	case 0xee:
	case 0xef:
		kind = PRIV_INSN_OUT;
		break;
	case 0x6c:
	case 0x6d:
		kind = PRIV_INSN_INS;
		break;
	case 0x6e:
	case 0x6f:
		kind = PRIV_INSN_OUTS;
		break;
	case 0xfa:
		kind = PRIV_INSN_CLI;
		width = 0;
		break;
	case 0xfb:
		kind = PRIV_INSN_STI;
		width = 0;
		break;
	case 0xf4:
		kind = PRIV_INSN_HLT;
		width = 0;
		break;
	default:
		return false;
	}

	if (has_imm) {
		if (i >= len)
			return false; /* the imm8 is missing */
		out->imm_port = code[i++];
	}
	out->kind = kind;
	out->width = width;
	out->port_in_dx = width && !has_imm;
	out->rep = rep;
	out->length = (unsigned)i;
	return true;
}

unsigned priv_insn_port(const struct priv_insn *insn, uint64_t rdx)
{
	if (!priv_insn_is_port_io(insn))
		return 0;
	return insn->port_in_dx ? (unsigned)(rdx & 0xffff) : insn->imm_port;
}

static char width_suffix(unsigned width)
{
	return width == 1 ? 'b' : width == 2 ? 'w' : 'l';
}

int priv_insn_describe(const struct priv_insn *insn, unsigned port, char *buf,
		       size_t size)
{
	char w = width_suffix(insn->width);
	const char *rep = insn->rep ? "rep " : "";

	switch (insn->kind) {
	case PRIV_INSN_IN:
		return ksnprintf(buf, size, "in%c from port 0x%x", w, port);
	case PRIV_INSN_OUT:
		return ksnprintf(buf, size, "out%c to port 0x%x", w, port);
	case PRIV_INSN_INS:
		return ksnprintf(buf, size, "%sins%c from port 0x%x", rep, w,
				 port);
	case PRIV_INSN_OUTS:
		return ksnprintf(buf, size, "%souts%c to port 0x%x", rep, w,
				 port);
	case PRIV_INSN_CLI:
		return ksnprintf(buf, size, "cli");
	case PRIV_INSN_STI:
		return ksnprintf(buf, size, "sti");
	case PRIV_INSN_HLT:
		return ksnprintf(buf, size, "hlt");
	default:
		return ksnprintf(buf, size, "unknown instruction");
	}
}

/* #PF error code bits (SDM vol. 3, 4.7). */
#define PF_PRESENT	(1u << 0)
#define PF_WRITE	(1u << 1)
#define PF_USER		(1u << 2)
#define PF_RSVD		(1u << 3)
#define PF_FETCH	(1u << 4)
#define PF_PKEY		(1u << 5)
#define PF_SHADOW_STACK (1u << 6)
#define PF_SGX		(1u << 15)

int page_fault_error_describe(uint64_t error, char *buf, size_t size)
{
	const char *access = (error & PF_FETCH)	  ? "fetch"
			     : (error & PF_WRITE) ? "write"
						  : "read";

	return ksnprintf(buf, size, "%s %s %s%s%s%s%s",
			 (error & PF_PRESENT) ? "protection" : "not-present",
			 access, (error & PF_USER) ? "user" : "kernel",
			 (error & PF_RSVD) ? " reserved-bit" : "",
			 (error & PF_PKEY) ? " protection-key" : "",
			 (error & PF_SHADOW_STACK) ? " shadow-stack" : "",
			 (error & PF_SGX) ? " sgx" : "");
}

/* Exception flags, the same bits in the x87 status word and in MXCSR. */
#define FP_INVALID     (1u << 0)
#define FP_DENORMAL    (1u << 1)
#define FP_ZERO_DIVIDE (1u << 2)
#define FP_OVERFLOW    (1u << 3)
#define FP_UNDERFLOW   (1u << 4)
#define FP_PRECISION   (1u << 5)

int fpu_exception_si_code(unsigned errors)
{
	/* Several flags can be set at once (overflow usually comes with
	 * precision): report the most telling one, the way Linux orders
	 * them, so a program's SIGFPE handler sees the same si_code. */
	if (errors & FP_INVALID)
		return FPE_FLTINV;
	if (errors & FP_ZERO_DIVIDE)
		return FPE_FLTDIV;
	if (errors & FP_OVERFLOW)
		return FPE_FLTOVF;
	if (errors & (FP_UNDERFLOW | FP_DENORMAL))
		return FPE_FLTUND;
	if (errors & FP_PRECISION)
		return FPE_FLTRES;
	return 0;
}
