/* sys/uio.h - scatter/gather buffers for sys_writev(). */
#ifndef USER_SYS_UIO_H
#define USER_SYS_UIO_H

#include <stddef.h>

struct iovec {
	void *iov_base;
	size_t iov_len;
};

#endif
