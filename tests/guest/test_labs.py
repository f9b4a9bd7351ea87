"""The lab kit guards itself (README "For instructors", docs/labs/):

- the full tree scores full marks in every lab (one grader run: the labs
  share their boots, e.g. one run of iotests feeds all three);
- for every lab n, `make handout LAB=n` writes a fresh one-commit git
  repository with no solution marker of lab n or later left in it, which
  builds, boots, and scores exactly its starter points: the tests marked
  starter=True pass and no others.  A leaked solution, or a grader that
  cannot fail, fails here.

To stay fast the handout's build starts from a copy of this tree's
objects: make rebuilds what the handout changed (its rewritten files are
newer), which is exactly the code a student starts from.
"""
import glob
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = "/usr/bin/python3"
LABS = sorted(int(os.path.basename(p)[3:-3]) for p in glob.glob(os.path.join(ROOT, "grade", "lab[0-9]*.py")))
LOGS = os.path.join(ROOT, "build", "test-logs")


def run(cmd, cwd, name, timeout=600):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=timeout)
    out = p.stdout.decode("utf-8", "replace")
    os.makedirs(LOGS, exist_ok=True)
    with open(os.path.join(LOGS, "labs-%s.log" % name), "w") as f:
        f.write("# %s (in %s): exit %d\n%s" % (" ".join(cmd), cwd, p.returncode, out))
    return p.returncode, out


def test_labs_exist():
    assert LABS[:3] == [1, 2, 3], LABS


def test_full_tree_scores_full_marks():
    rc, out = run([PY, "grade/grade.py", "--expect", "full"], ROOT, "full")
    m = re.search(r"^Score: (\d+)/(\d+)$", out, re.M)
    assert m and m.group(1) == m.group(2) and int(m.group(2)) > 0, out[-3000:]
    for lab in LABS:
        assert re.search(r"^lab %d: (\d+)/\1 " % lab, out, re.M), out[-3000:]
    assert rc == 0, out[-3000:]


@pytest.mark.parametrize("lab", LABS)
def test_handout_scores_starter_points(lab):
    dest = os.path.join(ROOT, "build", "handouts", "lab%d" % lab)
    shutil.rmtree(dest, ignore_errors=True)
    rc, out = run(["make", "--no-print-directory", "handout", "LAB=%d" % lab, "DEST=%s" % dest],
                  ROOT, "handout%d" % lab)
    assert rc == 0, out

    # A fresh repository: one commit, nothing of this tree's history.
    log = subprocess.run(["git", "log", "--oneline"], cwd=dest, stdout=subprocess.PIPE, check=True)
    assert len(log.stdout.decode().splitlines()) == 1
    # No solution of lab n or later, no build output.
    assert not os.path.exists(os.path.join(dest, "build"))
    grep = subprocess.run(["git", "grep", "-n", "-E", r"LAB [0-9]+: (BEGIN|END) SOLUTION"], cwd=dest,
                          stdout=subprocess.PIPE)
    for line in grep.stdout.decode().splitlines():
        n = int(re.search(r"LAB ([0-9]+):", line).group(1))
        assert n < lab, "a solution of lab %d is in the lab %d handout: %s" % (n, lab, line)
    with open(os.path.join(dest, "grade", "LAB")) as f:
        assert f.read().strip() == str(lab)

    os.makedirs(os.path.join(dest, "build"))
    for d in ("obj-gcc", "user", "host"):
        if os.path.isdir(os.path.join(ROOT, "build", d)):
            shutil.copytree(os.path.join(ROOT, "build", d), os.path.join(dest, "build", d), symlinks=True)
    rc, out = run(["make", "--no-print-directory", "-j2", "all"], dest, "handout%d-build" % lab)
    assert rc == 0, out[-3000:]

    rc, out = run([PY, "grade/grade.py", "--expect", "starter"], dest, "handout%d-grade" % lab)
    m = re.search(r"^lab %d: (\d+)/(\d+) \(the handout starts at (\d+)\)$" % lab, out, re.M)
    assert m, out[-3000:]
    assert m.group(1) == m.group(3), out[-3000:]
    assert int(m.group(1)) < int(m.group(2))
    assert rc == 0, out[-3000:]
