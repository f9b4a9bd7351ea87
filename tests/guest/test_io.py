"""The I/O permission bitmap, end to end: iotests (user/programs/iotests/)
runs the Linux selftest scenarios, the seed patch's two leaks, the CPU's
edge rules, exec/exit/fork-failure and the 100,000-probe stress test, under
each strategy chosen on the command line (the stress tests also switch the
strategy at run time; fault, lab 5's copy on first fault, joins the leak
scenarios only when booted with it).  Plus the boot-time options: iobitmap= and iotrace."""
import re

import pytest


@pytest.mark.parametrize("strategy", ["seq", "max", "full", "fault"])
def test_iotests(boot, strategy):
    # Each boot runs the stress under all four strategies (it switches
    # them itself): whole (10^5 probes each) in the seq boot, a fifth of
    # that in the others, whose boot strategy matters for the other tests.
    probes = 100000 if strategy == "seq" else 20000
    r = boot('init="iotests --probes %d" exit=idle iocheck iobitmap=%s' % (probes, strategy), timeout=300)
    results = dict(re.findall(r"^test (\S+): (OK|FAILED.*|SKIP.*)$", r.log, re.MULTILINE))
    assert len(results) >= 25, "only %d tests ran" % len(results)
    # The tests that move processes between CPUs say SKIP on this one-CPU
    # boot, and nothing else may; test_smp_suites.py runs them on 2 and 4.
    smp_only = {k for k in results if k.startswith("smp_") or k.endswith("_smp")}
    assert len(smp_only) == 7
    bad = {k: v for k, v in results.items()
           if v != "OK" and not (k in smp_only and v == "SKIP (one CPU: nothing to migrate between)")}
    assert not bad, bad
    skipped = len([v for v in results.values() if v.startswith("SKIP")])
    assert skipped == 6 and r.find(r"^iotests: 6 skipped$")
    m = r.find(r"^iotests: (\d+) passed, 0 failed$")
    assert m and int(m.group(1)) == len(results) - skipped
    stress = re.findall(r"^iotests stress \[(\w+)\]: procs (\d+) probes (\d+) violations (\d+) "
                        r"copies (\d+) bytes (\d+) skipped (\d+)$", r.log, re.MULTILINE)
    assert {s[0] for s in stress} == {"seq", "max", "full", "fault"}
    for name, procs, made, violations, copies, nbytes, skipped in stress:
        assert int(procs) >= 8 and int(made) == probes and int(violations) == 0
        assert int(copies) > 0
        if name == "full":
            assert int(nbytes) == 8192 * int(copies)
        if name in ("max", "full"):
            assert int(skipped) == 0


def test_unknown_strategy_falls_back_to_seq(boot):
    r = boot("iobitmap=bogus exit=idle")
    assert 'iobitmap: unknown strategy "bogus" (seq, max, full or fault): using seq' in r.log
    assert r.find(r"^iobitmap: strategy seq$")


def test_iotrace_prints_decisions(boot):
    r = boot("iotrace exit=idle")
    lines = re.findall(r"^iotrace: cpu 0 pid (\d+)->(\d+) prev_seq (\d+) seq (\d+) copied (\d+)$",
                       r.log, re.MULTILINE)
    assert len(lines) > 10
    # The first decision of a fresh CPU always copies (no bitmap matches
    # the boot state), and a copy never exceeds the 8 KiB map.
    assert int(lines[0][2]) == 0 and int(lines[0][4]) > 0
    assert all(0 <= int(l[4]) <= 8192 for l in lines)
    # seq: some returns found the map already loaded.
    assert any(int(l[4]) == 0 and l[2] == l[3] for l in lines)
