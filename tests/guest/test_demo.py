"""The demo `make run` shows: five port-I/O programs side by side, each
with only its own ports, the intruder killed with a report that names the
port and the reason, and the I/O bitmap counters at the end."""
import re

import pytest

from conftest import SERIALDRV_LINE, boot_demo


def demo_counters(log):
    """The demo's counter table: {label: total}, the last column (with one
    CPU the only one, with several the sum of the CPUs' columns)."""
    rows = re.findall(r"^  ([a-zA-Z ()I/]+?)((?:\s+\d+)+)$", log, re.MULTILINE)
    return dict((k.strip(), int(v.split()[-1])) for k, v in rows)


@pytest.mark.parametrize("strategy", ["seq", "max", "full", "fault"])
def test_demo_behaves_as_designed(boot, strategy):
    r = boot_demo(boot, "exit=idle iobitmap=%s iocheck" % strategy, timeout=120)
    assert r.find(r"^init: started demo as pid 1$")
    assert r.find(r"^iobitmap: strategy %s, checking$" % strategy)
    assert r.find(r"^postcode: wrote \d+ POST codes to port 0x80$")
    assert len(re.findall(SERIALDRV_LINE, r.log, re.MULTILINE)) == 3
    clock = re.findall(r"^rtcclock: the CMOS clock says (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) UTC$",
                       r.log, re.MULTILINE)
    assert len(clock) == 3 and all(2020 <= int(c[0]) < 2100 and 1 <= int(c[1]) <= 12 for c in clock)
    assert r.find(r"^toggler: \d+ ioperm on/off rounds on port 0x80, \d+ faults when off, 0 wrong states$")
    assert r.find(r"^killed: pid \d+ \(intruder\) SIGSEGV: #GP General Protection, error 0x0, at rip 0x[0-9a-f]+: "
                  r"inb from port 0x71 denied \(its bitmap denies port 0x71\)$")
    assert "THE KERNEL LET IT THROUGH" not in r.log
    assert r.find(r"^demo: every program behaved as designed$")
    assert r.find(r"^demo: done\. Leave QEMU with Ctrl-A X\.$")
    counters = demo_counters(r.log)
    assert counters["context switches"] > 0
    assert counters["bitmap copies into the TSS"] > 0
    if strategy in ("seq", "fault"):
        assert counters["copies skipped (same seq)"] > 0
    else:
        assert counters["copies skipped (same seq)"] == 0
    # Under fault every copy is made by a first port access, and only there.
    if strategy == "fault":
        assert counters["faults that loaded the map"] == counters["bitmap copies into the TSS"]
    else:
        assert counters["faults that loaded the map"] == 0
    if strategy == "full":
        assert counters["bytes copied"] == 8192 * counters["bitmap copies into the TSS"]
