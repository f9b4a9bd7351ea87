"""The tick on a PC without a working PIT.

Real PCs may have no 8254 PIT, or one the firmware gated off.  The kernel
then falls back to the local APIC timer, calibrated against the ACPI PM
timer that the FADT names (arch/x86_64/lapic.c, pm_timer.c,
kernel/acpi/).  QEMU's `-machine q35,pit=off` is such a PC; `acpi=off` on
the command line takes the calibration clock away as well, and `timer=`
forces a source."""


def _usertests_pass(r):
    m = r.find(r"^usertests: (\d+) passed, (\d+) failed$")
    assert m and int(m.group(1)) > 0 and int(m.group(2)) == 0


def test_acpi_tables_found(boot):
    r = boot("init=hello exit=idle")
    m = r.find(r'^acpi: revision (\d) \(OEM "[^"]*"\), (XSDT|RSDT) with (\d+) tables: (.*)$')
    assert m and int(m.group(3)) > 0
    assert "FACP" in m.group(4).split()
    assert r.find(r"^acpi: PM timer at port 0x[0-9a-f]+, (24|32) bits$")
    assert "skipped" not in r.log


def test_pit_off_falls_back_to_the_local_apic(boot):
    """No PIT: the APIC timer ticks instead, and everything that needs
    time - preemption, nanosleep, clock_gettime - works (usertests)."""
    r = boot("init=usertests exit=idle", args=["--", "-machine", "q35,pit=off"], timeout=240)
    assert r.find(r"^timer: the PIT does not tick")
    m = r.find(r"^lapic: timer at (\d+) counts/s .*: (\d+) counts per tick, (\d+)\.\d+ Hz$")
    # QEMU's APIC timer runs at its 1 GHz bus clock / 16.  Both clocks
    # follow the host's under TCG, so only a host stall between paired
    # reads skews the measurement: 10% is far outside that, and well
    # inside what a wrong divider (x2) or PM timer width would cause.
    assert m and 0.9 * 62.5e6 < int(m.group(1)) < 1.1 * 62.5e6, m and m.group(0)
    assert int(m.group(2)) == (int(m.group(1)) + 50) // 100  # counts per 100 Hz tick, rounded
    assert 99 <= int(m.group(3)) <= 100
    assert r.find(r"^boot: timer at 100 Hz \(local APIC\)$")
    assert "DOES NOT TICK" not in r.log
    _usertests_pass(r)


def test_timer_lapic_forced(boot):
    """timer=lapic on a PC whose PIT works: the APIC is used anyway (this
    is how the fallback is exercised on every other boot path)."""
    r = boot("init=usertests exit=idle timer=lapic hz=250", timeout=240)
    assert "the PIT does not tick" not in r.log
    assert r.find(r"^boot: timer at 250 Hz \(local APIC\)$")
    _usertests_pass(r)


def test_timer_lapic_under_uefi(boot):
    r = boot("init=hello exit=idle timer=lapic", args=["--uefi"], timeout=120)
    assert r.find(r"^boot: timer at 100 Hz \(local APIC\)$")
    assert r.find(r"^exit=idle: .*: PASS$")


def test_no_timer_at_all_is_reported(boot):
    """No PIT and no ACPI to calibrate the APIC with: reported plainly, and
    programs that need no clock still run."""
    r = boot("init=hello exit=idle acpi=off", args=["--", "-machine", "q35,pit=off"])
    assert r.find(r"^acpi: not used \(acpi=off\)$")
    assert r.find(r"^lapic: no ACPI PM timer to calibrate")
    assert "boot: THE TIMER DOES NOT TICK" in r.log
    assert r.find(r"^exit=idle: all processes gone; 1 init program\(s\) finished, 0 failed: PASS$")


def test_timer_pit_forced_without_a_pit(boot):
    r = boot("init=hello exit=idle timer=pit", args=["--", "-machine", "q35,pit=off"])
    assert r.find(r"^timer: the PIT does not tick")
    assert "lapic:" not in r.log
    assert "boot: THE TIMER DOES NOT TICK" in r.log


def test_timer_ticks_normally(boot):
    r = boot("init=hello exit=idle")
    assert r.find(r"^boot: timer at 100 Hz \(PIT\)$")
    assert "DOES NOT TICK" not in r.log
    assert "lapic:" not in r.log


def test_unknown_timer_option_is_ignored(boot):
    r = boot("init=hello exit=idle timer=hpet")
    assert r.find(r"^boot: timer=hpet is neither pit nor lapic: ignored$")
    assert r.find(r"^boot: timer at 100 Hz \(PIT\)$")
