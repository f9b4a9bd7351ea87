"""Lab 2: ioperm(2) - the bitmap object, the bits, max, the -errno rules
and the kill report (docs/labs/2-ioperm.md)."""
import iotests
from gradelib import test

@test(5, "host: io_range_check (-EINVAL rules)")
def host_range(g):
    g.host_test("io_bits", "range_check")


@test(10, "host: setting and clearing ranges, against a model")
def host_set_range(g):
    g.host_test("io_bits", "set_range_matches_model")


@test(5, "host: max")
def host_max(g):
    g.host_test("io_bits", "max_values")


@test(5, "host: the CPU's access rule (width, past 0xffff)")
def host_access(g):
    g.host_test("io_bits", "cpu_access_rule")


iotests_runs = iotests.runs_to_the_end()


def iotest(points, name, title, starter=False):
    return iotests.iotest(iotests_runs, points, name, title, starter)


# Linux's selftests (tools/testing/selftests/x86/ioperm.c, iopl.c), as scenarios.
iotest(10, "ioperm_basic", "a port opens, closes, and only that port")
iotest(5, "ioperm_fork", "a child inherits the bitmap; the parent keeps its own after changes")
iotest(5, "ioperm_unprivileged", "turning on needs root, turning off never does")
iotest(5, "ioperm_errors", "-EINVAL for empty, wrapping and too-high ranges")
iotest(5, "iopl_restores_bitmap", "iopl(0) brings the ioperm bitmap back")
# The CPU's edge rules.
iotest(5, "edge_width", "outw/outl need every covered port")
iotest(5, "edge_top", "0xffff: inb allowed, inw faults (the 2-byte read)")
iotest(5, "edge_string", "INS/OUTS are checked like IN/OUT")
iotest(5, "edge_forms", "immediate and DX forms")
iotest(5, "low_ports", "ports 0-0x1f stay closed")
iotest(5, "fault_record", "a denied access is SIGSEGV, #GP(0), at the instruction")
iotest(5, "exec_keeps", "execve keeps the bitmap")
iotest(5, "exit_releases", "exit frees the bitmap (no leak)")
iotest(5, "fork_fail", "a failed fork changes nothing")
iotest(0, "no_ioperm", "without ioperm every port faults (lab 1)", starter=True)


@test(10, "the kill report names the port and the reason")
def kill_report(g):
    iotests.intruder_killed_with_report(g, "init=intruder exit=idle")
