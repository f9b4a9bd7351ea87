/* sys/resource.h - resource limits for sys_getrlimit/setrlimit/prlimit64
 * (Linux's numbers and struct, from kernel/uapi/rlimit.h). */
#ifndef USER_SYS_RESOURCE_H
#define USER_SYS_RESOURCE_H

#include "kernel/uapi/rlimit.h"

#endif
