/*
 * uaccess.h - the only way the kernel touches user memory.
 *
 * Every pointer a system call receives is a user claim, not a fact.  These
 * helpers reject ranges that are not entirely in the user half (so a
 * kernel address can never be read or written on a process's behalf), and
 * turn a fault on an unmapped or read-only user page into -EFAULT (see
 * arch/x86_64/usercopy.asm) instead of a kernel fault.
 */
#ifndef KERNEL_PROC_UACCESS_H
#define KERNEL_PROC_UACCESS_H

#include <stddef.h>
#include <stdint.h>

#define USER_LIMIT 0x0000800000000000ull /* first non-user address */

/* True when [addr, addr + len) lies wholly in user space. */
static inline int user_range_ok(uint64_t addr, size_t len)
{
	return addr < USER_LIMIT && len <= USER_LIMIT - addr;
}

/* 0 or -EFAULT. */
int copy_from_user(void *dst, uint64_t user_src, size_t len);
int copy_to_user(uint64_t user_dst, const void *src, size_t len);
/* Copies a NUL-terminated string of at most max-1 characters.  Returns its
 * length, -EFAULT, or -ENAMETOOLONG when no NUL came within max bytes. */
long copy_string_from_user(char *dst, uint64_t user_src, size_t max);

#endif
