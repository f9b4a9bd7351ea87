#!/usr/bin/python3
"""iotrace-svg.py - an iotrace log as a timeline picture (SVG).

    tools/iotrace-svg.py LOG [-o OUT.svg] [--title TEXT]

Reads the kernel's `iotrace` lines (docs/io-bitmap.md) from a serial log
and draws one lane per CPU, one mark per decision in the order they were
made, coloured by what the lazy TSS switch did:

    copy        the bitmap was copied into the TSS map (bar height: bytes)
    skip        the sequence number matched: nothing copied
    all         iopl 3: the all-allowed map selected, nothing copied
    invalidate  the map base moved past the limit (a switch away from a
                process with I/O state, or one without it returning)
    fault       iobitmap=fault: a first port access raised #GP; the copy
                that loads the map follows

A student sees the sequence counter at work: a lone I/O process is all
green after its first copy, and only a bitmap change makes it red again.
The summary under the lanes gives the totals, and what copying the whole
8 KiB on every return would have cost.  Standard library only.
"""
import argparse
import re
import sys
from xml.sax.saxutils import escape

MAP_BYTES = 8192
LINE = re.compile(r"iotrace: cpu (\d+) pid (-?\d+)->(-?\d+) (?:"
                  r"prev_seq (\d+) seq (\d+) copied (\d+)"
                  r"|(iopl 3: map ALL)"
                  r"|(invalidate)"
                  r"|(first fault))\s*$")
COLOURS = {"copy": "#d62728", "skip": "#2ca02c", "all": "#1f77b4", "invalidate": "#7f7f7f",
           "fault": "#9467bd"}


def parse(text):
    """Decisions in log order: dicts with cpu, prev, next, kind, bytes."""
    events = []
    for line in text.splitlines():
        m = LINE.search(line.replace("\r", ""))
        if not m:
            continue
        cpu, prev, nxt = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if m.group(6) is not None:
            n = int(m.group(6))
            ev = {"kind": "copy" if n else "skip", "bytes": n,
                  "prev_seq": int(m.group(4)), "seq": int(m.group(5))}
        elif m.group(7):
            ev = {"kind": "all", "bytes": 0}
        elif m.group(8):
            ev = {"kind": "invalidate", "bytes": 0}
        else:
            ev = {"kind": "fault", "bytes": 0}
        ev.update(cpu=cpu, prev=prev, next=nxt)
        events.append(ev)
    return events


def summarise(events):
    s = {k: 0 for k in COLOURS}
    s["bytes"] = 0
    for ev in events:
        s[ev["kind"]] += 1
        s["bytes"] += ev["bytes"]
    s["returns"] = s["copy"] + s["skip"]
    s["full_bytes"] = MAP_BYTES * s["returns"]
    return s


def render(events, title):
    cpus = sorted({ev["cpu"] for ev in events}) or [0]
    lane_h, top, left, right = 70, 50, 70, 20
    step = 6 if len(events) <= 150 else max(1.0, 900.0 / len(events))
    width = int(left + right + max(1, len(events)) * step)
    height = top + lane_h * len(cpus) + 110
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="monospace" '
           'font-size="12">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="20" font-size="14">%s</text>' % escape(title)]
    biggest = max([ev["bytes"] for ev in events] + [1])
    for lane, cpu in enumerate(cpus):
        y0 = top + lane * lane_h
        out.append('<text x="10" y="%d">CPU %d</text>' % (y0 + lane_h // 2, cpu))
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ccc"/>' %
                   (left, y0 + lane_h - 10, width - right, y0 + lane_h - 10))
    for i, ev in enumerate(events):
        lane = cpus.index(ev["cpu"])
        base = top + lane * lane_h + lane_h - 10
        h = 6 if ev["kind"] != "copy" else 6 + 44.0 * ev["bytes"] / biggest
        x = left + i * step
        what = {"copy": "copied %d bytes (seq %s, CPU had %s)" % (ev["bytes"], ev.get("seq"), ev.get("prev_seq")),
                "skip": "skipped: seq %s already loaded" % ev.get("seq"),
                "all": "iopl 3: map ALL", "invalidate": "invalidated",
                "fault": "#GP at a first port access: loading the map"}[ev["kind"]]
        out.append('<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s">'
                   '<title>#%d cpu %d pid %d-&gt;%d: %s</title></rect>' %
                   (ev["kind"], x, base - h, max(1.0, step - 1), h, COLOURS[ev["kind"]], i, ev["cpu"], ev["prev"],
                    ev["next"], escape(what)))
    s = summarise(events)
    y = top + lane_h * len(cpus) + 20
    for j, kind in enumerate(["copy", "skip", "all", "invalidate", "fault"]):
        out.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>' % (10 + j * 130, y, COLOURS[kind]))
        out.append('<text x="%d" y="%d">%s %d</text>' % (25 + j * 130, y + 10, kind, s[kind]))
    out.append('<text x="10" y="%d">%d decisions, %d bytes copied; copying all 8 KiB at each of these %d returns '
               'would copy %d</text>' % (y + 35, len(events), s["bytes"], s["returns"], s["full_bytes"]))
    out.append('<text x="10" y="%d">the sequence counter saved %d copies</text>' % (y + 55, s["skip"]))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log", help="serial log of a run with iotrace on the command line")
    ap.add_argument("-o", "--out", default="-", help="SVG file (default: standard output)")
    ap.add_argument("--title", default=None)
    args = ap.parse_args()
    with open(args.log, errors="replace") as f:
        events = parse(f.read())
    if not events:
        sys.exit("iotrace-svg: no iotrace lines in %s (boot with iotrace on the command line)" % args.log)
    svg = render(events, args.title or "iotrace: %s" % args.log)
    if args.out == "-":
        sys.stdout.write(svg)
    else:
        with open(args.out, "w") as f:
            f.write(svg)
    s = summarise(events)
    print("iotrace-svg: %d decisions (copy %d, skip %d, all %d, invalidate %d, fault %d), %d bytes copied -> %s" %
          (len(events), s["copy"], s["skip"], s["all"], s["invalidate"], s["fault"], s["bytes"], args.out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
