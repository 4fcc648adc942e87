#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The whole test suite, as CI runs it: install what is needed, then build
# and test with gcc and clang (-Werror), under ASan+UBSan (gcc and clang)
# and under valgrind, as armhf and arm64 binaries under qemu-user, fuzz the
# image parser and planner for two minutes, and run the static analysers (cppcheck: variableScope
# is off, the kernel style declares variables at the top of a block).
# Ends with one line: "N passed, N failed".
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh --all

total_pass=0
total_fail=0
failed_stages=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Run "make check ..." as a stage and add its "N passed, N failed" line.
stage() {
	name=$1
	shift
	printf '\n=== %s\n' "$name"
	t0=$(date +%s)
	if "$@" >"$log" 2>&1; then rc=0; else rc=$?; fi
	grep -v '^make\[' "$log" | tail -n 40
	echo "($name: $(($(date +%s) - t0)) s)"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
	if [ -n "$line" ]; then
		total_pass=$((total_pass + ${line%% passed*}))
		f=${line#*passed, }
		total_fail=$((total_fail + ${f%% failed}))
	fi
	if [ "$rc" -ne 0 ]; then
		failed_stages="$failed_stages $name"
		[ -n "$line" ] || total_fail=$((total_fail + 1))
	fi
}

# A stage with no test count of its own: one pass or one failure.
check_stage() {
	name=$1
	shift
	printf '\n=== %s\n' "$name"
	if "$@"; then
		total_pass=$((total_pass + 1))
	else
		total_fail=$((total_fail + 1))
		failed_stages="$failed_stages $name"
	fi
}

jobs=$(nproc 2>/dev/null || echo 2)
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"

make -s clean
stage gcc make -s -j"$jobs" check
stage clang make -s -j"$jobs" check CC=clang O=build/clang
stage asan-ubsan-gcc make -s -j"$jobs" check SANITIZE=1 O=build/asan
stage asan-ubsan-clang make -s -j"$jobs" check SANITIZE=1 CC=clang \
	O=build/asan-clang
stage valgrind make -s -j"$jobs" check O=build/valgrind TEST_WRAPPER="$vg"
stage cross make -s -j"$jobs" check-cross
check_stage fuzz make -s fuzz FUZZ_SECONDS=120
check_stage clang-tidy scripts/run-clang-tidy.sh
check_stage cppcheck cppcheck --quiet --error-exitcode=1 --inline-suppr \
	--enable=warning,style,performance,portability --std=c11 \
	--suppress=variableScope \
	-D_FILE_OFFSET_BITS=64 -Iinclude -Isrc src

printf '\n'
[ -z "$failed_stages" ] || echo "failed stages:$failed_stages"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
