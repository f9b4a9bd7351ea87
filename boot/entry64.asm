; entry64.asm - the first 64-bit instructions: move to the higher half and
; call the C kernel.
;
; We arrive here still at a low (identity-mapped) address with the early GDT.
; Jump to the kernel's higher-half address, switch to the boot CPU's kernel
; stack (in .bss, with a guard page below it that the paging code unmaps, so
; a stack overflow faults instead of silently corrupting .bss), zero RBP so
; backtraces and gdb stop at kmain, and call kmain(magic, info_phys).

bits 64

extern kmain
global boot_entry64
global boot_stack_guard
global boot_stack_bottom
global boot_stack_top

BOOT_STACK_SIZE equ 16384

section .boot.text
boot_entry64:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax
	mov rax, higher_half
	jmp rax

section .text
higher_half:
	mov rsp, boot_stack_top
	xor ebp, ebp
	; EDI = multiboot2 magic and ESI = info address were set in entry32 and
	; are already the first two SysV arguments; clear their upper halves.
	mov edi, edi
	mov esi, esi
	call kmain
.hang:                              ; kmain never returns
	cli
	hlt
	jmp .hang

section .bss
alignb 4096
boot_stack_guard:  resb 4096
boot_stack_bottom: resb BOOT_STACK_SIZE
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
