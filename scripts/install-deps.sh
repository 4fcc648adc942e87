#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install what building and testing m4fwloader needs, from Debian's own
# packages (Debian bookworm). Idempotent: installs only what is missing,
# and runs apt-get update only when something is.
#
#   scripts/install-deps.sh            build + test (libelf, cmocka, ARM firmware toolchain)
#   scripts/install-deps.sh --analysis also clang, valgrind, cppcheck, clang-tidy
#   scripts/install-deps.sh --cross    also the armhf/arm64 cross compilers and qemu-user
#   scripts/install-deps.sh --e2e      also what make e2e needs besides --cross
#   scripts/install-deps.sh --all      everything above
set -eu

# systemd: systemd-analyze, which checks the boot-time unit in make check.
base="make gcc libc6-dev pkg-config libelf-dev libcmocka-dev python3
gcc-arm-none-eabi binutils-arm-none-eabi groff-base groff systemd"
# libclang-rt-dev: the libFuzzer runtime, which clang only recommends.
analysis="clang clang-tidy llvm libclang-rt-dev valgrind cppcheck"
cross="gcc-arm-linux-gnueabihf libc6-dev-armhf-cross gcc-aarch64-linux-gnu
libc6-dev-arm64-cross qemu-user-static dpkg-dev"
# make e2e: cpio and gzip for the initramfs, and bookworm's qemu-system-arm
# only for the shared libraries that the QEMU 10 from bookworm-backports
# (unpacked by tests/e2e/run.sh, not installed) runs with; dtc for the
# remoteproc guest's device tree.
e2e="qemu-system-arm cpio gzip device-tree-compiler"

want="$base"
for arg in "$@"; do
	case $arg in
	--analysis) want="$want $analysis" ;;
	--cross) want="$want $cross" ;;
	--e2e) want="$want $e2e" ;;
	--all) want="$want $analysis $cross $e2e" ;;
	-h|--help)
		sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "install-deps.sh: unknown argument '$arg'" >&2
		exit 2
		;;
	esac
done

missing=""
for pkg in $want; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case $status in
	*" installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done

if [ -z "$missing" ]; then
	echo "install-deps.sh: everything needed is installed"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "install-deps.sh: missing:$missing; run as root to install them" >&2
	exit 1
fi

echo "install-deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# --no-install-recommends: gcc-arm-none-eabi would pull in newlib, which
# the test firmware (-nostdlib -ffreestanding) does not need, and
# qemu-system-arm firmware and a GUI no serial-console machine uses.
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
