#!/usr/bin/python3
"""Writes a lab handout: the student's tree for lab N, as a fresh git
repository (make handout LAB=N DEST=dir; README "For instructors").  Below,
n stands for a lab number.

Solutions live in the one tree between marker lines, each followed by the
hint that replaces it in a handout:

    /* LAB n: BEGIN SOLUTION */
    ...the solution...
    /* LAB n: END SOLUTION */
    /* LAB n: HINT
     * What to do, in words.
     * LAB n: CODE
     *	(void)m;
     *	return 0;
     * LAB n: END HINT */

For lab N, every solution of lab N and later becomes its hint: the prose
as a comment ("LAB n: your code here. ..."), the lines after CODE as code
(what follows the " *" on each line), so the handout builds and boots.
Solutions of earlier labs stay, without their markers or hints: labs build
on each other.  In Markdown the markers are HTML comments
(<!-- LAB n: BEGIN SOLUTION --> ... <!-- LAB n: END SOLUTION -->, and
<!-- LAB n: HINT ... LAB n: END HINT --> whose lines become plain text).
A file whose first lines say "LAB n: SOLUTION FILE" (n a number) is left
out of the handouts of lab n and earlier.

An intermediate design is code that exists only in the handout of its own
lab - say lab 4's posted seed patch, whose leaks the student must find and
fix.  In the full tree it is a comment, never compiled:

    /* LAB n: INTERMEDIATE
     * What this code is, in words (never what is wrong with it).
     * LAB n: CODE
     *	...the intermediate code...
     * LAB n: END INTERMEDIATE */

In the handout of lab n the prose stays as a comment ("LAB n: the
intermediate design. ...") and the code becomes code; in every other
handout, and in the full tree, the block is gone.  So with LAB=N:
solutions of labs < N stay; lab N's solutions become hints and its
intermediate code is in; solutions of labs > N become hints and their
intermediate code is out.  A handout of lab n also gets, in
grade/intermediate/, a copy of every file that holds lab n's intermediate
code, as handed out: the grader builds that design from it, whatever the
student has done to the tree since (grade/lab4.py).
transform(..., intermediate_of=n) makes that design from the full tree:
every solution kept, every hint out, lab n's intermediate code in.

Only the files git knows (tracked, or new and not ignored) are copied, so
build outputs never reach a handout; the new repository has one commit and
no history.  Then every removed solution line that is distinctive (long
enough, and found nowhere in the full tree outside solutions and hint
prose) is searched for in the whole handout: a hit - say a hint that
quotes the solution - is an error.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARK = re.compile(r"LAB (\d+): (BEGIN SOLUTION|END SOLUTION|HINT|CODE|END HINT|SOLUTION FILE"
                  r"|INTERMEDIATE|END INTERMEDIATE)\b")
CODE_PREFIX = re.compile(r"^\s*\* ?")
# Solution lines shorter than this (stripped) are too generic to prove a
# leak ("return 0;", "}").
LEAK_MIN = 24


def norm(line):
    """A line as the leak check compares it: without indentation or a
    leading comment star, so a hint that quotes code is recognised."""
    return re.sub(r"^[\s*/#;]+", "", line).strip()


class MarkerError(Exception):
    pass


def transform(path, text, lab, hints=True, intermediate_of=None):
    """Returns (new text or None to drop the file, removed solution lines,
    solution lines kept because their lab comes before `lab`).
    intermediate_of=n: the full tree with lab n's intermediate code in
    (every solution kept, every hint out; `lab` is ignored)."""
    if intermediate_of is not None:
        lab, hints = 1 << 30, False
    lines = text.split("\n")
    head = "\n".join(lines[:5])
    m = re.search(r"LAB (\d+): SOLUTION FILE", head)
    if m:
        if int(m.group(1)) >= lab:
            return None, [l for l in lines if l.strip()], []
        lines = [l for l in lines if not re.search(r"LAB \d+: SOLUTION FILE", l)]
    out, removed, kept_solution = [], [], []
    state, cur, hint_lab, markdown = "text", None, None, False
    for no, line in enumerate(lines, 1):
        m = MARK.search(line)
        kind, n = (m.group(2), int(m.group(1))) if m else (None, None)
        where = "%s:%d" % (path, no)
        if state == "text":
            if kind == "BEGIN SOLUTION":
                state, cur = "solution", n
                continue
            if kind in ("HINT", "INTERMEDIATE"):
                hint_lab, markdown = n, line.lstrip().startswith("<!--")
                if kind == "INTERMEDIATE":
                    if markdown:
                        raise MarkerError("%s: INTERMEDIATE in Markdown" % where)
                    state = "inter"
                    keep = n == lab or n == intermediate_of
                    if keep and intermediate_of is None:
                        out.append(line.replace("LAB %d: INTERMEDIATE" % n,
                                                "LAB %d: the intermediate design." % n).rstrip())
                    continue
                state = "hint"
                if n >= lab and hints:
                    if markdown:
                        pass  # the HTML comment opener goes
                    else:
                        out.append(line.replace("LAB %d: HINT" % n, "LAB %d: your code here." % n).rstrip())
                continue
            if kind:
                raise MarkerError("%s: %s outside a solution or hint" % (where, kind))
            out.append(line)
        elif state == "solution":
            if kind == "END SOLUTION":
                if n != cur:
                    raise MarkerError("%s: END SOLUTION of lab %d inside lab %d" % (where, n, cur))
                state = "text"
                continue
            if kind:
                raise MarkerError("%s: %s inside a solution" % (where, kind))
            if cur >= lab:
                removed.append(line)
            else:
                out.append(line)
                kept_solution.append(line)
        elif state in ("inter", "intercode"):
            # Kept in lab n's handout (prose as a comment, code as code)
            # and in the grader's build of it (code only).
            keep = hint_lab == lab or hint_lab == intermediate_of
            prose = keep and intermediate_of is None
            if kind in ("END INTERMEDIATE", "CODE"):
                if kind == "END INTERMEDIATE" and n != hint_lab:
                    raise MarkerError("%s: END INTERMEDIATE of lab %d inside lab %d" % (where, n, hint_lab))
                if prose and state == "inter":
                    if out[-1].endswith("LAB %d: the intermediate design." % hint_lab):
                        out[-1] += " */"  # no prose: one line
                    else:
                        out.append(re.sub(r"\S.*$", "*/", line))
                state = "text" if kind == "END INTERMEDIATE" else "intercode"
                continue
            if kind:
                raise MarkerError("%s: %s inside an intermediate design" % (where, kind))
            if state == "intercode" and keep:
                out.append(CODE_PREFIX.sub("", line, count=1))
            elif prose:
                out.append(line)
        elif state in ("hint", "code"):
            keep = hint_lab >= lab and hints
            if kind == "END HINT":
                if keep and state == "hint" and not markdown:
                    out.append(re.sub(r"\S.*$", "*/", line))
                state = "text"
                continue
            if kind == "CODE":
                if markdown:
                    raise MarkerError("%s: CODE in a Markdown hint" % where)
                if keep:
                    out.append(re.sub(r"\S.*$", "*/", line))
                state = "code"
                continue
            if kind:
                raise MarkerError("%s: %s inside a hint" % (where, kind))
            if keep or (state == "code" and not hints and intermediate_of is None):
                # (hints=False still yields the stub code: it is shared
                # code, not a leak, when it repeats a solution line.)
                out.append(CODE_PREFIX.sub("", line, count=1) if state == "code" else line)
    if state != "text":
        raise MarkerError("%s: unterminated %s" % (path, state))
    return "\n".join(out), removed, kept_solution


def tree_files():
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout
    return sorted(set(f for f in out.decode().split("\0") if f and os.path.isfile(os.path.join(ROOT, f))))


def labs_in_tree():
    labs = set()
    for f in tree_files():
        try:
            with open(os.path.join(ROOT, f), encoding="utf-8") as fh:
                labs.update(int(n) for n, _ in MARK.findall(fh.read()))
        except UnicodeDecodeError:
            pass
    return sorted(labs)


def make_handout(lab, dest, commit=True):
    if os.path.exists(dest) and os.listdir(dest):
        sys.exit("handout: %s exists and is not empty" % dest)
    os.makedirs(dest, exist_ok=True)
    removed, kept = [], set()
    for f in tree_files():
        src = os.path.join(ROOT, f)
        dst = os.path.join(dest, f)
        try:
            with open(src, encoding="utf-8") as fh:
                text = fh.read()
        except UnicodeDecodeError:
            text = None
        if text is None or not MARK.search(text):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
            if text is not None:
                kept.update(norm(l) for l in text.split("\n"))
            continue
        # What the full tree holds outside every solution: shared code.
        everything, _, _ = transform(f, text, 0, hints=False)
        kept.update(norm(l) for l in everything.split("\n"))
        new, gone, earlier = transform(f, text, lab)
        kept.update(norm(l) for l in earlier)
        removed += gone
        if new is None:
            continue
        copies = [dst]
        if re.search(r"LAB %d: INTERMEDIATE\b" % lab, text):
            copies.append(os.path.join(dest, "grade", "intermediate", f))
        for path in copies:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(new)
            shutil.copymode(src, path)
    os.makedirs(os.path.join(dest, "grade"), exist_ok=True)
    with open(os.path.join(dest, "grade", "LAB"), "w") as fh:
        fh.write("%d\n" % lab)
    leaks = find_leaks(dest, [l for l in removed if norm(l) not in kept])
    if leaks:
        for path, line in leaks[:20]:
            print("handout: LEAK in %s: %s" % (path, line.strip()), file=sys.stderr)
        sys.exit("handout: %d removed solution line(s) still present" % len(leaks))
    if commit:
        env = dict(os.environ, GIT_AUTHOR_NAME="Portcullis", GIT_AUTHOR_EMAIL="portcullis@localhost",
                   GIT_COMMITTER_NAME="Portcullis", GIT_COMMITTER_EMAIL="portcullis@localhost")
        for cmd in (["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "commit", "-q", "-m", "Portcullis lab %d handout" % lab]):
            subprocess.run(cmd, cwd=dest, check=True, env=env)
    print("handout: lab %d in %s (%d solution lines replaced by hints)" % (lab, dest, len(removed)))


def find_leaks(dest, removed):
    wanted = {norm(l) for l in removed if len(norm(l)) >= LEAK_MIN}
    leaks = []
    if not wanted:
        return leaks
    for dirpath, dirnames, filenames in os.walk(dest):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                with open(path, encoding="utf-8") as fh:
                    for line in fh:
                        if norm(line) in wanted:
                            leaks.append((os.path.relpath(path, dest), line))
            except UnicodeDecodeError:
                pass
    return leaks


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lab", type=int, required=True)
    ap.add_argument("--dest", required=True)
    ap.add_argument("--no-commit", action="store_true", help="do not make the git repository")
    ap.add_argument("--root", help="the full tree (default: the one this tool is in)")
    args = ap.parse_args()
    if args.root:
        global ROOT
        ROOT = os.path.abspath(args.root)
    labs = labs_in_tree()
    if args.lab not in labs:
        sys.exit("handout: there is no lab %d (labs: %s)" % (args.lab, " ".join(map(str, labs))))
    try:
        make_handout(args.lab, os.path.abspath(args.dest), commit=not args.no_commit)
    except MarkerError as e:
        sys.exit("handout: bad marker: %s" % e)


if __name__ == "__main__":
    main()
