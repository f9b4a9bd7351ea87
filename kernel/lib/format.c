/*
 * format.c - kvformat(), the kernel's one printf engine, and the
 * snprintf-style wrappers built on top of it.
 *
 * Freestanding on purpose: no libc, no allocation, no floating point.  All
 * output goes through a single emit callback, so printk to the serial port
 * and ksnprintf into a buffer run exactly the same code.
 */
#include "kernel/format.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * A corrupt format string must not be able to make us emit billions of
 * padding characters (printk may be spinning with interrupts off), so field
 * widths are clamped to this.
 */
#define FORMAT_MAX_WIDTH 4096

/* Enough for any 64-bit value: 20 decimal digits or 16 hex digits. */
#define FORMAT_MAX_DIGITS 20

/* %p always shows the full 64-bit address so columns line up in dumps. */
#define POINTER_HEX_DIGITS 16

enum length_modifier {
	LENGTH_DEFAULT, /* int / unsigned int */
	LENGTH_LONG,	/* l  */
	LENGTH_LLONG,	/* ll */
	LENGTH_SIZE,	/* z  */
};

/* One parsed "%...X" conversion specification. */
struct conversion_spec {
	bool left_align;
	bool zero_pad;
	int width;
	enum length_modifier length;
	bool has_length;
	char conversion;
};

/* Where output goes, plus the running total kvformat() must return. */
struct output {
	format_emit_fn emit;
	void *ctx;
	int count;
};

static void put_char(struct output *out, char c)
{
	out->emit(c, out->ctx);
	out->count++;
}

static void put_chars(struct output *out, const char *s, int len)
{
	for (int i = 0; i < len; i++)
		put_char(out, s[i]);
}

static void put_repeated(struct output *out, char c, int times)
{
	for (int i = 0; i < times; i++)
		put_char(out, c);
}

static int string_length(const char *s)
{
	int len = 0;

	while (s[len] != '\0')
		len++;
	return len;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Emits prefix (a sign or "0x") and body inside a field of the requested
 * width.  Zero padding belongs between the prefix and the digits ("-0042",
 * "0x00ff"), space padding outside both.
 */
static void put_field(struct output *out, const struct conversion_spec *spec,
		      const char *prefix, const char *body, int body_len)
{
	int prefix_len = string_length(prefix);
	int padding = spec->width - prefix_len - body_len;

	if (padding < 0)
		padding = 0;

	if (spec->left_align) {
		put_chars(out, prefix, prefix_len);
		put_chars(out, body, body_len);
		put_repeated(out, ' ', padding);
	} else if (spec->zero_pad) {
		put_chars(out, prefix, prefix_len);
		put_repeated(out, '0', padding);
		put_chars(out, body, body_len);
	} else {
		put_repeated(out, ' ', padding);
		put_chars(out, prefix, prefix_len);
		put_chars(out, body, body_len);
	}
}

/*
 * Writes the digits of value right-aligned so that they end just before
 * end, and returns where they start.  Building from the least significant
 * digit backwards avoids a separate reversal step.
 */
static char *digits_before(char *end, unsigned long long value, unsigned base,
			   bool uppercase)
{
	const char *digit_chars =
	    uppercase ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	do {
		*--p = digit_chars[value % base];
		value /= base;
	} while (value != 0);
	return p;
}

/*
 * The va_list is passed by pointer so that every helper advances the same
 * argument list; see kvformat() for why that pointer is to a local copy.
 */
static long long fetch_signed(va_list *args, enum length_modifier length)
{
	switch (length) {
	case LENGTH_LONG:
		return va_arg(*args, long);
	case LENGTH_LLONG:
		return va_arg(*args, long long);
	case LENGTH_SIZE:
		/* %zd takes the signed type of size_t's width: ptrdiff_t. */
		return va_arg(*args, ptrdiff_t);
	default:
		return va_arg(*args, int);
	}
}

static unsigned long long fetch_unsigned(va_list *args,
					 enum length_modifier length)
{
	switch (length) {
	case LENGTH_LONG:
		return va_arg(*args, unsigned long);
	case LENGTH_LLONG:
		return va_arg(*args, unsigned long long);
	case LENGTH_SIZE:
		return va_arg(*args, size_t);
	default:
		return va_arg(*args, unsigned int);
	}
}

static void format_signed(struct output *out,
			  const struct conversion_spec *spec, va_list *args)
{
	char digits[FORMAT_MAX_DIGITS];
	char *end = digits + sizeof(digits);
	long long value = fetch_signed(args, spec->length);
	/*
	 * Negating LLONG_MIN as a signed number overflows (undefined
	 * behaviour); negating its unsigned image wraps, which is well defined
	 * and yields exactly its magnitude.
	 */
	unsigned long long magnitude = (unsigned long long)value;

	if (value < 0)
		magnitude = 0ULL - magnitude;

	char *start = digits_before(end, magnitude, 10, false);
	put_field(out, spec, value < 0 ? "-" : "", start, (int)(end - start));
}

static void format_unsigned(struct output *out,
			    const struct conversion_spec *spec, va_list *args,
			    unsigned base, bool uppercase)
{
	char digits[FORMAT_MAX_DIGITS];
	char *end = digits + sizeof(digits);
	unsigned long long value = fetch_unsigned(args, spec->length);
	char *start = digits_before(end, value, base, uppercase);

	put_field(out, spec, "", start, (int)(end - start));
}

static void format_pointer(struct output *out,
			   const struct conversion_spec *spec, va_list *args)
{
	char digits[FORMAT_MAX_DIGITS];
	char *end = digits + sizeof(digits);
	uintptr_t address = (uintptr_t)va_arg(*args, void *);
	char *start = digits_before(end, address, 16, false);

	while (end - start < POINTER_HEX_DIGITS)
		*--start = '0';
	put_field(out, spec, "0x", start, (int)(end - start));
}

static void format_string(struct output *out,
			  const struct conversion_spec *spec, va_list *args)
{
	struct conversion_spec text_spec = *spec;
	const char *s = va_arg(*args, const char *);

	if (s == NULL)
		s = "(null)";
	/* Zero-padding text makes no sense; pad with spaces instead. */
	text_spec.zero_pad = false;
	put_field(out, &text_spec, "", s, string_length(s));
}

static void format_char(struct output *out, const struct conversion_spec *spec,
			va_list *args)
{
	struct conversion_spec text_spec = *spec;
	char c = (char)va_arg(*args, int); /* char is promoted to int */

	text_spec.zero_pad = false;
	put_field(out, &text_spec, "", &c, 1);
}

/*
 * Parses flags, width and length modifier starting just after the '%'.
 * Returns a pointer to the conversion character, which may be the
 * terminating NUL when the format string ends mid-specification.
 */
static const char *parse_spec(const char *p, struct conversion_spec *spec)
{
	*spec = (struct conversion_spec){.length = LENGTH_DEFAULT};

	for (;; p++) {
		if (*p == '-')
			spec->left_align = true;
		else if (*p == '0')
			spec->zero_pad = true;
		else
			break;
	}
	if (spec->left_align)
		spec->zero_pad = false; /* C's rule: '-' overrides '0' */

	while (is_digit(*p)) {
		/* Stop accumulating once clamped so the int cannot overflow. */
		if (spec->width < FORMAT_MAX_WIDTH)
			spec->width = spec->width * 10 + (*p - '0');
		p++;
	}
	if (spec->width > FORMAT_MAX_WIDTH)
		spec->width = FORMAT_MAX_WIDTH;

	if (p[0] == 'l' && p[1] == 'l') {
		spec->length = LENGTH_LLONG;
		p += 2;
	} else if (p[0] == 'l') {
		spec->length = LENGTH_LONG;
		p++;
	} else if (p[0] == 'z') {
		spec->length = LENGTH_SIZE;
		p++;
	}
	spec->has_length = spec->length != LENGTH_DEFAULT;
	return p;
}

/*
 * Performs one conversion.  Returns false, having consumed no argument,
 * when the conversion is not one we support, so the caller can echo it.
 * Length modifiers only make sense on integer conversions; "%ls" would
 * otherwise fetch an argument of the wrong type.
 */
static bool convert(struct output *out, const struct conversion_spec *spec,
		    va_list *args)
{
	switch (spec->conversion) {
	case 'd':
	case 'i':
		format_signed(out, spec, args);
		return true;
	case 'u':
		format_unsigned(out, spec, args, 10, false);
		return true;
	case 'x':
		format_unsigned(out, spec, args, 16, false);
		return true;
	case 'X':
		format_unsigned(out, spec, args, 16, true);
		return true;
	default:
		break;
	}

	if (spec->has_length)
		return false;

	switch (spec->conversion) {
	case 'p':
		format_pointer(out, spec, args);
		return true;
	case 's':
		format_string(out, spec, args);
		return true;
	case 'c':
		format_char(out, spec, args);
		return true;
	case '%':
		put_char(out, '%');
		return true;
	default:
		return false;
	}
}

int kvformat(format_emit_fn emit, void *ctx, const char *fmt, va_list ap)
{
	struct output out = {.emit = emit, .ctx = ctx, .count = 0};
	va_list args;

	if (fmt == NULL)
		return 0;

	/*
	 * On x86-64 va_list is an array type, so the parameter ap is really a
	 * pointer and &ap would not be a va_list *.  A local copy is a true
	 * va_list whose address the helpers can share.
	 */
	va_copy(args, ap);

	const char *p = fmt;

	while (*p != '\0') {
		if (*p != '%') {
			put_char(&out, *p++);
			continue;
		}

		const char *spec_start = p;
		struct conversion_spec spec;

		p = parse_spec(p + 1, &spec);
		if (*p == '\0') {
			/* A dangling "%" or "%-5" at the very end. */
			put_chars(&out, spec_start, (int)(p - spec_start));
			break;
		}
		spec.conversion = *p++;
		if (!convert(&out, &spec, &args))
			put_chars(&out, spec_start, (int)(p - spec_start));
	}

	va_end(args);
	return out.count;
}

/* State for formatting into a caller's fixed-size buffer. */
struct buffer_sink {
	char *buf;
	size_t size;
	size_t stored;
};

static void emit_to_buffer(char c, void *ctx)
{
	struct buffer_sink *sink = ctx;

	/* Keep the last byte for the NUL; drop what does not fit. */
	if (sink->size > 0 && sink->stored < sink->size - 1)
		sink->buf[sink->stored++] = c;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer_sink sink = {.buf = buf, .size = size, .stored = 0};
	int full_length = kvformat(emit_to_buffer, &sink, fmt, ap);

	if (size > 0)
		buf[sink.stored] = '\0';
	return full_length;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int full_length;

	va_start(ap, fmt);
	full_length = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return full_length;
}
