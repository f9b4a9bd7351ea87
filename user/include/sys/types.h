/*
 * sys/types.h - the POSIX scalar types, sized as on Linux x86-64.
 */
#ifndef USER_SYS_TYPES_H
#define USER_SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef long ssize_t;
typedef long off_t;
typedef long time_t;
typedef int clockid_t;

#endif
