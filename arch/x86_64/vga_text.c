/*
 * vga_text.c - the 80x25 VGA text screen as a console.
 *
 * When GRUB leaves the display in text mode (BIOS boot with
 * gfxpayload=text) it reports an "EGA text" framebuffer: a grid of 16-bit
 * cells, character in the low byte and colour attribute in the high byte,
 * usually at physical 0xb8000.  Under UEFI there is no text mode at all
 * (reads return 0xffff, writes vanish), which is why we only register this
 * console when GRUB said it is there.
 */
#include <stdint.h>

#include "arch/x86_64/platform.h"
#include "kernel/console.h"
#include "kernel/mm/mm.h"

#define ATTR_LIGHT_GREY_ON_BLACK 0x07

static volatile uint16_t *cells;
static unsigned columns, rows, cursor_x, cursor_y;

static void scroll_up(void)
{
	for (unsigned i = 0; i < (rows - 1) * columns; i++)
		cells[i] = cells[i + columns];
	for (unsigned x = 0; x < columns; x++)
		cells[(rows - 1) * columns + x] =
		    (ATTR_LIGHT_GREY_ON_BLACK << 8) | ' ';
}

static void vga_putc(struct console *con, char c)
{
	(void)con;
	if (c == '\n') {
		cursor_x = 0;
		cursor_y++;
	} else if (c == '\r') {
		cursor_x = 0;
	} else if (c == '\t') {
		cursor_x = (cursor_x + 8) & ~7u;
	} else {
		cells[cursor_y * columns + cursor_x] =
		    (ATTR_LIGHT_GREY_ON_BLACK << 8) | (uint8_t)c;
		cursor_x++;
	}
	if (cursor_x >= columns) {
		cursor_x = 0;
		cursor_y++;
	}
	if (cursor_y >= rows) {
		scroll_up();
		cursor_y = rows - 1;
	}
}

static struct console vga_console = {
    .name = "vga",
    .putc = vga_putc,
};

bool vga_text_init(uint64_t phys, unsigned width, unsigned height)
{
	if (!phys || width == 0 || height == 0 || width > 256 || height > 256)
		return false;
	cells = phys_to_virt(phys);
	columns = width;
	rows = height;
	for (unsigned i = 0; i < columns * rows; i++)
		cells[i] = (ATTR_LIGHT_GREY_ON_BLACK << 8) | ' ';
	cursor_x = cursor_y = 0;
	console_register(&vga_console);
	return true;
}
