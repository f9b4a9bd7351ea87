"""One image, four ways to boot it: SeaBIOS or OVMF (UEFI) firmware, from
a CD or from a USB stick on xHCI.  Each path boots the demo and the ioperm
acceptance suite (iotests) to their success codes.  OVMF comes from
Debian's ovmf package (make deps); if it is missing the test fails."""
import os

import pytest

from conftest import boot_demo

PATHS = {
    "bios-cd": [],
    "bios-usb": ["--usb"],
    "uefi-cd": ["--uefi"],
    "uefi-usb": ["--uefi", "--usb"],
}


@pytest.mark.parametrize("path", list(PATHS))
def test_demo_boots(boot, path):
    if "--uefi" in PATHS[path]:
        assert os.path.exists("/usr/share/OVMF/OVMF_CODE_4M.fd"), "ovmf is not installed: run `make deps`"
    r = boot_demo(boot, "exit=idle", args=PATHS[path], timeout=120)
    assert r.find(r'^boot: loader "GRUB')
    assert r.find(r"^demo: every program behaved as designed$")
    assert r.find(r"^killed: pid \d+ \(intruder\) SIGSEGV: .*port 0x71 denied")
    # Under UEFI the memory map is the firmware's own (multiboot2 tag 17,
    # kernel/efi_mmap.c); under BIOS it is GRUB's e820 translation.
    efi = r.find(r"^mem: the UEFI memory map \(multiboot2 tag 17\): (\d+) descriptors in (\d+) ranges$")
    if "--uefi" in PATHS[path]:
        assert efi and int(efi.group(1)) >= int(efi.group(2)) > 0
    else:
        assert efi is None
    assert "have length 0" not in r.log


@pytest.mark.parametrize("path", list(PATHS))
def test_iotests_pass(boot, path):
    # The stress runs at a fifth of their size: test_io.py runs them whole.
    r = boot('init="iotests --probes 20000" exit=idle iocheck', args=PATHS[path], timeout=300)
    m = r.find(r"^iotests: (\d+) passed, (\d+) failed$")
    assert m and int(m.group(1)) > 0 and int(m.group(2)) == 0
