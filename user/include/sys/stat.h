/* sys/stat.h - struct stat (the kernel's, Linux x86-64) and mode bits. */
#ifndef USER_SYS_STAT_H
#define USER_SYS_STAT_H

#include <stdint.h>

#include "kernel/uapi/file_numbers.h" /* S_IF*, S_IS*: the kernel's */
#include "kernel/uapi/stat.h"	      /* struct stat: the kernel's */

long sys_stat(const char *path, struct stat *st);
long sys_lstat(const char *path, struct stat *st);
long sys_fstat(int fd, struct stat *st);
long sys_newfstatat(int dirfd, const char *path, struct stat *st, int flags);

#endif
