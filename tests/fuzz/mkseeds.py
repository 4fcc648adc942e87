#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seed corpus of tests/fuzz/fuzz_plan.c.

    mkseeds.py OUTDIR [FIRMWARE_DIR [ARM_CROSS]]

Seeds are of three kinds, each file named for what it is:
  fw-*       the test firmware (make firmware): ELFs with their debug
             sections stripped when ARM_CROSS strip is there, raw .bin files
  good-*     small valid ELFs and raw binaries for every SoC, written here
  bad-*      malformed files: truncated, ELF64, big-endian, wrong class,
             machine or type, program headers past the end, huge sizes,
             overlapping segments, bad vectors, bad section tables, ...
A missing FIRMWARE_DIR just leaves out the fw-* seeds.
"""
import os
import shutil
import struct
import subprocess
import sys

PT_LOAD, PT_NOTE = 1, 4
EM_ARM = 40
ET_EXEC = 2
SHT_PROGBITS, SHT_STRTAB, SHT_NOBITS = 1, 3, 8
SHF_ALLOC = 2


def words(*ws):
    return b''.join(struct.pack('<I', w & 0xffffffff) for w in ws)


def code(sp, pc, size):
    """A vector table (SP, PC) followed by a recognisable pattern."""
    body = bytes(((i * 13 + 7) % 251) + 1 for i in range(max(size - 8, 0)))
    return (words(sp, pc) + body)[:size]


def elf(segs, sections=(), entry=None, is64=False, big=False, machine=EM_ARM,
        etype=ET_EXEC, cls=None, data_enc=None, phoff=None, phnum=None,
        phentsize=None, shstrndx=None, shnum=None, shoff=None):
    """An ELF file laid out as a linker would; every field may be forced.

    segs: dicts with paddr, vaddr (default paddr), data (bytes), filesz
    (default len(data)), memsz (default filesz), offset (default: where the
    data is put), type (PT_LOAD), flags (7).
    sections: (name, type, addr, data) tuples.
    """
    e = '>' if big else '<'
    ehsize, phsize, shsize = (64, 56, 64) if is64 else (52, 32, 40)
    pos = ehsize + phsize * len(segs)
    blobs, phdrs = [], []
    for s in segs:
        data = s.get('data', b'')
        pos = (pos + 3) & ~3
        off = s.get('offset', pos)
        if 'offset' not in s:
            blobs.append((pos, data))
            pos += len(data)
        filesz = s.get('filesz', len(data))
        phdrs.append((s.get('type', PT_LOAD), off, s.get('vaddr', s['paddr']),
                      s['paddr'], filesz, s.get('memsz', filesz),
                      s.get('flags', 7), 4))
    shdrs = []
    if sections:
        names = b'\0'
        name_off = []
        for name, _, _, _ in sections:
            name_off.append(len(names))
            names += name.encode() + b'\0'
        shname = len(names)
        names += b'.shstrtab\0'
        shdrs.append((0,) * 10)
        for (name, typ, addr, data), noff in zip(sections, name_off):
            pos = (pos + 3) & ~3
            if typ != SHT_NOBITS:
                blobs.append((pos, data))
            shdrs.append((noff, typ, SHF_ALLOC, addr, pos, len(data), 0, 0,
                          4, 0))
            if typ != SHT_NOBITS:
                pos += len(data)
        blobs.append((pos, names))
        shdrs.append((shname, SHT_STRTAB, 0, 0, pos, len(names), 0, 0, 1, 0))
        pos += len(names)
    pos = (pos + 3) & ~3
    real_shoff = pos if shdrs else 0
    if entry is None:
        entry = 0
        for s in segs:
            d = s.get('data', b'')
            if len(d) >= 8:
                entry = struct.unpack('<I', d[4:8])[0]
                break
    ident = bytes([0x7f, ord('E'), ord('L'), ord('F'),
                   cls if cls is not None else (2 if is64 else 1),
                   data_enc if data_enc is not None else (2 if big else 1),
                   1, 0]) + bytes(8)
    n_ph = len(segs) if phnum is None else phnum
    n_sh = len(shdrs) if shnum is None else shnum
    strndx = (len(shdrs) - 1 if shdrs else 0) if shstrndx is None \
        else shstrndx
    ph_at = (ehsize if segs else 0) if phoff is None else phoff
    sh_at = real_shoff if shoff is None else shoff
    pe = phsize if phentsize is None else phentsize
    if is64:
        hdr = ident + struct.pack(e + 'HHIQQQIHHHHHH', etype, machine, 1,
                                  entry, ph_at, sh_at, 0x5000200, ehsize, pe,
                                  n_ph, shsize, n_sh, strndx)
    else:
        hdr = ident + struct.pack(e + 'HHIIIIIHHHHHH', etype, machine, 1,
                                  entry, ph_at, sh_at, 0x5000200, ehsize, pe,
                                  n_ph, shsize, n_sh, strndx)
    out = bytearray(max(pos + shsize * len(shdrs), ehsize))
    out[:ehsize] = hdr
    for i, ph in enumerate(phdrs):
        at = ehsize + i * phsize
        if is64:
            t, off, va, pa, fs, ms, fl, al = ph
            out[at:at + phsize] = struct.pack(e + 'IIQQQQQQ', t, fl, off, va,
                                              pa, fs, ms, al)
        else:
            out[at:at + phsize] = struct.pack(e + 'IIIIIIII',
                                              *[x & 0xffffffff for x in ph])
    for at, data in blobs:
        if len(out) < at + len(data):
            out.extend(bytes(at + len(data) - len(out)))
        out[at:at + len(data)] = data
    for i, sh in enumerate(shdrs):
        at = real_shoff + i * shsize
        if is64:
            n, t, f, a, o, sz, lk, inf, al, es = sh
            out[at:at + shsize] = struct.pack(e + 'IIQQQQIIQQ', n, t, f, a, o,
                                              sz, lk, inf, al, es)
        else:
            out[at:at + shsize] = struct.pack(e + 'IIIIIIIIII', *sh)
    return bytes(out)


def rsc_table(version=1, num=0, reserved=(0, 0)):
    return words(version, num, *reserved) + bytes(4 * num)


def good_images():
    """One valid image per SoC and memory, as the SDKs link them."""
    ocram7 = code(0x00920000, 0x00900041, 0x100)
    return {
        # 6SX TCML: the image holds its vector at the boot alias.
        'good-imx6sx-tcm.elf': elf([
            {'paddr': 0x1FFF8000, 'data': code(0x20008000, 0x1FFF8101,
                                                0x200)},
            {'paddr': 0x20000000, 'data': code(0, 0, 0x40), 'memsz': 0x400},
        ]),
        'good-imx6sx-ddr-alias.elf': elf([
            {'paddr': 0x10000000, 'data': code(0x80100000, 0x10000401,
                                                0x800)},
        ]),
        'good-imx6sx-ocram.elf': elf([
            {'paddr': 0x00910000, 'data': code(0x00920000, 0x00910101,
                                                0x300)},
        ]),
        # 7D OCRAM: the loader writes SP/PC at OCRAM_S.
        'good-imx7d-ocram.elf': elf([{'paddr': 0x00900000, 'data': ocram7}]),
        'good-imx7d-ocram-rsc.elf': elf(
            [{'paddr': 0x00900000, 'data': ocram7}],
            sections=[('.text', SHT_PROGBITS, 0x00900000, ocram7),
                      ('.resource_table', SHT_PROGBITS, 0x00900100,
                       rsc_table())]),
        'good-imx7d-tcm.elf': elf([
            {'paddr': 0x1FFF8000, 'data': code(0x20008000, 0x1FFF8011,
                                                0x1f40)},
            {'paddr': 0x20000000, 'data': code(0, 0, 0x13e),
             'memsz': 0x341},
        ]),
        'good-imx7d-epdc.elf': elf([
            {'paddr': 0x00920000, 'data': code(0x00940000, 0x00920011,
                                                0x100)},
        ]),
        'good-imx7d-ddr.elf': elf([
            {'paddr': 0x80000000, 'data': code(0x80100000, 0x80000101,
                                                0x400), 'memsz': 0x1000},
        ]),
        # Toradex style: .data loaded after .text, run elsewhere.
        'good-imx7d-lma.elf': elf([
            {'paddr': 0x1FFF8000, 'data': code(0x20008000, 0x1FFF8011,
                                                0x200)},
            {'paddr': 0x1FFF8200, 'vaddr': 0x20000000,
             'data': code(0, 0, 0x40), 'memsz': 0x200},
            {'paddr': 0x1FFF8240, 'vaddr': 0x20000200, 'filesz': 0,
             'memsz': 0x400, 'offset': 0},
        ]),
        'good-imx8mm-tcm.elf': elf([
            {'paddr': 0x1FFE0000, 'data': code(0x20020000, 0x1FFE0401,
                                                0x800)},
            {'paddr': 0x20000000, 'data': code(0, 0, 0x80), 'memsz': 0x800},
        ]),
        'good-imx8mq-ddr.elf': elf([
            {'paddr': 0x40000000, 'data': code(0x40100000, 0x40000401,
                                                0x800), 'memsz': 0x900},
        ]),
        'good-imx8mp-itcm.elf': elf([
            {'paddr': 0x00000000, 'data': code(0x20020000, 0x00000401,
                                                0x800)},
            {'paddr': 0x20000000, 'data': code(0, 0, 0x20), 'memsz': 0x100},
        ]),
        'good-imx8mn-ocram.elf': elf([
            {'paddr': 0x00900000, 'data': code(0x20220000, 0x00900101,
                                                0x200)},
        ]),
        'good-raw-tcm.bin': code(0x20008000, 0x1FFF8011, 0x200),
        'good-raw-ocram.bin': code(0x00920000, 0x00910101, 0x100),
        'good-raw-itcm.bin': code(0x20020000, 0x00000401, 0x800),
        'good-raw-ddr.bin': code(0x80100000, 0x80000101, 0x400),
    }


def bad_images():
    base_segs = [{'paddr': 0x00900000,
                  'data': code(0x00920000, 0x00900041, 0x100)}]
    base = elf(base_segs)
    seg = dict(base_segs[0])

    def one(**kw):
        s = dict(seg)
        s.update(kw)
        return elf([s])

    bad = {}
    for n in (1, 3, 4, 5, 16, 40, 51, 52, 60, 83, 84, 100, len(base) - 1):
        bad['bad-trunc-%d.elf' % n] = base[:n]
    bad['bad-elf64.elf'] = elf(base_segs, is64=True)
    bad['bad-big-endian.elf'] = elf(base_segs, big=True)
    bad['bad-big-endian-elf64.elf'] = elf(base_segs, big=True, is64=True)
    for c in (0, 3, 0xff):
        bad['bad-class-%d.elf' % c] = elf(base_segs, cls=c)
    for d in (0, 3):
        bad['bad-data-%d.elf' % d] = elf(base_segs, data_enc=d)
    for m in (3, 62, 94, 183, 243, 0xffff):
        bad['bad-machine-%d.elf' % m] = elf(base_segs, machine=m)
    for t in (0, 1, 3, 4, 0xfe00):
        bad['bad-type-%d.elf' % t] = elf(base_segs, etype=t)
    for pe in (0, 31, 33, 56):
        bad['bad-phentsize-%d.elf' % pe] = elf(base_segs, phentsize=pe)
    bad['bad-phoff-past-eof.elf'] = elf(base_segs, phoff=0x10000)
    bad['bad-phoff-wrap.elf'] = elf(base_segs, phoff=0xFFFFFFF0)
    bad['bad-phnum-0.elf'] = elf(base_segs, phnum=0)
    bad['bad-phnum-200.elf'] = elf(base_segs, phnum=200)
    bad['bad-phnum-xnum-no-shdr.elf'] = elf(base_segs, phnum=0xFFFF)
    bad['bad-phnum-xnum.elf'] = elf(
        base_segs, phnum=0xFFFF,
        sections=[('.text', SHT_PROGBITS, 0x900000, b'\0' * 16)])
    bad['bad-filesz-huge.elf'] = one(filesz=0xFFFFFFFF, memsz=0xFFFFFFFF)
    bad['bad-filesz-past-eof.elf'] = one(filesz=0x10000, memsz=0x10000)
    bad['bad-offset-past-eof.elf'] = one(offset=0x100000)
    bad['bad-offset-wrap.elf'] = one(offset=0xFFFFFFF0)
    bad['bad-filesz-gt-memsz.elf'] = one(memsz=0x80)
    bad['bad-memsz-huge.elf'] = one(memsz=0xFFFFFFFF)
    bad['bad-memsz-ddr-huge.elf'] = elf([
        {'paddr': 0x80000000, 'data': code(0x80100000, 0x80000101, 0x100),
         'memsz': 0x60000000}])
    bad['bad-wrap-4g.elf'] = one(paddr=0xFFFFFF00, memsz=0x200)
    bad['bad-xip.elf'] = one(paddr=0x60000000)
    bad['bad-xip-8m.elf'] = one(paddr=0x08000000)
    bad['bad-outside.elf'] = one(paddr=0x30000000)
    bad['bad-straddle-tcm.elf'] = one(paddr=0x1FFFFF80)
    bad['bad-straddle-row-end.elf'] = one(paddr=0x0091FF80)
    bad['bad-overlap.elf'] = elf(base_segs + [
        {'paddr': 0x00900080, 'data': code(0, 0, 0x100)}])
    bad['bad-overlap-alias.elf'] = elf(base_segs + [
        {'paddr': 0x20200080, 'data': code(0, 0, 0x40)}])
    bad['bad-overlap-fill.elf'] = elf([
        dict(seg, memsz=0x400),
        {'paddr': 0x00900200, 'data': code(0, 0, 0x40)}])
    bad['bad-fill-over-vector.elf'] = elf(base_segs + [
        {'paddr': 0x00180000, 'filesz': 0, 'memsz': 0x100, 'offset': 0}])
    bad['bad-vector-short.elf'] = elf([
        {'paddr': 0x00900000, 'data': words(0x00920000)},
        {'paddr': 0x00900100, 'data': code(0, 0x00900101, 0x40)}])
    bad['bad-vector-partial.elf'] = elf(base_segs + [
        {'paddr': 0x00180004, 'data': code(0, 0, 0x20)}])
    bad['bad-sp-unaligned.elf'] = one(data=code(0x00920002, 0x00900041,
                                                0x100))
    bad['bad-sp-zero.elf'] = one(data=code(0, 0x00900041, 0x100))
    bad['bad-sp-row-start.elf'] = one(data=code(0x00900000, 0x00900041,
                                                0x100))
    bad['bad-pc-even.elf'] = one(data=code(0x00920000, 0x00900040, 0x100))
    bad['bad-pc-outside.elf'] = one(data=code(0x00920000, 0x00910001,
                                              0x100))
    bad['bad-tfa-bl31.elf'] = elf([
        {'paddr': 0x00920000, 'data': code(0x00940000, 0x00920011, 0x100)}])
    bad['bad-tfa-ocram-s.elf'] = elf([
        {'paddr': 0x00180000, 'data': code(0x00188000, 0x00180011, 0x100)}])
    bad['bad-note-only.elf'] = one(type=PT_NOTE)
    bad['bad-all-filesz-0.elf'] = one(filesz=0, memsz=0x100, offset=0)
    bad['bad-memsz-0.elf'] = one(filesz=0, memsz=0, offset=0)
    bad['bad-lma-filesz-0.elf'] = one(vaddr=0x20200000, filesz=0,
                                      memsz=0x100, offset=0)
    bad['bad-16-segments.elf'] = elf(
        base_segs + [{'paddr': 0x00901000 + 0x100 * i,
                      'data': code(0, 0, 0x20 + i)} for i in range(15)])
    bad['bad-rsc-version.elf'] = elf(
        base_segs, sections=[('.resource_table', SHT_PROGBITS, 0x900100,
                              rsc_table(version=2))])
    bad['bad-rsc-num.elf'] = elf(
        base_segs, sections=[('.resource_table', SHT_PROGBITS, 0x900100,
                              words(1, 0x40000000, 0, 0))])
    bad['bad-rsc-short.elf'] = elf(
        base_segs, sections=[('.resource_table', SHT_PROGBITS, 0x900100,
                              words(1, 0))])
    bad['bad-rsc-nobits.elf'] = elf(
        base_segs, sections=[('.resource_table', SHT_NOBITS, 0x900100,
                              bytes(16))])
    rsc_ok = [('.resource_table', SHT_PROGBITS, 0x900100, rsc_table())]
    bad['bad-shstrndx.elf'] = elf(base_segs, sections=rsc_ok,
                                  shstrndx=0x7777)
    bad['bad-shoff-past-eof.elf'] = elf(base_segs, sections=rsc_ok,
                                        shoff=0x100000)
    bad['bad-shnum-huge.elf'] = elf(base_segs, sections=rsc_ok, shnum=0xfff0)
    bad['bad-raw-1.bin'] = b'\x01'
    bad['bad-raw-7.bin'] = words(0x20008000) + b'\x11\x00\x00'
    bad['bad-raw-elf-prefix.bin'] = b'\x7fEL'
    bad['bad-raw-ff.bin'] = b'\xff' * 64
    bad['bad-raw-vector-only.bin'] = words(0x20008000, 0x1FFF8011)
    bad['bad-raw-zero.bin'] = bytes(4096)
    return bad


def firmware_seeds(fwdir, cross):
    seeds = {}
    if not fwdir or not os.path.isdir(fwdir):
        return seeds
    strip = shutil.which(cross + 'strip') if cross else None
    for name in sorted(os.listdir(fwdir)):
        path = os.path.join(fwdir, name)
        if name.endswith('.bin'):
            with open(path, 'rb') as f:
                seeds['fw-' + name] = f.read()
        elif name.endswith('.elf'):
            if strip:
                tmp = path + '.fuzzseed'
                subprocess.run([strip, '--strip-debug', '-o', tmp, path],
                               check=True)
                with open(tmp, 'rb') as f:
                    seeds['fw-' + name] = f.read()
                os.unlink(tmp)
            else:
                with open(path, 'rb') as f:
                    seeds['fw-' + name] = f.read()
    return seeds


def iomem_seeds():
    """/proc/iomem texts: Debian 6.1 on an i.MX7D (the e2e guest's serial
    line and System RAM, OCRAM held by mmio-sram), an i.MX8MM board's
    shape, and lines that cannot be parsed among good ones."""
    guest = (b'00900000-0091ffff : 900000.sram sram@900000\n'
             b'30860000-3086ffff : 30860000.serial serial@30860000\n'
             b'80000000-bfffffff : System RAM\n'
             b'  80100000-80dfffff : Kernel code\n')
    board = (b'00180000-00187fff : 180000.sram\n'
             b'00900000-0093ffff : 900000.sram sram@900000\n'
             b'  00900000-0093ffff : 900000.sram sram@900000\n'
             b'40000000-b7ffffff : System RAM\n'
             b'  40200000-4149ffff : Kernel code\n'
             b'b8000000-b8ffffff : reserved\n')
    bad = (b'0091ffff-00900000 : reversed\n' + b'00900000-0091ffff : ' +
           b'x' * 300 + b'\nnot a line\n\x00\xff\n' +
           b'10000000000000000-1 : wide\n80000000-bfffffff : System RAM')
    return {'iomem-guest': guest, 'iomem-board': board, 'iomem-bad': bad}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    fwdir = sys.argv[2] if len(sys.argv) > 2 else None
    cross = sys.argv[3] if len(sys.argv) > 3 else 'arm-none-eabi-'
    os.makedirs(out, exist_ok=True)
    seeds = {}
    seeds.update(firmware_seeds(fwdir, cross))
    seeds.update(good_images())
    seeds.update(bad_images())
    seeds.update(iomem_seeds())
    for name, data in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)
    kinds = {k: sum(1 for n in seeds if n.startswith(k + '-'))
             for k in ('fw', 'good', 'bad', 'iomem')}
    print('mkseeds: %d seeds in %s (%d firmware, %d good, %d malformed, '
          '%d /proc/iomem)' % (len(seeds), out, kinds['fw'], kinds['good'],
                               kinds['bad'], kinds['iomem']))


if __name__ == '__main__':
    main()
