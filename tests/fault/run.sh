#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Fault injection at the process level: the real m4fwloader, with an
# LD_PRELOAD shim (fault_preload.c) that makes chosen system calls fail,
# on sparse files standing in for physical memory. A file can also be
# presented to the tool as a character device (the shim's "chardev"
# stat rule) so that the /dev/mem paths run: device hints, the lock in
# /run/lock (redirected by the shim into the test's directory). The
# real /dev/mem is never opened. TAP output.
#
#   tests/fault/run.sh TOOL FIRMWARE_DIR [PRELOAD_SO]
#
# PRELOAD_SO (or $FAULT_PRELOAD) is the built shim; without it, run.sh
# compiles one with ${CC:-cc}. TEST_WRAPPER (valgrind, ...) is put before
# every run of TOOL. When the shim has no effect on TOOL (a static or
# cross-built tool under qemu-user), every case is skipped, saying why.
#
# What is checked (see each "ok" line):
#  - --mem cannot be opened: exit 4, one line, the hint for the cause;
#  - a window the kernel refuses to map (STRICT_DEVMEM): exit 4, the hint,
#    and memory byte-identical, reset registers included: every window is
#    mapped before the first write; an optional window (i.MX8M CCM) is a
#    warning and the load goes on;
#  - the image cannot be read: exit 5, memory not even opened;
#  - the lock is held or cannot be taken: exit 6, nothing written;
#  - the image is opened once and read once, whole: a file rewritten after
#    that cannot change what is loaded (shown by rewriting it).
# Processes are slow to start on some machines: the helpers use shell
# builtins, and the memory checks are gathered into one python3 run.
set -u

if [ $# -lt 2 ] || [ ! -d "$2" ]; then
	echo "usage: run.sh TOOL FIRMWARE_DIR [PRELOAD_SO]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fwsrc=$(cd "$2" && pwd)
so=${3:-${FAULT_PRELOAD:-}}
if [ -n "$so" ]; then
	so=$(cd "$(dirname "$so")" && pwd)/$(basename "$so") || exit 2
fi
read -r -a wrapper <<<"${TEST_WRAPPER:-}"
# Any python3 will do (stdlib only); a version manager's shim is slow.
if [ -x /usr/bin/python3 ]; then
	PY=/usr/bin/python3
else
	PY=$(python3 -c 'import sys; print(sys.executable)') || exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/m4fw-fault.XXXXXX") || exit 2
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 2

if [ -z "$so" ]; then
	so=$work/fault_preload.so
	if ! ${CC:-cc} -std=gnu11 -O2 -fPIC -shared -o "$so" \
		"$here/fault_preload.c" -ldl 2>cc.err; then
		echo "1..0 # SKIP cannot build the shim: $(head -1 cc.err)"
		exit 0
	fi
fi

n=0
failed=0
rules=
rc=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	local l
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "# $l"; done
	echo "# rules: $rules"
	echo "# exit: $rc"
	while IFS= read -r l; do echo "# stdout: $l"; done <out
	while IFS= read -r l; do echo "# stderr: $l"; done <err
	while IFS= read -r l; do echo "# shim: $l"; done <log
}

# The images, copied: some cases rewrite them.
mkdir fw root root/proc root/sys
cp "$fwsrc"/*.elf "$fwsrc"/*.bin fw/
fw=$work/fw
# A fake root for the rules that read the running system: nothing there.
echo '00000000-00000000 : nothing' >root/proc/iomem
: >out
: >err
: >log

# frun RULES ARGS...: the tool under the shim with M4FW_FAULT=RULES and
# standard input from $stdin; stdout in ./out, stderr in ./err, the shim's
# log in ./log, the exit status in $rc.
stdin=/dev/null
frun() {
	rules=$1
	shift
	: >log
	LD_PRELOAD=$so M4FW_FAULT=$rules M4FW_FAULT_LOG=$work/log \
	ASAN_OPTIONS=verify_asan_link_order=0:${ASAN_OPTIONS:-} \
		timeout 60 "${wrapper[@]+"${wrapper[@]}"}" "$tool" "$@" \
		>out 2>err <"$stdin"
	rc=$?
}

# A file that the tool takes for /dev/mem, and its lock moved here.
dev=$work/devmem
DEV="stat:$dev:chardev,open:/run/lock/m4fwloader.lock:=$work/lock"

memfile() { "$PY" -S "$here/memfile.py" "$@"; }

# Exactly one line on stderr, "m4fwloader: ...", matching the regex $1.
one_line() {
	local lines
	mapfile -t lines <err
	[ ${#lines[@]} -eq 1 ] && [[ ${lines[0]} == "m4fwloader: "* ]] &&
		[[ ${lines[0]} =~ $1 ]]
}

# expect NAME CODE RE: exit CODE and one line matching RE, else fail.
expect() {
	if [ "$rc" -ne "$2" ]; then
		fail "$1" "exit $rc, expected $2"
	elif ! one_line "$3"; then
		fail "$1" "stderr is not one line matching /$3/"
	else
		return 0
	fi
	return 1
}

# Every memory file starts as a copy of one seeded file (4 GiB, sparse).
clean=$(memfile seed seed.img)
fresh() { cp --sparse=always seed.img "$1"; }

# untouched NAME: the last run's memory must still be $clean, registers
# included; checked for all cases at once at the end (one python3 run).
# Each case gets its own copy of the memory file to keep.
pending_names=()
pending_files=()
untouched() {
	local keep=$work/kept.${#pending_files[@]}
	mv "$memory" "$keep"
	pending_names+=("$1")
	pending_files+=("$keep")
}

# --- the shim works on this tool, or nothing here can be tested ----------
printf 'probe' >probe.bin
frun "open:$work/probe.bin:ENOENT" --soc imx7d --mem "$work/probe.mem" \
	--dry-run "$work/probe.bin" 0x900000
if [ "$rc" -ne 5 ] || ! one_line 'No such file'; then
	echo "1..0 # SKIP the LD_PRELOAD shim has no effect on $tool (static, or run under qemu-user?)"
	exit 0
fi

# --- physical memory cannot be opened --------------------------------------
# A path under /dev/ that does not exist: even without the shim the tool
# could not open (or create) anything there.
nodev=/dev/m4fw-fault-test.$$
frun "open:$nodev:ENOENT" --soc imx7d --root root --mem "$nodev" \
	"$fw/imx7d_ocram.elf"
expect "--mem /dev/...: ENOENT" 4 \
	"cannot open $nodev: No such file or directory \(kernel built without CONFIG_DEVMEM\?\)$" &&
	pass "--mem /dev/...: ENOENT: exit 4, one line, CONFIG_DEVMEM hint"

frun "open:$nodev:EACCES" --soc imx7d --root root --mem "$nodev" \
	"$fw/imx7d_ocram.elf"
expect "--mem /dev/...: EACCES" 4 \
	"cannot open $nodev: Permission denied \(run as root\?\)$" &&
	pass "--mem /dev/...: EACCES: exit 4, one line, run as root hint"

# open(/dev/mem) says EPERM without CAP_SYS_RAWIO or under kernel lockdown
# (drivers/char/mem.c, open_port()); STRICT_DEVMEM refuses mappings, not
# the open, so its hint would send the user the wrong way.
frun "open:$nodev:EPERM" --soc imx7d --root root --mem "$nodev" \
	"$fw/imx7d_ocram.elf"
expect "--mem /dev/...: EPERM at open: the root/CAP_SYS_RAWIO/lockdown hint, not STRICT_DEVMEM's" \
	4 "cannot open $nodev: Operation not permitted \(.*(root|CAP_SYS_RAWIO|lockdown)" &&
	pass "--mem /dev/...: EPERM at open: exit 4, one line, root/lockdown hint"

mkdir memdir
for err in EACCES ENOENT EROFS; do
	case $err in
	EACCES) re='Permission denied \(run as root\?\)$' ;;
	ENOENT) re='No such file or directory$' ;;
	EROFS) re='Read-only file system$' ;;
	esac
	frun "open:$work/memdir/mem.img:$err" --soc imx7d \
		--mem "$work/memdir/mem.img" "$fw/imx7d_ocram.elf"
	if expect "--mem FILE: $err" 4 "cannot open $work/memdir/mem.img: $re"; then
		if [ -e memdir/mem.img ]; then
			fail "--mem FILE: $err: nothing created" "the file exists"
		else
			pass "--mem FILE: $err: exit 4, one line, nothing created"
		fi
	fi
done

# --- a window the kernel refuses: nothing written ----------------------
# Registers and on-chip RAM: the hint of doc/contract.md. DDR: iomem=relaxed cannot
# help System RAM, so the hint is the reserved-memory node instead.
strict='Operation not permitted \(kernel built with CONFIG_STRICT_DEVMEM / IO_STRICT_DEVMEM\? boot with iomem=relaxed\)'
strict_ddr='Operation not permitted \(kernel built with CONFIG_STRICT_DEVMEM\? DDR that Linux uses as System RAM is never mapped: reserve the firmware.s DDR with a reserved-memory node with no-map\)'
for case in "0x3039000c imx7d_tcm.elf SRC_M4RCR" \
	    "0x80000000 imx7d_ddr.elf DDR" \
	    "0x007f8000 imx7d_tcm.elf TCML" \
	    "0x00180000 imx7d_ocram.elf OCRAM_S"; do
	read -r addr img what <<<"$case"
	hint=$strict
	[ "$what" = DDR ] && hint=$strict_ddr
	memory=$dev
	fresh "$memory"
	frun "$DEV,mmap:$addr:EPERM" --soc imx7d --root root --mem "$dev" \
		"$fw/$img"
	expect "/dev/mem: $what window refused" 4 \
		"cannot map 0x[0-9a-f]{8} \\([A-Za-z0-9_ ]+\\) from $dev: $hint$" &&
		untouched "/dev/mem: mmap of $what ($addr) refused: exit 4, one line, STRICT_DEVMEM hint; memory and reset registers untouched"
done

memory=$dev
fresh "$memory"
frun "$DEV,mmap:0x00900000:ENXIO" --soc imx7d --root root --mem "$dev" \
	"$fw/imx7d_ocram.elf"
expect "/dev/mem: mmap ENXIO" 4 \
	'No such device or address \(no memory at that physical address\?\)$' &&
	untouched "/dev/mem: mmap of OCRAM fails ENXIO: exit 4, one line, no-memory hint; untouched"

# Each window a load maps, refused in turn, on a memory file: every one
# is mapped before the first access, so each refusal leaves it identical.
# The 4 KiB pages each load needs, from doc/hardware.md (not from the
# tool): the control registers (§1), the clock registers (§2), the image's
# memory (§4: TCML at A 0x007F8000 on 6SX/7D, TCM/ITCM at 0x007E0000 on
# 8M) and the boot alias when the vector is written there (§3: OCRAM_S
# 0x00180000 on the 7D; the others' images hold their vector at M 0).
# The tool's -vv list of mapped windows must be exactly these.
declare -A need=(
	[imx7d:imx7d_tcm.elf]="0x30390000 0x30384000 0x30388000 0x30360000 0x007f8000 0x00180000"
	[imx6sx:imx6sx_tcm.elf]="0x020d8000 0x020c4000 0x007f8000"
	[imx8mm:imx8mm_tcm.elf]="0x30390000 0x30388000 0x007e0000"
	[imx8mp:imx8mp_itcm.elf]="0x30340000 0x30390000 0x30388000 0x007e0000"
)
for pair in imx7d:imx7d_tcm.elf imx6sx:imx6sx_tcm.elf \
	    imx8mm:imx8mm_tcm.elf imx8mp:imx8mp_itcm.elf; do
	soc=${pair%%:*}
	img=${pair#*:}
	fresh scratch.img
	frun "" -vv --soc "$soc" --mem "$work/scratch.img" "$fw/$img"
	windows=()
	while read -r _ word addr _; do
		[ "$word" = mapped ] && windows+=("$addr")
	done <err
	if [ "$rc" -ne 0 ] || [ ${#windows[@]} -eq 0 ]; then
		fail "$soc $img: a clean load, to list its windows"
		continue
	fi
	got=$(printf '%s\n' "${windows[@]}" | sort | tr '\n' ' ')
	want=$(printf '%s\n' ${need[$pair]} | sort | tr '\n' ' ')
	if [ "$got" = "$want" ]; then
		pass "$soc $img: maps exactly the pages of doc/hardware.md"
	else
		fail "$soc $img: maps exactly the pages of doc/hardware.md" \
			"mapped: $got" "needed: $want"
	fi
	for w in ${need[$pair]}; do
		# The i.MX8M CCM is optional: its own case below.
		[[ $soc == imx8m* && $w == 0x30388000 ]] && continue
		memory=$work/mem.img
		fresh "$memory"
		frun "mmap:$w:EPERM" --soc "$soc" --mem "$memory" "$fw/$img"
		expect "$soc: window $w refused" 4 \
			"cannot map 0x.* from $memory: Operation not permitted" &&
			untouched "$soc $img: window $w refused: exit 4, one line; memory file identical"
	done
done

# A fresh memory file grows (sparse) as windows are mapped.
rm -f grow.img
frun "ftruncate:$work/grow.img:ENOSPC" --soc imx7d --mem "$work/grow.img" \
	"$fw/imx7d_ocram.elf"
if expect "memory file cannot grow (ENOSPC)" 4 \
	'cannot map 0x.*: No space left on device$'; then
	if [ -s grow.img ]; then
		fail "memory file cannot grow: nothing written" "grow.img has data"
	else
		pass "memory file cannot grow (ftruncate ENOSPC): exit 4, one line, nothing written"
	fi
fi

# --- an optional window: the i.MX8M clock root -------------------------
for quad in imx8mm:imx8mm_tcm.elf:0x1FFE0000:0x007E0000 \
	    imx8mp:imx8mp_itcm.elf:0x00000000:0x007E0000; do
	IFS=: read -r soc img m a <<<"$quad"
	fresh "$dev"
	frun "$DEV,mmap:0x30388080:EPERM" --soc "$soc" --root root \
		--mem "$dev" "$fw/$img"
	if expect "$soc: CCM refused: exit 0 with a warning" 0 \
		"warning: cannot map 0x30388[0-9a-f]* \\(CCM_M[47]_CLK_ROOT\\) from $dev: $strict; skipped, assuming the M[47] clock is on$"; then
		# The image is in memory; the clock root register untouched.
		check=$(memfile elfcheck "$dev" "$fw/$img" "$m:$a"; memfile peek "$dev" 0x30388080)
		if [ "$check" != $'ok\n0x01000005' ]; then
			fail "$soc: CCM refused: image loaded, clock untouched" "$check"
		else
			pass "$soc: CCM 0x30388080 refused (IO_STRICT_DEVMEM): one warning, exit 0, image loaded, clock register untouched"
		fi
	fi
done

# --- the image cannot be read -------------------------------------------
for err in EIO EAGAIN; do
	rm -f mem2.img
	frun "read:$fw/imx7d_ocram.elf:$err" --soc imx7d \
		--mem "$work/mem2.img" "$fw/imx7d_ocram.elf"
	if expect "image read fails ($err)" 5 "cannot read $fw/imx7d_ocram.elf: "; then
		if [ -e mem2.img ]; then
			fail "image read fails ($err): memory not opened" "mem2.img exists"
		else
			pass "image read fails ($err): exit 5, one line, memory never opened"
		fi
	fi
done

frun "open:$fw/imx7d_ocram.elf:EACCES" --soc imx7d --mem "$work/mem2.img" \
	"$fw/imx7d_ocram.elf"
expect "image open fails (EACCES)" 5 \
	"cannot open $fw/imx7d_ocram.elf: Permission denied$" &&
	pass "image open fails (EACCES): exit 5, one line"

stdin=$fw/imx7d_ocram.elf
frun "read:-:EIO" --soc imx7d --mem "$work/mem2.img" -
stdin=/dev/null
expect "image on standard input, read fails" 5 \
	'cannot read standard input: Input/output error$' &&
	pass "image on standard input, read fails (EIO): exit 5, one line"

# A read interrupted once is retried; reads that return a few bytes at a
# time are put together.
for act in EINTR:1 short; do
	rm -f mem3.img
	frun "read:$fw/imx7d_ocram.elf:$act" --soc imx7d \
		--mem "$work/mem3.img" "$fw/imx7d_ocram.elf"
	if [ "$rc" -ne 0 ]; then
		fail "image read $act: loads" "exit $rc"
	elif ! check=$(memfile elfcheck mem3.img "$fw/imx7d_ocram.elf"); then
		fail "image read $act: the image is in memory" "$check"
	else
		pass "image read $act: retried / put together, exit 0, image in memory"
	fi
done

# --- the lock ---------------------------------------------------------------
# On /dev/mem the lock is /run/lock/m4fwloader.lock (here: ./lock).
"$PY" -S - "$work/lock" <<'PY' &
import fcntl, os, sys, time
f = open(sys.argv[1], "a+b")
fcntl.lockf(f, fcntl.LOCK_EX)
open("locked", "w").close()
for _ in range(3000):
    if os.path.exists("release"):
        break
    time.sleep(0.01)
PY
holder=$!
for _ in {1..500}; do [ -e locked ] && break; sleep 0.02; done
memory=$dev
fresh "$memory"
export M4FW_LOCK_TIMEOUT_MS=200
frun "$DEV" --soc imx7d --root root --mem "$dev" "$fw/imx7d_ocram.elf"
unset M4FW_LOCK_TIMEOUT_MS
expect "/dev/mem: /run/lock held by another process" 6 \
	"/run/lock/m4fwloader.lock is locked by process $holder \(python3" &&
	untouched "/dev/mem: /run/lock/m4fwloader.lock held by another process: exit 6, one line naming it; nothing written"
: >release
wait "$holder"

memory=$dev
fresh "$memory"
frun "stat:$dev:chardev,open:/run/lock/m4fwloader.lock:EACCES" --soc imx7d \
	--root root --mem "$dev" "$fw/imx7d_ocram.elf"
expect "/dev/mem: lock file cannot be opened" 6 \
	'cannot lock /run/lock/m4fwloader.lock: Permission denied \(run as root\?\)$' &&
	untouched "/dev/mem: lock file cannot be opened (EACCES): exit 6, one line; nothing written"

# --- the image is read once -------------------------------------------------
# read_once NAME PATH SIZE [OPENS]: the shim's log shows one open of PATH
# (OPENS: 0 for standard input), and reads of it adding up to SIZE.
read_once() {
	local call path rest opens=0 bytes=0
	while read -r call path rest; do
		[ "$path" = "$2" ] || continue
		case $call in
		open) [[ $rest == "= "[0-9]* ]] && opens=$((opens + 1)) ;;
		read) bytes=$((bytes + rest)) ;;
		esac
	done <log
	if [ "$opens" -ne "${4:-1}" ] || [ "$bytes" -ne "$3" ]; then
		fail "$1" "opened $opens times, $bytes bytes read of $3"
	else
		pass "$1"
	fi
}

sizes=$(stat -c '%n %s' "$fw"/*.elf "$fw"/*.bin)
rm -f mem4.img
while read -r f size; do
	base=${f##*/}
	case $base in
	imx6sx*) soc=imx6sx ;;
	imx7d*) soc=imx7d ;;
	imx8mp*) soc=imx8mp ;;
	*) soc=imx8mm ;;
	esac
	addr=
	if [[ $base == *.bin ]]; then
		# A raw image: the address the tool suggests for it.
		frun "" --soc "$soc" --mem "$work/mem4.img" "$f"
		read -r line <err
		[[ $line =~ \ (0x[0-9a-f]+)$ ]] && addr=${BASH_REMATCH[1]}
	fi
	frun "" --soc "$soc" --mem "$work/mem4.img" "$f" ${addr:+"$addr"}
	read_once "$base ($soc, exit $rc): opened once, read once and whole" \
		"$f" "$size"
done <<<"$sizes"

stdin=$fw/imx7d_ocram.elf
frun "" --soc imx7d --mem "$work/mem4.img" -
stdin=/dev/null
read -r _ size <<<"$(stat -c '%n %s' "$fw/imx7d_ocram.elf")"
if [ "$rc" -eq 0 ]; then
	read_once "image on standard input: read once and whole, loaded" - \
		"$size" 0
else
	fail "image on standard input: loads" "exit $rc"
fi

# The image rewritten (other bytes, half the size) as soon as the tool has
# closed it: what is loaded is the image as it was read.
for pair in imx7d_ocram.elf: imx7d_ocram.bin:0x900000; do
	img=${pair%%:*}
	addr=${pair#*:}
	cp "$fw/$img" orig.img
	rm -f mem5.img
	frun "close:$fw/$img:scribble" --soc imx7d --mem "$work/mem5.img" \
		"$fw/$img" ${addr:+"$addr"}
	if [ -n "$addr" ]; then
		check=$(memfile bincheck mem5.img orig.img "$addr")
	else
		check=$(memfile elfcheck mem5.img orig.img)
	fi
	if [ "$rc" -ne 0 ]; then
		fail "$img rewritten after the read: still loads" "exit $rc"
	elif cmp -s orig.img "$fw/$img"; then
		fail "$img rewritten after the read: the file did change"
	elif [ "$check" != ok ]; then
		fail "$img rewritten after the read: memory holds the original" "$check"
	else
		pass "$img rewritten and cut to half just after it was read: the original is loaded, exit 0"
	fi
	cp orig.img "$fw/$img"
done

# --- the memory checks, all at once ---------------------------------------
if [ ${#pending_files[@]} -gt 0 ]; then
	mapfile -t verdicts < <(memfile untouched "$clean" "${pending_files[@]}")
	: >out
	: >err
	: >log
	rules="(see the case)"
	rc=-
	for i in "${!pending_names[@]}"; do
		if [ "${verdicts[$i]:-}" = ok ]; then
			pass "${pending_names[$i]}"
		else
			fail "${pending_names[$i]}" "${verdicts[$i]:-no verdict}"
		fi
	done
fi

echo "1..$n"
[ "$failed" -eq 0 ]
