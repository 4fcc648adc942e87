# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2154
# (Sourced by run.sh after lib.sh, which sets the globals used here.)
#
# The commands and options beside the plain load: stop, start, restart,
# status, kick, inspect, dump, --dry-run, --force, --root, --json, FILE -.
# Every group always runs: doc/contract.md requires each of these, so a command or
# option that went missing fails its cases instead of hiding them.

# seed7d MEM [M4RCR]: i.MX7D registers with a clock on and the given
# SRC_M4RCR (default 0x5A5A00AE: running).
seed7d() {
	wr32 "$1" $SRC_MRCR "${2:-0x5A5A00AE}"
	wr32 "$1" $CCM_CCGR1 0x00000003
	wr32 "$1" $CCM_ROOT1 0x10000000
}

# ------------------------------------------------------------------ dry run

c_dry_run() {
	mem_junk mem
	run_tool --dry-run --soc imx7d --mem mem "$FW/imx7d_ocram.elf"
	assert_rc 0
	assert_stderr_empty
	assert_junk mem
	# One operation a line, in order: hold, copies, vector, release.
	local plan
	plan=$(grep -nE '^(write32 0x3039000c 0x0000000b|copy +0x00900000 0x0240|write32 0x00180000 0x20220000|write32 0x00180004 0x00900247|write32 0x3039000c 0x0000000e) ' .out |
		cut -d: -f1 | tr '\n' ' ')
	set -- $plan
	[ $# -eq 5 ] && [ "$1" -lt "$2" ] && [ "$2" -lt "$3" ] && [ "$3" -lt "$4" ] &&
		[ "$4" -lt "$5" ] ||
		fail "plan lines (hold, copy, boot SP, boot PC, release) missing or out of order: at lines '$plan'"
	run_tool -n --soc imx7d --mem newmem "$FW/imx7d_ocram.elf"
	assert_rc 0
	[ ! -e newmem ] || fail "--dry-run created the memory file"
}

# ------------------------------------------------------------------ control

c_stop_start() {
	seed_regs imx7d
	mem_prefill mem imx7d elf "$FW/imx7d_ocram.elf" "${SEEDS[@]}"
	run_tool --soc imx7d --mem mem --no-start "$FW/imx7d_ocram.elf"
	assert_rc 0
	assert_word mem $SRC_MRCR 0x5A5A00AB "SRC_M4RCR after --no-start"
	run_tool --soc imx7d --mem mem status
	assert_rc 3
	assert_match "status" "$OUT" 'held in reset'
	run_tool --soc imx7d --mem mem start
	assert_rc 0
	assert_stderr_empty
	assert_word mem $SRC_MRCR 0x5A5A00AE "SRC_M4RCR after start"
	run_tool --soc imx7d --mem mem status
	assert_rc 0
	assert_match "status" "$OUT" 'running'
	assert_match "status" "$OUT" '0x20220000'
	assert_match "status" "$OUT" '0x00900247'
	run_tool --soc imx7d --mem mem stop
	assert_rc 0
	assert_stderr_empty
	assert_word mem $SRC_MRCR 0x5A5A00AB "SRC_M4RCR after stop"
	run_tool --soc imx7d --mem mem -q status
	assert_rc 3
	assert_stdout_empty
	assert_stderr_empty
	run_tool --soc imx7d --mem mem restart
	assert_rc 0
	assert_word mem $SRC_MRCR 0x5A5A00AE "SRC_M4RCR after restart"
	run_tool --soc imx7d --mem mem -q status
	assert_rc 0
	assert_stdout_empty
	# The image is still there, untouched by stop/start, and nothing else
	# was written anywhere.
	expect_regs imx7d started
	mem_verify mem imx7d elf "$FW/imx7d_ocram.elf" "${EXPECTS[@]}"
}

c_stop_8mp() {
	wr32 mem $GPR22 0xC0DE0000
	wr32 mem $SRC_MRCR 0x5A5A00A1
	run_tool --soc imx8mp --mem mem stop
	assert_rc 0
	assert_word mem $GPR22 0xC0DE0001 "IOMUXC_GPR22 (CPUWAIT := 1)"
	assert_word mem $SRC_MRCR 0x5A5A00AA "SRC_M7RCR (mask 0xF := 0xA)"
	run_tool --soc imx8mp --mem mem status
	assert_rc 3
	assert_match "status" "$OUT" 'held in reset'
}

c_stop_6sx() {
	wr32 mem $SRC_SCR 0xFFFFFFEF
	wr32 mem $CCM_CCGR3 0x0000000C
	run_tool --soc imx6sx --mem mem stop
	assert_rc 0
	assert_word mem $SRC_SCR 0xFFFFEFFF "SRC_SCR (mask 0x00401018 := 0x00400018)"
}

c_start_bad_vector() {
	# A valid-looking core, but nothing at the boot alias (zeros).
	seed7d mem 0x5A5A00AB
	wr32 mem 0x00180000 0
	wr32 mem 0x00180004 0
	snap mem
	run_tool --soc imx7d --mem mem start
	assert_rc 5
	assert_stdout_empty
	assert_one_error multi
	assert_unchanged mem
	run_tool --soc imx7d --mem mem --force start
	assert_rc 0
	assert_word mem $SRC_MRCR 0x5A5A00AE "SRC_M4RCR after start --force"
}

# status_state SOC STATE RC WORD=VALUE...: seed registers, check status.
c_status_state() {
	local soc=$1 state=$2 rc=$3 w
	shift 3
	for w; do wr32 mem "${w%%=*}" "${w#*=}"; done
	run_tool --soc "$soc" --mem mem status
	assert_rc "$rc"
	assert_stderr_empty
	assert_match "status" "$OUT" "state: +$state"
	run_tool --soc "$soc" --mem mem --json status
	assert_rc "$rc"
	assert_stdout_lines 1
	if [ "$rc" = 0 ]; then
		assert_json 'd["state"]' "$state" 'd["running"]' True 'd["soc"]' "$soc"
	else
		assert_json 'd["state"]' "$state" 'd["running"]' False 'd["soc"]' "$soc"
	fi
}

c_status_json() {
	seed_regs imx7d
	mem_prefill mem imx7d elf "$FW/imx7d_tcm.elf" "${SEEDS[@]}"
	run_tool --soc imx7d --mem mem "$FW/imx7d_tcm.elf"
	assert_rc 0
	run_tool --soc imx7d --mem mem --json status
	assert_rc 0
	assert_json 'd["model"]' i.MX7D 'd["core"]' Cortex-M4 \
		'd["detected_by"]' --soc 'd["boot_sp"]' 0x20008000 \
		'd["boot_pc"]' 0x1fff8247 'd["boot_sp_region"]' TCMU \
		'd["boot_pc_region"]' TCML 'd["clock"]' on \
		'd["registers"][0]["address"]' 0x3039000c \
		'd["registers"][0]["value"]' 0x5a5a00ae \
		'd["registers"][0]["bits"]["ENABLE_M4"]' 1 \
		'd["registers"][0]["bits"]["SW_M4C_NON_SCLR_RST"]' 0 \
		'd["remoteproc"]' None
}

# ------------------------------------------------------------------ kick

c_kick() {
	local soc=$1 vq=$2 atr1=$3 want=$4
	run_tool --soc "$soc" --mem mem kick "$vq"
	assert_rc 0
	assert_stderr_empty
	assert_word mem "$atr1" "$want" "MU_A ATR1 after kick $vq"
}

# ------------------------------------------------------------------ inspect

c_inspect() {
	mem_junk mem
	run_tool --soc imx7d --mem mem inspect "$FW/imx7d_toradex.elf"
	assert_rc 0
	assert_stderr_empty
	assert_junk mem
	[ -s .out ] || fail "inspect printed nothing"
	assert_match "inspect" "$OUT" '0x00920000'
	assert_match "inspect" "$OUT" 'OCRAM_EPDC'
}

c_inspect_xip() {
	mem_junk mem
	run_tool --soc imx7d --mem mem inspect "$FW/imx7d_xip.elf"
	assert_rc 5
	assert_stderr_empty
	assert_junk mem
	assert_match "inspect" "$OUT" 'QSPI|XIP|flash'
}

c_inspect_json() {
	run_tool --soc imx7d --json inspect "$FW/imx7d_toradex.elf"
	assert_rc 0
	assert_stdout_lines 1
	assert_json 'd["format"]' elf 'd["loadable"]' True 'd["entry"]' 0x00900007 \
		'len(d["socs"])' 1 'd["socs"][0]["soc"]' imx7d \
		'd["socs"][0]["bytes_copied"]' 740 'd["socs"][0]["bytes_zeroed"]' 2056 \
		'd["socs"][0]["vector"]["sp"]' 0x20240000 \
		'd["socs"][0]["vector"]["pc"]' 0x00900007 \
		'd["socs"][0]["vector"]["written_by_loader"]' False \
		'[s["a_addr"] for s in d["socs"][0]["segments"]]' \
		"['0x00180000', '0x00900000', '0x00920000']" \
		'[s["zero"] for s in d["socs"][0]["segments"]]' '[0, 0, 2056]' \
		'd["socs"][0]["problems"]' '[]'
	run_tool --soc imx8mm --json inspect "$FW/imx8mm_tfa.elf"
	assert_rc 5
	assert_json 'd["loadable"]' False \
		'sorted(set(p["kind"] for p in d["socs"][0]["problems"]))' "['safety']"
}

c_inspect_every_soc() {
	mkdir root
	run_tool --root root --json inspect "$FW/imx8mm_tfa.elf"
	assert_rc 0
	# Legal elsewhere (TF-A sits at another address there), not on 8MM.
	assert_json 'sorted(s["soc"] for s in d["socs"])' \
		"['imx6sx', 'imx7d', 'imx8mm', 'imx8mn', 'imx8mp', 'imx8mq']" \
		'[s["loadable"] for s in d["socs"] if s["soc"] == "imx8mm"]' '[False]' \
		'[s["loadable"] for s in d["socs"] if s["soc"] == "imx8mq"]' '[True]'
}

# ------------------------------------------------------------------ dump

c_dump() {
	seed_regs imx7d
	mem_prefill mem imx7d elf "$FW/imx7d_tcm.elf" "${SEEDS[@]}"
	run_tool --soc imx7d --mem mem "$FW/imx7d_tcm.elf"
	assert_rc 0
	run_tool --soc imx7d --mem mem dump 0x7f8000 0x2e4 out.bin
	assert_rc 0
	assert_stderr_empty
	cmp -s out.bin "$FW/imx7d_tcm.bin" || fail "dump 0x7f8000 0x2e4 differs from imx7d_tcm.bin"
	run_tool --soc imx7d --mem mem --m-view dump 1fff8000 740 out2.bin
	assert_rc 0
	cmp -s out2.bin "$FW/imx7d_tcm.bin" || fail "dump --m-view 1fff8000 740 differs from imx7d_tcm.bin"
	run_tool --soc imx7d --mem mem dump tcml out3.bin
	assert_rc 0
	[ "$(stat -c %s out3.bin)" = 32768 ] || fail "dump tcml: $(stat -c %s out3.bin) bytes, expected 32768"
	cmp -s -n 740 out3.bin "$FW/imx7d_tcm.bin" || fail "dump tcml does not start with the image"
	run_tool --soc imx7d --mem mem dump 0x180000 8 -
	assert_rc 0
	assert_stderr_empty
	[ "$(od -An -tx1 .out | tr -d ' \n')" = 008000204782ff1f ] ||
		fail "dump 0x180000 8 - gave $(od -An -tx1 .out | tr -d '\n'), expected the boot vector"
	run_tool --soc imx7d --mem mem dump 0x30000000 16 out4.bin
	assert_rc 5
	assert_one_error
	run_tool --soc imx7d --mem mem dump nosuchmemory out5.bin
	assert_rc 2
	assert_one_error usage
}

# A dump longer than one read chunk (1 MiB): 3 MiB of DDR whose every
# word is its own address, so a chunk read from the wrong place shows.
c_dump_big() {
	"$PY" -S -c '
import struct, sys
base, n = 0x80000000, 3 << 20
data = b"".join(struct.pack("<I", base + i) for i in range(0, n, 4))
open("ref.bin", "wb").write(data)
with open("mem", "wb") as f:
    f.seek(base)
    f.write(data)
' || fail "cannot write the DDR pattern"
	run_tool --soc imx7d --mem mem dump 0x80000000 0x300000 out.bin
	assert_rc 0
	assert_stderr_empty
	cmp out.bin ref.bin >cmp.out 2>&1 || fail "3 MiB dump differs: $(cat cmp.out)"
}

# A dump of nothing is a usage error, not an empty file.
c_dump_zero() {
	run_tool --soc imx7d --mem mem dump 0x900000 0 out.bin
	assert_rc 2
	assert_stdout_empty
	assert_one_error usage
	assert_match "stderr" "$ERR" "invalid length '0'"
	[ ! -e out.bin ] || fail "a refused dump created OUTFILE"
}

# An image the kernel's remoteproc would refuse is an image problem
# (exit 5, doc/contract.md), said before anything in sysfs is touched.
c_rproc_refuses_image() {
	mk_rproc_root offline old.elf
	snap_tree=$(find root -type f -exec md5sum {} + | sort)
	run_tool --root root --soc imx7d --backend=remoteproc load "$FW/imx7d_rsc.elf"
	assert_rc 5
	assert_stdout_empty
	assert_one_error
	assert_match "stderr" "$ERR" "remoteproc would refuse it: the vector table is not at M address 0"
	[ "$(find root -type f -exec md5sum {} + | sort)" = "$snap_tree" ] ||
		fail "the refused load changed the sysfs tree"
	[ ! -e root/run ] || fail "the refused load made a firmware directory"
}

# --mem must be /dev/mem itself (character device 1:1) or a regular file:
# any other character device maps nothing physical.
c_mem_not_devmem() {
	local dev
	for dev in /dev/zero /dev/null; do
		[ -c "$dev" ] || { fail "$dev is not a character device here"; continue; }
		run_tool --soc imx7d --mem "$dev" status
		assert_rc 4
		assert_stdout_empty
		assert_one_error
		assert_match "stderr" "$ERR" "$dev is a character device but not /dev/mem"
	done
}

# ------------------------------------------------------------ remoteproc

# mk_rproc_root STATE FIRMWARE: a fake root with one imx-rproc instance.
mk_rproc_root() {
	local d=root/sys/class/remoteproc/remoteproc0
	mkdir -p "$d" root/sys/module/firmware_class/parameters
	echo imx-rproc >"$d/name"
	echo "$1" >"$d/state"
	echo "$2" >"$d/firmware"
	: >root/sys/module/firmware_class/parameters/path
}

# status --json through remoteproc: the keys of the man page (JSON), the
# values of the fake sysfs files, running as documented for each state.
c_rproc_status_json() {
	local state want rc
	for state in running attached offline crashed; do
		rm -rf root
		mk_rproc_root "$state" "fw-$state.elf"
		run_tool --root root --backend=remoteproc --json status
		case $state in running | attached) want=True rc=0 ;; *) want=False rc=3 ;; esac
		assert_rc "$rc"
		assert_stderr_empty
		assert_stdout_lines 1
		assert_json 'sorted(d)' "['backend', 'firmware', 'instance', 'name', 'rpmsg', 'running', 'state']" \
			'type(d["rpmsg"]).__name__' dict \
			'd["backend"]' remoteproc 'd["instance"]' remoteproc0 \
			'd["name"]' imx-rproc 'd["state"]' "$state" \
			'd["firmware"]' "fw-$state.elf" 'd["running"]' "$want"
	done
	run_tool --root root --backend=remoteproc status
	assert_rc 3
	assert_match "status" "$OUT" 'state: +crashed'
	assert_match "status" "$OUT" 'firmware: +fw-crashed\.elf'
}

# A firmware name of at most 127 characters (doc/hardware.md §8, the man
# page): 127 goes ahead, 128 is refused before anything is written.
c_rproc_fw_name_len() {
	local n127 n128
	mk_rproc_root offline old.elf
	n127=$(printf '%0123d' 0).elf
	n128=x$n127
	cp "$FW/imx7d_rsc.elf" "$n127"
	cp "$FW/imx7d_rsc.elf" "$n128"
	[ ${#n127} -eq 127 ] && [ ${#n128} -eq 128 ] || fail "name lengths ${#n127} ${#n128}"
	run_tool --root root --soc imx7d --backend=remoteproc --force --dry-run load "$n127"
	assert_rc 0
	assert_match "dry run" "$OUT" "remoteproc0/firmware $n127"
	run_tool --root root --soc imx7d --backend=remoteproc --force --dry-run load "$n128"
	[ "$RC" -ne 0 ] || fail "a 128-character firmware name was accepted"
	assert_stdout_empty
	assert_match "stderr" "$ERR" "'$n128' cannot be a firmware file name.*127"
	assert_eq "firmware attribute" "$(cat root/sys/class/remoteproc/remoteproc0/firmware)" old.elf
}

# ------------------------------------------------------------------ stdin

c_stdin_elf() {
	seed_regs imx7d
	mem_prefill mem imx7d elf "$FW/imx7d_toradex.elf" "${SEEDS[@]}"
	STDIN=$FW/imx7d_toradex.elf run_tool --soc imx7d --mem mem -
	EPDC=1 check_load imx7d started elf "$FW/imx7d_toradex.elf"
}

c_stdin_raw() {
	seed_regs imx6sx
	mem_prefill mem imx6sx raw "$FW/imx6sx_ocram.bin" 0x910000 "${SEEDS[@]}"
	STDIN=$FW/imx6sx_ocram.bin run_tool --soc imx6sx --mem mem load - 910000
	check_load imx6sx started raw "$FW/imx6sx_ocram.bin" 0x910000
}

# ------------------------------------------------------------------ --force

c_force_vector() {
	# PC without the Thumb bit: refused (5) unless --force, then written.
	mkelf bad.elf "{'segments': [{'words': [0x20220000, 0x00900008]}]}"
	run_tool --soc imx7d --mem mem --force bad.elf
	assert_rc 0
	assert_stdout_lines 1
	assert_one_error multi
	assert_match "the warning" "$ERR" 'warning'
	assert_word mem 0x00180004 0x00900008 "boot PC written as it is"
}

c_force_not_map() {
	# --force never overrides the memory map or a malformed image.
	mem_junk mem
	mkelf bad.elf "{'segments': [{}, {'paddr': 0x30000000}]}"
	run_tool --soc imx7d --mem mem --force bad.elf
	assert_rc 5
	assert_junk mem
	mkelf bad2.elf "{'segments': [{'words': [0x20220000, 0x00900009], 'memsz': 0x20}]}"
	run_tool --soc imx7d --mem mem --force bad2.elf
	assert_rc 5
	assert_junk mem
}

# ------------------------------------------------------------------ --root

# mkroot DIR [soc_id TEXT] [compatible TEXT] [iomem TEXT] [rproc STATE]
mkroot() {
	local d=$1
	shift
	mkdir -p "$d/proc" "$d/sys"
	: >"$d/proc/iomem"
	while [ $# -gt 0 ]; do
		case $1 in
		soc_id)
			mkdir -p "$d/sys/devices/soc0"
			printf '%s\n' "$2" >"$d/sys/devices/soc0/soc_id"
			;;
		compatible)
			mkdir -p "$d/proc/device-tree"
			printf "$2" >"$d/proc/device-tree/compatible"
			;;
		iomem) printf "$2" >"$d/proc/iomem" ;;
		rproc)
			mkdir -p "$d/sys/class/remoteproc/remoteproc0"
			echo imx-rproc >"$d/sys/class/remoteproc/remoteproc0/name"
			echo "$2" >"$d/sys/class/remoteproc/remoteproc0/state"
			;;
		esac
		shift 2
	done
}

# c_root_load SOC IMAGE ROOT-SPEC...: detection through --root, then a load
# that must be the one of --soc SOC.
c_root_load() {
	local soc=$1 img=$FW/$2.elf
	shift 2
	mkroot root "$@"
	seed_regs "$soc"
	mem_prefill mem "$soc" elf "$img" "${SEEDS[@]}"
	run_tool --root root --mem mem "$img"
	check_load "$soc" started elf "$img"
}

c_root_refused_soc() {
	mkroot root soc_id "$1"
	mem_junk mem
	run_tool --root root --mem mem "$FW/imx7d_ocram.elf"
	assert_rc 7
	assert_stdout_empty
	assert_one_error
	assert_match "stderr" "$ERR" "$2"
	assert_junk mem
}

c_root_rproc() {
	mkroot root rproc running
	seed_regs imx7d
	mem_prefill mem imx7d elf "$FW/imx7d_ocram.elf" "${SEEDS[@]}"
	snap mem
	run_tool --root root --soc imx7d --mem mem "$FW/imx7d_ocram.elf"
	assert_rc 6
	assert_stdout_empty
	assert_one_error
	assert_match "stderr" "$ERR" 'echo stop > /sys/class/remoteproc/remoteproc0/state'
	assert_unchanged mem
	run_tool --root root --soc imx7d --mem mem --force "$FW/imx7d_ocram.elf"
	assert_rc 0
	assert_stdout_lines 1
	expect_regs imx7d started
	mem_verify mem imx7d elf "$FW/imx7d_ocram.elf" "${EXPECTS[@]}"
	# An offline remoteproc does not own the core: the load goes ahead,
	# warning that the kernel will believe the running core offline.
	mkroot root2 rproc offline
	run_tool --root root2 --soc imx7d --mem mem "$FW/imx7d_ocram.elf"
	assert_rc 0
	assert_match "stderr" "$ERR" "^m4fwloader: warning: remoteproc0 \(imx-rproc\) is 'offline': .*believes it offline"
}

# What only devmem can do is refused with --backend=remoteproc, before
# anything is touched; auto gives such a command to devmem.
c_backend_refuses() {
	mkroot root rproc running
	mem_junk mem
	run_tool --backend=remoteproc --root root --soc imx7d --mem mem kick 1
	assert_rc 2
	assert_stdout_empty
	assert_match "stderr" "$ERR" 'kick needs --backend=devmem'
	assert_junk mem
	run_tool --backend=remoteproc --root root --soc imx7d --mem mem \
		dump tcml out.bin
	assert_rc 2
	assert_stdout_empty
	assert_match "stderr" "$ERR" 'dump needs --backend=devmem'
	[ ! -e out.bin ] || fail "a refused dump created OUTFILE"
	assert_junk mem
	run_tool --backend=auto --root root --soc imx7d --mem mem -n kick 1
	assert_rc 0
	assert_match "stdout" "$OUT" 'write32 0x30aa0004 0x00010000'
}

c_root_iomem() {
	mkroot root iomem '00100000-bfffffff : System RAM\n'
	mem_junk mem
	run_tool --root root --soc imx7d --mem mem "$FW/imx7d_ocram.elf"
	assert_rc 6
	assert_stdout_empty
	assert_one_error multi
	assert_match "stderr" "$ERR" 'System RAM'
	assert_junk mem
	run_tool --root root --soc imx7d --mem mem --force "$FW/imx7d_ocram.elf"
	assert_rc 0
	assert_word mem 0x00900000 0x20220000 "vector table at A 0x00900000 after --force"
	# Memory Linux does not report is free.
	mkroot root2 iomem '80000000-bfffffff : System RAM\n'
	run_tool --root root2 --soc imx7d --mem mem "$FW/imx7d_ocram.elf"
	assert_rc 0
	assert_stderr_empty
}

c_big_raw() {
	# A sparse 300 MiB "binary": refused for its size, without reading it.
	truncate -s 300M big.bin || { fail "truncate"; return; }
	mem_junk mem
	run_tool_t 10 --soc imx7d --mem mem big.bin 0x80000000
	assert_rc 5
	assert_stdout_empty
	assert_one_error
	assert_junk mem
}

c_verbose() {
	run_tool --soc imx7d --mem mem -v "$FW/imx7d_ocram.elf"
	assert_rc 0
	assert_stdout_lines 1
	lines_of .err
	[ ${#LINES[@]} -ge 1 ] || fail "-v logged nothing"
	assert_one_error multi
	run_tool --soc imx7d --mem mem -vv "$FW/imx7d_ocram.elf"
	assert_rc 0
	assert_stdout_lines 1
	assert_match "-vv log" "$ERR" 'copy +0x00900000 0x0240'
	assert_one_error multi
}

# ------------------------------------------------------------------ cases

tcase "--dry-run: prints the plan in order, writes nothing" c_dry_run
tcase "stop, start, restart, status on i.MX7D" c_stop_start
tcase "stop on i.MX8MP: CPUWAIT, then SRC_M7RCR" c_stop_8mp
tcase "stop on i.MX6SX: SRC_SCR" c_stop_6sx
tcase "start refuses an empty boot vector (5), nothing written" c_start_bad_vector
tcase "status: 7D running (0)" c_status_state imx7d running 0 \
	$SRC_MRCR=0x8 $CCM_CCGR1=3 $CCM_ROOT1=0x10000000
tcase "status: 7D held in reset (3)" c_status_state imx7d 'held in reset' 3 \
	$SRC_MRCR=0x9 $CCM_CCGR1=3 $CCM_ROOT1=0x10000000
tcase "status: 7D disabled, ENABLE clear (3)" c_status_state imx7d disabled 3 \
	$SRC_MRCR=0x0 $CCM_CCGR1=3 $CCM_ROOT1=0x10000000
tcase "status: 7D clock gated (3)" c_status_state imx7d 'clock gated' 3 \
	$SRC_MRCR=0x8 $CCM_CCGR1=0 $CCM_ROOT1=0x10000000
tcase "status: 6SX running (0)" c_status_state imx6sx running 0 \
	$SRC_SCR=0x00400000 $CCM_CCGR3=0xC
tcase "status: 6SX held in reset (3)" c_status_state imx6sx 'held in reset' 3 \
	$SRC_SCR=0x00400010 $CCM_CCGR3=0xC
tcase "status: 8MP CPUWAIT set is held in reset (3)" \
	c_status_state imx8mp 'held in reset' 3 \
	$GPR22=0x1 $SRC_MRCR=0x8 $CCM_ROOT1=0x10000000
tcase "status: 8MP running (0)" c_status_state imx8mp running 0 \
	$GPR22=0x0 $SRC_MRCR=0x8 $CCM_ROOT1=0x10000000
tcase "status --json after a load" c_status_json
tcase "kick 1 on i.MX7D: MU_A ATR1 0x30AA0004 := 0x00010000" \
	c_kick imx7d 1 0x30AA0004 0x00010000
tcase "kick 0x10 on i.MX6SX: MU_A ATR1 0x02294004 := 0x00100000" \
	c_kick imx6sx 0x10 0x02294004 0x00100000
tcase "kick 65535 on i.MX8MM" c_kick imx8mm 65535 0x30AA0004 0xFFFF0000
tcase "kick on i.MX8MP: no Messaging Unit known (7)" \
	env_run ERR_RE='no Messaging Unit .* i\.MX8MP' reject_soc imx8mp 7 kick 1
tcase "usage: kick 65536 (2)" env_run ERR_RE="VQID '65536'" reject_soc imx7d 2 usage kick 65536
tcase "usage: kick abc (2)" env_run ERR_RE="VQID 'abc'" reject_soc imx7d 2 usage kick abc
tcase "usage: kick without VQID (2)" \
	env_run ERR_RE='kick: missing VQID' reject_soc imx7d 2 usage kick
tcase "inspect: report on stdout, memory untouched" c_inspect
tcase "inspect: XIP image not loadable (5)" c_inspect_xip
tcase "inspect --json: segments, sizes, vector, problems" c_inspect_json
tcase "inspect without a SoC: every SoC checked" c_inspect_every_soc
tcase "dump: ADDR LEN, --m-view, REGION, to stdout; errors" c_dump
tcase "dump: 3 MiB of DDR, every chunk from its own address" c_dump_big
tcase "memory: --mem /dev/zero, /dev/null: not /dev/mem (4)" c_mem_not_devmem
tcase "usage: dump of 0 bytes (2)" c_dump_zero
tcase "remoteproc: an image the kernel would refuse: 5, sysfs untouched" \
	c_rproc_refuses_image
tcase "remoteproc: status --json, keys and values, per state" c_rproc_status_json
tcase "remoteproc: firmware name of 127 characters loads, 128 refused" \
	c_rproc_fw_name_len
tcase "load - (ELF from standard input)" c_stdin_elf
tcase "load - ADDR (raw binary from standard input)" c_stdin_raw
tcase "--force: a PC without the Thumb bit is written, with a warning" c_force_vector
tcase "--force never overrides the memory map or a malformed image (5)" c_force_not_map
tcase "--root: SoC from sys/devices/soc0/soc_id" \
	c_root_load imx7d imx7d_ocram soc_id i.MX7D
tcase "--root: SoC from proc/device-tree/compatible" \
	c_root_load imx6sx imx6sx_ocram compatible 'fsl,imx6sx-sdb\0fsl,imx6sx\0'
tcase "--root: soc_id i.MX8MP" \
	c_root_load imx8mp imx8mp_itcm soc_id i.MX8MP
tcase "--root: i.MX93 named and refused (7)" c_root_refused_soc i.MX93 'i\.?MX93'
tcase "--root: i.MX7ULP named and refused (7)" c_root_refused_soc i.MX7ULP 'i\.?MX7ULP'
tcase "--root: remoteproc owns the core: 6, --force: 0" c_root_rproc
tcase "--root: /proc/iomem System RAM: 6, --force: 0" c_root_iomem
tcase "--backend=remoteproc: kick and dump refused (2); auto: devmem" \
	c_backend_refuses
tcase "raw binary of 300 MiB refused (5)" c_big_raw
tcase "-v/-vv: log on stderr, summary on stdout" c_verbose
tcase "usage: -q with -v (2)" \
	env_run ERR_RE='--quiet and --verbose' \
	reject_soc imx7d 2 usage -q -v "$FW/imx7d_ocram.elf"
