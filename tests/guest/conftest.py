"""Shared helpers for the in-guest tests.

Every guest test boots build/portcullis.iso in QEMU through run-qemu.sh
--test (so the tests exercise exactly what a student runs), captures the
serial output, and checks the exit status.  The serial log of every run is
kept under build/test-logs/<test name>.log, so a failed test leaves its
evidence behind.

    result = boot("selftest=gp", expect="panic")
    assert "General Protection" in result.log

`expect` is one of the run-qemu.sh --test outcomes: "success" (0),
"failure" (1), "panic" (2), "triple" (3), "timeout" (4).  boot() fails the
test when the outcome differs, printing the tail of the log.
"""
import os
import re
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_QEMU = os.path.join(ROOT, "run-qemu.sh")
RUN_BOCHS = os.path.join(ROOT, "tools", "run-bochs.sh")  # same options and exit codes
LOG_DIR = os.path.join(ROOT, "build", "test-logs")

OUTCOMES = {0: "success", 1: "failure", 2: "panic", 3: "triple", 4: "timeout", 5: "error"}


class BootResult:
    def __init__(self, status, log, stderr):
        self.status = status
        self.outcome = OUTCOMES.get(status, "error")
        self.log = log
        self.stderr = stderr

    def lines(self):
        return self.log.splitlines()

    def find(self, pattern):
        """First regex match in the log, or None."""
        return re.search(pattern, self.log, re.MULTILINE)


# The groups that take a minute or more (make test's --durations list),
# handed out first so that no long one starts last while the other worker
# idles.  Only an order: a name missing here still runs, just later.
LONG_GROUPS_FIRST = ("test_bochs::test_iotests_pass_under_bochs", "test_labs",
                     "test_linux_selftests", "test_bench",
                     "test_bochs::test_iotests_across_two_cpus_under_bochs", "handout3")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Under `make test` (pytest-xdist --dist loadgroup) a test file's tests
    run on one worker, in order, because they share build directories and
    boots.  A test that shares nothing says so with its own xdist_group, or
    its file sets EACH_TEST_ITS_OWN_GROUP (every boot its own QEMU or Bochs
    on a private copy of the image)."""
    def group_of(item):
        marker = item.get_closest_marker("xdist_group")
        return marker.args[0] if marker else None

    for item in items:
        if group_of(item) is None:
            own = getattr(item.module, "EACH_TEST_ITS_OWN_GROUP", False)
            name = item.module.__name__
            item.add_marker(pytest.mark.xdist_group("%s::%s" % (name, item.name) if own else name))

    def rank(item):
        group = group_of(item)
        return LONG_GROUPS_FIRST.index(group) if group in LONG_GROUPS_FIRST else len(LONG_GROUPS_FIRST)

    items.sort(key=rank)  # stable: within a group, the file's order


def _log_name(request):
    name = request.node.nodeid.replace("/", "_").replace("::", "__")
    return re.sub(r"[^A-Za-z0-9_.\-\[\]=]", "_", name) + ".log"


@pytest.fixture
def boot(request):
    os.makedirs(LOG_DIR, exist_ok=True)
    counter = [0]

    def _boot(cmdline="", expect="success", timeout=60, args=(), runner=RUN_QEMU, lockup_expected=False):
        counter[0] += 1
        log_path = os.path.join(LOG_DIR, _log_name(request))
        if counter[0] > 1:
            log_path = log_path[:-4] + ".%d.log" % counter[0]
        cmd = [runner, "--test", "--timeout", str(timeout)]
        if cmdline:
            cmd += ["--cmdline", cmdline]
        cmd += list(args)
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, timeout=timeout + 30)
        log = proc.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
        stderr = proc.stderr.decode("utf-8", "replace")
        with open(log_path, "w") as f:
            f.write("# %s\n# exit status %d\n# stderr: %s\n" % (" ".join(cmd), proc.returncode, stderr.strip()))
            f.write(log)
        result = BootResult(proc.returncode, log, stderr)
        # The lockup detector (kernel/lockup.c) must stay silent in every
        # boot but the one that provokes it on purpose.
        if not lockup_expected and "LOCKUP:" in log:
            pytest.fail("the lockup detector fired (log kept in %s):\n%s"
                        % (log_path, log[log.index("LOCKUP:"):][:2000]))
        if expect is not None and result.outcome != expect:
            lines = log.splitlines()
            # The failing checks first: a long suite's last lines are often
            # another test's noise (forkbomb's 60 kill reports).
            failed = [l for l in lines if re.search(r"FAIL|panic|PANIC|killed: .*(#|SIGSEGV|SIGBUS)", l)]
            tail = "\n".join(lines[-40:])
            pytest.fail("expected outcome %r, got %r (status %d)\nstderr: %s\nlog kept in %s\n"
                        "--- lines that name a failure ---\n%s\n--- last lines ---\n%s"
                        % (expect, result.outcome, proc.returncode, stderr.strip(), log_path,
                           "\n".join(failed[:30]), tail))
        return result

    return _boot


# One whole line of serialdrv's, and nothing else on it.
SERIALDRV_LINE = r"^serialdrv: line \d written to COM1 by pid \d+ with outb, no system call$"
DEMO_ATTEMPTS = 4


def boot_demo(boot, cmdline, **kwargs):
    """Boots the demo.  serialdrv drives COM1 itself, byte by byte from ring
    3, on the same wire as the kernel console: when it is preempted in the
    middle of a line, another program's line lands inside its line and both
    are cut (the race is real, and the demo shows it on purpose: it is what
    a user-space driver of a shared device looks like).  A run where that
    happened proves nothing either way, so it is repeated (a tick landing in
    one of serialdrv's three lines is rare, about one boot in twenty on a
    loaded machine, so four tries all cut are about one in 10^5).  The check
    is strict: the three lines whole, and no other text mentioning them,
    because a cut just before serialdrv's newline leaves its line's start
    intact with the victim's line glued to its end."""
    for attempt in range(1, DEMO_ATTEMPTS + 1):
        r = boot(cmdline, **kwargs)
        intact = re.findall(SERIALDRV_LINE, r.log, re.MULTILINE)
        if len(intact) == 3 and r.log.count("written to COM1") == 3 or attempt == DEMO_ATTEMPTS:
            return r
        print("boot_demo: serialdrv's COM1 lines were interleaved with other output; booting again")
