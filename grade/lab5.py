"""Lab 5: other designs - Fiasco's copy on first fault as a fourth
strategy, iobitmap=fault (docs/labs/5-fault.md)."""
import iotests
from gradelib import test

FAULT = "init=iotests exit=idle iocheck iobitmap=fault"
BENCH = "init=iobench exit=idle"
SCENARIO = (r"^bench scenario=%d strategy=fault median=\d+ p90=\d+ switches=(\d+) "
            r"copies=(\d+) bytes=(\d+) skipped=(\d+) faults=(\d+) name=")

runs = iotests.runs_to_the_end(FAULT)


def group(points, title, names, starter=False):
    """One graded test for several iotests tests, all under fault."""
    def fn(g):
        b = g.boot(FAULT, seconds=15)
        for name in names:
            iotests.passed(g, b, name)
    fn.__name__ = "fault_" + names[0]
    return test(points, "under fault: %s" % title, parent=runs, starter=starter)(fn)


group(0, "without ioperm every port faults", ["no_ioperm"], starter=True)
group(0, "iopl(3) is not your business (map ALL)", ["iopl_all_ports", "iopl_child", "iopl_errors"],
      starter=True)
group(10, "Linux's ioperm scenarios", ["ioperm_basic", "ioperm_fork", "iopl_restores_bitmap"])
group(10, "the CPU's edge rules", ["edge_width", "edge_top", "edge_string", "edge_forms", "low_ports"])
group(5, "a denied access is still SIGSEGV at the instruction", ["fault_record"])
group(15, "the leak scenarios, under every strategy and fault",
      ["leak_stale", "leak_partial", "leak_reuse"])
group(5, "exec, exit and a failed fork", ["exec_keeps", "exit_releases", "fork_fail"])
group(15, "100,000 probes, 8 processes; every copy made at a first fault", ["stress_fault"])


@test(5, "usertests' ioperm test under fault")
def usertests_ioperm(g):
    b = g.boot('init="usertests ioperm" exit=idle iocheck iobitmap=fault', seconds=5)
    g.outcome(b, "success")
    g.match(b, r"^test ioperm: OK$")


@test(10, "the kill report under fault: loading the map does not hide a real denial")
def kill_report(g):
    iotests.intruder_killed_with_report(g, "init=intruder exit=idle iobitmap=fault")


def bench(g, scenario):
    b = g.boot(BENCH, seconds=15)
    m = b.find(SCENARIO % scenario)
    if not g.check(m is not None, "bench scenario %d under fault ran" % scenario):
        return None
    return [int(x) for x in m.groups()]


@test(10, "counters: ports used cost one first fault and one copy per switch (make bench 7)")
def bench_used(g):
    r = bench(g, 7)
    if r:
        switches, copies, nbytes, skipped, faults = r
        g.check(faults == copies and faults >= 0.9 * switches and nbytes <= 30 * copies,
                "scenario 7: %d faults, %d copies of %d bytes in %d switches"
                % (faults, copies, nbytes, switches))


# Parent bench_used: the handout's stub never copies at all, so "nothing
# for unused ports" means something only once used ports work.
@test(10, "counters: ports held but unused cost nothing under fault (make bench 2-5)", parent=bench_used)
def bench_unused(g):
    for s in (2, 3, 4, 5):
        r = bench(g, s)
        if r:
            switches, copies, nbytes, skipped, faults = r
            g.check(copies <= 1 and faults <= 1,
                    "scenario %d: %d copies, %d faults in %d switches" % (s, copies, faults, switches))
