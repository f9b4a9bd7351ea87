/*
 * sys_mem.h - what the memory system calls (sys_mem.c, sys_mprotect.c)
 * share.
 */
#ifndef KERNEL_SYSCALL_SYS_MEM_H
#define KERNEL_SYSCALL_SYS_MEM_H

#include <stdint.h>

struct vm_space;

/* Nothing is ever mapped below this (Linux's mmap_min_addr, 64 KiB):
 * MAP_FIXED there fails with -EPERM, a lower hint is not used. */
#define MMAP_MIN_ADDR 0x10000ull

/* The vm.h page flags for mmap rights (VM_PROT_*): VM_NOACCESS for none. */
unsigned mem_vm_flags(unsigned prot);
/* Backs every unbacked page of [start, end) with a fresh zeroed frame
 * mapped with flags.  0 or -ENOMEM. */
int mem_back_range(struct vm_space *vm, uint64_t start, uint64_t end,
		   unsigned flags);

#endif
