#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The boot-time unit: `make install` puts m4fwloader@.service where
# systemd looks, with ExecStart naming the installed tool, `systemd-analyze
# verify` accepts it (run against the staged tree with --root, so the
# installed tool is what it checks), and `make uninstall` takes it away.
#
#   tests/systemd/run.sh SRCDIR BUILDDIR
#
# TAP output. Without systemd-analyze (the systemd package) the
# verification is skipped and says why.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 SRCDIR BUILDDIR" >&2
	exit 2
fi
src=$1
build=$2
n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do
		echo "# $line"
	done
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/m4fw-systemd.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
unit=$stage/usr/lib/systemd/system/m4fwloader@.service

out=$(make -s -C "$src" O="$build" install DESTDIR="$stage" PREFIX=/usr 2>&1)
if [ $? -eq 0 ] && [ -f "$unit" ]; then
	ok "make install puts the unit in /usr/lib/systemd/system"
else
	not_ok "make install puts the unit in /usr/lib/systemd/system" "$out"
fi

check_line() {
	local what=$1 re=$2
	if grep -Eq "$re" "$unit" 2>/dev/null; then
		ok "unit: $what"
	else
		not_ok "unit: $what" "no line matching /$re/ in $unit"
	fi
}
check_line "oneshot, stays active after loading" '^Type=oneshot$'
check_line "runs the installed tool on /lib/firmware/%i" \
	'^ExecStart=/usr/bin/m4fwloader \$M4FWLOADER_OPTS load /lib/firmware/%i$'
check_line "ordered before sysinit.target (before every RPMsg user)" \
	'^Before=sysinit.target'
if grep -q '@BINDIR@' "$unit" 2>/dev/null; then
	not_ok "unit: @BINDIR@ substituted" "$(grep -n '@BINDIR@' "$unit")"
else
	ok "unit: @BINDIR@ substituted"
fi
mode=$(stat -c %a "$unit" 2>/dev/null)
if [ "$mode" = 644 ]; then
	ok "unit: mode 0644"
else
	not_ok "unit: mode 0644" "mode is $mode"
fi

# verify NAME: systemd-analyze must exit 0 and say nothing (it only
# warns, with status 0, about a misspelt setting).
verify() {
	(cd "$stage" && systemd-analyze verify --man=no --root="$stage" \
		"$1" 2>&1)
}

if ! command -v systemd-analyze >/dev/null 2>&1; then
	skip "systemd-analyze verify accepts m4fwloader@hello_world.elf.service" \
		"systemd-analyze not installed (scripts/install-deps.sh installs systemd)"
	skip "systemd-analyze verify refuses a broken copy" \
		"systemd-analyze not installed"
else
	out=$(verify m4fwloader@hello_world.elf.service)
	if [ $? -eq 0 ] && [ -z "$out" ]; then
		ok "systemd-analyze verify accepts m4fwloader@hello_world.elf.service"
	else
		not_ok "systemd-analyze verify accepts m4fwloader@hello_world.elf.service" "$out"
	fi
	# The check itself must be able to fail: a misspelt Type= and a
	# missing tool each make it complain.
	cp "$unit" "$tmp/good"
	sed -i 's/^Type=oneshot/Type=oneshott/' "$unit"
	out1=$(verify m4fwloader@x.elf.service)
	cp "$tmp/good" "$unit"
	mv "$stage/usr/bin/m4fwloader" "$tmp/tool"
	out2=$(verify m4fwloader@x.elf.service)
	rc2=$?
	mv "$tmp/tool" "$stage/usr/bin/m4fwloader"
	if [ -n "$out1" ] && [ $rc2 -ne 0 ]; then
		ok "systemd-analyze verify refuses a broken copy"
	else
		not_ok "systemd-analyze verify refuses a broken copy" \
			"misspelt Type: '$out1'" "no tool: status $rc2"
	fi
fi

out=$(make -s -C "$src" O="$build" uninstall DESTDIR="$stage" PREFIX=/usr 2>&1)
if [ ! -e "$unit" ] && [ ! -e "$stage/usr/bin/m4fwloader" ]; then
	ok "make uninstall removes the unit and the tool"
else
	not_ok "make uninstall removes the unit and the tool" "$out" \
		"$(find "$stage" -type f)"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
