/*
 * console.c - the console list and printk.
 *
 * The console lock makes each printk, and each write of user text, one
 * piece on every console: lines from two CPUs never interleave.  Almost
 * all output is made with the kernel lock held already; the console lock
 * also covers what is not (a panic, a CPU's last words) and keeps the
 * rule simple: whoever writes to the consoles holds it.  Lock order: the
 * kernel lock, then this one; nothing is taken while holding it.
 *
 * Before the other CPUs are released there is no one to exclude, and the
 * boot CPU may print before its per-CPU area exists (arch_cpu_id() is not
 * usable yet): no locking then.  A CPU that already holds the lock and
 * prints again (a panic or exception report from inside a console
 * driver) goes on without taking it twice; a panic takes it over from
 * whichever CPU holds it (console_take_for_panic).
 */
#include "kernel/console.h"
#include "kernel/arch.h"
#include "kernel/format.h"
#include "kernel/lib/string.h"
#include "kernel/spinlock.h"

static struct console *consoles;
static struct spinlock console_lock = SPINLOCK_INIT("console");

/* Takes the console lock when it is needed and not held here already;
 * returns whether it did, and sets *irqs for the release. */
static bool output_begin(bool *irqs)
{
	if (!arch_smp_released() || spin_held_here(&console_lock))
		return false;
	*irqs = spin_lock_irqsave(&console_lock);
	return true;
}

static void output_end(bool taken, bool irqs)
{
	if (taken)
		spin_unlock_irqrestore(&console_lock, irqs);
}

void console_take_for_panic(void)
{
	if (arch_smp_released() && !spin_held_here(&console_lock))
		spin_force_take(&console_lock);
}

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

static void putc_locked(char c)
{
	replay[replay_len++ % REPLAY_SIZE] = c;
	for (struct console *con = consoles; con; con = con->next)
		con->putc(con, c);
}

void console_putc(char c)
{
	bool irqs, taken = output_begin(&irqs);
	putc_locked(c);
	output_end(taken, irqs);
}

static void set_style(enum console_style style)
{
	for (struct console *con = consoles; con; con = con->next)
		if (con->set_style)
			con->set_style(con, style);
}

void console_write_user(const char *s, size_t len)
{
	bool irqs, taken = output_begin(&irqs);
	set_style(CONSOLE_USER);
	for (size_t i = 0; i < len; i++)
		putc_locked(s[i]);
	set_style(CONSOLE_KERNEL);
	output_end(taken, irqs);
}

void console_write(const char *s, size_t len)
{
	bool irqs, taken = output_begin(&irqs);
	for (size_t i = 0; i < len; i++)
		putc_locked(s[i]);
	output_end(taken, irqs);
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
	putc_locked(c);
}

void vprintk(const char *fmt, va_list ap)
{
	bool irqs, taken = output_begin(&irqs);
	kvformat(emit_to_consoles, NULL, fmt, ap);
	output_end(taken, irqs);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}
