#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Golden-output tests: --help, --version, status, inspect and the --dry-run
# plan of every test image, compared byte for byte with tests/golden/expected.
# Each expected file holds stdout, then stderr, then the exit status.
#
#   tests/golden/run.sh TOOL FIRMWARE_DIR            compare (TAP output)
#   tests/golden/run.sh TOOL FIRMWARE_DIR --update   rewrite the expected files
#   (make golden-update does the latter)
# TEST_WRAPPER, if set, is put before every run of TOOL.
set -u

tool=$(realpath "$1")
fwdir=$(realpath "$2")
update=${3:-}
expected=$(realpath "$(dirname "$0")")/expected
read -r -a wrapper <<<"${TEST_WRAPPER:-}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Fixed relative paths keep the outputs independent of where we run.
ln -s "$fwdir" "$work/fw"
mkdir "$work/emptyroot"
cd "$work" || exit 1

n=0
failed=0

# The SoC an image of tests/firmware is built for.
soc_of() {
	case $1 in
	imx6sx_*) echo imx6sx ;;
	imx7d_*) echo imx7d ;;
	imx8mp_*) echo imx8mp ;;
	*) echo imx8mm ;;
	esac
}

# golden NAME ARGS...: run the tool and compare with expected/NAME.
golden() {
	local name=$1 out rc
	shift
	out=$(
		"${wrapper[@]}" "$tool" "$@" >stdout 2>stderr
		rc=$?
		cat stdout
		echo "--- stderr"
		cat stderr
		echo "--- exit $rc"
	)
	n=$((n + 1))
	if [ "$update" = "--update" ]; then
		printf '%s\n' "$out" >"$expected/$name"
		echo "ok $n - $name (updated)"
	elif [ -f "$expected/$name" ] &&
	     diff -u "$expected/$name" - <<<"$out" >diff.txt; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		if [ -f "$expected/$name" ]; then
			sed 's/^/# /' diff.txt
		else
			echo "# missing $expected/$name (make golden-update)"
		fi
		failed=$((failed + 1))
	fi
}

golden help --help
golden version --version

for elf in fw/*.elf; do
	base=$(basename "$elf" .elf)
	soc=$(soc_of "$base")
	golden "inspect-$base" --soc "$soc" inspect "$elf"
	rm -f mem.img
	golden "dry-run-$base" --soc "$soc" --mem mem.img --dry-run "$elf"
done
for bin in fw/*.bin; do
	base=$(basename "$bin" .bin)
	soc=$(soc_of "$base")
	golden "inspect-$base.bin" --soc "$soc" inspect "$bin"
done
golden inspect-all-socs --root emptyroot inspect fw/imx7d_tcm.elf
golden inspect-json --soc imx7d --json inspect fw/imx7d_toradex.elf
golden dry-run-raw --soc imx6sx --mem mem.img -n fw/imx6sx_ocram.bin 0x910000

for soc in imx6sx imx7d imx8mp; do
	case $soc in
	imx6sx) elf=fw/imx6sx_tcm.elf ;;
	imx7d) elf=fw/imx7d_ocram.elf ;;
	imx8mp) elf=fw/imx8mp_itcm.elf ;;
	esac
	rm -f mem.img
	"${wrapper[@]}" "$tool" -q --soc "$soc" --mem mem.img "$elf"
	golden "status-$soc-running" --soc "$soc" --mem mem.img status
	golden "status-$soc-json" --soc "$soc" --mem mem.img --json status
	"${wrapper[@]}" "$tool" -q --soc "$soc" --mem mem.img stop
	golden "status-$soc-held-verbose" --soc "$soc" --mem mem.img -v status
	golden "dry-run-start-$soc" --soc "$soc" --mem mem.img -n start
done
rm -f mem.img
golden dry-run-kick --soc imx7d --mem mem.img -n kick 1

echo "1..$n"
[ "$failed" -eq 0 ]
