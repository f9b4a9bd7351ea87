/*
 * errno.h - error numbers returned by kernel functions and system calls.
 *
 * These are Linux's x86-64 values, on purpose: Portcullis speaks the Linux
 * system call ABI, so a user program's strerror() and the man pages a
 * student reads must agree with what the kernel returns.  Kernel functions
 * that can fail return the negated value (-ENOMEM), 0 or a positive result
 * on success; see CODING.md.
 *
 * Only the numbers the kernel uses are here.  Add more from Linux's
 * include/uapi/asm-generic/errno-base.h and errno.h numbering, never new
 * values of our own.
 */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#define EPERM	     1		/* operation not permitted */
#define ENOENT	     2		/* no such file or directory */
#define ESRCH	     3		/* no such process */
#define EINTR	     4		/* interrupted system call */
#define EIO	     5		/* input/output error */
#define ENXIO	     6		/* no such device or address */
#define E2BIG	     7		/* argument list (or other input) too long */
#define ENOEXEC	     8		/* exec format error */
#define EBADF	     9		/* bad file descriptor */
#define ECHILD	     10		/* no child processes */
#define EAGAIN	     11		/* try again */
#define ENOMEM	     12		/* out of memory */
#define EACCES	     13		/* permission denied */
#define EFAULT	     14		/* bad address */
#define EBUSY	     16		/* device or resource busy */
#define EEXIST	     17		/* file exists */
#define ENODEV	     19		/* no such device */
#define ENOTDIR	     20		/* not a directory */
#define EISDIR	     21		/* is a directory */
#define EINVAL	     22		/* invalid argument */
#define ENFILE	     23		/* too many open files in the system */
#define EMFILE	     24		/* too many open files in this process */
#define ENOTTY	     25		/* not a terminal */
#define EFBIG	     27		/* file too large */
#define ENOSPC	     28		/* no space left on device */
#define ESPIPE	     29		/* illegal seek */
#define EROFS	     30		/* read-only file system */
#define EPIPE	     32		/* broken pipe */
#define EDOM	     33		/* argument out of domain */
#define ERANGE	     34		/* result out of range */
#define ENAMETOOLONG 36		/* file name too long */
#define ENOSYS	     38		/* system call not implemented */
#define ELOOP	     40		/* too many symbolic links */
#define EOPNOTSUPP   95		/* operation not supported */
#define ENOTSUP	     EOPNOTSUPP /* the same number on Linux */
#define ETIMEDOUT    110	/* connection timed out */

#endif
