#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cross-sysroot.sh: the target libraries a cross build of m4fwloader links
# with, from Debian's own packages for that architecture, unpacked into
# ${M4FW_CACHE:-$HOME/.cache/m4fwloader}/sysroot-ARCH. Prints that path.
#
#   scripts/cross-sysroot.sh [--update] ARCH      ARCH: armhf or arm64
#
# Contents: libelf (libelf-dev, libelf1) with what its static archive needs
# (the Requires.private of libelf.pc: zlib in bookworm's elfutils 0.188,
# libzstd in later ones), and cmocka (libcmocka-dev, libcmocka0) for the
# unit tests. The C library is the cross toolchain's (libc6-dev-ARCH-cross).
# Also written: SYSROOT/bin/pkg-config, a pkg-config that answers for the
# sysroot with --static, for the Makefile's PKG_CONFIG.
#
# Debian ships no libcmocka.a: a static link of the tool works, the unit
# tests link libcmocka.so and run with the toolchain's dynamic loader
# (qemu-arm-static -L /usr/arm-linux-gnueabihf).
#
# Cached: a second run does nothing and needs no network (see
# scripts/debian-fetch.sh); --update refreshes the package lists and picks
# up newer versions.
set -euo pipefail

prog=cross-sysroot.sh
here=$(cd "$(dirname "$0")" && pwd)
update=()

die() {
	echo "$prog: error: $*" >&2
	exit 1
}

if [ "${1:-}" = --update ]; then
	update=(--update)
	shift
fi
[ $# -eq 1 ] || { echo "usage: $0 [--update] armhf|arm64" >&2; exit 2; }
arch=$1
case $arch in
armhf) triplet=arm-linux-gnueabihf ;;
arm64) triplet=aarch64-linux-gnu ;;
*) echo "$prog: unsupported architecture '$arch' (armhf, arm64)" >&2; exit 2 ;;
esac

cache=${M4FW_CACHE:-${HOME:?}/.cache/m4fwloader}
sysroot=$cache/sysroot-$arch
libdir=$sysroot/usr/lib/$triplet

# The -dev packages depend on the -dev packages of their private
# requirements; take those and their runtime libraries, nothing else (not
# libc6: the toolchain has its own).
allow="libelf1 zlib1g zlib1g-dev libzstd1 libzstd-dev liblzma5 liblzma-dev
libbz2-1.0 libbz2-dev libcmocka0"
"$here/debian-fetch.sh" -q "${update[@]}" --cache "$cache" --deps "$allow" \
	"$arch" "$sysroot" libelf-dev libcmocka-dev >&2 ||
	die "could not fetch the $arch libraries (see above)"

# Debian's -dev symlinks may be absolute (libz.so -> /lib/TRIPLET/...):
# point them into the sysroot.
find "$sysroot" -type l -lname '/*' -print0 |
	while IFS= read -r -d '' link; do
		target=$(readlink "$link")
		ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" \
			"$sysroot$target")" "$link"
	done

mkdir -p "$sysroot/bin"
cat >"$sysroot/bin/pkg-config.new" <<EOF
#!/bin/sh
# Written by scripts/cross-sysroot.sh: pkg-config for the $arch sysroot.
PKG_CONFIG_SYSROOT_DIR='$sysroot'
PKG_CONFIG_LIBDIR='$libdir/pkgconfig:$sysroot/usr/share/pkgconfig'
export PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR
unset PKG_CONFIG_PATH
exec pkg-config --static "\$@"
EOF
chmod +x "$sysroot/bin/pkg-config.new"
mv "$sysroot/bin/pkg-config.new" "$sysroot/bin/pkg-config"

# Every library the static link names must be there as an archive.
libs=$("$sysroot/bin/pkg-config" --libs libelf) ||
	die "pkg-config finds no libelf in $sysroot"
for l in $libs; do
	case $l in
	-l*)
		a=$libdir/lib${l#-l}.a
		[ -f "$a" ] || [ -f "$sysroot/lib/$triplet/lib${l#-l}.a" ] ||
			die "static linking needs $a (from '$l' in libelf's pkg-config Libs/Requires.private); add its Debian -dev package to the allow-list in $0"
		;;
	esac
done
"$sysroot/bin/pkg-config" --exists cmocka ||
	die "pkg-config finds no cmocka in $sysroot"

echo "$sysroot"
