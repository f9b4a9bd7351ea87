"""Time that cannot lose ticks, and the lockup detector (issue 14).

selftest=clock spends 300 ms with interrupts off (spinning on the ACPI PM
timer) and checks that CLOCK_MONOTONIC and the tick count both moved by
about that much.  selftest=lockup is a deliberately stuck kernel: 2.5 s in
a loop with interrupts on and no preemption point, then 1.5 s with
interrupts off; the detector must report both, naming the CPU, the process
and the backtrace.  Every other boot fails if the report appears
(conftest.py), so the detector is also proved silent."""
import re


def test_clock_counts_a_stall(boot):
    r = boot("selftest=clock")
    m = r.find(r"^clock: 300 ms with interrupts off: monotonic (\d+) ms \((\d+) ms before the next tick\), ticks (\d+) ms")
    assert m, "no clock line"
    assert 280 <= int(m.group(2)) <= int(m.group(1)) <= 400
    assert 280 <= int(m.group(3)) <= 400
    assert "SELFTEST clock: PASS" in r.log


def test_lockup_detector_fires(boot):
    r = boot("selftest=lockup", lockup_expected=True)
    soft = re.findall(r"^LOCKUP: CPU 0 stuck in the kernel for (\d+) ms without a preemption point: (.*)$",
                      r.log, re.MULTILINE)
    hard = re.findall(r"^LOCKUP: CPU 0 stuck in the kernel for (\d+) ms with interrupts off: (.*)$",
                      r.log, re.MULTILINE)
    assert len(soft) >= 1 and all(1000 <= int(ms) <= 1300 for ms, _ in soft), soft
    assert len(hard) == 1 and 1400 <= int(hard[0][0]) <= 1700, hard
    assert soft[0][1] == "no process (the kernel itself)"
    # The backtrace of the stuck loop names it and its caller.
    after = r.log[r.log.index("LOCKUP:"):]
    assert re.search(r"#0 .*<pm_timer_spin_us\+", after)
    assert re.search(r"#1 .*<selftest_lockup\+", after)
    assert "SELFTEST lockup: PASS" in r.log


def test_lockup_threshold_from_the_command_line(boot):
    r = boot("selftest=lockup lockup=2000", expect="failure", lockup_expected=True)
    # 2.5 s stuck, threshold 2 s: one soft report; 1.5 s with interrupts
    # off is below it, so the selftest's second check fails.
    assert len(re.findall(r"^LOCKUP: .* without a preemption point", r.log, re.MULTILINE)) == 1
    assert not re.search(r"^LOCKUP: .* with interrupts off", r.log, re.MULTILINE)
    assert "SELFTEST lockup: FAIL" in r.log
