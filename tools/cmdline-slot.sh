#!/bin/bash
# cmdline-slot.sh - the kernel command line as a fixed-size slot in the ISO.
#
#   cmdline-slot.sh make CMDLINE > cmdline.cfg     write a slot file
#   cmdline-slot.sh patch ISO CMDLINE              rewrite the slot in ISO
#
# /boot/grub/cmdline.cfg is exactly SLOT_SIZE bytes: a marker line, then
# "set kcmdline='...'", then padding.  ISO 9660 stores a file's bytes
# contiguously, so a new command line can be written over the old one in a
# copy of the image without touching any boot record (El Torito, the EFI
# partition image, the hybrid MBR/GPT): all of them stay byte-identical.
set -euo pipefail
SLOT_SIZE=2048
MARKER="# PORTCULLIS_CMDLINE_SLOT (fixed size; see tools/cmdline-slot.sh)"

make_slot() {
	local cmdline=$1
	if [[ "$cmdline" == *"'"* || "$cmdline" == *$'\n'* ]]; then
		echo "cmdline-slot: the command line may not contain ' or a newline" >&2
		exit 1
	fi
	local body
	body=$(printf "%s\nset kcmdline='%s'\n" "$MARKER" "$cmdline")
	if [ ${#body} -ge $((SLOT_SIZE - 1)) ]; then
		echo "cmdline-slot: command line too long (max ~1900 characters)" >&2
		exit 1
	fi
	printf "%s\n" "$body"
	# Pad with spaces (GRUB ignores them) and end with a newline.
	head -c $((SLOT_SIZE - ${#body} - 2)) /dev/zero | tr '\0' ' '
	printf "\n"
}

case "${1:-}" in
make)
	make_slot "${2:-}"
	;;
patch)
	iso=$2
	offsets=$(grep -obUaF "$MARKER" "$iso" | cut -d: -f1)
	if [ "$(echo "$offsets" | grep -c .)" != 1 ]; then
		echo "cmdline-slot: $iso has no single command-line slot (an image from another build?)" >&2
		exit 1
	fi
	make_slot "${3:-}" | dd of="$iso" bs=1 seek="$offsets" conv=notrunc status=none
	;;
*)
	echo "usage: cmdline-slot.sh make CMDLINE | patch ISO CMDLINE" >&2
	exit 2
	;;
esac
