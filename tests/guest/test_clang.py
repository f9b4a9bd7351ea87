"""The kernel builds with clang as well as gcc, and the clang kernel works.

Built into build/clang/ so it never disturbs the gcc image the other tests
boot.  Needs clang (installed by `make deps`); if it is missing the test
fails loudly rather than skipping."""
import shutil
import subprocess

from conftest import ROOT


def test_clang_kernel_builds_and_boots(boot):
    assert shutil.which("clang"), "clang is not installed: run `make deps`"
    proc = subprocess.run(["make", "-j2", "--no-print-directory", "CC=clang", "BUILD=build/clang", "all"],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    assert proc.returncode == 0, proc.stdout.decode()[-3000:]
    r = boot("selftest=heap", args=["--iso", ROOT + "/build/clang/portcullis.iso"])
    assert "SELFTEST heap: PASS" in r.log


def test_clang_kernel_reports_a_fault(boot):
    # Depends on the image the previous test built (make is a no-op if so).
    subprocess.run(["make", "-j2", "--no-print-directory", "CC=clang", "BUILD=build/clang", "all"],
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, check=True)
    r = boot("selftest=gp", expect="panic", args=["--iso", ROOT + "/build/clang/portcullis.iso"])
    assert "#GP" in r.log and "selftest_gp" in r.log
