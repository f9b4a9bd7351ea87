; trap_entry.asm - the first instructions of every exception and interrupt.
;
; When the CPU takes an exception or interrupt through one of our gates it
; pushes SS, RSP, RFLAGS, CS, RIP and, for some exceptions only, an error
; code, then jumps to the gate's handler with IF clear.  C cannot be that
; handler: it would not save the caller-saved registers the interrupted
; code still needs, and it cannot end with IRETQ.  So each vector gets a
; tiny stub that makes the stack look the same for all vectors:
;
;   - vectors without an error code push a dummy 0 in its place;
;   - every stub pushes its vector number;
;
; and jumps to trap_common, which saves the 15 general registers (together
; they form struct trap_frame, see trap.h), calls trap_dispatch(frame), and
; undoes it all with IRETQ.
;
; Which vectors push an error code (Intel SDM vol. 3, table 6-1): #DF (8),
; #TS (10), #NP (11), #SS (12), #GP (13), #PF (14), #AC (17), #CP (21), and
; AMD's #VC (29) and #SX (30).  Caveat: a software "int n" never pushes one,
; so "int 13" from ring 0 would misalign the frame; the gates are DPL 0
; (except #BP and #OF, which have no error code), so ring 3 cannot do that.
;
; SWAPGS.  In the kernel the GS base points at this CPU's struct cpu; in
; ring 3 it is the user's, and the kernel's waits in MSR_KERNEL_GS_BASE.
; SWAPGS exchanges the two, so it must be done exactly when we came from
; ring 3 (the RPL of the saved CS) and undone on the way back.
; Known caveat: an NMI (or #MC, #DB) that hits the kernel in the few
; instructions between SYSCALL and the syscall entry's own SWAPGS (or
; between the exit path's SWAPGS and SYSRET) sees a kernel CS but the user's
; GS base, so it skips SWAPGS and this_cpu() would read garbage.  Production
; kernels handle this by checking MSR_GS_BASE itself in those entries; we
; accept the window, because nothing here raises NMIs.
;
; Backtraces through a trap.  trap_common pushes the interrupted RIP and
; RBP as a fake call frame and points RBP at it, so a frame-pointer walk
; from inside trap_dispatch continues into the interrupted function and its
; callers.  Its return address is the label trap_return_site, by which the
; walker recognises the trap boundary.
;
; The jump targets below are "..@" labels: NASM still lists them as symbols,
; but tools/gensyms.sh skips names starting with a dot, so a backtrace shows
; "trap_common+0x2d" rather than the name of a jump target.
;
; The direction flag: the SysV ABI requires DF clear on function entry and
; the interrupted code may have set it, so CLD before calling C.  IRETQ
; restores the old RFLAGS, DF included.

bits 64

extern trap_dispatch
global trap_common
global trap_return_site
global trap_stub_table

; Offsets in struct trap_frame (trap.h checks them with _Static_assert).
FRAME_VECTOR equ 15 * 8
FRAME_RIP    equ 17 * 8
FRAME_CS     equ 18 * 8

%macro TRAP_STUB 1
trap_stub_%1:
%if %1 = 8 || (%1 >= 10 && %1 <= 14) || %1 = 17 || %1 = 21 || %1 = 29 || %1 = 30
	; the CPU pushed an error code
%else
	push 0                      ; dummy error code
%endif
	push %1                     ; vector
	jmp trap_common
%endmacro

section .text

%assign v 0
%rep 64
TRAP_STUB %[v]
%assign v v + 1
%endrep

; On entry: [rsp] = vector, [rsp+8] = error code, [rsp+16] = RIP, CS,
; RFLAGS, RSP, SS.  The CPU aligned RSP to 16 before its pushes, so with
; 7 words pushed here it is 8 mod 16.
trap_common:
	; RSP points at frame->vector until the registers are pushed.
	test qword [rsp + FRAME_CS - FRAME_VECTOR], 3
	jz ..@gs_ready
	swapgs
	; Ring 3 may have set RFLAGS.AC (POPF allows it), and interrupt gates
	; do not clear it: with AC set, SMAP would not stop the kernel from
	; touching user pages.  Start every entry from ring 3 with a clean
	; RFLAGS (IF is already clear: interrupt gate).
	push 2
	popfq
..@gs_ready:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	cld
	; Now RSP = &struct trap_frame, 22 words = 16-aligned.  The fake frame
	; (interrupted RIP above interrupted RBP) keeps it 16-aligned, as the
	; ABI requires at the call.
	push qword [rsp + FRAME_RIP]
	push rbp                    ; frame->rbp, still the interrupted RBP
	mov rbp, rsp
	lea rdi, [rsp + 16]         ; struct trap_frame *
	call trap_dispatch
trap_return_site:
	add rsp, 16                 ; drop the fake frame
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
	; RSP = &frame->vector again.
	test qword [rsp + FRAME_CS - FRAME_VECTOR], 3
	jz ..@gs_restored
	swapgs
..@gs_restored:
	add rsp, 16                 ; vector and error code
	iretq

; The stub of each vector, for idt.c (const uint64_t trap_stub_table[64]).
section .rodata
align 8
trap_stub_table:
%assign v 0
%rep 64
	dq trap_stub_%[v]
%assign v v + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
