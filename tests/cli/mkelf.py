#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write a small ELF file from a description (m4fwloader CLI tests).

    mkelf.py OUT DESC

DESC is a Python literal (so that hex numbers can be written as such): a
dict whose keys all have defaults, so '{}' gives a valid one-segment i.MX7D
OCRAM image (SP 0x20220000, PC 0x00900009, 0x40 bytes at 0x00900000).

  class     32 (default) or 64: ELF64 uses the 64-bit header and phdr layout
  endian    'little' (default) or 'big': every field is packed that way
  machine   e_machine (default 40, EM_ARM)
  type      e_type (default 2, ET_EXEC)
  entry     e_entry (default: word 1 of the first segment that has words)
  phoff     e_phoff (default: right after the ELF header)
  phnum     e_phnum (default: the number of segments)
  truncate  cut the finished file to this many bytes
  segments  list of dicts, in program-header order:
    paddr   p_paddr (default 0x00900000)
    vaddr   p_vaddr (default: paddr)
    words   32-bit words at the start of the data (default: SP, PC above
            for the first segment, none for the others)
    size    bytes of data written to the file (default: 0x40, at least the
            words); after the words comes a non-zero byte pattern
    filesz  p_filesz (default: size)
    memsz   p_memsz (default: filesz)
    offset  p_offset; when given, the data is not written to the file
            (default: the data, laid out after the headers)
    type    p_type (default 1, PT_LOAD)
    flags   p_flags (default 7, RWX)
"""
import ast
import struct
import sys

DEFAULT_SEGMENT = {'paddr': 0x00900000, 'words': [0x20220000, 0x00900009]}


def pattern(n, seed):
    """n non-zero, non-0xFF bytes, different for each segment."""
    return bytes(((i * 7 + seed * 31) % 0xFD) + 1 for i in range(n))


def build(desc):
    is64 = desc.get('class', 32) == 64
    e = '>' if desc.get('endian', 'little') == 'big' else '<'
    segs = desc.get('segments', [dict(DEFAULT_SEGMENT)])
    ehsize, phentsize = (64, 56) if is64 else (52, 32)
    phoff = desc.get('phoff', ehsize)
    phnum = desc.get('phnum', len(segs))

    # Segment data goes after the header and the program header table.
    pos = ehsize + phentsize * len(segs)
    datas, offsets = [], []
    entry = None
    for i, s in enumerate(segs):
        words = s.get('words', DEFAULT_SEGMENT['words'] if i == 0 else [])
        if entry is None and len(words) >= 2:
            entry = words[1]
        size = s.get('size', max(0x40, 4 * len(words)))
        raw = b''.join(struct.pack(e + 'I', w & 0xffffffff) for w in words)
        raw = (raw + pattern(size, i))[:size]
        pos = (pos + 3) & ~3
        datas.append(raw)
        offsets.append(s.get('offset', pos))
        if 'offset' not in s:
            pos += len(raw)
    entry = desc.get('entry', entry if entry is not None else 0)

    ident = b'\x7fELF' + bytes([2 if is64 else 1,
                                 2 if e == '>' else 1, 1, 0]) + bytes(8)
    if is64:
        hdr = ident + struct.pack(e + 'HHIQQQIHHHHHH', desc.get('type', 2),
                                  desc.get('machine', 40), 1, entry, phoff, 0,
                                  0x05000200, ehsize, phentsize, phnum, 64,
                                  0, 0)
    else:
        hdr = ident + struct.pack(e + 'HHIIIIIHHHHHH', desc.get('type', 2),
                                  desc.get('machine', 40), 1, entry, phoff, 0,
                                  0x05000200, ehsize, phentsize, phnum, 40,
                                  0, 0)
    phdrs = bytearray()  # not bytes: += on bytes is quadratic
    for s, raw, off in zip(segs, datas, offsets):
        paddr = s.get('paddr', DEFAULT_SEGMENT['paddr'])
        vaddr = s.get('vaddr', paddr)
        filesz = s.get('filesz', len(raw))
        memsz = s.get('memsz', filesz)
        ptype, flags = s.get('type', 1), s.get('flags', 7)
        if is64:
            phdrs += struct.pack(e + 'IIQQQQQQ', ptype, flags, off, vaddr,
                                 paddr, filesz, memsz, 4)
        else:
            phdrs += struct.pack(e + 'IIIIIIII', ptype, off, vaddr, paddr,
                                 filesz, memsz, flags, 4)

    out = bytearray(max(pos, ehsize + len(phdrs)))
    out[0:ehsize] = hdr
    out[ehsize:ehsize + len(phdrs)] = phdrs
    for s, raw, off in zip(segs, datas, offsets):
        if 'offset' in s:
            continue            # only the header field: data not written
        if off + len(raw) > len(out):
            out.extend(bytes(off + len(raw) - len(out)))
        out[off:off + len(raw)] = raw
    if 'truncate' in desc:
        del out[desc['truncate']:]
    return bytes(out)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    desc = ast.literal_eval(argv[2])
    with open(argv[1], 'wb') as f:
        f.write(build(desc))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
