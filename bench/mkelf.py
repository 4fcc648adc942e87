#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write a benchmark firmware image: ELF32 little-endian ARM ET_EXEC with
one PT_LOAD that fills a memory, a valid Cortex-M vector and a spin loop.

    mkelf.py OUT.elf M_ADDR SIZE SP [SEED]

The segment is SIZE bytes at M_ADDR (p_paddr == p_vaddr). Word 0 is SP,
word 1 the reset PC: M_ADDR + 0x400 (past a 0x240-byte vector table,
rounded up) with the Thumb bit, and the halfword there is `b .`. Every
other byte is pseudo-random (seeded, so the same arguments give the same
file), which keeps the memory file from compressing into zero pages and
makes the verify pass read real data.

Only the standard library is used; the layout follows the ELF and ARM
ELF specifications: header, one program header, the segment at file
offset 0x1000 (p_align 0x1000, congruent with M_ADDR), then .shstrtab
and three section headers (null, .text, .shstrtab) so that readelf and
objdump show the image normally.
"""
import random
import struct
import sys

EM_ARM = 40
ET_EXEC = 2
PT_LOAD = 1
PF_X, PF_W, PF_R = 1, 2, 4
SHT_PROGBITS, SHT_STRTAB = 1, 3
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4
EF_ARM_EABI_VER5 = 0x05000000
EF_ARM_ABI_FLOAT_SOFT = 0x00000200

EHDR_SIZE = 52
PHDR_SIZE = 32
SHDR_SIZE = 40
SEG_OFFSET = 0x1000
ENTRY_OFFSET = 0x400
THUMB_B_SELF = 0xE7FE          # b . (Thumb)


def image_bytes(m_addr, size, sp, seed):
    """The segment's contents: vector, spin loop, pseudo-random filler."""
    if size < ENTRY_OFFSET + 2:
        raise ValueError("image too small for a vector and a reset handler")
    rng = random.Random(seed)
    if hasattr(rng, "randbytes"):
        data = bytearray(rng.randbytes(size))
    else:                       # Python < 3.9
        data = bytearray(rng.getrandbits(8 * size).to_bytes(size, "little"))
    pc = (m_addr + ENTRY_OFFSET) | 1
    struct.pack_into("<II", data, 0, sp, pc)
    struct.pack_into("<H", data, ENTRY_OFFSET, THUMB_B_SELF)
    return bytes(data), pc


def elf_bytes(m_addr, size, sp, seed=1):
    seg, entry = image_bytes(m_addr, size, sp, seed)
    shstrtab = b"\0.text\0.shstrtab\0"
    strtab_off = SEG_OFFSET + size
    shoff = (strtab_off + len(shstrtab) + 3) & ~3

    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + bytes(8)
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH",
                               ET_EXEC, EM_ARM, 1, entry,
                               EHDR_SIZE, shoff,
                               EF_ARM_EABI_VER5 | EF_ARM_ABI_FLOAT_SOFT,
                               EHDR_SIZE, PHDR_SIZE, 1,
                               SHDR_SIZE, 3, 2)
    phdr = struct.pack("<IIIIIIII", PT_LOAD, SEG_OFFSET, m_addr, m_addr,
                       size, size, PF_R | PF_W | PF_X, 0x1000)
    shdrs = bytes(SHDR_SIZE)
    shdrs += struct.pack("<IIIIIIIIII", 1, SHT_PROGBITS,
                         SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR,
                         m_addr, SEG_OFFSET, size, 0, 0, 4, 0)
    shdrs += struct.pack("<IIIIIIIIII", 7, SHT_STRTAB, 0, 0, strtab_off,
                         len(shstrtab), 0, 0, 1, 0)

    out = bytearray(ehdr + phdr)
    out += bytes(SEG_OFFSET - len(out))
    out += seg
    out += shstrtab
    out += bytes(shoff - len(out))
    out += shdrs
    return bytes(out)


def write_elf(path, m_addr, size, sp, seed=1):
    with open(path, "wb") as f:
        f.write(elf_bytes(m_addr, size, sp, seed))


def main(argv):
    if len(argv) not in (5, 6):
        sys.stderr.write("usage: mkelf.py OUT.elf M_ADDR SIZE SP [SEED]\n")
        return 2
    nums = [int(a, 0) for a in argv[2:]]
    write_elf(argv[1], *nums)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
