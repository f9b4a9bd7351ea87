"""gradelib - the lab grader's machinery, in the spirit of MIT's gradelib
(facts only; written for Portcullis).

A lab file (grade/labN.py) declares tests with points:

    @test(10, "reaches ring 3")
    def ring3(g):
        b = g.boot("init=hello exit=idle", seconds=3)
        g.outcome(b, "success")
        g.match(b, r"^hello from ring 3: pid 1, parent 0$")

    @test(5, "the TSS boot state", parent=ring3, starter=True)

Each test boots the real ISO through run-qemu.sh --test (or tools/run-bochs.sh
with runner="bochs").  Boots are shared: two tests asking for the same
command line get one boot, so one run of iotests feeds many tests.  Checks
print GOOD (an expected line that was there, shown when a test fails),
MISSING (an expected line that was not) and BAD (a line that must not
appear, or a wrong outcome).  A test whose parent failed scores 0 without
running.  The transcript of every boot a failed test used is saved under
build/grade/ (LAB-TEST.log); a passing test deletes its stale file.

Timeouts are not constants: the grader first times one plain boot
(init=hello) and scales every test's `seconds` (what it takes on the
reference machine) by how much slower this machine is, with a floor of
3x the estimate plus 20 s, so a slow laptop does not fail a correct
solution.

`starter=True` marks a test that the lab's handout already passes, before
the student has written anything: CI checks that a fresh handout scores
exactly the starter points, and the full tree full marks (make test).
"""
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "grade")
RUNNERS = {"qemu": [os.path.join(ROOT, "run-qemu.sh"), "--test"],
           "bochs": [os.path.join(ROOT, "tools", "run-bochs.sh")]}
OUTCOMES = {0: "success", 1: "failure", 2: "panic", 3: "triple", 4: "timeout", 5: "error"}
# Seconds an init=hello boot takes on the machine the `seconds` of each
# test were measured on.
REFERENCE_BOOT = 2.5


class Test:
    def __init__(self, fn, points, title, parent, starter):
        self.fn, self.points, self.title = fn, points, title or fn.__name__
        self.parent, self.starter, self.name = parent, starter, fn.__name__
        self.ok = None


TESTS = []


def test(points, title=None, parent=None, starter=False):
    def register(fn):
        t = Test(fn, points, title, parent, starter)
        TESTS.append(t)
        fn.test = t
        return fn
    return register


class Boot:
    def __init__(self, cmdline, runner, status, log, seconds):
        self.cmdline, self.runner, self.status = cmdline, runner, status
        self.outcome = OUTCOMES.get(status, "error")
        self.log, self.seconds = log, seconds

    def find(self, pattern):
        return re.search(pattern, self.log, re.MULTILINE)

    def findall(self, pattern):
        return re.findall(pattern, self.log, re.MULTILINE)


class Failed(Exception):
    pass


class Grader:
    def __init__(self, lab, iso=None, verbose=False):
        self.lab, self.verbose = lab, verbose
        self.iso = iso
        self.boots = {}
        self.host = {}
        self.isos = {}
        self.scale = 1.0
        self.messages, self.used, self.failed = [], [], False

    # ---- timing ------------------------------------------------------------
    def calibrate(self):
        # The same boot as a test's init=hello: it is timed here and
        # shared with that test.
        b = self._run("init=hello exit=idle", "qemu", 120)
        self.boots[("init=hello exit=idle", "qemu", None)] = b
        if b.outcome not in ("success", "failure", "panic"):
            print("grade: the calibration boot ended with %s after %.1f s; timeouts use scale 4"
                  % (b.outcome, b.seconds))
            self.scale = 4.0
        else:
            self.scale = max(1.0, b.seconds / REFERENCE_BOOT)
        print("grade: a plain boot takes %.1f s here: timeouts x%.1f" % (b.seconds, self.scale))

    def timeout(self, seconds):
        return int(3 * seconds * self.scale + 20)

    # ---- boots -------------------------------------------------------------
    def _run(self, cmdline, runner, timeout, iso=None):
        cmd = list(RUNNERS[runner]) + ["--timeout", str(timeout), "--cmdline", cmdline]
        if iso or self.iso:
            cmd += ["--iso", iso or self.iso]
        start = time.monotonic()
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, timeout=timeout + 60)
            status, out = p.returncode, p.stdout
        except subprocess.TimeoutExpired as e:
            status, out = 4, e.stdout or b""
        log = out.decode("utf-8", "replace").replace("\r\n", "\n")
        return Boot(cmdline, runner, status, log, time.monotonic() - start)

    def boot(self, cmdline, seconds=5, runner="qemu", iso=None):
        """Boots the tree's image (or `iso`: another build, e.g.
        intermediate_iso's) with cmdline; shared by equal requests."""
        key = (cmdline, runner, iso)
        if key not in self.boots:
            self.boots[key] = self._run(cmdline, runner, self.timeout(seconds), iso)
            if self.verbose:
                print("  (boot %r under %s: %s in %.1f s)" % (cmdline, runner,
                      self.boots[key].outcome, self.boots[key].seconds))
        b = self.boots[key]
        if b not in self.used:
            self.used.append(b)
        return b

    # ---- another build of this tree ---------------------------------------
    def intermediate_iso(self, lab):
        """Builds this tree with lab's intermediate design in (tools/handout.py:
        the code that exists only in lab's handout, e.g. lab 4's posted seed
        patch) in build/grade/labN-intermediate/, and returns its image.
        The design comes from grade/intermediate/ in a handout (the files as
        handed out, whatever the student has changed since), or from the
        markers in the full tree.  Everything else - the student's tests
        among it - is this tree as it is now.  Raises Failed when it does
        not build."""
        if lab in self.isos:
            return self.isos[lab]
        work = os.path.join(OUT, "lab%d-intermediate" % lab)
        src = os.path.join(work, "src")
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(ROOT, src, symlinks=True,
                        ignore=lambda d, names: [n for n in names if n in (".git", "build")] if d == ROOT else [])
        overlay = os.path.join(ROOT, "grade", "intermediate")
        written = []
        if os.path.isdir(overlay):
            for dirpath, _, files in os.walk(overlay):
                for name in files:
                    rel = os.path.relpath(os.path.join(dirpath, name), overlay)
                    shutil.copyfile(os.path.join(dirpath, name), os.path.join(src, rel))
                    written.append(rel)
        else:
            sys.path.insert(0, os.path.join(ROOT, "tools"))
            import handout
            marker = re.compile(r"LAB %d: INTERMEDIATE\b" % lab)
            for dirpath, dirnames, files in os.walk(src):
                dirnames[:] = [d for d in dirnames if d not in (".git", "build")]
                for name in files:
                    path = os.path.join(dirpath, name)
                    try:
                        with open(path, encoding="utf-8") as f:
                            text = f.read()
                    except UnicodeDecodeError:
                        continue
                    if marker.search(text):
                        new, _, _ = handout.transform(path, text, lab, intermediate_of=lab)
                        with open(path, "w", encoding="utf-8") as f:
                            f.write(new)
                        written.append(os.path.relpath(path, src))
        if not written:
            raise Failed("lab %d has no intermediate design to build" % lab)
        # Start from this tree's objects: make rebuilds what the overlay
        # changed (newer files) and whatever else differs.
        os.makedirs(os.path.join(src, "build"))
        for d in ("obj-gcc", "user"):
            if os.path.isdir(os.path.join(ROOT, "build", d)):
                shutil.copytree(os.path.join(ROOT, "build", d), os.path.join(src, "build", d), symlinks=True)
        mk = subprocess.run(["make", "--no-print-directory", "-j2", "all"], cwd=src, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        with open(os.path.join(work, "make.log"), "w") as f:
            f.write(mk.stdout.decode("utf-8", "replace"))
        if mk.returncode != 0:
            raise Failed("the lab %d intermediate design (%s) does not build: see %s"
                         % (lab, ", ".join(sorted(written)), os.path.relpath(os.path.join(work, "make.log"), ROOT)))
        self.isos[lab] = os.path.join(src, "build", "portcullis.iso")
        return self.isos[lab]

    # ---- checks ------------------------------------------------------------
    def _bad(self, kind, text):
        self.messages.append("    %s %s" % (kind, text))
        self.failed = True

    def outcome(self, b, *expected):
        if b.outcome in expected:
            self.messages.append("    GOOD outcome %s" % b.outcome)
        else:
            self._bad("BAD", "outcome %s (expected %s) for %r" % (b.outcome, " or ".join(expected), b.cmdline))

    def match(self, b, *patterns, no=()):
        """Every pattern must match a line of b's log; none of `no` may."""
        for p in patterns:
            m = b.find(p)
            if m:
                self.messages.append("    GOOD %s" % m.group(0))
            else:
                self._bad("MISSING", "/%s/" % p)
        for p in no:
            m = b.find(p)
            if m:
                self._bad("BAD", m.group(0))
        return not self.failed

    def check(self, condition, text):
        if condition:
            self.messages.append("    GOOD %s" % text)
        else:
            self._bad("BAD", text)
        return condition

    def host_tests(self, name):
        """{cmocka test: passed?} for build/host/test_NAME (built first)."""
        if name not in self.host:
            binary = "build/host/test_%s" % name
            mk = subprocess.run(["make", "--no-print-directory", "-s", binary], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            results = {}
            if mk.returncode == 0:
                p = subprocess.run([os.path.join(ROOT, binary)], cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, timeout=120)
                text = p.stdout.decode("utf-8", "replace")
                for status, t in re.findall(r"^\[\s+(OK|FAILED|ERROR)\s+\] (\w+)$", text, re.M):
                    results[t] = status == "OK" and results.get(t, True)
                self.host_logs = getattr(self, "host_logs", {})
                self.host_logs[name] = text
            else:
                self.host_logs = getattr(self, "host_logs", {})
                self.host_logs[name] = mk.stdout.decode("utf-8", "replace")
            self.host[name] = results
        return self.host[name]

    def host_test(self, suite, *names):
        results = self.host_tests(suite)
        for n in names:
            if n not in results:
                self._bad("MISSING", "host test %s/%s did not run (see build/grade/)" % (suite, n))
            elif results[n]:
                self.messages.append("    GOOD host test %s/%s" % (suite, n))
            else:
                self._bad("BAD", "host test %s/%s failed" % (suite, n))

    # ---- running -----------------------------------------------------------
    def run(self, tests):
        os.makedirs(OUT, exist_ok=True)
        total = sum(t.points for t in tests)
        score = 0
        for t in tests:
            start = time.monotonic()
            self.messages, self.used, self.failed = [], [], False
            if t.parent is not None and not t.parent.test.ok:
                t.ok = False
                print("%s: SKIP (0/%d): the test it builds on, %s, failed"
                      % (t.title, t.points, t.parent.test.title))
                continue
            try:
                t.fn(self)
            except Failed as e:
                self._bad("BAD", str(e))
            except Exception as e:  # a grader bug must not pass a test
                self._bad("BAD", "grader error: %r" % e)
            t.ok = not self.failed
            log = os.path.join(OUT, "lab%d-%s.log" % (self.lab, t.name))
            took = time.monotonic() - start
            if t.ok:
                score += t.points
                print("%s: OK (%d/%d) (%.1fs)" % (t.title, t.points, t.points, took))
                if os.path.exists(log):
                    os.remove(log)
            else:
                print("%s: FAIL (0/%d) (%.1fs)" % (t.title, t.points, took))
                for m in self.messages:
                    print(m)
                with open(log, "w") as f:
                    for b in self.used:
                        f.write("# %s --cmdline %r: %s (status %d), %.1f s\n"
                                % (b.runner, b.cmdline, b.outcome, b.status, b.seconds))
                        f.write(b.log)
                        f.write("\n")
                    for name, text in getattr(self, "host_logs", {}).items():
                        f.write("# host tests %s\n%s\n" % (name, text))
                print("    transcript: %s" % os.path.relpath(log, ROOT))
        return score, total
