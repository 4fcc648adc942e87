#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What `make e2e` needs on the host, from the distribution's own packages
# (Debian bookworm): the build and cross-build dependencies
# (scripts/install-deps.sh --cross), cpio and gzip for the initramfs, and
# bookworm's qemu-system-arm, installed only for the shared libraries that
# the QEMU 10 from bookworm-backports (unpacked by tests/e2e/run.sh, not
# installed) links with. Idempotent: apt runs only when something is
# missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

"$here/../../scripts/install-deps.sh" --cross

want="qemu-system-arm cpio gzip"
missing=""
for pkg in $want; do
	case $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true) in
	*" installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done
if [ -z "$missing" ]; then
	echo "tests/e2e/install-deps.sh: everything needed is installed"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "tests/e2e/install-deps.sh: missing:$missing; run as root to install them" >&2
	exit 1
fi

echo "tests/e2e/install-deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# No apt-get update when the package lists know the packages already
# (scripts/install-deps.sh may just have run it); once more if the lists
# turn out stale (a version no longer in the archive).
# --no-install-recommends: qemu-system-arm would pull in ipxe, seabios,
# the GUI, none of which a serial-console ARM machine uses.
# shellcheck disable=SC2086
if ! apt-cache show $missing >/dev/null 2>&1; then
	$sudo apt-get update -q
fi
# shellcheck disable=SC2086
if ! $sudo apt-get install -y -q --no-install-recommends $missing; then
	$sudo apt-get update -q
	# shellcheck disable=SC2086
	$sudo apt-get install -y -q --no-install-recommends $missing
fi
