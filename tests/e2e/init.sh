#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=dash disable=SC1091,SC2086,SC2154
#
# /init of the end-to-end test's initramfs (tests/e2e/run.sh builds it):
# runs m4fwloader on the emulated i.MX7D's real /dev/mem and checks every
# effect with busybox devmem, an independent reader. Prints one line per
# scenario, "E2E ok N - name" or "E2E not ok N - name", after diagnostics
# "E2E # ...", between "E2E plan 1..N" and "E2E done"; then powers the
# machine off through SNVS_LPCR (QEMU exits with status 0). Needs only
# busybox: the shell, devmem, grep, sed, head, cut, tr.
#
# /e2e/expected.sh, written by the host, gives what the loads must put in
# memory (tests/e2e/fwvalues.py): ELF_SP, ELF_PC, ELF_WORDS for
# imx7d_ocram.elf and BIN_SP, BIN_PC, BIN_WORDS for imx7d_ocram.bin at
# 0x900000 ("ADDR=VALUE" pairs, A view).

. /e2e/lib.sh
if [ "$$" -eq 1 ]; then
	guest_main
fi

# ---------------------------------------------------------------------------
# The scenarios (a child of PID 1).

SRC_M4RCR=0x3039000c
CCM_CCGR1=0x30384010
CCM_TARGET_ROOT1=0x30388080
CCM_ANALOG_PLL_480=0x303600b0
IOMUXC_GPR1=0x30340004
BOOT_SP=0x00180000
BOOT_PC=0x00180004
FW=/fw

. /e2e/expected.sh

# Where the loads write: the sampled image words (ELF and raw binary), the
# boot vector, and the registers.
IMAGE_ADDRS=""
for pair in $ELF_WORDS $BIN_WORDS; do
	case " $IMAGE_ADDRS " in *" ${pair%=*} "*) continue ;; esac
	IMAGE_ADDRS="$IMAGE_ADDRS ${pair%=*}"
done
SNAP_ADDRS="$SRC_M4RCR $CCM_CCGR1 $CCM_TARGET_ROOT1 $CCM_ANALOG_PLL_480 $IOMUXC_GPR1 $BOOT_SP $BOOT_PC $IMAGE_ADDRS"
set -- $SNAP_ADDRS
SNAP_N=$#

# snap: S := "ADDR=VALUE ..." for every address of SNAP_ADDRS.
snap() {
	local a
	S=""
	for a in $SNAP_ADDRS; do
		rd "$a"
		S="$S $a=$R"
	done
}

# unchanged BEFORE: a new snapshot equals BEFORE (an earlier one).
unchanged() {
	local before=$1 pair
	snap
	if [ "$S" = "$before" ]; then
		diag "unchanged: SRC_M4RCR, CCM, IOMUXC_GPR1, boot vector, $((SNAP_N - 7)) OCRAM words"
		return 0
	fi
	# Same addresses in the same order: compare pair by pair.
	set -- $S
	for pair in $before; do
		[ "$pair" = "$1" ] || fail "${pair%=*} changed: ${pair#*=} -> ${1#*=}"
		shift
	done
	return 1
}

# scrub M4RCR: markers where the loads write, SRC_M4RCR := M4RCR (0xab is
# the power-on value seen on boards: its upper bits must survive), the M4
# clock gated and its root off: every check then sees a change.
scrub() {
	local a i=0
	for a in $IMAGE_ADDRS; do
		wr "$a" $((0x5a5a0000 + i))
		i=$((i + 4))
	done
	wr $BOOT_SP 0xdead0000
	wr $BOOT_PC 0xdead0004
	wr $SRC_M4RCR "$1"
	wr $CCM_CCGR1 0
	wr $CCM_TARGET_ROOT1 0
}

# check_released BEFORE: SRC_M4RCR bits 3:0 = 0xe (ENABLE, hold clear),
# the other bits as in BEFORE.
check_released() {
	rd $SRC_M4RCR || return
	same "SRC_M4RCR bits 3:0" $((R & 0xf)) 0xe
	same "SRC_M4RCR bits 31:4" $((R & ~0xf)) $(($1 & ~0xf))
	diag "SRC_M4RCR $1 -> $R"
}

# check_held BEFORE: bits 3:0 = 0xb (ENABLE, hold), the others as before.
check_held() {
	rd $SRC_M4RCR || return
	same "SRC_M4RCR bit 0 (hold)" $((R & 1)) 1
	same "SRC_M4RCR bits 3:0" $((R & 0xf)) 0xb
	same "SRC_M4RCR bits 31:4" $((R & ~0xf)) $(($1 & ~0xf))
	diag "SRC_M4RCR $1 -> $R"
}

# check_clock CCGR1_BEFORE ROOT1_BEFORE: gate on, root on, nothing else.
check_clock() {
	local g
	rd $CCM_CCGR1 || return
	g=$R
	same "CCM_CCGR1 bits 1:0" $((g & 3)) 3
	same "CCM_CCGR1" "$g" $(($1 | 3))
	rd $CCM_TARGET_ROOT1 || return
	same "CCM_TARGET_ROOT1 bit 28" $(((R >> 28) & 1)) 1
	same "CCM_TARGET_ROOT1" "$R" $(($2 | 0x10000000))
	diag "CCM_CCGR1 $1 -> $g, CCM_TARGET_ROOT1 $2 -> $R"
}

# check_vector SP PC: the boot vector in OCRAM_S.
check_vector() {
	rd $BOOT_SP && same "boot SP at $BOOT_SP" "$R" "$1"
	rd $BOOT_PC && same "boot PC at $BOOT_PC" "$R" "$2"
}

# check_status EXIT STATE SP PC: the tool's own reading agrees with devmem.
check_status() {
	tool --soc imx7d status
	expect_rc "$1"
	expect_out "^state: +$2\$"
	rd $SRC_M4RCR && expect_out "^SRC_M4RCR +$R "
	expect_out "^boot SP: +$3 "
	expect_out "^boot PC: +$4 "
}

# ---------------------------------------------------------------------------
# Scenarios

echo "E2E start"
diag "kernel $(uname -r), $(cat /sys/devices/soc0/soc_id 2>/dev/null) on '$(cat /sys/devices/soc0/machine 2>/dev/null)'"
diag "/proc/iomem:"
sed 's/^/E2E #   | /' /proc/iomem
v=""
for a in $SRC_M4RCR $CCM_CCGR1 $CCM_TARGET_ROOT1 $CCM_ANALOG_PLL_480; do
	rd $a
	v="$v $a=$R"
done
diag "power-on values (SRC_M4RCR, CCM_CCGR1, CCM_TARGET_ROOT1, CCM_ANALOG_PLL_480):$v"
echo "E2E plan 1..8"

# 1. ELF into OCRAM on the real /dev/mem.
begin "load imx7d_ocram.elf: image in OCRAM, boot vector, SRC_M4RCR, CCM"
scrub 0xab
rd $SRC_M4RCR; src0=$R
rd $CCM_CCGR1; ccgr0=$R
rd $CCM_TARGET_ROOT1; root0=$R
rd $CCM_ANALOG_PLL_480; pll0=$R
tool --soc imx7d $FW/imx7d_ocram.elf
expect_rc 0
check_words "$ELF_WORDS"
check_vector "$ELF_SP" "$ELF_PC"
check_released "$src0"
check_clock "$ccgr0" "$root0"
# Root mux 0, not PLL_SYS_MAIN_240M: the PLL's gate is left alone.
rd $CCM_ANALOG_PLL_480 && same "CCM_ANALOG_PLL_480" "$R" "$pll0"
check_status 0 running "$ELF_SP" "$ELF_PC"
end

# 2. imx-m4fwloader's command line: raw binary and address.
begin "legacy form: imx7d_ocram.bin 0x900000"
scrub 0xab
rd $SRC_M4RCR; src0=$R
rd $CCM_CCGR1; ccgr0=$R
rd $CCM_TARGET_ROOT1; root0=$R
tool --soc imx7d $FW/imx7d_ocram.bin 0x900000
expect_rc 0
check_words "$BIN_WORDS"
check_vector "$BIN_SP" "$BIN_PC"
check_released "$src0"
check_clock "$ccgr0" "$root0"
check_status 0 running "$BIN_SP" "$BIN_PC"
end

# 3. stop and start.
begin "stop holds the M4 (status 3), start releases it (status 0)"
rd $SRC_M4RCR; src0=$R
tool --soc imx7d stop
expect_rc 0
check_held "$src0"
check_status 3 "held in reset" "$BIN_SP" "$BIN_PC"
rd $SRC_M4RCR; src1=$R
tool --soc imx7d start
expect_rc 0
check_released "$src1"
check_vector "$BIN_SP" "$BIN_PC"
check_status 0 running "$BIN_SP" "$BIN_PC"
end

# 4. SoC detection: soc_id first, then the device tree.
begin "SoC detected without --soc (soc_id, then device tree)"
diag "/sys/devices/soc0/soc_id: $(cat /sys/devices/soc0/soc_id 2>&1)"
diag "/proc/device-tree/compatible: $(tr '\0' ' ' </proc/device-tree/compatible 2>&1)"
tool status
case $rc in 0 | 3) ;; *) fail "exit status $rc, expected 0 or 3" ;; esac
expect_out "^soc: +i\.MX7D "
expect_out "soc_id"
# A root with the device tree but no soc0: the compatible string decides.
mkdir -p /tmp/dtroot/proc/device-tree /tmp/dtroot/sys
cp /proc/device-tree/compatible /tmp/dtroot/proc/device-tree/compatible
tool --root=/tmp/dtroot status
case $rc in 0 | 3) ;; *) fail "exit status $rc, expected 0 or 3" ;; esac
expect_out "^soc: +i\.MX7D "
expect_out "compatible"
end

# 5. DDR is System RAM: refused by the /proc/iomem rule; with --force the
# kernel's STRICT_DEVMEM refuses the mapping, and every window is mapped
# before the first write.
begin "imx7d_ddr.elf: /proc/iomem refusal (6); --force: STRICT_DEVMEM (4); nothing written"
grep -q 'System RAM' /proc/iomem || fail "/proc/iomem reports no System RAM"
snap
before=$S
tool --soc imx7d $FW/imx7d_ddr.elf
expect_rc 6
expect_out "System RAM"
unchanged "$before"
tool --soc imx7d --force $FW/imx7d_ddr.elf
expect_rc 4
expect_out "STRICT_DEVMEM"
expect_out "0x80000000"
unchanged "$before"
end

# 6. --dry-run: the plan, and nothing else.
begin "--dry-run of a load leaves OCRAM, boot vector, SRC and CCM unchanged"
scrub 0xae
snap
before=$S
tool --soc imx7d --dry-run $FW/imx7d_ocram.elf
expect_rc 0
expect_out "^copy +0x00900000 "
expect_out "^write32 +0x3039000c "
unchanged "$before"
end

# 7. Malformed images, cut short in the guest.
begin "truncated ELF: exit 5, nothing written"
scrub 0xae
snap
before=$S
head -c 4352 $FW/imx7d_ocram.elf >/tmp/cut-segment.elf
head -c 40 $FW/imx7d_ocram.elf >/tmp/cut-header.elf
tool --soc imx7d /tmp/cut-segment.elf
expect_rc 5
tool --soc imx7d /tmp/cut-header.elf
expect_rc 5
unchanged "$before"
end

# 8. The M4 root on PLL_SYS_MAIN_240M: the PLL's active-low gate is opened.
begin "root mux PLL_SYS_MAIN_240M: load opens the CCM_ANALOG_PLL_480 gate (bit 5)"
scrub 0xab
wr $CCM_TARGET_ROOT1 0x01000000
rd $CCM_ANALOG_PLL_480 && wr $CCM_ANALOG_PLL_480 $((R | 0x20))
rd $CCM_ANALOG_PLL_480; pll0=$R
rd $SRC_M4RCR; src0=$R
tool --soc imx7d $FW/imx7d_ocram.elf
expect_rc 0
rd $CCM_TARGET_ROOT1 && same "CCM_TARGET_ROOT1" "$R" 0x11000000
rd $CCM_ANALOG_PLL_480 && same "CCM_ANALOG_PLL_480" "$R" $((pll0 & ~0x20))
diag "CCM_ANALOG_PLL_480 $pll0 -> $R"
check_released "$src0"
check_words "$ELF_WORDS"
end

echo "E2E done $failed failed (uptime $(cut -d' ' -f1 /proc/uptime) s)"
