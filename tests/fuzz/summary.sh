#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The end of a libFuzzer run in one line: executions, executions per
# second, coverage (cov: edges, ft: features) and the corpus it left.
#
#   tests/fuzz/summary.sh FUZZ_LOG CORPUS_DIR
set -eu

log=$1
corpus=$2

stat() {
	sed -n "s/^stat::$1: *//p" "$log" | tail -1
}

# The last status line: "#123456 DONE   cov: 1234 ft: 5678 corp: ..."
last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" |
	tail -1)
cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
corp=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([^ ]*\).*/\1/p')
runs=$(stat number_of_executed_units)
eps=$(stat average_exec_per_sec)
new=$(stat new_units_added)
rss=$(stat peak_rss_mb)
files=$(find "$corpus" -type f | wc -l)

echo "fuzz: ${runs:-?} inputs, ${eps:-?} exec/s, cov: ${cov:-?} ft: ${ft:-?}, corpus ${corp:-?} (${files} files in $corpus, ${new:-0} new), peak RSS ${rss:-?} MB"
echo "fuzz: no crash, leak, sanitizer report or property violation"
