#!/bin/bash
# cmdline-slot.sh - the kernel command line as a fixed-size slot in the ISO.
#
#   cmdline-slot.sh make CMDLINE [TIMEOUT] > cmdline.cfg   write a slot file
#   cmdline-slot.sh patch ISO CMDLINE [TIMEOUT]            rewrite the slot in ISO
#   cmdline-slot.sh get ISO                                print ISO's command line
#
# /boot/grub/cmdline.cfg is exactly SLOT_SIZE bytes: a marker line, then
# "set kcmdline='...'" and, when TIMEOUT is given, "set timeout=TIMEOUT"
# (GRUB's menu: seconds, 0 = boot the default entry at once, -1 = wait for
# a choice), then padding.  A ' in the command line is written as '\''
# (GRUB's shell-like quoting); GRUB then hands it to the kernel as \'.  ISO 9660 stores a file's bytes
# contiguously, so a new command line can be written over the old one in a
# copy of the image without touching any boot record (El Torito, the EFI
# partition image, the hybrid MBR/GPT): all of them stay byte-identical.
set -euo pipefail
SLOT_SIZE=2048
MARKER="# PORTCULLIS_CMDLINE_SLOT (fixed size; see tools/cmdline-slot.sh)"

make_slot() {
	local cmdline=$1 timeout=${2:-}
	if [[ "$cmdline" == *$'\n'* ]]; then
		echo "cmdline-slot: the command line may not contain a newline" >&2
		exit 1
	fi
	# Inside GRUB's single quotes nothing is special, and a ' is written
	# as '\'' (close, an escaped quote, reopen), as in sh.
	cmdline=${cmdline//\'/\'\\\'\'}
	local body
	if [ -n "$timeout" ] && ! [[ "$timeout" =~ ^-?[0-9]+$ ]]; then
		echo "cmdline-slot: menu timeout must be a number of seconds" >&2
		exit 1
	fi
	body=$(printf "%s\nset kcmdline='%s'\n" "$MARKER" "$cmdline")
	[ -n "$timeout" ] && body=$(printf "%s\nset timeout=%s\n" "$body" "$timeout")
	if [ ${#body} -ge $((SLOT_SIZE - 1)) ]; then
		echo "cmdline-slot: command line too long (max ~1900 characters)" >&2
		exit 1
	fi
	printf "%s\n" "$body"
	# Pad with spaces (GRUB ignores them) and end with a newline.
	head -c $((SLOT_SIZE - ${#body} - 2)) /dev/zero | tr '\0' ' '
	printf "\n"
}

slot_offset() {
	local offsets
	offsets=$(grep -obUaF "$MARKER" "$1" | cut -d: -f1)
	if [ "$(echo "$offsets" | grep -c .)" != 1 ]; then
		echo "cmdline-slot: $1 has no single command-line slot (an image from another build?)" >&2
		exit 1
	fi
	echo "$offsets"
}

case "${1:-}" in
get)
	off=$(slot_offset "$2")
	dd if="$2" bs=1 skip="$off" count=$SLOT_SIZE status=none |
		sed -n "s/^set kcmdline='\(.*\)'\$/\1/p" | sed "s/'\\\\''/'/g"
	;;
make)
	make_slot "${2:-}" "${3:-}"
	;;
patch)
	iso=$2
	offsets=$(slot_offset "$iso")
	make_slot "${3:-}" "${4:-}" | dd of="$iso" bs=1 seek="$offsets" conv=notrunc status=none
	;;
*)
	echo "usage: cmdline-slot.sh make CMDLINE [TIMEOUT] | patch ISO CMDLINE [TIMEOUT] | get ISO" >&2
	exit 2
	;;
esac
