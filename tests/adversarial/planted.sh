#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Planted paths class: an unprivileged user (nobody, through setpriv)
# plants a symbolic link, a dangling one, a hard link or a file of its
# own at a path the tool then creates or writes as root, in a directory
# everyone may write (mode 1777, as /tmp and /run/lock are): a new memory
# file, and the lock file (<root>/run/lock/m4fwloader.lock, taken by the
# remoteproc backend under --root as on a board). The link's target is
# never written, created or locked, and nobody can hold the lock against
# root. Skipped, saying why, when not run as root. TAP output.
#
#   tests/adversarial/planted.sh TOOL FIRMWARE_DIR
set -u

tool=$(realpath "$1")
fw=$(realpath "$2")
read -r -a wrapper <<<"${TEST_WRAPPER:-}"
n=0
failed=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "# $l"; done
	sed 's/^/# stderr: /' "$work/err" 2>/dev/null | head -5
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null ||
	[ ! -x /usr/bin/python3 ]; then
	skip "planted paths" "needs root, setpriv and /usr/bin/python3 to plant as another user"
	echo "1..$n"
	exit 0
fi
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
chmod 755 "$work"
# as_nobody CMD...: run as an unprivileged user.
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }

run() {
	timeout 60 "${wrapper[@]}" "$tool" "$@" >"$work/out" 2>"$work/err"
	rc=$?
}

# A root-owned file that must come out of every case as it went in.
victim=$work/victim
make_victim() {
	printf 'precious\n' >"$victim"
	chmod 0640 "$victim"
}
victim_intact() {
	[ "$(stat -c '%a %h %u %s' "$victim")" = "640 1 0 9" ] &&
		[ "$(head -c 9 "$victim")" = precious ]
}

# plant KIND PATH: as nobody, where possible (fs.protected_hardlinks lets
# nobody link only its own files: then root plants it, the tool cannot
# tell the difference).
plant() {
	local kind=$1 path=$2
	rm -f "$path" "$work/made-by-root"
	case $kind in
	symlink) as_nobody ln -s "$victim" "$path" ;;
	dangling) as_nobody ln -s "$work/made-by-root" "$path" ;;
	hardlink)
		as_nobody ln "$victim" "$path" 2>/dev/null ||
			ln "$victim" "$path"
		;;
	file) as_nobody sh -c "echo junk >'$path'; chmod 666 '$path'" ;;
	esac
}

# --- a new memory file -------------------------------------------------
shared=$work/tmp
mkdir "$shared"
chmod 1777 "$shared"
for kind in symlink dangling hardlink; do
	make_victim
	plant "$kind" "$shared/mem.img"
	run --soc imx7d --mem "$shared/mem.img" "$fw/imx7d_tcm.elf"
	if [ "$rc" -eq 4 ] && [ "$(wc -l <"$work/err")" -eq 1 ] &&
		grep -Eq 'symbolic link|hard links' "$work/err"; then
		pass "memory file: planted $kind refused, exit 4, one line"
	else
		fail "memory file: planted $kind refused, exit 4, one line" "exit $rc"
	fi
	rm -f "$shared/mem.img"		# the planted name; the target stays
	victim_intact && pass "memory file: planted $kind: target untouched" ||
		fail "memory file: planted $kind: target untouched" \
			"$(stat -c '%a %h %u %s' "$victim")"
	[ ! -e "$work/made-by-root" ] &&
		pass "memory file: planted $kind: nothing created through it" ||
		fail "memory file: planted $kind: nothing created through it"
done

# --- the lock file ------------------------------------------------------
root=$work/root
rp=$root/sys/class/remoteproc/remoteproc0
mkdir -p "$rp" "$root/sys/devices/soc0" "$root/run/lock"
chmod 1777 "$root/run/lock"
echo i.MX7D >"$root/sys/devices/soc0/soc_id"
echo imx-rproc >"$rp/name"
echo offline >"$rp/state"
echo fw >"$rp/firmware"
lock=$root/run/lock/m4fwloader.lock
lock_ours() { [ "$(stat -c '%F %a %h %u' "$lock")" = "regular empty file 600 1 0" ]; }

for kind in symlink dangling hardlink file; do
	make_victim
	plant "$kind" "$lock"
	run --backend=remoteproc --root "$root" stop
	if [ "$rc" -eq 0 ] && grep -q "not made by m4fwloader; removing it" \
		"$work/err"; then
		pass "lock: planted $kind replaced, with a warning; stop exits 0"
	else
		fail "lock: planted $kind replaced, with a warning; stop exits 0" \
			"exit $rc"
	fi
	lock_ours && pass "lock: after a planted $kind, root's own file, mode 0600" ||
		fail "lock: after a planted $kind, root's own file, mode 0600" \
			"$(stat -c '%F %a %h %u' "$lock")"
	victim_intact && pass "lock: planted $kind: target untouched" ||
		fail "lock: planted $kind: target untouched"
	[ ! -e "$work/made-by-root" ] &&
		pass "lock: planted $kind: nothing created through it" ||
		fail "lock: planted $kind: nothing created through it"
done

# Nobody can open root's lock file, so nobody can hold a lock on it (a
# read lock needs only read access).
if as_nobody cat "$lock" 2>/dev/null; then
	fail "lock: nobody cannot open root's lock file"
else
	pass "lock: nobody cannot open root's lock file"
fi

# A lock file left 0644 by an older version, opened by nobody and held
# with a read lock (which needs only read access): root does not wait.
rm -f "$lock" "$shared/held"
: >"$lock"
chmod 0644 "$lock"
# The system's interpreter: a per-user one may not be reachable by nobody.
as_nobody /usr/bin/python3 - "$lock" "$shared/held" <<'PY' &
import fcntl, sys, time
f = open(sys.argv[1], 'rb')
fcntl.lockf(f, fcntl.LOCK_SH)
open(sys.argv[2], 'w').close()
time.sleep(30)
PY
for _ in $(seq 100); do [ -e "$shared/held" ] && break; sleep 0.05; done
[ -e "$shared/held" ] || fail "nobody holds a read lock (setup)"
export M4FW_LOCK_TIMEOUT_MS=500
run --backend=remoteproc --root "$root" stop
unset M4FW_LOCK_TIMEOUT_MS
[ "$rc" -eq 0 ] && lock_ours &&
	pass "lock: nobody's read-locked lock file does not hold root off" ||
	fail "lock: nobody's read-locked lock file does not hold root off" \
		"exit $rc"
kill %1 2>/dev/null
wait 2>/dev/null

echo "1..$n"
[ "$failed" -eq 0 ]
