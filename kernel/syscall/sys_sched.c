/*
 * sys_sched.c - sched_setaffinity, sched_getaffinity and getcpu.
 *
 * The affinity mask is a bitmap of CPUs, passed as an array of longs whose
 * length in bytes the caller gives.  Linux's rules, which programs depend
 * on (the ioperm/iopl selftests pin themselves to CPU 0 first thing):
 *   - getaffinity needs room for every possible CPU (len * 8 >= the
 *     number of CPU ids) and a multiple of sizeof(long), else -EINVAL; it
 *     writes the kernel's mask size in bytes (here one long, 8) and
 *     returns that size, not 0;
 *   - setaffinity reads at most the kernel's mask size (a shorter mask is
 *     zero-extended, a longer one's extra bytes are ignored), keeps only
 *     CPUs that exist, and fails with -EINVAL if none is left;
 *   - pid 0 is the caller; a pid that does not exist is -ESRCH; changing
 *     another user's process needs root (-EPERM).
 * A process whose CPU leaves its mask moves at once (sched.c,
 * sched_affinity_changed): the caller before this call returns, another
 * process before it runs another user instruction there.
 */
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

#define CPU_MASK_BYTES 8 /* one long: a bit for each of ARCH_MAX_CPUS */
_Static_assert(ARCH_MAX_CPUS <= CPU_MASK_BYTES * 8, "one mask word");

static struct proc *target(uint64_t pid)
{
	if (pid == 0)
		return proc_current();
	if ((int64_t)(int32_t)pid != (int64_t)pid || (int32_t)pid < 0)
		return NULL;
	struct proc *p = proc_by_pid((int)pid);
	if (!p || p->state == PROC_EMBRYO || p->state == PROC_ZOMBIE)
		return NULL;
	return p;
}

long sys_sched_getaffinity(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	uint64_t len = (uint32_t)a1; /* an unsigned int in the ABI */
	if (len * 8 < sched_cpu_count() || (len & (sizeof(long) - 1)))
		return -EINVAL;
	struct proc *p = target(a0);
	if (!p)
		return -ESRCH;
	uint64_t mask = p->cpu_affinity & sched_all_cpus();
	if (copy_to_user(a2, &mask, CPU_MASK_BYTES))
		return -EFAULT;
	return CPU_MASK_BYTES;
}

long sys_sched_setaffinity(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	struct proc *self = proc_current();
	uint64_t mask = 0;
	uint64_t len = (uint32_t)a1; /* an unsigned int in the ABI */
	size_t n = len < CPU_MASK_BYTES ? (size_t)len : CPU_MASK_BYTES;
	if (n && copy_from_user(&mask, a2, n))
		return -EFAULT;
	struct proc *p = target(a0);
	if (!p)
		return -ESRCH;
	if (self->euid != 0 && self->euid != p->uid && self->euid != p->euid)
		return -EPERM;
	mask &= sched_all_cpus();
	if (!mask)
		return -EINVAL;
	p->cpu_affinity = mask;
	sched_affinity_changed(p);
	return 0;
}

/* getcpu(cpu, node, unused): the CPU the caller runs on (node 0: one NUMA
 * node).  As on Linux the answer may be stale by the time the caller
 * looks, unless its affinity allows one CPU only. */
long sys_getcpu(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	(void)a2; /* tcache: unused by Linux too */
	uint32_t cpu = arch_cpu_id(), node = 0;
	if (a0 && copy_to_user(a0, &cpu, sizeof(cpu)))
		return -EFAULT;
	if (a1 && copy_to_user(a1, &node, sizeof(node)))
		return -EFAULT;
	return 0;
}
