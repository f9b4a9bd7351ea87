; entry32.asm - from GRUB's 32-bit protected mode into 64-bit long mode.
;
; GRUB jumps here with paging off, EAX = multiboot2 magic, EBX = physical
; address of the multiboot2 information, interrupts disabled, and no usable
; stack.  This code runs at its physical address (linker.ld's .boot section).
;
; Steps, each needed by the next:
;   1. refuse to go on when we were not booted by multiboot2 or the CPU has
;      no long mode, saying so in plain words on the screen and COM1;
;   2. build early page tables: the first 1 GiB identity-mapped (this code
;      keeps running after paging is enabled), again at KERNEL_VMA
;      (0xffffffff80000000, where the C kernel is linked) and at PHYSMAP_BASE
;      (0xffff800000000000, the direct map of physical memory), with 2 MiB
;      pages;
;   3. CR4.PAE, CR3, EFER.LME (+ EFER.NXE when the CPU has NX), CR0.PG;
;   4. load a minimal 64-bit GDT and far-jump into 64-bit code (entry64.asm).
; The C kernel later replaces both the page tables and the GDT with its own.

bits 32

MB2_BOOT_MAGIC equ 0x36d76289
KERNEL_VMA     equ 0xffffffff80000000
COM1           equ 0x3f8
VGA_TEXT       equ 0xb8000

extern boot_entry64
global boot_entry32
global boot_pml4
global boot_cpu_has_nx

section .boot.text
boot_entry32:
	cli
	cld
	mov esp, boot_stack32_top
	mov edi, eax                ; keep the magic and info pointer across
	mov esi, ebx                ; the checks (entry64 passes them to C)

	cmp edi, MB2_BOOT_MAGIC
	jne .not_multiboot2
	call cpu_has_long_mode
	test eax, eax
	jz .no_long_mode

	call build_early_page_tables

	mov eax, cr4
	or eax, (1 << 5)            ; PAE: required by long mode
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax

	mov ecx, 0xc0000080         ; IA32_EFER
	rdmsr
	or eax, (1 << 8)            ; LME
	cmp dword [boot_cpu_has_nx], 0
	je .no_nx
	or eax, (1 << 11)           ; NXE: lets page tables say "not executable"
.no_nx:
	wrmsr

	mov eax, cr0
	or eax, (1 << 31) | (1 << 16) | 1 ; PG, WP (ring 0 honours R/O), PE
	mov cr0, eax

	lgdt [early_gdt_pointer]
	jmp 0x08:boot_entry64       ; now in IA-32e mode: this jump selects 64-bit

.not_multiboot2:
	mov esi, msg_not_multiboot2
	jmp fatal_message
.no_long_mode:
	mov esi, msg_no_long_mode
	jmp fatal_message

; Returns EAX = 1 when CPUID exists and reports long mode.  Also records
; whether the CPU has NX (setting EFER.NXE without it would fault).
cpu_has_long_mode:
	pushfd                      ; CPUID exists iff EFLAGS.ID can be toggled
	pop eax
	mov ecx, eax
	xor eax, (1 << 21)
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	xor eax, ecx
	jz .no
	mov eax, 0x80000000         ; highest extended leaf
	cpuid
	cmp eax, 0x80000001
	jb .no
	mov eax, 0x80000001
	cpuid
	test edx, (1 << 29)         ; LM
	jz .no
	xor eax, eax
	test edx, (1 << 20)         ; NX
	setnz al
	mov [boot_cpu_has_nx], eax
	mov eax, 1
	ret
.no:
	xor eax, eax
	ret

; PML4[0] and PML4[511] -> PDPTs whose entries 0 and 510 point at one page
; directory of 512 x 2 MiB pages = the first 1 GiB, present and writable.
build_early_page_tables:
	mov eax, boot_pdpt_low
	or eax, 0x3                 ; present | writable
	mov [boot_pml4], eax
	mov eax, boot_pdpt_high
	or eax, 0x3
	mov [boot_pml4 + 511 * 8], eax
	mov eax, boot_pdpt_low      ; the same 1 GiB at PHYSMAP_BASE
	or eax, 0x3                 ; (0xffff800000000000): phys_to_virt()
	mov [boot_pml4 + 256 * 8], eax ; works before the C page tables exist
	mov eax, boot_pd
	or eax, 0x3
	mov [boot_pdpt_low], eax
	mov [boot_pdpt_high + 510 * 8], eax
	xor ecx, ecx
.next_2m:
	mov eax, ecx
	shl eax, 21
	or eax, 0x83                ; present | writable | 2 MiB page
	mov [boot_pd + ecx * 8], eax
	inc ecx
	cmp ecx, 512
	jne .next_2m
	ret

; Prints the NUL-terminated string at ESI on the VGA text screen (harmless
; under UEFI, where nothing is there) and on COM1, then halts for good.
fatal_message:
	mov edi, VGA_TEXT
	mov ebx, esi
.vga_next:
	lodsb
	test al, al
	jz .serial
	mov ah, 0x4f                ; white on red
	stosw
	jmp .vga_next
.serial:
	mov esi, ebx
.serial_next:
	lodsb
	test al, al
	jz .halt
	mov bl, al
	mov ecx, 100000             ; bounded: a missing UART must not hang us
	mov dx, COM1 + 5            ; line status register
.wait_thre:
	in al, dx
	test al, 0x20               ; transmit holding register empty
	jnz .send
	loop .wait_thre
.send:
	mov dx, COM1
	mov al, bl
	out dx, al
	jmp .serial_next
.halt:
	cli
	hlt
	jmp .halt

section .boot.rodata
msg_not_multiboot2:
	db "Portcullis: not started by a multiboot2 boot loader (bad magic in EAX). Boot it with GRUB's 'multiboot2' command. Halting.", 13, 10, 0
msg_no_long_mode:
	db "Portcullis: this CPU has no 64-bit long mode; Portcullis needs an x86-64 CPU. Halting.", 13, 10, 0

align 8
early_gdt:
	dq 0                        ; null descriptor
	dq 0x00af9a000000ffff       ; 0x08: 64-bit code, DPL 0 (L=1, D=0)
	dq 0x00cf92000000ffff       ; 0x10: data, DPL 0
early_gdt_pointer:
	dw early_gdt_pointer - early_gdt - 1
	dd early_gdt

section .boot.bss nobits
alignb 4096
boot_pml4:      resb 4096
boot_pdpt_low:  resb 4096
boot_pdpt_high: resb 4096
boot_pd:        resb 4096
boot_stack32:   resb 1024
boot_stack32_top:
boot_cpu_has_nx: resd 1

section .note.GNU-stack noalloc noexec nowrite progbits
