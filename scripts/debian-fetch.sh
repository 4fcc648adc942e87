#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# debian-fetch.sh: download Debian packages of any architecture and unpack
# them into a directory, without touching the host's apt state: no
# `dpkg --add-architecture`, no change to the host's package lists.
#
#   scripts/debian-fetch.sh [OPTIONS] ARCH DESTDIR PACKAGE...
#
#   ARCH      a Debian architecture: armhf, arm64, amd64, ...
#   DESTDIR   where the packages are unpacked with `dpkg -x` (created if
#             missing); `-` only downloads and prints the .deb paths
#   PACKAGE   a name, NAME=VERSION or NAME/SUITE (as `apt-get download`)
#
# Options:
#   --suites "S..."       suites to use; default "bookworm bookworm-updates"
#                         (e.g. "bookworm bookworm-updates bookworm-backports")
#   --components "C..."   default "main"
#   --target-release S    prefer suite S's versions, like `apt-get -t S`
#                         (e.g. bookworm-backports, whose packages apt
#                         otherwise never picks by itself)
#   --deps "PATTERN..."   also fetch the packages' dependencies (Depends,
#                         Pre-Depends, recursively) whose names match one of
#                         the shell patterns (space or comma separated;
#                         "*" takes all); other dependencies are left out
#                         and listed with -v
#   --cache DIR           default ${M4FW_CACHE:-$HOME/.cache/m4fwloader}
#   --max-age HOURS       refresh the package lists when older; default 24
#                         (DEBIAN_FETCH_MAX_AGE)
#   --update              refresh the package lists now
#   -q, --quiet           print nothing but errors (and the paths for `-`)
#   -v, --verbose         say what is skipped and why
#   -h, --help            this text
#
# The archive addresses are those the host's own apt already uses, read from
# /etc/apt/sources.list.d/*.sources (deb822) and /etc/apt/sources.list: for
# each suite the host entry that names that suite, else the entry that names
# its release (bookworm for bookworm-backports), with its Signed-By keyring.
# The host's proxy and Acquire::Check-* settings are carried over.
#
# Everything lives in the cache directory:
#   apt/ARCH_SUITES/   private apt configuration, package lists, pkgcache
#   debs/ARCH/         downloaded .deb files (kept; re-used when intact)
# and DESTDIR/.debian-fetch/ records what was unpacked there: running the
# same command again does nothing (no network), a newer version of a
# package replaces the files of the old one.
#
# Exit status: 0 done, 1 failure (archive unreachable, package unknown, ...),
# 2 usage error. Example:
#   scripts/debian-fetch.sh --suites "bookworm bookworm-backports" \
#       --target-release bookworm-backports amd64 /tmp/qemu \
#       qemu-system-arm qemu-system-common
set -euo pipefail

prog=debian-fetch.sh
suites="bookworm bookworm-updates"
components="main"
target_release=""
deps=""
want_deps=0
cache="${M4FW_CACHE:-${HOME:?}/.cache/m4fwloader}"
max_age="${DEBIAN_FETCH_MAX_AGE:-24}"
force_update=0
quiet=0
verbose=0

die() {
	echo "$prog: error: $*" >&2
	exit 1
}

usage_error() {
	echo "$prog: $*" >&2
	echo "Try '$0 --help'." >&2
	exit 2
}

say() {
	[ "$quiet" -eq 1 ] || echo "$prog: $*" >&2
}

debug() {
	[ "$verbose" -eq 0 ] || echo "$prog: $*" >&2
}

while [ $# -gt 0 ]; do
	case $1 in
	--suites) suites=${2?}; shift 2 ;;
	--components) components=${2?}; shift 2 ;;
	--target-release) target_release=${2?}; shift 2 ;;
	--deps) deps=${2?}; want_deps=1; shift 2 ;;
	--cache) cache=${2?}; shift 2 ;;
	--max-age) max_age=${2?}; shift 2 ;;
	--update) force_update=1; shift ;;
	-q|--quiet) quiet=1; shift ;;
	-v|--verbose) verbose=1; shift ;;
	-h|--help)
		sed -n '4,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
		exit 0
		;;
	--) shift; break ;;
	-*) usage_error "unknown option '$1'" ;;
	*) break ;;
	esac
done

[ $# -ge 3 ] || usage_error "need ARCH DESTDIR PACKAGE..."
arch=$1
dest=$2
shift 2
packages=("$@")

case $arch in
*[!a-z0-9]*|'') usage_error "'$arch' is not a Debian architecture name" ;;
esac
case $max_age in
*[!0-9]*|'') usage_error "--max-age wants a whole number of hours" ;;
esac
deps=${deps//,/ }
for tool in apt-get apt-cache apt-config dpkg-deb sha256sum flock; do
	command -v "$tool" >/dev/null || die "'$tool' not found: this needs a Debian-based host"
done

# ---------------------------------------------------------------------------
# Nothing to do when DESTDIR already holds exactly this request.
request_key=$(printf '%s\n' "$arch" "$suites" "$components" \
	"$target_release" "$want_deps:$deps" "${packages[@]}" |
	sha256sum | cut -c1-16)
if [ "$dest" != - ]; then
	done_stamp="$dest/.debian-fetch/request-$request_key"
	if [ -f "$done_stamp" ] && [ "$force_update" -eq 0 ]; then
		debug "$dest is up to date ($(tr '\n' ' ' <"$done_stamp"))"
		exit 0
	fi
fi

# One run at a time per cache and architecture: apt-get update locks its
# lists, and the .deb files are shared.
mkdir -p "$cache"
exec 9>"$cache/.lock-$arch"
if ! flock -w 600 9; then
	die "$cache/.lock-$arch: another $prog has held it for 10 minutes"
fi

# ---------------------------------------------------------------------------
# The host's archive entries, one line each: "TYPES|URIS|SUITES|COMPS|KEY".

host_entries() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# deb822: paragraphs; continuation lines start with white space
		# (an inline Signed-By key block: not a path, so left out).
		awk '
		function flush() {
			if (types != "" && uris != "" && tolower(enabled) != "no")
				print types "|" uris "|" suites "|" comps "|" key
			types = uris = suites = comps = key = ""; enabled = "yes"
		}
		BEGIN { enabled = "yes" }
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); field = ""; next }
		/^[ \t]/ { next }
		{
			field = tolower($1); sub(/:$/, "", field)
			val = $0; sub(/^[^:]*:[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
			if (field == "types") types = val
			else if (field == "uris") uris = val
			else if (field == "suites") suites = val
			else if (field == "components") comps = val
			else if (field == "enabled") enabled = val
			else if (field == "signed-by" && val ~ /^\//) key = val
		}
		END { flush() }' "$f"
	done
	f=/etc/apt/sources.list
	[ -f "$f" ] || return 0
	# One-line format: deb [opt=val ...] URI SUITE COMPONENT...
	awk '
	/^[ \t]*deb[ \t]/ {
		key = ""; i = 2
		if ($2 ~ /^\[/) {
			while (i <= NF) {
				o = $i; sub(/^\[/, "", o); sub(/\]$/, "", o)
				if (o ~ /^signed-by=\//) { key = o; sub(/^signed-by=/, "", key) }
				if ($i ~ /\]$/) { i++; break }
				i++
			}
		}
		uri = $i; suite = $(i + 1); comps = ""
		for (j = i + 2; j <= NF; j++) comps = comps " " $j
		print "deb|" uri "|" suite "|" comps "|" key
	}' "$f"
}

entries=$(host_entries)

# The entry (URIs and keyring) to use for one suite: the one naming it, else
# the one naming its release (the part before the first '-').
entry_for_suite() {
	local want=$1 try types uris s key
	for try in "$want" "${want%%-*}"; do
		while IFS='|' read -r types uris s _ key; do
			case " $types " in *" deb "*) ;; *) continue ;; esac
			case " $s " in *" $try "*) ;; *) continue ;; esac
			echo "$uris|$key"
			return 0
		done <<<"$entries"
	done
	return 1
}

sources_text=""
for suite in $suites; do
	e=$(entry_for_suite "$suite") ||
		die "no Debian archive for suite '$suite' (nor '${suite%%-*}') in /etc/apt/sources.list or /etc/apt/sources.list.d/*.sources"
	uris=${e%%|*}
	key=${e#*|}
	sources_text+="Types: deb
URIs: $uris
Suites: $suite
Components: $components
"
	[ -z "$key" ] || sources_text+="Signed-By: $key
"
	sources_text+=$'\n'
done

# ---------------------------------------------------------------------------
# The private apt configuration.

suites_tag=$(echo "$suites" | tr -s ' \t' '+' | sed 's/^+//; s/+$//')
conf="$cache/apt/${arch}_$suites_tag"
debs="$cache/debs/$arch"
mkdir -p "$conf/state/lists/partial" "$conf/cache/archives/partial" \
	"$conf/sources.list.d" "$conf/apt.conf.d" "$conf/preferences.d" \
	"$conf/log" "$debs"
: >"$conf/sources.list"
: >"$conf/empty.conf"
[ -f "$conf/state/status" ] || : >"$conf/state/status"

sources_file="$conf/sources.list.d/debian-fetch.sources"
if [ ! -f "$sources_file" ] || [ "$(cat "$sources_file")" != "$(printf '%s' "$sources_text")" ]; then
	printf '%s' "$sources_text" >"$sources_file"
	rm -f "$conf/updated"
fi

# The host's network settings (proxies, timeouts, Check-Valid-Until for a
# snapshot mirror) but none of its hooks, index targets or architectures.
host_acquire=$(apt-config dump 2>/dev/null |
	grep -E '^Acquire::(https?|ftp|socks|Check-|Retries|ForceIPv|Max-ValidTime|Min-ValidTime)' ||
	true)

{
	echo "// Written by $prog; private to this cache. Do not edit."
	echo "Dir::State \"$conf/state\";"
	echo "Dir::State::status \"$conf/state/status\";"
	echo "Dir::Cache \"$conf/cache\";"
	echo "Dir::Cache::pkgcache \"pkgcache.bin\";"
	echo "Dir::Cache::srcpkgcache \"\";"
	echo "Dir::Etc::SourceList \"$conf/sources.list\";"
	echo "Dir::Etc::SourceParts \"$conf/sources.list.d\";"
	echo "Dir::Etc::Main \"$conf/empty.conf\";"
	echo "Dir::Etc::Parts \"$conf/apt.conf.d\";"
	echo "Dir::Etc::Preferences \"$conf/empty.conf\";"
	echo "Dir::Etc::PreferencesParts \"$conf/preferences.d\";"
	echo "Dir::Log \"$conf/log\";"
	echo "APT::Architecture \"$arch\";"
	echo "APT::Architectures { \"$arch\"; };"
	echo "Acquire::Languages { \"none\"; };"
	echo "Acquire::GzipIndexes \"true\";"
	# As root apt downloads as user _apt, who cannot enter a private
	# cache in root's home directory.
	[ "$(id -u)" -ne 0 ] || echo "APT::Sandbox::User \"root\";"
	[ -z "$target_release" ] || echo "APT::Default-Release \"$target_release\";"
	[ -z "$host_acquire" ] || echo "$host_acquire"
} >"$conf/apt.conf"

export APT_CONFIG="$conf/apt.conf"
unset APT_LISTCHANGES_FRONTEND
export LC_ALL=C

# ---------------------------------------------------------------------------
# Package lists: refreshed when forced, missing or older than max_age.

lists_fresh() {
	[ -f "$conf/updated" ] &&
		[ -n "$(find "$conf/updated" -mmin "-$((max_age * 60))" 2>/dev/null)" ]
}

if [ "$force_update" -eq 1 ] || ! lists_fresh; then
	say "updating the $arch package lists of $suites"
	log="$conf/log/update.log"
	if ! apt-get update --error-on=any -q >"$log" 2>&1; then
		uris_used=$(sed -n 's/^URIs: //p' "$sources_file" | sort -u | tr '\n' ' ')
		{
			echo "$prog: error: cannot update the $arch package lists of"
			echo "  suites $suites at ${uris_used% }"
			echo "  (is the Debian archive reachable from here? a proxy needed?)"
			echo "  apt-get said:"
			grep -E '^(E|W|Err):' "$log" | sed 's/^/    /' | head -n 20
		} >&2
		exit 1
	fi
	touch "$conf/updated"
else
	debug "package lists younger than $max_age h: not updated"
fi

# ---------------------------------------------------------------------------
# Resolve dependencies within the allow-list.

allowed() {
	local name=$1 pat
	# shellcheck disable=SC2086
	set -f
	for pat in $deps; do
		# shellcheck disable=SC2254
		case $name in $pat) set +f; return 0 ;; esac
	done
	set +f
	return 1
}

base_name() {
	local n=${1%%[=/]*}
	echo "${n%%:*}"
}

wanted=("${packages[@]}")
if [ "$want_deps" -eq 1 ]; then
	declare -A seen=()
	for p in "${packages[@]}"; do
		seen[$(base_name "$p")]=1
	done
	queue=()
	for p in "${packages[@]}"; do queue+=("$(base_name "$p")"); done
	while [ ${#queue[@]} -gt 0 ]; do
		out=$(apt-cache depends --no-recommends --no-suggests \
			--no-conflicts --no-breaks --no-replaces --no-enhances \
			"${queue[@]}" 2>&1) ||
			die "apt-cache depends ${queue[*]}: $(echo "$out" | grep '^E:' | head -n 3)"
		queue=()
		# "  Depends: name", " |Depends: name" (an alternative),
		# "  PreDepends: name"; "<name>" is a virtual package.
		for d in $(sed -n 's/^ [ |]\(Pre\)\{0,1\}Depends: \([^<][^ ]*\)$/\2/p' <<<"$out" |
			   sed 's/:.*//' | sort -u); do
			[ -z "${seen[$d]:-}" ] || continue
			seen[$d]=1
			if allowed "$d"; then
				wanted+=("$d")
				queue+=("$d")
			else
				debug "dependency $d not in the allow-list: left out"
			fi
		done
	done
fi

# ---------------------------------------------------------------------------
# Download what is not in the cache yet (apt-get verifies the hashes).

uris=$(apt-get download --print-uris -q "${wanted[@]}" 2>&1) ||
	die "cannot find ${wanted[*]} for $arch in $suites: $(echo "$uris" | grep '^E:' | head -n 5)"

files=()
missing=()
while read -r _ file size hash; do
	[ -n "$file" ] || continue
	files+=("$file")
	if [ -f "$debs/$file" ] &&
	   [ "$(stat -c %s "$debs/$file")" = "$size" ] &&
	   [ "${hash#SHA256:}" = "$(sha256sum <"$debs/$file" | cut -d' ' -f1)" ]; then
		continue
	fi
	rm -f "$debs/$file"
	# The name from apt's own file column: the URI is percent-encoded
	# ('+' is %2b in every backports version).
	missing+=("$file")
done < <(grep "^'" <<<"$uris" | tr -d "'")

if [ ${#missing[@]} -gt 0 ]; then
	say "downloading ${#missing[@]} package(s) for $arch"
	# The file names carry no epoch: ask for the packages as they were
	# asked for, found by name.
	declare -A spec=()
	for p in "${wanted[@]}"; do
		spec[$(base_name "$p")]=$p
	done
	names=()
	for f in "${missing[@]}"; do
		names+=("${spec[${f%%_*}]:-${f%%_*}}")
	done
	(cd "$debs" && apt-get download -q "${names[@]}" >"$conf/log/download.log" 2>&1) || {
		echo "$prog: error: downloading ${names[*]} ($arch) failed; apt-get said:" >&2
		grep -E '^(E|W|Err):' "$conf/log/download.log" | sed 's/^/    /' >&2
		exit 1
	}
fi

if [ "$dest" = - ]; then
	for f in "${files[@]}"; do echo "$debs/$f"; done
	exit 0
fi

# ---------------------------------------------------------------------------
# Unpack. DESTDIR/.debian-fetch/PACKAGE.deb names the unpacked version and
# PACKAGE.list its files, so that another version replaces it cleanly.

state="$dest/.debian-fetch"
mkdir -p "$state"
for f in "${files[@]}"; do
	pkg=${f%%_*}
	if [ "$(cat "$state/$pkg.deb" 2>/dev/null)" = "$f" ]; then
		debug "$f already unpacked"
		continue
	fi
	if [ -f "$state/$pkg.list" ]; then
		debug "removing the files of $(cat "$state/$pkg.deb")"
		while read -r old; do
			if [ -f "$dest/$old" ] || [ -L "$dest/$old" ]; then
				rm -f "$dest/$old"
			fi
		done <"$state/$pkg.list"
	fi
	say "unpacking $f"
	dpkg-deb --fsys-tarfile "$debs/$f" | tar -t | sed 's|^\./||' |
		grep -v '/$' >"$state/$pkg.list.new"
	dpkg-deb -x "$debs/$f" "$dest" ||
		die "cannot unpack $debs/$f into $dest"
	mv "$state/$pkg.list.new" "$state/$pkg.list"
	echo "$f" >"$state/$pkg.deb"
done
printf '%s\n' "${files[@]}" >"$state/request-$request_key"
