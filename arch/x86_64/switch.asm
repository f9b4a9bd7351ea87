; switch.asm - switching from one kernel thread of control to another.
;
; Every process has its own kernel stack.  A process that gives up the CPU
; (it sleeps, yields, or the timer preempted it on its way back to ring 3)
; calls switch_context, which pushes the callee-saved registers - the only
; ones the C caller expects to survive a call - saves RSP in *from_rsp, loads
; to_rsp and pops the other process's registers.  The `ret` then returns
; into wherever that process called switch_context from, or, for a new
; process, into the entry point its stack was prepared with.
;
; Caller-saved registers (rax, rcx, rdx, rsi, rdi, r8-r11) need no saving:
; the compiler already assumes a call destroys them.  The user's registers
; are not here at all: they are in the trap frame at the top of the kernel
; stack.  FPU/SSE state is switched separately (fpu.c).

bits 64
section .text
global switch_context

; void switch_context(uint64_t *from_rsp (rdi), uint64_t to_rsp (rsi))
switch_context:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi], rsp
	mov rsp, rsi
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
