/*
 * signal_frame.h - the Linux x86-64 signal frame, byte for byte.
 *
 * A signal handler runs on the user's own stack, on top of a frame that
 * records everything needed to resume the interrupted code: the
 * general registers, RFLAGS, the FPU/SSE state and the old signal mask.
 * When the handler returns, it "returns" into its restorer (glibc's
 * __restore_rt: mov $15, %eax; syscall), and rt_sigreturn reads the frame
 * back.  Because user programs (glibc, debuggers, unwinders, a handler
 * that edits uc_mcontext to skip an instruction) read and write this frame
 * directly, its layout is ABI: the structures below copy the offsets of
 * Linux's uapi headers (asm/sigcontext.h, asm/ucontext.h, asm-generic/
 * siginfo.h), and the _Static_asserts pin them.
 *
 * The user stack at handler entry, from high to low addresses:
 *
 *   old rsp ->   (the interrupted code's stack)
 *                128-byte red zone: the SysV ABI lets leaf functions use it
 *                without moving rsp, so we must not overwrite it
 *                FXSAVE image (512 bytes, 64-byte aligned)
 *                struct rt_sigframe: info, uc, pretcode
 *   new rsp ->   pretcode (the restorer's address), as if `call handler`
 *                had just pushed it: (rsp + 8) % 16 == 0, the ABI's
 *                alignment at a function's first instruction.
 *
 * Everything here except the two functions at the end is pure, so the
 * host tests check the layout and the arithmetic without a kernel.
 */
#ifndef ARCH_X86_64_SIGNAL_FRAME_H
#define ARCH_X86_64_SIGNAL_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIGNAL_RED_ZONE	 128
#define SIGNAL_FPU_SIZE	 512
#define SIGNAL_FPU_ALIGN 64 /* FXSAVE needs 16; 64 is what XSAVE wants */

/* stack_t: the sigaltstack settings when the signal arrived. */
struct user_stack_t {
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
};

/* struct sigcontext: the general registers in Linux's order (glibc's
 * REG_R8 .. REG_CR2 indexes into it), then the FPU state pointer. */
struct user_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	uint64_t rflags;
	uint64_t csgsfs; /* cs | gs << 16 | fs << 32 | ss << 48 */
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate; /* user address of the FXSAVE image, or 0 */
	uint64_t reserved1[8];
};

/* The kernel's struct ucontext.  glibc's ucontext_t has a 128-byte
 * uc_sigmask and more after it, but the kernel writes only the first 8
 * bytes of the mask, and that is all a handler may rely on. */
struct user_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct user_stack_t uc_stack;
	struct user_sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

/* siginfo_t: three ints, padding, then a union whose member depends on
 * how the signal came about.  128 bytes whatever the member. */
struct user_siginfo {
	int32_t si_signo;
	int32_t si_errno;
	int32_t si_code;
	int32_t pad;
	union {
		struct {
			int32_t pid;  /* si_pid */
			uint32_t uid; /* si_uid */
		} kill;
		struct {
			uint64_t addr; /* si_addr */
		} fault;
		uint8_t bytes[112];
	} u;
};

struct rt_sigframe {
	uint64_t pretcode; /* where the handler's `ret` goes: the restorer */
	struct user_ucontext uc;
	struct user_siginfo info;
};

_Static_assert(sizeof(struct user_stack_t) == 24, "stack_t");
_Static_assert(sizeof(struct user_sigcontext) == 256, "sigcontext");
_Static_assert(offsetof(struct user_sigcontext, rip) == 16 * 8, "REG_RIP");
_Static_assert(offsetof(struct user_sigcontext, cr2) == 22 * 8, "REG_CR2");
_Static_assert(offsetof(struct user_ucontext, uc_mcontext) == 40, "mcontext");
_Static_assert(offsetof(struct user_ucontext, uc_sigmask) == 296, "uc_sigmask");
_Static_assert(sizeof(struct user_ucontext) == 304, "ucontext");
_Static_assert(offsetof(struct user_siginfo, u) == 16, "siginfo union");
_Static_assert(sizeof(struct user_siginfo) == 128, "siginfo");
_Static_assert(offsetof(struct rt_sigframe, uc) == 8, "rt_sigframe.uc");
_Static_assert(offsetof(struct rt_sigframe, info) == 312, "rt_sigframe.info");

/* Where the FXSAVE image and the frame go for a stack pointer of rsp.
 * A tiny or garbage rsp makes the subtractions wrap to a kernel-half
 * address, which copy_to_user refuses: that is the "bad stack" case, no
 * special check needed. */
struct signal_frame_place {
	uint64_t fpu;	/* user address of the FXSAVE image */
	uint64_t frame; /* user address of struct rt_sigframe: the new rsp */
};

static inline struct signal_frame_place signal_frame_place(uint64_t rsp)
{
	struct signal_frame_place at;
	uint64_t sp = rsp - SIGNAL_RED_ZONE - SIGNAL_FPU_SIZE;

	at.fpu = sp & ~(uint64_t)(SIGNAL_FPU_ALIGN - 1);
	/* Round down to 16, then step 8 below: the frame's first word is
	 * the "return address" of the handler's call. */
	sp = at.fpu - sizeof(struct rt_sigframe);
	at.frame = (sp & ~(uint64_t)15) - 8;
	return at;
}

/* RFLAGS bits (SDM vol. 1, 3.4.3) that ring 3 could set itself anyway
 * (POPF at CPL 3 may change all of them): CF PF AF ZF SF TF DF OF AC ID. */
#define RFLAGS_USER_CHANGEABLE                                                 \
	((1ull << 0) | (1ull << 2) | (1ull << 4) | (1ull << 6) | (1ull << 7) | \
	 (1ull << 8) | (1ull << 10) | (1ull << 11) | (1ull << 18) |            \
	 (1ull << 21))
#define RFLAGS_FIXED1 (1ull << 1) /* reads as 1, always */
#define RFLAGS_IF_BIT (1ull << 9)

/* RFLAGS for the return from rt_sigreturn.  The frame is user memory, so
 * its RFLAGS is a wish: keep only what ring 3 may choose, and force the
 * rest to what every user process runs with (IF set, IOPL 0, and NT, RF,
 * VM, VIF, VIP clear).  Invariant: no process ever leaves the kernel with
 * IOPL > 0 or interrupts off. */
static inline uint64_t sigreturn_rflags(uint64_t from_frame)
{
	return (from_frame & RFLAGS_USER_CHANGEABLE) | RFLAGS_IF_BIT |
	       RFLAGS_FIXED1;
}

/* RFLAGS at handler entry: the ABI wants DF clear on function entry, and a
 * single-step (TF) of the interrupted code must not continue into the
 * handler. */
static inline uint64_t signal_handler_rflags(uint64_t rflags)
{
	return rflags & ~((1ull << 10) | (1ull << 8) | (1ull << 16));
}

/* MXCSR from a user FXSAVE image: FXRSTOR raises #GP (in the kernel!) if a
 * bit outside the CPU's MXCSR_MASK is set.  FXSAVE reports the mask at
 * byte 28; 0 there means the SDM's default, 0xffbf. */
static inline uint32_t sigreturn_mxcsr(uint32_t from_frame, uint32_t mask)
{
	return from_frame & (mask ? mask : 0xffbfu);
}

/* With 48-bit virtual addresses, bits 63-47 must all be copies of bit
 * 47; the CPU refuses to jump anywhere else (SDM vol. 1, 3.3.7.1). */
static inline bool is_canonical(uint64_t addr)
{
	return (uint64_t)((int64_t)(addr << 16) >> 16) == addr;
}

#define FXSAVE_MXCSR_OFFSET	 24
#define FXSAVE_MXCSR_MASK_OFFSET 28

struct trap_frame;
struct k_sigaction;
struct fault_info;

/* Builds the frame for signo on the user stack of the current process and
 * points tf at the handler.  The FPU registers are saved into the frame,
 * then reset for the handler.  When the frame cannot be built (act has no
 * restorer, which x86-64 handlers return through, or the stack cannot hold
 * the frame) the process dies of SIGSEGV instead: this never returns. */
void arch_signal_setup_frame(struct trap_frame *tf, int signo,
			     const struct k_sigaction *act,
			     const struct fault_info *fi_or_null,
			     int sender_pid, uint32_t sender_uid,
			     uint64_t old_blocked);

/* rt_sigreturn: restores tf, the FPU and the signal mask from the frame
 * whose ucontext is at tf->rsp, and returns the restored rax.  A frame
 * that cannot be read kills the process (SIGSEGV); a non-canonical RIP in
 * it makes SIGSEGV pending, as the #GP of returning there would. */
long arch_signal_return(struct trap_frame *tf);

#endif
