/*
 * pipe.c - pipes: a ring buffer between a read end and a write end.
 *
 * The semantics are pipe(7)'s:
 *   - read blocks while the pipe is empty and a writer exists; with no
 *     writer left it returns 0 (end of file).  It returns what is there,
 *     up to the count asked for.
 *   - write blocks while there is no room.  A write of at most PIPE_BUF
 *     bytes is atomic: it waits until all of it fits.  A larger one may be
 *     split, returning early only if a signal or O_NONBLOCK stops it.
 *   - with no reader left, write raises SIGPIPE and fails with EPIPE.
 *   - O_NONBLOCK turns every wait into EAGAIN (after a partial write, the
 *     count so far).
 *   - a signal that will be acted on ends a wait: EINTR, or the count
 *     transferred so far.
 * Both ends sleep on the pipe itself; any change (data, room, an end
 * closing) wakes everyone, and each sleeper re-checks its own condition.
 */
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/uaccess.h"

#define PIPE_SIZE PAGE_SIZE /* one frame; Linux has 16 pages */
#define PIPE_BUF  4096 /* writes up to this size are atomic (POSIX >= 512) */

struct pipe {
	uint8_t *buf;
	uint32_t head;	/* index of the oldest byte */
	uint32_t count; /* bytes in the buffer */
	int readers, writers;
};

static uint32_t min_u32(uint64_t a, uint32_t b)
{
	return a < b ? (uint32_t)a : b;
}

/* Copies up to len bytes out of the ring; consumes only what reached the
 * user.  Returns the count, or -EFAULT when nothing could be copied. */
static long ring_to_user(struct pipe *p, uint64_t buf, uint64_t len)
{
	uint32_t want = min_u32(len, p->count), done = 0;
	while (done < want) {
		uint32_t run = min_u32(want - done, PIPE_SIZE - p->head);
		if (copy_to_user(buf + done, p->buf + p->head, run))
			return done ? (long)done : -EFAULT;
		p->head = (p->head + run) % PIPE_SIZE;
		p->count -= run;
		done += run;
	}
	return (long)done;
}

/* Copies up to len bytes into the ring's free space. */
static long ring_from_user(struct pipe *p, uint64_t buf, uint64_t len)
{
	uint32_t want = min_u32(len, PIPE_SIZE - p->count), done = 0;
	while (done < want) {
		uint32_t tail = (p->head + p->count) % PIPE_SIZE;
		uint32_t run = min_u32(want - done, PIPE_SIZE - tail);
		if (copy_from_user(p->buf + tail, buf + done, run))
			return done ? (long)done : -EFAULT;
		p->count += run;
		done += run;
	}
	return (long)done;
}

static long pipe_read(struct file *f, uint64_t buf, uint64_t len)
{
	struct pipe *p = f->priv;
	struct proc *self = proc_current();
	if (len == 0)
		return 0;
	while (p->count == 0) {
		if (p->writers == 0)
			return 0; /* end of file */
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_has_deliverable(self))
			return -EINTR;
		sched_sleep(p);
	}
	long n = ring_to_user(p, buf, len);
	if (n > 0)
		sched_wakeup(p); /* room for the writers */
	return n;
}

static long pipe_write(struct file *f, uint64_t buf, uint64_t len)
{
	struct pipe *p = f->priv;
	struct proc *self = proc_current();
	uint64_t done = 0;
	while (done < len) {
		if (p->readers == 0) {
			signal_send(self, SIGPIPE, 0);
			return done ? (long)done : -EPIPE;
		}
		uint32_t room = PIPE_SIZE - p->count;
		/* Atomic: a small write waits until all of it fits. */
		bool fits =
		    len - done > PIPE_BUF ? room > 0 : room >= len - done;
		if (!fits) {
			if (f->flags & O_NONBLOCK)
				return done ? (long)done : -EAGAIN;
			if (signal_has_deliverable(self))
				return done ? (long)done : -EINTR;
			sched_sleep(p);
			continue;
		}
		long n = ring_from_user(p, buf + done, len - done);
		if (n < 0)
			return done ? (long)done : n;
		done += (uint64_t)n;
		sched_wakeup(p); /* data for the readers */
	}
	return (long)done;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	if (p->readers == 0 && p->writers == 0) {
		frame_free(virt_to_phys(p->buf));
		kfree(p);
		return;
	}
	sched_wakeup(p); /* EOF for readers, EPIPE for writers */
}

static const struct file_ops pipe_ops = {
    .read = pipe_read,
    .write = pipe_write,
    .ioctl = NULL,
    .release = pipe_release,
    .mode = 0010600, /* a FIFO, rw------- */
    .rdev = 0,
};

int pipe_create(unsigned flags, struct file **read_end, struct file **write_end)
{
	struct pipe *p = kzalloc(sizeof(*p));
	/* The buffer is a frame, not heap: see fdtable.c on why. */
	uint64_t buf_phys = frame_alloc();
	uint8_t *buf = buf_phys ? phys_to_virt(buf_phys) : NULL;
	struct file *r = NULL, *w = NULL;
	if (p && buf) {
		r = file_alloc(&pipe_ops, O_RDONLY | flags, p);
		w = file_alloc(&pipe_ops, O_WRONLY | flags, p);
	}
	if (!r || !w) {
		kfree(r);
		kfree(w);
		if (buf)
			frame_free(buf_phys);
		kfree(p);
		return -ENOMEM;
	}
	p->buf = buf;
	p->readers = p->writers = 1;
	*read_end = r;
	*write_end = w;
	return 0;
}
