# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2154
# (Sourced by run.sh after lib.sh and cases_commands.sh.)
#
# The RPMsg side and watch: inspect's resource table, status and the
# /dev/mem advice against fake kernels under --root (rpmsg_tree.sh), links
# planted to lead out of the root, and watch with a file rewritten,
# replaced, broken, and Ctrl-C.

. "$CLI_DIR/rpmsg_tree.sh"

# inspect decodes every entry of imx8mm_rpmsg's table (tests/firmware:
# one vdev, vrings of 256 at 0xb8000000/0xb8008000 aligned to 4 KiB, a
# trace) and says what the device tree needs.
c_inspect_rsc() {
	run_tool --soc imx8mm inspect "$FW/imx8mm_rpmsg.elf"
	assert_rc 0
	assert_match stdout "$OUT" 'rsc table: +at M 0x[0-9a-f]+, 140 bytes, version 1, 2 entries, valid'
	assert_match stdout "$OUT" 'vdev0: virtio id 7 \(rpmsg\), dfeatures 0x1, config 0 bytes, 2 vrings'
	# PAGE_ALIGN(vring_size(256, 4096)) = 0x3000
	assert_match stdout "$OUT" 'vring0 da 0xb8000000 align 0x1000 num 256 notifyid 0, 0x3000 bytes +\(DDR\)'
	assert_match stdout "$OUT" 'vring1 da 0xb8008000 align 0x1000 num 256 notifyid 1, 0x3000 bytes +\(DDR\)'
	assert_match stdout "$OUT" 'trace +at 0x05c +da 0x[0-9a-f]+ len 0x100 "m4_trace"'
	assert_match stdout "$OUT" 'vdev0vring0 +containing 0xb8000000\.\.0xb8002fff'
	assert_match stdout "$OUT" 'vdev0vring1 +containing 0xb8008000\.\.0xb800afff'
	assert_match stdout "$OUT" 'vdev0buffer +anywhere, at least 0x40000 bytes'
	run_tool --soc imx8mm --json inspect "$FW/imx8mm_rpmsg.elf"
	assert_rc 0
	assert_json 'd["resource_table"]["valid"]' True \
		'len(d["resource_table"]["entries"])' 2 \
		'd["resource_table"]["entries"][0]["vrings"][1]["da"]' 0xb8008000 \
		'd["resource_table"]["entries"][0]["vrings"][0]["bytes"]' 12288 \
		'd["resource_table"]["entries"][1]["name"]' m4_trace \
		'[n["name"] for n in d["resource_table"]["dt_needs"]]' \
		"['vdev0vring0', 'vdev0vring1', 'vdev0buffer']"
}

# A table the kernel refuses, with the kernel's words: an entry offset
# past the end of the table ("rsc table is truncated").
c_inspect_rsc_refused() {
	local off
	cp "$FW/imx8mm_rpmsg.elf" bad.elf
	# .resource_table's file offset, from the section headers
	off=$("$PY" -S -c '
import struct, sys
b = open("bad.elf", "rb").read()
shoff, = struct.unpack_from("<I", b, 32)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", b, 46)
def sh(i):
    return struct.unpack_from("<IIIIIIIIII", b, shoff + i * shentsize)
stroff = sh(shstrndx)[4]
for i in range(shnum):
    s = sh(i)
    name = b[stroff + s[0]:b.index(b"\0", stroff + s[0])]
    if name == b".resource_table":
        print(s[4])
')
	[ -n "$off" ] || { fail "no .resource_table in imx8mm_rpmsg.elf"; return; }
	# offset[1] (the trace) := 0x1000, far past the 140-byte table
	wr32 bad.elf $((off + 20)) 0x1000
	run_tool --soc imx8mm inspect bad.elf
	assert_rc 0
	assert_match stdout "$OUT" 'refused by the kernel: rsc table is truncated \(entry 1 at offset 0x1000'
	assert_match stdout "$OUT" "the \.resource_table section is refused: rsc table is truncated"
	run_tool --soc imx8mm --json inspect bad.elf
	assert_json 'd["resource_table"]["valid"]' False \
		'd["resource_table"]["dt_needs"]' '[]'
}

# status on an i.MX7D as NXP's BSP boots it: the static transport, its
# virtio device, a channel and its tty.
c_status_static() {
	mk_imx7d_board root
	seed_regs imx7d
	mem_prefill mem imx7d elf "$FW/imx7d_ocram.elf" "${SEEDS[@]}"
	run_tool --root root --mem mem status
	assert_match stdout "$OUT" 'rpmsg: +static imx-rpmsg transport /rpmsg \(fsl,imx7d-rpmsg\), driver bound'
	assert_match stdout "$OUT" 'vdev0 vrings 0x8fff0000 0x8fff8000'
	assert_match stdout "$OUT" 'rpmsg: +virtio0 from rpmsg, virtio_rpmsg_bus'
	assert_match stdout "$OUT" 'rpmsg: +channel rpmsg-virtual-tty-channel-1 src 0x400 dst 0x1e'
	assert_match stdout "$OUT" 'rpmsg: +devices /dev/ttyRPMSG30'
	run_tool --root root --mem mem --json status
	assert_json 'd["rpmsg"]["transport"]' static \
		'd["rpmsg"]["static"][0]["vrings"]' "[['0x8fff0000', '0x8fff8000']]" \
		'd["rpmsg"]["static"][0]["bound"]' True \
		'd["rpmsg"]["channels"][0]["dst"]' 30 \
		'd["rpmsg"]["devices"]' "['/dev/ttyRPMSG30']"
}

# Nothing RPMsg under the root: said so; with a memory file and no
# --root the host is not read at all (null).
c_status_none() {
	mkroot root soc_id i.MX7D
	seed_regs imx7d
	mem_prefill mem imx7d elf "$FW/imx7d_ocram.elf" "${SEEDS[@]}"
	run_tool --root root --mem mem status
	assert_match stdout "$OUT" 'rpmsg: +none \(no imx-rpmsg transport, no RPMsg virtio device\)'
	run_tool --soc imx7d --mem mem --json status
	assert_json 'd["rpmsg"]' None
}

# A remoteproc vdev whose channel never came, and an audio node that
# shares a transport compatible.
c_status_rproc_vdev() {
	mkroot root soc_id i.MX8MM
	dt_root root
	mkdir -p root/sys/firmware/devicetree/base/sound-rpmsg
	printf 'fsl,imx8mm-rpmsg\0' >root/sys/firmware/devicetree/base/sound-rpmsg/compatible
	be32 0 >root/sys/firmware/devicetree/base/sound-rpmsg/fsl,audioindex
	mk_virtio root virtio0 'platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer'
	seed_regs imx8mm
	mem_prefill mem imx8mm elf "$FW/imx8mm_tcm.elf" "${SEEDS[@]}"
	run_tool --root root --mem mem --json status
	assert_json 'd["rpmsg"]["transport"]' remoteproc \
		'd["rpmsg"]["static"]' '[]' \
		'd["rpmsg"]["virtio"][0]["parent"]' remoteproc0 \
		'd["rpmsg"]["channels"]' '[]'
	run_tool --root root --mem mem status
	assert_match stdout "$OUT" 'rpmsg: +no channel announced yet'
}

# status through the remoteproc backend shows the RPMsg side as well.
c_status_rproc_backend() {
	mkroot root rproc running
	mk_virtio root virtio0 'platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer'
	mk_channel root 'platform/imx8mm-cm4/remoteproc/remoteproc0/remoteproc0#vdev0buffer/virtio0' rpmsg-tty 0x400 30
	run_tool --backend=remoteproc --root root status
	assert_rc 0
	assert_match stdout "$OUT" 'rpmsg: +virtio0 from remoteproc remoteproc0 \(vdev\), virtio_rpmsg_bus'
	assert_match stdout "$OUT" 'rpmsg: +channel rpmsg-tty src 0x400 dst 0x1e'
	run_tool --backend=remoteproc --root root --json status
	assert_json 'd["state"]' running 'd["rpmsg"]["transport"]' remoteproc \
		'd["rpmsg"]["channels"][0]["name"]' rpmsg-tty
}

# The /dev/mem load onto a core that a static transport serves: the
# load is done exactly as without it, and warnings say what it does to
# the link and what to do; --dry-run says the same and writes nothing.
c_load_static_advice() {
	local img=$FW/imx7d_ocram.elf line
	mk_imx7d_board root
	seed_regs imx7d
	mem_prefill mem imx7d elf "$img" "${SEEDS[@]}"
	snap mem
	run_tool --root root --mem mem --dry-run "$img"
	assert_rc 0
	assert_unchanged mem
	assert_match stderr "$ERR" 'static imx-rpmsg transport /rpmsg serves this core, vrings at 0x8fff0000/0x8fff8000'
	run_tool --root root --mem mem "$img"
	assert_rc 0
	lines_of .err
	[ ${#LINES[@]} -ge 4 ] || fail "expected at least 4 RPMsg lines on stderr, got ${#LINES[@]}"
	for line in "${LINES[@]}"; do
		case $line in
		'm4fwloader: warning: RPMsg: '?*) ;;
		*) fail "stderr line is not an RPMsg warning: $line" ;;
		esac
	done
	assert_match stderr "$ERR" 'not safe, and this tool does not'
	assert_match stderr "$ERR" 'close /dev/ttyRPMSG30 first'
	assert_match stderr "$ERR" 'm4fwloader kick 0'
	assert_match stderr "$ERR" 'reboot with the firmware started by U-Boot'
	assert_match stderr "$ERR" '--backend=remoteproc'
	expect_regs imx7d started
	mem_verify mem imx7d elf "$img" "${EXPECTS[@]}"
	# the driver's node is there but nothing is bound: nothing to disturb
	rm root/sys/bus/platform/drivers/imx-rpmsg/rpmsg
	run_tool --root root --mem mem restart
	assert_rc 0
	assert_match stderr "$ERR" 'no driver is bound to it'
}

# inspect under --root compares the image's vrings with the transport's.
c_inspect_static() {
	mkroot root soc_id i.MX8MM
	mk_static root fsl,imx8mm-rpmsg cells 2 reg 0xb8000000 0x10000
	run_tool --root root --soc imx8mm inspect "$FW/imx8mm_rpmsg.elf"
	assert_rc 0
	assert_match stdout "$OUT" "rpmsg: +Linux's static imx-rpmsg transport /rpmsg serves this core, vrings at 0xb8000000/0xb8008000"
	case $OUT in
	*'the link cannot work'*) fail "vrings at the same address called a mismatch" ;;
	esac
	mkroot root2 soc_id i.MX8MM
	mk_static root2 fsl,imx8mm-rpmsg cells 2 reg 0x8fff0000 0x10000
	run_tool --root root2 --soc imx8mm inspect "$FW/imx8mm_rpmsg.elf"
	assert_match stdout "$OUT" 'puts vring0 at 0xb8000000, the transport has it at 0x8fff0000: over this transport the link cannot work'
	run_tool --root root2 --soc imx8mm --json inspect "$FW/imx8mm_rpmsg.elf"
	assert_json 'd["rpmsg"]["static"][0]["reg"]["base"]' 0x8fff0000
}

# Links planted under --root to read the host's files lead nowhere.
c_planted_links() {
	mkroot root soc_id i.MX7D
	mkdir -p outside/chan root/sys/bus/rpmsg/devices root/sys/bus/virtio/devices
	echo host-secret >outside/chan/name
	echo 0x0007 >outside/chan/device
	ln -s "$PWD/outside/chan" root/sys/bus/rpmsg/devices/abs
	ln -s ../../../../../outside/chan root/sys/bus/rpmsg/devices/up
	ln -s "$PWD/outside/chan" root/sys/bus/virtio/devices/virtio9
	ln -s "$PWD/outside" root/proc/device-tree
	seed_regs imx7d
	mem_prefill mem imx7d elf "$FW/imx7d_ocram.elf" "${SEEDS[@]}"
	run_tool --root root --mem mem --json status
	case $OUT in
	*host-secret*) fail "status read a file outside --root" ;;
	esac
	assert_json 'd["rpmsg"]["virtio"][0]["device_id"]' 0
}

# wait_for FILE ERE SECONDS: until FILE has a line matching ERE.
wait_for() {
	local i
	for ((i = 0; i < $3 * 20; i++)); do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "no line /$2/ in $1 after $3 s: $(cat "$1")"
	return 1
}

# watch through /dev/mem (a memory file): loaded now; replaced by rename;
# rewritten in place; a broken build and one that does not fit, refused
# with the running image kept; deleted and back; Ctrl-C ends it, exit 0.
c_watch_devmem() {
	local pid w=0x00900008 opt=()
	[ "${1:-}" = poll ] && opt=(--poll=50)
	mkelf fw.elf "{'segments': [{'words': [0x20220000, 0x00900009, 0xCAFE0001]}]}"
	${WRAP[@]+"${WRAP[@]}"} "$TOOL" --soc imx7d --mem mem "${opt[@]}" \
		watch fw.elf >.out 2>.err &
	pid=$!
	wait_for .out 'fw\.elf loaded in [0-9]+ ms' 10 || { kill "$pid"; return; }
	assert_word mem $w 0xCAFE0001 "first load"
	mkelf fw.tmp "{'segments': [{'words': [0x20220000, 0x00900009, 0xCAFE0002]}]}"
	mv fw.tmp fw.elf
	wait_for .out 'reloaded' 10
	assert_word mem $w 0xCAFE0002 "reload after rename"
	mkelf fw.elf "{'segments': [{'words': [0x20220000, 0x00900009, 0xCAFE0003]}]}"
	wait_for .out 'reloaded.*(\n|$)' 10
	sleep 0.5
	assert_word mem $w 0xCAFE0003 "reload after a rewrite in place"
	printf '\177ELF broken' >fw.elf
	wait_for .out 'refused before the hold' 10
	assert_word mem $w 0xCAFE0003 "a broken build kept out"
	# parses, but does not fit the i.MX7D: refused by the load itself
	mkelf fw.tmp "{'segments': [{'paddr': 0x50000000, 'words': [0x20220000, 0x50000009, 0xBAD]}]}"
	mv fw.tmp fw.elf
	sleep 1
	[ "$(grep -c 'refused before the hold' .out)" -ge 2 ] ||
		fail "an image outside the map was not refused: $(cat .out)"
	rm fw.elf
	wait_for .out 'deleted; waiting' 10
	mkelf fw.elf "{'segments': [{'words': [0x20220000, 0x00900009, 0xCAFE0004]}]}"
	sleep 1.5
	assert_word mem $w 0xCAFE0004 "reload after the file came back"
	kill -INT "$pid"
	wait "$pid"
	RC=$?
	assert_rc 0
	assert_match stderr "$(cat .err)" 'stopped watching fw\.elf; the core was left as it is'
	lines_of .out
	[ ${#LINES[@]} -ge 6 ] || fail "expected a line per event, got: $(cat .out)"
}

c_watch_usage() {
	run_tool --soc imx7d --mem mem watch -
	assert_rc 2
	assert_one_error usage
	run_tool --soc imx7d --mem mem -n watch fw.elf
	assert_rc 2
	run_tool --soc imx7d --mem mem --poll=0 watch fw.elf
	assert_rc 2
	run_tool --soc imx7d --mem mem watch nodir/fw.elf
	assert_rc 5
	assert_match stderr "$ERR" 'cannot watch nodir/fw\.elf'
	run_tool --rpmsg-timeout=x status
	assert_rc 2
}

# Always run: the contract requires watch and the RPMsg report.
tcase "inspect: the resource table, every entry, device-tree needs" c_inspect_rsc
tcase "inspect: a table the kernel refuses, with its words" c_inspect_rsc_refused
tcase "status: static imx-rpmsg transport, virtio, channel, tty" c_status_static
tcase "status: no RPMsg; a memory file alone reads no host" c_status_none
tcase "status: a remoteproc vdev, no channel; an audio node skipped" c_status_rproc_vdev
tcase "status --backend=remoteproc: the vdev's virtio device and channel" c_status_rproc_backend
tcase "load/--dry-run/restart: what happens to a static transport" c_load_static_advice
tcase "inspect --root: the image's vrings against the transport's" c_inspect_static
tcase "--root: planted links out of the root are not followed" c_planted_links
tcase "watch (inotify): rename, rewrite, broken, no fit, delete, Ctrl-C" c_watch_devmem
tcase "watch (--poll): rename, rewrite, broken, no fit, delete, Ctrl-C" c_watch_devmem poll
tcase "watch: usage errors and an unwatchable path" c_watch_usage
