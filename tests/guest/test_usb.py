"""make usb's safety checks (tools/usb-write.sh) against a fake sysfs tree:
a fixed disk, a mounted stick, the disk holding / and a partition are all
refused before a byte is written; a removable, unused stick gets the image."""
import os
import subprocess

from conftest import ROOT

SCRIPT = os.path.join(ROOT, "tools", "usb-write.sh")


def make_disk(sysfs, name, removable, size_bytes=64 << 20, parts=()):
    d = sysfs / "block" / name
    (d / "device").mkdir(parents=True)
    (d / "removable").write_text("%d\n" % removable)
    (d / "size").write_text("%d\n" % (size_bytes // 512))
    (d / "device" / "vendor").write_text("Fake    \n")
    (d / "device" / "model").write_text("Stick 64M\n")
    for p in parts:
        (d / p).mkdir()
        (d / p / "partition").write_text("1\n")


def run(tmp_path, dev_name, mounts="", swaps="", rootdev="/dev/nvme0n1p2", yes="1"):
    iso = tmp_path / "image.iso"
    iso.write_bytes(b"PORTCULLIS" * 1000)
    target = tmp_path / dev_name
    target.write_bytes(b"\0" * 20000)
    (tmp_path / "mounts").write_text(mounts)
    (tmp_path / "swaps").write_text(swaps)
    env = dict(os.environ, PORTCULLIS_SYSFS=str(tmp_path / "sys"), PORTCULLIS_MOUNTS=str(tmp_path / "mounts"),
               PORTCULLIS_SWAPS=str(tmp_path / "swaps"), PORTCULLIS_ROOTDEV=rootdev, YES=yes)
    p = subprocess.run(["bash", SCRIPT, str(iso), str(target)], env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode(), target.read_bytes()


def test_refuses_a_fixed_disk(tmp_path):
    make_disk(tmp_path / "sys", "sda", removable=0)
    rc, out, data = run(tmp_path, "sda")
    assert rc != 0 and "not a removable device" in out
    assert data == b"\0" * 20000, "nothing may be written"


def test_refuses_a_mounted_stick(tmp_path):
    make_disk(tmp_path / "sys", "sdb", removable=1, parts=("sdb1",))
    rc, out, data = run(tmp_path, "sdb", mounts="/dev/sdb1 /media/stick vfat rw 0 0\n")
    assert rc != 0 and "/dev/sdb1 is mounted on /media/stick" in out
    assert data == b"\0" * 20000


def test_refuses_the_running_system(tmp_path):
    make_disk(tmp_path / "sys", "sdc", removable=1, parts=("sdc1", "sdc2"))
    rc, out, data = run(tmp_path, "sdc", rootdev="/dev/sdc2")
    assert rc != 0 and "holds the running system" in out
    assert data == b"\0" * 20000


def test_refuses_a_partition_and_unconfirmed(tmp_path):
    make_disk(tmp_path / "sys", "sdd", removable=1, parts=("sdd1",))
    rc, out, _ = run(tmp_path, "sdd1")
    assert rc != 0 and "not a whole disk" in out
    rc, out, data = run(tmp_path, "sdd", yes="")
    assert rc != 0 and "not confirmed" in out and data == b"\0" * 20000


def test_writes_a_removable_stick(tmp_path):
    make_disk(tmp_path / "sys", "sde", removable=1)
    rc, out, data = run(tmp_path, "sde")
    assert rc == 0, out
    assert "Fake Stick 64M, 67 MB" in out
    assert "you can pull the stick out now" in out
    assert data.startswith(b"PORTCULLIS" * 1000)
