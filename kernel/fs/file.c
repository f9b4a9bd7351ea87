/*
 * file.c - open file descriptions, and the console as a file.
 *
 * The console file stands for the terminal a boot program was started
 * on: reading takes bytes typed on the serial line, writing prints on
 * every console.  It answers the two terminal ioctls the C libraries ask
 * before deciding how to buffer stdout: TCGETS (is this a terminal?) and
 * TIOCGWINSZ (how big is it?).  A "yes" makes stdio line-buffer it, so a
 * program that prints and then forks does not print its lines twice.
 */
#include "kernel/fs/file.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/uaccess.h"

struct file *file_alloc(const struct file_ops *ops, unsigned flags, void *priv)
{
	struct file *f = kzalloc(sizeof(*f));
	if (!f)
		return NULL;
	f->refs = 1;
	f->flags = flags;
	f->ops = ops;
	f->priv = priv;
	f->node = -1;
	return f;
}

void file_get(struct file *f)
{
	f->refs++;
}

void file_put(struct file *f)
{
	if (f->refs <= 0)
		panic("file %p has no reference to drop", (void *)f);
	if (--f->refs > 0)
		return;
	if (f->ops->release)
		f->ops->release(f);
	kfree(f);
}

/* ---- the console ------------------------------------------------------ */

#define CONSOLE_CHUNK 256

static long console_file_write(struct file *f, uint64_t buf, uint64_t len)
{
	char chunk[CONSOLE_CHUNK];
	uint64_t done = 0;
	(void)f;
	while (done < len) {
		/* Megabytes of mapped memory can be written at once, and the
		 * UART takes its time: let the clock and others run. */
		preempt_point();
		size_t n =
		    len - done < CONSOLE_CHUNK ? len - done : CONSOLE_CHUNK;
		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		console_write_user(chunk, n);
		done += n;
	}
	return (long)done;
}

/* Blocks until at least one byte arrives (unless O_NONBLOCK), then
 * returns what is waiting.  The serial driver has no receive interrupt
 * for us to sleep on, so the wait polls once a tick. */
static long console_file_read(struct file *f, uint64_t buf, uint64_t len)
{
	struct proc *self = proc_current();
	int c;
	if (len == 0)
		return 0;
	while ((c = console_getc()) < 0) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		sched_sleep_until(arch_ticks() + 1);
		if (signal_has_deliverable(self))
			return -EINTR;
	}
	uint64_t n = 0;
	do {
		char byte = (char)c;
		if (copy_to_user(buf + n, &byte, 1))
			return n ? (long)n : -EFAULT;
		n++;
	} while (n < len && (c = console_getc()) >= 0);
	return (long)n;
}

/* ioctl requests and the kernel's struct termios and winsize (Linux
 * x86-64, asm-generic/termbits.h and ioctls.h). */
#define TCGETS	   0x5401
#define TIOCGWINSZ 0x5413
#define NCCS	   19

struct k_termios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};
_Static_assert(sizeof(struct k_termios) == 36, "struct termios");

struct k_winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* What a freshly opened Linux terminal reports ("stty sane"): ICRNL|IXON,
 * OPOST|ONLCR, B38400|CS8|CREAD, ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|
 * ECHOKE|IEXTEN, and the usual control characters (^C ^\ DEL ^U ^D ...).
 * Portcullis does no line editing: the settings are reported, not
 * applied, and there is no TCSETS to change them. */
static const struct k_termios console_termios = {
    .c_iflag = 0x0500,
    .c_oflag = 0x0005,
    .c_cflag = 0x00bf,
    .c_lflag = 0x8a3b,
    .c_line = 0,
    .c_cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22},
};

/* The VGA text screen's size; the serial line has none of its own. */
#define CONSOLE_ROWS 25
#define CONSOLE_COLS 80

static long console_file_ioctl(struct file *f, uint64_t request, uint64_t arg)
{
	(void)f;
	switch (request) {
	case TCGETS:
		return copy_to_user(arg, &console_termios,
				    sizeof(console_termios));
	case TIOCGWINSZ: {
		struct k_winsize ws = {CONSOLE_ROWS, CONSOLE_COLS, 0, 0};
		return copy_to_user(arg, &ws, sizeof(ws));
	}
	default:
		return -ENOTTY;
	}
}

static const struct file_ops console_ops = {
    .read = console_file_read,
    .write = console_file_write,
    .ioctl = console_file_ioctl,
    .release = NULL,
    .mode = 0020620, /* a character device, rw--w---- like a tty */
    .rdev = 5 << 8 | 1,
};

struct file *console_file_open(unsigned flags)
{
	return file_alloc(&console_ops, flags, NULL);
}
