#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End-to-end test of m4fwloader on Debian's own kernels under QEMU 10, in
# three guests booted one after the other: the i.MX7D (mcimx7d-sabre) with
# the armhf kernel, once for the /dev/mem backend (init.sh) and once with
# the kernel's imx_rproc.ko for the remoteproc backend (init-rproc.sh), and
# the i.MX8MP (imx8mp-evk) with the arm64 kernel (init-imx8mp.sh). Fetches
# the kernels, busybox and QEMU, builds imx_rproc.ko, the device trees and
# one initramfs per guest, boots them and turns their reports into one TAP
# stream. `make e2e` runs this after installing and building what it needs
# (tests/e2e/README.md).
#
#   tests/e2e/run.sh --tool TOOL --tool64 TOOL --firmware DIR [--out DIR]
#                    [--cache DIR] [--timeout SECONDS] [--t0 EPOCH]
#                    [--steps FILE] [-v]
#
#   --tool       static armhf m4fwloader (build/armhf/m4fwloader)
#   --tool64     static arm64 m4fwloader (build/arm64/m4fwloader)
#   --firmware   the test images (build/firmware: imx7d_*.elf,
#                imx7d_ocram.bin, imx8mp_itcm.elf, imx8mp_ddr.elf)
#   --out        work directory (default build/e2e): GUEST.cpio.gz,
#                GUEST.log (each serial console), imx8mp-arm64.unimp,
#                report.tap, times.txt
#   --cache      downloads and unpacked packages; default
#                ${M4FW_CACHE:-$HOME/.cache/m4fwloader}
#   --timeout    limit on each guest's run (default 300 s; they take 8-30 s)
#   --t0         when `make e2e` started (date +%s.%N), for the total time
#   --steps      times of the earlier steps (tests/e2e/step.sh) to report
#   -v           copy the serial console to stdout as it comes
#
# Environment: E2E_QEMU (a qemu-system-arm to use instead of the fetched
# one, which must be QEMU 10 or later; E2E_QEMU64 its qemu-system-aarch64,
# default: next to it), E2E_DEBIAN_RELEASE (default: the
# host's, from /etc/os-release), DEBIAN_FETCH_MAX_AGE (hours before the
# package lists are refreshed, default 24; see scripts/debian-fetch.sh).
#
# Exit status 0 only if every scenario passed (a "# TODO" line is a known
# gap, shown but not counted) and every guest powered off by itself; 1 otherwise (a failed scenario, a missing report, a timeout, an
# archive that cannot be reached, ...).
set -u
set -o pipefail

prog=tests/e2e/run.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)

tool=""
tool64=""
fwdir=""
out=build/e2e
cache=${M4FW_CACHE:-${HOME:?}/.cache/m4fwloader}
timeout_s=300
t0=""
steps=""
verbose=0

usage() {
	sed -n '14,16p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--tool) tool=${2?}; shift 2 ;;
	--tool64) tool64=${2?}; shift 2 ;;
	--firmware) fwdir=${2?}; shift 2 ;;
	--out) out=${2?}; shift 2 ;;
	--cache) cache=${2?}; shift 2 ;;
	--timeout) timeout_s=${2?}; shift 2 ;;
	--t0) t0=${2?}; shift 2 ;;
	--steps) steps=${2?}; shift 2 ;;
	-v) verbose=1; shift ;;
	*) usage ;;
	esac
done
if [ -z "$tool" ] || [ -z "$tool64" ] || [ -z "$fwdir" ]; then usage; fi
case $timeout_s in '' | *[!0-9]*) usage ;; esac

now() { date +%s.%N; }
# secs T0 [T1]: elapsed seconds, one decimal.
secs() {
	awk -v a="$1" -v b="${2:-$(now)}" 'BEGIN { printf "%.1f", b - a }'
}

# The loud way out: a banner, a TAP bail-out, a failed count.
die() {
	{
		echo
		echo "######################################################################"
		echo "# E2E FAILED: $1"
		shift
		local l
		for l in "$@"; do echo "#   $l"; done
		echo "######################################################################"
	} >&2
	echo "Bail out! $prog could not run the guest"
	echo "0 passed, 1 failed"
	exit 1
}

mkdir -p "$out" "$cache/e2e" || die "cannot create $out and $cache/e2e"
out=$(cd "$out" && pwd)
release=${E2E_DEBIAN_RELEASE:-$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")}
release=${release:-bookworm}
fetch="$top/scripts/debian-fetch.sh"
cold=0     # something was unpacked (so downloaded, or first use of the cache)
resolved=0 # debian-fetch.sh was asked (package lists older than a day)

# ---------------------------------------------------------------------------
# 1. Packages: Debian's armhf kernel and busybox, QEMU 10 from backports.
# debian-fetch.sh keeps the .deb files and package lists in the cache and
# needs the network only when the lists are older than a day or a package is
# missing; unpacked trees are kept under $cache/e2e/, one per .deb.

t_fetch=$(now)
echo "e2e: fetching the armhf kernel, busybox and QEMU ($release; cache $cache)"

# fetch_debs ARGS...: DEBS := the .deb paths debian-fetch.sh gives for
# ARGS (downloading what is missing). Its answer is kept as long as it keeps
# its package lists (DEBIAN_FETCH_MAX_AGE hours): resolving the names again
# costs several seconds of apt even with everything cached.
fetch_debs() {
	local key memo f ok=1
	key=$(printf '%s\n' "$@" | sha256sum | cut -c1-16)
	memo=$cache/e2e/resolved/$key
	if [ -f "$memo" ] &&
	   [ -n "$(find "$memo" -mmin "-$((${DEBIAN_FETCH_MAX_AGE:-24} * 60))")" ]; then
		DEBS=$(cat "$memo")
		for f in $DEBS; do [ -f "$f" ] || ok=0; done
		[ "$ok" -eq 0 ] || [ -z "$DEBS" ] || return 0
	fi
	resolved=1
	if ! DEBS=$("$fetch" -q --cache "$cache" "$@"); then
		die "cannot get ${*: -1} from the Debian archive" \
			"(see debian-fetch.sh's message above: is the archive reachable?" \
			"a proxy needed?) The test cannot run without it."
	fi
	mkdir -p "$cache/e2e/resolved" && echo "$DEBS" >"$memo"
}

# unpack DEB DIR [MEMBER...]: DEB's files (or only MEMBERs) into DIR, once.
unpack() {
	local deb=$1 dir=$2
	shift 2
	local stamp
	stamp="$(basename "$deb") $*"
	[ -f "$dir/.unpacked" ] && [ "$(cat "$dir/.unpacked")" = "$stamp" ] &&
		return 0
	cold=1
	rm -rf "$dir"
	mkdir -p "$dir" || die "cannot create $dir"
	if ! dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards "$@"; then
		rm -rf "$dir"
		die "cannot unpack $deb"
	fi
	echo "$stamp" >"$dir/.unpacked"
}

# The kernel: linux-image-armmp names the current linux-image-VER-armmp.
fetch_debs --suites "$release $release-updates" \
	--deps 'linux-image-[0-9]*-armmp' armhf - linux-image-armmp
kdeb=$(grep -E '/linux-image-[0-9][^/_]*-armmp_[^/]*\.deb$' <<<"$DEBS" | head -n 1)
[ -n "$kdeb" ] || die "linux-image-armmp ($release, armhf) names no linux-image-VER-armmp" \
	"debian-fetch.sh gave: ${DEBS//$'\n'/ }"
kpkg=$(basename "$kdeb")
kpkg=${kpkg%%_*}
kver=${kpkg#linux-image-}
kdir=$cache/e2e/kernel/$kver
unpack "$kdeb" "$kdir" "./boot/vmlinuz-$kver" "./usr/lib/linux-image-$kver/imx7d-sdb.dtb"
vmlinuz=$kdir/boot/vmlinuz-$kver
dtb=$kdir/usr/lib/linux-image-$kver/imx7d-sdb.dtb
[ -s "$vmlinuz" ] && [ -s "$dtb" ] ||
	die "$kdeb has no boot/vmlinuz-$kver or usr/lib/linux-image-$kver/imx7d-sdb.dtb"

fetch_debs --suites "$release $release-updates" armhf - busybox-static
bbdeb=$(grep '/busybox-static_' <<<"$DEBS" | head -n 1)
[ -n "$bbdeb" ] || die "no busybox-static ($release, armhf)"
bbdir=$cache/e2e/busybox
unpack "$bbdeb" "$bbdir" ./bin/busybox
busybox=$bbdir/bin/busybox

# The arm64 guest: linux-image-arm64 names the current linux-image-VER-arm64,
# of which the kernel and the i.MX8MP EVK's dtb are unpacked; busybox too.
fetch_debs --suites "$release $release-updates" \
	--deps 'linux-image-[0-9]*-arm64' arm64 - linux-image-arm64 busybox-static
kdeb64=$(grep -E '/linux-image-[0-9][^/_]*-arm64_[^/]*\.deb$' <<<"$DEBS" | head -n 1)
bbdeb64=$(grep '/busybox-static_' <<<"$DEBS" | head -n 1)
[ -n "$kdeb64" ] && [ -n "$bbdeb64" ] ||
	die "linux-image-arm64 or busybox-static ($release, arm64) not found" \
		"debian-fetch.sh gave: ${DEBS//$'\n'/ }"
kpkg64=$(basename "$kdeb64")
kpkg64=${kpkg64%%_*}
kver64=${kpkg64#linux-image-}
kdir64=$cache/e2e/kernel/$kver64
unpack "$kdeb64" "$kdir64" "./boot/vmlinuz-$kver64" \
	"./usr/lib/linux-image-$kver64/freescale/imx8mp-evk.dtb"
vmlinuz64=$kdir64/boot/vmlinuz-$kver64
dtb64=$kdir64/usr/lib/linux-image-$kver64/freescale/imx8mp-evk.dtb
[ -s "$vmlinuz64" ] && [ -s "$dtb64" ] ||
	die "$kdeb64 has no boot/vmlinuz-$kver64 or freescale/imx8mp-evk.dtb"
unpack "$bbdeb64" "$cache/e2e/busybox-arm64" ./bin/busybox
busybox64=$cache/e2e/busybox-arm64/bin/busybox

if [ -n "${E2E_QEMU:-}" ]; then
	qemu=$E2E_QEMU
	qemu64=${E2E_QEMU64:-$(dirname "$E2E_QEMU")/qemu-system-aarch64}
else
	fetch_debs --suites "$release $release-backports" \
		--target-release "$release-backports" amd64 - \
		qemu-system-arm qemu-system-common
	qdeb=$(grep '/qemu-system-arm_' <<<"$DEBS" | head -n 1)
	cdeb=$(grep '/qemu-system-common_' <<<"$DEBS" | head -n 1)
	[ -n "$qdeb" ] && [ -n "$cdeb" ] || die "no qemu-system-arm/-common from $release-backports"
	qdir=$cache/e2e/qemu
	unpack "$qdeb" "$qdir/arm" ./usr/bin/qemu-system-arm ./usr/bin/qemu-system-aarch64
	unpack "$cdeb" "$qdir/common"
	qemu=$qdir/arm/usr/bin/qemu-system-arm
	qemu64=$qdir/arm/usr/bin/qemu-system-aarch64
	# Its own modules, not the host's 7.2 ones (each refused with "Only
	# modules from the same build can be loaded"). None is needed; one
	# such line remains, for ui-opengl.so, which this package lacks.
	export QEMU_MODULE_DIR=$qdir/common/usr/lib/x86_64-linux-gnu/qemu
fi
t_fetch_end=$(now)

# The kernel's own imx_rproc, which Debian does not build, built for this
# kernel (cached per kernel version), and the device tree that binds it.
t_rproc=$(now)
ko=$("$here/imx-rproc.sh" --cache "$cache" --kver "$kver" \
	--suites "$release $release-updates") ||
	die "cannot build imx_rproc.ko for $kver (tests/e2e/imx-rproc.sh's message above)"
# The RPMsg modules for the vdev scenario, from the same kernel package:
# virtio_rpmsg_bus and, depth first, what its .modinfo says it depends on
# (the package has no modules.dep: depmod writes it on installation). All
# of them live in drivers/rpmsg; virtio and remoteproc are built in.
rpmsg_mods=""
kmdir=$cache/e2e/kmod/$kver
unpack "$kdeb" "$kmdir" "./lib/modules/$kver/kernel/drivers/rpmsg/*" \
	"./lib/modules/$kver/modules.builtin"
# mod_add NAME: NAME's dependencies, then NAME, onto rpmsg_mods (once).
mod_add() {
	local m=$1 f d
	case " $rpmsg_mods " in *" $m "*) return 0 ;; esac
	f=$kmdir/lib/modules/$kver/kernel/drivers/rpmsg/$m.ko
	if [ ! -f "$f" ]; then
		grep -q "/$m\.ko\$" "$kmdir/lib/modules/$kver/modules.builtin" && return 0
		die "$kpkg: no module $m in drivers/rpmsg and not built in (needed by virtio_rpmsg_bus)"
	fi
	d=$(tr '\0' '\n' <"$f" | sed -n 's/^depends=//p' | head -n 1)
	for d in ${d//,/ }; do mod_add "${d//-/_}"; done
	rpmsg_mods="$rpmsg_mods $m"
}
mod_add virtio_rpmsg_bus
rpmsg_mods=${rpmsg_mods# }
rproc_dtb=$out/imx7d-sdb-rproc.dtb
{ dtc -q -I dtb -O dts "$dtb" && cat "$here/imx7d-rproc.dtsi"; } >"$out/imx7d-sdb-rproc.dts" &&
	dtc -q -I dts -O dtb -o "$rproc_dtb" "$out/imx7d-sdb-rproc.dts" ||
	die "cannot add tests/e2e/imx7d-rproc.dtsi to $dtb (dtc: scripts/install-deps.sh --e2e)"
t_rproc_end=$(now)

# QEMU's imx8mp-evk has no CPU idle states: the kernel would hang in them
# (QEMU's documentation of the machine says to remove them).
dtb64q=$out/imx8mp-evk-qemu.dtb
dtc -q -I dtb -O dts "$dtb64" | grep -v 'cpu-idle-states' >"$out/imx8mp-evk-qemu.dts" &&
	dtc -q -I dts -O dtb -o "$dtb64q" "$out/imx8mp-evk-qemu.dts" ||
	die "cannot remove cpu-idle-states from $dtb64"

# The fetched QEMU runs with the host's libraries (bookworm's
# qemu-system-arm brings them: scripts/install-deps.sh --e2e).
missing_libs=$(ldd "$qemu" "$qemu64" 2>&1 | grep 'not found')
[ -z "$missing_libs" ] || die "$qemu lacks shared libraries:" "$missing_libs" \
	"install $release's qemu-system-arm (scripts/install-deps.sh --e2e)"
qver=$("$qemu" --version 2>&1 | head -n 1)
qmajor=$(sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p' <<<"$qver")
[ -n "$qmajor" ] && [ "$qmajor" -ge 10 ] ||
	die "$qemu is '$qver'; the test needs QEMU 10 or later" \
		"(QEMU 7.2 models neither OCRAM nor SRC on mcimx7d-sabre: tests/e2e/README.md)"

# ---------------------------------------------------------------------------
# 2. The initramfs of each guest: busybox, the tool, /e2e/lib.sh, the
# guest's /init, its images and /e2e/expected.sh (what the loads must leave
# in memory, read out of the images on the host by tests/e2e/fwvalues.py).

t_initrd=$(now)
[ -f "$tool" ] || die "no tool at $tool"
if ! readelf -h "$tool" 2>/dev/null | grep -q 'Machine: *ARM$'; then
	die "$tool is not a 32-bit ARM program"
fi
if readelf -l "$tool" 2>/dev/null | grep -q 'INTERP'; then
	die "$tool is linked dynamically; the initramfs has no C library (build it static: make cross-armhf)"
fi
[ -f "$tool64" ] || die "no tool at $tool64"
if ! readelf -h "$tool64" 2>/dev/null | grep -q 'Machine: *AArch64$' ||
   readelf -l "$tool64" 2>/dev/null | grep -q 'INTERP'; then
	die "$tool64 is not a static AArch64 program (make cross-arm64)"
fi
for f in imx7d_ocram.elf imx7d_ocram.bin imx7d_ddr.elf imx7d_toradex.elf \
	imx7d_nofilesz.elf imx7d_rsc.elf imx7d_rpmsg.elf imx7d_xip.elf imx8mp_itcm.elf imx8mp_ddr.elf; do
	[ -f "$fwdir/$f" ] || die "no $fwdir/$f (make firmware)"
done

# make_initrd NAME INIT BUSYBOX TOOL FWFILES VALUES...: $out/NAME.cpio.gz;
# VALUES are fwvalues.py's arguments (none: an empty /e2e/expected.sh).
make_initrd() {
	local name=$1 init=$2 bb=$3 tl=$4 fws=$5 root=$out/root-$1 f
	shift 5
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/fw" "$root/e2e" "$root/dev" "$root/proc" \
		"$root/sys" "$root/run" "$root/tmp" "$root/lib/modules" \
		"$root/lib/firmware"
	cp "$bb" "$root/bin/busybox"
	cp "$tl" "$root/bin/m4fwloader"
	for f in $fws; do cp "$fwdir/$f" "$root/fw/"; done
	cp "$here/guest-lib.sh" "$root/e2e/lib.sh"
	cp "$here/$init" "$root/init"
	chmod 0755 "$root/init" "$root/bin/busybox" "$root/bin/m4fwloader"
	if [ "$name" = imx7d-rproc ]; then
		cp "$ko" "$root/lib/modules/imx_rproc.ko"
		mkdir -p "$root/lib/modules/rpmsg"
		for f in $rpmsg_mods; do
			cp "$kmdir/lib/modules/$kver/kernel/drivers/rpmsg/$f.ko" \
				"$root/lib/modules/rpmsg/"
		done
		echo "$rpmsg_mods" >"$root/lib/modules/rpmsg/order"
	fi
	{
		echo "# Written by $prog from $fwdir: what the loads must leave in memory."
		[ $# -eq 0 ] || python3 "$here/fwvalues.py" "$@"
	} >"$root/e2e/expected.sh" || die "cannot read the expected words from the test images"
	(cd "$root" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --quiet -R 0:0) | gzip -6n >"$out/$name.cpio.gz.new" &&
		mv "$out/$name.cpio.gz.new" "$out/$name.cpio.gz" ||
		die "cannot build $out/$name.cpio.gz"
}

make_initrd imx7d-devmem init.sh "$busybox" "$tool" "imx7d_ocram.elf imx7d_ocram.bin imx7d_ddr.elf" \
	ELF elf "$fwdir/imx7d_ocram.elf" BIN bin "$fwdir/imx7d_ocram.bin" 0x900000
make_initrd imx7d-rproc init-rproc.sh "$busybox" "$tool" \
	"imx7d_toradex.elf imx7d_ddr.elf imx7d_ocram.elf imx7d_nofilesz.elf imx7d_rsc.elf imx7d_xip.elf imx7d_ocram.bin imx7d_rpmsg.elf" \
	TOR elf "$fwdir/imx7d_toradex.elf" OCR elf "$fwdir/imx7d_ocram.elf"
make_initrd imx8mp-arm64 init-imx8mp.sh "$busybox64" "$tool64" "imx8mp_itcm.elf imx8mp_ddr.elf"
t_initrd_end=$(now)

# ---------------------------------------------------------------------------
# 3. Boot each guest, one after the other (the machine has few cores).
# The kernel arguments: console on the first UART; /init from the
# initramfs; no i.MX6 PCIe driver, whose abort hook would turn a stray
# access into an oops instead of a SIGBUS (tests/e2e/README.md).

append="console=ttymxc0,115200 rdinit=/init initcall_blacklist=imx6_pcie_init"
guests=()
declare -A g_init g_rc g_time

# boot NAME INIT DTB: run the guest; its console in $out/NAME.log. The
# arm64 guest: QEMU's imx8mp-evk (one A53: the TCG is the bottleneck), its
# console on the second UART, and QEMU's log of every access to what it
# does not model (IOMUXC_GPR, SRC, the TCMs) in $out/NAME.unimp.
boot() {
	local name=$1 log=$out/$1.log t cmd
	guests+=("$name")
	g_init[$name]=$2
	if [ "$name" = imx8mp-arm64 ]; then
		echo "e2e: booting $name: $kpkg64 on $qver (imx8mp-evk), timeout ${timeout_s} s"
		cmd=(timeout -k 10 "$timeout_s" "$qemu64" -M imx8mp-evk -smp 1 -m 2G
			-kernel "$vmlinuz64" -dtb "$3" -initrd "$out/$name.cpio.gz"
			-append "console=ttymxc1,115200 rdinit=/init"
			-display none -serial null -serial stdio -monitor none
			-no-reboot -d unimp -D "$out/$name.unimp")
	else
		echo "e2e: booting $name: $kpkg on $qver (mcimx7d-sabre), timeout ${timeout_s} s"
		cmd=(timeout -k 10 "$timeout_s" "$qemu" -M mcimx7d-sabre -m 512M
			-kernel "$vmlinuz" -dtb "$3" -initrd "$out/$name.cpio.gz"
			-append "$append" -display none -serial stdio -monitor none
			-no-reboot)
	fi
	t=$(now)
	if [ "$verbose" -eq 1 ]; then
		"${cmd[@]}" </dev/null 2>&1 | tee "$log"
	else
		"${cmd[@]}" </dev/null >"$log" 2>&1
	fi
	g_rc[$name]=$?
	g_time[$name]=$(secs "$t")
}

boot imx7d-devmem init.sh "$dtb"
boot imx7d-rproc init-rproc.sh "$rproc_dtb"
boot imx8mp-arm64 init-imx8mp.sh "$dtb64q"

# ---------------------------------------------------------------------------
# 4. The report: each guest's "E2E ..." lines into TAP, numbered on across
# the guests, plus one test of the host's own per guest: it finished and
# powered off by itself.

tap=$out/report.tap
passed=0
failed=0
todo=0
total=0
for g in "${guests[@]}"; do
	n=$(sed -n 's/^echo "E2E plan 1\.\.\([0-9][0-9]*\)"$/\1/p' "$here/${g_init[$g]}")
	total=$((total + n + 1))
	[ "$g" != imx8mp-arm64 ] || total=$((total + 1))
done
{
	echo "TAP version 13"
	echo "1..$total"
} >"$tap"
echo "1..$total"
headers=""
base=0

# result LINE DIAGS: print and count one TAP line (its number already set).
# A "not ok ... # TODO ..." is a known gap: shown with its diagnostics, not
# counted as a failure (TAP's meaning).
result() {
	case $1 in
	"not ok "*" # TODO "*)
		todo=$((todo + 1))
		echo "$1"
		printf '%s' "$2" | sed 's/^/  /'
		;;
	"ok "*)
		passed=$((passed + 1))
		echo "$1"
		;;
	*)
		failed=$((failed + 1))
		echo "$1"
		printf '%s' "$2" | sed 's/^/  /'
		;;
	esac
	{ echo "$1"; printf '%s' "$2"; } >>"$tap"
}

# unimp_check LOG UNIMP N: the writes QEMU dropped on the i.MX8MP's
# unmodelled blocks are, in order, the --dry-run plans' writes up to their
# first "expect" (the hold that is never reached): the load's, then the
# stop's; nothing copied, nothing released, nothing else written. The
# block bases are this test's own (i.MX8MP reference manual's memory map,
# QEMU's device names).
unimp_check() {
	local log=$1 unimp=$2 num=$3 want got name="[imx8mp-arm64] (host) QEMU's -d unimp log: the dropped control writes follow the --dry-run plans"
	want=$(tr -d '\r' <"$log" | awk '
		/E2E # plan-(load|stop): / {
			sub(/^.*E2E # plan-/, "")
			kind = $1
			if (done[kind]) next
			if ($2 == "expect") { done[kind] = 1; next }
			if ($2 == "write32") printf "%s %s\n", tolower($3), tolower($4)
		}')
	got=$(awk '
		function hex(s,  i, v) {
			v = 0
			s = tolower(substr(s, 3))
			for (i = 1; i <= length(s); i++)
				v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return v
		}
		BEGIN {
			# (hex() and not 0x literals: mawk reads those as 0)
			base["iomuxc_gpr"] = hex("0x30340000"); base["src"] = hex("0x30390000")
			base["tcm_itcm"] = hex("0x007e0000"); base["tcm_dtcm"] = hex("0x00800000")
		}
		/unimplemented device write/ {
			dev = $1; sub(/:$/, "", dev)
			if (!(dev in base)) next
			match($0, /offset 0x[0-9a-fA-F]+/); off = substr($0, RSTART + 7, RLENGTH - 7)
			match($0, /value 0x[0-9a-fA-F]+/); val = substr($0, RSTART + 6, RLENGTH - 6)
			printf "0x%08x 0x%08x\n", base[dev] + hex(off), hex(val)
		}' "$unimp" 2>/dev/null)
	if [ -n "$want" ] && [ "$want" = "$got" ]; then
		result "ok $num - $name" "# $(echo "$got" | tr '\n' ' ')"$'\n'
	else
		result "not ok $num - $name" \
			"$(echo "# plans' writes up to the first expect:"; echo "$want" | sed 's/^/#   /'
			   echo "# writes in $unimp:"; echo "$got" | sed 's/^/#   /')"$'\n'
	fi
}

for g in "${guests[@]}"; do
	log=$out/$g.log
	expected_n=$(sed -n 's/^echo "E2E plan 1\.\.\([0-9][0-9]*\)"$/\1/p' "$here/${g_init[$g]}")
	report=$(tr -d '\r' <"$log" | sed -n 's/^.*\(E2E \(ok\|not ok\|plan\|done\|#\|start\)\)/\1/p')
	plan=$(sed -n 's/^E2E plan 1\.\.\([0-9][0-9]*\)$/\1/p' <<<"$report" | head -n 1)
	unset res dia
	declare -A res dia
	header=""
	cur=""
	while IFS= read -r line; do
		case $line in
		"E2E #"*)
			cur+="${line#E2E }"$'\n'
			;;
		"E2E plan "*)
			header=$cur
			cur=""
			;;
		"E2E ok "* | "E2E not ok "*)
			l=${line#E2E }
			num=${l#ok }
			num=${num#not ok }
			num=${num%% *}
			res[$num]=$l
			dia[$num]=$cur
			cur=""
			;;
		esac
	done <<<"$report"
	echo "# guest $g"
	printf '# guest %s\n%s' "$g" "$header" >>"$tap"
	headers+="guest $g:"$'\n'"$header"
	for i in $(seq 1 "$expected_n"); do
		l=${res[$i]:-"not ok $i - no result from the guest"}
		# Renumber: the guest counts from 1.
		case $l in
		"ok "*) l="ok $((base + i)) - [$g] ${l#ok "$i" - }" ;;
		*) l="not ok $((base + i)) - [$g] ${l#not ok "$i" - }" ;;
		esac
		result "$l" "${dia[$i]:-}"
	done
	base=$((base + expected_n + 1))

	why=""
	qrc=${g_rc[$g]}
	if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
		why="the guest timed out after ${timeout_s} s"
	elif [ "$qrc" -ne 0 ]; then
		why="qemu exited with status $qrc"
	elif ! grep -q '^E2E done ' <<<"$report"; then
		why="the guest stopped before the end of its report"
	elif [ -z "$plan" ]; then
		why="the guest printed no plan"
	elif [ "$plan" != "$expected_n" ]; then
		why="the guest planned $plan scenarios, ${g_init[$g]} has $expected_n"
	fi
	if [ -z "$why" ]; then
		result "ok $base - [$g] guest ran every scenario and powered off (QEMU exit 0)" ""
	else
		result "not ok $base - [$g] guest finished and powered off: $why" \
			"$(echo "# last lines of the serial console ($log):"
			   tr -d '\r' <"$log" | tail -n 40 | sed 's/^/#   /')"$'\n'
	fi
	if [ "$g" = imx8mp-arm64 ]; then
		base=$((base + 1))
		unimp_check "$log" "$out/$g.unimp" "$base"
	fi
done

# ---------------------------------------------------------------------------
# 5. Times.

if [ "$cold" -eq 1 ]; then
	cache_state="cold cache: downloaded and unpacked"
elif [ "$resolved" -eq 1 ]; then
	cache_state="warm cache, package names resolved again"
else
	cache_state="warm cache"
fi
{
	echo "kernel:  $kpkg ($(basename "$kdeb"))"
	echo "qemu:    $qver"
	echo "busybox: $(basename "$bbdeb")"
	if [ -n "$steps" ] && [ -f "$steps" ]; then
		while IFS=$'\t' read -r s label; do
			printf '%8s s  %s\n' "$s" "$label"
		done <"$steps"
	fi
	printf '%8s s  %s\n' "$(secs "$t_fetch" "$t_fetch_end")" "fetch kernel, busybox, QEMU ($cache_state)"
	printf '%8s s  %s\n' "$(secs "$t_rproc" "$t_rproc_end")" "imx_rproc.ko for $kver and the remoteproc dtb"
	printf '%8s s  %s\n' "$(secs "$t_initrd" "$t_initrd_end")" "initramfs of ${#guests[@]} guests"
	for g in "${guests[@]}"; do
		printf '%8s s  %s\n' "${g_time[$g]}" "guest $g: boot + scenarios + power-off"
	done
	[ -z "$t0" ] || printf '%8s s  %s\n' "$(secs "$t0")" "make e2e, total"
} >"$out/times.txt"
echo "e2e: times"
sed 's/^/  /' "$out/times.txt"
echo "e2e: serial consoles in $out/*.log, TAP report in $tap"

# The remoteproc guest's table: inspect's prediction against the kernel.
if grep -q 'E2E # predict' "$out/imx7d-rproc.log" 2>/dev/null; then
	echo "e2e: inspect's remoteproc prediction against the kernel (imx7d-rproc):"
	tr -d '\r' <"$out/imx7d-rproc.log" | sed -n 's/^.*E2E # predict: /  /p'
	tr -d '\r' <"$out/imx7d-rproc.log" | sed -n 's/^.*E2E # \(predictions: .*\)$/\1/p'
fi

if [ "$failed" -ne 0 ]; then
	echo
	echo "The guests' environment:"
	printf '%s' "$headers" | sed 's/^/  /'
	echo
	echo "######################################################################"
	echo "# E2E FAILED: $failed of $((passed + failed)) checks failed (see above)"
	echo "######################################################################"
fi
[ "$todo" -eq 0 ] || echo "$todo known gap(s) marked TODO (see above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
