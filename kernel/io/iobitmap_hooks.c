/*
 * iobitmap_hooks.c - until ioperm()/iopl() exist no process has I/O state,
 * so there is nothing to switch: the TSS map base stays INVALID (set at
 * boot by tss_init) and every ring-3 IN/OUT faults.  Replaced by the real
 * mechanism in the I/O-permission milestone.
 */
#include "kernel/io/iobitmap.h"
#include "kernel/proc/proc.h"

void iobitmap_switch_out(struct proc *prev, struct proc *next)
{
	(void)prev;
	(void)next;
}

void iobitmap_return_to_user(struct proc *p)
{
	(void)p;
}

void iobitmap_fork(struct proc *child, struct proc *parent)
{
	child->io_bitmap = NULL;
	child->iopl = parent->iopl;
}

void iobitmap_exit(struct proc *p)
{
	p->io_bitmap = NULL;
	p->iopl = 0;
}
