# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2154
# (Sourced by run.sh after lib.sh, which sets the globals used here.)
#
# Input the tool must refuse.  Each case: the exit code of doc/contract.md, exactly
# one "m4fwloader: " line on stderr (a usage error may add GNU's "Try ..."
# line), nothing on stdout, and the memory file byte-identical afterwards.

# reject CODE [usage|multi] ARG...: run the tool on a memory file with
# content and check the refusal (usage, multi: see assert_one_error).
# ERR_RE: an ERE that stderr must match, naming the reason the case is
# about; every case sets one, so an input refused for another reason (a
# typo in the case, a check that moved) does not pass.
reject() {
	local code=$1 usage=
	shift
	case ${1:-} in usage | multi) usage=$1; shift ;; esac
	mem_junk mem
	run_tool "$@"
	assert_rc "$code"
	assert_stdout_empty
	assert_one_error $usage
	assert_junk mem
	if [ -n "${ERR_RE:-}" ]; then
		assert_match "stderr" "$ERR" "$ERR_RE"
	else
		fail "the case gives no ERR_RE: which reason is it about?"
	fi
}

# reject_soc SOC CODE [usage|multi] ARG...: reject with --soc SOC --mem mem.
reject_soc() {
	local soc=$1 code=$2 usage=
	shift 2
	case ${1:-} in usage | multi) usage=$1; shift ;; esac
	reject "$code" $usage --soc "$soc" --mem mem "$@"
}

# reject_gen DESC [SOC [CODE [OPTION...]]]: a generated image (mkelf.py
# DESC), refused on SOC (default imx7d) with CODE (default 5).
reject_gen() {
	local desc=$1 soc=${2:-imx7d} code=${3:-5}
	shift $(($# < 3 ? $# : 3))
	mkelf bad.elf "$desc"
	reject_soc "$soc" "$code" "$@" bad.elf
}

# reject_fw SOC CODE [usage|multi] IMAGE [ARG...]: a project test image,
# ARGs after it.
reject_fw() {
	local soc=$1 code=$2 flag=
	shift 2
	case $1 in usage | multi) flag=$1; shift ;; esac
	local img=$FW/$1
	shift
	[ -f "$img" ] || { fail "$img: no such image (make firmware)"; return; }
	reject_soc "$soc" "$code" $flag "$img" "$@"
}

# ------------------------------------------------------------------ files

c_missing() {
	ERR_RE='nosuch\.elf: no such file' reject_soc imx7d 5 nosuch.elf
}

c_directory() {
	mkdir adir
	ERR_RE='adir is a directory' reject_soc imx7d 5 adir
}

c_empty() {
	: >empty.bin
	ERR_RE='empty\.bin is empty' reject_soc imx7d 5 empty.bin 0x900000
}

c_three() {
	printf 'abc' >three.bin
	# Too short to hold the two vector words.
	ERR_RE='fewer than 8 bytes' reject_soc imx7d 5 three.bin 0x900000
}

c_magic_only() {
	# Starts with \x7fELF: an ELF, never a raw binary, even with ADDR
	# absent; truncated to its magic.
	printf '\177ELF' >magic.elf
	ERR_RE='magic\.elf: truncated ELF header' reject_soc imx7d 5 magic.elf
}

c_trunc_header() {
	head -c 40 "$FW/imx7d_ocram.elf" >trunc.elf
	ERR_RE='trunc\.elf: (truncated ELF header|not a readable ELF)' \
		reject_soc imx7d 5 trunc.elf
}

c_trunc_data() {
	# Headers intact, the file ends inside the first segment's data.
	local off
	off=$("$PY" -S "$CLI_DIR/memcheck.py" phdrs "$FW/imx7d_ocram.elf" | awk 'NR == 1 { print $4 }')
	head -c $((off + 0x100)) "$FW/imx7d_ocram.elf" >trunc.elf
	ERR_RE="segment 0: .* at file offset 0x0*$(printf %x "$off") run past the end of the file \\($((off + 0x100)) bytes\\)" \
		reject_soc imx7d 5 trunc.elf
}

c_fifo() {
	mkfifo fw.fifo
	[ -p fw.fifo ] || { fail "mkfifo"; return; }
	mem_junk mem
	snap mem
	run_tool_t 10 --soc imx7d --mem mem fw.fifo
	assert_rc 5
	assert_stdout_empty
	assert_one_error
	assert_match "stderr" "$ERR" 'fw\.fifo is a FIFO'
	assert_unchanged mem
}

c_reloc() {
	local cc=${ARM_CROSS:-arm-none-eabi-}gcc
	if command -v "$cc" >/dev/null; then
		printf 'int x = 1;\nint f(void) { return x; }\n' >obj.c
		"$cc" -mcpu=cortex-m4 -mthumb -c -o obj.o obj.c || fail "$cc -c"
	else
		echo "no $cc: a generated ET_REL instead"
		mkelf obj.o "{'type': 1}"
	fi
	ERR_RE='obj\.o: ELF type ET_REL' reject_soc imx7d 5 obj.o
}

tcase "reject: missing file (5)" c_missing
tcase "reject: a directory (5)" c_directory
tcase "reject: empty file with ADDR (5)" c_empty
tcase "reject: 3-byte file with ADDR (5)" c_three
tcase "reject: ELF magic only (5)" c_magic_only
tcase "reject: ELF truncated in the header (5)" c_trunc_header
tcase "reject: ELF truncated in segment data (5)" c_trunc_data
tcase "reject: a FIFO, without hanging (5)" c_fifo
tcase "reject: relocatable object from gcc -c (5)" c_reloc

# ------------------------------------------------------------------ ELF

# Baseline for the generated images: '{}' loads (load_gen in cases_load.sh),
# so each case below fails for the one thing it changes.
tcase "generated baseline image loads" load_gen imx7d '{}'
tcase "reject: ELF64 (5)" env_run ERR_RE='64-bit ELF' reject_gen "{'class': 64}"
tcase "reject: big-endian ELF32 (5)" env_run ERR_RE='big-endian' reject_gen "{'endian': 'big'}"
tcase "reject: wrong machine EM_386 (5)" env_run ERR_RE='not ARM \(e_machine 3\)' reject_gen "{'machine': 3}"
tcase "reject: wrong machine EM_AARCH64 (5)" env_run ERR_RE='not ARM \(e_machine 183\)' reject_gen "{'machine': 183}"
tcase "reject: ET_REL (5)" env_run ERR_RE='ELF type ET_REL' reject_gen "{'type': 1}"
tcase "reject: ET_DYN (5)" env_run ERR_RE='ELF type ET_DYN' reject_gen "{'type': 3}"
tcase "reject: program headers past EOF (5)" env_run ERR_RE='program headers \(offset 0x10000,.*past the end of the file' reject_gen "{'phoff': 0x10000}"
tcase "reject: e_phnum runs past EOF (5)" env_run ERR_RE='program headers \(.*200 entries\) run past the end of the file' reject_gen "{'phnum': 200}"
tcase "reject: zero program headers (5)" env_run ERR_RE='no program headers' reject_gen "{'phnum': 0}"
tcase "reject: no PT_LOAD, only PT_NOTE (5)" \
	env_run ERR_RE='no PT_LOAD' reject_gen "{'segments': [{'type': 4}]}"
tcase "reject: every PT_LOAD has filesz 0 (5)" \
	env_run ERR_RE='nothing to load|no vector table' reject_gen "{'segments': [{'size': 0, 'memsz': 0x40}]}"
tcase "reject: segment data past EOF (filesz) (5)" \
	env_run ERR_RE='segment 0: its 4096 bytes .* past the end of the file' reject_gen "{'segments': [{'words': [0x20220000, 0x00900009], 'filesz': 0x1000}]}"
tcase "reject: segment data past EOF (offset) (5)" \
	env_run ERR_RE='segment 0: .* at file offset 0x100000 run past the end of the file' reject_gen "{'segments': [{'words': [0x20220000, 0x00900009], 'offset': 0x100000}]}"
tcase "reject: p_filesz > p_memsz (5)" \
	env_run ERR_RE='p_filesz 0x40 is larger than p_memsz 0x20' reject_gen "{'segments': [{'words': [0x20220000, 0x00900009], 'memsz': 0x20}]}"
tcase "reject: segment outside every region (0x30000000) (5)" \
	env_run ERR_RE='segment 1: M 0x30000000-0x3000003f is outside' reject_gen "{'segments': [{}, {'paddr': 0x30000000}]}"
tcase "reject: segment straddles TCML/TCMU (5)" \
	env_run ERR_RE='segment 1: M 0x1fffffc0-0x2000003f runs past the end of TCML' reject_gen "{'segments': [{}, {'paddr': 0x1fffffc0, 'size': 0x80}]}"
tcase "reject: segment past the 32 KiB OCRAM_PXP row (5)" \
	env_run ERR_RE='segment 1: .* past the end of OCRAM_PXP \(0x00940000-0x00947fff\)' reject_gen "{'segments': [{}, {'paddr': 0x00947fd0, 'size': 0x40}]}"
tcase "reject: zero fill past the OCRAM row end (5)" \
	env_run ERR_RE='segment 1: M 0x0091ff00-0x009200ff runs past the end of OCRAM \(0x00900000-0x0091ffff\)' reject_gen "{'segments': [{}, {'paddr': 0x0091ff00, 'size': 0x40, 'memsz': 0x200}]}"
tcase "reject: address wrap past 4 GiB (memsz) (5)" \
	env_run ERR_RE='segment 1: M 0x80000000 \+ 0x80000010 wraps past 4 GiB' reject_gen "{'segments': [{}, {'paddr': 0x80000000, 'size': 0x40, 'memsz': 0x80000010}]}"
tcase "reject: address wrap past 4 GiB (filesz) (5)" \
	env_run ERR_RE='segment 1: M 0xffffffc0 \+ 0x80 wraps past 4 GiB' reject_gen "{'segments': [{}, {'paddr': 0xffffffc0, 'size': 0x80}]}"
tcase "reject: two segments overlap through an alias (5)" \
	env_run ERR_RE='segment 0 \(A 0x00900000\+0x40\) and segment 1 \(A 0x00900020\+0x40\) overlap' reject_gen "{'segments': [{}, {'paddr': 0x20200020, 'size': 0x40}]}"
tcase "reject: zero fill overlaps another segment (5)" \
	env_run ERR_RE='segment 0 \(A 0x00900000\+0x100\) and segment 1 \(A 0x00900080\+0x40\) overlap' reject_gen "{'segments': [{'memsz': 0x100}, {'paddr': 0x00900080}]}"
# The smallest overlap, one byte (0x90003f), and an overlap where the
# later program header lies at the lower address.
tcase "reject: two segments overlap by one byte (5)" \
	env_run ERR_RE='segment 0 \(A 0x00900000\+0x40\) and segment 1 \(A 0x0090003f\+0x40\) overlap' \
	reject_gen "{'segments': [{}, {'paddr': 0x0090003f}]}"
tcase "reject: overlap with the later segment below the earlier (5)" \
	env_run ERR_RE='segment 1 \(A 0x00900100\+0x40\) and segment 2 \(A 0x009000f0\+0x20\) overlap' \
	reject_gen "{'segments': [{}, {'paddr': 0x00900100}, {'paddr': 0x009000f0, 'size': 0x20}]}"
tcase "generated: segments that touch without overlapping load" \
	load_gen imx7d "{'segments': [{}, {'paddr': 0x00900040}, {'paddr': 0x00900080}]}"
tcase "reject: boot alias partly covered (5)" \
	env_run ERR_RE='4 of the 8 boot-vector bytes' reject_gen "{'segments': [{'paddr': 0x00180004, 'words': [0x00188000, 0x00180009]}]}"
tcase "reject: vector segment shorter than 8 bytes (5)" \
	env_run ERR_RE='fewer than 8 bytes' reject_gen "{'segments': [{'words': [0x20220000], 'size': 4}, {'paddr': 0x00900040}]}"
tcase "reject: vector SP not word aligned (5)" \
	env_run ERR_RE='initial SP 0x20220002 is not' reject_gen "{'segments': [{'words': [0x20220002, 0x00900009]}]}"
tcase "reject: vector SP outside RAM (5)" \
	env_run ERR_RE='initial SP 0x30000000 is not' reject_gen "{'segments': [{'words': [0x30000000, 0x00900009]}]}"
tcase "reject: vector SP = row start (5)" \
	env_run ERR_RE='initial SP 0x00900000 is not' reject_gen "{'segments': [{'words': [0x00900000, 0x00900009]}]}"
tcase "reject: vector SP = 0 (5)" \
	env_run ERR_RE='initial SP 0x00000000 is not' reject_gen "{'segments': [{'words': [0x00000000, 0x00900009]}]}"
tcase "reject: vector PC without the Thumb bit (5)" \
	env_run ERR_RE='reset PC 0x00900008 has bit 0 clear' reject_gen "{'segments': [{'words': [0x20220000, 0x00900008]}]}"
tcase "reject: vector PC outside the copied bytes (5)" \
	env_run ERR_RE='reset PC 0x00910001 does not point into any byte' reject_gen "{'segments': [{'words': [0x20220000, 0x00910001]}]}"

# Row ends and firmware-owned memory of the other SoCs.  First segments
# with a valid vector: 6SX OCRAM, 8MQ/8MM TCML, 8MN/8MP ITCM.
V6SX="{'paddr': 0x00910000, 'words': [0x00920000, 0x00910009]}"
V8MM="{'paddr': 0x1ffe0000, 'words': [0x20020000, 0x1ffe0009]}"
V8MP="{'paddr': 0x00000000, 'words': [0x20020000, 0x00000009]}"
tcase "reject: 6SX segment past the 16 KiB OCRAM_S (5)" \
	env_run ERR_RE='segment 1: .* past the end of OCRAM_S \(0x00180000-0x00183fff\)' reject_gen "{'segments': [$V6SX, {'paddr': 0x00183fd0}]}" imx6sx
tcase "reject: 6SX DDR code alias runs into TCML (5)" \
	env_run ERR_RE='segment 1: M 0x1fff7fc0-0x1fff803f runs past the end of DDR' reject_gen "{'segments': [$V6SX, {'paddr': 0x1fff7fc0, 'size': 0x80}]}" imx6sx
tcase "reject: 8MM segment past the 256 KiB TCM row (5)" \
	env_run ERR_RE='segment 1: .* past the end of TCM \(0x1ffe0000-0x2001ffff\)' reject_gen "{'segments': [$V8MM, {'paddr': 0x2001ffd0}]}" imx8mm
tcase "reject: 8MP segment past the 128 KiB ITCM (5)" \
	env_run ERR_RE='segment 1: .* past the end of ITCM \(0x00000000-0x0001ffff\)' reject_gen "{'segments': [$V8MP, {'paddr': 0x0001ffd0}]}" imx8mp
tcase "refuse: 8MM OCRAM_S, TF-A DRAM timing (6)" \
	env_run ERR_RE='segment 1 \(A 0x00187fc0-0x00187fff\) would overwrite TF-A saved DRAM timing' reject_gen "{'segments': [$V8MM, {'paddr': 0x00187fc0}]}" imx8mm 6
tcase "refuse: 8MM OCRAM_S with --force: still 6" \
	env_run ERR_RE='segment 1 \(A 0x00180000-0x0018003f\) would overwrite TF-A saved DRAM timing' reject_gen "{'segments': [$V8MM, {'paddr': 0x00180000}]}" imx8mm 6 --force
tcase "refuse: 8MQ TF-A BL31 at 0x910000 (6)" \
	env_run ERR_RE='segment 1 \(A 0x0091ffc0-0x0091ffff\) would overwrite TF-A BL31' reject_gen "{'segments': [$V8MM, {'paddr': 0x0091ffc0}]}" imx8mq 6
tcase "refuse: 8MQ zero fill into TF-A BL31 (6)" \
	env_run ERR_RE='segment 1 \(A 0x0090ff00-0x009100ff\) would overwrite TF-A BL31' reject_gen "{'segments': [$V8MM, {'paddr': 0x0090ff00, 'memsz': 0x200}]}" imx8mq 6
tcase "refuse: 8MN TF-A BL31 at 0x960000 (6)" \
	env_run ERR_RE='segment 1 \(A 0x00960000-0x0096003f\) would overwrite TF-A BL31' reject_gen "{'segments': [$V8MP, {'paddr': 0x00960000}]}" imx8mn 6
tcase "refuse: 8MN OCRAM_S end, TF-A (6)" \
	env_run ERR_RE='segment 1 \(A 0x00188fc0-0x00188fff\) would overwrite TF-A saved DRAM timing' reject_gen "{'segments': [$V8MP, {'paddr': 0x00188fc0}]}" imx8mn 6
tcase "refuse: 8MP TF-A BL31 at 0x970000 (6)" \
	env_run ERR_RE='segment 1 \(A 0x0098ffc0-0x0098ffff\) would overwrite TF-A BL31' reject_gen "{'segments': [$V8MP, {'paddr': 0x0098ffc0}]}" imx8mp 6
c_order() {
	# TF-A memory first in the image, then a segment outside the map: exit
	# 5, and the memory-map problem is reported first.
	ERR_RE='segment 2: M 0x30000000-0x3000003f is outside' \
		reject_gen "{'segments': [$V8MM, {'paddr': 0x00920000}, {'paddr': 0x30000000}]}" imx8mm 5 multi
	lines_of .err
	assert_match "first line of stderr" "${LINES[0]:-}" '0x30000000'
}
tcase "reject before refuse: map problem and TF-A memory together (5)" c_order

for x in "imx7d imx7d_xip" "imx6sx imx6sx_xip" "imx8mm imx8m_xip"; do
	set -- $x
	tcase "reject: $2.elf --soc $1: XIP flash (5)" \
		env_run ERR_RE='XIP|QSPI|FlexSPI|flash' reject_fw $1 5 multi $2.elf
done
set --
tcase "refuse: imx8mm_tfa.elf --soc imx8mm: TF-A memory (6)" \
	env_run ERR_RE='TF-A|BL31|secure' reject_fw imx8mm 6 multi imx8mm_tfa.elf
tcase "refuse: imx8mm_tfa.elf --soc imx8mm --force: still 6" \
	env_run ERR_RE='TF-A|BL31|secure' reject_fw imx8mm 6 multi imx8mm_tfa.elf --force

# ------------------------------------------------------------------ raw, ADDR

# The message names the A address the reset vector suggests.
for x in "imx7d imx7d_ocram 900000" "imx6sx imx6sx_ocram 910000" \
	"imx7d imx7d_tcm 7f8000" "imx8mm imx8mm_tcm 7e0000"; do
	set -- $x
	tcase "usage: $2.bin without ADDR names 0x$3 (2)" \
		env_run ERR_RE="(0x)?0*$3([^0-9a-f]|\$)" reject_fw $1 2 usage $2.bin
done
set --
# A raw image whose reset PC is in QSPI flash (i.MX7D: M 0x60000000, 512 MiB,
# execute in place; reference manual, system memory map): no RAM address to
# suggest, so the message says the vector points outside the memory map.
c_raw_hint_xip() {
	printf '\x00\x80\x00\x20\x01\x01\x00\x60' >xip.bin
	head -c 248 /dev/zero >>xip.bin
	ERR_RE='reset vector \(PC 0x60000101\) points outside the i\.MX7D' \
		reject_soc imx7d 2 usage xip.bin
	[[ $ERR != *suggests* ]] || fail "an XIP reset PC suggests a load address"
}
tcase "usage: raw binary, reset PC in flash: no address suggested (2)" \
	c_raw_hint_xip
tcase "reject: raw imx7d_tcm.bin at 0x900000, PC not in it (5)" \
	env_run ERR_RE='reset PC 0x1fff8247 does not point into any byte' \
	reject_fw imx7d 5 imx7d_tcm.bin 0x900000
tcase "reject: raw at A 0x30000000, outside the map (5)" \
	env_run ERR_RE='A 0x30000000-0x[0-9a-f]+ is outside' reject_fw imx7d 5 multi imx7d_ocram.bin 0x30000000
tcase "reject: raw across the OCRAM row end (5)" \
	env_run ERR_RE='A 0x0091ff00-0x[0-9a-f]+ runs past the end of OCRAM \(' reject_fw imx7d 5 multi imx7d_ocram.bin 0x91ff00
tcase "reject: raw --m-view at XIP 0x60000000 (5)" \
	env_run ERR_RE='M 0x60000000 is in (QSPI|FlexSPI) flash' reject_fw imx7d 5 multi imx7d_ocram.bin --m-view 0x60000000
for a in zz 0x 0x1_0000 123456789 0x123456789 '' -1 0x900000zz ' 900000'; do
	# '-1' reads as an option: getopt's message is the reason there.
	tcase "usage: malformed ADDR '$a' (2)" \
		env_run ERR_RE="invalid address '|invalid option -- '1'" reject_soc imx7d 2 usage "$FW/imx7d_ocram.bin" "$a"
done
tcase "usage: ELF with ADDR (2)" \
	env_run ERR_RE="is an ELF image.*ADDR '0x900000' is not used" reject_soc imx7d 2 usage "$FW/imx7d_ocram.elf" 0x900000
tcase "usage: too many operands (2)" \
	env_run ERR_RE="unexpected argument 'extra'" reject_soc imx7d 2 usage "$FW/imx7d_ocram.bin" 0x900000 extra
tcase "usage: no operand (2)" env_run ERR_RE='missing FILE' reject_soc imx7d 2 usage
tcase "usage: load without FILE (2)" \
	env_run ERR_RE='load: missing FILE' reject_soc imx7d 2 usage load

# ------------------------------------------------------------------ options

tcase "usage: unknown option (2)" \
	env_run ERR_RE="unrecognized option '--frobnicate'" reject 2 usage --soc imx7d --mem mem --frobnicate "$FW/imx7d_ocram.elf"
tcase "usage: --soc without its argument (2)" \
	env_run ERR_RE="'--soc' requires an argument" reject 2 usage --mem mem --soc
tcase "soc: unknown --soc imx9 (7)" \
	env_run ERR_RE="unknown SoC 'imx9'" reject_soc imx9 7 "$FW/imx7d_ocram.elf"
# doc/contract.md (Commands): a part named with --soc gets the refusal of a
# detected one, naming it with the alternative, not "unknown SoC".
tcase "soc: --soc imx7ulp, not controllable from Linux (7)" \
	env_run ERR_RE='i\.MX7ULP \(--soc imx7ulp\): .*boot image' reject_soc imx7ulp 7 "$FW/imx7d_ocram.elf"
tcase "soc: --soc imx93, started only by secure firmware (7)" \
	env_run ERR_RE='i\.MX93 \(--soc imx93\): .*(remoteproc|bootaux)' reject_soc imx93 7 "$FW/imx7d_ocram.elf"

c_no_soc() {
	mkdir root
	ERR_RE='not detected \(no root/sys/devices/soc0/soc_id or root/proc/device-tree/compatible\).*--soc' \
		reject 7 --root root --mem mem "$FW/imx7d_ocram.elf"
}
tcase "soc: none given, none detected (7)" c_no_soc

c_mem_unwritable() {
	run_tool --soc imx7d --mem "$1" "$FW/imx7d_ocram.elf"
	assert_rc 4
	assert_stdout_empty
	assert_one_error
}
c_mem_dir() {
	mkdir memdir
	c_mem_unwritable memdir
	[ -z "$(ls -A memdir)" ] || fail "memdir is not empty afterwards"
}
tcase "memory: --mem /proc/version (4)" c_mem_unwritable /proc/version
tcase "memory: --mem a directory (4)" c_mem_dir
tcase "memory: --mem in a missing directory (4)" c_mem_unwritable nodir/mem

c_help() {
	run_tool "$1"
	assert_rc 0
	assert_stderr_empty
	[ -s .out ] || fail "nothing on stdout"
	lines_of .out
	assert_match "$1 output" "${LINES[0]:-}" "$2"
}
tcase "--help: stdout, exit 0" c_help --help '^Usage: m4fwloader '
tcase "-h: stdout, exit 0" c_help -h '^Usage: m4fwloader '
tcase "--version: stdout, exit 0" c_help --version '^m4fwloader [0-9]'
tcase "-V: stdout, exit 0" c_help -V '^m4fwloader [0-9]'
