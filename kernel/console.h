/*
 * console.h - where kernel text goes: every registered output device.
 *
 * printk() formats once and hands each character to every enabled console
 * (COM1, VGA text, later a framebuffer).  A console that is absent (no
 * UART on the machine) simply never registers, so nothing else needs to
 * know.  Consoles are arch-specific drivers behind this neutral interface.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Who is writing: consoles that can show colour tell them apart. */
enum console_style {
	CONSOLE_KERNEL, /* printk: kernel messages, kill reports */
	CONSOLE_USER,	/* write(2) to fd 1 or 2 */
};

struct console {
	const char *name;
	void (*putc)(struct console *con, char c);
	/* Optional: the style of the characters that follow. */
	void (*set_style)(struct console *con, enum console_style style);
	/* Optional: read one byte without blocking; -1 when none waits. */
	int (*getc)(struct console *con);
	struct console *next;
};

void console_register(struct console *con);
/* Registers a console that comes up late (the framebuffer, once memory
 * management maps it) and replays the recent output to it, so the screen
 * shows the boot messages printed before it existed. */
void console_register_replay(struct console *con);
void console_putc(char c);
void console_write(const char *s, size_t len);
/* The same for a user process's output (drawn in the user style). */
void console_write_user(const char *s, size_t len);
/* A byte typed at a console, or -1.  Bytes reach it through
 * console_poll_input (the tick; with interrupts off, call that first). */
int console_getc(void);
/* Ctrl-]: typed at any time, it stops the machine in the kernel monitor
 * (kernel/monitor/).  Not Ctrl-A: QEMU's console keeps that for itself. */
#define CONSOLE_MONITOR_KEY 0x1d
/* Called by the tick: moves typed bytes into the input buffer and says
 * whether the monitor key was among them. */
bool console_poll_input(void);
/* Names of the registered consoles, for the banner ("serial vga"). */
void console_list(char *buf, size_t size);

/* printk: formatted output to every console (see kernel/format.h for the
 * conversions).  Safe to call from interrupt and exception context. */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);
/* For panic_in: the console lock, taken over from any CPU holding it. */
void console_take_for_panic(void);

/*
 * panic: the kernel cannot continue.  Prints "PANIC in <function>: <msg>",
 * then halts the machine (or, when the isa-debug-exit device was announced
 * with the "testexit" option, leaves QEMU with the panic exit code).
 */
#define panic(...) panic_in(__func__, __VA_ARGS__)
void panic_in(const char *function, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

#endif
