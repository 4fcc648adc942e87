#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Check that the man page and the bash completion keep up with the tool:
#
#   tests/check-docs.sh TOOL MANPAGE COMPLETION
#
# The reference is what `TOOL --help` prints (its "Commands:" and
# "Options:" sections and the SoC names of --soc). TAP output; exits 1 if
# a check fails. TOOL runs through $TEST_WRAPPER when it is set (valgrind,
# qemu-arm-static). Needs groff.
set -u

if [ $# -ne 3 ]; then
	echo "usage: $0 TOOL MANPAGE COMPLETION" >&2
	exit 2
fi
tool=$1
manpage=$2
completion=$3

n=0
failed=0

pass() {
	n=$((n + 1))
	echo "ok $n - $1"
}

# fail DESCRIPTION [DIAGNOSTIC LINE]...
fail() {
	local line

	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do
		echo "# $line"
	done
}

# check DESCRIPTION WHAT MISSING...: pass if nothing is missing.
check() {
	local desc=$1 what=$2

	shift 2
	if [ $# -eq 0 ]; then
		pass "$desc"
	else
		fail "$desc" "$what: $*"
	fi
}

# The lines of section $1 ("Options:") of --help, up to the next blank line.
help_section() {
	awk -v want="$1" '
		$0 == want { on = 1; next }
		on && /^[[:space:]]*$/ { exit }
		on { print }
	' <<<"$help"
}

# Man page text with the escapes that matter here undone: \- and \(hy
# are hyphens; \& and \: are invisible; font changes go. (\c stays: it
# marks a tag that goes on on the next line.)
normalise_man() {
	sed -e 's/\\-/-/g' -e 's/\\(hy/-/g' -e 's/\\\[hy\]/-/g' \
	    -e 's/\\[&:]//g' \
	    -e 's/\\f[BIRP1-4]//g' -e 's/\\f(..//g' -e 's/\\f\[[^]]*\]//g' \
	    "$1"
}

# The lines of man page section $1 (.SH NAME, quotes optional).
man_section() {
	awk -v want="$1" '
		/^\.SH[[:space:]]/ {
			name = $0
			sub(/^\.SH[[:space:]]+/, "", name)
			gsub(/"/, "", name)
			on = (name == want)
			next
		}
		on { print }
	' <<<"$man_text"
}

# The tags of the .TP/.TQ entries in TEXT: the line after the macro, and
# the lines after it while they end in \c.
tp_tags() {
	awk '
		/^\.T[PQ]([[:space:]]|$)/ { take = 1; next }
		take { print; take = ($0 ~ /\\c$/) }
	' <<<"$1"
}

# has_word TEXT WORD: WORD occurs in TEXT, not as part of a longer option
# or name (so --json does not match --jsonl, -v does not match -vv).
has_word() {
	grep -qE -- "(^|[^[:alnum:]_-])${2//./\\.}([^[:alnum:]_-]|$)" <<<"$1"
}

out=""
echo "1..13"

# ---- the reference: --help -------------------------------------------
# shellcheck disable=SC2086 # TEST_WRAPPER may be several words
help=$(${TEST_WRAPPER:-} "$tool" --help 2>&1)
rc=$?
help_long=()
help_short=()
help_cmds=()
help_socs=()
if [ $rc -eq 0 ] && [ -n "$(help_section 'Options:')" ] &&
   [ -n "$(help_section 'Commands:')" ]; then
	options=$(help_section 'Options:')
	# "  -s, --soc=NAME  text" or "      --root=DIR  text"
	mapfile -t help_long < <(grep -oE -- '^ +(-[[:alnum:]], +)?--[[:alnum:]][[:alnum:]-]*' <<<"$options" |
				 grep -oE -- '--[[:alnum:]][[:alnum:]-]*$')
	mapfile -t help_short < <(grep -oE -- '^ +-[[:alnum:]],' <<<"$options" |
				  grep -oE -- '-[[:alnum:]]')
	# A command may have several lines ("dump REGION ...", "dump ADDR ...").
	mapfile -t help_cmds < <(help_section 'Commands:' |
				 sed -nE 's/^ +([a-z][a-z0-9-]*).*/\1/p' |
				 awk '!seen[$0]++')
	# The --soc entry and its continuation lines name the SoCs.
	mapfile -t help_socs < <(awk '
		/^ +(-[[:alnum:]], +)?--soc[= ]/ { on = 1; print; next }
		on && /^ +-/ { exit }
		on { print }
	' <<<"$options" | sed 's/.*the SoC://' | grep -oE '\<imx[[:alnum:]]+\>')
fi
if [ $rc -ne 0 ]; then
	mapfile -t lines < <(head -n 3 <<<"$help")
	fail "$tool --help exits with status 0" "exit status $rc" "${lines[@]}"
elif [ ${#help_long[@]} -eq 0 ] || [ ${#help_cmds[@]} -eq 0 ] ||
     [ ${#help_socs[@]} -eq 0 ]; then
	fail "$tool --help lists commands, options and SoC names" \
	     "found ${#help_cmds[@]} commands, ${#help_long[@]} long options, ${#help_socs[@]} SoC names"
else
	pass "$tool --help lists ${#help_cmds[@]} commands, ${#help_long[@]} long options, ${#help_short[@]} short options, ${#help_socs[@]} SoCs"
fi

# ---- the man page ----------------------------------------------------
if [ -r "$manpage" ]; then
	man_text=$(normalise_man "$manpage")
else
	man_text=''
	echo "# cannot read $manpage"
fi
man_options=$(man_section OPTIONS)
man_option_tags=$(tp_tags "$man_options")
man_command_tags=$(tp_tags "$(man_section COMMANDS)")
man_synopsis=$(man_section SYNOPSIS)

missing=()
for o in "${help_long[@]}"; do
	has_word "$man_option_tags" "$o" || missing+=("$o")
done
[ ${#help_long[@]} -gt 0 ] || missing+=("(no options from --help)")
check "every long option of --help has an entry in the OPTIONS section of $manpage" \
      "missing" "${missing[@]}"

missing=()
for o in "${help_short[@]}"; do
	has_word "$man_option_tags" "$o" || missing+=("$o")
done
check "every short option of --help has an entry in the OPTIONS section of $manpage" \
      "missing" "${missing[@]}"

extra=()
if [ -n "$man_options" ]; then
	while read -r o; do
		has_word "$(printf '%s\n' "${help_long[@]}")" "$o" || extra+=("$o")
	done < <(grep -oE -- '(^|[^[:alnum:]_-])--[[:alnum:]][[:alnum:]-]*' <<<"$man_options" |
		 grep -oE -- '--[[:alnum:]][[:alnum:]-]*' | sort -u)
else
	extra+=("(no OPTIONS section)")
fi
check "every long option in the OPTIONS section of $manpage is in --help" \
      "not in --help" "${extra[@]}"

missing=()
for c in "${help_cmds[@]}"; do
	# An entry whose tag starts with the command in bold: ".B stop",
	# ".BI kick ..." (or \fBstop\fR: font escapes are gone by now).
	grep -qE -- "^(\.B[IR]?[[:space:]]+\"?)?$c([^[:alnum:]_-]|$)" <<<"$man_command_tags" ||
		missing+=("$c")
done
[ ${#help_cmds[@]} -gt 0 ] || missing+=("(no commands from --help)")
check "every command of --help has an entry in the COMMANDS section of $manpage" \
      "missing" "${missing[@]}"

missing=()
for c in "${help_cmds[@]}"; do
	has_word "$man_synopsis" "$c" || missing+=("$c")
done
[ ${#help_cmds[@]} -gt 0 ] || missing+=("(no commands from --help)")
check "every command of --help is in the SYNOPSIS of $manpage" \
      "missing" "${missing[@]}"

missing=()
for s in "${help_socs[@]}"; do
	has_word "$man_options" "$s" || missing+=("$s")
done
[ ${#help_socs[@]} -gt 0 ] || missing+=("(no SoC names from --help)")
check "every SoC name of --help is in the OPTIONS section of $manpage" \
      "missing" "${missing[@]}"

if ! command -v groff >/dev/null 2>&1; then
	fail "groff -man -Tutf8 -ww -z $manpage prints no warning" \
	     "groff not found: install groff (Debian/Ubuntu: apt-get install groff) to check the man page"
elif [ ! -r "$manpage" ]; then
	fail "groff -man -Tutf8 -ww -z $manpage prints no warning" \
	     "cannot read $manpage"
else
	out=$(groff -man -Tutf8 -ww -z "$manpage" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ -z "$out" ]; then
		pass "groff -man -Tutf8 -ww -z $manpage prints no warning"
	else
		mapfile -t lines < <(printf '%s\n' "$out" | head -n 20)
		fail "groff -man -Tutf8 -ww -z $manpage prints no warning" \
		     "exit status $rc" "${lines[@]}"
	fi
fi

# ---- the bash completion ---------------------------------------------
if [ -r "$completion" ]; then
	comp_text=$(cat "$completion")
else
	comp_text=''
	echo "# cannot read $completion"
fi

missing=()
for o in "${help_long[@]}"; do
	has_word "$comp_text" "$o" || missing+=("$o")
done
[ ${#help_long[@]} -gt 0 ] || missing+=("(no options from --help)")
check "$completion offers every long option of --help" "missing" "${missing[@]}"

missing=()
for o in "${help_short[@]}"; do
	has_word "$comp_text" "$o" || missing+=("$o")
done
check "$completion offers every short option of --help" "missing" "${missing[@]}"

missing=()
for s in "${help_socs[@]}"; do
	has_word "$comp_text" "$s" || missing+=("$s")
done
[ ${#help_socs[@]} -gt 0 ] || missing+=("(no SoC names from --help)")
check "$completion offers every SoC name of --help" "missing" "${missing[@]}"

missing=()
for c in "${help_cmds[@]}"; do
	has_word "$comp_text" "$c" || missing+=("$c")
done
[ ${#help_cmds[@]} -gt 0 ] || missing+=("(no commands from --help)")
check "$completion offers every command of --help" "missing" "${missing[@]}"

if [ -r "$completion" ] && out=$(bash -n "$completion" 2>&1) &&
   out=$(bash -c 'source "$1" && complete -p m4fwloader' _ "$completion" 2>&1); then
	pass "$completion is valid bash and registers a completion for m4fwloader"
else
	mapfile -t lines < <(printf '%s\n' "$out" | head -n 10)
	fail "$completion is valid bash and registers a completion for m4fwloader" \
	     "${lines[@]}"
fi

[ $failed -eq 0 ]
