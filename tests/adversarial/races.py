#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Races class: several loaders on one memory file, started at random.

    races.py TOOL FIRMWARE_DIR [ROUNDS]

Each round starts two loaders of each of three images, in TCM, OCRAM and
DDR of an i.MX7D, at random moments within 80 ms while the lock is held, on one memory file that
is empty, or seeded with marker bytes below OCRAM, or also far above the
DDR image. While they run, the file's size is sampled continuously.
Afterwards: every loader exited 0; the size never went down; every byte
of every image is where its program headers put it; the boot vector is
the one of one of the images; every marker byte is unchanged. TAP output.
"""
import fcntl
import os
import random
import struct
import subprocess
import sys
import tempfile
import threading
import time

# i.MX7D M view -> A view (doc/hardware.md §4, i.MX7D memory map).
M_TO_A = [
    (0x1FFF8000, 0x007F8000, 0x8000),      # TCML
    (0x20000000, 0x00800000, 0x8000),      # TCMU
    (0x00900000, 0x00900000, 0x20000),     # OCRAM
    (0x10000000, 0x80000000, 0x0FFF0000),  # DDR (code alias)
    (0x80000000, 0x80000000, 0x60000000),  # DDR
]
BOOT_ALIAS_A = 0x00180000                  # M 0x0: OCRAM_S
IMAGES = ['imx7d_tcm.elf', 'imx7d_ocram.elf', 'imx7d_ddr.elf']
# Marker bytes at addresses no loader writes (outside the images, the
# boot vector and the SRC/CCM/IOMUXC registers).
LOW_MARKS = [0x00100000, 0x00188000, 0x00930000, 0x01000000]
HIGH_MARKS = [0x90000000]


def m_to_a(m):
    for mv, av, size in M_TO_A:
        if mv <= m < mv + size:
            return av + (m - mv)
    raise ValueError('M 0x%08x is not in the table' % m)


def writes(path):
    """(A address, bytes) of every PT_LOAD's file bytes, and (SP, PC)."""
    b = open(path, 'rb').read()
    phoff, = struct.unpack_from('<I', b, 28)
    phnum, = struct.unpack_from('<H', b, 44)
    out, vec = [], None
    for i in range(phnum):
        t, off, va, pa, fs, ms, fl, al = struct.unpack_from(
            '<8I', b, phoff + 32 * i)
        if t != 1 or fs == 0:
            continue
        data = b[off:off + fs]
        if vec is None and fs >= 8:
            vec = data[:8]
        out.append((m_to_a(pa), data))
    return out, vec


def mark(addr):
    return bytes((addr >> 12) + i & 0xff or 1 for i in range(64))


def pread(path, addr, n):
    with open(path, 'rb') as f:
        f.seek(addr)
        return f.read(n)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, good, name, *diag):
        self.n += 1
        print('%s %d - %s' % ('ok' if good else 'not ok', self.n, name))
        if not good:
            self.failed += 1
            for d in diag:
                for line in str(d).splitlines()[:10]:
                    print('# ' + line)
        sys.stdout.flush()


def one_round(tool, fw, work, seed, rnd, tap):
    mem = os.path.join(work, 'mem-%d.img' % rnd)
    marks = []
    if seed >= 1:
        marks += LOW_MARKS
    if seed >= 2:
        marks += HIGH_MARKS
    if marks:
        with open(mem, 'wb') as f:
            for a in marks:
                f.seek(a)
                f.write(mark(a))
    sizes = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            try:
                sizes.append(os.stat(mem).st_size)
            except FileNotFoundError:
                pass

    # A load takes a few milliseconds: to make them meet, this process
    # holds the loaders' lock (a record lock on the file, as a loader
    # takes it) while they start at random moments, then lets go, and
    # they run in whatever order they get it.
    holder = open(mem, 'ab')
    fcntl.lockf(holder, fcntl.LOCK_EX)
    env = dict(os.environ, M4FW_LOCK_TIMEOUT_MS='60000')
    wrap = os.environ.get('TEST_WRAPPER', '').split()
    jobs = [img for img in IMAGES for _ in range(2)]
    random.shuffle(jobs)
    delays = sorted(random.uniform(0, 0.08) for _ in jobs)
    t = threading.Thread(target=sample)
    t.start()
    procs, t0 = [], time.monotonic()
    for img, d in zip(jobs, delays):
        time.sleep(max(0, t0 + d - time.monotonic()))
        procs.append((img, subprocess.Popen(
            wrap + [tool, '-q', '--soc', 'imx7d', '--mem', mem,
                    os.path.join(fw, img)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)))
    time.sleep(max(0, t0 + 0.1 - time.monotonic()))
    fcntl.lockf(holder, fcntl.LOCK_UN)
    holder.close()
    results = [(img, p.wait(timeout=300), p.stdout.read().decode(
        'utf-8', 'replace')) for img, p in procs]
    stop.set()
    t.join()
    sizes.append(os.stat(mem).st_size)

    name = 'round %d (%s file)' % (rnd, ['empty', 'low markers',
                                         'low and high markers'][seed])
    bad = [(img, rc, out) for img, rc, out in results if rc != 0]
    tap.ok(not bad, '%s: all 6 loaders exit 0' % name, *bad)
    shrunk = [(a, b) for a, b in zip(sizes, sizes[1:]) if b < a]
    tap.ok(not shrunk, '%s: the file never shrinks (%d samples, %d bytes)'
           % (name, len(sizes), sizes[-1]),
           *['0x%x -> 0x%x' % s for s in shrunk[:3]])
    missing = []
    vectors = []
    for img in IMAGES:
        segs, vec = writes(os.path.join(fw, img))
        vectors.append(vec)
        for a, data in segs:
            if pread(mem, a, len(data)) != data:
                missing.append('%s: A 0x%08x + 0x%x differs' %
                               (img, a, len(data)))
    tap.ok(not missing, '%s: every byte of every image in place' % name,
           *missing)
    vec = pread(mem, BOOT_ALIAS_A, 8)
    tap.ok(vec in vectors, '%s: the boot vector is one image\'s' % name,
           vec.hex())
    changed = ['0x%08x' % a for a in marks
               if pread(mem, a, 64) != mark(a)]
    tap.ok(not changed, '%s: %d marker blocks outside the images unchanged'
           % (name, len(marks)), *changed)
    os.unlink(mem)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    tool, fw = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    rounds = int(argv[3]) if len(argv) > 3 else 6
    random.seed(os.environ.get('RACES_SEED', str(time.time_ns())))
    tap = Tap()
    work = tempfile.mkdtemp(prefix='m4fw-races.')
    try:
        for rnd in range(rounds):
            one_round(tool, fw, work, rnd % 3, rnd, tap)
    finally:
        for f in os.listdir(work):
            os.unlink(os.path.join(work, f))
        os.rmdir(work)
    print('1..%d' % tap.n)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
