#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# clang-tidy over the sources with the project's flags and its .clang-tidy;
# exits 1 on any finding (the configuration makes every warning an error).
#
#   scripts/run-clang-tidy.sh            src/*.c
#   scripts/run-clang-tidy.sh FILE...    those files (tests too)
#
# CLANG_TIDY names the binary (default clang-tidy); JOBS how many run at
# once (default: the number of CPUs).
set -eu

cd "$(dirname "$0")/.."
tidy=${CLANG_TIDY:-clang-tidy}
jobs=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
if ! command -v "$tidy" >/dev/null 2>&1; then
	echo "run-clang-tidy: $tidy not found (apt-get install clang-tidy)" >&2
	exit 2
fi
if [ $# -eq 0 ]; then
	set -- src/*.c
fi

# The flags of the Makefile (M4FW_CPPFLAGS, -std; main.c has a default
# M4FW_VERSION), plus the test headers; split into words where used.
TIDY_FLAGS="-std=gnu11 -Iinclude -Isrc -Itests/support -D_FILE_OFFSET_BITS=64 \
-D_GNU_SOURCE $(pkg-config --cflags libelf cmocka 2>/dev/null || true)"
export TIDY_FLAGS

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One clang-tidy per file, $jobs at a time; each leaves its report.
# shellcheck disable=SC2016 # the inner script expands its own variables
printf '%s\n' "$@" | xargs -P "$jobs" -I{} sh -c '
	log=$1/$(echo "$2" | tr / _).log
	# shellcheck disable=SC2086 # TIDY_FLAGS is a list of words
	if ! "$3" --quiet "$2" -- $TIDY_FLAGS >"$log" 2>&1; then
		echo "$2" >"$log.failed"
	fi' sh "$out" {} "$tidy"

status=0
for f in "$@"; do
	log=$out/$(echo "$f" | tr / _).log
	# Keep the diagnostics, not clang's "N warnings generated." lines.
	grep -v -e '^[0-9]* warnings\? generated\.$' \
		-e '^[0-9]* warnings\? and [0-9]* errors\? generated\.$' \
		-e '^[0-9]* errors\? generated\.$' "$log" || true
	if [ -e "$log.failed" ] || grep -q -e 'warning:' -e 'error:' "$log"; then
		status=1
		echo "run-clang-tidy: $f: findings" >&2
	fi
done
if [ $status -eq 0 ]; then
	echo "run-clang-tidy: $# files clean"
fi
exit $status
