/*
 * fb_console.c - text on a linear framebuffer.
 *
 * Why it exists.  A PC booted with UEFI has no VGA text mode: the only
 * screen is a framebuffer, an array of pixels that the firmware (through
 * GRUB's multiboot2 framebuffer tag) hands over with its address, size,
 * pitch and pixel format.  Without drawing text into it ourselves, a
 * student's laptop would show nothing at all.
 *
 * What matters in the tag:
 *   - pitch: bytes from one pixel row to the next.  It is often larger
 *     than width * bytes per pixel (rows are padded), so every address is
 *     computed from the pitch, never from the width;
 *   - bpp: 32 (one 32-bit store per pixel) or 24 (three bytes, no
 *     padding) - both occur, so both are handled;
 *   - the position and size of the red, green and blue fields: the pixel
 *     value of a colour is built from them, whatever the order.
 *
 * Text is drawn in 8x16 cells from kernel/console/font5x7.txt (built into
 * font8x16 by tools/genfont.py).  When the cursor leaves the bottom, the
 * lower half of the screen moves up ("jump scroll"): one large copy every
 * rows/2 lines instead of a full-screen copy on every line, which matters
 * when the framebuffer is slow memory.
 */
#include "kernel/console/fb_console.h"
#include "kernel/console.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"

#define CELL_W 8
#define CELL_H 16

extern const uint8_t font8x16[128][16];

struct fb_state {
	uint8_t *base;
	uint32_t pitch, width, height;
	unsigned bytes_per_pixel;
	unsigned cols, rows, cx, cy;
	uint32_t fg, bg, kernel_fg, user_fg;
	const struct mb2_framebuffer *info;
};

static struct fb_state fb;

static uint32_t pack_rgb(const struct mb2_framebuffer *f, uint8_t r, uint8_t g,
			 uint8_t b)
{
	return ((uint32_t)(r >> (8 - f->red_size)) << f->red_pos) |
	       ((uint32_t)(g >> (8 - f->green_size)) << f->green_pos) |
	       ((uint32_t)(b >> (8 - f->blue_size)) << f->blue_pos);
}

static void put_pixel(uint8_t *p, uint32_t value)
{
	if (fb.bytes_per_pixel == 4) {
		*(volatile uint32_t *)p = value;
	} else {
		p[0] = (uint8_t)value;
		p[1] = (uint8_t)(value >> 8);
		p[2] = (uint8_t)(value >> 16);
	}
}

static void draw_cell(unsigned col, unsigned row, char c)
{
	unsigned char ch = (unsigned char)c < 128 ? (unsigned char)c : 0x7f;
	const uint8_t *glyph = font8x16[ch];
	uint8_t *line = fb.base + (uint64_t)row * CELL_H * fb.pitch +
			(uint64_t)col * CELL_W * fb.bytes_per_pixel;
	for (int y = 0; y < CELL_H; y++, line += fb.pitch) {
		uint8_t *p = line;
		for (int x = 0; x < CELL_W; x++, p += fb.bytes_per_pixel)
			put_pixel(p, glyph[y] & (0x80 >> x) ? fb.fg : fb.bg);
	}
}

static void clear_rows(unsigned first, unsigned count)
{
	uint8_t *start = fb.base + (uint64_t)first * CELL_H * fb.pitch;
	uint64_t bytes = (uint64_t)count * CELL_H * fb.pitch;
	if (fb.bg == 0) {
		memset(start, 0, bytes);
		return;
	}
	for (unsigned y = 0; y < count * CELL_H; y++)
		for (unsigned x = 0; x < fb.width; x++)
			put_pixel(start + (uint64_t)y * fb.pitch +
				      x * fb.bytes_per_pixel,
				  fb.bg);
}

static void newline(void)
{
	fb.cx = 0;
	if (++fb.cy < fb.rows)
		return;
	unsigned keep = fb.rows / 2;
	unsigned drop = fb.rows - keep;
	memmove(fb.base, fb.base + (uint64_t)drop * CELL_H * fb.pitch,
		(uint64_t)keep * CELL_H * fb.pitch);
	clear_rows(keep, drop);
	fb.cy = keep;
}

static void fb_putc(struct console *con, char c)
{
	(void)con;
	switch (c) {
	case '\n':
		newline();
		return;
	case '\r':
		fb.cx = 0;
		return;
	case '\t':
		do
			fb_putc(con, ' ');
		while (fb.cx % 8);
		return;
	case '\b':
		if (fb.cx)
			fb.cx--;
		return;
	}
	if (fb.cx >= fb.cols)
		newline();
	draw_cell(fb.cx++, fb.cy, c);
}

static void fb_set_style(struct console *con, enum console_style style)
{
	(void)con;
	fb.fg = style == CONSOLE_USER ? fb.user_fg : fb.kernel_fg;
}

static struct console fb_console = {
    .name = "framebuffer",
    .putc = fb_putc,
    .set_style = fb_set_style,
};

/* The whole framebuffer must be reachable through the physical map. */
static bool mapped(uint64_t phys, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += 1ull << 21)
		if (!vm_lookup(vm_kernel_space(),
			       (uint64_t)phys_to_virt(phys + off), NULL))
			return false;
	return vm_lookup(vm_kernel_space(),
			 (uint64_t)phys_to_virt(phys + size - 1), NULL) != 0;
}

const char *fb_console_init(const struct mb2_framebuffer *info)
{
	if (info->type != MB2_FB_RGB)
		return "not an RGB framebuffer";
	if (info->bpp != 24 && info->bpp != 32)
		return "only 24 and 32 bits per pixel are drawn";
	unsigned bpp = info->bpp / 8;
	if (info->width < CELL_W * 20 || info->height < CELL_H * 4 ||
	    info->pitch < (uint64_t)info->width * bpp)
		return "implausible size or pitch";
	if (!info->red_size || info->red_size > 8 || !info->green_size ||
	    info->green_size > 8 || !info->blue_size || info->blue_size > 8)
		return "implausible colour fields";
	uint64_t size = (uint64_t)info->pitch * info->height;
	if (!mapped(info->addr, size))
		return "its memory is outside the physical map";

	fb.base = phys_to_virt(info->addr);
	fb.pitch = info->pitch;
	fb.width = info->width;
	fb.height = info->height;
	fb.bytes_per_pixel = bpp;
	fb.cols = info->width / CELL_W;
	fb.rows = info->height / CELL_H;
	fb.bg = pack_rgb(info, 0x00, 0x00, 0x00);
	fb.kernel_fg = pack_rgb(info, 0xaa, 0xaa, 0xaa); /* light grey */
	fb.user_fg = pack_rgb(info, 0xff, 0xff, 0x55);	 /* yellow */
	fb.fg = fb.kernel_fg;
	fb.info = info;
	clear_rows(0, fb.rows);
	console_register_replay(&fb_console);
	printk("console: framebuffer %ux%u, %u bpp, pitch %u: %ux%u cells\n",
	       fb.width, fb.height, info->bpp, fb.pitch, fb.cols, fb.rows);
	return NULL;
}
