#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run the unit test programs (cmocka, TAP output) and the CLI suite, and
# end with one line: "N passed, N failed". Exit 1 if anything failed.
#
#   tests/run-tests.sh [--unit BIN...] [--cli TOOL FIRMWARE_DIR]
#                      [--golden TOOL FIRMWARE_DIR] [--safety TOOL FIRMWARE_DIR]
#                      [--fault TOOL FIRMWARE_DIR SO] [--docs TOOL MANPAGE COMPLETION]
#                      [--systemd SRCDIR BUILDDIR] [--scripts]
#                      [--adversarial TOOL FIRMWARE_DIR]
# TEST_WRAPPER (e.g. valgrind, qemu-arm-static) is put before every program.
set -u

passed=0
failed=0
failed_names=()

count_tap() {
	local name=$1 out=$2 rc=$3 ok bad
	ok=$(grep -c '^ok ' <<<"$out")
	bad=$(grep -c '^not ok ' <<<"$out")
	passed=$((passed + ok))
	failed=$((failed + bad))
	grep '^not ok ' <<<"$out" | sed "s|^|  $name: |"
	# A crash or a sanitizer/valgrind error fails the program as a whole.
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		failed=$((failed + 1))
		echo "  $name: exited with status $rc"
		failed_names+=("$name")
	fi
	[ "$bad" -gt 0 ] && failed_names+=("$name")
	printf '%-28s %3d passed, %d failed\n' "$name" "$ok" "$bad"
}

run_unit() {
	local bin out rc
	for bin in "$@"; do
		out=$(CMOCKA_MESSAGE_OUTPUT=TAP ${TEST_WRAPPER:-} "$bin" 2>&1)
		rc=$?
		if [ "$rc" -ne 0 ] || grep -q '^not ok ' <<<"$out"; then
			echo "$out" | grep -v '^ok ' | sed 's/^/    /'
		fi
		count_tap "$(basename "$bin")" "$out" "$rc"
	done
}

# run_suite NAME SCRIPT ARGS...: a TAP-printing script under tests/.
run_suite() {
	local name=$1 script=$2 out rc
	shift 2
	out=$(TEST_WRAPPER="${TEST_WRAPPER:-}" bash "$(dirname "$0")/$script" "$@" 2>&1)
	rc=$?
	echo "$out" | grep -v '^ok ' | grep -v '^1\.\.' | sed 's/^/    /'
	count_tap "$name" "$out" "$rc"
}

while [ $# -gt 0 ]; do
	case $1 in
	--unit)
		shift
		bins=()
		while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do
			bins+=("$1")
			shift
		done
		run_unit "${bins[@]}"
		;;
	--cli)
		run_suite cli cli/run.sh "$2" "$3"
		shift 3
		;;
	--golden)
		run_suite golden golden/run.sh "$2" "$3"
		shift 3
		;;
	--safety)
		run_suite safety safety/run.sh "$2" "$3"
		shift 3
		;;
	--fault)
		run_suite fault fault/run.sh "$2" "$3" "$4"
		shift 4
		;;
	--docs)
		run_suite docs check-docs.sh "$2" "$3" "$4"
		shift 4
		;;
	--systemd)
		run_suite systemd systemd/run.sh "$2" "$3"
		shift 3
		;;
	--adversarial)
		for class in complexity races planted; do
			run_suite "adversarial-$class" adversarial/run.sh \
				"$class" "$2" "$3"
		done
		shift 3
		;;
	--scripts)
		run_suite scripts scripts/debian-fetch.sh
		shift
		;;
	*)
		sed -n '7,12p' "$0" >&2
		exit 2
		;;
	esac
done

if [ ${#failed_names[@]} -gt 0 ]; then
	echo "failed: ${failed_names[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
