"""Lab 4: the two leaks of the posted seed patch - your exploits fail on
the posted design and pass on your fix (docs/labs/4-leaks.md)."""
import re

import iotests
from gradelib import test

# The posted design is built by the grader itself (Grader.intermediate_iso:
# this tree with lab 4's intermediate code in, your tests included) and
# booted without iocheck: there the leaks must show as a port open to a
# process that never asked for it, not as the kernel's own panic.
POSTED = 'init="iotests leak_stale leak_partial" exit=idle'
# A probe that found the map wrong prints one of these (probe.c).
PROBE_WRONG = r"(was allowed, expected a fault|faulted, expected it to be allowed)"


def posted(g):
    return g.boot(POSTED, seconds=10, iso=g.intermediate_iso(4))


@test(0, "the posted design builds, and your exploits run on it", starter=True)
def posted_runs(g):
    b = posted(g)
    g.outcome(b, "success", "failure")
    g.match(b, r"^iotests: \d+ passed, \d+ failed$", no=[r"^EXCEPTION .*$", r"^PANIC.*$"])


def section(b, name):
    """What iotests printed for test NAME: from the line after the
    previous test's result to NAME's own result line (each test runs in a
    child, one after the other)."""
    lines = b.log.split("\n")
    out = []
    for line in lines:
        if line.startswith("test %s: " % name):
            return out, line
        if line.startswith("test ") or line.startswith("iotests: starting"):
            out = []
        else:
            out.append(line)
    return out, None


def exploit(points, name, leak):
    def fn(g):
        lines, result = section(posted(g), name)
        if not g.check(result is not None, "iotests ran %s on the posted design" % name):
            return
        g.check(result.startswith("test %s: FAILED" % name),
                "on the posted design: %s" % result)
        wrong = [l.strip() for l in lines if re.search(PROBE_WRONG, l)]
        g.check(bool(wrong), "a probe found a port wrong: %s" % (wrong[0] if wrong else
                "none (the test must fail because a port was open or closed wrongly)"))
    fn.__name__ = "exploit_" + name
    return test(points, "%s catches the %s leak of the posted design" % (name, leak),
                parent=posted_runs)(fn)




exploit(15, "leak_stale", "stale-sequence")
exploit(15, "leak_partial", "partial-copy")

# On the handout's kernel (the posted design) iocheck panics early: the
# partial copy broke the map's invariant.
yours_runs = iotests.runs_to_the_end(points=5, starter=False)
iotests.iotest(yours_runs, 10, "leak_stale", "your exploit passes on your kernel")
iotests.iotest(yours_runs, 10, "leak_partial", "your exploit passes on your kernel")


@test(10, "your kernel: leak_reuse and the stress runs under seq, max and full", parent=yours_runs)
def yours_stress(g):
    b = g.boot(iotests.IOTESTS, seconds=15)
    for name in ("leak_reuse", "stress_seq", "stress_max", "stress_full"):
        iotests.passed(g, b, name)
