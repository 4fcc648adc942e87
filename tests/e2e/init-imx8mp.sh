#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=dash disable=SC1091,SC2086,SC2154
#
# /init of the arm64 guest (tests/e2e/run.sh builds it): Debian's arm64
# kernel on QEMU's imx8mp-evk, the static arm64 m4fwloader and the i.MX8MP
# test images. What a 64-bit kernel can show: detection, status, inspect,
# --dry-run, dump, the /dev/mem policy (IO_STRICT_DEVMEM on the clock
# controller, STRICT_DEVMEM on DDR) and the failure path of a load and a
# stop: QEMU drops every write to IOMUXC_GPR, SRC and the TCMs, so the hold
# is never reached and the tool must say so (exit 1), never claim success.
# The host checks the order of the dropped writes in QEMU's `-d unimp` log
# against the --dry-run plans printed here ("E2E # plan-load: ...").
# Report format: /e2e/lib.sh.

. /e2e/lib.sh
if [ "$$" -eq 1 ]; then
	guest_main
fi

IOMUXC_GPR22=0x30340058
SRC_M7RCR=0x3039000c
ITCM=0x007e0000
OCRAM=0x00900000
OCRAM_END=0x0091fffc
FW=/fw

echo "E2E start"
diag "kernel $(uname -r) ($(uname -m)), $(cat /sys/devices/soc0/soc_id 2>/dev/null) on '$(cat /sys/devices/soc0/machine 2>/dev/null)'"
diag "/proc/iomem:"
sed 's/^/E2E #   | /' /proc/iomem
echo "E2E plan 1..8"

# 1. Detection on a 64-bit kernel: soc_id, then the device tree alone.
begin "i.MX8MP detected without --soc (soc_id, then device tree)"
tool status
expect_rc 3
expect_out "^soc: +i\\.MX8MP \\(soc_id 'i\\.MX8MP'"
expect_out "^core: +Cortex-M7\$"
mkdir -p /tmp/dtroot/proc/device-tree /tmp/dtroot/sys
cp /proc/device-tree/compatible /tmp/dtroot/proc/device-tree/compatible
tool --root=/tmp/dtroot status
expect_rc 3
expect_out "^soc: +i\\.MX8MP .*compatible"
end

# 2. status and --json agree with devmem.
begin "status and status --json: registers as devmem reads them, not running (3)"
tool status
expect_rc 3
rd $IOMUXC_GPR22 && expect_out "^IOMUXC_GPR22 +$R at $IOMUXC_GPR22\$"
rd $SRC_M7RCR && expect_out "^SRC_M7RCR +$R at $SRC_M7RCR\$"
tool status --json
expect_rc 3
expect_out '"soc":"imx8mp"'
expect_out '"running":false'
rd $IOMUXC_GPR22 && expect_out "\"name\":\"IOMUXC_GPR22\",\"address\":\"$IOMUXC_GPR22\",\"value\":\"$R\""
end

# 3. inspect on the board.
begin "inspect imx8mp_itcm.elf: ITCM segments, vector at M 0, loadable"
tool inspect $FW/imx8mp_itcm.elf
expect_rc 0
expect_out "^soc: +i\\.MX8MP Cortex-M7 \\(soc_id"
expect_out "^segment 0 +M 0x00000000 +A 0x007e0000 +ITCM"
expect_out "^vector: .*in the image at M 0x0"
expect_out "^verdict: +loadable"
end

# 4. The plans the host compares QEMU's log with.
begin "--dry-run load and stop: the plan, exit 0"
tool --dry-run $FW/imx8mp_itcm.elf
expect_rc 0
expect_out "^write32 +$IOMUXC_GPR22 +0x00000001 "
expect_out "^copy +$ITCM "
grep -E '^(write32|expect|copy|verify)' /tmp/out | sed 's/^/E2E # plan-load: /'
tool --dry-run stop
expect_rc 0
expect_out "^write32 +$IOMUXC_GPR22 +0x00000001 "
grep -E '^(write32|expect|copy|verify)' /tmp/out | sed 's/^/E2E # plan-stop: /'
end

# 5. dump reads OCRAM (RAM in QEMU) as devmem wrote it.
begin "dump ocram: 128 KiB, first and last word as devmem wrote them"
wr $OCRAM 0x13572468
wr $OCRAM_END 0x24681357
tool dump ocram /tmp/ocram.bin
expect_rc 0
size=$(wc -c </tmp/ocram.bin)
[ "$size" -eq 131072 ] || fail "dump wrote $size bytes, expected 131072"
w0=$(od -An -tx4 -N4 /tmp/ocram.bin | tr -d ' ')
w1=$(od -An -tx4 -j131068 -N4 /tmp/ocram.bin | tr -d ' ')
same "first word of the dump" 0x$w0 0x13572468
same "last word of the dump" 0x$w1 0x24681357
end

# 6. DDR is System RAM; the clock controller is claimed by the clock
# driver (IO_STRICT_DEVMEM): a warning, not a failure.
begin "imx8mp_ddr.elf: System RAM (6); --force: CCM warning, STRICT_DEVMEM (4)"
grep -q ': 30380000.clock-controller' /proc/iomem ||
	fail "/proc/iomem shows no claimed clock controller"
tool --soc imx8mp $FW/imx8mp_ddr.elf
expect_rc 6
expect_out "System RAM"
tool --soc imx8mp --force $FW/imx8mp_ddr.elf
expect_rc 4
expect_out "warning: cannot map 0x30388080 .*Operation not permitted"
expect_out "cannot map 0x80000000 .*STRICT_DEVMEM"
end

# 7. A load: the hold on GPR22 is never reached (the write is dropped).
begin "load imx8mp_itcm.elf: exit 1, 'not reached', no claim of success"
tool $FW/imx8mp_itcm.elf
expect_rc 1
expect_out "IOMUXC_GPR22: M7 held in reset: not reached"
expect_out "warning: cannot map 0x30388080"
if grep -q -i -E 'loaded|running|started' /tmp/out; then
	fail "the output claims a load or a start"
fi
tool status
expect_rc 3
end

# 8. A stop, the same way.
begin "stop: exit 1, 'not reached'"
tool stop
expect_rc 1
expect_out "IOMUXC_GPR22: M7 held in reset: not reached"
end

echo "E2E done $failed failed (uptime $(cut -d' ' -f1 /proc/uptime) s)"
