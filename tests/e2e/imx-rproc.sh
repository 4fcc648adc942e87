#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the kernel's own i.MX remoteproc driver (imx_rproc.ko) for one of
# Debian's armhf kernels, out of tree, from Debian's own packages: Debian
# builds its armmp kernels with CONFIG_REMOTEPROC=y but without
# CONFIG_IMX_REMOTEPROC. Nothing is installed on the host (the packages are
# unpacked in the cache). The module is kept per kernel version; a second
# run prints its path at once.
#
#   tests/e2e/imx-rproc.sh --cache DIR --kver VER [--suites "S..."]
#
#   --kver     the kernel's release, e.g. 6.1.0-50-armmp
#   --suites   where its packages are (default "bookworm bookworm-updates")
#
# Prints the path of imx_rproc.ko on standard output. Needs
# gcc-arm-linux-gnueabihf, qemu-user-static and libc6-dev-armhf-cross
# (scripts/install-deps.sh --cross).
set -u
set -o pipefail

prog=tests/e2e/imx-rproc.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
fetch=$top/scripts/debian-fetch.sh
cache=""
kver=""
suites=""

die() {
	echo "$prog: error: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case $1 in
	--cache) cache=${2?}; shift 2 ;;
	--kver) kver=${2?}; shift 2 ;;
	--suites) suites=${2?}; shift 2 ;;
	*) echo "usage: $prog --cache DIR --kver VER [--suites \"S...\"]" >&2; exit 2 ;;
	esac
done
[ -n "$cache" ] && [ -n "$kver" ] || { echo "usage: $prog --cache DIR --kver VER" >&2; exit 2; }
case $kver in
[0-9]*.[0-9]*-armmp) ;;
*) die "'$kver' is not the release of a Debian armmp kernel" ;;
esac
suites=${suites:-"bookworm bookworm-updates"}

out=$cache/e2e/imx_rproc/$kver
ko=$out/imx_rproc.ko
if [ -s "$ko" ]; then
	echo "$ko"
	exit 0
fi

# linux-headers-6.1.0-50-armmp: its -common twin, linux-kbuild-6.1 and
# linux-source-6.1 carry the branch (6.1) in their names.
abi=${kver%-armmp}
branch=${kver%.*-*}
case $branch in [0-9]*.[0-9]*) ;; *) die "cannot tell the branch of $kver" ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/m4fw-imx-rproc.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$work"' EXIT

echo "$prog: building imx_rproc.ko for $kver (Debian's linux-source-$branch)" >&2
armhf_debs=$("$fetch" -q --cache "$cache" --suites "$suites" armhf - \
	"linux-headers-$kver" "linux-headers-$abi-common" \
	"linux-kbuild-$branch" "linux-source-$branch") ||
	die "cannot fetch the headers and sources of $kver"
amd64_debs=$("$fetch" -q --cache "$cache" --suites "$suites" amd64 - \
	"linux-kbuild-$branch") || die "cannot fetch linux-kbuild-$branch (amd64)"

deb_of() {
	grep "/$1_[^/]*\.deb\$" <<<"$2" | head -n 1
}

root=$work/root
mkdir -p "$root" "$work/src" "$work/armhf-kbuild"
for p in "linux-headers-$kver" "linux-headers-$abi-common"; do
	d=$(deb_of "$p" "$armhf_debs")
	[ -n "$d" ] || die "no $p among the fetched packages"
	dpkg-deb -x "$d" "$root" || die "cannot unpack $d"
done
# The host's kbuild tools (fixdep, ...), and the armhf modpost: the amd64
# one checks struct sizes of its own architecture and refuses ARM modules
# ("sizeof(struct of_device_id)=200 is not a modulo of the size of section
# __mod_of__<identifier>_device_table=196").
d=$(deb_of "linux-kbuild-$branch" "$amd64_debs")
[ -n "$d" ] || die "no linux-kbuild-$branch (amd64)"
dpkg-deb -x "$d" "$root" || die "cannot unpack $d"
d=$(deb_of "linux-kbuild-$branch" "$armhf_debs")
[ -n "$d" ] || die "no linux-kbuild-$branch (armhf)"
modpost_rel=usr/lib/linux-kbuild-$branch/scripts/mod/modpost.real-lsb-32
dpkg-deb --fsys-tarfile "$d" | tar -x -C "$work/armhf-kbuild" "./$modpost_rel" ||
	die "no $modpost_rel in $d"
qemu_arm=$(command -v qemu-arm-static) || die "qemu-arm-static not found (scripts/install-deps.sh --cross)"
mv "$work/armhf-kbuild/$modpost_rel" "$root/$modpost_rel.armhf"
cat >"$root/$modpost_rel" <<WRAP
#!/bin/sh
exec "$qemu_arm" -L /usr/arm-linux-gnueabihf "$root/$modpost_rel.armhf" "\$@"
WRAP
chmod 0755 "$root/$modpost_rel"

# The four source files, out of the 140 MB source tarball.
d=$(deb_of "linux-source-$branch" "$armhf_debs")
[ -n "$d" ] || die "no linux-source-$branch"
files=()
for f in imx_rproc.c imx_rproc.h remoteproc_internal.h remoteproc_elf_helpers.h; do
	files+=("linux-source-$branch/drivers/remoteproc/$f")
done
dpkg-deb --fsys-tarfile "$d" | tar -xO "./usr/src/linux-source-$branch.tar.xz" |
	tar -xJ -C "$work/src" "${files[@]}" ||
	die "cannot extract drivers/remoteproc/imx_rproc.c and its headers from $d"
mod=$work/mod
mkdir -p "$mod"
cp "$work/src/linux-source-$branch/drivers/remoteproc/"* "$mod/"
echo 'obj-m := imx_rproc.o' >"$mod/Kbuild"

# The headers' Makefile includes the common ones by an absolute path.
hdr=$root/usr/src/linux-headers-$kver
sed -i "s|/usr/src/linux-headers-$abi-common|$root/usr/src/linux-headers-$abi-common|" "$hdr/Makefile"
if ! make -C "$hdr" M="$mod" ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- \
	modules >"$work/build.log" 2>&1; then
	tail -n 30 "$work/build.log" >&2
	die "the module build failed (above: the end of its log)"
fi
[ -s "$mod/imx_rproc.ko" ] || die "the build made no imx_rproc.ko"
vermagic=$(tr '\0' '\n' <"$mod/imx_rproc.ko" | sed -n 's/^vermagic=//p' | head -n 1)
case $vermagic in
"$kver "*) ;;
*) die "imx_rproc.ko has vermagic '$vermagic', not for $kver" ;;
esac
mkdir -p "$out"
cp "$mod/imx_rproc.ko" "$ko.new" && mv "$ko.new" "$ko" || die "cannot write $ko"
echo "$ko"
