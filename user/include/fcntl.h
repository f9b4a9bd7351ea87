/*
 * fcntl.h - open flags and fcntl commands (Linux x86-64 values).
 */
#ifndef USER_FCNTL_H
#define USER_FCNTL_H

#define O_RDONLY    0
#define O_WRONLY    1
#define O_RDWR	    2
#define O_ACCMODE   3
#define O_APPEND    0x400
#define O_NONBLOCK  0x800
#define O_CREAT	    0x40
#define O_EXCL	    0x80
#define O_TRUNC	    0x200
#define O_DIRECTORY 0x10000
#define O_NOFOLLOW  0x20000
#define O_CLOEXEC   0x80000

/* The *at calls: dirfd for "the working directory", and flags. */
#define AT_FDCWD	    -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EMPTY_PATH	    0x1000

/* What getdents64 fills in, one record after another (d_reclen apart). */
struct linux_dirent64 {
	unsigned long d_ino;
	long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC	1

/* Terminal ioctls and what they fill in. */
#define TCGETS	   0x5401
#define TIOCGWINSZ 0x5413
struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

#endif
