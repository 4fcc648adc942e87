#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A cross-built tool loads an image into i.MX7D DDR at A 0x80000000, in a
# sparse memory file over 2 GiB, byte-exact: the case that a 32-bit off_t
# breaks (pread/fstat at 0x80000000 fail with EINVAL/EOVERFLOW), and that
# qemu-user reproduces exactly as the kernel on the board does.
#
#   tests/cross/ddr-above-2g.sh ARCH TOOL FIRMWARE_DIR
#
# ARCH: armhf (the tool must be ELF32 ARM), arm64 (ELF64 AArch64) or native
# (no check of the file format). TEST_WRAPPER (qemu-arm-static, ...) is put
# before every run of TOOL. TAP on stdout, then "N passed, N failed"; exit 1
# if a check failed. Needs python3 and readelf.
set -u

arch=$1
tool=$2
fwdir=$3
elf=$fwdir/imx7d_ddr.elf

n=0
passed=0
failed=0

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - $*"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $*"
}

check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

finish() {
	echo "1..$n"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mem=$work/imx7d.mem

if [ ! -f "$elf" ]; then
	not_ok "firmware $elf present (make firmware)"
	finish
fi

# The binary under test is the one the board runs: 32-bit ARM for armhf,
# statically linked so that qemu-user needs no target root.
header=$(LC_ALL=C readelf -h "$tool" 2>&1)
class=$(sed -n 's/^ *Class: *//p' <<<"$header")
machine=$(sed -n 's/^ *Machine: *//p' <<<"$header")
echo "# $tool: $class $machine"
case $arch in
armhf)
	check "tool is ELF32 ARM" [ "$class $machine" = "ELF32 ARM" ]
	;;
arm64)
	check "tool is ELF64 AArch64" [ "$class $machine" = "ELF64 AArch64" ]
	;;
esac
if [ "$arch" != native ]; then
	# shellcheck disable=SC2016 # $1 is for the inner shell
	check "tool is statically linked" \
		bash -c '! LC_ALL=C readelf -lW "$1" | grep -q INTERP' _ "$tool"
fi

# shellcheck disable=SC2086
out=$(${TEST_WRAPPER:-} "$tool" --soc imx7d --mem "$mem" "$elf" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "load imx7d_ddr.elf into DDR: exit 0 (got $rc)" [ "$rc" -eq 0 ]

size=$(stat -c %s "$mem" 2>/dev/null || echo 0)
check "memory file reaches beyond 2 GiB (size $size)" \
	[ "$size" -gt $((0x80000000)) ]

# Every PT_LOAD's file bytes at its A address. imx7d_ddr.elf is linked at
# the M4 code-bus alias of DDR (M 0x10000000 = A 0x80000000) and in DDR
# proper (M 0x80000000 = A 0x80000000): the i.MX7D reference manual's
# memory map, written out here independently of the tool's table.
python3 - "$elf" "$mem" <<'EOF'
import struct
import sys

elf_path, mem_path = sys.argv[1], sys.argv[2]
with open(elf_path, "rb") as f:
    elf = f.read()
assert elf[:4] == b"\x7fELF" and elf[4] == 1, "not an ELF32 file"
(phoff,) = struct.unpack_from("<I", elf, 0x1C)
phentsize, phnum = struct.unpack_from("<HH", elf, 0x2A)


def m_to_a(m):
    if 0x10000000 <= m < 0x1FFF0000:
        return m - 0x10000000 + 0x80000000
    if 0x80000000 <= m < 0xE0000000:
        return m
    raise SystemExit("0x%08x is not in i.MX7D DDR" % m)


bad = 0
checked = 0
highest = 0
try:
    mem = open(mem_path, "rb")
except OSError as e:
    print("# %s" % e)
    sys.exit(1)
with mem:
    for i in range(phnum):
        p_type, p_offset, _, p_paddr, p_filesz = struct.unpack_from(
            "<IIIII", elf, phoff + i * phentsize)
        if p_type != 1 or p_filesz == 0:
            continue
        a = m_to_a(p_paddr)
        want = elf[p_offset:p_offset + p_filesz]
        mem.seek(a)
        got = mem.read(p_filesz)
        status = "ok" if got == want else "MISMATCH"
        print("# PT_LOAD %d: M 0x%08x -> A 0x%08x, %d bytes: %s"
              % (i, p_paddr, a, p_filesz, status))
        if got != want:
            bad += 1
        checked += p_filesz
        highest = max(highest, a + p_filesz)
    # Not zeros compared with zeros: the vector table (initial SP, reset
    # PC) is what must be at 0x80000000.
    mem.seek(0x80000000)
    sp, pc = struct.unpack("<II", mem.read(8))
    print("# A 0x80000000: SP 0x%08x PC 0x%08x" % (sp, pc))
if bad or checked == 0 or highest <= 0x80000000 or sp == 0 or pc == 0:
    sys.exit(1)
EOF
check "PT_LOAD bytes at A 0x80000000.. equal the ELF's" [ $? -eq 0 ]

# shellcheck disable=SC2086
out=$(${TEST_WRAPPER:-} "$tool" --soc imx7d --mem "$mem" status 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "status after the load: exit 0, running (got $rc)" [ "$rc" -eq 0 ]

finish
