/*
 * ioperm.c - ioperm(2), iopl(2) and the Portcullis calls that steer and
 * observe the bitmap mechanism.
 *
 * Semantics are Linux's (man 2 ioperm, man 2 iopl):
 *   - turning ports on needs privilege (here: effective uid 0), turning
 *     them off never does;
 *   - the bitmap is shared after fork, so it is copied before a change
 *     (copy on write), and all of this happens before anything is
 *     modified: -ENOMEM leaves the old state exactly as it was;
 *   - iopl(3) is emulated with the all-zero map: EFLAGS.IOPL stays 0, so
 *     CLI, STI and POPF keep their ring-3 behaviour.
 * None of this touches the TSS: the change reaches it on the return to
 * user mode right after the system call (iobitmap.c).
 */
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/format.h"
#include "kernel/io/iobitmap.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/uaccess.h"
#include "kernel/syscall/syscall_table.h"

/* The global sequence counter (see iobitmap.h for why it is global).  At
 * one change per nanosecond it would wrap after 584 years. */
static uint64_t io_sequence;

static uint64_t next_sequence(void)
{
	/* Atomic so that CPUs changing bitmaps at once get distinct values. */
	return __atomic_add_fetch(&io_sequence, 1, __ATOMIC_SEQ_CST);
}

static bool privileged(const struct proc *p)
{
	return p->euid == 0;
}

int iobitmap_ioperm(struct proc *p, uint64_t from, uint64_t num, bool on)
{
	int err = io_range_check(from, num);
	if (err)
		return err;
	if (on && !privileged(p))
		return -EPERM;

	struct io_bitmap *old = p->io_bitmap, *b = old;
	if (!b) {
		if (!on)
			return 0; /* nothing to turn off: allocate nothing */
		b = kmalloc(sizeof(*b));
		if (!b)
			return -ENOMEM;
		io_bits_deny_all(b->bits);
		b->refs = 1;
	} else if (b->refs > 1) {
		b = kmalloc(sizeof(*b));
		if (!b)
			return -ENOMEM; /* the shared bitmap is untouched */
		memcpy(b->bits, old->bits, sizeof(b->bits));
		b->refs = 1;
		old->refs--;
	}

	/* Nothing below fails. */
	/* Bytes past both the old max and the changed range are still
	 * 0xff: only what lies below needs looking at. */
	unsigned range_end = (unsigned)((from + num + 7) / 8);
	unsigned limit = old && old->max > range_end ? old->max : range_end;
	io_bits_set_range(b->bits, (unsigned)from, (unsigned)num, on);
	b->max = io_bits_max_below(b->bits, limit);
	if (b->max == 0) {
		/* Everything denied again: no I/O state at all, which also
		 * makes the next return to user mode invalidate the map. */
		kfree(b);
		p->io_bitmap = NULL;
		return 0;
	}
	b->sequence = next_sequence();
	p->io_bitmap = b;
	return 0;
}

int iobitmap_iopl(struct proc *p, uint64_t level)
{
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

const char *iobitmap_deny_reason(struct proc *p, unsigned port, unsigned width)
{
	static char reason[80];

	if (p->iopl == 3)
		return NULL; /* cannot happen: every port is open */
	if (!p->io_bitmap)
		return p->iopl ? "iopl 1 and 2 act as 0, and no ioperm() bitmap"
			       : "the process has no I/O bitmap: ioperm() was "
				 "never called";
	long denied = io_bits_first_denied(p->io_bitmap->bits, port, width);
	if (denied >= (long)IO_PORT_COUNT)
		return "the access runs past port 0xffff";
	if (denied < 0)
		return NULL;
	if (denied == (long)port)
		ksnprintf(reason, sizeof(reason),
			  "its bitmap denies port 0x%lx",
			  (unsigned long)denied);
	else
		ksnprintf(reason, sizeof(reason),
			  "its bitmap allows 0x%x but denies port 0x%lx", port,
			  (unsigned long)denied);
	return reason;
}

long sys_ioperm(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_3;
	return iobitmap_ioperm(proc_current(), a0, a1, a2 != 0);
}

long sys_iopl(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	return iobitmap_iopl(proc_current(), a0);
}

long sys_pc_iobitmap_strategy(SYSCALL_ARGS)
{
	SYSCALL_UNUSED_ARGS_FROM_1;
	long previous = iobitmap_strategy();
	if ((long)a0 == -1)
		return previous;
	if (a0 > IO_STRATEGY_FULL)
		return -EINVAL;
	if (!privileged(proc_current()))
		return -EPERM;
	iobitmap_set_strategy((enum io_strategy)a0);
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
