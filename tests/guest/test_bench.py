"""make bench works from this tree: it builds its own KDEBUG=0 image, runs
iobench twice under -icount shift=0, and the numbers repeat exactly and meet
the targets of docs/performance.md.  Not a timed test: under icount the
numbers are instruction counts and byte counters, identical on every run."""
import json
import os
import subprocess

from conftest import ROOT


def test_make_bench():
    proc = subprocess.run(["make", "--no-print-directory", "-j2", "bench"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
    out = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0, out[-4000:]
    with open(os.path.join(ROOT, "build", "bench", "results.json")) as f:
        results = json.load(f)
    assert results["repeatable"] is True and results["runs"] == 2
    assert len(results["scenarios"]) == 7 * 4  # scenarios x strategies
    assert all(t["held"] for t in results["targets"]), results["targets"]
    for name in ("results.csv", "chart.svg"):
        assert os.path.getsize(os.path.join(ROOT, "build", "bench", name)) > 200
    assert "Cost per context switch" in out
