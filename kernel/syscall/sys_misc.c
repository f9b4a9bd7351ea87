/*
 * sys_misc.c - uname, arch_prctl and Portcullis's own information calls.
 * (Reading and writing files, the console among them, is sys_fd.c.)
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
