/*
 * console.c - the console list and printk.
 *
 * No locking yet: one CPU, and printk may be called with interrupts off
 * from any context.  When SMP arrives this needs a spinlock taken with
 * interrupts disabled (and a way to break it on panic).
 */
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/lib/string.h"

static struct console *consoles;

void console_register(struct console *con)
{
	struct console **p = &consoles;
	while (*p)
		p = &(*p)->next;
	con->next = NULL;
	*p = con;
}

void console_putc(char c)
{
	for (struct console *con = consoles; con; con = con->next)
		con->putc(con, c);
}

void console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		console_putc(s[i]);
}

int console_getc(void)
{
	for (struct console *con = consoles; con; con = con->next) {
		if (con->getc) {
			int c = con->getc(con);
			if (c >= 0)
				return c;
		}
	}
	return -1;
}

void console_list(char *buf, size_t size)
{
	size_t used = 0;
	if (!size)
		return;
	buf[0] = '\0';
	for (struct console *con = consoles; con; con = con->next) {
		if (used && used < size - 1)
			buf[used++] = ' ';
		used += strlcpy(buf + used, con->name, size - used);
		if (used >= size) {
			buf[size - 1] = '\0';
			return;
		}
	}
	if (!used)
		strlcpy(buf, "(none)", size);
}

static void emit_to_consoles(char c, void *ctx)
{
	(void)ctx;
	console_putc(c);
}

void vprintk(const char *fmt, va_list ap)
{
	kvformat(emit_to_consoles, NULL, fmt, ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
