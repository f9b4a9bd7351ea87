; segments.asm - reload the segment registers after LGDT.
;
; LGDT only changes where the CPU looks up descriptors; the segment
; registers keep their cached descriptors until reloaded.  CS can only be
; reloaded by a far transfer, so push the new CS and a return address and
; use a far return (RETFQ).  FS and GS are set to the null selector: in
; 64-bit mode their bases come from MSRs, and loading a selector would
; overwrite the GS base we set next.

bits 64
section .text
global reload_segments

; void reload_segments(uint16_t code (di), uint16_t data (si))
reload_segments:
	mov ds, si
	mov es, si
	mov ss, si
	xor eax, eax
	mov fs, ax
	mov gs, ax
	movzx rdi, di
	pop rax                     ; our return address
	push rdi                    ; new CS
	push rax
	retfq

section .note.GNU-stack noalloc noexec nowrite progbits
