/*
 * stdio.c - printf and friends on top of the kernel's formatter.
 *
 * kernel/lib/format.c is compiled into libpc unchanged, so user programs
 * and the kernel print numbers with the very same code.  Output collects
 * in a buffer on the caller's stack and goes out with sys_write() when the
 * buffer fills and at the end of the call.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernel/format.h"

/* Big enough that one line of test output is one write (and so is not
 * torn apart by another process's output), small enough for any stack. */
#define OUT_BUF_SIZE 256

struct fd_sink {
	int fd;
	size_t used;
	long error; /* first -errno from sys_write, or 0 */
	char buf[OUT_BUF_SIZE];
};

/* Writes everything, retrying short writes; returns 0 or -errno. */
static long write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		long n = sys_write(fd, p, len);

		if (n < 0)
			return n;
		if (n == 0)
			return -EIO; /* no progress: don't spin forever */
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void sink_flush(struct fd_sink *sink)
{
	/* After one failure, drop the rest rather than write a garbled tail. */
	if (sink->error == 0)
		sink->error = write_all(sink->fd, sink->buf, sink->used);
	sink->used = 0;
}

static void emit_to_fd(char c, void *ctx)
{
	struct fd_sink *sink = ctx;

	if (sink->used == sizeof(sink->buf))
		sink_flush(sink);
	sink->buf[sink->used++] = c;
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct fd_sink sink = {.fd = fd};
	int count = kvformat(emit_to_fd, &sink, fmt, ap);

	sink_flush(&sink);
	return sink.error < 0 ? (int)sink.error : count;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vdprintf(fd, fmt, ap);
	va_end(ap);
	return ret;
}

int vprintf(const char *fmt, va_list ap)
{
	return vdprintf(1, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vdprintf(1, fmt, ap);
	va_end(ap);
	return ret;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return kvsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}

int putchar(int c)
{
	char ch = (char)c;
	long err = write_all(1, &ch, 1);

	return err < 0 ? (int)err : (unsigned char)ch;
}
