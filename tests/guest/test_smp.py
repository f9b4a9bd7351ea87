"""Starting the other CPUs (arch/x86_64/smp.c): which CPUs come up, the
limits smp=N and nosmp, a CPU that never answers, every boot path, Bochs,
and - through gdb - that each started CPU loaded its own GDT and TSS.

Every started CPU schedules processes (docs/smp.md); the suites on several
CPUs are in test_smp_suites.py."""
import os
import re
import socket
import subprocess

import pytest

from conftest import LOG_DIR, ROOT, RUN_BOCHS, RUN_QEMU


def _up_lines(log):
    return re.findall(r"^smp: CPU (\d+) \(APIC id (\d+)\) is up$", log, re.MULTILINE)


@pytest.mark.parametrize("cpus", [1, 2, 4])
def test_every_cpu_qemu_offers_comes_up(boot, cpus):
    r = boot("init=hello exit=idle", args=["--smp", str(cpus)])
    assert r.find(r"^smp: the MADT lists %d CPUs? \(0 disabled\), the boot CPU is APIC id 0; using at most 4$" % cpus)
    assert _up_lines(r.log) == [(str(i), str(i)) for i in range(1, cpus)]
    assert r.find(r"^smp: %d CPUs? online, each with its own run queue$" % cpus)
    assert r.find(r"^hello from ring 3: pid 1, parent 0$")


def test_smp_limits_and_nosmp(boot):
    r = boot("init=hello exit=idle smp=2", args=["--smp", "4"])
    assert _up_lines(r.log) == [("1", "1")]
    assert r.find(r"^smp: APIC id 2 not started \(limit of 2 CPUs\)$")
    assert r.find(r"^smp: APIC id 3 not started \(limit of 2 CPUs\)$")
    r = boot("init=hello exit=idle nosmp", args=["--smp", "4"])
    assert r.find(r"^smp: one CPU \(nosmp\)$") and not _up_lines(r.log)
    r = boot("init=hello exit=idle smp=9", args=["--smp", "2"])
    assert r.find(r"^boot: smp=9 out of range 1\.\.4, using 4$")
    assert _up_lines(r.log) == [("1", "1")]
    r = boot("init=hello exit=idle acpi=off", args=["--smp", "2"])
    assert r.find(r"^smp: no ACPI MADT: one CPU$") and not _up_lines(r.log)


def test_a_cpu_that_never_answers_is_reported_not_waited_for(boot):
    r = boot("init=hello exit=idle smp_try_apic=7", args=["--smp", "2"])
    assert _up_lines(r.log) == [("1", "1")]
    assert r.find(r"^smp: CPU 2 \(APIC id 7\) DID NOT ANSWER the startup IPIs: not used$")
    assert r.find(r"^smp: 2 CPUs online")
    assert r.find(r"^hello from ring 3")


@pytest.mark.parametrize("path", [["--uefi"], ["--usb"]])
def test_other_boot_paths_start_the_cpus(boot, path):
    r = boot("init=hello exit=idle", args=["--smp", "2"] + path, timeout=120)
    assert _up_lines(r.log) == [("1", "1")]


def test_bochs_starts_a_second_cpu(boot):
    r = boot("init=hello exit=idle", runner=RUN_BOCHS, args=["--cpus", "2"], timeout=240)
    assert _up_lines(r.log) == [("1", "1")]
    assert r.find(r"^hello from ring 3")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_each_cpu_loaded_its_own_gdt_and_tss():
    """gdb stops the machine once holdports runs; CPU 3's GDT must show its
    TSS busy (its own LTR did that) at an address other than CPU 0's, with
    IST stacks of its own.  holdports (the only process with ports) is in
    sys_read on one CPU, whose TSS selects the map; every other CPU's map
    base is past the limit (never used, or invalidated when holdports
    left it)."""
    port = _free_port()
    qemu = subprocess.Popen([RUN_QEMU, "--test", "--timeout", "120", "--smp", "4", "--cmdline",
                             "init=holdports exit=idle", "--", "-S", "-gdb", "tcp:127.0.0.1:%d" % port],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        gdb = subprocess.run(
            ["gdb", "-q", "-batch", "-nx", "-ex", "set architecture i386:x86-64",
             "-ex", "source tools/gdb/portcullis.py", "-ex", "target remote 127.0.0.1:%d" % port,
             "-ex", "hbreak sys_read", "-ex", "continue",
             "-ex", "echo ==gdt0\\n", "-ex", "pc-gdt 0", "-ex", "echo ==gdt3\\n", "-ex", "pc-gdt 3",
             "-ex", "echo ==tss0\\n", "-ex", "pc-tss 0", "-ex", "echo ==tss1\\n", "-ex", "pc-tss 1",
             "-ex", "echo ==tss2\\n", "-ex", "pc-tss 2", "-ex", "echo ==tss3\\n", "-ex", "pc-tss 3",
             "-ex", "kill", os.path.join(ROOT, "build", "kernel.elf")],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180)
    finally:
        qemu.kill()
        qemu.communicate()
    out = gdb.stdout.decode(errors="replace")
    os.makedirs(LOG_DIR, exist_ok=True)
    with open(os.path.join(LOG_DIR, "smp_gdb.log"), "w") as f:
        f.write(out)
    s = dict(re.findall(r"^==(\w+)\n(.*?)(?=^==|\Z)", out, re.MULTILINE | re.DOTALL))
    tss_at = {}
    for cpu in ("0", "3"):
        m = re.search(r"^  0x30  TSS \(busy: loaded by LTR\) base (0x[0-9a-f]{16}) limit 0x4069 DPL 0$",
                      s["gdt" + cpu], re.MULTILINE)
        assert m, out
        tss_at[cpu] = int(m.group(1), 16)
        assert re.search(r"^  ist1 0x[0-9a-f]{16}  \(#DF\)$", s["tss" + cpu], re.MULTILINE), out
    assert tss_at["0"] != tss_at["3"], out
    ist0 = re.search(r"^  ist1 (\S+)", s["tss0"], re.MULTILINE).group(1)
    ist3 = re.search(r"^  ist1 (\S+)", s["tss3"], re.MULTILINE).group(1)
    assert ist0 != ist3, out
    selecting = [cpu for cpu in "0123"
                 if re.search(r"^  I/O map base 0x68: io_map", s["tss" + cpu], re.MULTILINE)]
    closed = [cpu for cpu in "0123"
              if re.search(r"^  I/O map base 0x406a: past the TSS limit", s["tss" + cpu], re.MULTILINE)]
    assert len(selecting) == 1 and len(closed) == 3, out
