#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=dash
#
# What every e2e guest's /init shares (tests/e2e/run.sh installs it as
# /e2e/lib.sh): becoming PID 1 and powering off, and the helpers that print
# the report: "E2E ok N - name" or "E2E not ok N - name" per scenario,
# after its diagnostics "E2E # ...". Needs only busybox.

SNVS_LPCR=0x30370038

# guest_main: as PID 1, set up, run "/init scenarios" in a child shell (so
# that a shell error there cannot take init down and leave the machine
# running until the host's timeout), power off. SNVS_LPCR is at the same
# address on the i.MX7D and the i.MX8MP.
guest_main() {
	/bin/busybox mkdir -p /proc /sys /dev /run /tmp
	/bin/busybox --install -s /bin
	export PATH=/bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	# The tool's lock lives in /run/lock, as on a normal system.
	mount -t tmpfs tmpfs /run
	mkdir -p /run/lock
	exec </dev/console >/dev/console 2>&1
	sh /init scenarios
	rc=$?
	[ "$rc" -eq 0 ] || echo "E2E # the scenario shell exited with status $rc"
	# SNVS_LPCR := DP_EN | TOP: QEMU exits with status 0. Should that not
	# stop the machine, a reboot does (-no-reboot); else the host's timeout.
	devmem $SNVS_LPCR 32 0x60
	sleep 2
	echo "E2E # SNVS_LPCR power-off did not stop the machine; rebooting"
	echo b >/proc/sysrq-trigger
	sleep 5
	poweroff -f
}

# ---------------------------------------------------------------------------
# Helpers. Under TCG every process the shell starts costs 20-30 ms, a
# $(...) of a builtin ~20 ms: values stay in variables (R, S), devmem's own
# "0x%08X" text is kept and compared as a number.

n=0
failed=0
diag() {
	echo "E2E # $*"
}

begin() {
	n=$((n + 1))
	name=$1
	bad=0
	diag "--- $n: $name (uptime $(cut -d' ' -f1 /proc/uptime) s)"
}

fail() {
	bad=1
	diag "FAIL: $*"
}

end() {
	if [ "$bad" -eq 0 ]; then
		echo "E2E ok $n - $name"
	else
		echo "E2E not ok $n - $name"
		failed=$((failed + 1))
	fi
}

# rd ADDR: R := the 32-bit word at ADDR through busybox devmem, or
# "unreadable"; returns 1 (and fails the scenario) if it could not be read.
rd() {
	R=$(devmem "$1" 32 2>/dev/null)
	case $R in
	0x????????) return 0 ;;
	esac
	R=unreadable
	fail "devmem cannot read $1"
	return 1
}

wr() {
	devmem "$1" 32 "$2" || fail "devmem cannot write $2 to $1"
}

# same WHAT GOT WANT: GOT (a number or "unreadable") equals WANT.
same() {
	if [ "$2" != unreadable ] && [ $(($2)) -eq $(($3)) ]; then
		return 0
	fi
	if [ "$2" = unreadable ]; then
		fail "$1 is unreadable, expected $3"
	else
		fail "$(printf '%s is 0x%08x, expected 0x%08x' "$1" $(($2)) $(($3)))"
	fi
	return 1
}

# tool ARGS...: run m4fwloader; its output in /tmp/out, its status in $rc.
tool() {
	m4fwloader "$@" >/tmp/out 2>&1
	rc=$?
	diag "\$ m4fwloader $* -> exit $rc"
	sed 's/^/E2E #   | /' /tmp/out
}

expect_rc() {
	[ "$rc" = "$1" ] || fail "exit status $rc, expected $1"
}

# expect_out REGEX: the last tool run printed a line matching REGEX
# (case-insensitive: hex digits).
expect_out() {
	grep -q -i -E -- "$1" /tmp/out || fail "output has no line matching '$1'"
}

# check_words "ADDR=VALUE ...": every word reads back as expected.
check_words() {
	local pair wrong=0 total=0
	for pair in $1; do
		total=$((total + 1))
		if ! rd "${pair%=*}" || ! same "word at ${pair%=*}" "$R" "${pair#*=}"; then
			wrong=$((wrong + 1))
		fi
	done
	[ "$wrong" -ne 0 ] ||
		diag "$total image words read back as the host extracted them"
}

