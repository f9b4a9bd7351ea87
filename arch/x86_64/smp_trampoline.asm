; smp_trampoline.asm - where an application processor starts: 16-bit real
; mode at a page below 1 MiB, up to 64-bit mode in the kernel's higher half.
;
; A STARTUP IPI starts the CPU at CS = vector << 8, IP = 0, in real mode,
; with nothing set up: no GDT, no paging, no stack.  The vector is a page
; number, so this code must sit on a page boundary below 1 MiB.  smp.c
; copies this blob to such a page, fills in smp_trampoline_params (the
; layout is struct trampoline_params in smp.c, with _Static_asserts on
; every offset used here) and builds the page tables it names.
;
; The route is the one the SDM prescribes (vol. 3, "Initializing IA-32e
; Mode"): real mode -> protected mode (CR0.PE) -> a far jump to 32-bit code
; -> PAE, CR3, EFER.LME (and NXE: the kernel's page tables set NX bits, which
; are reserved bits without it) -> CR0.PG, which activates IA-32e mode ->
; a far jump to a 64-bit code segment.  The page tables are the kernel's
; higher half plus an identity map of the first 2 MiB, which holds this
; code: enabling paging must not pull the next instruction out from under
; us.  The first thing the AP does in C is load the kernel's own CR3, which
; drops the identity map.
;
; Nothing here knows its own address: in real mode everything is relative
; to CS, and from 32-bit mode on EBX holds the page's linear address.

bits 16
section .rodata
align 4096

; Offsets of struct trampoline_params fields (smp.c asserts each one).
PARAMS          equ smp_trampoline_params - smp_trampoline_start
P_FAR32         equ PARAMS + 0      ; m16:32 far pointer to tramp32
P_FAR64         equ PARAMS + 8      ; m16:32 far pointer to tramp64
P_GDTR          equ PARAMS + 14     ; limit (16) then base (32)
P_CR3           equ PARAMS + 20     ; the trampoline page tables (< 4 GiB)
P_EFER_BITS     equ PARAMS + 24     ; LME, and NXE when the CPU has NX
P_KERNEL_CR3    equ PARAMS + 32
P_STACK_TOP     equ PARAMS + 40
P_ENTRY         equ PARAMS + 48     ; void ap_main(uint64_t id, uint64_t cr3)
P_CPU_ID        equ PARAMS + 56
P_STARTED       equ PARAMS + 64     ; written 1 once in 64-bit mode

MSR_EFER        equ 0xc0000080
CR0_PE          equ 1 << 0
CR0_PG          equ 1 << 31
CR4_PAE         equ 1 << 5
SEL_CODE64      equ 0x08
SEL_DATA        equ 0x10

global smp_trampoline_start
global smp_trampoline_end
global smp_trampoline_params
global smp_trampoline_gdt
global smp_trampoline_32
global smp_trampoline_64

smp_trampoline_start:
	cli
	cld
	mov ax, cs
	mov ds, ax
	movzx ebx, ax
	shl ebx, 4                  ; this page's linear address
	o32 lgdt [P_GDTR]           ; o32: a 32-bit base, not 24 bits
	mov eax, cr0
	or eax, CR0_PE
	mov cr0, eax
	jmp dword far [P_FAR32]     ; CS from the new GDT: 32-bit code

bits 32
smp_trampoline_32:
	mov ax, SEL_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, [ebx + P_CR3]
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, [ebx + P_EFER_BITS]
	wrmsr
	mov eax, cr0
	or eax, CR0_PG              ; IA-32e mode is active from here
	mov cr0, eax
	jmp far [ebx + P_FAR64]     ; a code segment with L=1: 64-bit mode

bits 64
smp_trampoline_64:
	; The upper halves of the registers are undefined after the switch:
	; writing EBX zero-extends it.
	mov ebx, ebx
	mov ax, SEL_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov rsp, [rbx + P_STACK_TOP]
	mov rdi, [rbx + P_CPU_ID]
	mov rsi, [rbx + P_KERNEL_CR3]
	mov rax, [rbx + P_ENTRY]
	mov dword [rbx + P_STARTED], 1
	xor ebp, ebp                ; backtraces end at ap_main
	push 0                      ; a return address of 0: nothing below
	jmp rax

align 8
; Flat descriptors: 64-bit code, data, 32-bit code.  Their bases are 0, so
; linear addresses are used everywhere above.
smp_trampoline_gdt:
	dq 0
	dq 0x00af9a000000ffff       ; 0x08: code, DPL 0, L=1, G
	dq 0x00cf92000000ffff       ; 0x10: data, writable, D/B=1, G
	dq 0x00cf9a000000ffff       ; 0x18: code, DPL 0, D=1 (32-bit), G

align 8
smp_trampoline_params:
	times 72 db 0
smp_trampoline_end:

section .note.GNU-stack noalloc noexec nowrite progbits
