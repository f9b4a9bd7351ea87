#!/bin/bash
# deps.sh check|install|missing [GROUP...] - the Debian packages Portcullis needs.
#
#   check    exit 0 when everything is present, else list what is missing
#   install  install what is missing with apt-get (as root, or with sudo),
#            saying what it does; fail with a clear message when it cannot
#   missing  print the missing packages on one line (nothing when none)
#
# GROUPs: build (what plain `make` needs), test (make test, make run,
# make bench, make gdb), fresh (tools/fresh-debian.sh only).  Without a
# GROUP: build and test.
#
# Each line: GROUP  PACKAGE  TEST.  TEST is a command name looked up on
# PATH, or a path that must exist.  Every program the build, the tests and
# the tools run is here, down to the helpers that other programs run behind
# our back (grub-mkrescue runs xorriso, mformat, mcopy and xz;
# pack-programs.sh runs cpio); the only
# exceptions are Debian's "required" packages that every system has
# (coreutils, sed, grep, mawk, util-linux, findutils, bash), so nothing is
# found only because a developer's machine happened to have it.
# tests/guest/test_newcomer.py keeps this promise honest; tools/fresh-debian.sh
# proves it on a minimal Debian 12.
#
# Bochs (tools/run-bochs.sh) draws with the rfb library built into the bochs
# package, but the package insists on one GUI plugin package: bochs-term is
# the smallest (bochs-wx, apt's first choice, pulls in wxWidgets).
# musl-tools and linux-source serve tests/guest/test_linux_selftests.py
# (Linux's own ioperm/iopl selftests, built with musl-gcc and gcc) and
# test_libc_programs.py; busybox-static serves test_busybox.py.
set -uo pipefail

DEPS="
build make                make
build gcc                 gcc
build libc6-dev           /usr/include/stdio.h
build binutils            ld
build binutils            nm
build nasm                nasm
build python3-minimal     /usr/bin/python3
build grub-common         grub-mkrescue
build grub-pc-bin         /usr/lib/grub/i386-pc/multiboot2.mod
build grub-efi-amd64-bin  /usr/lib/grub/x86_64-efi/multiboot2.mod
build xorriso             xorriso
build mtools              mformat
build mtools              mcopy
build xz-utils            xz
build cpio                cpio
test  qemu-system-x86     qemu-system-x86_64
test  ovmf                /usr/share/OVMF/OVMF_CODE_4M.fd
test  gdb                 gdb
test  libcmocka-dev       /usr/include/cmocka.h
test  python3-pytest      /usr/lib/python3/dist-packages/pytest
test  python3-pytest-xdist /usr/lib/python3/dist-packages/xdist
test  clang               clang
test  clang-format        clang-format
test  bochs               bochs
test  bochs-term          /usr/lib/x86_64-linux-gnu/bochs/plugins/libbx_term_gui.so
test  bochsbios           /usr/share/bochs/BIOS-bochs-latest
test  vgabios             /usr/share/vgabios/vgabios.bin
fresh debootstrap         debootstrap
test  git                 git
test  musl-tools          musl-gcc
test  linux-source        /usr/src/linux-source-6.1.tar.xz
test  busybox-static      /bin/busybox
"

mode=${1:-check}
shift || true
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(build test)

case $mode in
check | install | missing) ;;
*) echo "usage: deps.sh check|install|missing [build|test|fresh...]" >&2; exit 2 ;;
esac

wanted() {
	local g
	for g in "${groups[@]}"; do [ "$g" = "$1" ] && return 0; done
	return 1
}

missing=()
while read -r group pkg test; do
	[ -z "$group" ] && continue
	wanted "$group" || continue
	if [[ "$test" == /* ]]; then
		[ -e "$test" ] && continue
	else
		command -v "$test" >/dev/null 2>&1 && continue
	fi
	# One package can provide several of the programs we test for.
	[[ " ${missing[*]} " == *" $pkg "* ]] || missing+=("$pkg")
done <<<"$DEPS"

if [ "$mode" = missing ]; then
	echo "${missing[*]}"
	exit 0
fi
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
