/*
 * test_signal_decode.c - host unit tests for the pure halves of signal
 * delivery: the privileged-instruction decoder and the #PF / FPU decoding
 * behind the kill report (arch/x86_64/user_fault_decode.c), and the signal
 * frame's placement and the sanitizers rt_sigreturn applies
 * (arch/x86_64/signal_frame.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "arch/x86_64/signal_frame.h"
#include "arch/x86_64/user_fault_decode.h"
#include "kernel/proc/signal.h"

/* Decodes a byte string given as a literal ("\x66\xed"). */
#define DECODE(bytes, insn) \
	priv_insn_decode((const uint8_t *)(bytes), sizeof(bytes) - 1, (insn))

static void expect_port(const char *bytes, size_t len, enum priv_insn_kind kind,
			unsigned width, bool in_dx, unsigned imm,
			unsigned length)
{
	struct priv_insn insn;

	assert_true(priv_insn_decode((const uint8_t *)bytes, len, &insn));
	assert_int_equal(insn.kind, kind);
	assert_int_equal(insn.width, width);
	assert_int_equal(insn.port_in_dx, in_dx);
	if (!in_dx)
		assert_int_equal(insn.imm_port, imm);
	assert_int_equal(insn.length, length);
	assert_true(priv_insn_is_port_io(&insn));
}

#define EXPECT_PORT(bytes, kind, width, in_dx, imm, length) \
	expect_port(bytes, sizeof(bytes) - 1, kind, width, in_dx, imm, length)

static void test_in_out_imm8(void **state)
{
	(void)state;
	EXPECT_PORT("\xe4\x80", PRIV_INSN_IN, 1, false, 0x80, 2);
	EXPECT_PORT("\xe5\x71", PRIV_INSN_IN, 4, false, 0x71, 2);
	EXPECT_PORT("\x66\xe5\x71", PRIV_INSN_IN, 2, false, 0x71, 3);
	EXPECT_PORT("\xe6\xf4", PRIV_INSN_OUT, 1, false, 0xf4, 2);
	EXPECT_PORT("\xe7\x00", PRIV_INSN_OUT, 4, false, 0x00, 2);
	EXPECT_PORT("\x66\xe7\xff", PRIV_INSN_OUT, 2, false, 0xff, 3);
}

static void test_in_out_dx(void **state)
{
	(void)state;
	EXPECT_PORT("\xec", PRIV_INSN_IN, 1, true, 0, 1);
	EXPECT_PORT("\xed", PRIV_INSN_IN, 4, true, 0, 1);
	EXPECT_PORT("\x66\xed", PRIV_INSN_IN, 2, true, 0, 2);
	EXPECT_PORT("\xee", PRIV_INSN_OUT, 1, true, 0, 1);
	EXPECT_PORT("\xef", PRIV_INSN_OUT, 4, true, 0, 1);
	EXPECT_PORT("\x66\xef", PRIV_INSN_OUT, 2, true, 0, 2);
}

static void test_string_forms(void **state)
{
	struct priv_insn insn;

	(void)state;
	EXPECT_PORT("\x6c", PRIV_INSN_INS, 1, true, 0, 1);
	EXPECT_PORT("\x6d", PRIV_INSN_INS, 4, true, 0, 1);
	EXPECT_PORT("\x66\x6d", PRIV_INSN_INS, 2, true, 0, 2);
	EXPECT_PORT("\x6e", PRIV_INSN_OUTS, 1, true, 0, 1);
	EXPECT_PORT("\x6f", PRIV_INSN_OUTS, 4, true, 0, 1);
	EXPECT_PORT("\x66\x6f", PRIV_INSN_OUTS, 2, true, 0, 2);

	assert_true(DECODE("\x6e", &insn));
	assert_false(insn.rep);
	assert_true(DECODE("\xf3\x6e", &insn));
	assert_true(insn.rep);
	assert_true(DECODE("\xf2\x66\x6f", &insn));
	assert_true(insn.rep);
	assert_int_equal(insn.width, 2);
	assert_int_equal(insn.length, 3);
}

static void test_prefixes(void **state)
{
	struct priv_insn insn;

	(void)state;
	/* REX.B does not change the width; REX.W is no 64-bit I/O. */
	EXPECT_PORT("\x41\xee", PRIV_INSN_OUT, 1, true, 0, 2);
	EXPECT_PORT("\x48\xed", PRIV_INSN_IN, 4, true, 0, 2);
	/* REX.W right before the opcode overrides 0x66... */
	EXPECT_PORT("\x66\x48\xed", PRIV_INSN_IN, 4, true, 0, 3);
	/* ...but a legacy prefix after a REX voids the REX. */
	EXPECT_PORT("\x48\x66\xed", PRIV_INSN_IN, 2, true, 0, 3);
	/* Segment override, address size and the like are skipped. */
	EXPECT_PORT("\x2e\x6e", PRIV_INSN_OUTS, 1, true, 0, 2);
	EXPECT_PORT("\x67\xf3\x6c", PRIV_INSN_INS, 1, true, 0, 3);
	EXPECT_PORT("\x64\x65\x26\x36\x3e\xe4\x60", PRIV_INSN_IN, 1, false,
		    0x60, 7);
	/* Several 0x66 are still just "word". */
	EXPECT_PORT("\x66\x66\x66\xef", PRIV_INSN_OUT, 2, true, 0, 4);

	/* 14 prefixes and the opcode: 15 bytes, legal. */
	assert_true(DECODE("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66"
			   "\x66\x66\xee",
			   &insn));
	assert_int_equal(insn.length, 15);
	/* 15 prefixes: the opcode would be byte 16, which the CPU refuses. */
	assert_false(DECODE("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66"
			    "\x66\x66\x66\xee",
			    &insn));
	assert_int_equal(insn.kind, PRIV_INSN_NONE);
}

static void test_cli_sti_hlt(void **state)
{
	struct priv_insn insn;

	(void)state;
	assert_true(DECODE("\xfa", &insn));
	assert_int_equal(insn.kind, PRIV_INSN_CLI);
	assert_false(priv_insn_is_port_io(&insn));
	assert_int_equal(priv_insn_port(&insn, 0x3f8), 0);
	assert_true(DECODE("\xfb", &insn));
	assert_int_equal(insn.kind, PRIV_INSN_STI);
	assert_true(DECODE("\xf4", &insn));
	assert_int_equal(insn.kind, PRIV_INSN_HLT);
	assert_int_equal(insn.width, 0);
	assert_int_equal(insn.length, 1);
}

static void test_truncated(void **state)
{
	struct priv_insn insn;
	const uint8_t in_imm[] = {0xe4, 0x80};

	(void)state;
	assert_false(priv_insn_decode(in_imm, 0, &insn));
	assert_false(priv_insn_decode(in_imm, 1, &insn)); /* imm8 missing */
	assert_int_equal(insn.kind, PRIV_INSN_NONE);
	assert_true(priv_insn_decode(in_imm, 2, &insn));
	assert_false(DECODE("\x66", &insn));
	assert_false(DECODE("\x66\xf3\x48", &insn));
	assert_false(DECODE("\x66\xe7", &insn));
	assert_false(priv_insn_decode(NULL, 0, &insn));
}

static void test_not_privileged(void **state)
{
	struct priv_insn insn;

	(void)state;
	assert_false(DECODE("\x90", &insn));	     /* nop */
	assert_false(DECODE("\x0f\x0b", &insn));     /* ud2 */
	assert_false(DECODE("\xc3", &insn));	     /* ret */
	assert_false(DECODE("\x89\x07", &insn));     /* mov [rdi], eax */
	assert_false(DECODE("\x0f\x01\xf8", &insn)); /* swapgs */
	assert_false(DECODE("\xcd\x80", &insn));     /* int 0x80 */
	assert_false(DECODE("\x66\x90", &insn));
	assert_false(DECODE("\xf0\x0f\x05", &insn)); /* lock syscall */
	assert_int_equal(insn.kind, PRIV_INSN_NONE);
	assert_int_equal(insn.length, 0);
}

static void test_port_number(void **state)
{
	struct priv_insn insn;

	(void)state;
	assert_true(DECODE("\xee", &insn));
	assert_int_equal(priv_insn_port(&insn, 0xdead000003f8ull), 0x3f8);
	assert_int_equal(priv_insn_port(&insn, 0xffffffffffffffffull), 0xffff);
	assert_true(DECODE("\xe6\x80", &insn));
	assert_int_equal(priv_insn_port(&insn, 0x3f8), 0x80); /* not dx */
}

static void expect_text(const char *bytes, size_t len, uint64_t rdx,
			const char *text)
{
	struct priv_insn insn;
	char buf[64];

	assert_true(priv_insn_decode((const uint8_t *)bytes, len, &insn));
	int n = priv_insn_describe(&insn, priv_insn_port(&insn, rdx), buf,
				   sizeof(buf));
	assert_string_equal(buf, text);
	assert_int_equal(n, (int)strlen(text));
}

#define EXPECT_TEXT(bytes, rdx, text) \
	expect_text(bytes, sizeof(bytes) - 1, rdx, text)

static void test_describe(void **state)
{
	struct priv_insn insn;
	char small[5];

	(void)state;
	EXPECT_TEXT("\xe4\x80", 0, "inb from port 0x80");
	EXPECT_TEXT("\x66\xef", 0xffff, "outw to port 0xffff");
	EXPECT_TEXT("\xee", 0x3f8, "outb to port 0x3f8");
	EXPECT_TEXT("\xed", 0xcfc, "inl from port 0xcfc");
	EXPECT_TEXT("\x6e", 0x3f8, "outsb to port 0x3f8");
	EXPECT_TEXT("\xf3\x6d", 0x1f0, "rep insl from port 0x1f0");
	EXPECT_TEXT("\xf3\x66\x6f", 0x1f0, "rep outsw to port 0x1f0");
	EXPECT_TEXT("\xfa", 0, "cli");
	EXPECT_TEXT("\xfb", 0, "sti");
	EXPECT_TEXT("\xf4", 0, "hlt");

	/* snprintf semantics: cut, terminated, full length returned. */
	assert_true(DECODE("\xee", &insn));
	assert_int_equal(priv_insn_describe(&insn, 0x3f8, small, sizeof(small)),
			 18);
	assert_string_equal(small, "outb");
}

static void expect_pf(uint64_t error, const char *text)
{
	char buf[96];

	page_fault_error_describe(error, buf, sizeof(buf));
	assert_string_equal(buf, text);
}

static void test_page_fault_words(void **state)
{
	(void)state;
	expect_pf(0x6, "not-present write user");
	expect_pf(0x4, "not-present read user");
	expect_pf(0x7, "protection write user");
	expect_pf(0x15, "protection fetch user");
	expect_pf(0x14, "not-present fetch user");
	expect_pf(0x0, "not-present read kernel");
	expect_pf(0xd, "protection read user reserved-bit");
	expect_pf(0x27, "protection write user protection-key");
	expect_pf(0x47, "protection write user shadow-stack");
	expect_pf(0x8005, "protection read user sgx");
}

static void test_fpu_si_code(void **state)
{
	(void)state;
	assert_int_equal(fpu_exception_si_code(0), 0);
	assert_int_equal(fpu_exception_si_code(0x01), FPE_FLTINV);
	assert_int_equal(fpu_exception_si_code(0x02), FPE_FLTUND);
	assert_int_equal(fpu_exception_si_code(0x04), FPE_FLTDIV);
	assert_int_equal(fpu_exception_si_code(0x08), FPE_FLTOVF);
	assert_int_equal(fpu_exception_si_code(0x10), FPE_FLTUND);
	assert_int_equal(fpu_exception_si_code(0x20), FPE_FLTRES);
	/* Overflow comes with precision: overflow is the news. */
	assert_int_equal(fpu_exception_si_code(0x28), FPE_FLTOVF);
	assert_int_equal(fpu_exception_si_code(0x3f), FPE_FLTINV);
	assert_int_equal(fpu_exception_si_code(0x24), FPE_FLTDIV);

	/* x87: FCW masks (bits 0-5) hide status flags. */
	assert_int_equal(x87_unmasked_errors(0x0004, 0x037f), 0);
	assert_int_equal(x87_unmasked_errors(0x0004, 0x037b), 0x04);
	assert_int_equal(x87_unmasked_errors(0x8085, 0x0000), 0x05);
	/* MXCSR: masks are bits 7-12. */
	assert_int_equal(mxcsr_unmasked_errors(0x1f80 | 0x04), 0);
	assert_int_equal(mxcsr_unmasked_errors((0x1f80 & ~0x200) | 0x04), 0x04);
	assert_int_equal(mxcsr_unmasked_errors(0x003f), 0x3f);
}

static void test_frame_layout(void **state)
{
	(void)state;
	/* The ABI offsets user programs index with REG_* and si_*. */
	assert_int_equal(sizeof(struct rt_sigframe), 440);
	assert_int_equal(offsetof(struct rt_sigframe, uc.uc_mcontext.rip),
			 8 + 40 + 16 * 8);
	assert_int_equal(offsetof(struct user_sigcontext, rsp), 15 * 8);
	assert_int_equal(offsetof(struct user_sigcontext, rflags), 17 * 8);
	assert_int_equal(offsetof(struct user_sigcontext, csgsfs), 18 * 8);
	assert_int_equal(offsetof(struct user_sigcontext, err), 19 * 8);
	assert_int_equal(offsetof(struct user_sigcontext, trapno), 20 * 8);
	assert_int_equal(offsetof(struct user_sigcontext, fpstate), 23 * 8);
	assert_int_equal(offsetof(struct user_siginfo, u.kill.uid), 20);
	assert_int_equal(offsetof(struct user_siginfo, u.fault.addr), 16);
}

static void test_frame_place(void **state)
{
	(void)state;
	for (uint64_t rsp = 0x7ffffffde000ull; rsp > 0x7ffffffde000ull - 64;
	     rsp--) {
		struct signal_frame_place at = signal_frame_place(rsp);

		/* As after a call: rsp + 8 is 16-byte aligned. */
		assert_int_equal((at.frame + 8) % 16, 0);
		assert_int_equal(at.fpu % SIGNAL_FPU_ALIGN, 0);
		/* Nothing in the red zone, nothing overlapping. */
		assert_true(at.fpu + SIGNAL_FPU_SIZE <= rsp - SIGNAL_RED_ZONE);
		assert_true(at.frame + sizeof(struct rt_sigframe) <= at.fpu);
		/* And no more than alignment slack below. */
		uint64_t most = SIGNAL_RED_ZONE + SIGNAL_FPU_SIZE +
				SIGNAL_FPU_ALIGN + sizeof(struct rt_sigframe) +
				24;
		assert_true(rsp - at.frame <= most);
	}

	/* A stack pointer near 0 wraps into the kernel half, where
	 * copy_to_user refuses to write. */
	struct signal_frame_place low = signal_frame_place(0x100);
	assert_true(low.frame >= 0x0000800000000000ull);
	assert_true(low.fpu >= 0x0000800000000000ull);
}

static void test_sigreturn_rflags(void **state)
{
	const uint64_t IF = 1u << 9, IOPL = 3u << 12, NT = 1u << 14;
	const uint64_t RF = 1u << 16, VM = 1u << 17, VIF = 1u << 19;
	const uint64_t VIP = 1u << 20, AC = 1u << 18, ID = 1u << 21;
	const uint64_t TF = 1u << 8, DF = 1u << 10, CF = 1u, OF = 1u << 11;

	(void)state;
	/* Everything set: only the user's flags survive, IF forced on. */
	uint64_t f = sigreturn_rflags(~0ull);
	assert_true(f & IF);
	assert_int_equal(f & (IOPL | NT | RF | VM | VIF | VIP), 0);
	assert_int_equal(f >> 22, 0);
	assert_int_equal(f, 0x240fd7);

	/* Nothing set: IF and the always-one bit 1. */
	assert_int_equal(sigreturn_rflags(0), 0x202);

	/* The user's own flags go through unchanged. */
	uint64_t mine = CF | TF | DF | OF | AC | ID | (1u << 6) | (1u << 7);
	assert_int_equal(sigreturn_rflags(mine), mine | IF | 2);

	/* Handler entry: no DF (ABI), no single step into the handler. */
	assert_int_equal(signal_handler_rflags(0x202 | DF | TF | RF | CF),
			 0x202 | CF);
}

static void test_sigreturn_mxcsr(void **state)
{
	(void)state;
	/* MXCSR_MASK 0 means the SDM default 0xffbf: DAZ (bit 6) cleared. */
	assert_int_equal(sigreturn_mxcsr(0x1fc0, 0), 0x1f80);
	assert_int_equal(sigreturn_mxcsr(0x1fc0, 0xffff), 0x1fc0);
	/* Reserved bits 16-31 never pass. */
	assert_int_equal(sigreturn_mxcsr(0xffff1f80u, 0xffff), 0x1f80);
	assert_int_equal(sigreturn_mxcsr(0xffffffffu, 0xffbf), 0xffbf);
}

static void test_canonical(void **state)
{
	(void)state;
	assert_true(is_canonical(0));
	assert_true(is_canonical(0x00007fffffffffffull));
	assert_false(is_canonical(0x0000800000000000ull));
	assert_false(is_canonical(0x8000000000000000ull));
	assert_false(is_canonical(0xffff7fffffffffffull));
	assert_true(is_canonical(0xffff800000000000ull));
	assert_true(is_canonical(0xffffffff80000000ull));
	assert_true(is_canonical(~0ull));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_in_out_imm8),
	    cmocka_unit_test(test_in_out_dx),
	    cmocka_unit_test(test_string_forms),
	    cmocka_unit_test(test_prefixes),
	    cmocka_unit_test(test_cli_sti_hlt),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_not_privileged),
	    cmocka_unit_test(test_port_number),
	    cmocka_unit_test(test_describe),
	    cmocka_unit_test(test_page_fault_words),
	    cmocka_unit_test(test_fpu_si_code),
	    cmocka_unit_test(test_frame_layout),
	    cmocka_unit_test(test_frame_place),
	    cmocka_unit_test(test_sigreturn_rflags),
	    cmocka_unit_test(test_sigreturn_mxcsr),
	    cmocka_unit_test(test_canonical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
