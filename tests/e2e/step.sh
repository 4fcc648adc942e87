#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# One step of `make e2e` before the guest boots (installing, building):
# run it, append "SECONDS<TAB>LABEL" to STEPS (tests/e2e/run.sh prints them
# with its own times), and on failure say so loudly and count one failed
# test, so that no summary reads as a pass.
#
#   tests/e2e/step.sh STEPS [-q] LABEL COMMAND [ARG]...
#   -q   the command's standard output goes to /dev/null
[ $# -ge 3 ] || { echo "usage: $0 STEPS [-q] LABEL COMMAND..." >&2; exit 2; }
steps=$1
shift
quiet=0
if [ "$1" = -q ]; then
	quiet=1
	shift
fi
[ $# -ge 2 ] || { echo "usage: $0 STEPS [-q] LABEL COMMAND..." >&2; exit 2; }
label=$1
shift

echo "e2e: $label"
t0=$(date +%s%N)
if [ "$quiet" -eq 1 ]; then
	"$@" >/dev/null
else
	"$@"
fi
rc=$?
t1=$(date +%s%N)
mkdir -p "$(dirname "$steps")"
printf '%d.%02d\t%s\n' $(((t1 - t0) / 1000000000)) \
	$(((t1 - t0) / 10000000 % 100)) "$label" >>"$steps"
if [ "$rc" -ne 0 ]; then
	{
		echo
		echo "######################################################################"
		echo "# E2E FAILED: step '$label' exited with status $rc"
		echo "# (see its messages above; the guest was not booted)"
		echo "######################################################################"
		echo "0 passed, 1 failed"
	} >&2
	exit "$rc"
fi
