#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The rules that read the running system, on fake /sys and /proc trees
# (--root): SoC detection, remoteproc and /proc/iomem refusals and
# --force, and the lock that serialises two loaders. TAP output.
#
#   tests/safety/run.sh TOOL FIRMWARE_DIR
# TEST_WRAPPER, if set, is put before every run of TOOL.
set -u

here=$(realpath "$(dirname "$0")")
tool=$(realpath "$1")
fw=$(realpath "$2")
read -r -a wrapper <<<"${TEST_WRAPPER:-}"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 1

n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "# $l"; done
	sed 's/^/# stdout: /' out 2>/dev/null
	sed 's/^/# stderr: /' err 2>/dev/null
}

# run ARGS...: the tool, with stdout in ./out, stderr in ./err, status in $rc.
run() {
	"${wrapper[@]}" "$tool" "$@" >out 2>err
	rc=$?
}

# expect NAME CODE [STDERR_REGEX]: judge the last run.
expect() {
	local name=$1 code=$2 re=${3:-}
	if [ "$rc" -ne "$code" ]; then
		fail "$name" "exit $rc, expected $code"
	elif [ -n "$re" ] && ! grep -Eq -- "$re" err; then
		fail "$name" "stderr does not match /$re/"
	else
		pass "$name"
	fi
}

# A fake root: soc_id, device-tree compatible, iomem, remoteproc.
mkroot() {
	local dir=$1 soc_id=$2
	mkdir -p "$dir/sys/devices/soc0" "$dir/proc/device-tree"
	[ -n "$soc_id" ] && echo "$soc_id" >"$dir/sys/devices/soc0/soc_id"
	printf '00000000-00000000 : nothing\n' >"$dir/proc/iomem"
}

add_rproc() {
	local dir=$1/sys/class/remoteproc/remoteproc0
	mkdir -p "$dir"
	echo imx-rproc >"$dir/name"
	echo "$2" >"$dir/state"
	echo rproc-imx-rproc-fw >"$dir/firmware"
}

# A digest of a sparse memory file that reads only its data extents: the
# files reach past 0x30390000 (the SRC registers) and are mostly holes.
# Each extent is digested whole, with its offset and length: zeros written
# into a hole (next to data, or anywhere) change the extent map and so the
# digest, though a hole reads as zeros too.
sum() {
	python3 - "$1" <<'PY'
import hashlib, os, sys
h = hashlib.sha256()
fd = os.open(sys.argv[1], os.O_RDONLY)
end = os.fstat(fd).st_size
h.update(str(end).encode())
off = 0
while off < end:
    try:
        off = os.lseek(fd, off, os.SEEK_DATA)
    except OSError:
        break
    hole = os.lseek(fd, off, os.SEEK_HOLE)
    data = os.pread(fd, hole - off, off)
    h.update(off.to_bytes(8, "little"))
    h.update(len(data).to_bytes(8, "little"))
    h.update(data)
    off = hole
print(h.hexdigest())
PY
}

# --- detection -------------------------------------------------------
for pair in i.MX6SX:imx6sx_tcm i.MX7D:imx7d_ocram i.MX8MM:imx8mm_tcm \
	    i.MX8MP:imx8mp_itcm; do
	id=${pair%%:*}
	img=${pair#*:}
	rm -rf root mem.img
	mkroot root "$id"
	run --root root --mem mem.img "$fw/$img.elf"
	expect "detects $id from soc_id and loads $img" 0
	run --root root --mem mem.img status
	expect "status detects $id" 0
	grep -q "($id\|soc_id '$id'" out || fail "status names how $id was found"
done

rm -rf root
mkroot root ""
printf 'fsl,imx7d-sdb\0fsl,imx7d\0' >root/proc/device-tree/compatible
rm -f mem.img
run --root root --mem mem.img "$fw/imx7d_ocram.elf"
expect "loads after detecting i.MX7D from the compatible" 0
run --root root --mem mem.img status
expect "detects i.MX7D from the device-tree compatible" 0
grep -q "compatible" out || fail "status says it used the compatible"

for id in i.MX7ULP i.MX8ULP i.MX93 i.MX8QM i.MX8QXP i.MX95; do
	rm -rf root
	mkroot root "$id"
	run --root root --mem mem.img status
	expect "refuses $id with the reason" 7 "$id.*(remoteproc|bootaux|boot image)"
done

rm -rf root
mkroot root "i.MX6Q"
run --root root --mem mem.img status
expect "unknown SoC i.MX6Q: exit 7 naming --soc" 7 "i.MX6Q.*--soc"
rm -rf root
mkdir root
run --root root --mem mem.img status
expect "nothing to detect: exit 7 naming --soc" 7 "not detected.*--soc"
run --root root --soc imx7d --mem mem.img status
expect "--soc wins over a failed detection" 0

# --- remoteproc ------------------------------------------------------
for state in running attached detached crashed; do
	rm -rf root mem.img
	mkroot root i.MX7D
	add_rproc root "$state"
	run --root root --mem mem.img "$fw/imx7d_ocram.elf"
	expect "remoteproc '$state' refuses a load (sysfs hint)" 6 \
		"remoteproc0.*$state.*echo stop > /sys/class/remoteproc/remoteproc0/state"
	[ ! -s mem.img ] || fail "remoteproc refusal wrote memory"
	run --root root --mem mem.img stop
	expect "remoteproc '$state' refuses stop" 6 "remoteproc0"
done
rm -rf root mem.img
mkroot root i.MX7D
add_rproc root running
run --root root --mem mem.img --force "$fw/imx7d_ocram.elf"
expect "--force loads despite remoteproc, with a warning" 0 "warning: .*--force"
run --root root --mem mem.img status
grep -q "remoteproc:  remoteproc0 (imx-rproc) running" out &&
	pass "status shows the remoteproc state" ||
	fail "status shows the remoteproc state"
rm -rf root
mkroot root i.MX7D
add_rproc root offline
run --root root --mem mem.img "$fw/imx7d_ocram.elf"
expect "remoteproc offline: load goes ahead, warning that the kernel believes the core offline" 0 \
	"warning: remoteproc0 \(imx-rproc\) is 'offline': .*runs while the kernel believes it offline"
run --root root --mem mem.img stop
expect "remoteproc offline: stop goes ahead without that warning" 0
grep -q "believes it offline" err && fail "stop warned that the core runs behind the kernel"
run --root root --mem mem.img start
expect "remoteproc offline: start warns too" 0 "believes it offline"
run --root root --mem mem.img --no-start "$fw/imx7d_ocram.elf"
expect "remoteproc offline: --no-start leaves the core held: no warning" 0
grep -q "believes it offline" err && fail "--no-start warned that the core runs"

# --- /proc/iomem -----------------------------------------------------
rm -rf root mem.img
mkroot root i.MX7D
cat >root/proc/iomem <<'IOMEM'
00900000-0091ffff : 900000.sram
  00900000-0091ffff : 900000.sram
30390000-3039ffff : 30390000.reset-controller
80000000-9fffffff : System RAM
  80008000-80ffffff : Kernel code
IOMEM
run --root root --mem mem.img "$fw/imx7d_ocram.elf"
expect "OCRAM claimed by a driver: refused, naming the iomem entry" 6 \
	'900000-91ffff : 900000.sram'
[ ! -s mem.img ] || fail "iomem refusal wrote memory"
run --root root --mem mem.img "$fw/imx7d_ddr.elf"
expect "DDR that is System RAM: refused" 6 'System RAM'
run --root root --mem mem.img --force "$fw/imx7d_ocram.elf"
expect "--force overrides the iomem rule, with a warning" 0 'warning: .*--force'
run --root root --mem mem.img "$fw/imx7d_tcm.elf"
expect "TCM and the boot vector (OCRAM_S) not in iomem: allowed" 0

# Lines as Debian 6.1 prints them on an i.MX7D: a driver's claim is a
# top-level "<device> <resource>" line, nothing nested (the serial line is
# the e2e guest's own; the sram line is what drivers/misc/sram.c's
# devm_ioremap_resource() makes of imx7s.dtsi's sram@900000 when the
# mmio-sram driver holds OCRAM).
rm -rf root mem.img
mkroot root i.MX7D
cat >root/proc/iomem <<'IOMEM'
00900000-0091ffff : 900000.sram sram@900000
30860000-3086ffff : 30860000.serial serial@30860000
80000000-bfffffff : System RAM
IOMEM
run --root root --mem mem.img "$fw/imx7d_ocram.elf"
expect "OCRAM held by mmio-sram (a top-level line): refused, naming the fix" 6 \
	'900000-91ffff : 900000.sram sram@900000.*mmio-sram.*--force'
[ ! -s mem.img ] || fail "a top-level claim's refusal wrote memory"
run --root root --mem mem.img "$fw/imx7d_ddr.elf"
expect "System RAM: refused, naming a no-map reserved-memory node" 6 \
	'80000000-bfffffff : System RAM.*reserved-memory.*no-map'
run --root root --mem mem.img "$fw/imx7d_tcm.elf"
expect "TCM not claimed in the guest's map: allowed" 0

# One line that cannot be parsed is skipped with a warning; the rest
# (System RAM after it) still applies, also with -q.
for bad in '0091ffff-00900000 : reversed' 'junk' \
	"00900000-0091ffff : $(printf '%0300d' 0)" '   : no range'; do
	rm -rf root mem.img
	mkroot root i.MX7D
	printf '%s\n80000000-bfffffff : System RAM\n' "$bad" >root/proc/iomem
	run --root root --mem mem.img -q "$fw/imx7d_ddr.elf"
	expect "iomem line '${bad:0:30}': the rest applies, DDR refused" 6 \
		'System RAM'
	[ ! -s mem.img ] || fail "iomem line '${bad:0:30}': memory written"
done
rm -rf root mem.img
mkroot root i.MX7D
printf 'junk\n80000000-bfffffff : System RAM\n' >root/proc/iomem
run --root root --mem mem.img "$fw/imx7d_tcm.elf"
expect "an unparseable line is named in a warning" 0 \
	'warning: .*proc/iomem: 1 line that cannot be parsed skipped'

# No map at all: fail closed. On-chip memory only, unless --force; the
# refusal says why. A FIFO must not hang the tool.
for kind in dir fifo missing loop big; do
	rm -rf root mem.img
	mkroot root i.MX7D
	rm -f root/proc/iomem
	case $kind in
	dir) mkdir root/proc/iomem ;;
	fifo) mkfifo root/proc/iomem ;;
	missing) ;;
	loop) ln -s iomem root/proc/iomem ;;
	big) head -c $((2 << 20)) /dev/zero | tr '\0' '\n' >root/proc/iomem ;;
	esac
	run_t() { timeout 20 "${wrapper[@]}" "$tool" "$@" >out 2>err; rc=$?; }
	run_t --root root --mem mem.img -q "$fw/imx7d_ddr.elf"
	expect "iomem $kind: DDR refused, saying why" 6 \
		'could not be read.*--force'
	[ ! -s mem.img ] || fail "iomem $kind: memory written"
	run_t --root root --mem mem.img "$fw/imx7d_tcm.elf"
	expect "iomem $kind: TCM (on-chip) still loads" 0 \
		'warning: cannot read .*proc/iomem'
	run_t --root root --mem mem.img --force "$fw/imx7d_ddr.elf"
	expect "iomem $kind: --force loads DDR, with a warning" 0 \
		'warning: .*could not be read'
done
run --mem mem.img --soc imx7d "$fw/imx7d_ocram.elf"
expect "a memory file without --root: the host's iomem is not read" 0

# --- firmware-owned memory: never, even with --force ------------------
rm -f mem.img
run --soc imx8mm --mem mem.img --force "$fw/imx8mm_tfa.elf"
expect "TF-A BL31 range refused even with --force" 6 "TF-A BL31"
[ ! -s mem.img ] || fail "TF-A refusal wrote memory"

# --- dry run writes nothing --------------------------------------------
rm -f mem.img
run --soc imx7d --mem mem.img "$fw/imx7d_ocram.elf"
before=$(sum mem.img)
# The digest sees zeros written just past the image in OCRAM (0x900000 +
# 0x2e4), and a zero byte inside it: what a dry run must not do either.
cp --sparse=always mem.img zeros.img
head -c 4096 /dev/zero | dd of=zeros.img bs=1 seek=$((0x9002e4)) conv=notrunc status=none
cp --sparse=always mem.img zero1.img
head -c 1 /dev/zero | dd of=zero1.img bs=1 seek=$((0x900100)) conv=notrunc status=none
if [ "$(sum zeros.img)" != "$before" ] && [ "$(sum zero1.img)" != "$before" ]; then
	pass "the memory digest sees zeros written next to the data, and in it"
else
	fail "the memory digest sees zeros written next to the data, and in it"
fi
rm -f zeros.img zero1.img
for args in "$fw/imx7d_toradex.elf" stop start restart "kick 3"; do
	# shellcheck disable=SC2086
	run --soc imx7d --mem mem.img --dry-run $args
	if [ "$rc" -eq 0 ] && [ "$(sum mem.img)" = "$before" ] && [ -s out ]; then
		pass "--dry-run $args prints a plan and leaves memory identical"
	else
		fail "--dry-run $args prints a plan and leaves memory identical"
	fi
done

# --- the lock ------------------------------------------------------------
# A second process holds a POSIX lock on the memory file, as a loader does.
rm -f mem.img
run --soc imx7d --mem mem.img "$fw/imx7d_ocram.elf"
python3 - mem.img <<'PY' &
import fcntl, os, sys, time
f = open(sys.argv[1], "r+b")
fcntl.lockf(f, fcntl.LOCK_EX)
open("locked", "w").close()
# Hold the lock until told to let go (at most 30 s).
for _ in range(3000):
    if os.path.exists("release"):
        break
    time.sleep(0.01)
PY
holder=$!
for _ in $(seq 100); do [ -e locked ] && break; sleep 0.05; done
before=$(sum mem.img)
# M4FW_LOCK_TIMEOUT_MS is the wait: the message says so, and the run gives
# up after that long, not sooner and not much later. What a run takes
# besides the wait (starting the process: seconds under valgrind) is
# measured by the same refusal with a timeout of 0, and taken off.
export M4FW_LOCK_TIMEOUT_MS=0
t0=$(date +%s%N)
run --soc imx7d --mem mem.img stop
base=$((($(date +%s%N) - t0) / 1000000))
expect "a held lock, M4FW_LOCK_TIMEOUT_MS=0: exit 6 at once" 6 \
	"locked by process $holder \\(python3.*still after 0 ms"
export M4FW_LOCK_TIMEOUT_MS=2000
t0=$(date +%s%N)
run --soc imx7d --mem mem.img stop
ms=$((($(date +%s%N) - t0) / 1000000 - base))
unset M4FW_LOCK_TIMEOUT_MS
expect "a held lock: exit 6 naming the holder and the 2000 ms waited" 6 \
	"locked by process $holder \\(python3.*still after 2000 ms"
if [ "$ms" -ge 1500 ] && [ "$ms" -lt 4000 ]; then
	pass "M4FW_LOCK_TIMEOUT_MS=2000: waited $ms ms more than with 0 ($base ms)"
else
	fail "M4FW_LOCK_TIMEOUT_MS=2000: waited $ms ms more than with 0 ($base ms), expected 2000 (1500 to 4000)"
fi
[ "$(sum mem.img)" = "$before" ] && pass "nothing written while locked out" ||
	fail "nothing written while locked out"
# Without the variable the wait is 5 s (the man page): a holder that lets
# go after 1 s is waited for.
(sleep 1; touch release) &
t0=$(date +%s%N)
run --soc imx7d --mem mem.img stop
ms=$((($(date +%s%N) - t0) / 1000000))
expect "a loader waits for the lock (default timeout), then runs" 0
[ "$ms" -ge 900 ] && pass "the default wait outlasted a 1 s holder ($ms ms)" ||
	fail "the default wait outlasted a 1 s holder ($ms ms)"
wait "$holder"

# Two loaders at once, each a whole 128 KiB OCRAM image with the same
# vector but different contents: both succeed, one after the other, and
# the memory holds one complete image, every byte of one of them; with the
# two interleaved it would hold pieces of both (or a read-back would fail).
rm -f mem.img
python3 - <<'PY'
import struct
vec = struct.pack("<II", 0x20220000, 0x00900009)
for name, fill in (("a.bin", 0xA5), ("b.bin", 0x5A)):
    open(name, "wb").write(vec + bytes([fill]) * (0x20000 - 8))
PY
"${wrapper[@]}" "$tool" -q --soc imx7d --mem mem.img a.bin 0x900000 &
a=$!
"${wrapper[@]}" "$tool" -q --soc imx7d --mem mem.img b.bin 0x900000 &
b=$!
wait $a; ra=$?
wait $b; rb=$?
run --soc imx7d --mem mem.img status
if [ "$ra" -eq 0 ] && [ "$rb" -eq 0 ] && [ "$rc" -eq 0 ]; then
	pass "two concurrent loads both succeed and leave the core running"
else
	fail "two concurrent loads both succeed" "exits $ra $rb, status $rc"
fi
dd if=mem.img of=ocram.now bs=64K skip=$((0x900000 / 0x10000)) count=2 status=none
vec=$(od -An -tx4 -j $((0x180000)) -N8 mem.img | tr -s ' ')
if { cmp -s ocram.now a.bin || cmp -s ocram.now b.bin; } &&
	[ "$vec" = " 20220000 00900009" ]; then
	pass "two concurrent loads leave one complete image and its vector"
else
	fail "two concurrent loads leave one complete image and its vector" \
		"OCRAM: $(cmp ocram.now a.bin 2>&1); $(cmp ocram.now b.bin 2>&1)" \
		"vector at 0x180000:$vec"
fi

# --- a signal in the middle of a load -----------------------------------
rm -f mem.img
res=$(python3 "$here/signal_during_load.py" "$tool" imx7d \
	"$fw/imx7d_ocram.elf" mem.img "${wrapper[@]}")
m4rcr=$(od -An -tx4 -j $((0x3039000c)) -N4 mem.img | tr -d ' ')
if [ "$res" = ok ] && [ $((0x$m4rcr & 0xf)) -eq $((0xb)) ]; then
	pass "SIGTERM after the hold: exit non-zero, core left held (SRC_M4RCR 0x$m4rcr)"
else
	fail "SIGTERM after the hold leaves the core held" "$res" "SRC_M4RCR 0x$m4rcr"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
