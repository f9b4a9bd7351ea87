; header.asm - the multiboot2 header: how GRUB recognises Portcullis.
;
; GRUB scans the first 32 KiB of the kernel file for this 8-byte aligned
; structure (linker.ld puts it first).  Besides the magic and checksum it
; carries tags that tell GRUB what we want from it:
;   - an information request for the memory map, the command line, the
;     modules (user programs), the framebuffer and both ACPI RSDP variants;
;   - NO framebuffer request tag (type 5).  Under BIOS grub.cfg says
;     "gfxpayload=text" and we keep VGA text mode; under UEFI (no text mode)
;     GRUB hands over the firmware's GOP framebuffer anyway (800x600x24 in
;     OVMF) and the console copes with 24 and 32 bpp.  The tag is left out
;     on purpose: GRUB 2.06 i386-pc with a framebuffer request and
;     gfxpayload=text corrupts its own heap under Bochs's VBE BIOS ("out of
;     range pointer 0xfff0000", "free magic is broken") and triple-faults
;     before the kernel runs;
;   - page alignment for modules, so user programs can be mapped in place.
; Every tag is 8-byte aligned (multiboot2 spec 3.1.3).

MB2_MAGIC        equ 0xe85250d6
MB2_ARCH_I386    equ 0           ; "i386 protected mode": what GRUB hands us
MB2_TAG_OPTIONAL equ 1

section .multiboot2 align=8
mb2_header_start:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header_start
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header_start))

	align 8
.info_request:                      ; tag type 1
	dw 1, MB2_TAG_OPTIONAL
	dd .info_request_end - .info_request
	dd 1                        ; boot command line
	dd 3                        ; modules
	dd 6                        ; memory map
	dd 8                        ; framebuffer info
	dd 14                       ; ACPI 1.0 RSDP
	dd 15                       ; ACPI 2.0+ RSDP
.info_request_end:

	align 8
.module_align:                      ; tag type 6: page-align modules
	dw 6, 0
	dd 8

	align 8
.end:
	dw 0, 0
	dd 8
mb2_header_end:

section .note.GNU-stack noalloc noexec nowrite progbits
