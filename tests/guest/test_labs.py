"""The lab kit guards itself (README "For instructors", docs/labs/):

- the full tree scores full marks in every lab (one grader run: the labs
  share their boots, e.g. one run of iotests feeds labs 1-4; lab 4 also
  builds the posted design, its intermediate code, by itself);
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
# A handout (grade/LAB names its lab) is not the full tree: its graders
# are meant to fail until the student is done, and it has no solutions to
# hand out.  The kit's checks below run only in the full tree.
full_tree_only = pytest.mark.skipif(os.path.exists(os.path.join(ROOT, "grade", "LAB")),
                                    reason="a lab handout: the kit is checked in the full tree only")


def run(cmd, cwd, name, timeout=600):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=timeout)
    out = p.stdout.decode("utf-8", "replace")
    os.makedirs(LOGS, exist_ok=True)
    with open(os.path.join(LOGS, "labs-%s.log" % name), "w") as f:
        f.write("# %s (in %s): exit %d\n%s" % (" ".join(cmd), cwd, p.returncode, out))
    return p.returncode, out


@full_tree_only
def test_labs_exist():
    assert LABS == list(range(1, len(LABS) + 1)) and len(LABS) >= 4, LABS


@full_tree_only
def test_full_tree_scores_full_marks():
    rc, out = run([PY, "grade/grade.py", "--expect", "full"], ROOT, "full")
    m = re.search(r"^Score: (\d+)/(\d+)$", out, re.M)
    assert m and m.group(1) == m.group(2) and int(m.group(2)) > 0, out[-3000:]
    for lab in LABS:
        assert re.search(r"^lab %d: (\d+)/\1 " % lab, out, re.M), out[-3000:]
    assert rc == 0, out[-3000:]


# Each handout is its own tree and build: they may run side by side.
@full_tree_only
@pytest.mark.parametrize("lab", [pytest.param(n, marks=pytest.mark.xdist_group("handout%d" % n)) for n in LABS])
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


# ---- the handout tool itself, on a made-up tree (no boot: fast) -------------

def _tree(tmp_path, files):
    root = tmp_path / "tree"
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


SOLVED = """int f(void)
{
	/* @LAB@ BEGIN SOLUTION */
	return compute_the_answer_the_long_way(42);
	/* @LAB@ END SOLUTION */
	/* @LAB@ HINT
	 * Compute the answer.
	 * @LAB@ CODE
	 *	%s
	 * @LAB@ END HINT */
}
"""
# (The markers are spelled "@LAB@" here and filled in at run time: written
# out, they would make this file part of the real tree's lab 2.)
SOLVED = SOLVED.replace("@LAB@", "LAB" + " 2:")


def _handout(root, dest, lab=2):
    return subprocess.run([PY, os.path.join(ROOT, "tools", "handout.py"), "--root", str(root),
                           "--lab", str(lab), "--dest", str(dest), "--no-commit"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_handout_replaces_a_solution_by_its_hint(tmp_path):
    later = (SOLVED % "return 1;").replace("LAB" + " 2", "LAB" + " 3").replace("f(void)", "g(void)")
    root = _tree(tmp_path, {"f.c": SOLVED % "return 0;", "g.c": later})
    p = _handout(root, tmp_path / "out")
    assert p.returncode == 0, p.stdout
    text = (tmp_path / "out" / "f.c").read_text()
    assert "compute_the_answer" not in text and "BEGIN" not in text
    assert "/* LAB" + " 2: your code here.\n\t * Compute the answer.\n\t */\n\treturn 0;\n}" in text, text
    assert "LAB" + " 3: your code here." in (tmp_path / "out" / "g.c").read_text()
    # Lab 3's handout keeps lab 2's solution, without markers or hint.
    p = _handout(root, tmp_path / "later", lab=3)
    assert p.returncode == 0, p.stdout
    text = (tmp_path / "later" / "f.c").read_text()
    assert "\treturn compute_the_answer_the_long_way(42);\n}" in text and "LAB" not in text, text


def test_handout_refuses_a_leaked_solution_line(tmp_path):
    # A hint that quotes the solution's own line is a leak.
    leaky = (SOLVED % "return 0;").replace(" * Compute the answer.",
                                           " * return compute_the_answer_the_long_way(42);")
    root = _tree(tmp_path, {"f.c": leaky})
    p = _handout(root, tmp_path / "out")
    assert p.returncode != 0 and b"LEAK in f.c" in p.stdout, p.stdout


INTERMEDIATE = """int g(void)
{
	/* @LAB@ INTERMEDIATE
	 * The posted design.
	 * @LAB@ CODE
	 *	return posted_design_with_a_leak();
	 * @LAB@ END INTERMEDIATE */
	return 0;
}
""".replace("@LAB@", "LAB" + " 2:")


def test_handout_intermediate_only_in_its_own_lab(tmp_path):
    other = {"f%d.c" % n: (SOLVED % "return 0;").replace("LAB" + " 2", "LAB %d" % n) for n in (1, 3)}
    root = _tree(tmp_path, dict(other, **{"g.c": INTERMEDIATE}))
    for lab in (1, 2, 3):
        p = _handout(root, tmp_path / ("lab%d" % lab), lab=lab)
        assert p.returncode == 0, p.stdout
        text = (tmp_path / ("lab%d" % lab) / "g.c").read_text()
        copy = tmp_path / ("lab%d" % lab) / "grade" / "intermediate" / "g.c"
        if lab == 2:
            assert "/* LAB" + " 2: the intermediate design.\n\t * The posted design.\n\t */\n" \
                "\treturn posted_design_with_a_leak();\n\treturn 0;" in text, text
            assert copy.read_text() == text
        else:
            assert "posted_design" not in text and "LAB" not in text and not copy.exists(), text
    # What the grader builds from the full tree: the code in, no prose.
    import importlib.util
    spec = importlib.util.spec_from_file_location("handout", os.path.join(ROOT, "tools", "handout.py"))
    handout = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(handout)
    new, _, _ = handout.transform("g.c", INTERMEDIATE, 0, intermediate_of=2)
    assert new == "int g(void)\n{\n\treturn posted_design_with_a_leak();\n\treturn 0;\n}\n", new


def test_handout_refuses_broken_markers(tmp_path):
    root = _tree(tmp_path, {"f.c": "/* LAB" + " 2: BEGIN SOLUTION */\nint x;\n"})
    p = _handout(root, tmp_path / "out")
    assert p.returncode != 0 and b"unterminated" in p.stdout, p.stdout
