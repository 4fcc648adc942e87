# SPDX-License-Identifier: GPL-2.0-or-later
"""The command fuzzer: what the libFuzzer target (tests/fuzz, the image
parser and planner) does not reach. Seeded random runs of stop, start,
restart, kick, status (text and --json, both backends) and inspect
without --soc, on fake roots whose sysfs and procfs files (soc_id, the
compatible list, /proc/iomem, the remoteproc attributes) hold random
mutations of real contents, and on mutated raw and ELF images. Every run
must keep the output properties (lib.output_problems) and, for the
devmem backend, leave memory untouched unless it exits 0."""
import os
import random
import shutil

import lib

RUNS = int(os.environ.get('HOSTILE_FUZZ_RUNS', '400'))
SEED = int(os.environ.get('HOSTILE_FUZZ_SEED', '1212'))

SOC_IDS = [b'i.MX7D', b'i.MX6SX', b'i.MX8MM', b'i.MX8MP', b'i.MX93',
           b'i.MX8QXP', b'i.MX6Q', b'']
IOMEM = (b'00000000-0001ffff : reserved\n'
         b'00900000-0091ffff : 900000.sram sram@900000\n'
         b'80000000-bfffffff : System RAM\n'
         b'  80100000-80ffffff : Kernel code\n')
STATES = [b'offline', b'running', b'attached', b'detached', b'crashed',
          b'suspended', b'start', b'']


def mutate(data, rnd):
    data = bytearray(data)
    for _ in range(rnd.randrange(1, 6)):
        op = rnd.randrange(6)
        pos = rnd.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = rnd.randrange(256)
        elif op == 1:
            data[pos:pos] = bytes(rnd.randrange(256)
                                  for _ in range(rnd.randrange(1, 40)))
        elif op == 2:
            del data[pos:pos + rnd.randrange(1, 20)]
        elif op == 3:
            data[pos:pos] = rnd.choice([b'\n', b'\0', b'\xff\xfe', b'"\\',
                                        b'\x1b[2J', b'-', b' : '])
        elif op == 4:
            data = data * rnd.randrange(1, 4)
        else:
            data[pos:pos] = b'%x-%x' % (rnd.randrange(1 << 32),
                                        rnd.randrange(1 << 32))
    return bytes(data)


def maybe(rnd, data):
    return mutate(data, rnd) if rnd.random() < 0.6 else data


def make_root(root, rnd):
    lib.fake_root(root, rproc_state='offline')
    lib.write(root + '/sys/devices/soc0/soc_id',
              maybe(rnd, rnd.choice(SOC_IDS) + b'\n'))
    lib.write(root + '/proc/device-tree/compatible',
              maybe(rnd, b'fsl,imx7d-sdb\0fsl,imx7d\0'))
    lib.write(root + '/proc/iomem', maybe(rnd, IOMEM))
    d = root + '/sys/class/remoteproc/remoteproc0/'
    lib.write(d + 'name', maybe(rnd, b'imx-rproc\n'))
    lib.write(d + 'state', maybe(rnd, rnd.choice(STATES) + b'\n'))
    lib.write(d + 'firmware', maybe(rnd, b'rproc-imx-rproc-fw\n'))


def make_image(path, rnd, fw):
    src = rnd.choice(['imx7d_tcm.elf', 'imx7d_ocram.bin', 'imx8mm_tcm.bin',
                      'imx6sx_tcm.bin', 'imx8mp_itcm.elf', 'imx7d_xip.elf'])
    data = open(os.path.join(fw, src), 'rb').read()
    if rnd.random() < 0.7:
        data = mutate(data, rnd)
    with open(path, 'wb') as f:
        f.write(data)


def command(rnd):
    be = rnd.choice([[], ['--backend=remoteproc'], ['--backend=devmem']])
    js = rnd.random() < 0.5
    cmd = rnd.choice([['stop'], ['start'], ['restart'], ['status'],
                      ['kick', str(rnd.choice([0, 1, 7, 255, -1, 1 << 33]))],
                      ['inspect', 'img'], ['--force', 'start']])
    if cmd[0] == 'kick' or cmd[0] == 'inspect':
        be = []
    extra = ['--json'] if js and cmd[-1] in ('status', 'img') else []
    return be + extra + cmd, bool(extra)


def main(work):
    base = os.path.join(work, 'fuzz')
    os.makedirs(base)
    rnd = random.Random(SEED)
    fails = []
    for i in range(RUNS):
        d = os.path.join(base, 'run')
        if os.path.exists(d):
            shutil.rmtree(d)
        os.makedirs(d)
        make_root(d + '/root', rnd)
        make_image(d + '/img', rnd, lib.FW)
        argv, js = command(rnd)
        r = lib.run(['--root', 'root', '--mem', 'mem'] + argv, cwd=d,
                    env={'M4FW_LOCK_TIMEOUT_MS': '50'})
        probs = lib.output_problems(r, want_json=js,
                                    reports='inspect' in argv)
        if probs:
            fails.append(['run %d (seed %d): %s' % (i, SEED, '; '.join(probs))]
                         + r.show())
    lib.tap('fuzz: %d seeded runs of stop/start/restart/kick/status/inspect '
            'on mutated sysfs, procfs and images (seed %d)' % (RUNS, SEED),
            not fails, *(fails[0] if fails else []),
            *(['%d runs failed; first lines:' % len(fails)] +
              [f[0] for f in fails[:8]] if fails else []))
