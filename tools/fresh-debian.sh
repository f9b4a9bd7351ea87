#!/bin/bash
# fresh-debian.sh - prove the newcomer's path: `make test` on a minimal Debian 12.
#
#   tools/fresh-debian.sh [--rebuild] [--keep] [--target T]
#
# A developer's machine hides missing packages: whatever was installed by
# hand once is found forever.  This script builds (once, then cached) a
# debootstrap "minbase" Debian 12 with nothing but git, make and
# ca-certificates added, clones this repository's HEAD into it, and runs
# `make test` there in a chroot, exactly as the README tells a new user.
# `make test` must install everything else itself (tools/deps.sh).  Exit
# status 0 only when `make test` passed in the chroot.
#
#   --rebuild   debootstrap the base system again instead of using the cache
#   --keep      keep the chroot of this run (for a look around) and print it
#   --target T  run `make T` instead of `make test` (e.g. `run` is useless
#               here, but `all` checks the build alone in ~2 minutes)
#
# The base system is cached as a tarball in $FRESH_DEBIAN_CACHE (default
# /var/tmp/portcullis-fresh-debian); each run unpacks a pristine copy, so
# the packages `make test` installs never leak into the next run.  Needs
# root (debootstrap, chroot, mounts) and the Debian mirror this machine's
# apt already uses.  Run it before submitting any change to tools/deps.sh,
# the Makefile's tool list or the image build.  It takes 10-20 minutes.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${FRESH_DEBIAN_CACHE:-/var/tmp/portcullis-fresh-debian}
SUITE=bookworm
REBUILD=0
KEEP=0
TARGET=test
while [ $# -gt 0 ]; do
	case $1 in
	--rebuild) REBUILD=1; shift ;;
	--keep) KEEP=1; shift ;;
	--target) TARGET=$2; shift 2 ;;
	-h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "fresh-debian.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
done

say() { echo "fresh-debian: $*"; }
die() { echo "fresh-debian: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot and mounts); run it with sudo"
bash "$HERE/tools/deps.sh" check fresh 2>/dev/null || bash "$HERE/tools/deps.sh" install fresh ||
	die "cannot install debootstrap"
if [ -n "$(git -C "$HERE" status --porcelain --untracked-files=no)" ]; then
	say "WARNING: the work tree has uncommitted changes; only HEAD ($(git -C "$HERE" rev-parse --short HEAD)) is tested"
fi

# The mirror this machine's apt uses (deb822 or one-line format), so the
# chroot reaches the same archive; Debian's own as the fallback.
mirror=$(grep -hoE '^URIs:\s*\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '{print $2}' | grep -v security | head -n1 || true)
[ -z "$mirror" ] && mirror=$(grep -hoE '^deb\s+(\[[^]]*\]\s+)?\S+' /etc/apt/sources.list 2>/dev/null |
	awk '{print $NF}' | grep -v security | head -n1 || true)
[ -z "$mirror" ] && mirror=http://deb.debian.org/debian

mkdir -p "$CACHE"
BASE_TAR=$CACHE/$SUITE-minbase.tar
if [ $REBUILD = 1 ] || [ ! -s "$BASE_TAR" ]; then
	say "debootstrap $SUITE minbase + git make ca-certificates from $mirror (once; cached in $BASE_TAR)"
	t0=$(date +%s)
	rm -rf "$CACHE/base"
	debootstrap --variant=minbase --include=git,make,ca-certificates \
		"$SUITE" "$CACHE/base" "$mirror" >"$CACHE/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
	tar -C "$CACHE/base" -cf "$BASE_TAR.tmp" .
	mv "$BASE_TAR.tmp" "$BASE_TAR"
	rm -rf "$CACHE/base"
	say "base system ready in $(($(date +%s) - t0)) s"
fi

ROOTFS=$(mktemp -d "$CACHE/run.XXXXXX")
mounted=()
cleanup() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${mounted[$i]}" 2>/dev/null || true
	done
	if [ $KEEP = 1 ]; then
		say "kept the chroot: $ROOTFS"
	else
		rm -rf "$ROOTFS"
	fi
}
trap cleanup EXIT
tar -C "$ROOTFS" -xf "$BASE_TAR"

# What a new user has: a clone of the repository, nothing else of ours.
git clone -q "$HERE" "$ROOTFS/root/portcullis"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf" 2>/dev/null || true
for m in proc sys dev dev/pts; do
	mkdir -p "$ROOTFS/$m"
	mount --bind "/$m" "$ROOTFS/$m"
	mounted+=("$ROOTFS/$m")
done

say "make $TARGET in a fresh clone inside a minimal $SUITE (chroot $ROOTFS)"
t0=$(date +%s)
set +e
chroot "$ROOTFS" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	bash -c "cd /root/portcullis && make $TARGET" </dev/null
status=$?
set -e
elapsed=$(($(date +%s) - t0))
if [ $status = 0 ]; then
	say "PASS: make $TARGET passed on a fresh minimal Debian 12 in $elapsed s"
else
	say "FAIL: make $TARGET exited $status on a fresh minimal Debian 12 after $elapsed s"
fi
exit $status
