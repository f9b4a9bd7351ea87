"""The framebuffer console draws text: boot under OVMF (UEFI: no VGA text
mode at all), take a QEMU screendump, and find kernel lines on it by
comparing 8x16 cells with the font's own bitmaps (kernel/console/
font5x7.txt through tools/genfont.py).  Also checks that user output is
drawn in a different colour from kernel messages."""
import os
import socket
import subprocess
import sys
import time

from conftest import LOG_DIR, ROOT

sys.path.insert(0, os.path.join(ROOT, "tools"))
import genfont  # noqa: E402

GLYPHS = genfont.glyphs(os.path.join(ROOT, "kernel", "console", "font5x7.txt"))


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6", "not a binary PPM"
    w, h, maxval = int(parts[1]), int(parts[2]), int(parts[3])
    assert maxval == 255
    pixels = parts[4]
    return w, h, pixels


def screendump(tmp_path, firmware_args, cmdline, marker):
    sock = str(tmp_path / "monitor.sock")
    ppm = str(tmp_path / "screen.ppm")
    cmd = [os.path.join(ROOT, "run-qemu.sh"), "--headless", "--timeout", "120", "--cmdline", cmdline,
           *firmware_args, "--", "-monitor", "unix:%s,server,nowait" % sock]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log = b""
    try:
        deadline = time.time() + 100
        while marker.encode() not in log:
            line = proc.stdout.readline()
            if not line or time.time() > deadline:
                raise AssertionError("never saw %r; log:\n%s" % (marker, log.decode(errors="replace")[-3000:]))
            log += line
        time.sleep(0.5)  # let the display catch up with the last writes
        s = socket.socket(socket.AF_UNIX)
        s.connect(sock)
        s.sendall(b"screendump %s\n" % ppm.encode())
        for _ in range(100):
            if os.path.exists(ppm) and os.path.getsize(ppm) > 1000:
                break
            time.sleep(0.1)
        time.sleep(0.3)
        s.sendall(b"quit\n")
        s.close()
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        os.makedirs(LOG_DIR, exist_ok=True)
        with open(os.path.join(LOG_DIR, "test_screen.log"), "wb") as f:
            f.write(log)
    return read_ppm(ppm)


def cell(pixels, w, x0, y0):
    """The 16 rows of an 8x16 cell as (bitmask, set of 'on' colours)."""
    bg = pixels[(y0 * w + x0) * 3:(y0 * w + x0) * 3 + 3]
    rows, colours = [], set()
    for y in range(16):
        byte = 0
        for x in range(8):
            i = ((y0 + y) * w + x0 + x) * 3
            px = pixels[i:i + 3]
            if px != bg:
                byte |= 0x80 >> x
                colours.add(px)
        rows.append(byte)
    return rows, colours


def find_text(pixels, w, h, text):
    """(row, colours) of the first cell row that starts with text, or None."""
    for row in range(h // 16):
        colours = set()
        for i, ch in enumerate(text):
            rows, c = cell(pixels, w, i * 8, row * 16)
            if rows != GLYPHS[ord(ch)]:
                break
            colours |= c
        else:
            return row, colours
    return None


def test_framebuffer_console_under_uefi(tmp_path):
    assert os.path.exists("/usr/share/OVMF/OVMF_CODE_4M.fd"), "ovmf is not installed: run `make deps`"
    w, h, pixels = screendump(tmp_path, ["--uefi"], "init=hello", "hello from ring 3")
    assert w >= 640 and h >= 400
    # A kernel line printed just before the user program runs: the banner
    # itself has scrolled away on a 37-row screen once the boot log grew.
    banner = find_text(pixels, w, h, "init: started hello as pid 1")
    assert banner, "the kernel's init line is not on the screen"
    user = find_text(pixels, w, h, "hello from ring 3: pid 1, parent 0")
    assert user, "the user program's output is not on the screen"
    assert user[0] > banner[0]
    # Kernel messages and user output in different colours.
    assert banner[1] and user[1] and banner[1].isdisjoint(user[1])
    # A glyph that differs must not match: the comparison can fail.
    assert not find_text(pixels, w, h, "Qortcullis")
