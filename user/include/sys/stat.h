/* sys/stat.h - struct stat (the kernel's, Linux x86-64) and mode bits. */
#ifndef USER_SYS_STAT_H
#define USER_SYS_STAT_H

#include <stdint.h>

struct stat {
	uint64_t st_dev, st_ino, st_nlink;
	uint32_t st_mode, st_uid, st_gid, pad0_;
	uint64_t st_rdev;
	int64_t st_size, st_blksize, st_blocks;
	uint64_t st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime,
	    st_ctime_nsec;
	int64_t unused_[3];
};

#include "kernel/uapi/file_numbers.h" /* S_IF*, S_IS*: the kernel's */

long sys_stat(const char *path, struct stat *st);
long sys_lstat(const char *path, struct stat *st);
long sys_fstat(int fd, struct stat *st);
long sys_newfstatat(int dirfd, const char *path, struct stat *st, int flags);

#endif
