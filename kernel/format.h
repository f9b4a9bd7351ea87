/*
 * format.h - the kernel's one printf-style formatter.
 *
 * Everything that turns numbers into text (printk, ksnprintf, the trap
 * reports) goes through kvformat(), so there is exactly one implementation
 * to test.  It is pure C with no kernel dependencies: the host unit tests
 * compile this same file against cmocka.
 *
 * Supported conversions: %d %i %u %x %X %p %s %c %%
 * Length modifiers:      l  ll  z   (long, long long, size_t)
 * Flags / width:         '0' (zero pad), '-' (left align), decimal width
 * %p prints "0x" followed by 16 hex digits (pointers are always 64-bit here).
 * %s with a NULL pointer prints "(null)".
 * An unknown conversion is printed literally (e.g. "%q" -> "%q"), never
 * consumes an argument.
 */
#ifndef KERNEL_FORMAT_H
#define KERNEL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Called once per output character; ctx is passed through untouched. */
typedef void (*format_emit_fn)(char c, void *ctx);

/* Formats fmt/ap, calling emit for each character.  Returns the number of
 * characters emitted. */
int kvformat(format_emit_fn emit, void *ctx, const char *fmt, va_list ap);

/* snprintf semantics: writes at most size-1 characters plus a NUL (when
 * size > 0) and returns the length the full output would have had. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
