#!/usr/bin/python3
"""genfont.py FONT.txt OUT.c - the console font as a C array.

Reads kernel/console/font5x7.txt (seven rows of five pixels per glyph)
and writes `const uint8_t font8x16[128][16]`: each glyph in an 8x16 cell,
every art row drawn twice, one pixel of margin left and on top; bit 7 is
the leftmost pixel.  Codes without a glyph get glyph 0x7f.  Also used by
tests (tests/guest/test_screen.py) through glyphs()."""
import sys


def glyphs(path):
    """{code: [16 row bytes]} for every glyph in the art file."""
    out = {}
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        code, *rows = line.split()
        if len(rows) != 7 or any(len(r) != 5 or set(r) - {"#", "."} for r in rows):
            raise SystemExit("genfont: bad glyph line: %r" % line)
        cell = [0] * 16
        for i, r in enumerate(rows):
            byte = 0
            for j, ch in enumerate(r):
                if ch == "#":
                    byte |= 0x80 >> (j + 1)
            cell[1 + 2 * i] = cell[2 + 2 * i] = byte
        out[int(code, 16)] = cell
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    g = glyphs(src)
    with open(dst, "w") as f:
        f.write("/* Generated from %s by tools/genfont.py: do not edit. */\n" % src)
        f.write("#include <stdint.h>\n\nconst uint8_t font8x16[128][16] = {\n")
        for code in range(128):
            cell = g.get(code, g[0x7f])
            f.write("\t[0x%02x] = {%s},\n" % (code, ", ".join("0x%02x" % b for b in cell)))
        f.write("};\n")


if __name__ == "__main__":
    main()
