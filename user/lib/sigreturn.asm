; sigreturn.asm - pc_sigreturn, the signal restorer.
;
; The kernel pushes this address (sigaction's sa_restorer) as the handler's
; return address, so a handler's `ret` lands here with rsp just past it,
; at the saved ucontext.  rt_sigreturn reads that frame, restores every
; register and the signal mask, and resumes the interrupted code; it never
; returns here.  It must be assembly: C would touch the stack first.

bits 64

section .text
global pc_sigreturn

pc_sigreturn:
	mov eax, 15			; SYS_rt_sigreturn
	syscall
	ud2

section .note.GNU-stack noalloc noexec nowrite progbits
