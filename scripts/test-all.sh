#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The whole test suite, as CI runs it: install what is needed, then build
# and test with gcc and clang (-Werror), under ASan+UBSan (gcc and clang)
# and under valgrind, as armhf and arm64 binaries under qemu-user, fuzz the
# image parser and planner for two minutes, run a rotating part of the
# mutation list (make mutate), run the static analysers, and
# run the tool on Debian's own kernel on an emulated i.MX7D (QEMU) (cppcheck: variableScope
# is off, the kernel style declares variables at the top of a block).
# Ends with one line: "N passed, N failed" (", N skipped" when any test
# was skipped: each stage's log names every skip and its reason).
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh --all

total_pass=0
total_fail=0
total_skip=0
failed_stages=""
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
started=""

# start NAME COMMAND...: run a stage in the background, output to its log.
# Stages run two or three at a time: most of their time is spent starting
# processes and waiting on them, not computing, on this 2-core machine.
start() {
	name=$1
	shift
	started="$started $name"
	(
		t0=$(date +%s)
		if "$@" >"$logdir/$name.log" 2>&1; then rc=0; else rc=$?; fi
		echo "$rc $(($(date +%s) - t0))" >"$logdir/$name.rc"
	) &
}

# finish: wait for the started stages, then report each in order. A stage
# that prints "N passed, N failed[, N skipped]" counts those; any other
# counts as one.
finish() {
	wait
	for name in $started; do
		read -r rc secs <"$logdir/$name.rc"
		printf '\n=== %s (%s s)\n' "$name" "$secs"
		grep -v '^make\[' "$logdir/$name.log" | tail -n 40
		# Every skip with its reason, even those above the last 40 lines.
		grep -E '^ +[^ ]+: skipped ' "$logdir/$name.log" |
			sed 's/^ */  skip: /' || true
		line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' \
			"$logdir/$name.log" | tail -n 1 || true)
		if [ -n "$line" ]; then
			# shellcheck disable=SC2086
			set -- $line
			total_pass=$((total_pass + $1))
			total_fail=$((total_fail + $3))
			total_skip=$((total_skip + ${5:-0}))
		elif [ "$rc" -eq 0 ]; then
			total_pass=$((total_pass + 1))
		fi
		if [ "$rc" -ne 0 ]; then
			failed_stages="$failed_stages $name"
			[ -n "$line" ] || total_fail=$((total_fail + 1))
		fi
	done
	started=""
}

jobs=$(nproc 2>/dev/null || echo 2)
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
t_all=$(date +%s)

make -s clean
# The firmware first: several stages below use build/firmware.
make -s firmware >/dev/null

start gcc make -s -j"$jobs" check
start clang make -s -j"$jobs" check CC=clang O=build/clang
finish
start asan-ubsan-gcc make -s -j"$jobs" check SANITIZE=1 O=build/asan
start asan-ubsan-clang make -s -j"$jobs" check SANITIZE=1 CC=clang \
	O=build/asan-clang
finish
start valgrind make -s -j"$jobs" check O=build/valgrind TEST_WRAPPER="$vg"
start cross make -s -j"$jobs" check-cross
finish
start fuzz make -s fuzz FUZZ_SECONDS=120
# Mutation testing: the part of tests/mutations.txt that fits in 90 s
# after the scratch build (about 3 minutes in all), starting 4 entries
# further each day of the year (scripts/mutate.py --rotate), so that daily
# runs go round the whole list (about three weeks); `make mutate` runs
# all of it.
start mutate make -s mutate MUTATE_BUDGET=90 MUTATE_ROTATE=1 \
	MUTATE_NO_BASELINE=1
start clang-tidy scripts/run-clang-tidy.sh
start cppcheck cppcheck --quiet --error-exitcode=1 --inline-suppr \
	--enable=warning,style,performance,portability --std=c11 \
	--suppress=variableScope \
	-D_FILE_OFFSET_BITS=64 -Iinclude -Isrc src
start install sh -c 'd=$(mktemp -d) && make -s install DESTDIR="$d" PREFIX=/usr &&
	test -x "$d/usr/bin/m4fwloader" &&
	test -f "$d/usr/share/man/man1/m4fwloader.1" &&
	test -f "$d/usr/share/bash-completion/completions/m4fwloader" &&
	make -s uninstall DESTDIR="$d" PREFIX=/usr &&
	test -z "$(find "$d" -type f)" && rm -rf "$d"'
finish

# Last and alone: boots Debian's armhf kernel on an emulated i.MX7D (the
# /dev/mem and the remoteproc guests) and its arm64 kernel on an i.MX8MP.
start e2e make -s e2e
finish

printf '\n(all stages: %s s)\n' "$(($(date +%s) - t_all))"
[ -z "$failed_stages" ] || echo "failed stages:$failed_stages"
if [ "$total_skip" -gt 0 ]; then
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
	echo "$total_pass passed, $total_fail failed"
fi
[ "$total_fail" -eq 0 ]
