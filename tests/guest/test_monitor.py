"""The kernel monitor, driven as a student drives it: typed commands on
the serial console (run-qemu.sh --test --stdin), answers read back.

Entered three ways: `monitor` on the command line (at boot and on a
panic) and Ctrl-] typed while programs run.  Every command of the table is
checked against what the machine must show at that moment.
"""
import os
import queue
import re
import subprocess
import threading
import time

from conftest import LOG_DIR, ROOT, RUN_QEMU


class Console:
    """A QEMU run whose serial console we type at."""

    def __init__(self, name, cmdline, timeout=120):
        os.makedirs(LOG_DIR, exist_ok=True)
        self.log_path = os.path.join(LOG_DIR, "monitor_%s.log" % name)
        self.proc = subprocess.Popen([RUN_QEMU, "--test", "--stdin", "--timeout", str(timeout),
                                      "--cmdline", cmdline], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.text = ""
        self.seen = 0
        self.chunks = queue.Queue()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        while True:
            data = self.proc.stdout.read1(4096)
            if not data:
                self.chunks.put(None)
                return
            self.chunks.put(data.decode(errors="replace").replace("\r", ""))

    def expect(self, pattern, timeout=60):
        """Waits for pattern after what the last expect matched; returns
        the text in between (the command's answer)."""
        deadline = time.time() + timeout
        rx = re.compile(pattern, re.MULTILINE)
        while True:
            m = rx.search(self.text, self.seen)
            if m:
                answer = self.text[self.seen:m.end()]
                self.seen = m.end()
                return answer
            left = deadline - time.time()
            assert left > 0, "no %r within %d s; log %s" % (pattern, timeout, self.save())
            try:
                chunk = self.chunks.get(timeout=min(left, 1))
            except queue.Empty:
                continue
            assert chunk is not None, "QEMU ended before %r; log %s" % (pattern, self.save())
            self.text += chunk

    def send(self, s):
        self.proc.stdin.write(s.encode())
        self.proc.stdin.flush()

    def command(self, cmd):
        """Types cmd at the K> prompt; returns its answer up to the next prompt."""
        self.send(cmd + "\r")
        return self.expect(r"^K> ")

    def finish(self):
        try:
            status = self.proc.wait(timeout=120)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.save()
        return status

    def save(self):
        with open(self.log_path, "w") as f:
            f.write(self.text)
        return self.log_path


def test_monitor_at_boot_shows_the_machine():
    c = Console("boot", "init=holdports exit=idle monitor")
    c.expect(r"^monitor: entered \(boot\) on CPU 0; type help$")
    c.expect(r"^K> ")

    help_text = c.command("help")
    for name in ("help", "gdt", "idt", "tss", "iomap", "tasks", "counters", "trace", "backtrace", "continue"):
        assert re.search(r"^  %s\s" % name, help_text, re.MULTILINE), help_text

    gdt = c.command("gdt")
    assert re.search(r"^  0x00  null$", gdt, re.MULTILINE), gdt
    assert re.search(r"^  0x08  code DPL 0  64-bit  \(selector 0x8\)$", gdt, re.MULTILINE), gdt
    assert re.search(r"^  0x10  data DPL 0  writable", gdt, re.MULTILINE), gdt
    assert re.search(r"^  0x20  data DPL 3  writable  \(selector 0x23\)$", gdt, re.MULTILINE), gdt
    assert re.search(r"^  0x28  code DPL 3  64-bit  \(selector 0x2b\)$", gdt, re.MULTILINE), gdt
    # LTR marked it busy; limit 0x4069: both maps and their terminators.
    assert re.search(r"^  0x30  TSS \(busy: loaded by LTR\) base 0x[0-9a-f]{16} limit 0x4069 DPL 0", gdt,
                     re.MULTILINE), gdt

    idt = c.command("idt")
    assert re.search(r"^\s+8 .*-> \S+\+0x0  sel 0x8 DPL 0 IST 1 interrupt gate", idt, re.MULTILINE), idt
    assert re.search(r"^\s+14 .*-> \S+\+0x0  sel 0x8 DPL 0 IST 0 interrupt gate", idt, re.MULTILINE), idt
    assert re.search(r"^\s+3 .* DPL 3 IST 0 ", idt, re.MULTILINE), idt  # int3 from ring 3

    tss = c.command("tss")
    assert re.search(r"^TSS of CPU 0 \(TR 0x30\) at 0x[0-9a-f]+, limit 0x4069$", tss, re.MULTILINE), tss
    assert re.search(r"^  ist1 0x[0-9a-f]+  \(#DF\)$", tss, re.MULTILINE), tss
    # No process has run yet: the boot state, no map at all.
    assert re.search(r"^  I/O map base 0x406a: past the TSS limit: no map, every ring-3 IN/OUT faults$",
                     tss, re.MULTILINE), tss
    assert "io_map_end 0xff, io_all_end 0xff" in tss

    tasks = c.command("tasks")
    assert re.search(r"^\*   0 +0 running .* idle$", tasks, re.MULTILINE), tasks
    assert re.search(r"^    1 +0 runnable +0 +0 +0 no +holdports$", tasks, re.MULTILINE), tasks

    assert "no I/O bitmap: ioperm() was never called" in c.command("iomap 1")
    assert "usage: iomap PID" in c.command("iomap 99")
    assert "unknown command 'bogus'" in c.command("bogus")
    assert re.search(r"^  cpu 0: switches \d+", c.command("co"), re.MULTILINE) is None  # ambiguous prefix
    assert re.search(r"^  cpu 0: switches \d+", c.command("counters"), re.MULTILINE)
    assert "Backtrace" in c.command("backtrace")

    # iotrace, off at boot: nothing recorded; on, it records what follows.
    assert re.search(r"^iotrace is off; 0 recent decision\(s\) \(recorded only while it is on\)$",
                     c.command("trace"), re.MULTILINE)
    assert "usage: trace [on|off]" in c.command("trace maybe")
    assert re.search(r"^iotrace on$", c.command("trace on"), re.MULTILINE)
    c.send("continue\r")
    c.expect(r"^monitor: continuing$")
    # holdports asks for 0x70-0x71, then 0x80: two copies, the second 17 bytes.
    c.expect(r"^iotrace: cpu 0 pid \d+->1 prev_seq \d+ seq \d+ copied 17$")
    c.expect(r"^holdports: press Enter to exit")
    # holdports waits in read(): once the idle process has run after it,
    # the switch has moved the base past the limit.  On a busy host the
    # key can arrive before holdports has gone to sleep even once; then
    # the monitor continues and the key is pressed again a little later.
    for attempt in range(10):
        c.send("\x1d")
        c.expect(r"^monitor: entered \(key\) on CPU 0; type help$")
        c.expect(r"^K> ")
        trace = c.command("trace")
        if re.search(r"^  iotrace: cpu 0 pid 1->0 invalidate$", trace, re.MULTILINE):
            break
        c.send("continue\r")
        c.expect(r"^monitor: continuing$")
        time.sleep(0.2)
    assert re.search(r"^iotrace is on; \d+ recent decision\(s\), oldest first:$", trace, re.MULTILINE), trace
    # The ring keeps the last 32 decisions and holdports' read() wakes
    # once a tick, so the 17-byte copy (seen on the console above) may
    # have left it.  What must be there: the invalidation, and after it
    # every return to holdports a skip (copied 0): its bits stayed.
    decisions = re.findall(r"^  iotrace: cpu 0 pid (\d+)->(\d+) (.*)$", trace, re.MULTILINE)
    first_invalidate = decisions.index(("1", "0", "invalidate")) if ("1", "0", "invalidate") in decisions else None
    assert first_invalidate is not None, trace
    returns = [d for d in decisions[first_invalidate:] if d[1] == "1"]
    assert all(re.fullmatch(r"prev_seq (\d+) seq \1 copied 0", d[2]) for d in returns), trace
    # ...and this CPU still holds its bits: no copy when it comes back.
    iomap = c.command("iomap 1")
    seq = re.search(r"^pid 1 \(holdports\): iopl 0, bitmap shared by 1, max 17 bytes, sequence (\d+)$",
                    iomap, re.MULTILINE)
    assert seq, iomap
    assert re.search(r"^  cpu 0 holds this bitmap \(its TSS map's prev_sequence is %s\), "
                     r"(selected|not selected: base past the limit)$" % seq.group(1), iomap, re.MULTILINE), iomap
    assert re.search(r"^iotrace off$", c.command("trace off"), re.MULTILINE)
    c.send("continue\r")
    c.expect(r"^monitor: continuing$")
    c.send("\r")
    c.expect(r"^holdports: done$")
    assert c.finish() == 0


def test_ctrl_close_bracket_stops_the_machine_in_the_monitor():
    c = Console("key", "init=holdports exit=idle")
    pid = int(re.search(r"pid (\d+) holds", c.expect(r"^holdports: pid \d+ holds ports.*$")).group(1))
    c.expect(r"^holdports: press Enter to exit")
    c.send("\x1d")
    c.expect(r"^monitor: entered \(key\) on CPU 0; type help$")
    c.expect(r"^K> ")

    iomap = c.command("iomap %d" % pid)
    assert re.search(r"^pid %d \(holdports\): iopl 0, bitmap shared by 1, max 17 bytes, sequence \d+$" % pid,
                     iomap, re.MULTILINE), iomap
    assert re.findall(r"^  ports (0x[0-9a-f]+)-(0x[0-9a-f]+) allowed", iomap, re.MULTILINE) == \
        [("0x70", "0x71"), ("0x80", "0x80")], iomap

    tasks = c.command("tasks")
    # read() on the console polls once a tick: the key's tick finds it
    # asleep between two polls, woken, or polling (then it is current).
    m = re.search(r"^([* ]) +%d +0 (\w+) +0 +0 +0 yes +holdports$" % pid, tasks, re.MULTILINE)
    assert m and (m.group(2), m.group(1)) in [("sleeping", " "), ("runnable", " "), ("running", "*")], tasks
    # Exactly one process is current, and only it is shown running.
    assert len(re.findall(r"^\*", tasks, re.MULTILINE)) == 1, tasks
    assert len(re.findall(r" running ", tasks)) == 1, tasks
    assert re.search(r"^  I/O map base 0x[0-9a-f]+: ", c.command("tss"), re.MULTILINE)
    # The tick that saw the key interrupted the kernel (idle, or holdports
    # inside read()) or, only when holdports is current, its ring-3 loop.
    bt = c.command("backtrace")
    ring3 = re.search(r"^interrupted ring 3 at rip 0x0*4[0-9a-f]{5} \(rsp 0x0*7fff[0-9a-f]+\): "
                      r"no kernel frames below the trap$", bt, re.MULTILINE)
    assert "Backtrace" in bt or (ring3 and m.group(2) == "running"), bt

    c.send("continue\r")
    c.expect(r"^monitor: continuing$")
    c.send("\r")
    c.expect(r"^holdports: done$")
    assert c.finish() == 0


def test_monitor_opens_on_a_panic_and_cannot_continue():
    c = Console("panic", "selftest=gp monitor", timeout=60)
    c.expect(r"^END OF EXCEPTION REPORT #GP")
    c.expect(r"^monitor: entered \(panic\) on CPU 0; type help$")
    c.expect(r"^K> ")
    assert "cannot continue after a panic" in c.command("continue")
    assert re.search(r"^TSS of CPU 0", c.command("tss"), re.MULTILINE)
    c.proc.kill()
    c.finish()
