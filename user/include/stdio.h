/*
 * stdio.h - formatted output, straight to a file descriptor.
 *
 * There is no FILE and no buffering that outlives a call: each printf
 * formats into a small buffer on the stack and hands the result to
 * sys_write(), normally in one piece.  So output never needs flushing,
 * and nothing is printed twice after a fork.
 *
 * The format language is the kernel's (kernel/format.h): %d %i %u %x %X
 * %p %s %c %%, the l/ll/z length modifiers, '0' and '-' flags and a width.
 * No precision, no floating point.
 *
 * Return value: characters written, or -errno if a write failed.
 */
#ifndef USER_STDIO_H
#define USER_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF_LIKE(fmt_arg, first) \
	__attribute__((format(printf, fmt_arg, first)))

int printf(const char *fmt, ...) PRINTF_LIKE(1, 2);
int vprintf(const char *fmt, va_list ap);
int dprintf(int fd, const char *fmt, ...) PRINTF_LIKE(2, 3);
int vdprintf(int fd, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int puts(const char *s); /* s and a newline */
int putchar(int c);

#endif
