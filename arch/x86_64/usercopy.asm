; usercopy.asm - the only instructions that touch user memory.
;
; The kernel reads and writes user memory on a process's behalf (a write()
; buffer, a wait4() status).  The pointer comes from user space, so it may
; be unmapped, or point into the kernel.  uaccess.c rejects any range that
; is not entirely below the user limit before calling here; what is left is
; a user address that may not be mapped, or not writable.  Such a fault is
; not a kernel bug: the #PF handler sees that RIP is user_copy_fault_ip and
; resumes at user_copy_fixup, which returns -EFAULT to the system call.
;
; SMAP (CR4.SMAP) makes the CPU fault whenever ring 0 touches a user page,
; so a kernel bug that dereferences a user pointer directly is caught.  STAC
; opens that window just for the copy and CLAC closes it again.  On CPUs
; without SMAP, STAC/CLAC do not exist (#UD), hence the check.

bits 64
section .text
global user_copy
global user_copy_fault_ip
global user_copy_fixup
extern cpu_smap_enabled

EFAULT equ 14

; long user_copy(void *dst (rdi), const void *src (rsi), size_t n (rdx))
; Returns 0, or -EFAULT when a page fault interrupted the copy.
user_copy:
	mov rcx, rdx
	cmp byte [rel cpu_smap_enabled], 0
	je .copy
	stac
.copy:
user_copy_fault_ip:
	rep movsb
	cmp byte [rel cpu_smap_enabled], 0
	je .done
	clac
.done:
	xor eax, eax
	ret

user_copy_fixup:
	cmp byte [rel cpu_smap_enabled], 0
	je .failed
	clac
.failed:
	mov rax, -EFAULT
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
