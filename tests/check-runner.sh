#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The test runner's own checks: tests/run-tests.sh is fed small programs
# printing known TAP, and its verdict, summary line and exit status are
# compared with what each one must give. A runner that counted a lost
# case, a skip or a short plan as a pass would hide tests. TAP output.
#
#   tests/check-runner.sh
set -u

runner=$(realpath "$(dirname "$0")/run-tests.sh")
work=$(mktemp -d "${TMPDIR:-/tmp}/m4fw-runner.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
n=0
failed=0

# prog NAME TAP_TEXT [STATUS]: a program printing TAP_TEXT, exiting STATUS.
prog() {
	printf '%s\n' "$2" >"$work/$1.tap"
	printf '#!/bin/sh\ncat "%s"\nexit %s\n' "$work/$1.tap" "${3:-0}" \
		>"$work/$1"
	chmod +x "$work/$1"
}

# check NAME "PROG..." WANT_STATUS WANT_LAST_LINE [WANT_REGEX]: run the runner on
# one program; its exit status and last line must be the expected ones and
# its output must match WANT_REGEX (a skip's reason, a plan mismatch).
check() {
	local name=$1 want_rc=$3 want_last=$4 want_re=${5:-} out rc last p
	local -a progs=()
	n=$((n + 1))
	for p in $2; do progs+=("$work/$p"); done
	out=$(TEST_WRAPPER= "$runner" --unit "${progs[@]}" 2>&1)
	rc=$?
	last=$(tail -n 1 <<<"$out")
	if [ "$rc" -ne "$want_rc" ] || [ "$last" != "$want_last" ] ||
		{ [ -n "$want_re" ] && ! grep -Eq -- "$want_re" <<<"$out"; }; then
		failed=$((failed + 1))
		echo "not ok $n - $name"
		echo "# want exit $want_rc, last line '$want_last', output /$want_re/"
		sed 's/^/# got: /' <<<"$out"
		echo "# got exit $rc"
	else
		echo "ok $n - $name"
	fi
}

prog good "$(printf '1..2\nok 1 - a\nok 2 - b')"
check "a matching plan passes" good 0 "2 passed, 0 failed"

prog planlast "$(printf 'ok 1 - a\nok 2 - b\nok 3 - c\n1..3')"
check "a plan at the end counts too" planlast 0 "3 passed, 0 failed"

prog groups "$(printf '1..1\nok 1 - a\n1..2\nok 1 - b\nok 2 - c')"
check "one plan per cmocka group adds up" groups 0 "3 passed, 0 failed"

prog short "$(printf '1..3\nok 1 - a\nok 2 - b')"
check "a plan of 3 with 2 results fails" short 1 "2 passed, 1 failed" \
	"planned 3 tests, ran 2"

prog long "$(printf '1..1\nok 1 - a\nok 2 - b')"
check "more results than planned fails" long 1 "2 passed, 1 failed" \
	"planned 1 tests, ran 2"

prog noplan "$(printf 'ok 1 - a')"
check "no plan at all fails" noplan 1 "1 passed, 1 failed" "no TAP plan"

prog skips "$(printf '1..3\nok 1 - a\nok 2 - b # SKIP no board here\nok 3 - c # skip')"
check "skips are counted apart, with their reason" skips 0 \
	"1 passed, 0 failed, 2 skipped" "skipped ok 2 - b : no board here"

prog allskip "1..0 # SKIP the shim has no effect under qemu-user"
check "a whole suite skipped shows as one skip with its reason" \
	"good allskip" 0 "2 passed, 0 failed, 1 skipped" \
	"skipped all of allskip: the shim has no effect under qemu-user"

prog notok "$(printf '1..2\nok 1 - a\nnot ok 2 - b')"
check "a failure fails" notok 1 "1 passed, 1 failed" "notok: not ok 2 - b"

check "nothing but skips is not a pass" allskip 1 \
	"0 passed, 0 failed, 1 skipped"

prog crash "$(printf '1..1\nok 1 - a')" 134
check "a crash after passing results fails" crash 1 "1 passed, 1 failed" \
	"exited with status 134"

echo "1..$n"
[ "$failed" -eq 0 ]
