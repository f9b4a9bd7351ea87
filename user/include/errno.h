/*
 * errno.h - Linux's error numbers (the subset Portcullis uses).
 *
 * There is no errno variable in libpc: every call that can fail returns
 * -ECODE directly (see <unistd.h>), so these are only the constants.
 */
#ifndef USER_ERRNO_H
#define USER_ERRNO_H

#define EPERM	     1
#define ENOENT	     2
#define ESRCH	     3
#define EINTR	     4
#define EIO	     5
#define ENXIO	     6
#define E2BIG	     7
#define ENOEXEC	     8
#define EBADF	     9
#define ECHILD	     10
#define EAGAIN	     11
#define ENOMEM	     12
#define EACCES	     13
#define EFAULT	     14
#define EBUSY	     16
#define EEXIST	     17
#define ENODEV	     19
#define ENOTDIR	     20
#define EISDIR	     21
#define EINVAL	     22
#define ENFILE	     23
#define EMFILE	     24
#define ENOTTY	     25
#define ENOSPC	     28
#define ESPIPE	     29
#define EROFS	     30
#define EPIPE	     32
#define ERANGE	     34
#define ENAMETOOLONG 36
#define ENOSYS	     38
#define ELOOP	     40
#define EOPNOTSUPP   95

/* Largest errno the kernel may return: results in [-MAX_ERRNO, -1] are
 * errors, anything else (even a huge unsigned value) is a real result. */
#define MAX_ERRNO 4095

#endif
