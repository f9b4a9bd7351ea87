#!/bin/bash
# deps.sh [check|install] - the Debian packages Portcullis needs.
#
#   check    exit 0 when everything is present, else list what is missing
#   install  install what is missing with apt-get (as root, or with sudo),
#            saying what it does; fail with a clear message when it cannot
#
# Each line: PACKAGE  TEST  (TEST is a command name, or a path that must exist)
# Bochs (tools/run-bochs.sh) draws with the rfb library built into the bochs
# package, but the package insists on one GUI plugin package: bochs-term is
# the smallest (bochs-wx, apt's first choice, pulls in wxWidgets).
# musl-tools and linux-source serve tests/guest/test_linux_selftests.py
# (Linux's own ioperm/iopl selftests, built with musl-gcc and gcc) and
# test_libc_programs.py; busybox-static serves test_busybox.py.
set -uo pipefail

DEPS="
make                 make
gcc                  gcc
nasm                 nasm
grub-common          grub-mkrescue
grub-pc-bin          /usr/lib/grub/i386-pc/multiboot2.mod
grub-efi-amd64-bin   /usr/lib/grub/x86_64-efi/multiboot2.mod
xorriso              xorriso
mtools               mformat
qemu-system-x86      qemu-system-x86_64
ovmf                 /usr/share/OVMF/OVMF_CODE_4M.fd
gdb                  gdb
libcmocka-dev        /usr/include/cmocka.h
python3-pytest       /usr/lib/python3/dist-packages/pytest
clang                clang
clang-format         clang-format
binutils             ld
bochs                bochs
bochs-term           /usr/lib/x86_64-linux-gnu/bochs/plugins/libbx_term_gui.so
bochsbios            /usr/share/bochs/BIOS-bochs-latest
vgabios              /usr/share/vgabios/vgabios.bin
musl-tools           musl-gcc
linux-source         /usr/src/linux-source-6.1.tar.xz
busybox-static       /bin/busybox
"

missing=()
while read -r pkg test; do
	[ -z "$pkg" ] && continue
	if [[ "$test" == /* ]]; then
		[ -e "$test" ] || missing+=("$pkg")
	else
		command -v "$test" >/dev/null 2>&1 || missing+=("$pkg")
	fi
done <<<"$DEPS"

mode=${1:-check}
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "$mode" = check ]; then
	echo "deps: missing Debian packages: ${missing[*]}" >&2
	exit 1
fi

if [ "$(id -u)" = 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO=sudo
else
	echo "deps: need to install ${missing[*]} but I am not root and sudo is missing." >&2
	echo "deps: as root run: apt-get install --no-install-recommends ${missing[*]}" >&2
	exit 1
fi

echo "deps: installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -qq; then
	echo "deps: 'apt-get update' failed; check the network and /etc/apt/sources.list" >&2
	exit 1
fi
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
	echo "deps: 'apt-get install ${missing[*]}' failed (see the messages above)" >&2
	exit 1
fi
echo "deps: done"
