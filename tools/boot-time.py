#!/usr/bin/python3
"""boot-time.py [RUNS] - wall-clock time from starting QEMU to the first
line a user program prints, for each boot path of the one image:
SeaBIOS or OVMF firmware, CD or USB stick (run-qemu.sh --uefi / --usb).

The kernel runs `init=hello exit=idle`; the clock stops when the serial
port shows "hello from ring 3" (the first user-mode output) and the run
must then end with the success code.  This is host time under TCG, so it
varies with the machine and its load: the median of RUNS runs (default 3)
is printed.  Almost all of it is firmware and GRUB; the kernel's own part
is the gap between GRUB's "Booting" line and the first user output.
"""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_QEMU = os.path.join(ROOT, "run-qemu.sh")
PATHS = [("SeaBIOS CD", []), ("SeaBIOS USB", ["--usb"]),
         ("OVMF CD", ["--uefi"]), ("OVMF USB", ["--uefi", "--usb"])]
MARK = b"hello from ring 3"


def one_run(args):
    cmd = [RUN_QEMU, "--test", "--timeout", "120", "--cmdline", "init=hello exit=idle"] + args
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)
    seen = None
    for line in proc.stdout:
        if seen is None and MARK in line:
            seen = time.monotonic() - start
    status = proc.wait()
    if seen is None or status != 0:
        sys.exit("boot-time: %s failed (status %d, first user output %s)"
                 % (" ".join(cmd), status, "seen" if seen else "never seen"))
    return seen


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print("%-12s %s" % ("path", "seconds to the first user output (median of %d)" % runs))
    for name, args in PATHS:
        times = [one_run(args) for _ in range(runs)]
        print("%-12s %.2f   (%s)" % (name, statistics.median(times),
                                    ", ".join("%.2f" % t for t in times)))


if __name__ == "__main__":
    main()
