/*
 * fcntl.h - open flags and fcntl commands (Linux x86-64 values).
 */
#ifndef USER_FCNTL_H
#define USER_FCNTL_H

/* O_*, AT_*, F_* and FD_CLOEXEC: the kernel's own numbers. */
#include "kernel/uapi/file_numbers.h"

/* What getdents64 fills in, one record after another (d_reclen apart). */
struct linux_dirent64 {
	unsigned long d_ino;
	long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Terminal ioctls and what they fill in. */
#define TCGETS	   0x5401
#define TIOCGWINSZ 0x5413
struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#endif
