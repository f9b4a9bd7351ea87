"""The ioperm acceptance suite on a second, independent x86 implementation.

QEMU and Bochs share no code: each has its own instruction decoder and its
own implementation of the TSS I/O permission check (SDM Vol. 1, 19.5.2).
A kernel bug that one emulator forgives - a map base that points at the
wrong bytes, a missing trailing 0xff, a limit one byte short - shows up on
the other.  tools/run-bochs.sh boots the same ISO through GRUB under the
Bochs BIOS and reports with run-qemu.sh --test's exit codes.  Bochs comes
from Debian (make deps); when it is missing the test fails and says so."""
import os
import re
import shutil

from conftest import RUN_BOCHS

# Every boot runs on its own copy of the image: the tests may run side by
# side (conftest.py).
EACH_TEST_ITS_OWN_GROUP = True


def _need_bochs():
    assert shutil.which("bochs"), "bochs is not installed: run `make deps`"
    assert os.path.exists("/usr/share/bochs/BIOS-bochs-latest"), "bochsbios is not installed: run `make deps`"


def test_iotests_pass_under_bochs(boot):
    _need_bochs()
    # Stress runs of 2x10^4 probes: Bochs is slow, QEMU runs them whole.
    r = boot('init="iotests --probes 20000" exit=idle iocheck', runner=RUN_BOCHS, timeout=480)
    assert r.find(r'^boot: loader "GRUB')
    m = r.find(r"^iotests: (\d+) passed, (\d+) failed$")
    assert m and int(m.group(1)) > 0 and int(m.group(2)) == 0
    # The stress tests hammered the bitmap switch under every strategy.
    for strategy in ("seq", "max", "full", "fault"):
        s = r.find(r"^iotests stress \[%s\]: procs \d+ probes (\d+) violations (\d+)" % strategy)
        assert s and int(s.group(1)) == 20000 and int(s.group(2)) == 0, strategy
    assert r.find(r"^exit=idle: all processes gone; 1 init program\(s\) finished, 0 failed: PASS$")


SMP_TESTS = ("smp_affinity smp_migrate_copy smp_fork_share smp_iopl_migrate "
             "leak_stale_smp leak_partial_smp leak_reuse_smp")


def test_iotests_across_two_cpus_under_bochs(boot):
    """The I/O bitmap across CPUs on Bochs's own APICs and TSS check: the
    affinity calls, a bitmap changed on the other CPU copied back (17
    bytes) and an unchanged one not (0), fork-sharing and iopl(3) across
    CPUs, and the seed patch's leaks replayed with processes moving between
    the CPUs.  The 10^5-probe stress runs are left to
    QEMU (test_smp_suites.py): Bochs runs both CPUs in one host thread."""
    _need_bochs()
    r = boot('init="iotests %s" exit=idle iocheck' % SMP_TESTS, runner=RUN_BOCHS,
             args=["--cpus", "2"], timeout=480)
    assert r.find(r"^smp: 2 CPUs online, each with its own run queue$")
    results = dict(re.findall(r"^test (\S+): (OK|FAILED.*|SKIP.*)$", r.log, re.MULTILINE))
    assert results == {name: "OK" for name in SMP_TESTS.split()}, results
    assert r.find(r"^  \(migrate: CPU 0 copied 17 bytes after the change on CPU 1, 0 without\)$")
    assert r.find(r"^exit=idle: all processes gone; 1 init program\(s\) finished, 0 failed: PASS$")


def test_bochs_runner_reports_a_failure(boot):
    """The runner must not turn a failing run into a pass: a program that
    exits non-zero makes exit=idle report failure (code 0x11)."""
    _need_bochs()
    r = boot("init=hello,nosuchprogram exit=idle", runner=RUN_BOCHS, expect="failure", timeout=240)
    assert r.find(r"^exit=idle: .*: FAIL$")


def test_bochs_runner_reports_a_panic(boot):
    """A kernel panic under Bochs comes back as the panic outcome, with the
    trap report from Bochs's own exception delivery on the serial log."""
    _need_bochs()
    r = boot("selftest=gp", runner=RUN_BOCHS, expect="panic", timeout=240)
    assert r.find(r"^EXCEPTION #GP General Protection \(vector 13\) in kernel mode")
    assert r.find(r"^testexit: code 0x12")
