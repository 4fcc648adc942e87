# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2030,SC2031,SC2034
# (Cases run in subshells by design; globals are used by the case files.)
#
# Helpers for the m4fwloader CLI suite; sourced by run.sh.
#
# A case is a shell function run by tcase() in a subshell, inside a fresh
# temporary directory.  Assertions never stop a case: each failure prints a
# diagnostic and counts; the case is "not ok" when anything failed.  The
# first failure after a run of the tool also prints that run's command line,
# exit status, stdout and stderr.  Everything a case prints becomes a "# "
# line after its ok/not ok line, so it cannot break the TAP stream.
#
# Globals set by lib_init: TOOL, FW (firmware dir), CLI_DIR (this dir),
# WRAP (array made of $TEST_WRAPPER), PY (python3 to use), WORK (temp root).

# ---------------------------------------------------------------- setup

lib_init() {
	if [ $# -ne 2 ] || [ ! -d "$2" ]; then
		echo "usage: run.sh TOOL FIRMWARE_DIR" >&2
		exit 2
	fi
	TOOL=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	FW=$(cd "$2" && pwd)
	if [ ! -x "$TOOL" ]; then
		echo "run.sh: $1 is not an executable file" >&2
		exit 2
	fi
	CLI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	# TEST_WRAPPER is split on white space into words (e.g.
	# "valgrind -q --error-exitcode=99"); an empty one gives no words.
	read -r -a WRAP <<<"${TEST_WRAPPER:-}"
	# The real interpreter, not a version manager's shim (10x faster start).
	PY=$(python3 -c 'import sys; print(sys.executable)') || {
		echo "run.sh: python3 is needed" >&2
		exit 2
	}
	# Per-run timeout for the tool: generous when it runs under a wrapper.
	if [ ${#WRAP[@]} -gt 0 ]; then TOOL_TIMEOUT=120; else TOOL_TIMEOUT=20; fi
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/m4fw-cli.XXXXXX") || exit 2
	trap 'rm -rf "$WORK"' EXIT
	trap 'exit 130' INT TERM
	# Content for memory files that must stay byte-identical: 64 KiB of
	# text (so that bash can write it without a child process), and a copy
	# to compare with.
	local i line
	JUNK=
	for ((i = 0; i < 1024; i++)); do
		printf -v line '%08x m4fwloader test memory %08x %-20d\n' \
			$((i * 2654435761 % 4294967296)) $((i * 0x1000)) $((i * 7919))
		JUNK+=$line
	done
	printf '%s' "$JUNK" >"$WORK/junk.ref"
	# Case directories, made in one go (a child process costs here).
	mkdir "$WORK"/{1..400}
	TAP_N=0
	TAP_FAILED=0
}

# ---------------------------------------------------------------- TAP

# tcase NAME FUNCTION [ARG...]: run one case in its own temp dir.
tcase() {
	local name=$1 dir rc
	shift
	TAP_N=$((TAP_N + 1))
	dir=$WORK/$TAP_N
	[ -d "$dir" ] || mkdir "$dir"
	(
		cd "$dir" || exit 1
		CASE_DIR=$dir
		FAILS=0
		RUN_ID=0
		DUMPED=-1
		"$@"
		[ "$FAILS" -eq 0 ]
	) >"$dir.log" 2>&1 </dev/null
	rc=$?
	if [ $rc -eq 0 ]; then
		if [ -f "$dir.skip" ]; then
			echo "ok $TAP_N - $name # SKIP $(<"$dir.skip")"
		else
			echo "ok $TAP_N - $name"
		fi
	else
		echo "not ok $TAP_N - $name"
		TAP_FAILED=$((TAP_FAILED + 1))
		sed 's/^/# /' "$dir.log"
	fi
	# Each case's files stay until the EXIT trap: they are small (sparse).
}

tap_finish() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}

# env_run NAME=VALUE... COMMAND [ARG...]: run COMMAND with those variables
# set (cases run in a subshell: nothing leaks into the next case).
env_run() {
	while [ $# -gt 0 ] && [ "${1#*=}" != "$1" ]; do
		export "${1%%=*}=${1#*=}"
		shift
	done
	"$@"
}

# skip REASON: mark the current case as skipped (call, then return).
skip() {
	echo "$*" >"$CASE_DIR.skip"
}

# ---------------------------------------------------------------- running

# run_tool ARG...: run $TOOL under $TEST_WRAPPER and a timeout, stdin from
# $STDIN (default /dev/null).  Sets RC; stdout and stderr are in the files
# .out and .err (OUT and ERR hold them as strings).
run_tool() {
	run_tool_t "$TOOL_TIMEOUT" "$@"
}

# run_tool_t SECONDS ARG...: run_tool with a given timeout (exit 124 = hung).
run_tool_t() {
	local t=$1
	shift
	RUN_ID=$((RUN_ID + 1))
	LAST_CMD="${WRAP[*]+${WRAP[*]} }m4fwloader $*${STDIN:+ <$STDIN}"
	timeout -k 5 "$t" "${WRAP[@]+"${WRAP[@]}"}" "$TOOL" "$@" \
		>.out 2>.err <"${STDIN:-/dev/null}"
	RC=$?
	IFS= read -r -d '' OUT <.out
	IFS= read -r -d '' ERR <.err
}

# dump_run: print the last run's command, status and output (once per run).
dump_run() {
	[ "$RUN_ID" -gt 0 ] && [ "$DUMPED" != "$RUN_ID" ] || return 0
	DUMPED=$RUN_ID
	echo "command: $LAST_CMD"
	echo "exit status: $RC"
	echo "stdout:"
	head -n 40 .out | sed 's/^/  | /'
	echo "stderr:"
	head -n 40 .err | sed 's/^/  | /'
}

# ---------------------------------------------------------------- asserts

# fail MESSAGE...: record a failure with a diagnostic.
fail() {
	FAILS=$((FAILS + 1))
	echo "FAIL: $*"
	dump_run
}

# assert_eq WHAT GOT EXPECTED
assert_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}

assert_rc() {
	local why=
	case $RC in
	124 | 137) why=" (timed out)" ;;
	99) [ ${#WRAP[@]} -gt 0 ] && why=" (99: errors reported by ${WRAP[0]}?)" ;;
	1[3-9][0-9] | 2[0-9][0-9]) why=" (killed by signal $((RC - 128))?)" ;;
	esac
	[ "$RC" = "$1" ] || fail "exit status $RC$why, expected $1"
}

assert_stdout_empty() {
	[ ! -s .out ] || fail "stdout is not empty"
}

assert_stderr_empty() {
	[ ! -s .err ] || fail "stderr is not empty"
}

# lines_of FILE: set LINES to FILE's lines (an unterminated last one too).
lines_of() {
	mapfile -t LINES <"$1"
}

assert_stdout_lines() {
	lines_of .out
	[ ${#LINES[@]} -eq "$1" ] || fail "stdout has ${#LINES[@]} lines, expected $1"
}

# assert_one_error [usage|multi]: stderr is exactly one line
# "m4fwloader: ...".  usage: GNU's second line "Try 'm4fwloader --help' for
# more information." may follow.  multi: one or more such lines (an image
# with several problems, one line each).
assert_one_error() {
	local n i
	lines_of .err
	n=${#LINES[@]}
	if [ "$n" -eq 0 ]; then
		fail "nothing on stderr, expected an error line"
		return
	fi
	case ${LINES[0]} in
	'm4fwloader: '?*) ;;
	*) fail "stderr does not start with 'm4fwloader: '" ;;
	esac
	if [ "${1:-}" = usage ] && [ "$n" -eq 2 ]; then
		assert_eq "second line of stderr" "${LINES[1]}" \
			"Try 'm4fwloader --help' for more information."
	elif [ "${1:-}" = multi ]; then
		for ((i = 1; i < n; i++)); do
			case ${LINES[i]} in
			'm4fwloader: '?*) ;;
			*) fail "stderr line $((i + 1)) does not start with 'm4fwloader: '" ;;
			esac
		done
	elif [ "$n" -ne 1 ]; then
		fail "stderr has $n lines, expected one error line"
	fi
}

# assert_match WHAT STRING ERE: STRING matches the extended regexp ERE
# (case-insensitive).
assert_match() {
	local re=$3
	shopt -s nocasematch
	[[ $2 =~ $re ]] || fail "$1 does not match /$3/"
	shopt -u nocasematch
}

# ---------------------------------------------------------------- memory file

# rd32 FILE ADDR: the little-endian 32-bit word at byte offset ADDR, as
# 0x%08x; "EOF" past the end of the file.  od skips by bytes (64-bit offsets).
rd32() {
	local w
	w=$(od -An -v --endian=little -tx4 -j "$(($2))" -N 4 "$1" 2>/dev/null | tr -d ' \n')
	if [ ${#w} -eq 8 ]; then echo "0x$w"; else echo EOF; fi
}

# wr32 FILE ADDR VALUE: store a little-endian word (creates/extends FILE).
wr32() {
	local v=$(($3))
	# shellcheck disable=SC2059
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((v & 255)) \
		$((v >> 8 & 255)) $((v >> 16 & 255)) $((v >> 24 & 255)))" |
		dd of="$1" bs=1 seek="$(($2))" conv=notrunc status=none
}

# assert_word FILE ADDR EXPECTED WHAT
assert_word() {
	local got want
	got=$(rd32 "$1" "$2")
	want=$(printf '0x%08x' $(($3)))
	[ "$got" = "$want" ] ||
		fail "$4 [$(printf '0x%08x' $(($2)))]: got $got, expected $want"
}

# mem_prefill MEM SOC elf FILE | MEM SOC raw FILE ADDR, then WORD...:
# 0xFF where the load writes or must not write, and words (ADDR=VALUE) at
# their addresses: see memcheck.py.
mem_prefill() {
	"$PY" -S "$CLI_DIR/memcheck.py" prefill "$@" || fail "memcheck.py prefill $*"
}

# mem_verify MEM SOC elf FILE | MEM SOC raw FILE ADDR, then WORD...:
# every copied byte, zero fill, untouched bytes, boot vector, and words
# (ADDR=VALUE=WHAT); one diagnostic per problem.
mem_verify() {
	local msg
	msg=$("$PY" -S "$CLI_DIR/memcheck.py" verify "$@" 2>&1) ||
		fail "memory contents after the load:"$'\n'"$msg"
}

# assert_bytes MEM ADDR LEN BYTE WHAT: LEN bytes at ADDR are all BYTE.
assert_bytes() {
	local msg
	msg=$("$PY" -S "$CLI_DIR/memcheck.py" check "$1" "$2" "$3" "$4" 2>&1) ||
		fail "$5: $msg"
}

# mem_junk FILE: write the 64 KiB of JUNK to FILE; assert_junk FILE: FILE
# still holds exactly that (cmp: content and size).
mem_junk() {
	printf '%s' "$JUNK" >"$1"
}

assert_junk() {
	local msg
	msg=$(cmp -- "$1" "$WORK/junk.ref" 2>&1) || fail "$1 changed: $msg"
}

# snap FILE: remember FILE's size and the sha256 of its data (memcheck.py
# digest: sparse-aware, so a 2 GiB memory file costs nothing);
# assert_unchanged FILE: compare.
snap() {
	SNAP=$("$PY" -S "$CLI_DIR/memcheck.py" digest "$1")
}

assert_unchanged() {
	local now
	now=$("$PY" -S "$CLI_DIR/memcheck.py" digest "$1" 2>&1)
	[ "$now" = "$SNAP" ] || fail "$1 changed: size and sha256 were '$SNAP', now '$now'"
}

# assert_json EXPR EXPECTED [EXPR EXPECTED]...: stdout is one JSON value d;
# each Python expression EXPR over d must give EXPECTED (compared as str()).
assert_json() {
	local msg
	msg=$("$PY" -S -c '
import json, sys
try:
    d = json.loads(open(".out").read())
except ValueError as e:
    sys.exit("stdout is not JSON: %s" % e)
bad = 0
for expr, want in zip(sys.argv[1::2], sys.argv[2::2]):
    try:
        got = str(eval(expr, {"d": d}))
    except Exception as e:
        got = "<%s: %s>" % (type(e).__name__, e)
    if got != want:
        print("JSON %s: got %r, expected %r" % (expr, got, want))
        bad = 1
sys.exit(bad)' "$@" 2>&1) || fail "$msg"
}

# mkelf OUT DESC: write an ELF from a description (see mkelf.py).
mkelf() {
	"$PY" -S "$CLI_DIR/mkelf.py" "$@" || fail "mkelf.py $*"
}

# ---------------------------------------------------------------- registers
#
# Seeds and expected values of the control and clock registers, per SoC
# (doc/hardware.md §1-§2).  The seeds set unrelated bits so that a write
# that does not preserve them is seen.

SRC_SCR=0x020D8000        # 6SX
CCM_CCGR3=0x020C4074      # 6SX
SRC_MRCR=0x3039000C       # 7D, 8M: SRC_M4RCR / SRC_M7RCR
CCM_CCGR1=0x30384010      # 7D
CCM_ROOT1=0x30388080      # 7D, 8M: M core root clock
PLL_480=0x303600B0        # 7D
GPR1=0x30340004           # 7D: bit 30 OCRAM_EPDC
GPR22=0x30340058          # 8MN/8MP: bit 0 CM7_CPUWAIT

# seed_regs SOC: set SEEDS, the register seeds as memcheck.py WORD
# arguments (ADDR=VALUE), for mem_prefill.  Variables that change them:
#   SEED_SCR (6SX SRC_SCR, default 0x00000001), SEED_ROOT (7D/8M root,
#   default 0x01000000: mux 1 = PLL_SYS_MAIN_240M).
seed_regs() {
	case $1 in
	imx6sx)
		SEEDS=("$SRC_SCR=${SEED_SCR:-0x00000001}" "$CCM_CCGR3=0xAAAAAAA2")
		;;
	*)
		SEEDS=("$SRC_MRCR=0x5A5A00A1" "$CCM_ROOT1=${SEED_ROOT:-0x01000000}"
			"$PLL_480=0x00002060" "$CCM_CCGR1=0x00001100"
			"$GPR1=0x12345678" "$GPR22=0xC0DE0001")
		;;
	esac
}

# expect_word ADDR VALUE WHAT: add a register check to EXPECTS.
expect_word() {
	local v
	printf -v v '0x%08x' $(($2))
	EXPECTS+=("$1=$v=$3")
}

# expect_regs SOC started|held [epdc]: set EXPECTS, the register values
# after a load from the seeds of seed_regs, as memcheck.py WORD arguments
# (ADDR=VALUE=WHAT), for mem_verify.
expect_regs() {
	local soc=$1 state=$2 epdc=${3:-} v root
	root=${SEED_ROOT:-0x01000000}
	EXPECTS=()
	case $soc in
	imx6sx)
		v=${SEED_SCR:-0x00000001}
		if [ "$state" = started ]; then
			expect_word $SRC_SCR $(((v & ~0x00401018) | 0x00401008)) \
				"SRC_SCR after start (mask 0x00401018 := 0x00401008)"
		else
			expect_word $SRC_SCR $(((v & ~0x00401018) | 0x00400018)) \
				"SRC_SCR held (mask 0x00401018 := 0x00400018, bit 4 set)"
		fi
		expect_word $CCM_CCGR3 0xAAAAAAAE "CCM_CCGR3 (bits 3:2 := 11)"
		;;
	imx7d | imx8mq | imx8mm)
		if [ "$state" = started ]; then
			expect_word $SRC_MRCR 0x5A5A00AE "SRC_M4RCR after start (mask 0xF := 0xE)"
		else
			expect_word $SRC_MRCR 0x5A5A00AB "SRC_M4RCR held (mask 0xF := 0xB)"
		fi
		expect_word $CCM_ROOT1 $((root | 0x10000000)) "CCM M4 root clock (bit 28 := 1)"
		expect_word $GPR22 0xC0DE0001 "0x30340058 (not an M4 register: untouched)"
		if [ "$soc" = imx7d ]; then
			expect_word $CCM_CCGR1 0x00001103 "CCM_CCGR1 (bits 1:0 := 11)"
			if [ $((root >> 24 & 7)) -eq 1 ]; then
				expect_word $PLL_480 0x00002040 \
					"CCM_ANALOG_PLL_480 (root mux 1: bit 5 cleared)"
			else
				expect_word $PLL_480 0x00002060 \
					"CCM_ANALOG_PLL_480 (root mux $((root >> 24 & 7)): untouched)"
			fi
			if [ -n "$epdc" ]; then
				expect_word $GPR1 0x52345678 "IOMUXC_GPR_GPR1 (bit 30 := 1: OCRAM_EPDC)"
			else
				expect_word $GPR1 0x12345678 "IOMUXC_GPR_GPR1 (no OCRAM_EPDC use: untouched)"
			fi
		else
			expect_word $PLL_480 0x00002060 "0x303600B0 (7D only: untouched)"
			expect_word $CCM_CCGR1 0x00001100 "0x30384010 (7D only: untouched)"
			expect_word $GPR1 0x12345678 "0x30340004 (7D only: untouched)"
		fi
		;;
	imx8mn | imx8mp)
		if [ "$state" = started ]; then
			expect_word $GPR22 0xC0DE0000 "IOMUXC_GPR22 after start (bit 0 CPUWAIT := 0)"
		else
			expect_word $GPR22 0xC0DE0001 "IOMUXC_GPR22 held (bit 0 CPUWAIT := 1)"
		fi
		expect_word $SRC_MRCR 0x5A5A00AA "SRC_M7RCR (stop: mask 0xF := 0xA; start leaves it)"
		expect_word $CCM_ROOT1 $((root | 0x10000000)) "CCM M7 root clock (bit 28 := 1)"
		expect_word $PLL_480 0x00002060 "0x303600B0 (7D only: untouched)"
		expect_word $CCM_CCGR1 0x00001100 "0x30384010 (7D only: untouched)"
		expect_word $GPR1 0x12345678 "0x30340004 (7D only: untouched)"
		;;
	esac
}
