"""Lab 1: the TSS and the way into ring 3 (docs/labs/1-tss.md)."""
from gradelib import test
from iotests import IOTESTS


@test(10, "ring 3: a user program runs and exits")
def ring3(g):
    b = g.boot("init=hello exit=idle", seconds=3)
    g.outcome(b, "success")
    g.match(b, r"^hello from ring 3: pid 1, parent 0$",
            r"^exit=idle: all processes gone; 1 init program\(s\) finished, 0 failed")


@test(5, "the TSS's boot state: IST stacks, both maps, base INVALID", parent=ring3)
def tss_state(g):
    b = g.boot("selftest=tss", seconds=3)
    g.outcome(b, "success")
    g.match(b, r"^SELFTEST tss: PASS$", r"TR=0x30", r"\(INVALID\)",
            r"^tss: io_map all 0xff \+ 0xff terminator, io_all all 0x00 \+ 0xff terminator$")


@test(10, "a kernel stack overflow is reported as #DF on the IST1 stack", parent=ring3)
def stack_overflow(g):
    b = g.boot("selftest=stack", seconds=3)
    g.outcome(b, "panic")
    g.match(b, r"^EXCEPTION #DF Double Fault \(vector 8\) in kernel mode",
            r"^KERNEL STACK OVERFLOW: RSP=0x[0-9a-f]{16} CR2=0x[0-9a-f]{16} reached a kernel stack's guard page$",
            r"runs on the IST1 stack",
            r"^END OF EXCEPTION REPORT #DF \(vector 8\)")


@test(5, "interrupts from ring 3 land on the kernel stack (rsp0)", parent=ring3)
def interrupts_from_ring3(g):
    # iotests runs for seconds in ring 3 under the timer; with a wrong
    # rsp0 the first tick would be fatal.  Whether its ioperm tests pass
    # is lab 2's business: here only that it finishes.
    b = g.boot(IOTESTS, seconds=15)
    g.outcome(b, "success", "failure")
    g.match(b, r"^iotests: \d+ passed, \d+ failed$", no=[r"^EXCEPTION .*$", r"^PANIC.*$"])


@test(10, "a user inb/outb without ioperm() faults, every port and form", parent=ring3)
def no_ioperm(g):
    b = g.boot(IOTESTS, seconds=15)
    g.match(b, r"^test no_ioperm: OK$")
