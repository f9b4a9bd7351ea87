/*
 * sys_misc.c - console I/O, uname, ioctl, arch_prctl and Portcullis's own
 * information calls.
 *
 * There is no file system: fd 0 reads the serial console, fds 1 and 2
 * write to every console, and every other fd is -EBADF.
 */
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"
#include "kernel/version.h"

#define CHUNK	256
#define IOV_MAX 1024

static long write_console(uint64_t buf, uint64_t len)
{
	char chunk[CHUNK];
	uint64_t done = 0;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	while (done < len) {
		/* Megabytes of mapped memory can be written at once, and the
		 * UART takes its time: let the clock and others run. */
		preempt_point();
		size_t n = len - done < CHUNK ? len - done : CHUNK;
		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		console_write_user(chunk, n);
		done += n;
	}
	return (long)done;
}

long sys_write(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	if (a0 != 1 && a0 != 2)
		return -EBADF;
	return write_console(a1, a2);
}

struct k_iovec {
	uint64_t base;
	uint64_t len;
};

long sys_writev(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	if (a0 != 1 && a0 != 2)
		return -EBADF;
	if (a2 > IOV_MAX)
		return -EINVAL;
	long total = 0;
	for (uint64_t i = 0; i < a2; i++) {
		struct k_iovec iov;
		if (copy_from_user(&iov, a1 + i * sizeof(iov), sizeof(iov)))
			return -EFAULT;
		long n = write_console(iov.base, iov.len);
		if (n < 0)
			return total ? total : n;
		total += n;
	}
	return total;
}

/* Blocks until at least one byte arrives, then returns what is waiting. */
long sys_read(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	if (a0 != 0)
		return -EBADF;
	if (!user_range_ok(a1, a2))
		return -EFAULT;
	if (a2 == 0)
		return 0;
	struct proc *self = proc_current();
	int c;
	while ((c = console_getc()) < 0) {
		sched_sleep_until(arch_ticks() + 1); /* poll once a tick */
		if (signal_has_deliverable(self))
			return -EINTR;
	}
	uint64_t n = 0;
	do {
		char byte = (char)c;
		if (copy_to_user(a1 + n, &byte, 1))
			return n ? (long)n : -EFAULT;
		n++;
	} while (n < a2 && (c = console_getc()) >= 0);
	return (long)n;
}

struct k_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	    domainname[65];
};

long sys_uname(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	struct k_utsname u;
	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Portcullis", sizeof(u.sysname));
	strlcpy(u.nodename, "portcullis", sizeof(u.nodename));
	strlcpy(u.release, PORTCULLIS_VERSION, sizeof(u.release));
	strlcpy(u.version, "teaching microkernel", sizeof(u.version));
	strlcpy(u.machine, "x86_64", sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(a0, &u, sizeof(u));
}

long sys_ioctl(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	if (a0 > 2)
		return -EBADF;
	return -ENOTTY; /* the consoles are not terminals */
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

long sys_arch_prctl(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_2;
	struct proc *p = proc_current();
	switch (a0) {
	case ARCH_SET_FS:
		/* A non-canonical base would make WRMSR fault in ring 0. */
		if (a1 >= USER_LIMIT)
			return -EPERM;
		arch_set_fs_base(p, a1);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(a1, &p->arch.fs_base, sizeof(uint64_t));
	default:
		return -EINVAL; /* GS belongs to the kernel (SWAPGS) */
	}
}

long sys_pc_free_frames(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_0;
	return (long)frames_free();
}

long sys_pc_kernel_info(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	struct pc_kernel_info info = {
	    .tick_hz = arch_tick_hz(),
	    .ticks = arch_ticks(),
	    .free_frames = frames_free(),
	    .total_frames = frames_total(),
	    .nprocs = (uint64_t)proc_count_live(),
	};
	return copy_to_user(a0, &info, sizeof(info));
}
