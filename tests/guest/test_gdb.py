"""The gdb helpers (tools/gdb/portcullis.py) against a real stopped
machine: QEMU waits for gdb, gdb in batch mode stops the kernel in
holdports's read() (after its ioperm calls and port accesses), and each
pc-* command must show what the machine holds at that moment."""
import os
import re
import socket
import subprocess

from conftest import LOG_DIR, ROOT, RUN_QEMU


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gdb_helpers_decode_the_stopped_machine():
    port = _free_port()
    qemu = subprocess.Popen([RUN_QEMU, "--test", "--timeout", "120", "--cmdline", "init=holdports exit=idle",
                             "--", "-S", "-gdb", "tcp:127.0.0.1:%d" % port],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        gdb = subprocess.run(
            ["gdb", "-q", "-batch", "-nx",
             "-ex", "set architecture i386:x86-64",
             "-ex", "source tools/gdb/portcullis.py",
             "-ex", "target remote 127.0.0.1:%d" % port,
             # Hardware breakpoints: the kernel is not mapped yet at the reset vector.
             "-ex", "hbreak sys_read", "-ex", "continue",
             "-ex", "echo ==tasks\\n", "-ex", "pc-tasks",
             "-ex", "echo ==iomap\\n", "-ex", "pc-iomap 1",
             "-ex", "echo ==tss\\n", "-ex", "pc-tss",
             "-ex", "echo ==gdt\\n", "-ex", "pc-gdt",
             "-ex", "echo ==bad\\n", "-ex", "pc-iomap 77",
             "-ex", "kill",
             os.path.join(ROOT, "build", "kernel.elf")],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180)
    finally:
        qemu.kill()
        serial = qemu.communicate()[0].decode(errors="replace")
    out = gdb.stdout.decode(errors="replace")
    os.makedirs(LOG_DIR, exist_ok=True)
    with open(os.path.join(LOG_DIR, "gdb_helpers.log"), "w") as f:
        f.write(out + "\n---- serial ----\n" + serial)
    sections = dict(re.findall(r"^==(\w+)\n(.*?)(?=^==|\Z)", out, re.MULTILINE | re.DOTALL))
    assert set(sections) == {"tasks", "iomap", "tss", "gdt", "bad"}, out

    assert re.search(r"^ +0 +0 \w+ .* idle$", sections["tasks"], re.MULTILINE), out
    assert re.search(r"^ +1 +0 running +0 +0 +0 yes +holdports$", sections["tasks"], re.MULTILINE), out

    iomap = sections["iomap"]
    assert re.search(r"^pid 1 \(holdports\): iopl 0, bitmap shared by 1, max 17 bytes, sequence \d+$", iomap,
                     re.MULTILINE), out
    assert re.findall(r"^  ports (0x[0-9a-f]+)-(0x[0-9a-f]+) allowed", iomap, re.MULTILINE) == \
        [("0x70", "0x71"), ("0x80", "0x80")], out

    tss = sections["tss"]
    assert re.search(r"^TSS of CPU 0 at 0x[0-9a-f]+, limit 0x4069$", tss, re.MULTILINE), out
    assert re.search(r"^  ist1 0x[0-9a-f]{16}  \(#DF\)$", tss, re.MULTILINE), out
    # holdports used its ports before read(): its own map is selected.
    assert re.search(r"^  I/O map base 0x68: io_map: the process's own ports$", tss, re.MULTILINE), out
    assert "io_map_end 0xff, io_all_end 0xff" in tss

    gdt = sections["gdt"]
    assert re.search(r"^  0x28  code DPL 3  64-bit  \(selector 0x2b\)$", gdt, re.MULTILINE), out
    assert re.search(r"^  0x30  TSS \(busy: loaded by LTR\) base 0x[0-9a-f]{16} limit 0x4069 DPL 0$", gdt,
                     re.MULTILINE), out

    assert "no process 77 (see pc-tasks)" in sections["bad"], out
