/*
 * rlimit.h - resource limits: Linux's resource numbers and struct rlimit
 * (getrlimit(2)), shared by the kernel (kernel/proc/rlimit.c) and user
 * space (<sys/resource.h>).  docs/user-abi.md says which ones count.
 */
#ifndef PORTCULLIS_UAPI_RLIMIT_H
#define PORTCULLIS_UAPI_RLIMIT_H

#include <stdint.h>

#define RLIMIT_CPU	  0
#define RLIMIT_FSIZE	  1
#define RLIMIT_DATA	  2
#define RLIMIT_STACK	  3
#define RLIMIT_CORE	  4
#define RLIMIT_RSS	  5
#define RLIMIT_NPROC	  6
#define RLIMIT_NOFILE	  7
#define RLIMIT_MEMLOCK	  8
#define RLIMIT_AS	  9
#define RLIMIT_LOCKS	  10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE	  12
#define RLIMIT_NICE	  13
#define RLIMIT_RTPRIO	  14
#define RLIMIT_RTTIME	  15
#define RLIM_NLIMITS	  16
#define RLIM_INFINITY	  (~(uint64_t)0)

struct rlimit {
	uint64_t rlim_cur; /* the soft limit: what is enforced */
	uint64_t rlim_max; /* the hard limit: the ceiling for rlim_cur */
};

#endif
