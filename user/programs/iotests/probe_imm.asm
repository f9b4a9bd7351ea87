; probe_imm.asm - the immediate-port forms of IN and OUT for every port
; 0..255, so a test can pick the port at run time.
;
; "in al, 0x80" carries its port inside the instruction, so there is no
; way to pass it in a register: we need one instruction per port.  Each
; table below holds 256 stubs of exactly IMM_STUB_SIZE bytes, stub N for
; port N, laid out as
;
;     +0  mov eax, edi          the value to write (2 bytes; harmless for IN)
;     +2  in/out with port N    the instruction under test (2 or 3 bytes)
;         ret
;         int3 padding
;
; so probe.c can compute both the stub's address (table + N * 8) and the
; instruction's (stub + 2), publish the latter for its fault handler, and
; call the stub as  uint32_t stub(uint32_t value).  When the CPU refuses
; the access, the handler resumes at the instruction's end: the ret.

bits 64
default rel

IMM_STUB_SIZE equ 8

section .text

; %1: the table's name; %2: IN or OUT; %3: the register (al, ax, eax).
; The port is a counter of the repetition, so it must not appear in the
; arguments: those are expanded once, when the macro is invoked.
%macro IMM_TABLE 3
	align IMM_STUB_SIZE
	global %1
%1:
%assign port 0
%rep 256
	align IMM_STUB_SIZE, int3
	mov eax, edi
%ifidn %2, in
	in %3, port
%else
	out port, %3
%endif
	ret
%assign port port + 1
%endrep
	align IMM_STUB_SIZE, int3
	; A static assertion: a negative count is an error, so this fails
	; to assemble if a stub outgrew its slot.
	times 256 * IMM_STUB_SIZE - ($ - %1) int3
	times ($ - %1) - 256 * IMM_STUB_SIZE int3
%endmacro

IMM_TABLE probe_imm_inb, in, al
IMM_TABLE probe_imm_inw, in, ax
IMM_TABLE probe_imm_inl, in, eax
IMM_TABLE probe_imm_outb, out, al
IMM_TABLE probe_imm_outw, out, ax
IMM_TABLE probe_imm_outl, out, eax

section .note.GNU-stack noalloc noexec nowrite progbits
