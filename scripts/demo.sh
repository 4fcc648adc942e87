#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The demo: install what is needed, build m4fwloader and the sample
# firmware, and load the firmware onto a simulated i.MX7D, a sparse file
# standing in for physical memory. Then show where every byte landed.
set -eu
cd "$(dirname "$0")/.."

scripts/install-deps.sh
make -s
make -s firmware

mem=${TMPDIR:-/tmp}/m4fwloader-demo.mem
fw=build/firmware/imx7d_ocram.elf
tool="./m4fwloader --soc imx7d --mem $mem"
rm -f "$mem"

say() {
	printf '\n\033[1m$ %s\033[0m\n' "$*"
}

# od takes offsets in bytes; these are physical addresses.
show() {
	od -A x -t x4 -j "$(($1))" -N "$2" "$mem"
}

say "m4fwloader --soc imx7d inspect $fw"
$tool inspect "$fw"

say "m4fwloader --soc imx7d --mem $mem --dry-run $fw"
$tool --dry-run "$fw"

say "m4fwloader --soc imx7d --mem $mem -v $fw"
$tool -v "$fw"

say "m4fwloader --soc imx7d --mem $mem status"
$tool status

say "where it landed: OCRAM at 0x00900000 (vectors, code, .data load copy)"
show 0x900000 64
say "the boot vector at M address 0 = OCRAM_S 0x00180000: SP, PC"
show 0x180000 8
say "SRC_M4RCR 0x3039000c: 0xe = ENABLE_M4 | released"
show 0x3039000c 4
say "the same with NXP's command line: a raw binary at an address"
$tool build/firmware/imx7d_ocram.bin 0x900000
say "the memory file is sparse"
ls -lsh "$mem"
