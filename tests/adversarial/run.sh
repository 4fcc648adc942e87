#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The adversarial suite, one class at a time (TAP output):
#
#   tests/adversarial/run.sh CLASS TOOL FIRMWARE_DIR
#
#   complexity  crafted images judged under 1 s of CPU and size + 32 MiB
#   races       loaders started at random on one memory file
#   planted     links and files planted by another user at the tool's paths
#
# TEST_WRAPPER, if set, is put before every run of TOOL; SANITIZE=1 (a
# sanitizer build) keeps the complexity class from judging its figures.
set -u
here=$(dirname "$0")
# The real interpreter, not a version manager's shim (10x faster start).
py=$(python3 -c 'import sys; print(sys.executable)') || exit 2
case ${1:-} in
complexity) exec "$py" "$here/complexity.py" "$2" ;;
races) exec "$py" "$here/races.py" "$2" "$3" ;;
planted) exec bash "$here/planted.sh" "$2" "$3" ;;
*)
	sed -n '4,12p' "$0" >&2
	exit 2
	;;
esac
