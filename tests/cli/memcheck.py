#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Memory-file oracle for the m4fwloader CLI tests.

The memory file stands for physical memory: byte offset N = A-core address N.
This script knows, independently of the tool's code, where an image must land
(the M view -> A view tables of doc/hardware.md §4 and the boot aliases of
section 3, written out below as data) and checks the file against that.

    memcheck.py phdrs ELF
        print the PT_LOAD table: "index paddr vaddr offset filesz memsz"
    memcheck.py prefill MEM SOC elf ELF | raw BIN ADDR
        fill with 0xFF every byte the load may or must not touch: the copies,
        the zero fills, the p_filesz..p_memsz tail and the p_vaddr range of
        segments with p_paddr != p_vaddr, and 8 bytes either side of the boot
        vector; so that zeroing and stray writes are observable
    memcheck.py verify MEM SOC elf ELF | raw BIN ADDR
        check, after a load onto a prefilled file: every copied byte; zero
        fill exactly where p_paddr == p_vaddr; 0xFF still everywhere else that
        prefill covered; the boot vector (8 bytes at the boot alias) equal to
        the image's first 8 bytes.  One line per problem; exit 1 if any.
        prefill and verify take optional WORD arguments after those:
        ADDR=VALUE[=WHAT] (a 32-bit little-endian word): prefill writes it
        (a register seed), verify checks it (WHAT names it in the message).
    memcheck.py check MEM ADDR LEN BYTE      exit 1 unless all LEN bytes are BYTE
    memcheck.py digest FILE
        print the size and a sha256 of FILE's data extents (SEEK_DATA /
        SEEK_HOLE: a sparse 2 GiB memory file is hashed in milliseconds);
        any write, even of zeros into a hole, changes it

ADDR, LEN, BYTE accept 0x-prefixed hex.  ELF and raw ADDR are for the SoC:
ELF segments are translated from the M view (p_paddr), a raw ADDR is A view.
"""
import hashlib
import os
import struct
import sys

# doc/hardware.md §4: (M view start, size, A view start, name).  Rows do not
# overlap in the M view, so "first matching row" is "the row containing it".
_8MQM = [
    (0x00000000, 0x00020000, 0x007E0000, 'boot alias (TCML)'),
    (0x1FFE0000, 0x00040000, 0x007E0000, 'TCML+TCMU'),
    (0x00180000, 0x00008000, 0x00180000, 'OCRAM_S'),
    (0x20180000, 0x00008000, 0x00180000, 'OCRAM_S'),
    (0x00900000, 0x00020000, 0x00900000, 'OCRAM'),
    (0x20200000, 0x00020000, 0x00900000, 'OCRAM'),
    (0x00920000, 0x00020000, 0x00920000, 'OCRAM'),
    (0x20220000, 0x00020000, 0x00920000, 'OCRAM'),
    (0x10000000, 0x0FFE0000, 0x40000000, 'DDR code alias'),
    (0x40000000, 0x80000000, 0x40000000, 'DDR'),
]
_8MNP = [
    (0x00000000, 0x00020000, 0x007E0000, 'ITCM'),
    (0x20000000, 0x00020000, 0x00800000, 'DTCM'),
    (0x00180000, 0x00009000, 0x00180000, 'OCRAM_S'),
    (0x20180000, 0x00008000, 0x00180000, 'OCRAM_S'),
    (0x00900000, 0x00020000, 0x00900000, 'OCRAM'),
    (0x20200000, 0x00020000, 0x00900000, 'OCRAM'),
    (0x00920000, 0x00020000, 0x00920000, 'OCRAM'),
    (0x20220000, 0x00020000, 0x00920000, 'OCRAM'),
    (0x00940000, 0x00050000, 0x00940000, 'OCRAM'),
    (0x20240000, 0x00040000, 0x00940000, 'OCRAM'),
    (0x10000000, 0x0FFE0000, 0x40000000, 'DDR code alias'),
    (0x40000000, 0x80000000, 0x40000000, 'DDR'),
]
MAPS = {
    'imx6sx': [
        (0x00000000, 0x00008000, 0x007F8000, 'boot alias (TCML)'),
        (0x1FFF8000, 0x00008000, 0x007F8000, 'TCML'),
        (0x20000000, 0x00008000, 0x00800000, 'TCMU'),
        (0x00180000, 0x00004000, 0x008F8000, 'OCRAM_S'),
        (0x208F8000, 0x00004000, 0x008F8000, 'OCRAM_S'),
        (0x00900000, 0x00020000, 0x00900000, 'OCRAM'),
        (0x10000000, 0x0FFF8000, 0x80000000, 'DDR code alias'),
        (0x80000000, 0x60000000, 0x80000000, 'DDR'),
    ],
    'imx7d': [
        (0x00000000, 0x00008000, 0x00180000, 'boot alias (OCRAM_S)'),
        (0x00180000, 0x00008000, 0x00180000, 'OCRAM_S'),
        (0x20180000, 0x00008000, 0x00180000, 'OCRAM_S'),
        (0x1FFF8000, 0x00008000, 0x007F8000, 'TCML'),
        (0x20000000, 0x00008000, 0x00800000, 'TCMU'),
        (0x00900000, 0x00020000, 0x00900000, 'OCRAM'),
        (0x20200000, 0x00020000, 0x00900000, 'OCRAM'),
        (0x00920000, 0x00020000, 0x00920000, 'OCRAM_EPDC'),
        (0x20220000, 0x00020000, 0x00920000, 'OCRAM_EPDC'),
        (0x00940000, 0x00008000, 0x00940000, 'OCRAM_PXP'),
        (0x20240000, 0x00008000, 0x00940000, 'OCRAM_PXP'),
        (0x10000000, 0x0FFF0000, 0x80000000, 'DDR code alias'),
        (0x80000000, 0x60000000, 0x80000000, 'DDR'),
    ],
    'imx8mq': _8MQM, 'imx8mm': _8MQM, 'imx8mn': _8MNP, 'imx8mp': _8MNP,
}
# doc/hardware.md §3: A view of M address 0.
BOOT_ALIAS = {'imx6sx': 0x007F8000, 'imx7d': 0x00180000, 'imx8mq': 0x007E0000,
              'imx8mm': 0x007E0000, 'imx8mn': 0x007E0000, 'imx8mp': 0x007E0000}


def num(s):
    return int(s, 0)


def m2a(soc, addr):
    """A view of M address addr, or None when no row contains it."""
    for m, size, a, _ in MAPS[soc]:
        if m <= addr < m + size:
            return a + addr - m
    return None


def pt_loads(path):
    """PT_LOADs of a 32-bit little-endian ELF, in program-header order."""
    with open(path, 'rb') as f:
        img = f.read()
    if img[:4] != b'\x7fELF' or img[4] != 1 or img[5] != 1:
        raise SystemExit(f'{path}: not an ELF32 little-endian file')
    phoff, = struct.unpack_from('<I', img, 28)
    phentsize, phnum = struct.unpack_from('<HH', img, 42)
    segs = []
    for i in range(phnum):
        (ptype, off, vaddr, paddr, filesz, memsz, flags,
         _align) = struct.unpack_from('<8I', img, phoff + i * phentsize)
        if ptype == 1:
            segs.append({'index': i, 'paddr': paddr, 'vaddr': vaddr,
                         'offset': off, 'filesz': filesz, 'memsz': memsz,
                         'data': img[off:off + filesz]})
    return segs


class Expect:
    """What a correct load writes, and what it must leave alone (A view)."""

    def __init__(self, soc, kind, path, addr=None):
        self.copies = []     # (a, bytes, what)
        self.zeros = []      # (a, len, what)
        self.keep = []       # (a, len, what): must keep the prefilled 0xFF
        self.vector = None
        alias = BOOT_ALIAS[soc]
        if kind == 'raw':
            with open(path, 'rb') as f:
                data = f.read()
            self.copies.append((addr, data, 'raw image'))
            self.vector = data[:8]
        else:
            for s in pt_loads(path):
                what = f"segment {s['index']} (p_paddr {s['paddr']:#010x})"
                a = m2a(soc, s['paddr'])
                if a is None:
                    raise SystemExit(f'{what}: not in the {soc} map')
                if s['filesz']:
                    self.copies.append((a, s['data'], what))
                    if self.vector is None:
                        self.vector = s['data'][:8]
                tail = s['memsz'] - s['filesz']
                if tail <= 0:
                    continue
                if s['paddr'] == s['vaddr']:
                    self.zeros.append((a + s['filesz'], tail, what + ' zero fill'))
                else:
                    self.keep.append((a + s['filesz'], tail,
                                      what + ' p_filesz..p_memsz (not to be zeroed)'))
                    av = m2a(soc, s['vaddr'])
                    if av is not None:
                        self.keep.append((av, s['memsz'], what + ' at p_vaddr'))
        self.alias = alias
        for a, n, what in ([(a, len(d), w) for a, d, w in self.copies]
                           + self.zeros):
            self.keep.append((a - 8, 8, f'the 8 bytes before {what}'))
            self.keep.append((a + n, 8, f'the 8 bytes after {what}'))
        self.keep.append((alias - 8, 8, 'the 8 bytes before the boot vector'))
        self.keep.append((alias + 8, 8, 'the 8 bytes after the boot vector'))

    def written(self, a):
        for c, data, _ in self.copies:
            if c <= a < c + len(data):
                return True
        for z, n, _ in self.zeros:
            if z <= a < z + n:
                return True
        return False


def read(f, a, n):
    f.seek(a)
    return f.read(n)


def prefill(mem, exp):
    with open(mem, 'r+b' if _exists(mem) else 'w+b') as f:
        ranges = [(a, len(d)) for a, d, _ in exp.copies]
        ranges += [(a, n) for a, n, _ in exp.zeros + exp.keep]
        ranges.append((exp.alias, 8))
        for a, n in ranges:
            f.seek(a)
            f.write(b'\xff' * n)


def _exists(path):
    try:
        open(path, 'rb').close()
        return True
    except OSError:
        return False


def verify(mem, exp, words=()):
    problems = []
    with open(mem, 'rb') as f:
        for w in words:
            a, want = num(w[0]), num(w[1])
            what = w[2] if len(w) > 2 else 'word'
            got = read(f, a, 4)
            if len(got) < 4:
                problems.append(f'{what} [{a:#010x}]: past end of file, '
                                f'expected {want:#010x}')
            elif struct.unpack('<I', got)[0] != want:
                problems.append(f'{what} [{a:#010x}]: got '
                                f'{struct.unpack("<I", got)[0]:#010x}, '
                                f'expected {want:#010x}')
        for a, data, what in exp.copies:
            got = read(f, a, len(data))
            if got != data:
                problems.append(_diff(f'{what} copy', a, got, data))
        for a, n, what in exp.zeros:
            got = read(f, a, n)
            if got != bytes(n):
                problems.append(_diff(what, a, got, bytes(n)))
        for a, n, what in exp.keep:
            got = read(f, a, n)
            for i in range(n):
                if exp.written(a + i):
                    continue
                if i >= len(got) or got[i] != 0xFF:
                    problems.append(_diff(what + ' (prefilled 0xff)', a + i,
                                          got[i:], b'\xff'))
                    break
        got = read(f, exp.alias, 8)
        if got != exp.vector:
            problems.append(f'boot vector at {exp.alias:#010x}: got '
                            f'{_words(got)}, expected {_words(exp.vector)}')
        known = [(a, len(d)) for a, d, _ in exp.copies]
        known += [(a, n) for a, n, _ in exp.zeros + exp.keep]
        known += [(exp.alias, 8)] + [(num(w[0]), 4) for w in words]
        problems += stray_writes(f, known)
    for p in problems:
        print(p)
    return 1 if problems else 0


# Allocation unit assumed for stray-write detection: a write allocates at
# most this much around it (4 KiB on ext4, tmpfs, xfs; 128 KiB records on ZFS).
GRAIN = 128 << 10


def data_extents(f):
    """(start, end) of every data extent of f (SEEK_DATA / SEEK_HOLE)."""
    fd = f.fileno()
    size = os.fstat(fd).st_size
    pos, out = 0, []
    while pos < size:
        try:
            start = os.lseek(fd, pos, os.SEEK_DATA)
        except OSError:
            break
        end = os.lseek(fd, start, os.SEEK_HOLE)
        out.append((start, end))
        pos = end
    return out


def stray_writes(f, known):
    """Data in the memory file outside every GRAIN block that the load
    or the test may write: a write to a wrong address."""
    ok = set()
    for a, n in known:
        ok.update(range(a // GRAIN, (a + max(n, 1) - 1) // GRAIN + 1))
    extents = data_extents(f)
    size = os.fstat(f.fileno()).st_size
    if extents == [(0, size)] and size > 64 * GRAIN:
        return []       # no SEEK_DATA here: everything looks like data
    for start, end in extents:
        for g in range(start // GRAIN, (end - 1) // GRAIN + 1):
            if g not in ok:
                lo, hi = max(start, g * GRAIN), min(end, (g + 1) * GRAIN)
                data = read(f, lo, hi - lo)
                nz = [i for i, b in enumerate(data) if b]
                where = (f'first non-zero byte at {lo + nz[0]:#010x} '
                         f'({data[nz[0]]:#04x})' if nz else 'all zero')
                return [f'stray write: data at {lo:#010x}-{hi - 1:#010x}, '
                        f'where nothing was to be written ({where})']
    return []


def _words(b):
    if len(b) < 8:
        return f'{b.hex()} (past end of file)'
    return 'SP {:#010x} PC {:#010x}'.format(*struct.unpack('<II', b[:8]))


def _diff(what, a, got, want):
    for i, w in enumerate(want):
        if i >= len(got):
            return f'{what}: {a + i:#010x}: past end of the memory file'
        if got[i] != w:
            bad = sum(1 for g, x in zip(got, want) if g != x)
            return (f'{what}: first difference at {a + i:#010x}: '
                    f'{got[i]:#04x}, expected {w:#04x} ({bad} bytes differ '
                    f'in {a:#010x}+{len(want):#x})')
    return f'{what}: ?'


def digest(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        size = os.fstat(f.fileno()).st_size
        pos = 0
        while pos < size:
            try:
                start = os.lseek(f.fileno(), pos, os.SEEK_DATA)
            except OSError:         # ENXIO: no data after pos
                break
            end = os.lseek(f.fileno(), start, os.SEEK_HOLE)
            f.seek(start)
            h.update(struct.pack('<QQ', start, end))
            while start < end:
                chunk = f.read(min(end - start, 1 << 20))
                if not chunk:
                    break
                h.update(chunk)
                start += len(chunk)
            pos = end
    return f'{size} {h.hexdigest()}'


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ''
    if cmd == 'phdrs' and len(argv) == 3:
        for s in pt_loads(argv[2]):
            print(f"{s['index']} {s['paddr']:#010x} {s['vaddr']:#010x} "
                  f"{s['offset']:#x} {s['filesz']:#x} {s['memsz']:#x}")
        return 0
    if cmd in ('prefill', 'verify') and len(argv) >= 6:
        mem, soc, kind, path = argv[2:6]
        rest = argv[6:]
        addr = None
        if kind == 'raw':
            addr, rest = num(rest[0]), rest[1:]
        words = [w.split('=', 2) for w in rest]
        exp = Expect(soc, kind, path, addr)
        if cmd == 'prefill':
            prefill(mem, exp)
            with open(mem, 'r+b') as f:
                for w in words:
                    f.seek(num(w[0]))
                    f.write(struct.pack('<I', num(w[1])))
            return 0
        return verify(mem, exp, words)
    if cmd == 'digest' and len(argv) == 3:
        print(digest(argv[2]))
        return 0
    if cmd == 'check' and len(argv) == 6:
        a, n, b = num(argv[3]), num(argv[4]), num(argv[5])
        with open(argv[2], 'rb') as f:
            got = read(f, a, n)
        if got != bytes([b]) * n:
            print(_diff(f'{a:#010x}+{n:#x}', a, got, bytes([b]) * n))
            return 1
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
