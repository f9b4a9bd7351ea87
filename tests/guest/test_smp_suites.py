"""Every suite on several CPUs (docs/smp.md): usertests, iotests and the
demo with 2 and 4 CPUs under QEMU's multi-threaded TCG, each CPU running
processes from its own run queue.  (One CPU is what every other test file
boots.)  iotests switches through every iobitmap= strategy itself; the
demo boots once per strategy across the CPU counts."""
import re

import pytest

from conftest import SERIALDRV_LINE, boot_demo
from test_demo import demo_counters

# Every boot runs on its own copy of the image: the tests may run side by
# side (conftest.py).
EACH_TEST_ITS_OWN_GROUP = True


@pytest.mark.parametrize("cpus", [2, 4])
@pytest.mark.parametrize("suite", ["usertests", "iotests"])
def test_suite_passes_on_several_cpus(boot, suite, cpus):
    # One suite per boot: usertests counts free frames, which another
    # program running beside it would disturb.
    # iotests' stress runs at half size (5x10^4 probes per strategy);
    # `make soak` runs 10^6 on 4 CPUs.
    cmd = "iotests --probes 50000" if suite == "iotests" else suite
    r = boot('init="%s" exit=idle iocheck' % cmd, args=["--smp", str(cpus)], timeout=300)
    assert r.find(r"^smp: %d CPUs online, each with its own run queue$" % cpus)
    assert r.find(r"^%s: \d+ passed, 0 failed$" % suite)
    if suite == "iotests":
        check_iotests_across_cpus(r, cpus)


def check_iotests_across_cpus(r, cpus):
    """The tests that move processes between CPUs ran (none said SKIP), and
    the stress runs migrated their processes with no violation."""
    results = dict(re.findall(r"^test (\S+): (OK|FAILED.*|SKIP.*)$", r.log, re.MULTILINE))
    smp_only = {k: v for k, v in results.items() if k.startswith("smp_") or k.endswith("_smp")}
    assert len(smp_only) == 7 and set(smp_only.values()) == {"OK"}, smp_only
    assert r.find(r"^  \(migrate: CPU 0 copied 17 bytes after the change on CPU 1, 0 without\)$")
    for strategy in ("seq", "max", "full", "fault"):
        s = r.find(r"^iotests stress \[%s\]: procs 8 probes (\d+) violations (\d+) " % strategy)
        assert s and int(s.group(1)) == 50000 and int(s.group(2)) == 0, strategy
        m = r.find(r"^iotests stress \[%s\]: migrations (\d+) on (\d+) CPUs$" % strategy)
        assert m and int(m.group(1)) > 100 and int(m.group(2)) == cpus, strategy


@pytest.mark.parametrize("cpus,strategy", [(2, "seq"), (2, "max"), (4, "full")])
def test_demo_on_several_cpus(boot, cpus, strategy):
    r = boot_demo(boot, "exit=idle iobitmap=%s iocheck" % strategy, args=["--smp", str(cpus)],
                  timeout=120)
    assert r.find(r"^demo: every program behaved as designed$")
    assert len(re.findall(SERIALDRV_LINE, r.log, re.MULTILINE)) == 3
    assert "THE KERNEL LET IT THROUGH" not in r.log
    header = r.find(r"^demo: I/O bitmap counters per CPU \(strategy %s\)$" % strategy)
    assert header
    columns = re.search(r"^ +(CPU \d+ +)+total$", r.log, re.MULTILINE)
    assert columns and re.findall(r"CPU (\d+)", columns.group(0)) == [str(i) for i in range(cpus)]
    per_cpu = re.search(r"^  context switches\s+((?:\d+\s+)+)\d+$", r.log, re.MULTILINE)
    switches = [int(v) for v in per_cpu.group(1).split()]
    assert len(switches) == cpus and sum(1 for s in switches if s > 0) >= 2, r.log
    counters = demo_counters(r.log)
    assert counters["context switches"] == sum(switches)
    assert counters["bitmap copies into the TSS"] > 0
    if strategy == "full":
        assert counters["bytes copied"] == 8192 * counters["bitmap copies into the TSS"]
