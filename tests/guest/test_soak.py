"""Issue 14's soaks, short forms: the system call fuzzer (sysfuzz, 10^5
calls) and the process life-cycle soak (lifecycle, 3000 cycles: 10^4 take a minute), both in
user/programs/.  The long forms (10^6 calls, 10^5 cycles) are `make soak`.

Each prints its numbers and PASS only when its heartbeat process never
missed more than HEARTBEAT_MAX_MS and the free frames came back to the
baseline; here we also check the numbers themselves and that the kernel
neither panicked nor reported a lockup (conftest.py)."""
import re


def numbers(r, pattern):
    m = r.find(pattern)
    assert m, "no line matching %r" % pattern
    return [int(g) for g in m.groups()]


def check_heartbeat_and_frames(r, name):
    gap, limit = numbers(r, r"^%s: heartbeat longest gap (\d+) ms \(limit (\d+)\)$" % name)
    assert 0 <= gap <= limit
    before, after = numbers(r, r"^%s: frames before (\d+), after (\d+)$" % name)
    assert before == after and before > 0


def test_sysfuzz(boot):
    r = boot("init=sysfuzz exit=idle", timeout=300)
    assert "PANIC" not in r.log
    calls, = numbers(r, r"^sysfuzz: (\d+) calls in finished workers")
    assert calls >= 100000
    workers, as_user, finished, signalled, blocked, odd = numbers(
        r, r"^sysfuzz: workers (\d+) \((\d+) as uid 1000\): (\d+) finished, (\d+) killed by what they did, "
           r"(\d+) blocked and killed, (\d+) odd$")
    assert finished * 250 == calls and odd == 0
    assert workers == finished + signalled + blocked
    assert as_user * 3 >= workers  # about half run as uid 1000
    check_heartbeat_and_frames(r, "sysfuzz")
    assert r.find(r"^sysfuzz: PASS$")
    assert "1 init program(s) finished, 0 failed" in r.log


def test_lifecycle(boot):
    r = boot("init=lifecycle exit=idle hz=1000", timeout=400)
    assert "PANIC" not in r.log
    cycles, ms, wrong = numbers(r, r"^lifecycle: (\d+) cycles in (\d+) ms, (\d+) wrong$")
    assert cycles == 3000 and wrong == 0
    check_heartbeat_and_frames(r, "lifecycle")
    # The children died each way, and the kernel said so.
    assert r.find(r"^killed: pid \d+ \(lifecycle\) SIGSEGV: #PF")
    assert r.find(r"^killed: pid \d+ \(lifecycle\) SIGKILL: sent by pid 1$")
    assert r.find(r"^lifecycle: PASS$")
