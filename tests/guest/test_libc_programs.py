"""Real C libraries on Portcullis: the same program, built with musl and
with glibc, prints the same lines on the Linux host and on Portcullis.

tests/guest/progs/libcprog.c exercises printf (floating point too),
malloc of many sizes, fork and waitpid, a pipe between two processes,
signals with raise() and siglongjmp out of a SIGSEGV handler, sleep(),
time() and clock(), and deep recursion.  Each binary (musl-gcc -static,
gcc -static) runs on the host first; its "libc: " lines are the expected
output, and the run on Portcullis must print exactly those.

glibc's static startup needs mprotect(2) (and then the rest of this file's
calls): the glibc case is the proof that both work.
"""
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

SRC = os.path.join(ROOT, "tests", "guest", "progs", "libcprog.c")
OUT = os.path.join(ROOT, "build", "libc-progs")
# test_user.py's USER_EXTRA build directory: its objects are current, so
# this build only repacks.
EXTRA_BUILD = os.path.join(ROOT, "build", "extra-libc")  # its own: files run in parallel
ISO = os.path.join(OUT, "portcullis.iso")
COMPILERS = {"musl": ("musl-gcc", "musl-tools"), "glibc": ("gcc", "gcc")}


def libc_lines(text):
    return [l for l in text.splitlines() if l.startswith("libc: ")]


@pytest.fixture(scope="module")
def libc_programs():
    """{libc: expected lines from the host run}, and the image."""
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    binaries = []
    for libc, (compiler, package) in COMPILERS.items():
        if shutil.which(compiler) is None:
            pytest.fail("%s not found: install Debian's %s (make deps does)" % (compiler, package))
        out = os.path.join(OUT, "libcprog_" + libc)
        subprocess.run([compiler, "-static", "-O2", "-o", out, SRC], check=True)
        host = subprocess.run([out], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60)
        assert host.returncode == 0, "%s fails on the host itself" % out
        expected[libc] = libc_lines(host.stdout.decode())
        assert expected[libc][-1] == "libc: done" and len(expected[libc]) == 11, expected[libc]
        binaries.append(out)
    proc = subprocess.run(["make", "-j2", "--no-print-directory", "BUILD=" + EXTRA_BUILD, "iso",
                           "USER_EXTRA=" + " ".join(binaries)], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=900)
    assert proc.returncode == 0, proc.stdout.decode()[-3000:]
    shutil.copy(os.path.join(EXTRA_BUILD, "portcullis.iso"), ISO)
    return expected


@pytest.mark.parametrize("libc", sorted(COMPILERS))
def test_same_output_as_linux(boot, libc_programs, libc):
    r = boot("init=libcprog_%s exit=idle" % libc, expect=None, args=["--iso", ISO])
    assert "PANIC" not in r.log
    assert libc_lines(r.log) == libc_programs[libc]
    assert not re.search(r"^killed: ", r.log, re.MULTILINE), "a process was killed"
    assert "1 init program(s) finished, 0 failed" in r.log
    assert r.outcome == "success"
