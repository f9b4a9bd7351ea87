"""The iotests suite (user/programs/iotests) as graded tests, shared by
the labs' graders: one boot of the whole suite feeds every test that asks
for the same command line, and each iotests test is worth points of its
own."""
from gradelib import test

# The boot labs 1-4 share: the default strategy seq, with the whole-map
# check after every copy (the partial-copy leak becomes a panic).
IOTESTS = "init=iotests exit=idle iocheck"


def runs_to_the_end(cmdline=IOTESTS, seconds=15, points=0, starter=True):
    """The test every iotests test hangs from: the suite finishes (pass or
    fail) without an exception or a panic.  A starter test worth nothing,
    unless the lab's handout panics (lab 4's does, under iocheck)."""
    def iotests_runs(g):
        b = g.boot(cmdline, seconds=seconds)
        g.outcome(b, "success", "failure")
        g.match(b, r"^iotests: \d+ passed, \d+ failed$", no=[r"^EXCEPTION .*$", r"^PANIC.*$"])
    return test(points, "iotests runs to the end", starter=starter)(iotests_runs)


def passed(g, b, name):
    """iotests printed "test NAME: OK" in boot b; else show what it said."""
    if not g.match(b, r"^test %s: OK$" % name):
        other = b.find(r"^test %s: .*$" % name)
        if other:
            g.check(False, other.group(0))


def iotest(parent, points, name, title, starter=False, cmdline=IOTESTS, seconds=15):
    """A graded test: iotests NAME passes in the boot of cmdline."""
    def fn(g):
        passed(g, g.boot(cmdline, seconds=seconds), name)
    fn.__name__ = name
    return test(points, "iotests %s: %s" % (name, title), parent=parent, starter=starter)(fn)


def intruder_killed_with_report(g, cmdline):
    """The intruder (user/programs/intruder.c) may write 0x80 and is killed
    at its inb from 0x71, with the report naming the port and the reason."""
    b = g.boot(cmdline, seconds=3)
    g.outcome(b, "failure")
    g.match(b, r"^intruder: pid 1 wrote port 0x80 \(allowed\)",
            r"^killed: pid 1 \(intruder\) SIGSEGV: #GP General Protection, error 0x0, at rip 0x[0-9a-f]+: "
            r"inb from port 0x71 denied \(its bitmap denies port 0x71\)$",
            no=[r"THE KERNEL LET IT THROUGH"])
