#!/bin/bash
# usb-write.sh ISO DEV - write the Portcullis image to a USB stick, safely.
#
# Used by `make usb DEV=/dev/sdX [YES=1]`.  Writing an image to the wrong
# disk destroys it, so before anything is written this refuses a device
# that
#   - is not a whole block device (a partition such as /dev/sdb1 is refused:
#     the image carries its own partition table),
#   - is not removable (/sys/block/NAME/removable is not 1),
#   - is mounted, or has a mounted partition,
#   - holds the running system (the root file system, or active swap),
# then shows the device's vendor, model and size and asks for "yes"
# (skipped with YES=1).  Afterwards it syncs and says when the stick can be
# pulled.
#
# For the tests, PORTCULLIS_SYSFS, PORTCULLIS_MOUNTS, PORTCULLIS_SWAPS and
# PORTCULLIS_ROOTDEV replace /sys, /proc/mounts, /proc/swaps and the root
# device, and DEV may then be a regular file.
set -euo pipefail

SYSFS=${PORTCULLIS_SYSFS:-/sys}
MOUNTS=${PORTCULLIS_MOUNTS:-/proc/mounts}
SWAPS=${PORTCULLIS_SWAPS:-/proc/swaps}
FAKE=${PORTCULLIS_SYSFS:+1}

die() {
	echo "make usb: REFUSED: $*" >&2
	exit 1
}

[ $# -eq 2 ] || { echo "usage: usb-write.sh ISO DEV   (make usb DEV=/dev/sdX)" >&2; exit 2; }
iso=$1
dev=$2
[ -f "$iso" ] || die "no image at $iso (run make first)"
[ -n "$dev" ] || die "say which device: make usb DEV=/dev/sdX"

name=$(basename "$dev")
if [ -z "$FAKE" ]; then
	[ -b "$dev" ] || die "$dev is not a block device"
	# Follow a /dev/disk/by-id/... link to the kernel's name.
	name=$(basename "$(readlink -f "$dev")")
fi
sys=$SYSFS/block/$name
[ -d "$sys" ] || die "$dev is not a whole disk ($sys does not exist; a partition like sdb1 is not enough, name the disk)"

removable=$(cat "$sys/removable" 2>/dev/null || echo 0)
[ "$removable" = 1 ] || die "$dev is not a removable device (removable=$removable): refusing to overwrite a fixed disk"

# Mounted: the disk or any partition of it (sdb1, nvme0n1p1, mmcblk0p1).
partitions=("$name")
for p in "$sys"/"$name"*; do
	[ -e "$p/partition" ] && partitions+=("$(basename "$p")")
done
for part in "${partitions[@]}"; do
	if grep -qE "^/dev/$part[[:space:]]" "$MOUNTS" 2>/dev/null; then
		where=$(grep -E "^/dev/$part[[:space:]]" "$MOUNTS" | awk '{print $2}' | head -1)
		die "/dev/$part is mounted on $where: unmount it first"
	fi
	if grep -qE "^/dev/$part[[:space:]]" "$SWAPS" 2>/dev/null; then
		die "/dev/$part is in use as swap"
	fi
done

# The running system: the disk that holds /.
rootdev=${PORTCULLIS_ROOTDEV:-$(findmnt -n -o SOURCE / 2>/dev/null || true)}
rootname=$(basename "$rootdev")
for part in "${partitions[@]}"; do
	[ "$rootname" = "$part" ] && die "$dev holds the running system (/ is on $rootdev)"
done

trim() { tr -s ' \n' ' ' | sed 's/^ *//; s/ *$//'; }
vendor=$(trim < "$sys/device/vendor" 2>/dev/null || true)
model=$(trim < "$sys/device/model" 2>/dev/null || true)
sectors=$(cat "$sys/size" 2>/dev/null || echo 0)
bytes=$((sectors * 512))
isobytes=$(stat -c %s "$iso")
[ "$bytes" -ge "$isobytes" ] || die "$dev holds $bytes bytes, the image needs $isobytes"

echo "make usb: about to ERASE $dev: ${vendor:-?} ${model:-?}, $((bytes / 1000000)) MB ($bytes bytes)"
echo "make usb: and write $iso ($isobytes bytes) to it"
if [ "${YES:-}" != 1 ]; then
	answer=""
	read -r -p "Type yes to continue: " answer || true
	[ "$answer" = yes ] || die "not confirmed (type yes, or use YES=1)"
fi

echo "make usb: writing..."
dd if="$iso" of="$dev" bs=4M conv=fsync,notrunc status=none
sync
echo "make usb: done and synced: you can pull the stick out now."
