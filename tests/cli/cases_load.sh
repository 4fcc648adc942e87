# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2154
# (Sourced by run.sh after lib.sh, which sets the globals used here.)
#
# Loads that must succeed, onto a memory file (--mem).  Each one prefills the
# file with 0xFF where the load writes or must not write (memcheck.py), seeds
# the control and clock registers, runs the tool and checks: exit 0, nothing
# on stderr, one summary line on stdout, every byte (memcheck.py verify) and
# every register (expect_regs in lib.sh).

# load_elf SOC IMAGE STATE [OPTION...]: load $FW/IMAGE.elf with OPTIONs;
# STATE is "started" or "held" (what the control register must say after).
# EPDC=1: the image uses OCRAM_EPDC (GPR1 bit 30 and a notice on stderr).
load_elf() {
	local soc=$1 img=$FW/$2.elf state=$3
	shift 3
	[ -f "$img" ] || { fail "$img: no such image (make firmware)"; return; }
	seed_regs "$soc"
	mem_prefill mem "$soc" elf "$img" "${SEEDS[@]}"
	run_tool --soc "$soc" --mem mem "$@" "$img"
	check_load "$soc" "$state" elf "$img"
}

# load_raw SOC IMAGE A_ADDR STATE ARG...: load $FW/IMAGE.bin, which must land
# at A_ADDR; ARG... are the tool's arguments after --soc and --mem.
load_raw() {
	local soc=$1 img=$FW/$2.bin a=$3 state=$4
	shift 4
	[ -f "$img" ] || { fail "$img: no such image (make firmware)"; return; }
	seed_regs "$soc"
	mem_prefill mem "$soc" raw "$img" "$a" "${SEEDS[@]}"
	run_tool --soc "$soc" --mem mem "$@"
	check_load "$soc" "$state" raw "$img" "$a"
}

# check_load SOC STATE KIND FILE [ADDR]: the checks after a successful load
# (of the memory file $MEM, default mem).
check_load() {
	local soc=$1 state=$2
	shift 2
	assert_rc 0
	if [ -n "${EPDC:-}" ]; then
		# The one line allowed on stderr: the OCRAM_EPDC notice.
		assert_one_error
		assert_match "the OCRAM_EPDC notice" "$ERR" 'OCRAM_EPDC|GPR1'
	else
		assert_stderr_empty
	fi
	if [ -n "${QUIET:-}" ]; then
		assert_stdout_empty
	else
		assert_stdout_lines 1
	fi
	expect_regs "$soc" "$state" "${EPDC:-}"
	mem_verify "${MEM:-mem}" "$soc" "$@" "${EXPECTS[@]}"
}

# load_gen SOC DESC [OPTION...]: a generated image (mkelf.py DESC) that is
# valid: it must load like the real ones.
load_gen() {
	local soc=$1 desc=$2
	shift 2
	mkelf gen.elf "$desc"
	seed_regs "$soc"
	mem_prefill mem "$soc" elf gen.elf "${SEEDS[@]}"
	run_tool --soc "$soc" --mem mem "$@" gen.elf
	check_load "$soc" started elf gen.elf
}

# ------------------------------------------------------------------ ELF

c_ddr_over_2g() {
	load_elf imx7d imx7d_ddr started
	local size
	size=$(stat -c %s mem)
	[ "$size" -gt $((0x80000000)) ] || fail "memory file is only $size bytes"
	# The first words at A 0x80000000 are the vector table (SP, PC).
	assert_word mem 0x80000000 0x80200000 "SP in the vector table at A 0x80000000"
	assert_word mem 0x80000004 0x10000247 "PC in the vector table at A 0x80000004"
}

c_toradex() {
	EPDC=1 load_elf imx7d imx7d_toradex started
	# The data segment: 0x20 bytes at A 0x00920000, 0x808 zeroed after it.
	assert_word mem 0x00920000 0x4d344657 "fw_pattern[0] at A 0x00920000"
	assert_bytes mem 0x00920020 0x808 0 "zero fill at A 0x00920020"
}

c_nofilesz() {
	load_elf imx7d imx7d_nofilesz started
	# The 4th PT_LOAD (filesz 0, paddr != vaddr) writes nothing.
	assert_bytes mem 0x009002e4 0x808 0xff "A 0x009002e4 (p_paddr of the filesz-0 segment)"
	assert_bytes mem 0x00910020 0x808 0xff "A 0x00910020 (its p_vaddr 0x20210020)"
}

c_pll_mux2() {
	# Root mux 2: the PLL_480 gate is not ours to open.
	SEED_ROOT=0x02000003 load_elf imx7d imx7d_ocram started
}

c_twice() {
	load_elf imx7d imx7d_ocram started
	# Again, over a "running" core: stops it, reloads, restarts.
	run_tool --soc imx7d --mem mem "$FW/imx7d_tcm.elf"
	assert_rc 0
	assert_stderr_empty
	assert_word mem $SRC_MRCR 0x5A5A00AE "SRC_M4RCR after the second load"
	assert_word mem 0x00180004 0x1fff8247 "boot PC after the second load"
	assert_word mem 0x007f8004 0x1fff8247 "PC in TCML after the second load"
}

c_option_forms() {
	local img=$FW/imx7d_tcm.elf
	seed_regs imx7d
	mem_prefill mem imx7d elf "$img" "${SEEDS[@]}"
	run_tool -s imx7d -m mem "$img"
	check_load imx7d started elf "$img"
	img=$FW/imx6sx_tcm.elf
	seed_regs imx6sx
	mem_prefill mem2 imx6sx elf "$img" "${SEEDS[@]}"
	run_tool --soc=imx6sx --mem=mem2 "$img"
	MEM=mem2 check_load imx6sx started elf "$img"
}

c_fresh_file() {
	# No memory file yet: created (sparse), extended to the registers.
	run_tool --soc imx7d --mem newmem "$FW/imx7d_ocram.elf"
	assert_rc 0
	assert_stderr_empty
	assert_stdout_lines 1
	[ -f newmem ] || { fail "newmem was not created"; return; }
	local size blocks
	size=$(stat -c %s newmem)
	blocks=$(($(stat -c '%b * %B' newmem)))
	[ "$size" -ge $((SRC_MRCR + 4)) ] || fail "newmem is $size bytes: SRC_M4RCR not in it"
	[ "$blocks" -lt $((4 << 20)) ] || fail "newmem is not sparse: $blocks bytes allocated"
	assert_word newmem 0x00180000 0x20220000 "boot SP"
	assert_word newmem 0x00180004 0x00900247 "boot PC"
	assert_word newmem 0x00900000 0x20220000 "vector table at A 0x00900000"
	assert_word newmem $SRC_MRCR 0x0000000e "SRC_M4RCR (from 0: mask 0xF := 0xE)"
	assert_word newmem $CCM_CCGR1 0x00000003 "CCM_CCGR1"
	assert_word newmem $CCM_ROOT1 0x10000000 "CCM_TARGET_ROOT1"
}

for img in imx7d_tcm imx7d_ocram imx7d_rsc; do
	tcase "load $img.elf --soc imx7d" load_elf imx7d $img started
done
tcase "load imx7d_ddr.elf: memory file over 2 GiB, A 0x80000000" c_ddr_over_2g
tcase "load imx7d_toradex.elf: three memories, zero fill, OCRAM_EPDC" c_toradex
tcase "load imx7d_nofilesz.elf: filesz-0 segment skipped" c_nofilesz
tcase "load imx7d: PLL_480 gate untouched when root mux != 1" c_pll_mux2
tcase "load imx6sx_tcm.elf (SRC_SCR seeded 0x00000001)" load_elf imx6sx imx6sx_tcm started
tcase "load imx6sx_ocram.elf (SRC_SCR seeded 0xffffffff)" \
	env_run SEED_SCR=0xFFFFFFFF load_elf imx6sx imx6sx_ocram started
tcase "load imx6sx_ddr.elf" load_elf imx6sx imx6sx_ddr started
for soc in imx8mm imx8mq; do
	tcase "load imx8mm_tcm.elf --soc $soc" load_elf $soc imx8mm_tcm started
	tcase "load imx8mm_ddr.elf --soc $soc" load_elf $soc imx8mm_ddr started
done
for soc in imx8mp imx8mn; do
	tcase "load imx8mp_itcm.elf --soc $soc" load_elf $soc imx8mp_itcm started
	tcase "load imx8mp_ddr.elf --soc $soc" load_elf $soc imx8mp_ddr started
done

tcase "--no-start imx7d_ocram.elf: SRC_M4RCR bit 0 stays set" \
	load_elf imx7d imx7d_ocram held --no-start
tcase "--no-start imx6sx_tcm.elf: SRC_SCR bit 4 stays set" \
	env_run SEED_SCR=0xFFFFFFFF load_elf imx6sx imx6sx_tcm held --no-start
tcase "--no-start imx8mm_tcm.elf: SRC_M4RCR bit 0 stays set" \
	load_elf imx8mm imx8mm_tcm held --no-start
tcase "--no-start imx8mp_itcm.elf --soc imx8mn: GPR22 bit 0 stays set" \
	load_elf imx8mn imx8mp_itcm held --no-start

tcase "load subcommand: load imx7d_tcm.elf" load_elf imx7d imx7d_tcm started load
tcase "short options -s/-m, --opt=value forms" c_option_forms
tcase "-q: nothing on stdout" env_run QUIET=1 load_elf imx7d imx7d_ocram started -q
tcase "load twice: the second load replaces the first" c_twice
tcase "missing memory file is created sparse" c_fresh_file

# Generated images at the edges of the rules, which must load.
tcase "generated: segment ending exactly at the OCRAM_PXP row end (32 KiB)" \
	load_gen imx7d "{'segments': [{'words': [0x20220000, 0x00900009]},
	  {'paddr': 0x00947fc0, 'size': 0x40}]}"
tcase "generated: SP = row end of TCMU, PC in a second segment" \
	load_gen imx7d "{'segments': [{'words': [0x20008000, 0x00900041]},
	  {'paddr': 0x00900040, 'size': 0x40}], 'entry': 0x00900041}"
tcase "generated: filesz 0, paddr == vaddr: zero filled" \
	load_gen imx7d "{'segments': [{'words': [0x20220000, 0x00900009]},
	  {'paddr': 0x00910000, 'size': 0, 'memsz': 0x100}]}"

tcase "generated: 6SX segment ending at the 16 KiB OCRAM_S end" \
	load_gen imx6sx "{'segments': [{'paddr': 0x00910000, 'words': [0x00920000, 0x00910009]},
	  {'paddr': 0x00183fc0}]}"
tcase "generated: 8MM TCM is one row: TCML into TCMU, up to its end" \
	load_gen imx8mm "{'segments': [{'paddr': 0x1ffe0000, 'words': [0x20020000, 0x1ffe0009]},
	  {'paddr': 0x1fffffc0, 'size': 0x80}, {'paddr': 0x2001ffc0}]}"
tcase "generated: 8MP ITCM and DTCM up to their ends" \
	load_gen imx8mp "{'segments': [{'paddr': 0x00000000, 'words': [0x20020000, 0x00000009]},
	  {'paddr': 0x0001ffc0}, {'paddr': 0x2001ffc0}]}"
tcase "generated: 8MM DDR code alias M 0x10000000 is A 0x40000000" \
	load_gen imx8mm "{'segments': [{'paddr': 0x10000000, 'words': [0x80200000, 0x10000009]}]}"
tcase "generated: 8MP DDR code alias M 0x10000000 is A 0x40000000" \
	load_gen imx8mp "{'segments': [{'paddr': 0x10000000, 'words': [0x80200000, 0x10000009]}]}"
tcase "generated: 6SX DDR code alias M 0x10000000 is A 0x80000000" \
	load_gen imx6sx "{'segments': [{'paddr': 0x10000000, 'words': [0x80200000, 0x10000009]}]}"

# ------------------------------------------------------------------ raw

tcase "raw legacy form: imx7d_ocram.bin 900000 (no 0x)" \
	load_raw imx7d imx7d_ocram 0x00900000 started "$FW/imx7d_ocram.bin" 900000
tcase "raw legacy form: imx6sx_ocram.bin 0x910000" \
	load_raw imx6sx imx6sx_ocram 0x00910000 started "$FW/imx6sx_ocram.bin" 0x910000
tcase "raw: load imx6sx_tcm.bin 0x7F8000 (covers the boot alias)" \
	load_raw imx6sx imx6sx_tcm 0x007f8000 started load "$FW/imx6sx_tcm.bin" 0x7F8000
tcase "raw --m-view: imx7d_tcm.bin 0x1FFF8000 lands at A 0x7F8000" \
	load_raw imx7d imx7d_tcm 0x007f8000 started --m-view "$FW/imx7d_tcm.bin" 0x1FFF8000
tcase "raw --m-view: load imx8mm_tcm.bin 1ffe0000 --soc imx8mm" \
	load_raw imx8mm imx8mm_tcm 0x007e0000 started --m-view load "$FW/imx8mm_tcm.bin" 1ffe0000
tcase "raw --no-start: imx8mm_tcm.bin 0x7e0000" \
	load_raw imx8mm imx8mm_tcm 0x007e0000 held --no-start "$FW/imx8mm_tcm.bin" 0x7e0000
