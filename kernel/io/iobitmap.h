/*
 * iobitmap.h - per-process I/O port permissions and the lazily switched TSS
 * I/O bitmap.  (The mechanism arrives with the I/O-permission milestone;
 * the scheduler and the process code already call these hooks at the
 * points where the design needs them.)
 */
#ifndef KERNEL_IO_IOBITMAP_H
#define KERNEL_IO_IOBITMAP_H

struct proc;

/* On a context switch away from prev: invalidate the TSS map if prev had
 * I/O state. */
void iobitmap_switch_out(struct proc *prev, struct proc *next);
/* On every return to ring 3 of p: make the TSS map p's. */
void iobitmap_return_to_user(struct proc *p);
/* fork: the child shares the parent's bitmap; exit: drop it. */
void iobitmap_fork(struct proc *child, struct proc *parent);
void iobitmap_exit(struct proc *p);

#endif
