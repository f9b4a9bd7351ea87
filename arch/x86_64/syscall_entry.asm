; syscall_entry.asm - the SYSCALL instruction's way into the kernel, and
; the way back to ring 3 for every process.
;
; SYSCALL (enabled by EFER.SCE, target in MSR_LSTAR) does very little: it
; saves the user RIP in RCX and RFLAGS in R11, clears the RFLAGS bits named
; in MSR_FMASK (we clear IF, so the kernel runs with interrupts off), and
; loads CS/SS from MSR_STAR.  It does NOT switch stacks: RSP still points at
; the user stack, which the kernel must never trust.  So the first
; instructions SWAPGS to reach the per-CPU area (struct cpu, see cpu.h),
; park the user RSP there and load the process's kernel stack.
;
; We then push a struct trap_frame identical to the one the interrupt stubs
; build (vector SYSCALL_VECTOR, error code 0), so fork, execve, signals and
; the scheduler deal with one frame type, whichever way a process entered.
;
; Way back: SYSRET is fast but dangerous.  It loads RIP from RCX without a
; canonical check in ring 0 terms: on Intel CPUs a non-canonical RCX raises
; #GP *in ring 0, on the user's stack* after the privilege change has been
; decided (the 2012 SYSRET vulnerability, CVE-2012-0217).  A process can
; arrange a non-canonical return address (a SYSCALL in the last two bytes
; below 0x0000800000000000, or a handler that edits its saved RIP).  So we
; use SYSRET only when the saved RIP is canonical user space and the frame
; holds the standard user selectors; everything else returns via IRETQ,
; which checks everything in ring 3 terms and delivers the #GP to the user.

bits 64

%include "arch/x86_64/trap_frame.inc"

extern syscall_dispatch
global syscall_entry
global return_to_user

; CPU_OFF_* (fields of struct cpu) and SEL_USER_*, computed from cpu.h
; by the compiler (arch/x86_64/asm_offsets.c).
%include "asm_offsets.inc"
USER_ADDR_LIMIT equ 0x00007fffffffffff  ; highest canonical user address

section .text
syscall_entry:
	swapgs
	mov [gs:CPU_OFF_USER_RSP_SCRATCH], rsp
	mov rsp, [gs:CPU_OFF_KERNEL_STACK_TOP]
	push SEL_USER_DATA                  ; ss
	push qword [gs:CPU_OFF_USER_RSP_SCRATCH] ; rsp
	push r11                            ; rflags
	push SEL_USER_CODE                  ; cs
	push rcx                            ; rip
	push 0                              ; error code
	push SYSCALL_VECTOR                 ; vector
	PUSH_GENERAL_REGISTERS
	xor ebp, ebp                        ; backtraces end here
	cld
	mov rdi, rsp
	call syscall_dispatch               ; result stored in frame->rax
	; fall through

; Entered with RSP = a user trap frame.  Every path back to ring 3 ends
; here: system calls, a new process's first run, and (via trap.c) returns
; from interrupts and exceptions taken in user mode.
return_to_user:
	mov rcx, [rsp + TF_RIP]
	mov r11, USER_ADDR_LIMIT
	cmp rcx, r11
	ja .via_iret                        ; non-canonical or kernel RIP
	cmp qword [rsp + TF_CS], SEL_USER_CODE
	jne .via_iret
	cmp qword [rsp + TF_SS], SEL_USER_DATA
	jne .via_iret
	; SYSRET loads RIP from RCX and RFLAGS from R11, destroying both.  That
	; is only right when the frame's own rcx/r11 already hold exactly those
	; values (a plain system call).  After rt_sigreturn, or a signal that
	; interrupted code, they are live user registers: use IRETQ.
	cmp rcx, [rsp + TF_RCX]
	jne .via_iret
	mov r11, [rsp + TF_RFLAGS]
	cmp r11, [rsp + TF_R11]
	jne .via_iret
	POP_GENERAL_REGISTERS
	add rsp, 16                         ; vector, error code
	mov rcx, [rsp]                      ; RIP for SYSRET
	mov r11, [rsp + 16]                 ; RFLAGS for SYSRET
	mov rsp, [rsp + 24]                 ; user RSP: from here on, no
	swapgs                              ; kernel stack (NMI/#MC use IST)
	o64 sysret
.via_iret:
	POP_GENERAL_REGISTERS
	add rsp, 16
	swapgs
	iretq

section .note.GNU-stack noalloc noexec nowrite progbits
