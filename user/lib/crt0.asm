; crt0.asm - _start, where every user program begins.
;
; The kernel enters here with the System V initial stack:
;
;     rsp ->  argc
;             argv[0] ... argv[argc - 1], NULL
;             envp[0] ... NULL
;             auxv pairs, then the strings themselves
;
; No registers are meaningful (Linux zeroes them; Portcullis may not), so
; everything is derived from rsp.

bits 64
default rel

section .text
global _start
extern main
extern environ

_start:
	; rbp = 0 marks the outermost frame, so debuggers and backtraces
	; know where to stop.
	xor ebp, ebp

	mov rdi, [rsp]			; argc
	lea rsi, [rsp + 8]		; argv
	lea rdx, [rsi + rdi * 8 + 8]	; envp: just past argv's NULL
	mov [environ], rdx

	; The ABI wants rsp 16-byte aligned before every call.  Linux starts
	; us aligned; a kernel under construction might not, and misalignment
	; only shows up later as a crash in some SSE instruction, so enforce it.
	and rsp, -16
	call main

	; exit_group(main's result).  It cannot return; ud2 makes sure a
	; broken kernel kills us instead of running off the end.
	mov edi, eax
	mov eax, 231
	syscall
	ud2

section .note.GNU-stack noalloc noexec nowrite progbits
