#!/usr/bin/python3
"""make grade [LAB=n]: grade one lab, or every lab (grade/gradelib.py).

Which lab: LAB=n, else the number in grade/LAB (a handout has it), else
every lab in turn.  Ends with "Score: N/M".  --expect full|starter (used
by make test) also checks the result: full marks, or exactly the tests
marked starter=True passing - no more, no fewer.
"""
import argparse
import glob
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gradelib  # noqa: E402


def labs_available():
    return sorted(int(os.path.basename(p)[3:-3]) for p in glob.glob(os.path.join(HERE, "lab[0-9]*.py")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lab", type=int)
    ap.add_argument("--iso", help="the image to boot (default: build/portcullis.iso)")
    ap.add_argument("--expect", choices=("full", "starter"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    labs = labs_available()
    if args.lab is None:
        try:
            with open(os.path.join(HERE, "LAB")) as f:
                labs = [int(f.read().strip())]
        except FileNotFoundError:
            pass
    else:
        if args.lab not in labs:
            sys.exit("grade: there is no lab %d (labs: %s)" % (args.lab, " ".join(map(str, labs))))
        labs = [args.lab]

    grader = gradelib.Grader(labs[0], iso=args.iso, verbose=args.verbose)
    grader.calibrate()
    score = total = 0
    wrong = []
    for lab in labs:
        gradelib.TESTS.clear()
        name = "lab%d" % lab
        if name in sys.modules:
            module = importlib.reload(sys.modules[name])
        else:
            module = importlib.import_module(name)
        tests = list(gradelib.TESTS)
        grader.lab = lab
        print("== lab %d: %s" % (lab, module.__doc__.strip().split("\n")[0]))
        s, t = grader.run(tests)
        starter = sum(x.points for x in tests if x.starter)
        print("lab %d: %d/%d (the handout starts at %d)" % (lab, s, t, starter))
        score, total = score + s, total + t
        if args.expect == "full" and s != t:
            wrong.append("lab %d: %d/%d, not full marks" % (lab, s, t))
        if args.expect == "starter":
            unexpected = [x.title for x in tests if x.ok != x.starter]
            if unexpected:
                wrong.append("lab %d: these differ from the handout's starting state: %s"
                             % (lab, "; ".join(unexpected)))
    print("Score: %d/%d" % (score, total))
    for w in wrong:
        print("grade: %s" % w)
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
