/* sys/resource.h - resource limits for sys_getrlimit/setrlimit/prlimit64
 * (Linux's numbers and struct; docs/user-abi.md says which ones count). */
#ifndef USER_SYS_RESOURCE_H
#define USER_SYS_RESOURCE_H

#include <stdint.h>

#define RLIMIT_CPU    0
#define RLIMIT_FSIZE  1
#define RLIMIT_DATA   2
#define RLIMIT_STACK  3
#define RLIMIT_CORE   4
#define RLIMIT_NPROC  6
#define RLIMIT_NOFILE 7
#define RLIMIT_AS     9
#define RLIM_NLIMITS  16
#define RLIM_INFINITY (~0ULL)

struct rlimit {
	uint64_t rlim_cur, rlim_max;
};

#endif
