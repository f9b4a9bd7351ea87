"""make trace and tools/iotrace-svg.py: an iotrace log becomes a timeline
with one lane per CPU and one mark per decision, and the marks agree with
the log line by line."""
import os
import re
import subprocess
import xml.etree.ElementTree as ET

from conftest import ROOT

TOOL = os.path.join(ROOT, "tools", "iotrace-svg.py")
SVG = "{http://www.w3.org/2000/svg}"


def _marks(svg_text):
    root = ET.fromstring(svg_text)
    return [r for r in root.iter(SVG + "rect") if r.get("class")]


def test_svg_from_a_known_log(tmp_path):
    log = tmp_path / "serial.log"
    log.write_text("boot noise\n"
                   "iotrace: cpu 0 pid 1->2 prev_seq 0 seq 3 copied 17\r\n"
                   "iotrace: cpu 0 pid 2->1 prev_seq 3 seq 3 copied 0\n"
                   "iotrace: cpu 1 pid 0->4 iopl 3: map ALL\n"
                   "iotrace: cpu 1 pid 4->5 invalidate\n"
                   "iotrace: cpu 1 pid 5->6 prev_seq 3 seq 9 copied 8192\n"
                   "iotrace: cpu 0 pid 1->1 first fault\n"
                   "user text that says iotrace: but is no decision\n")
    out = tmp_path / "t.svg"
    proc = subprocess.run([TOOL, str(log), "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "6 decisions (copy 2, skip 1, all 1, invalidate 1, fault 1), 8209 bytes copied" in proc.stderr.decode()
    text = out.read_text()
    marks = _marks(text)
    assert [m.get("class") for m in marks] == ["copy", "skip", "all", "invalidate", "copy", "fault"]
    # The bigger copy draws the taller bar; skips are the small marks.
    heights = [float(m.get("height")) for m in marks]
    assert heights[4] > heights[0] > heights[1]
    assert "CPU 0" in text and "CPU 1" in text
    assert "the sequence counter saved 1 copies" in text


def test_svg_refuses_a_log_without_iotrace(tmp_path):
    log = tmp_path / "plain.log"
    log.write_text("no trace here\n")
    proc = subprocess.run([TOOL, str(log)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.returncode != 0
    assert "no iotrace lines" in proc.stderr.decode()


def test_make_trace_draws_a_real_run():
    # leak_stale: B keeps its bits across a bystander's turns (skips), A
    # changes its own (copies), and every switch away moves the base.
    proc = subprocess.run(["make", "--no-print-directory", "trace", 'CMDLINE=init="iotests leak_stale" exit=idle'],
                          cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=400)
    out = proc.stdout.decode()
    assert proc.returncode == 0, out
    assert "make trace: the run ended with status 0 (0 = success)" in out, out
    log = open(os.path.join(ROOT, "build", "trace", "serial.log"), errors="replace").read()
    copies = re.findall(r"^iotrace: cpu 0 pid \d+->\d+ prev_seq \d+ seq \d+ copied ([1-9]\d*)\r?$", log, re.MULTILINE)
    skips = re.findall(r"^iotrace: cpu 0 pid \d+->\d+ prev_seq \d+ seq \d+ copied 0\r?$", log, re.MULTILINE)
    assert copies, "A changes its bitmap all the time: there must be copies"
    marks = _marks(open(os.path.join(ROOT, "build", "trace", "timeline.svg")).read())
    assert len([m for m in marks if m.get("class") == "copy"]) == len(copies)
    assert len([m for m in marks if m.get("class") == "skip"]) == len(skips)
    # The three kinds a real run makes.
    invalidates = re.findall(r"^iotrace: cpu 0 pid \d+->\d+ invalidate\r?$", log, re.MULTILINE)
    assert copies and skips and invalidates, (len(copies), len(skips), len(invalidates))
    assert len([m for m in marks if m.get("class") == "invalidate"]) == len(invalidates)
    assert "%d bytes copied" % sum(int(c) for c in copies) in out
