/*
 * ioperm.c - ioperm(2), iopl(2) and the Portcullis calls that steer and
 * observe the bitmap mechanism: argument and privilege checks only; the
 * work is iobitmap.c's (the bitmap object) and io_cpu.c's (the strategy
 * and counters).
 *
 * Semantics are Linux's (man 2 ioperm, man 2 iopl):
 *   - turning ports on needs privilege (here: effective uid 0), turning
 *     them off never does;
 *   - iopl(3) is emulated with the all-zero map: EFLAGS.IOPL stays 0, so
 *     CLI, STI and POPF keep their ring-3 behaviour.
 */
#include "kernel/errno.h"
#include "kernel/io/iobitmap.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

static bool privileged(const struct proc *p)
{
	return p->euid == 0;
}

/* The system call's rules; the work is iobitmap_change()'s. */
static long ioperm(struct proc *p, uint64_t from, uint64_t num, bool on)
{
	/* LAB 2: BEGIN SOLUTION */
	int err = io_range_check(from, num);
	if (err)
		return err;
	if (on && !privileged(p))
		return -EPERM;
	return iobitmap_change(p, (unsigned)from, (unsigned)num, on);
	/* LAB 2: END SOLUTION */
	/* LAB 2: HINT
	 * Check the arguments first (io_range_check), then the privilege:
	 * turning ports on needs euid 0, turning them off never does.
	 * Then iobitmap_change() does the work.
	 * LAB 2: CODE
	 *	(void)p;
	 *	(void)from;
	 *	(void)num;
	 *	(void)on;
	 *	return -ENOSYS;
	 * LAB 2: END HINT */
}

/* Nothing here touches the TSS: the return to user mode that follows
 * finds the new sequence and copies (docs/io-bitmap.md). */
long sys_ioperm(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	struct proc *p = proc_current();
	/* LAB 4: INTERMEDIATE
	 * The design of the seed patch as posted: ioperm() brings the new
	 * bits into this CPU's TSS map itself, at once, copying as many
	 * bytes as the process's old and new bitmaps cover.
	 * LAB 4: CODE
	 *	unsigned own_max = p->io_bitmap ? p->io_bitmap->max : 0;
	 * LAB 4: END INTERMEDIATE */
	long err = ioperm(p, a0, a1, a2 != 0);
	/* LAB 4: INTERMEDIATE
	 * LAB 4: CODE
	 *	if (err == 0)
	 *		iobitmap_ioperm_load(p, own_max);
	 * LAB 4: END INTERMEDIATE */
	return err;
}

long sys_iopl(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	struct proc *p = proc_current();
	uint64_t level = a0;

	if (level > 3)
		return -EINVAL;
	if (level > (uint64_t)p->iopl && !privileged(p))
		return -EPERM;
	/* Levels 1 and 2 are kept (so raising from them is judged right)
	 * but act as 0: only 3 opens ports.  Back below 3, the process's own
	 * bitmap, untouched meanwhile, applies again. */
	p->iopl = (int)level;
	return 0;
}

long sys_pc_iobitmap_strategy(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	long previous = iobitmap_strategy();
	if ((long)a0 == -1)
		return previous;
	if (a0 >= PC_IOBITMAP_STRATEGIES)
		return -EINVAL;
	if (!privileged(proc_current()))
		return -EPERM;
	iobitmap_set_strategy((enum pc_iobitmap_strategy)a0);
	return previous;
}

long sys_pc_io_counters(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	struct pc_io_counters c;
	if (a0 > 0xffffffffu || !iobitmap_counters((unsigned)a0, &c))
		return -EINVAL;
	if (a2 && !privileged(proc_current()))
		return -EPERM;
	if (a1 && copy_to_user(a1, &c, sizeof(c)))
		return -EFAULT;
	if (a2)
		iobitmap_reset_counters((unsigned)a0);
	return 0;
}
