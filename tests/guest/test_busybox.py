"""Debian's busybox-static, unmodified, on Portcullis.

The image gets /bin/busybox (from the busybox-static package) and a link
per applet (tools/pack-programs.sh); one boot runs a shell script through
`busybox sh -c` with pipelines and redirections: ls of /bin, cat,
sha256sum of a file in the image (compared with the host's), seq | wc,
expr, printf, id, date (not 1970), sleep 1 (about a second), and the exit
codes of true and false.

Debian's busybox-static is linked against glibc, whose static startup
needs mprotect(2): this test is also the proof that glibc starts.
"""
import hashlib
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

BUSYBOX = "/bin/busybox"
OUT = os.path.join(ROOT, "build", "busybox")
EXTRA_BUILD = os.path.join(ROOT, "build", "extra-busybox")  # its own: files run in parallel
ISO = os.path.join(OUT, "portcullis.iso")

# No double quotes (they group on the kernel command line) and no single
# quotes (init= groups words with them): the script is one word of init=.
SCRIPT = ("echo bb: start; ls /bin > /dev/null && echo bb: ls-bin $(ls /bin | grep -c busybox); "
          "echo bb: hostname $(cat /etc/hostname); echo bb: sha $(sha256sum /etc/passwd); "
          "echo bb: seq $(seq 1 5 | wc -l); echo bb: expr $(expr 6 \\* 7); "
          "printf bb:\\ printf\\ %s-%d\\\\n x 5; echo bb: id $(id); echo bb: year $(date +%Y); "
          "s=$(date +%s); sleep 1; e=$(date +%s); echo bb: slept $((e-s)); "
          "true; echo bb: true $?; false; echo bb: false $?; echo gone > /dev/null; echo bb: done")


def _static_elf(path):
    """An x86-64 ELF without PT_INTERP: statically linked (no `file` needed)."""
    import struct
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return False
    phoff, = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    types = [struct.unpack_from("<I", data, phoff + i * phentsize)[0] for i in range(phnum)]
    return 3 not in types  # PT_INTERP


@pytest.fixture(scope="module")
def busybox_iso():
    if not os.path.exists(BUSYBOX) or not _static_elf(BUSYBOX):
        pytest.fail("%s is not Debian's busybox-static: install busybox-static (make deps does)" % BUSYBOX)
    os.makedirs(OUT, exist_ok=True)
    copy = os.path.join(OUT, "busybox")
    shutil.copy(BUSYBOX, copy)
    proc = subprocess.run(["make", "-j2", "--no-print-directory", "BUILD=" + EXTRA_BUILD, "iso",
                           "USER_EXTRA=" + copy], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=900)
    assert proc.returncode == 0, proc.stdout.decode()[-3000:]
    shutil.copy(os.path.join(EXTRA_BUILD, "portcullis.iso"), ISO)
    return ISO


def test_busybox_script(boot, busybox_iso):
    r = boot("init=\"/bin/busybox sh -c '%s'\" exit=idle" % SCRIPT, expect=None, timeout=120,
             args=["--iso", busybox_iso])
    assert "PANIC" not in r.log
    assert r.find(r"^programs: .*\bbusybox\b.*\bsha256sum\b"), "no applet links in /bin"
    got = dict(m.groups() for m in re.finditer(r"^bb: (\S+) ?(.*)$", r.log, re.MULTILINE))
    with open(os.path.join(ROOT, "user", "etc", "passwd"), "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    assert got.get("start") == "" and got.get("done") == "", got
    assert got.get("ls-bin") == "1"
    assert got.get("hostname") == "portcullis"
    assert got.get("sha") == "%s /etc/passwd" % sha
    assert got.get("seq") == "5" and got.get("expr") == "42" and got.get("printf") == "x-5"
    assert got.get("id", "").startswith("uid=0(root) gid=0(root)")
    assert 2020 <= int(got.get("year", "0")) < 2100
    assert got.get("slept") in ("1", "2")
    assert got.get("true") == "0" and got.get("false") == "1"
    assert "1 init program(s) finished, 0 failed" in r.log
    assert r.outcome == "success"
