"""Linux's own ioperm/iopl selftests, unmodified, on Portcullis.

At test time we take tools/testing/selftests/x86/ioperm.c and iopl.c out of
Debian's linux-source tarball (only those two files, cached under
build/linux-selftests/src; never committed), build each twice, with
`musl-gcc -static` and with `gcc -static` (glibc), add the four binaries to
an image with USER_EXTRA, and run each one alone under every iobitmap=
strategy.

What must come out is Linux's own output, line for line, with exactly one
known difference: since Linux 5.16 CLI and STI under iopl(3) are no-ops
("[OK] CLI NOPped"), while Portcullis keeps the CPU's #GP ("[OK] CLI
faulted"; the selftest accepts both).  The expected lines below are what
the 6.1 sources print on a Linux >= 5.16 machine; the test checks that
swapping those two words is the only change.

The glibc builds also prove that glibc's static startup (mprotect(2) and
friends) works here.
"""
import glob
import os
import shutil
import subprocess
import tarfile

import pytest

from conftest import ROOT

CACHE = os.path.join(ROOT, "build", "linux-selftests")
SRC = os.path.join(CACHE, "src")
BIN = os.path.join(CACHE, "bin")
# The build directory of test_user.py's USER_EXTRA image: its objects are
# up to date once either module has built there, so the second build only
# repacks the programs.
EXTRA_BUILD = os.path.join(ROOT, "build", "extra-selftests")  # its own: files run in parallel
ISO = os.path.join(CACHE, "portcullis.iso")
TARBALLS = "/usr/src/linux-source-*.tar.xz"
MEMBER = "tools/testing/selftests/x86/%s.c"
PROGRAMS = ("ioperm", "iopl")
LIBCS = ("musl", "glibc")
STRATEGIES = ("seq", "max", "full")

# glibc's words when mprotect returns ENOSYS during static startup.

# What each selftest prints on Linux >= 5.16 (every "[...]" line, in order).
EXPECTED_LINUX = {
    "ioperm": [
        "[OK]\toutb to 0x80 failed",
        "[OK]\toutb to 0xed failed",
        "[RUN]\tenable 0x80",
        "[OK]\toutb to 0x80 worked",
        "[OK]\toutb to 0xed failed",
        "[RUN]\tdisable 0x80",
        "[OK]\toutb to 0x80 failed",
        "[OK]\toutb to 0xed failed",
        "[RUN]\tchild: check that we inherited permissions",
        "[OK]\toutb to 0x80 worked",
        "[OK]\toutb to 0xed failed",
        "[RUN]\tchild: Extend permissions to 0x81",
        "[RUN]\tchild: Drop permissions to 0x80",
        "[OK]\toutb to 0x80 failed",
        "[OK]\tChild succeeded",
        "[OK]\toutb to 0x80 worked",
        "[RUN]\tdisable 0x80",
        "[OK]\tit worked",
        "[RUN]\tenable 0x80 again",
        "[OK]\tit failed",
    ],
    "iopl": [
        "[OK]\tCLI NOPped",
        "[OK]\tSTI NOPped",
        "[OK]\toutb to 0x80 worked",
        "[OK]\toutb to 0x80 worked",
        "[OK]\toutb to 0xed failed",
        "[RUN]\tchild: write to 0x80",
        "[OK]\tChild succeeded",
        "[RUN]\tparent: write to 0x80 (should fail)",
        "[OK]\toutb to 0x80 failed",
        "[OK]\tCLI NOPped",
        "[OK]\tSTI NOPped",
        "[RUN]\tiopl(3) unprivileged but with IOPL==3",
        "[RUN]\tiopl(0) unprivileged",
        "[RUN]\tiopl(3) unprivileged",
        "[OK]\tFailed as expected",
    ],
}

# The one accepted difference: Portcullis keeps the #GP of CLI/STI at IOPL 3.
KNOWN_DIFFERENCE = {"[OK]\tCLI NOPped": "[OK]\tCLI faulted", "[OK]\tSTI NOPped": "[OK]\tSTI faulted"}


def _extract_sources():
    """The two selftest sources, from the cache or from the tarball."""
    wanted = {p: os.path.join(SRC, p + ".c") for p in PROGRAMS}
    if all(os.path.exists(f) for f in wanted.values()):
        return wanted
    tarballs = sorted(glob.glob(TARBALLS))
    if not tarballs:
        pytest.fail("no %s: install Debian's linux-source (make deps does)" % TARBALLS)
    os.makedirs(SRC, exist_ok=True)
    top = os.path.basename(tarballs[-1])[: -len(".tar.xz")]
    with tarfile.open(tarballs[-1], "r:xz") as tar:
        for prog, dest in wanted.items():
            member = tar.extractfile("%s/%s" % (top, MEMBER % prog))
            with open(dest + ".tmp", "wb") as f:
                f.write(member.read())
            os.replace(dest + ".tmp", dest)
    return wanted


def _compile(compiler, src, out):
    if shutil.which(compiler) is None:
        pytest.fail("%s not found: install Debian's %s (make deps does)"
                    % (compiler, "musl-tools" if compiler == "musl-gcc" else "gcc"))
    proc = subprocess.run([compiler, "-static", "-O2", "-o", out, src],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.returncode == 0, "%s %s failed:\n%s" % (compiler, src, proc.stdout.decode())


@pytest.fixture(scope="module")
def selftest_iso():
    sources = _extract_sources()
    os.makedirs(BIN, exist_ok=True)
    binaries = []
    for prog, src in sources.items():
        for libc, compiler in (("musl", "musl-gcc"), ("glibc", "gcc")):
            out = os.path.join(BIN, "%s_%s" % (prog, libc))
            _compile(compiler, src, out)
            binaries.append(out)
    proc = subprocess.run(["make", "-j2", "--no-print-directory", "BUILD=" + EXTRA_BUILD, "iso",
                           "USER_EXTRA=" + " ".join(binaries)], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=900)
    assert proc.returncode == 0, proc.stdout.decode()[-3000:]
    shutil.copy(os.path.join(EXTRA_BUILD, "portcullis.iso"), ISO)
    return ISO


def _selftest_lines(log, program):
    """The selftest's "[...]" lines, from its start to the end of the run."""
    start = log.index("init: started %s as pid 1" % program)
    return [line for line in log[start:].splitlines() if line.startswith("[")]


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("libc", LIBCS)
@pytest.mark.parametrize("prog", PROGRAMS)
def test_linux_selftest(boot, selftest_iso, prog, libc, strategy):
    name = "%s_%s" % (prog, libc)
    r = boot("init=%s iobitmap=%s iocheck exit=idle" % (name, strategy), expect=None,
             args=["--iso", selftest_iso])
    assert "PANIC" not in r.log
    assert r.find(r"^iobitmap: strategy %s, checking$" % strategy)
    got = _selftest_lines(r.log, name)
    expected = [KNOWN_DIFFERENCE.get(line, line) for line in EXPECTED_LINUX[prog]]
    assert not [l for l in got if l.startswith(("[FAIL]", "[WARN]"))], "\n".join(got)
    assert got == expected, "selftest output differs from Linux's beyond CLI/STI:\n%s" % "\n".join(got)
    assert "1 init program(s) finished, 0 failed" in r.log
    assert r.outcome == "success"


def test_known_difference_is_only_cli_sti():
    """The expected output differs from Linux's in the CLI/STI lines only."""
    for prog, lines in EXPECTED_LINUX.items():
        ours = [KNOWN_DIFFERENCE.get(line, line) for line in lines]
        changed = [(a, b) for a, b in zip(lines, ours) if a != b]
        assert all("CLI" in a or "STI" in a for a, _ in changed)
        assert bool(changed) == (prog == "iopl")
