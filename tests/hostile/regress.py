# SPDX-License-Identifier: GPL-2.0-or-later
"""Regression cases of issue 12's defects 3, 7, 10 and 11 (4, 5 and 9 are
the signals, descriptors and hostile --root classes). Expected values
come from HARDWARE.md's memory maps, the man page and RFC 8259, never
from the tool."""
import fcntl
import json
import os
import shutil

import lib


def case(name, r, ok, *why):
    return lib.tap(name, ok, *(list(why) + r.show() if not ok else []))


def seeded(d):
    mem = d + '/mem'
    r = lib.run(['--soc', 'imx7d', '--mem', mem, '--no-start', 'load',
                 lib.FW + '/imx7d_tcm.elf'])
    assert r.rc == 0, r.show()
    return mem


def dump_outfile(d):
    mem = seeded(d)
    before = lib.digest(mem)
    r = lib.run(['--soc', 'imx7d', '--mem', mem, 'dump', 'ocram', mem])
    case('dump: OUTFILE is the memory file: exit 2, memory unchanged', r,
         r.rc == 2 and lib.digest(mem) == before and
         lib.re_in('OUTFILE .* is the memory', r.err))
    with open(mem, 'r+b') as f:
        r = lib.run(['--soc', 'imx7d', '--mem', mem, 'dump', 'tcml', '-'],
                    stdin=None, preexec=lambda: os.dup2(f.fileno(), 1))
    case('dump: stdout is the memory file: exit 2, memory unchanged', r,
         r.rc == 2 and lib.digest(mem) == before)
    other = d + '/other'
    lib.write(other, b'keep me\n')
    os.symlink(other, d + '/tcml.bin')
    r = lib.run(['--soc', 'imx7d', '--mem', mem, 'dump', 'tcml',
                 d + '/tcml.bin'])
    case('dump: OUTFILE is a symbolic link: exit 2, target unchanged, '
         'message', r, r.rc == 2 and open(other, 'rb').read() == b'keep me\n'
         and lib.re_in('symbolic link', r.err))
    r = lib.run(['--soc', 'imx7d', '--mem', mem, 'dump', 'tcml',
                 d + '/ok.bin'])
    # i.MX7D TCML: 32 KiB (HARDWARE.md), the image's bytes at its start.
    img_ok = r.rc == 0 and os.path.getsize(d + '/ok.bin') == 0x8000
    case('dump: a plain OUTFILE still works (32 KiB of TCML)', r, img_ok)


# HARDWARE.md: M 0x40000000 is DDR on the i.MX8MQ/MM/MN/MP only.
DDR_8M = {'i.MX8MQ', 'i.MX8MM', 'i.MX8MN', 'i.MX8MP'}


def raw_any_soc(d):
    os.makedirs(d + '/empty')
    img = d + '/ddr8m.bin'
    words = (0x40100000).to_bytes(4, 'little') + \
        (0x40000401).to_bytes(4, 'little')
    lib.write(img, words + bytes(range(256)) * 16)
    r = lib.run(['--root', d + '/empty', 'inspect', img])
    lines = r.out.decode(errors='replace')
    ok = r.rc == 0 and all(
        any(l.startswith(s) and l.split()[1] == 'loadable'
            for l in lines.splitlines()) for s in
        ('imx8mq', 'imx8mm', 'imx8mn', 'imx8mp'))
    case('inspect without --soc: a raw i.MX8M DDR binary is loadable, '
         'exit 0, naming the i.MX8M parts', r, ok)
    r = lib.run(['--root', d + '/empty', '--json', 'inspect', img])
    try:
        doc = json.loads(r.out)
        fit = {s['soc'] for s in doc['socs'] if s['loadable']}
        ok = r.rc == 0 and doc['loadable'] and \
            {lib_soc_model(s) for s in fit} == DDR_8M
    except (ValueError, KeyError) as ex:
        ok = False
        fit = str(ex)
    case('inspect --json without --soc: the same, exactly the four '
         'i.MX8M loadable', r, ok, 'loadable on: %s' % (fit,))


def lib_soc_model(name):
    return {'imx8mq': 'i.MX8MQ', 'imx8mm': 'i.MX8MM', 'imx8mn': 'i.MX8MN',
            'imx8mp': 'i.MX8MP'}.get(name, name)


def oracle(raw):
    """RFC 8259 text the man page promises for bytes @raw: UTF-8 kept,
    every byte outside it as U+00XX."""
    s = raw.decode('utf-8', errors='surrogateescape')
    return ''.join(chr(ord(c) - 0xdc00) if 0xdc80 <= ord(c) <= 0xdcff
                   else c for c in s)


def output_for_scripts(d):
    nl = d + '/bad\nname.elf'
    r = lib.run(['--soc', 'imx7d', 'inspect', nl])
    case('a file name with a newline: the error stays one line', r,
         r.rc == 5 and len(lib.error_lines(r)) == 1 and
         lib.one_line_errors(r))
    for raw in (b'fw-\xff\xfe.elf', b'fw-\xc3\xa9-\xe2\x82.elf',
                b'fw-\x01\x1b[31m.elf', b'fw-\xed\xa0\x80-\xf4\x90\x80\x80'
                b'.elf', b'fw-\xc0\xaf.elf'):
        path = os.fsencode(d) + b'/' + raw
        shutil.copy(lib.FW + '/imx7d_tcm.elf', path)
        r = lib.run(['--soc', 'imx7d', '--json', 'inspect', os.fsdecode(path)])
        try:
            doc = json.loads(r.out.decode('utf-8'))
            ok = doc['file'] == oracle(path)
            why = 'file %r, expected %r' % (doc['file'], oracle(path))
        except (ValueError, KeyError, UnicodeDecodeError) as ex:
            ok, why = False, str(ex)
        case('inspect --json: file name %r gives valid JSON, each byte '
             'outside UTF-8 as \\u00XX' % raw, r, ok and r.rc == 0, why)
    big = d + '/big.elf'
    with open(big, 'wb') as f:
        f.truncate((256 << 20) + 1)	# man page: the limit is 256 MiB
    r = lib.run(['--soc', 'imx7d', '--json', 'inspect', big])
    try:
        doc = json.loads(r.out)
        ok = r.rc == 5 and doc['loadable'] is False and doc.get('error')
    except ValueError:
        ok = False
    case('inspect --json: a file over the size limit prints '
         '{"loadable": false, ...}, exit 5', r, ok)
    r = lib.run(['--soc', 'imx7d', '--json', 'inspect', d + '/missing'])
    try:
        ok = r.rc == 5 and json.loads(r.out)['loadable'] is False
    except ValueError:
        ok = False
    case('inspect --json: a missing file prints its object too', r, ok)
    root = d + '/root'
    lib.fake_root(root, rproc_state='offline')
    lib.write(root + '/sys/class/remoteproc/remoteproc0/firmware',
              b'fw\xff\x01"\\.elf\n')
    r = lib.run(['--backend=remoteproc', '--root', root, '--json', 'status'])
    try:
        doc = json.loads(r.out.decode('utf-8'))
        ok = r.rc == 3 and doc['firmware'] == oracle(b'fw\xff\x01"\\.elf')
    except (ValueError, KeyError, UnicodeDecodeError):
        ok = False
    case('remoteproc status --json: a sysfs string with junk bytes is '
         'valid JSON', r, ok)


def smaller_ones(d):
    root = d + '/rp'
    lib.fake_root(root, rproc_state='running')
    lock = root + '/run/lock/m4fwloader.lock'
    # Private, as the loader makes it (one others could open is replaced).
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    r = lib.run(['--backend=remoteproc', '--root', root, 'stop'],
                env={'M4FW_LOCK_TIMEOUT_MS': '200'})
    os.close(fd)
    case('remoteproc honours M4FW_LOCK_TIMEOUT_MS=200: exit 6 well before '
         'the 5 s default', r, r.rc == 6 and r.secs < 2.5 or
         (lib.WRAP and r.rc == 6), 'took %.2f s' % r.secs)
    state = root + '/sys/class/remoteproc/remoteproc0/state'
    os.remove(state)
    r = lib.run(['--backend=remoteproc', '--root', root, 'status'])
    case('remoteproc status, state missing: exit 7 (status documents 0, '
         '3, 4, 7)', r, r.rc == 7 and lib.one_line_errors(r))
    os.makedirs(state)
    r = lib.run(['--backend=remoteproc', '--root', root, 'status'])
    case('remoteproc status, state a directory: exit 7', r, r.rc == 7)
    mem = d + '/never.mem'
    r = lib.run(['--soc', 'imx7d', '--mem', mem, 'start'])
    case('a refused start (empty boot vector) creates no memory file', r,
         r.rc == 5 and not os.path.exists(mem))
    # README/HARDWARE.md: recognised and refused, with the alternative.
    for soc, model, alt in (('imx93', 'i.MX93', 'remoteproc'),
                            ('imx7ulp', 'i.MX7ULP', 'boot image'),
                            ('imx8ulp', 'i.MX8ULP', 'boot image'),
                            ('imx8qm', 'i.MX8QM', 'remoteproc'),
                            ('imx8qxp', 'i.MX8QXP', 'remoteproc'),
                            ('imx95', 'i.MX95', 'remoteproc')):
        r = lib.run(['--soc', soc, '--mem', d + '/m', 'status'])
        case('--soc %s: the named refusal with the alternative, exit 7'
             % soc, r, r.rc == 7 and lib.re_in(model + '.*' + alt, r.err)
             and not lib.re_in('unknown SoC', r.err))
    # i.MX7D (HARDWARE.md): TCML at M 0x1FFF8000, 32 KiB; nothing at
    # 0xF0000000. The PC points into the segment, Thumb.
    for sp, rule, other in ((0xF0000000, 'not a stack top in RAM',
                             'word-aligned'),
                            (0x20000002, 'not word-aligned', 'in RAM')):
        img = d + '/sp-%x.elf' % sp
        lib.mkelf(img, {'segments': [{'paddr': 0x1FFF8000,
                                      'words': [sp, 0x1FFF8009]}]})
        r = lib.run(['--soc', 'imx7d', 'inspect', img])
        case('SP 0x%08x: the message says "%s"' % (sp, rule), r,
             r.rc == 5 and lib.re_in(rule, r.out) and
             not lib.re_in(other, r.out))
    r = lib.run(['--soc', 'imx7d', '--mem', d + '/m', '-n', 'load',
                 lib.FW + '/imx7d_xip.elf'])
    # The XIP test image has three PT_LOADs in QSPI (its linker script).
    case('an XIP image with three segments in flash: one refusal line', r,
         r.rc == 5 and len(lib.error_lines(r)) == 1 and
         lib.re_in('flash', r.err))


def main(work):
    for name, fn in (('dump', dump_outfile), ('raw', raw_any_soc),
                     ('json', output_for_scripts), ('small', smaller_ones)):
        d = os.path.join(work, 'regress-' + name)
        os.makedirs(d)
        fn(d)
