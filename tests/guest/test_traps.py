"""Exception reports, the timer and the TSS, checked from the serial log.

Each exception selftest raises one exception in kernel mode on purpose; the
kernel must print the full report (docs/trap-reports.md) and leave through
the panic exit.  The assertions follow the report's fixed lines.
"""
import re

import pytest

HEX16 = r"0x[0-9a-f]{16}"


def report(result, mnemonic, name, vector):
    """The text between the report's first and last line (both included)."""
    first = "EXCEPTION %s %s (vector %d) in kernel mode" % (mnemonic, name, vector)
    last = "END OF EXCEPTION REPORT %s (vector %d)" % (mnemonic, vector)
    start = result.log.find(first)
    assert start >= 0, "no report header %r" % first
    end = result.log.find(last, start)
    assert end >= 0, "no report footer %r" % last
    return result.log[start:end + len(last)]


def assert_common(text, function):
    """What every kernel-mode report has: RIP in the test function, the
    selectors, RFLAGS, the 15 registers, the control registers and a
    backtrace through the selftest runner to kmain."""
    assert re.search(r"^RIP=%s <%s\+0x[0-9a-f]+>$" % (HEX16, function), text, re.M), text
    assert re.search(r"^CS=0x0008 \(GDT index 1: kernel code, RPL 0\)", text, re.M), text
    assert re.search(r"^RSP=%s RFLAGS=%s \[[A-Z ]*IOPL=0\]$" % (HEX16, HEX16), text, re.M), text
    for reg in ("RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R8 ", "R9 ",
                "R10", "R11", "R12", "R13", "R14", "R15", "CR0", "CR2", "CR3", "CR4"):
        assert re.search(r"%s=%s" % (reg, HEX16), text), "no %s in\n%s" % (reg, text)
    bt = text[text.index("Backtrace (innermost first):"):]
    assert re.search(r"#0  %s <%s\+0x" % (HEX16, function), bt), bt
    assert "<selftest_run+0x" in bt, bt
    assert "<kmain+0x" in bt, bt
    # Innermost first: the test function, then the runner, then kmain.
    assert bt.index(function) < bt.index("selftest_run") < bt.index("kmain"), bt


def test_divide_error(boot):
    r = boot("selftest=de", expect="panic")
    text = report(r, "#DE", "Divide Error", 0)
    assert "Error code: none" in text
    assert_common(text, "selftest_de")


def test_invalid_opcode(boot):
    r = boot("selftest=ud", expect="panic")
    text = report(r, "#UD", "Invalid Opcode", 6)
    assert "Error code: none" in text
    assert_common(text, "selftest_ud")


def test_general_protection_non_canonical(boot):
    r = boot("selftest=gp", expect="panic")
    text = report(r, "#GP", "General Protection", 13)
    assert "Error code 0x0000, selector format:" in text
    assert "0 = no selector is to blame" in text
    assert "non-canonical" in text
    # The address the test loaded is in a register of the dump.
    assert "=0x0000800000000000" in text
    assert_common(text, "selftest_gp")


def test_general_protection_selector(boot):
    r = boot("selftest=gp_selector", expect="panic")
    text = report(r, "#GP", "General Protection", 13)
    assert "Error code 0x0030, selector format:" in text
    assert re.search(r"EXT=0 .*the program's own instruction", text)
    assert "IDT=0  the index is a segment selector" in text
    assert "TI=0   in the GDT" in text
    assert "index=6 (selector 0x0030): TSS" in text
    assert_common(text, "selftest_gp_selector")


def test_page_fault(boot):
    r = boot("selftest=pf", expect="panic")
    text = report(r, "#PF", "Page Fault", 14)
    assert "Error code 0x0002, page-fault format:" in text
    assert re.search(r"P=0 .*not-present", text)
    assert re.search(r"W/R=1 .*write", text)
    assert re.search(r"U/S=0 .*supervisor", text)
    assert re.search(r"RSVD=0 ", text)
    assert re.search(r"I/D=0 .*data access", text)
    assert "-> a supervisor-mode write to a not-present page" in text
    assert re.search(r"^CR2=0x000000000dead000 ", text, re.M)
    assert "CR2=0x000000000dead000\n" in text  # the control-register lines
    assert_common(text, "selftest_pf")


def test_breakpoint(boot):
    r = boot("selftest=bp", expect="panic")
    text = report(r, "#BP", "Breakpoint", 3)
    assert "Error code: none" in text
    assert "RIP is the instruction after it" in text
    assert_common(text, "selftest_bp")


def test_double_fault(boot):
    r = boot("selftest=df", expect="panic")
    text = report(r, "#DF", "Double Fault", 8)
    assert "#DF always pushes 0" in text
    assert "Double fault: the CPU raised an exception while delivering" in text
    assert "runs on the IST1 stack" in text
    assert "Not a stack overflow" in text
    assert "KERNEL STACK OVERFLOW" not in text
    assert_common(text, "selftest_df")


def test_kernel_stack_overflow(boot):
    r = boot("selftest=stack", expect="panic")
    text = report(r, "#DF", "Double Fault", 8)
    assert "Double fault: the CPU raised an exception while delivering" in text
    m = re.search(r"^KERNEL STACK OVERFLOW: RSP=(%s) CR2=(%s) reached a kernel "
                  r"stack's guard page$" % (HEX16, HEX16), text, re.M)
    assert m, text
    # The recursion shows as one line plus a repeat count, so the trace
    # still reaches the test, the runner and kmain.
    assert re.search(r"the frame above repeats \d+ more times", text), text
    assert_common(text, "selftest_stack_recurse")
    assert "<selftest_stack+0x" in text


def test_timer(boot):
    r = boot("selftest=timer", expect="success")
    assert "SELFTEST timer: PASS" in r.log
    m = r.find(r"timer: asked for (\d+) Hz, the PIT runs at (\d+) Hz")
    assert m and m.group(1) == m.group(2) == "100", r.log
    m = r.find(r"timer: (\d+) ticks after")
    assert m and int(m.group(1)) >= 5


@pytest.mark.parametrize("hz", [19, 1000])
def test_timer_rates(boot, hz):
    r = boot("selftest=timer hz=%d" % hz, expect="success")
    assert "SELFTEST timer: PASS" in r.log
    assert r.find(r"pit: %d Hz asked, divisor \d+, actual \d+\.\d{3} Hz" % hz)


def test_tss(boot):
    r = boot("selftest=tss", expect="success")
    assert "SELFTEST tss: PASS" in r.log
    assert "TR=0x30" in r.log
    assert "(INVALID)" in r.log
    assert "io_map all 0xff + 0xff terminator" in r.log


def test_unknown_selftest(boot):
    r = boot("selftest=nosuchtest", expect="failure")
    assert "SELFTEST nosuchtest: FAIL (no such test" in r.log
