#!/bin/bash
# run-bochs.sh [--iso ISO] [--timeout S] [--cpus N] [--keep] [--test] --cmdline "..." - boot
# the image in Bochs, an x86 implementation independent of QEMU's (its own
# decoder, its own TSS I/O permission check), and report the outcome with
# run-qemu.sh --test's exit codes: 0 success, 1 test failure, 2 panic,
# 3 triple fault or reset, 4 timeout, 5 anything else.
#
# The machine: Bochs's own BIOS and VGA BIOS, 256 MiB, one Sandy Bridge
# CPU (--cpus N: N of them, listed in the BIOS's ACPI MADT) at a nominal 100 MIPS with "clock: sync=none", so guest time is a
# function of instructions executed and a run repeats exactly.  The display
# is the rfb library with timeout=0 (Debian's Bochs has no "nogui"): it
# waits for no viewer, nobody connects, nothing shows.
#
# Bochs has no isa-debug-exit: the kernel prints "testexit: code 0xNN"
# before it would write that port, then executes Bochs's magic breakpoint
# (xchg bx, bx), which stops the emulator into its debugger; the rc file
# answers "quit".  The serial output goes to stdout when Bochs ends.
set -uo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ISO=$HERE/build/portcullis.iso
TIMEOUT=300
CMDLINE=""
KEEP=""
CPUS=1
while [ $# -gt 0 ]; do
	case "$1" in
	--iso) ISO=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--cmdline) CMDLINE=$2; shift 2 ;;
	--keep) KEEP=1; shift ;;
	--cpus) CPUS=$2; shift 2 ;;
	--test) shift ;; # always a test run: accepted so callers can treat it like run-qemu.sh
	*) echo "run-bochs.sh: unknown option $1" >&2; exit 5 ;;
	esac
done
command -v bochs >/dev/null || { echo "run-bochs.sh: bochs is not installed (make deps)" >&2; exit 5; }
[ -f "$ISO" ] || { echo "run-bochs.sh: no image at $ISO" >&2; exit 5; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/portcullis-bochs.XXXXXX")
if [ -n "$KEEP" ]; then
	echo "run-bochs.sh: keeping bochsrc, bochs.log and serial.txt in $dir" >&2
else
	trap 'rm -rf "$dir"' EXIT
fi
cp "$ISO" "$dir/run.iso"
bash "$HERE/tools/cmdline-slot.sh" patch "$dir/run.iso" "${CMDLINE:+$CMDLINE }testexit" 0 || exit 5

cat > "$dir/bochsrc" <<RC
megs: 256
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$dir/run.iso, status=inserted
boot: cdrom
cpu: model=corei7_sandy_bridge_2600k, count=$CPUS, ips=100000000, reset_on_triple_fault=0
com1: enabled=1, mode=file, dev=$dir/serial.txt
magic_break: enabled=1
panic: action=fatal
error: action=report
log: $dir/bochs.log
clock: sync=none, time0=local
speaker: enabled=0
display_library: rfb, options="timeout=0"
RC
printf 'c\nquit\n' > "$dir/cont.rc"

( cd "$dir" && timeout -k 5 "$TIMEOUT" bochs -q -f bochsrc -rc cont.rc </dev/null >"$dir/bochs.out" 2>&1 )
status=$?
cat "$dir/serial.txt" 2>/dev/null && echo
code=$(grep -a -o 'testexit: code 0x[0-9a-f]*' "$dir/serial.txt" 2>/dev/null | tail -1 | sed 's/.*0x//')
case "$code" in
10) exit 0 ;;
11) echo "run-bochs.sh: the kernel reported a TEST FAILURE" >&2; exit 1 ;;
12) echo "run-bochs.sh: KERNEL PANIC" >&2; exit 2 ;;
esac
if [ $status = 124 ] || [ $status = 137 ]; then
	echo "run-bochs.sh: TIMEOUT after ${TIMEOUT}s" >&2
	exit 4
fi
# reset_on_triple_fault=0: a triple fault ends Bochs with a panic instead.
if grep -aq "3rd ([0-9]*) exception with no resolution\|shutdown status" "$dir/bochs.log" 2>/dev/null; then
	echo "run-bochs.sh: TRIPLE FAULT or reset" >&2
	exit 3
fi
echo "run-bochs.sh: Bochs ended (status $status) without a test exit; last log lines:" >&2
tail -n 15 "$dir/bochs.log" >&2; tail -n 15 "$dir/bochs.out" >&2
exit 5
