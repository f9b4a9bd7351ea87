"""Ring 3: user programs, the Linux-ABI system calls, signals and exit=idle.

The big one is usertests (user/programs/usertests/), which checks every
system call's success and error paths from inside the guest and prints
"test NAME: OK|FAILED" lines and a summary.  The others check what only a
boot can show: the demo set, init= and exit=idle, and programs built
elsewhere and added with USER_EXTRA."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

EXTRA_BUILD = os.path.join(ROOT, "build", "extra")
PROGS_SRC = os.path.join(ROOT, "tests", "guest", "progs")


def usertests_results(log):
    return dict(re.findall(r"^test (\S+): (OK|FAILED.*)$", log, re.MULTILINE))


def test_usertests(boot):
    r = boot("init=usertests exit=idle", expect=None, timeout=300)
    results = usertests_results(r.log)
    assert len(results) >= 55, "usertests ran only %d tests" % len(results)
    failed = {k: v for k, v in results.items() if v != "OK"}
    assert not failed, "failed: %s" % failed
    m = r.find(r"^usertests: (\d+) passed, (\d+) failed$")
    assert m and int(m.group(2)) == 0 and int(m.group(1)) == len(results)
    assert r.outcome == "success", "exit=idle did not report success"
    # The faults usertests provokes on purpose are reported, one line each,
    # and none of them hurt the kernel.
    assert r.find(r"^killed: pid \d+ \(usertests\) SIGSEGV: #GP")
    assert "PANIC" not in r.log


def test_default_runs_the_demo_set(boot):
    r = boot("exit=idle")
    assert r.find(r"^programs: .*\bdemo\b.*\bhello\b")
    assert r.find(r"^init: started demo as pid 1$")
    assert "1 init program(s) finished, 0 failed" in r.log


def test_hello(boot):
    r = boot("init=hello exit=idle")
    assert r.find(r"^hello from ring 3: pid 1, parent 0$")


def test_init_list_and_arguments(boot):
    r = boot("init=hello,hello exit=idle")
    assert r.find(r"^init: started hello as pid 1$") and r.find(r"^init: started hello as pid 2$")
    assert len(re.findall(r'^  argv\[0\] = "hello"$', r.log, re.MULTILINE)) == 2
    assert "2 init program(s) finished, 0 failed" in r.log


def test_init_arguments_and_environment(boot):
    """init="NAME=VALUE... PROGRAM ARGS...", commands split by commas;
    single quotes group a word (kernel/exec/init_command.h)."""
    r = boot("init=\"TERM=vt100 /bin/hello -E -e 0 x 'two words' 'a,b'\",hello exit=idle")
    for i, arg in enumerate(["/bin/hello", "-E", "-e", "0", "x", "two words", "a,b"]):
        assert r.find(r'^  argv\[%d\] = "%s"$' % (i, re.escape(arg))), arg
    assert r.find(r'^  envp\[0\] = "PATH=/bin"$') and r.find(r'^  envp\[1\] = "TERM=vt100"$')
    assert r.find(r"^init: started hello as pid 2$")
    assert "2 init program(s) finished, 0 failed" in r.log


def test_init_syntax_error_is_reported(boot):
    r = boot("init=\"hello 'unclosed\" exit=idle", expect="failure")
    assert r.find(r"^init: cannot parse init= at .*unclosed quote")


def test_unknown_init_program_fails_exit_idle(boot):
    r = boot("init=nosuchprogram,hello exit=idle", expect="failure")
    assert "init: cannot start nosuchprogram: error 2" in r.log
    assert r.find(r"^hello from ring 3"), "the other init program must still run"


# ---- programs built elsewhere (USER_EXTRA) ---------------------------------

def _gcc(out, *flags):
    subprocess.run(["gcc", "-static", "-nostdlib", "-ffreestanding", "-O2", "-fno-stack-protector",
                    *flags, "-o", out, os.path.join(PROGS_SRC, "rawsys.c")], check=True)


@pytest.fixture(scope="module")
def extra_iso():
    """An image with rawsys (static ET_EXEC), rawpie (static-PIE), rawfail
    (exits 3) and badelf (a truncated ELF) added through USER_EXTRA."""
    progs = os.path.join(EXTRA_BUILD, "progs")
    shutil.rmtree(progs, ignore_errors=True)
    os.makedirs(progs)
    _gcc(os.path.join(progs, "rawsys.elf"))
    _gcc(os.path.join(progs, "rawpie.elf"), "-static-pie")
    _gcc(os.path.join(progs, "rawfail"), "-DEXIT_CODE=3")
    # Linked into the mmap area (USER_MMAP_BASE, kernel/exec/exec.h).
    _gcc(os.path.join(progs, "rawhigh"), "-Wl,-Ttext-segment=0x100000000000", "-Wl,--no-relax")
    # More programs than the 32 boot modules GRUB's list once held.
    for i in range(1, 41):
        shutil.copy(os.path.join(ROOT, "build", "user", "hello.elf"), os.path.join(progs, "many%02d" % i))
    with open(os.path.join(progs, "rawsys.elf"), "rb") as f:
        data = f.read()
    with open(os.path.join(progs, "badelf"), "wb") as f:
        f.write(data[:200])  # headers promise segments the file lacks
    extra = " ".join(os.path.join(progs, n) for n in ("rawsys.elf", "rawpie.elf", "rawfail", "badelf", "rawhigh")
                     + tuple("many%02d" % i for i in range(1, 41)))
    proc = subprocess.run(["make", "-j2", "--no-print-directory", "BUILD=" + EXTRA_BUILD, "iso",
                           "USER_EXTRA=" + extra], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=900)
    assert proc.returncode == 0, proc.stdout.decode()[-3000:]
    return os.path.join(EXTRA_BUILD, "portcullis.iso")


def test_user_extra_static_program(boot, extra_iso):
    r = boot("init=rawsys,rawpie exit=idle", args=["--iso", extra_iso])
    assert r.find(r"^programs: .*\brawsys\b.*")
    for pid in (1, 2):
        assert r.find(r"^init: started raw(sys|pie) as pid %d$" % pid)
    assert len(re.findall(r"^rawsys: hello from a gcc -static -nostdlib program$", r.log, re.MULTILINE)) == 2
    assert len(re.findall(r"^rawsys: child exited with status 7$", r.log, re.MULTILINE)) == 2
    assert len(re.findall(r"^rawsys: caught SIGSEGV at 0x20 and stepped over it$", r.log, re.MULTILINE)) == 2
    assert len(re.findall(r"^killed: pid \d+ \(raw(sys|pie)\) SIGSEGV: #PF", r.log, re.MULTILINE)) == 2
    assert "rawsys: FAIL" not in r.log
    assert "2 init program(s) finished, 0 failed" in r.log


def test_no_limit_on_the_number_of_programs(boot, extra_iso):
    r = boot("init=many01,many40,/bin/many33 exit=idle", args=["--iso", extra_iso])
    names = r.find(r"^programs: (.*)$").group(1).split()
    assert len(names) >= 50 and "many40" in names
    assert len(re.findall(r"^hello from ring 3", r.log, re.MULTILINE)) == 3
    assert "3 init program(s) finished, 0 failed" in r.log


def test_user_extra_failure_becomes_exit_code(boot, extra_iso):
    r = boot("init=rawsys,rawfail exit=idle", expect="failure", args=["--iso", extra_iso])
    assert "2 init program(s) finished, 1 failed" in r.log


def test_bad_elf_is_refused_and_others_run(boot, extra_iso):
    r = boot("init=badelf,rawsys exit=idle", expect="failure", args=["--iso", extra_iso])
    assert r.find(r"^exec: badelf is not a program Portcullis can run: .+$")
    assert r.find(r"^init: cannot start badelf: error 8$")  # ENOEXEC
    assert r.find(r"^rawsys: caught SIGSEGV at 0x20 and stepped over it$")


def test_program_inside_the_mmap_area_is_refused(boot, extra_iso):
    r = boot("init=rawhigh,rawsys exit=idle", expect="failure", args=["--iso", extra_iso])
    assert r.find(r"^exec: rawhigh: its image ends at [0-9a-f]+, inside the mmap area at 100000000000$")
    assert r.find(r"^init: cannot start rawhigh: error 8$")
    assert r.find(r"^rawsys: caught SIGSEGV at 0x20 and stepped over it$")


def test_pack_programs_refuses_duplicate_names(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for d in (a, b):
        shutil.copy(os.path.join(ROOT, "build", "user", "hello.elf"), d / "twin.elf")
    shutil.copy(os.path.join(ROOT, "build", "user", "hello.elf"), b / "twin")
    iso = tmp_path / "iso"
    p = subprocess.run(["bash", os.path.join(ROOT, "tools", "pack-programs.sh"), str(iso),
                        str(a / "twin.elf"), str(b / "twin")], stderr=subprocess.PIPE)
    assert p.returncode != 0 and b"would both be program 'twin'" in p.stderr
    p = subprocess.run(["bash", os.path.join(ROOT, "tools", "pack-programs.sh"), str(iso),
                        str(a / "missing.elf")], stderr=subprocess.PIPE)
    assert p.returncode != 0 and b"no such file" in p.stderr
    p = subprocess.run(["bash", os.path.join(ROOT, "tools", "pack-programs.sh"), str(iso),
                        str(a / "twin.elf")], stderr=subprocess.PIPE)
    assert p.returncode == 0
    # One module, the root file system; the program is its /bin/twin.
    assert (iso / "boot" / "grub" / "modules.cfg").read_text().count("module2 /boot/initramfs.cpio") == 1
    listing = subprocess.run(["cpio", "-it", "--quiet"], stdin=open(iso / "boot" / "initramfs.cpio", "rb"),
                             stdout=subprocess.PIPE, check=True).stdout.decode().split()
    assert "bin/twin" in listing and "etc/passwd" in listing and "usr/bin" in listing
