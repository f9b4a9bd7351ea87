/*
 * console.c - the console list and printk.
 *
 * No locking: one CPU, and printk may be called with interrupts off from
 * any context.  Several CPUs will need a spinlock taken with interrupts
 * disabled (and a way to break it on panic).
 */
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/lib/string.h"

static struct console *consoles;

/* The most recent output, for consoles registered late.  Kernel and user
 * text are not told apart here: a replay is all in the kernel style. */
#define REPLAY_SIZE 16384
static char replay[REPLAY_SIZE];
static size_t replay_len; /* total bytes ever written (wraps the ring) */

void console_register(struct console *con)
{
	struct console **p = &consoles;
	while (*p)
		p = &(*p)->next;
	con->next = NULL;
	*p = con;
}

void console_register_replay(struct console *con)
{
	size_t n = replay_len < REPLAY_SIZE ? replay_len : REPLAY_SIZE;
	size_t start = replay_len - n;
	for (size_t i = 0; i < n; i++)
		con->putc(con, replay[(start + i) % REPLAY_SIZE]);
	console_register(con);
}

void console_putc(char c)
{
	replay[replay_len++ % REPLAY_SIZE] = c;
	for (struct console *con = consoles; con; con = con->next)
		con->putc(con, c);
}

static void set_style(enum console_style style)
{
	for (struct console *con = consoles; con; con = con->next)
		if (con->set_style)
			con->set_style(con, style);
}

void console_write_user(const char *s, size_t len)
{
	set_style(CONSOLE_USER);
	console_write(s, len);
	set_style(CONSOLE_KERNEL);
}

void console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		console_putc(s[i]);
}

static int console_getc_device(void)
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

/*
 * Typed input that the tick has already taken from the devices.  The tick
 * must look at every byte to see the monitor key, and reading a UART byte
 * consumes it: whatever is not the key waits here for console_getc, which
 * never reads a device itself (else a reader could swallow the key).
 * One producer, one consumer: only the tick moves head (after the byte is
 * stored), only console_getc moves tail, so neither needs a lock; volatile
 * keeps the compiler from reordering the byte and the index.
 */
#define INPUT_SIZE 256
static volatile char input[INPUT_SIZE];
static volatile unsigned input_head, input_tail;

int console_getc(void)
{
	if (input_tail != input_head)
		return (unsigned char)input[input_tail++ % INPUT_SIZE];
	return -1;
}

bool console_poll_input(void)
{
	bool key = false;
	int c;
	while ((c = console_getc_device()) >= 0) {
		if (c == CONSOLE_MONITOR_KEY) {
			key = true;
			continue;
		}
		if (input_head - input_tail < INPUT_SIZE)
			input[input_head++ % INPUT_SIZE] = (char)c;
		/* else: a full buffer drops the byte, as a full FIFO would */
	}
	return key;
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
