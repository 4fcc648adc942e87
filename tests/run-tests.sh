#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run the unit test programs (cmocka, TAP output) and the CLI suite, and
# end with one line: "N passed, N failed" (", N skipped" added when any
# test was skipped; each skip is printed with its reason). Exit 1 if
# anything failed, or if a program's TAP plan does not match its results.
#
#   tests/run-tests.sh [--unit BIN...] [--cli TOOL FIRMWARE_DIR]
#                      [--golden TOOL FIRMWARE_DIR] [--safety TOOL FIRMWARE_DIR]
#                      [--fault TOOL FIRMWARE_DIR SO] [--hostile TOOL FIRMWARE_DIR]
#                      [--docs TOOL MANPAGE COMPLETION] [--systemd SRCDIR BUILDDIR]
#                      [--scripts]
#                      [--adversarial TOOL FIRMWARE_DIR]
#                      [--runner]   (this script's own checks: tests/check-runner.sh)
# TEST_WRAPPER (e.g. valgrind, qemu-arm-static) is put before every program.
set -u

passed=0
failed=0
skipped=0
failed_names=()

# count_tap NAME OUTPUT STATUS: add up one program's TAP. A result line is
# "ok", "not ok" or "ok ... # SKIP reason" (skipped, not passed). The plan
# lines ("1..N"; a cmocka program prints one per group) must add up to the
# number of results, or the program failed: a suite that stops half-way or
# loses a case must not pass. "1..0 # SKIP reason" says the whole suite
# could not run: it counts as one skip and its reason is printed.
count_tap() {
	local name=$1 out=$2 rc=$3 ok bad skip planned results line reason
	ok=0 bad=0 skip=0 planned=0 results=0
	local -a plans=() skips=()
	while IFS= read -r line; do
		case $line in
		'not ok '*)
			bad=$((bad + 1))
			echo "  $name: $line"
			;;
		'ok '*)
			if [[ $line =~ \#[[:space:]]*[Ss][Kk][Ii][Pp]([[:space:]]+(.*))?$ ]]; then
				skip=$((skip + 1))
				skips+=("${line%%#*}: ${BASH_REMATCH[2]:-no reason given}")
			else
				ok=$((ok + 1))
			fi
			;;
		1..*)
			plans+=("$line")
			;;
		esac
	done <<<"$out"
	results=$((ok + bad + skip))
	for line in "${plans[@]}"; do
		reason=${line#1..}
		planned=$((planned + ${reason%%[!0-9]*}))
		if [[ $line =~ ^1\.\.0[[:space:]]*\#[[:space:]]*[Ss][Kk][Ii][Pp][[:space:]]*(.*)$ ]]; then
			skip=$((skip + 1))
			skips+=("all of $name: ${BASH_REMATCH[1]:-no reason given}")
		fi
	done
	for line in "${skips[@]}"; do
		echo "  $name: skipped $line"
	done
	if [ ${#plans[@]} -eq 0 ]; then
		bad=$((bad + 1))
		echo "  $name: no TAP plan (1..N) in its output"
	elif [ "$planned" -ne "$results" ]; then
		bad=$((bad + 1))
		echo "  $name: planned $planned tests, ran $results"
	fi
	# A crash or a sanitizer/valgrind error fails the program as a whole.
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		bad=1
		echo "  $name: exited with status $rc"
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	skipped=$((skipped + skip))
	[ "$bad" -gt 0 ] && failed_names+=("$name")
	if [ "$skip" -gt 0 ]; then
		printf '%-28s %3d passed, %d failed, %d skipped\n' "$name" "$ok" "$bad" "$skip"
	else
		printf '%-28s %3d passed, %d failed\n' "$name" "$ok" "$bad"
	fi
}

# summary_line: "N passed, N failed", with ", N skipped" when there are any
# (scripts/test-all.sh and mk/cross.mk add these lines up).
summary_line() {
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
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
	--hostile)
		# One TAP line per swept class member; python3 is needed.
		out=$(TEST_WRAPPER="${TEST_WRAPPER:-}" python3 \
			"$(dirname "$0")/hostile/run.py" "$2" "$3" 2>&1)
		rc=$?
		echo "$out" | grep -v '^ok ' | grep -v '^1\.\.' | sed 's/^/    /'
		count_tap hostile "$out" "$rc"
		shift 3
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
	--runner)
		run_suite runner check-runner.sh
		shift
		;;
	*)
		sed -n '9,14p' "$0" >&2
		exit 2
		;;
	esac
done

if [ ${#failed_names[@]} -gt 0 ]; then
	echo "failed: ${failed_names[*]}"
fi
summary_line
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
