"""The newcomer's path: the first commands a new user types.

- `make` on a machine without a build tool stops at once with one line that
  names the missing package and `make deps`, instead of a compiler error in
  the middle of a build (checked with a PATH that hides nasm).
- `make run` says how to leave QEMU and how to boot another program before
  QEMU starts, and the demo says it again when it ends; the interactive
  serial console is the one where Ctrl-A X works (mon:stdio).
- every program the build runs behind our back is in tools/deps.sh.

The whole fresh-machine path (debootstrap, clone, make test in a chroot) is
tools/fresh-debian.sh: too slow for every make test.
"""
import os
import re
import signal
import subprocess
import tempfile
import time

import pytest

from conftest import LOG_DIR, ROOT


def _path_without(*hidden):
    """A directory of symlinks to every program on this machine but `hidden`."""
    d = tempfile.mkdtemp(prefix="portcullis-path.")
    for src in ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"):
        if not os.path.isdir(src):
            continue
        for name in os.listdir(src):
            if name in hidden or os.path.lexists(os.path.join(d, name)):
                continue
            os.symlink(os.path.join(src, name), os.path.join(d, name))
    return d


@pytest.mark.parametrize("package,programs", [
    ("nasm", ["nasm"]),
    # gcc also catches the Makefile asking the compiler something while it
    # is read, before the check could speak.
    ("gcc", ["gcc", "gcc-12", "x86_64-linux-gnu-gcc", "x86_64-linux-gnu-gcc-12"]),
])
def test_make_without_a_build_tool_says_so_in_one_line(package, programs):
    path = _path_without(*programs)
    build = tempfile.mkdtemp(prefix="portcullis-nonasm.")
    proc = subprocess.run(["make", "--no-print-directory", "BUILD=" + build],
                          cwd=ROOT, env=dict(os.environ, PATH=path),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    out = (proc.stdout + proc.stderr).decode()
    assert proc.returncode != 0, out
    lines = [l for l in out.splitlines() if l.strip()]
    assert len(lines) == 1, "expected one line, got:\n" + out
    assert re.search(r"missing Debian packages: %s;.*`make deps` installs them" % package, lines[0]), out
    assert "No such file" not in out
    assert os.listdir(build) == [], "make started building before it stopped"


def test_make_with_every_tool_checks_nothing_missing():
    """The same check on this machine finds nothing missing, so the test
    above fails for nasm alone, not for a check that always complains."""
    proc = subprocess.run(["bash", "tools/deps.sh", "missing", "build", "test"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 0 and proc.stdout.decode().strip() == "", proc.stdout.decode()


def test_deps_lists_every_helper_the_image_build_runs():
    """grub-mkrescue runs xorriso, mformat, mcopy and xz; the kernel link
    runs nm (tools/gensyms.sh); the font is made by /usr/bin/python3."""
    deps = open(os.path.join(ROOT, "tools", "deps.sh")).read()
    for pkg, test in [("xz-utils", "xz"), ("cpio", "cpio"), ("mtools", "mformat"), ("mtools", "mcopy"),
                      ("xorriso", "xorriso"), ("binutils", "nm"), ("binutils", "ld"),
                      ("python3-minimal", "/usr/bin/python3"), ("libc6-dev", "/usr/include/stdio.h"),
                      ("debootstrap", "debootstrap")]:
        assert re.search(r"^\w+\s+%s\s+%s$" % (re.escape(pkg), re.escape(test)), deps, re.MULTILINE), \
            "tools/deps.sh does not list %s (%s)" % (pkg, test)


def test_make_run_says_how_to_leave_and_ctrl_a_x_leaves():
    """`make run` as a newcomer runs it: read until the demo's last line,
    then type Ctrl-A X, which must end QEMU (and make) by itself."""
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, "newcomer_make_run.log")
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    out = []
    left_by_itself = False
    try:
        deadline = time.time() + 180
        for raw in proc.stdout:
            out.append(raw.decode(errors="replace").rstrip("\r\n"))
            if out[-1].startswith("demo: boot another program") or time.time() > deadline:
                break
        proc.stdin.write(b"\x01x")
        proc.stdin.flush()
        rest, _ = proc.communicate(timeout=30)
        out += rest.decode(errors="replace").splitlines()
        left_by_itself = proc.returncode == 0
    except subprocess.TimeoutExpired:
        pass
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        with open(log_path, "w") as f:
            f.write("\n".join(out) + "\n")
    text = "\n".join(out)
    hint_exit = [i for i, l in enumerate(out) if l.startswith("make run:") and "Ctrl-A X" in l]
    hint_init = [i for i, l in enumerate(out) if l.startswith("make run:") and 'CMDLINE="init=' in l]
    qemu = [i for i, l in enumerate(out) if l.startswith("./run-qemu.sh")]
    assert hint_exit and hint_init and qemu, text
    assert max(hint_exit[0], hint_init[0]) < qemu[0], "the hints must come before QEMU starts"
    assert re.search(r"^demo: every program behaved as designed$", text, re.MULTILINE), text
    assert re.search(r"^demo: done\. Leave QEMU with Ctrl-A X\.$", text, re.MULTILINE), text
    assert re.search(r'^demo: boot another program with make run CMDLINE="init=NAME"', text, re.MULTILINE), text
    assert left_by_itself, "Ctrl-A X did not end QEMU with status 0 (log: %s)" % log_path
