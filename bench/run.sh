#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run the benchmark and print its table (also written to OUT/results.md):
#   bench/run.sh --tool M4FWLOADER --copy BENCH_COPY --out OUT [options]
# `make bench` passes these; bench/bench.py --help lists the options
# (--runs N, --copy-seconds S, --tmpdir DIR, --no-callgrind).
# PYTHON names the interpreter (default python3).

here=$(dirname "$0")
PYTHON=${PYTHON:-python3}

if ! command -v "$PYTHON" >/dev/null 2>&1; then
	echo "bench: $PYTHON not found: the benchmark driver needs python3" >&2
	exit 1
fi
exec "$PYTHON" "$here/bench.py" "$@"
