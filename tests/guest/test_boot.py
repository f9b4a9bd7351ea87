"""Boot tests: the ISO boots under SeaBIOS to the banner with a sane memory
summary, the command line arrives, and a machine without COM1 still boots."""
import os
import re
import subprocess

from conftest import ROOT


def test_banner_and_memory_summary(boot):
    r = boot("selftest=boot")
    assert r.find(r"^Portcullis \S+ - an x86-64 teaching microkernel$"), "no banner"
    assert r.find(r'^boot: loader "GRUB'), "loader name not reported"
    assert r.find(r'^boot: command line "selftest=boot testexit"$')
    m = r.find(r"^mem: total usable (\d+) KiB, free (\d+) KiB \((\d+) frames\), kernel (\d+) KiB")
    assert m, "no memory summary"
    usable, free, frames, kernel = (int(m.group(i)) for i in range(1, 5))
    # run-qemu.sh gives the guest 256 MiB; firmware and the first MiB take some.
    assert 200 * 1024 < usable <= 256 * 1024
    assert 0 < free < usable
    assert frames == free // 4
    assert 16 < kernel < 8 * 1024
    assert "SELFTEST boot: PASS" in r.log


def test_memory_size_follows_the_machine(boot):
    r = boot("selftest=boot", args=["--mem", "512M"])
    m = r.find(r"^mem: total usable (\d+) KiB")
    assert m and 450 * 1024 < int(m.group(1)) <= 512 * 1024


def test_memory_map_lists_every_region(boot):
    r = boot("selftest=boot")
    regions = re.findall(r"^mem: base ([0-9a-f]+) length ([0-9a-f]+) (.+)$", r.log, re.MULTILINE)
    assert len(regions) >= 3, "expected several memory-map lines"
    kinds = {k.strip() for _, _, k in regions}
    assert any("available" in k for k in kinds)
    assert any("reserved" in k for k in kinds)


def test_command_line_options_parsed(boot):
    r = boot("selftest=boot hz=250 foo=bar flag")
    assert r.find(r'^boot: command line "selftest=boot hz=250 foo=bar flag testexit"$')
    assert r.find(r"^boot: timer at 250 Hz \(PIT\)$")


def test_bad_hz_falls_back(boot):
    r = boot("selftest=boot hz=5")
    assert "hz=5 out of range" in r.log
    assert r.find(r"^boot: timer at 100 Hz \(PIT\)$")


def test_selftest_list(boot):
    r = boot("selftest=list")
    for name in ("boot", "timer", "tss", "heap"):
        assert r.find(r"^  %s " % name), "selftest %s not listed" % name


def test_boots_without_com1(boot):
    """No UART at all: the probe must notice and carry on.  The outcome can
    only come back through isa-debug-exit."""
    boot("selftest=boot", args=["--no-serial"])


def test_noserial_option(boot):
    r = boot("selftest=boot noserial")
    assert "Portcullis" not in r.log  # nothing written to COM1 at all


def test_run_qemu_reports_timeout(boot):
    # No selftest: the kernel idles forever, so only the timeout ends it.
    r = boot("", expect="timeout", timeout=3)
    assert "TIMEOUT" in r.stderr


def test_cmdline_slot_round_trip(tmp_path):
    """tools/cmdline-slot.sh: make, patch and get agree, the slot keeps its
    size, and the menu timeout is written only when given."""
    slot = os.path.join(ROOT, "tools", "cmdline-slot.sh")
    image = tmp_path / "image"
    made = subprocess.run(["bash", slot, "make", "init=a,b hz=250", "5"], stdout=subprocess.PIPE, check=True).stdout
    assert len(made) == 2048 and b"set timeout=5\n" in made
    image.write_bytes(b"x" * 4096 + made + b"y" * 4096)
    get = lambda: subprocess.run(["bash", slot, "get", str(image)], stdout=subprocess.PIPE,
                                 check=True).stdout.decode().strip()
    assert get() == "init=a,b hz=250"
    subprocess.run(["bash", slot, "patch", str(image), "exit=idle"], check=True)
    data = image.read_bytes()
    assert len(data) == 4096 + 2048 + 4096 and data.startswith(b"x" * 4096) and data.endswith(b"y" * 4096)
    assert get() == "exit=idle" and b"set timeout" not in data
    bad = subprocess.run(["bash", slot, "make", "x", "soon"], stderr=subprocess.PIPE)
    assert bad.returncode != 0 and b"menu timeout must be a number" in bad.stderr
