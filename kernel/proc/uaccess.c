/*
 * uaccess.c - range checks in front of the fault-tolerant copy
 * (arch/x86_64/usercopy.asm).
 */
#include "kernel/proc/uaccess.h"
#include "kernel/errno.h"

long user_copy(void *dst, const void *src, size_t n);

int copy_from_user(void *dst, uint64_t user_src, size_t len)
{
	if (!len)
		return 0;
	if (!user_range_ok(user_src, len))
		return -EFAULT;
	return (int)user_copy(dst, (const void *)user_src, len);
}

int copy_to_user(uint64_t user_dst, const void *src, size_t len)
{
	if (!len)
		return 0;
	if (!user_range_ok(user_dst, len))
		return -EFAULT;
	return (int)user_copy((void *)user_dst, src, len);
}

long copy_string_from_user(char *dst, uint64_t user_src, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		char c;
		int err = copy_from_user(&c, user_src + i, 1);
		if (err)
			return err;
		dst[i] = c;
		if (!c)
			return (long)i;
	}
	return -ENAMETOOLONG;
}
