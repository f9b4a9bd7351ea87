/*
 * file_numbers.h - Linux's numbers for files: open flags, the *at flags,
 * fcntl commands and st_mode bits, shared by the kernel (kernel/fs/,
 * kernel/syscall/sys_fd.c, sys_file.c) and user space (user/include/
 * fcntl.h, sys/stat.h), so each value is written once.
 */
#ifndef PORTCULLIS_UAPI_FILE_NUMBERS_H
#define PORTCULLIS_UAPI_FILE_NUMBERS_H

/* open(2) flags (x86-64 values). */
#define O_RDONLY    0
#define O_WRONLY    1
#define O_RDWR	    2
#define O_ACCMODE   3
#define O_CREAT	    0x40
#define O_EXCL	    0x80
#define O_TRUNC	    0x200
#define O_APPEND    0x400
#define O_NONBLOCK  0x800
#define O_LARGEFILE 0x8000
#define O_DIRECTORY 0x10000
#define O_NOFOLLOW  0x20000
#define O_CLOEXEC   0x80000

/* The *at calls: dirfd for "the working directory", and flags. */
#define AT_FDCWD	    -100
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_NO_AUTOMOUNT	    0x800
#define AT_EMPTY_PATH	    0x1000

/* fcntl(2) commands and the descriptor flag. */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC	1

/* st_mode's file type. */
#define S_IFMT	    0170000
#define S_IFIFO	    0010000
#define S_IFCHR	    0020000
#define S_IFDIR	    0040000
#define S_IFREG	    0100000
#define S_IFLNK	    0120000
#define S_ISDIR(m)  (((m)&S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m)&S_IFMT) == S_IFCHR)
#define S_ISREG(m)  (((m)&S_IFMT) == S_IFREG)
#define S_ISLNK(m)  (((m)&S_IFMT) == S_IFLNK)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)

#endif
