#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# scripts/debian-fetch.sh against a fake apt: apt-get, apt-cache and
# apt-config on PATH that answer from a table of their own, so nothing here
# needs the network or changes the host. The table's lines are what
# bookworm's apt 2.6 printed for bookworm-backports' armhf kernel
# (December 2026): the URI percent-encodes '+' and '~', the file name
# column does not, and `apt-get download` knows the packages only by their
# real names. TAP output.
#
#   tests/scripts/debian-fetch.sh
set -u

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fetch=$top/scripts/debian-fetch.sh
n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	local l
	for l in "$@"; do echo "#   $l"; done
}

work=$(mktemp -d "${TMPDIR:-/tmp}/m4fw-fetch.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/cache"

# debian-fetch.sh reads the host's archive addresses; a host without a
# Debian bookworm entry cannot run it at all.
if ! grep -rqs 'bookworm' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo "1..0 # SKIP the host's apt names no bookworm archive (debian-fetch.sh needs one)"
	exit 0
fi

# The fake apt. PKGS: "name|file|uri" for each package it knows.
cat >"$work/pkgs" <<'PKGS'
linux-image-armmp|linux-image-armmp_6.12.95-1~bpo12+1_armhf.deb|http://deb.example/pool/main/l/linux/linux-image-armmp_6.12.95-1%7ebpo12%2b1_armhf.deb
linux-image-6.12.95+deb12-armmp|linux-image-6.12.95+deb12-armmp_6.12.95-1~bpo12+1_armhf.deb|http://deb.example/pool/main/l/linux/linux-image-6.12.95%2bdeb12-armmp_6.12.95-1%7ebpo12%2b1_armhf.deb
PKGS

cat >"$work/bin/apt-get" <<'FAKE'
#!/bin/bash
pkgs=$FAKE_APT_PKGS
log=$FAKE_APT_LOG
echo "apt-get $*" >>"$log"
content() { printf 'fake deb %s\n' "$1"; }
case $1 in
update) exit 0 ;;
download)
	shift
	uris=0
	names=()
	for a in "$@"; do
		case $a in
		--print-uris) uris=1 ;;
		-*) ;;
		*) names+=("$a") ;;
		esac
	done
	for name in "${names[@]}"; do
		line=$(awk -F'|' -v n="$name" '$1 == n' "$pkgs")
		if [ -z "$line" ]; then
			echo "E: Unable to locate package $name"
			exit 100
		fi
		IFS='|' read -r _ file uri <<<"$line"
		if [ "$uris" -eq 1 ]; then
			size=$(content "$file" | wc -c)
			sum=$(content "$file" | sha256sum | cut -d' ' -f1)
			echo "'$uri' $file $size SHA256:$sum"
		else
			content "$file" >"$file"
		fi
	done
	;;
*) echo "E: fake apt-get: $1 not faked"; exit 100 ;;
esac
FAKE
cat >"$work/bin/apt-cache" <<'FAKE'
#!/bin/bash
echo "apt-cache $*" >>"$FAKE_APT_LOG"
for a in "$@"; do
	case $a in
	linux-image-armmp)
		echo "linux-image-armmp"
		echo "  Depends: linux-image-6.12.95+deb12-armmp"
		;;
	-*|depends) ;;
	*) echo "$a" ;;
	esac
done
FAKE
cat >"$work/bin/apt-config" <<'FAKE'
#!/bin/bash
exit 0
FAKE
chmod +x "$work/bin/"*
export FAKE_APT_PKGS=$work/pkgs FAKE_APT_LOG=$work/apt.log
export PATH=$work/bin:$PATH

echo "1..3"

# 1. A package whose name has a '+' (every backports kernel), pulled in as
# a dependency of the metapackage: downloaded by its real name.
out=$("$fetch" --cache "$work/cache" --suites "bookworm bookworm-backports" \
	--target-release bookworm-backports \
	--deps 'linux-image-[0-9]*-armmp' armhf - linux-image-armmp 2>&1)
rc=$?
want=$work/cache/debs/armhf/linux-image-6.12.95+deb12-armmp_6.12.95-1~bpo12+1_armhf.deb
if [ "$rc" -eq 0 ] && grep -qxF "$want" <<<"$out" && [ -s "$want" ]; then
	ok "a '+' in the package name (backports kernel): downloaded, its path printed"
else
	not_ok "a '+' in the package name (backports kernel): downloaded, its path printed" \
		"exit $rc, expected 0; output:" "$out" "apt calls:" "$(cat "$work/apt.log")"
fi

# 2. apt-get download was asked for both, by name, never by the URI's
# percent-encoding.
calls=$(grep '^apt-get download -q' "$work/apt.log")
if grep -q ' linux-image-6\.12\.95+deb12-armmp' <<<"$calls" &&
   ! grep -q '%2b\|%7e' <<<"$calls"; then
	ok "apt-get download asked for the names, not the URI's encoding"
else
	not_ok "apt-get download asked for the names, not the URI's encoding" \
		"its calls: ${calls:-none}"
fi

# 3. Run again: both files are in the cache and intact, nothing downloaded.
: >"$work/apt.log"
out=$("$fetch" --cache "$work/cache" --suites "bookworm bookworm-backports" \
	--target-release bookworm-backports \
	--deps 'linux-image-[0-9]*-armmp' armhf - linux-image-armmp 2>&1)
rc=$?
if [ "$rc" -eq 0 ] && ! grep -q '^apt-get download -q' "$work/apt.log" &&
   [ "$(grep -c '\.deb$' <<<"$out")" -eq 2 ]; then
	ok "second run: the cached '+' file is recognised, nothing downloaded"
else
	not_ok "second run: the cached '+' file is recognised, nothing downloaded" \
		"exit $rc; output:" "$out" "apt calls:" "$(cat "$work/apt.log")"
fi

[ "$failed" -eq 0 ]
