#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=dash disable=SC1091,SC2086,SC2154
#
# /init of the remoteproc guest (tests/e2e/run.sh builds it): Debian's
# armhf kernel on the emulated i.MX7D with the kernel's own imx_rproc.ko
# (built out of tree for it) and a device tree with an fsl,imx7d-cm4 node
# whose memory-region carve-outs are OCRAM + EPDC (0x900000, 256 KiB) and
# DDR (0x9ff00000, 1 MiB). Runs m4fwloader's remoteproc backend against the
# real driver and checks each effect three ways: the tool's own status, the
# kernel's sysfs and log, and busybox devmem. Report format: /e2e/lib.sh.
#
# Scenario 12 loads imx7d_rpmsg.elf (a vdev resource table) with
# virtio_rpmsg_bus and its dependencies from the same kernel package
# (/lib/modules/rpmsg, in the order of /lib/modules/rpmsg/order).
#
# PREDICT_IMAGES: the images of the prediction table (scenario 11).
#
# /e2e/expected.sh, written by the host (tests/e2e/fwvalues.py), gives
# TOR_SP, TOR_PC, TOR_WORDS for imx7d_toradex.elf (vectors at M 0 = OCRAM_S
# 0x180000, code in OCRAM, data in EPDC) and OCR_WORDS for imx7d_ocram.elf.

. /e2e/lib.sh
if [ "$$" -eq 1 ]; then
	guest_main
fi

SRC_M4RCR=0x3039000c
BOOT_SP=0x00180000
BOOT_PC=0x00180004
FW=/fw
RP=/sys/class/remoteproc/remoteproc0
FWPATH=/sys/module/firmware_class/parameters/path
PREDICT_IMAGES="imx7d_toradex.elf imx7d_ocram.elf imx7d_nofilesz.elf imx7d_rsc.elf imx7d_ddr.elf imx7d_xip.elf imx7d_ocram.bin"

. /e2e/expected.sh

expect_state() {
	st=$(cat $RP/state 2>/dev/null)
	[ "$st" = "$1" ] || fail "sysfs state is '$st', expected '$1'"
}

expect_firmware() {
	fwn=$(cat $RP/firmware 2>/dev/null)
	[ "$fwn" = "$1" ] || fail "sysfs firmware is '$fwn', expected '$1'"
}

expect_fwpath() {
	local p
	p=$(cat $FWPATH)
	[ "$p" = "$1" ] || fail "firmware_class.path is '$p', expected '$1'"
}

# kmsg_count REGEX: K := how many kernel log lines match so far.
kmsg_count() {
	K=$(dmesg | grep -c -E -- "$1")
}

# scrub_image WORDS: a marker in every sampled word and the boot vector,
# so that a load must write each of them.
scrub_image() {
	local pair i=0
	for pair in $1; do
		wr "${pair%=*}" $((0x5a5a0000 + i))
		i=$((i + 4))
	done
	wr $BOOT_SP 0xdead0000
	wr $BOOT_PC 0xdead0004
}

# check_m4rcr WANT_LOW UPPER: SRC_M4RCR bits 3:0 and 31:4.
check_m4rcr() {
	rd $SRC_M4RCR || return
	same "SRC_M4RCR bits 3:0" $((R & 0xf)) $1
	same "SRC_M4RCR bits 31:4" $((R & ~0xf)) $(($2 & ~0xf))
	diag "SRC_M4RCR = $R"
}

# check_up: the kernel says the core is up, the registers agree, the image
# and its vector table (at M 0 = OCRAM_S) are in place.
check_up() {
	expect_state running
	check_m4rcr 0xe 0xa0
	check_words "$TOR_WORDS"
	rd $BOOT_SP && same "boot SP at $BOOT_SP" "$R" "$TOR_SP"
	rd $BOOT_PC && same "boot PC at $BOOT_PC" "$R" "$TOR_PC"
}

# ---------------------------------------------------------------------------

echo "E2E start"
diag "kernel $(uname -r), $(cat /sys/devices/soc0/soc_id 2>/dev/null) on '$(cat /sys/devices/soc0/machine 2>/dev/null)'"
# QEMU resets SRC_M4RCR to 0. A core that U-Boot started reads 0xae
# (ENABLE, resets released, the board's upper bits): the driver finds it
# running and attaches at probe. That is the first scenario; the others
# start from the kernel's own stop.
wr $SRC_M4RCR 0xae
insmod /lib/modules/imx_rproc.ko 2>/tmp/insmod
diag "insmod imx_rproc.ko -> $? $(cat /tmp/insmod)"
# virtio_rpmsg_bus and its dependencies, in the order run.sh resolved
# from their .modinfo (scenario 12).
for m in $(cat /lib/modules/rpmsg/order); do
	insmod /lib/modules/rpmsg/$m.ko 2>/tmp/insmod
	diag "insmod $m.ko -> $? $(cat /tmp/insmod)"
done
dmesg | grep -i -E 'rproc|remoteproc' | sed 's/^/E2E #   | /'
diag "/proc/iomem:"
sed 's/^/E2E #   | /' /proc/iomem
FWPATH0=$(cat $FWPATH)
echo "E2E plan 1..12"

# rpmsg_vdev: V := the virtio RPMsg device (device id 7) the kernel created
# for remoteproc0's vdev, D := the driver bound to it; both empty if none.
rpmsg_vdev() {
	local d
	V=""
	D=""
	for d in /sys/bus/virtio/devices/*; do
		[ -e "$d/device" ] && [ "$(cat $d/device)" = 0x0007 ] || continue
		case $(readlink -f $d) in */remoteproc0/*) ;; *) continue ;; esac
		V=${d##*/}
		if [ -L $d/driver ]; then D=$(basename "$(readlink $d/driver)"); fi
	done
}

# expect_vdev: a virtio RPMsg device of remoteproc0 bound to
# virtio_rpmsg_bus exists (V is its name).
expect_vdev() {
	rpmsg_vdev
	[ -n "$V" ] || fail "no virtio device with id 7 under remoteproc0 in /sys/bus/virtio/devices"
	[ -z "$V" ] || [ "$D" = virtio_rpmsg_bus ] ||
		fail "$V is bound to '$D', not virtio_rpmsg_bus"
}

# 1. Attached at probe.
begin "driver attached at probe: sysfs 'attached', status exit 0 and --json"
expect_state attached
tool --backend=remoteproc status
expect_rc 0
expect_out "^state: +attached\$"
expect_out "^remoteproc: +remoteproc0 \\(imx-rproc\\)"
tool --backend=remoteproc status --json
expect_rc 0
expect_out '"state": *"attached"'
expect_out '"running": *true'
end

# 2. The /dev/mem backend keeps off a core the kernel holds.
begin "/dev/mem backend refuses (6) while the kernel holds the core, sysfs commands shown"
rd $SRC_M4RCR; src0=$R
for cmd in load stop start; do
	if [ $cmd = load ]; then
		tool --soc imx7d $FW/imx7d_toradex.elf
	else
		tool --soc imx7d $cmd
	fi
	expect_rc 6
	expect_out "echo stop > $RP/state"
done
rd $SRC_M4RCR && same "SRC_M4RCR" "$R" "$src0"
expect_state attached
end

# 3. Stop through the kernel.
begin "remoteproc stop of the attached core: sysfs offline, SRC_M4RCR 0xab, status 3"
tool --backend=remoteproc stop
expect_rc 0
expect_state offline
check_m4rcr 0xb 0xa0
tool --backend=remoteproc status
expect_rc 3
expect_out "^state: +offline\$"
end

# 4. A load through remoteproc: the image with its vectors at M 0.
begin "remoteproc load of imx7d_toradex.elf: kernel says up, SRC_M4RCR, vector, image"
scrub_image "$TOR_WORDS"
kmsg_count 'remote processor imx-rproc is now up'; up0=$K
tool --backend=remoteproc $FW/imx7d_toradex.elf
expect_rc 0
check_up
expect_firmware imx7d_toradex.elf
kmsg_count 'remote processor imx-rproc is now up'
[ "$K" -gt "$up0" ] || fail "the kernel logged no 'remote processor imx-rproc is now up'"
expect_fwpath "$FWPATH0"
tool --backend=remoteproc status
expect_rc 0
expect_out "^state: +running\$"
expect_out "^firmware: +imx7d_toradex.elf\$"
end

# 5. From standard input.
begin "remoteproc load - (stdin): m4fwloader-stdin.elf, up, image in place"
scrub_image "$TOR_WORDS"
m4fwloader --backend=remoteproc load - <$FW/imx7d_toradex.elf >/tmp/out 2>&1
rc=$?
diag "\$ m4fwloader --backend=remoteproc load - <imx7d_toradex.elf -> exit $rc"
sed 's/^/E2E #   | /' /tmp/out
expect_rc 0
check_up
expect_firmware m4fwloader-stdin.elf
expect_fwpath "$FWPATH0"
end

# 6. Into /lib/firmware.
begin "remoteproc --lib-firmware: the file in /lib/firmware, path parameter untouched"
scrub_image "$TOR_WORDS"
tool --backend=remoteproc --lib-firmware $FW/imx7d_toradex.elf
expect_rc 0
cmp -s $FW/imx7d_toradex.elf /lib/firmware/imx7d_toradex.elf ||
	fail "/lib/firmware/imx7d_toradex.elf differs from the image"
check_up
expect_firmware imx7d_toradex.elf
expect_fwpath "$FWPATH0"
end

# 7. auto: the bound imx-rproc decides.
begin "--backend=auto chooses remoteproc by itself"
scrub_image "$TOR_WORDS"
kmsg_count 'remote processor imx-rproc is now up'; up0=$K
tool --backend=auto $FW/imx7d_toradex.elf
expect_rc 0
check_up
kmsg_count 'remote processor imx-rproc is now up'
[ "$K" -gt "$up0" ] || fail "the kernel did not start the core again (auto took /dev/mem?)"
end

# 8. The control commands through sysfs.
begin "remoteproc stop, status (3), start, start again, restart, status --json (0)"
tool --backend=remoteproc stop
expect_rc 0
expect_state offline
check_m4rcr 0xb 0xa0
tool --backend=remoteproc status
expect_rc 3
tool --backend=remoteproc start
expect_rc 0
expect_state running
check_m4rcr 0xe 0xa0
tool --backend=remoteproc start
expect_rc 0
expect_state running
kmsg_count 'remote processor imx-rproc is now up'; up0=$K
tool --backend=remoteproc restart
expect_rc 0
expect_state running
kmsg_count 'remote processor imx-rproc is now up'
[ "$K" -gt "$up0" ] || fail "restart: the kernel did not start the core again"
tool --backend=remoteproc status --json
expect_rc 0
expect_out '"state": *"running"'
expect_out '"firmware": *"imx7d_toradex.elf"'
end

# 9. An image the kernel refuses: DDR 0x80000000 lies outside every
# carve-out. The tool's own check refuses it first (5); with --force the
# kernel does ("bad phdr da"), and sysfs is put back.
begin "imx7d_ddr.elf: refused (5); --force: the kernel's 'bad phdr da' quoted, sysfs restored"
fw0=$(cat $RP/firmware)
tool --backend=remoteproc $FW/imx7d_ddr.elf
expect_rc 5
expect_state running
tool --backend=remoteproc --force $FW/imx7d_ddr.elf
expect_rc 1
expect_out "bad phdr da"
expect_state offline
expect_firmware "$fw0"
expect_fwpath "$FWPATH0"
dmesg | grep -q 'bad phdr da' || fail "the kernel logged no 'bad phdr da'"
end

# 10. After the kernel's stop, the /dev/mem backend may load; the kernel
# then believes the core offline while the registers say it runs: the tool
# warns about exactly that, and its status shows both views.
begin "after the kernel's stop: /dev/mem load (0) warns, status shows running and remoteproc offline"
tool --backend=remoteproc stop
expect_rc 0
expect_state offline
tool --soc imx7d $FW/imx7d_ocram.elf
expect_rc 0
expect_out "warning: remoteproc0 \\(imx-rproc\\) is 'offline': .*runs while the kernel believes it offline"
check_words "$OCR_WORDS"
check_m4rcr 0xe 0xa0
expect_state offline
tool --soc imx7d status
expect_rc 0
expect_out "^state: +running\$"
expect_out "^remoteproc: +remoteproc0 \(imx-rproc\) offline\$"
end

# 11. Prediction against the real kernel: for every test image that fits
# QEMU's memories (not the TCM ones: QEMU has none, the kernel oopses),
# what `inspect` says the kernel will do, then what the kernel does when
# asked directly through sysfs (not through the tool).
begin "inspect's remoteproc prediction equals what the kernel does, image by image"
predict_n=0
predict_diff=0
if [ "$(cat $RP/state)" != offline ]; then echo stop >$RP/state; fi
for img in $PREDICT_IMAGES; do
	predict_n=$((predict_n + 1))
	m4fwloader inspect --json $FW/$img >/tmp/out 2>&1
	if grep -q '"kernel_loads":true' /tmp/out; then
		said=loads
	elif grep -q '"kernel_loads":false' /tmp/out; then
		said=refuses
	else
		said="no-prediction"
	fi
	why=$(sed -n 's/.*"reasons":\["\([^"]*\)".*/\1/p' /tmp/out | cut -c1-60)
	grep -q '"core_boots":false' /tmp/out && why="${why:+$why; }the core cannot boot it"
	cp $FW/$img /lib/firmware/$img
	echo $img >$RP/firmware
	kmsg_count '.'; k0=$K
	echo start >$RP/state 2>/dev/null
	if [ "$(cat $RP/state)" = running ]; then
		did=loads
		kwhy=""
		echo stop >$RP/state
	else
		did=refuses
		kwhy=$(dmesg | tail -n +$((k0 + 1)) | grep -E 'bad phdr|corrupt|Boot failed|Failed' | head -n 1 | sed 's/^\[[^]]*\] //' | cut -c1-60)
	fi
	if [ "$said" = "$did" ]; then
		verdict=same
	else
		verdict=DIFFERENT
		predict_diff=$((predict_diff + 1))
	fi
	diag "predict: $img | inspect: $said${why:+ ($why)} | kernel: $did${kwhy:+ ($kwhy)} | $verdict"
done
diag "predictions: $predict_n images, $predict_diff differences"
[ "$predict_diff" -eq 0 ] || fail "$predict_diff of $predict_n predictions differ from the kernel"
# Without the device tree (--soc, a root with nothing in it): what the
# tree must provide, not a verdict.
mkdir -p /tmp/empty
tool --soc imx7d --root=/tmp/empty inspect $FW/imx7d_toradex.elf
expect_rc 0
expect_out "the kernel loads it if .*fsl,imx7d-cm4 node has a memory-region"
# readelf: segment 1 at 0x900000, filesz 0x84; segment 2 at M 0x20220000
# (A 0x920000), memsz 0x828. Segment 0 is OCRAM_S, the driver's own.
expect_out "^  - segment 1: A 0x00900000-0x00900083\$"
expect_out "^  - segment 2: A 0x00920000-0x00920827\$"
grep -q "segment 0: A" /tmp/out && fail "OCRAM_S (the driver's own memory) listed as needing a carve-out"
tool inspect $FW/imx7d_ocram.elf
expect_out "^remoteproc: +the kernel loads it"
expect_out "the core cannot boot it"
end

# 12. RPMsg through remoteproc: imx7d_rpmsg.elf's vdev and the carve-outs
# vdev0vring0/vdev0vring1/vdev0buffer of the device tree. No M core runs
# in QEMU, so nothing ever announces a channel: the tool's bounded wait
# (--rpmsg-timeout=200) ends with "no channel", as documented. With no
# mboxes, imx_rproc's kick logs "No initialized mbox tx channel" and
# returns; the start goes on.
begin "RPMsg vdev: load, stop, start, restart: a virtio device bound to virtio_rpmsg_bus, gone, back, re-created"
if [ "$(cat $RP/state)" != offline ]; then echo stop >$RP/state; fi
rpmsg_vdev
[ -z "$V" ] || fail "a virtio RPMsg device ($V) before the start"
kmsg_count 'rpmsg host is online'; on0=$K
kmsg_count 'No initialized mbox tx channel'; kick0=$K
tool --backend=remoteproc --rpmsg-timeout=200 $FW/imx7d_rpmsg.elf
expect_rc 0
expect_state running
expect_firmware imx7d_rpmsg.elf
expect_vdev
expect_out "^remoteproc0: RPMsg $V, virtio_rpmsg_bus; no channel within 200 ms\$"
kmsg_count 'rpmsg host is online'
[ "$K" -gt "$on0" ] || fail "the kernel logged no 'rpmsg host is online'"
kmsg_count 'No initialized mbox tx channel'
[ "$K" -gt "$kick0" ] || fail "no kick logged: virtio_rpmsg_bus did not notify the core"
diag "kick without mboxes: $(dmesg | grep 'No initialized mbox tx channel' | tail -n 1)"
diag "/sys/bus/rpmsg/devices: $(ls /sys/bus/rpmsg/devices 2>/dev/null | tr '\n' ' ')"
diag "no M core runs in QEMU: no channel is ever announced, none is expected"
tool --backend=remoteproc status --json
expect_rc 0
expect_out "\"virtio\":\\[\\{\"name\":\"$V\",\"device_id\":7,\"driver\":\"virtio_rpmsg_bus\",\"remoteproc\":true"
expect_out '"channels":\[\]'
tool --backend=remoteproc stop
expect_rc 0
expect_state offline
rpmsg_vdev
[ -z "$V" ] || fail "$V is still there after the stop"
tool --backend=remoteproc status --json
expect_out '"virtio":\[\]'
tool --backend=remoteproc --rpmsg-timeout=200 start
expect_rc 0
expect_state running
expect_vdev
expect_out "^remoteproc0: RPMsg $V, virtio_rpmsg_bus; no channel within 200 ms\$"
kmsg_count 'registered virtio[0-9]+ \(type 7\)'; reg0=$K
kmsg_count 'rpmsg host is online'; on0=$K
tool --backend=remoteproc --rpmsg-timeout=200 restart
expect_rc 0
expect_state running
expect_vdev
# The kernel reuses the freed index (virtio0 again): a new device is told
# by the kernel's log, one more registration and one more probe.
kmsg_count 'registered virtio[0-9]+ \(type 7\)'
[ "$K" -gt "$reg0" ] || fail "restart: the kernel registered no new virtio device"
kmsg_count 'rpmsg host is online'
[ "$K" -gt "$on0" ] || fail "restart: virtio_rpmsg_bus did not probe a new device"
expect_out "^remoteproc0: RPMsg $V re-created, virtio_rpmsg_bus; no channel within 200 ms\$"
tool --backend=remoteproc stop
expect_rc 0
end

echo "E2E done $failed failed (uptime $(cut -d' ' -f1 /proc/uptime) s)"
