#!/bin/bash
# run-qemu.sh - the one place that knows QEMU's flags.  Run with --help.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ISO="$HERE/build/portcullis.iso"
CMDLINE=""
CMDLINE_SET=0
MENU_TIMEOUT=0
UEFI=0
USB=0
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
TEST=0
TIMEOUT=""
GDB=0
HEADLESS=0
KVM=0
SMP=1
MEM=256M
DEBUG_LOG=""
NO_SERIAL=0
SERIAL_LOG=""
ICOUNT=0
EXTRA=()
KEEP_STDIN=0

usage() {
	cat <<'USAGE'
Usage: run-qemu.sh [options] [-- extra QEMU arguments]

Boots build/portcullis.iso in QEMU (q35, SeaBIOS, CD-ROM) with the serial
port on this terminal.

  --cmdline "..."   kernel command line for this run (written into the
                    command-line slot of a copy of the image; the image itself
                    is unchanged; see tools/cmdline-slot.sh)
  --test            test mode: adds isa-debug-exit (port 0xf4) and the kernel
                    option "testexit", runs headless with -no-reboot, and
                    exits with the outcome (see EXIT STATUS).  Default
                    timeout 60 s.
  --timeout S       stop QEMU after S seconds (exit status 4)
  --gdb             start paused with a gdb server on localhost:1234
                    (use "make gdb", or gdb -x tools/gdbinit build/kernel.elf)
  --headless        no display window (serial only); automatic when there is
                    no $DISPLAY or $WAYLAND_DISPLAY
  --kvm             use KVM (real VT-x/AMD-V hosts only: under a software-
                    emulated /dev/kvm, as on our CI machines, it is ~1000x
                    slower than TCG)
  --smp N           N CPUs (default 1)
  --iso PATH        boot this image instead of build/portcullis.iso
  --no-serial       give the machine no COM1 at all
  --serial-log FILE also copy the serial output to FILE
  --stdin           with --test: keep standard input connected to the serial
                    console (tests that type at the kernel monitor); without
                    it a --test run reads nothing
  --debug-log FILE  QEMU's -d int,cpu_reset,guest_errors log into FILE
  --icount          -icount shift=0,sleep=off: guest time counts guest
                    instructions and idle time is skipped, so runs repeat
                    exactly (~15x slower)
  --mem SIZE        guest memory (default 256M)
  --uefi            boot with OVMF (UEFI) instead of SeaBIOS (BIOS); a fresh
                    copy of the UEFI variable store every run
  --usb             attach the image as a USB stick (xHCI) instead of a CD
  --menu            stop at the GRUB menu (demo, benchmark, self-test)
                    instead of booting the default entry at once
  --help            this text

EXIT STATUS (with --test)
  0  the kernel left through the success code (QEMU status 33)
  1  the kernel reported a test failure       (QEMU status 35)
  2  the kernel panicked                      (QEMU status 37)
  3  triple fault or reset (QEMU status 0 under -no-reboot)
  4  timeout
  5  anything else (QEMU failed to start, unknown status)
Without --test, QEMU's own status is returned.
USAGE
}

while [ $# -gt 0 ]; do
	case "$1" in
	--cmdline) CMDLINE=$2; CMDLINE_SET=1; shift 2 ;;
	--test) TEST=1; shift ;;
	--stdin) KEEP_STDIN=1; shift ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--gdb) GDB=1; shift ;;
	--headless) HEADLESS=1; shift ;;
	--kvm) KVM=1; shift ;;
	--smp) SMP=$2; shift 2 ;;
	--iso) ISO=$2; shift 2 ;;
	--no-serial) NO_SERIAL=1; shift ;;
	--serial-log) SERIAL_LOG=$2; shift 2 ;;
	--debug-log) DEBUG_LOG=$2; shift 2 ;;
	--icount) ICOUNT=1; shift ;;
	--mem) MEM=$2; shift 2 ;;
	--menu) MENU_TIMEOUT=-1; shift ;;
	--uefi) UEFI=1; shift ;;
	--usb) USB=1; shift ;;
	--help | -h) usage; exit 0 ;;
	--) shift; EXTRA=("$@"); break ;;
	*) echo "run-qemu.sh: unknown option '$1' (see --help)" >&2; exit 5 ;;
	esac
done

if [ ! -f "$ISO" ]; then
	echo "run-qemu.sh: no image at $ISO (run 'make' first)" >&2
	exit 5
fi

if [ $TEST = 1 ]; then
	CMDLINE="${CMDLINE:+$CMDLINE }testexit"
	CMDLINE_SET=1
	HEADLESS=1
	[ -z "$TIMEOUT" ] && TIMEOUT=60
fi

TMPDIR_RUN=""
cleanup() { [ -n "$TMPDIR_RUN" ] && rm -rf "$TMPDIR_RUN"; }
trap cleanup EXIT

# Every run boots a copy of the image with its command-line slot rewritten
# (tools/cmdline-slot.sh): the command line, and the GRUB menu timeout (0:
# straight to the default entry; --menu: wait for a choice).  Every boot
# record stays identical.
if true; then
	TMPDIR_RUN=$(mktemp -d "${TMPDIR:-/tmp}/portcullis-run.XXXXXX")
	cp "$ISO" "$TMPDIR_RUN/run.iso"
	if [ $CMDLINE_SET = 0 ]; then
		# Keep the command line the image was built with (ISO_CMDLINE).
		CMDLINE=$(bash "$HERE/tools/cmdline-slot.sh" get "$ISO") || exit 5
	fi
	if ! bash "$HERE/tools/cmdline-slot.sh" patch "$TMPDIR_RUN/run.iso" "$CMDLINE" "$MENU_TIMEOUT"; then
		echo "run-qemu.sh: could not write the command line into a copy of $ISO" >&2
		exit 5
	fi
	ISO="$TMPDIR_RUN/run.iso"
fi

# -nic none: the kernel drives no network card.  QEMU's default one would
# only make OVMF load iPXE (0.6 s per boot) and leave a bus-master device
# that firmware configured running behind the kernel's back.
ARGS=(-machine q35 -m "$MEM" -smp "$SMP" -nic none)
if [ $USB = 1 ]; then
	# snapshot=on: the stick's image is never written back.
	ARGS+=(-drive "if=none,id=stick,format=raw,file=$ISO,snapshot=on"
	       -device qemu-xhci,id=xhci -device usb-storage,bus=xhci.0,drive=stick,bootindex=1)
else
	ARGS+=(-boot d -cdrom "$ISO")
fi
if [ $UEFI = 1 ]; then
	for f in "$OVMF_CODE" "$OVMF_VARS"; do
		[ -f "$f" ] || { echo "run-qemu.sh: no $f (install ovmf: make deps)" >&2; exit 5; }
	done
	# A reused variable store can remember a boot order that drops into
	# the UEFI shell: start from the pristine one every time.
	cp "$OVMF_VARS" "$TMPDIR_RUN/vars.fd"
	ARGS+=(-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
	       -drive "if=pflash,format=raw,file=$TMPDIR_RUN/vars.fd")
fi
if [ $KVM = 1 ]; then
	ARGS+=(-accel kvm -cpu host)
elif [ $ICOUNT = 1 ]; then
	# sleep=off: when the guest halts, guest time jumps straight to the
	# next timer instead of following the host's clock, so where the
	# ticks fall in the instruction stream - and with them every count of
	# preemptions - is the same on every run.
	ARGS+=(-accel tcg,thread=single -cpu max -icount shift=0,sleep=off)
else
	ARGS+=(-accel tcg -cpu max)
fi
if [ $HEADLESS = 1 ] || { [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; }; then
	ARGS+=(-display none)
fi
if [ $NO_SERIAL = 1 ]; then
	ARGS+=(-serial none)
elif [ -n "$SERIAL_LOG" ]; then
	ARGS+=(-chardev "stdio,id=ser0,logfile=$SERIAL_LOG,signal=off" -serial chardev:ser0)
elif [ $TEST = 1 ]; then
	ARGS+=(-serial stdio)
else
	# mon:stdio multiplexes QEMU's monitor onto the terminal, which is
	# what makes Ctrl-A X (quit) and Ctrl-A C (monitor) work.
	ARGS+=(-serial mon:stdio)
fi
if [ $TEST = 1 ]; then
	ARGS+=(-device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot -monitor none)
fi
[ $GDB = 1 ] && ARGS+=(-s -S)
[ -n "$DEBUG_LOG" ] && ARGS+=(-d int,cpu_reset,guest_errors -D "$DEBUG_LOG")
ARGS+=("${EXTRA[@]}")

if [ -n "$TIMEOUT" ]; then
	if [ $KEEP_STDIN = 1 ]; then
		timeout --foreground -k 5 "$TIMEOUT" qemu-system-x86_64 "${ARGS[@]}"
	else
		timeout --foreground -k 5 "$TIMEOUT" qemu-system-x86_64 "${ARGS[@]}" </dev/null
	fi
	status=$?
else
	qemu-system-x86_64 "${ARGS[@]}"
	status=$?
fi

if [ $TEST = 0 ]; then
	[ $status = 124 ] && echo "run-qemu.sh: timeout after ${TIMEOUT}s" >&2 && exit 4
	exit $status
fi
case $status in
33) exit 0 ;;
35) echo "run-qemu.sh: the kernel reported a TEST FAILURE (QEMU status 35)" >&2; exit 1 ;;
37) echo "run-qemu.sh: KERNEL PANIC (QEMU status 37)" >&2; exit 2 ;;
0) echo "run-qemu.sh: TRIPLE FAULT or reset (QEMU status 0 under -no-reboot)" >&2; exit 3 ;;
124 | 137) echo "run-qemu.sh: TIMEOUT after ${TIMEOUT}s" >&2; exit 4 ;;
*) echo "run-qemu.sh: unexpected QEMU status $status" >&2; exit 5 ;;
esac
