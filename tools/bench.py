#!/usr/bin/python3
"""bench.py - run iobench in QEMU and turn its output into results.

    tools/bench.py --iso build/bench/portcullis.iso --out build/bench [--kvm] [--runs 2]

Boots the image with init=iobench exit=idle, under -icount shift=0 (guest
instructions: the repeatable clock) or with --kvm (CPU cycles on a real
host), parses the "bench ..." lines (user/programs/iobench/main.c), and
writes OUT/results.json, OUT/results.csv and OUT/chart.svg, then prints a
table and checks the targets of docs/performance.md.  Then it boots
"iobench --smp" with two CPUs (single-threaded TCG under -icount: the
CPUs run round-robin, repeatably) for the cross-CPU scenarios of issue 12
(user/programs/iobench/smp.c).  Under -icount it runs each boot --runs
times and requires identical numbers.
Exit status: 0 when the run worked and every target held.
"""
import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRATEGIES = ["full", "max", "seq", "fault"]
SCENARIOS = 7
LINE = re.compile(r"^bench scenario=(\d+) strategy=(\w+) median=(\d+) p90=(\d+) switches=(\d+) "
                  r"copies=(\d+) bytes=(\d+) skipped=(\d+) faults=(\d+) name=\"([^\"]*)\"$", re.MULTILINE)
OP = re.compile(r"^bench op=(\w+) median=(\d+) p90=(\d+)$", re.MULTILINE)
SMP = re.compile(r"^bench smp=(\w+) ((?:\w+=\d+ ?)+)$", re.MULTILINE)


def boot(iso, kvm, log_path, cmdline, extra=()):
    cmd = [os.path.join(ROOT, "run-qemu.sh"), "--test", "--headless", "--timeout", "280",
           "--iso", iso, "--cmdline", cmdline] + list(extra)
    cmd.append("--kvm" if kvm else "--icount")
    print("bench: " + " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log = proc.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    with open(log_path, "w") as f:
        f.write(log)
    if proc.returncode != 0:
        sys.exit("bench: the benchmark boot failed (run-qemu.sh status %d); log in %s"
                 % (proc.returncode, log_path))
    return log


def run_smp(iso, kvm, log_path):
    """iobench --smp on two CPUs: a list of {"what": ..., fields...}."""
    log = boot(iso, kvm, log_path, 'init="iobench --smp" exit=idle', ["--smp", "2"])
    rows = []
    for m in SMP.finditer(log):
        row = {"what": m.group(1)}
        row.update({k: int(v) for k, v in (kv.split("=") for kv in m.group(2).split())})
        rows.append(row)
    if len(rows) != 2 + 3 + 3 + 3:
        sys.exit("bench: expected 11 'bench smp=' lines in %s" % log_path)
    return rows


def smp_row(rows, what, **keys):
    return next(r for r in rows if r["what"] == what and all(r[k] == v for k, v in keys.items()))


def check_smp_targets(rows):
    """Issue 12's cross-CPU targets; returns (text, ok) pairs."""
    results = []
    same = smp_row(rows, "migrate", changed=0)
    results.append(("smp: a migration with an unchanged bitmap copies nothing (%d copies, %d bytes in %d moves)"
                    % (same["copies"], same["bytes"], same["migrations"]),
                    same["copies"] == 0 and same["bytes"] == 0))
    chg = smp_row(rows, "migrate", changed=1)
    results.append(("smp: a migration after a change copies max(prev_max, max) = 17 bytes at the destination "
                    "(+17 for the change itself: %.1f bytes, %.2f copies per move)"
                    % (chg["bytes"] / chg["migrations"], chg["copies"] / chg["migrations"]),
                    chg["copies"] == 2 * chg["migrations"] and chg["bytes"] == 34 * chg["migrations"]))
    # Per switch, not per run: a run's first and last switches (the fork,
    # the report, the exits) interleave with the other CPU's differently.
    one = smp_row(rows, "pingpong", cpus=1, cpu=0)
    per_one = one["copies"] / one["switches"]
    for cpu in (0, 1):
        two = smp_row(rows, "pingpong", cpus=2, cpu=cpu)
        per_two = two["copies"] / two["switches"]
        results.append(("smp: ping-pong on CPU %d beside CPU %d's: copies per switch as on one CPU "
                        "(%.4f vs %.4f), 17 bytes each (%d bytes / %d copies)"
                        % (cpu, 1 - cpu, per_two, per_one, two["bytes"], two["copies"]),
                        abs(per_two - per_one) <= 0.002 and two["bytes"] == 17 * two["copies"]
                        and one["bytes"] == 17 * one["copies"] and one["copies"] >= 2000))
    return results


def run_once(iso, kvm, log_path):
    log = boot(iso, kvm, log_path, "init=iobench exit=idle")
    scenarios = []
    for m in LINE.finditer(log):
        sid, strat, med, p90, sw, cp, by, sk, fa, name = m.groups()
        sw = int(sw)
        scenarios.append({
            "scenario": int(sid), "name": name, "strategy": strat,
            "median_per_switch": int(med), "p90_per_switch": int(p90),
            "switches": sw, "copies": int(cp), "bytes": int(by), "skipped": int(sk), "faults": int(fa),
            "copies_per_switch": round(int(cp) / sw, 4) if sw else 0,
            "bytes_per_switch": round(int(by) / sw, 1) if sw else 0,
        })
    ops = {m.group(1): {"median": int(m.group(2)), "p90": int(m.group(3))} for m in OP.finditer(log)}
    want = SCENARIOS * len(STRATEGIES)
    if len(scenarios) != want or not {"getpid", "ioperm", "outb_0x80"} <= set(ops):
        sys.exit("bench: expected %d scenario lines and 3 operations in %s" % (want, log_path))
    return scenarios, ops


def find(scenarios, sid, strat):
    return next(s for s in scenarios if s["scenario"] == sid and s["strategy"] == strat)


def check_targets(scenarios, exact):
    """The targets of issue 5 / docs/performance.md; returns (text, ok) pairs."""
    results = []
    base = find(scenarios, 1, "seq")["median_per_switch"]
    for sid in (2, 5):
        s = find(scenarios, sid, "seq")
        results.append(("seq scenario %d copies 0 bytes per switch (steady state)" % sid,
                        s["bytes_per_switch"] < 1.0))
        limit = base * 1.05
        results.append(("seq scenario %d costs within 5%% of scenario 1 (%d vs %d, +%.1f%%)"
                        % (sid, s["median_per_switch"], base, 100.0 * (s["median_per_switch"] - base) / base),
                        s["median_per_switch"] <= limit or not exact))
    s3 = find(scenarios, 3, "seq")
    results.append(("seq scenario 3 copies at most max(prev_max, max) = 17 bytes per switch (%.1f)"
                    % s3["bytes_per_switch"], s3["bytes_per_switch"] <= 17.0 + 0.5))
    for sid in (2, 3, 4, 5):
        s = find(scenarios, sid, "full")
        per_copy = s["bytes"] / s["copies"] if s["copies"] else 0
        results.append(("full scenario %d copies 8 KiB each time (%d B per copy)" % (sid, per_copy),
                        per_copy == 8192))
    # fault (lab 5): nothing for ports held and not used; for ports used,
    # one #GP and one copy per switch into the process.
    for sid in (2, 3, 4, 5):
        s = find(scenarios, sid, "fault")
        results.append(("fault scenario %d copies nothing and takes no fault (%d copies, %d faults)"
                        % (sid, s["copies"], s["faults"]), s["copies"] <= 1 and s["faults"] <= 1))
    s7 = find(scenarios, 7, "fault")
    results.append(("fault scenario 7: a first fault and a copy per switch (%d faults, %d copies, %d switches)"
                    % (s7["faults"], s7["copies"], s7["switches"]),
                    s7["faults"] == s7["copies"] and s7["faults"] >= 0.9 * s7["switches"]))
    return results


def write_csv(path, scenarios):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(scenarios[0].keys()))
        w.writeheader()
        w.writerows(scenarios)


def write_svg(path, scenarios, unit):
    """Grouped bars, log scale: cost per switch by scenario and strategy."""
    colors = {"full": "#c0392b", "max": "#e67e22", "seq": "#27ae60", "fault": "#2980b9"}
    width, height, left, bottom, top = 900, 420, 80, 90, 40
    plot_w, plot_h = width - left - 20, height - top - bottom
    values = [s["median_per_switch"] for s in scenarios]
    lo, hi = 10 ** math.floor(math.log10(min(values))), 10 ** math.ceil(math.log10(max(values)))
    span = math.log10(hi) - math.log10(lo)

    def y(v):
        return top + plot_h - plot_h * (math.log10(v) - math.log10(lo)) / span

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
           'font-size="12">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" font-size="15">Cost of one context switch (median %s, log scale)</text>'
           % (left, unit)]
    decade = lo
    while decade <= hi:
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, left + plot_w, y(decade), y(decade)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%d</text>' % (left - 6, y(decade) + 4, decade))
        decade *= 10
    ids = sorted({s["scenario"] for s in scenarios})
    group_w = plot_w / len(ids)
    bar_w = group_w / (len(STRATEGIES) + 1)
    for gi, sid in enumerate(ids):
        for si, strat in enumerate(STRATEGIES):
            s = find(scenarios, sid, strat)
            x = left + gi * group_w + bar_w * (si + 0.5)
            v = s["median_per_switch"]
            out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %d</title></rect>'
                       % (x, y(v), bar_w - 2, top + plot_h - y(v), colors[strat], s["name"], strat, v))
            out.append('<text x="%.1f" y="%.1f" font-size="9" text-anchor="middle">%d</text>'
                       % (x + bar_w / 2, y(v) - 3, v))
        name = find(scenarios, sid, "seq")["name"]
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (left + (gi + 0.5) * group_w, top + plot_h + 16, sid))
        out.append('<text x="%.1f" y="%d" text-anchor="middle" font-size="10">%s</text>'
                   % (left + (gi + 0.5) * group_w, top + plot_h + 32, name))
    for si, strat in enumerate(STRATEGIES):
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>'
                   % (left + si * 90, height - 30, colors[strat], left + si * 90 + 16, height - 20, strat))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--kvm", action="store_true")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    exact = not args.kvm
    unit = "CPU cycles" if args.kvm else "guest instructions"

    runs, smp_runs = [], []
    for i in range(args.runs if exact else 1):
        runs.append(run_once(args.iso, args.kvm, os.path.join(args.out, "run%d.log" % (i + 1))))
        smp_runs.append(run_smp(args.iso, args.kvm, os.path.join(args.out, "smp%d.log" % (i + 1))))
    scenarios, ops = runs[0]
    smp = smp_runs[0]
    repeatable = all(r == runs[0] for r in runs[1:]) and all(r == smp for r in smp_runs[1:])

    results = {"unit": unit, "clock": "kvm" if args.kvm else "icount shift=0", "runs": len(runs),
               "repeatable": repeatable if len(runs) > 1 else None, "operations": ops, "scenarios": scenarios,
               "smp": smp}
    targets = check_targets(scenarios, exact) + check_smp_targets(smp)
    results["targets"] = [{"target": t, "held": ok} for t, ok in targets]
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    write_csv(os.path.join(args.out, "results.csv"), scenarios)
    write_svg(os.path.join(args.out, "chart.svg"), scenarios, unit)

    print("\nCost per context switch (%s), median / p90, and bytes copied per switch\n" % unit)
    print("%-3s %-26s" % ("#", "scenario") + "".join("%22s" % s for s in STRATEGIES))
    for sid in sorted({s["scenario"] for s in scenarios}):
        cells = []
        for strat in STRATEGIES:
            s = find(scenarios, sid, strat)
            cells.append("%22s" % ("%d/%d %7.1fB" % (s["median_per_switch"], s["p90_per_switch"], s["bytes_per_switch"])))
        print("%-3d %-26s" % (sid, find(scenarios, sid, "seq")["name"]) + "".join(cells))
    print("\nsingle operations (median %s): getpid round trip %d, outb to 0x80 %d, ioperm() call %d, "
          "TSC read overhead %d" % (unit, ops["getpid"]["median"], ops["outb_0x80"]["median"],
                                    ops["ioperm"]["median"], ops["tsc_overhead"]["median"]))
    print("\ntwo CPUs (iobench --smp; medians in %s, per move / switch / call):" % unit)
    for r in smp:
        print("  " + r["what"] + " " + " ".join("%s=%d" % (k, v) for k, v in r.items() if k != "what"))
    if len(runs) > 1:
        print("repeatable: %s (%d runs, %s)" % ("yes, identical numbers" if repeatable else "NO", len(runs), unit))
    print("\ntargets:")
    for text, ok in targets:
        print("  [%s] %s" % ("ok" if ok else "MISSED", text))
    print("\nwrote %s/results.json, results.csv, chart.svg" % args.out)
    if not all(ok for _, ok in targets) or (len(runs) > 1 and not repeatable):
        sys.exit(1)


if __name__ == "__main__":
    main()
