#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""What the guest must find in memory after a load, computed on the host.

    fwvalues.py SPEC...
    SPEC:  PREFIX elf FILE          an ELF32 image for the i.MX7D
           PREFIX bin FILE ADDR     a raw binary loaded at A address ADDR

Prints shell assignments for the e2e guest's /init (busybox sh), for each
SPEC (one python start-up for all: it is the slow part):

    PREFIX_SP=0x20220000          boot SP (word 0 of the vector table)
    PREFIX_PC=0x00900247          boot PC (word 1)
    PREFIX_WORDS="0x00900000=0x20220000 0x00900004=0x00900247 ..."

PREFIX_WORDS samples the bytes the load copies: the first two and the last
word of every segment, and every 8th word in between (A view addresses).
An ELF segment's physical address is an M-core address (as the kernel's
remoteproc reads it too); only segments in the i.MX7D's OCRAM_S and OCRAM
(with EPDC and PXP) are accepted, through the M-to-A rows of the kernel's
imx_rproc address table (imx_rproc_att_imx7d), which is this file's own
copy: that is what the e2e test loads; anything else is an error here,
not a silent pass in the guest.
"""
import struct
import sys

# i.MX7D rows (M start, A start, size) that QEMU models as RAM: OCRAM_S
# and its boot alias at M 0, OCRAM/EPDC/PXP and their data alias.
M_TO_A_ROWS = [
    (0x00000000, 0x00180000, 0x8000),
    (0x00180000, 0x00180000, 0x8000),
    (0x20180000, 0x00180000, 0x8000),
    (0x00900000, 0x00900000, 0x48000),
    (0x20200000, 0x00900000, 0x48000),
]


def fail(msg):
    sys.exit("fwvalues.py: " + msg)


def elf_segments(data):
    """(address, bytes) of each PT_LOAD with file bytes, in header order."""
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        fail("not a little-endian ELF32 file")
    e_phoff, = struct.unpack_from("<I", data, 28)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 42)
    segs = []
    for i in range(e_phnum):
        (p_type, p_offset, _vaddr, p_paddr, p_filesz, _memsz, _flags,
         _align) = struct.unpack_from("<8I", data, e_phoff + i * e_phentsize)
        if p_type != 1 or p_filesz == 0:
            continue
        if p_offset + p_filesz > len(data):
            fail("segment %d runs past the end of the file" % i)
        segs.append((p_paddr, data[p_offset:p_offset + p_filesz]))
    if not segs:
        fail("no PT_LOAD with file bytes")
    return segs


def a_view(m):
    """The A address of M address @m, or None."""
    for ms, a, size in M_TO_A_ROWS:
        if ms <= m < ms + size:
            return m - ms + a, ms + size - m
    return None, 0


def sample(maddr, blob):
    addr, room = a_view(maddr)
    if addr is None or len(blob) > room:
        fail("segment at M 0x%08x is not in OCRAM/OCRAM_S of the i.MX7D"
             % maddr)
    if addr % 4 or len(blob) % 4:
        fail("segment at 0x%08x is not made of whole words" % addr)
    n = len(blob) // 4
    idx = sorted({0, 1, n - 1} | set(range(0, n, 8)))
    return [(addr + 4 * i, struct.unpack_from("<I", blob, 4 * i)[0])
            for i in idx if i < n]


def values(prefix, kind, path, addr=None):
    with open(path, "rb") as f:
        data = f.read()
    if kind == "elf":
        segs = elf_segments(data)
    else:
        segs = [(int(addr, 16), data)]
    vec = segs[0][1]
    if len(vec) < 8:
        fail("first segment shorter than the 8-byte vector")
    sp, pc = struct.unpack_from("<II", vec, 0)
    words = []
    for a, blob in segs:
        words += sample(a, blob)
    print("%s_SP=0x%08x" % (prefix, sp))
    print("%s_PC=0x%08x" % (prefix, pc))
    print('%s_WORDS="%s"' % (prefix, " ".join(
        "0x%08x=0x%08x" % w for w in words)))


def main(argv):
    args = argv[1:]
    if not args:
        fail("usage: fwvalues.py {PREFIX elf FILE | PREFIX bin FILE ADDR}...")
    while args:
        if len(args) < 3 or args[1] not in ("elf", "bin"):
            fail("usage: fwvalues.py {PREFIX elf FILE | PREFIX bin FILE ADDR}...")
        n = 3 if args[1] == "elf" else 4
        if len(args) < n:
            fail("bin wants an ADDR")
        values(*args[:n])
        args = args[n:]


if __name__ == "__main__":
    main(sys.argv)
