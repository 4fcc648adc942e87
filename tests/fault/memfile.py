#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Sparse memory files for tests/fault/run.sh.

    memfile.py seed FILE          4 GiB sparse file: registers at their
                                  power-on values, junk in every memory
                                  an image of the test firmware goes to;
                                  prints its digest
    memfile.py digest FILE        sha256 of the size and of every 4 KiB
                                  block that is not all zeros (holes and
                                  zero blocks alike: a sparse copy has the
                                  same digest); reads only the data extents
    memfile.py untouched DIGEST FILE...
                                  one line per FILE: "ok" when it still has
                                  DIGEST and its registers their power-on
                                  values, else what changed
    memfile.py peek FILE ADDR     the 32-bit little-endian word at ADDR
    memfile.py elfcheck FILE ELF [M:A]
                                  the file bytes of every PT_LOAD of ELF
                                  (32-bit LE) are at p_paddr in FILE; with
                                  M:A, p_paddr >= M is at p_paddr - M + A
    memfile.py bincheck FILE BIN ADDR   BIN's bytes are at ADDR in FILE
"""
import hashlib
import os
import struct
import sys

SIZE = 1 << 32

# (address, 32-bit value): what a board reads after power-on.
REGISTERS = [
    (0x020D8000, 0x00000521),   # 6SX SRC_SCR
    (0x020C4074, 0x00000000),   # 6SX CCM_CCGR3
    (0x3039000C, 0x000000AB),   # 7D/8M SRC_M4RCR (SRC_M7RCR)
    (0x30384010, 0x00003300),   # 7D CCM_CCGR1
    (0x30388080, 0x01000005),   # 7D TARGET_ROOT1 / 8M core root, gated
    (0x303600B0, 0x80002023),   # 7D PLL_480
    (0x30340004, 0x00000505),   # 7D IOMUXC_GPR1
    (0x30340058, 0x00000F31),   # 8MN/8MP IOMUXC_GPR22
]

# Memories the test images load to: filled with junk so a write shows.
MEMORIES = [0x00180000, 0x007E0000, 0x007F8000, 0x00800000, 0x008F8000,
            0x00900000, 0x00920000, 0x40000000, 0x80000000]


def junk(n, seed):
    return bytes(((i * 131 + seed * 17) % 253) + 1 for i in range(n))


def seed(path):
    with open(path, 'wb') as f:
        f.truncate(SIZE)
        for i, at in enumerate(MEMORIES):
            f.seek(at)
            f.write(junk(0x2000, i))
        for at, val in REGISTERS:
            f.seek(at)
            f.write(struct.pack('<I', val))


def digest(path):
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY)
    try:
        end = os.fstat(fd).st_size
        h.update(str(end).encode())
        off = 0
        while off < end:
            try:
                off = os.lseek(fd, off, os.SEEK_DATA) & ~0xfff
            except OSError:
                break
            hole = os.lseek(fd, off, os.SEEK_HOLE)
            data = os.pread(fd, hole - off, off)
            for at in range(0, len(data), 4096):
                block = data[at:at + 4096]
                if block.count(0) != len(block):
                    h.update((off + at).to_bytes(8, 'little'))
                    h.update(block)
            off = hole
    finally:
        os.close(fd)
    return h.hexdigest()


def untouched(path, want):
    if digest(path) != want:
        return 'memory changed'
    for at, val in REGISTERS:
        got = peek(path, at)
        if got != val:
            return 'register 0x%08x reads 0x%08x, was 0x%08x' % (at, got,
                                                                  val)
    return 'ok'


def peek(path, addr):
    with open(path, 'rb') as f:
        f.seek(addr)
        data = f.read(4)
    return struct.unpack('<I', data.ljust(4, b'\0'))[0]


def compare(path, addr, want, what):
    with open(path, 'rb') as f:
        f.seek(addr)
        got = f.read(len(want))
    if got != want:
        bad = next(i for i in range(len(want))
                   if i >= len(got) or got[i] != want[i])
        return '%s: differs at 0x%08x' % (what, addr + bad)
    return None


def elfcheck(path, elf, m_base=None, a_base=None):
    with open(elf, 'rb') as f:
        img = f.read()
    if img[:4] != b'\x7fELF' or img[4] != 1 or img[5] != 1:
        return 'not a 32-bit little-endian ELF'
    phoff, = struct.unpack_from('<I', img, 28)
    phentsize, phnum = struct.unpack_from('<HH', img, 42)
    checked = 0
    for i in range(phnum):
        typ, off, vaddr, paddr, filesz, _, _, _ = struct.unpack_from(
            '<8I', img, phoff + i * phentsize)
        if typ != 1 or filesz == 0:
            continue
        if m_base is not None and paddr >= m_base:
            paddr = paddr - m_base + a_base
        err = compare(path, paddr, img[off:off + filesz], 'segment %d' % i)
        if err:
            return err
        checked += 1
    return None if checked else 'no segment with file bytes'


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'seed':
        seed(args[0])
        print(digest(args[0]))
    elif cmd == 'digest':
        print(digest(args[0]))
    elif cmd == 'untouched':
        for path in args[1:]:
            print(untouched(path, args[0]))
    elif cmd == 'peek':
        print('0x%08x' % peek(args[0], int(args[1], 0)))
    elif cmd == 'elfcheck':
        m = a = None
        if len(args) > 2:
            m, a = (int(x, 0) for x in args[2].split(':'))
        err = elfcheck(args[0], args[1], m, a)
        print(err or 'ok')
        sys.exit(1 if err else 0)
    elif cmd == 'bincheck':
        with open(args[1], 'rb') as f:
            err = compare(args[0], int(args[2], 0), f.read(), args[1])
        print(err or 'ok')
        sys.exit(1 if err else 0)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
