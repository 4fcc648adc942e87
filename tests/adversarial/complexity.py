#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Complexity class: crafted images judged within fixed bounds.

    complexity.py TOOL [--quick]

For every shape (overlapping, disjoint, aliased) and every PT_LOAD count
of the sweep, and for huge section-header and program-header counts, the
tool judges the image (inspect, load --dry-run, a real load on a memory
file) and must stay under 1 s of CPU and under the image's size + 32 MiB
of memory (getrusage of the child), end with the documented exit code and
print a bounded number of lines. TAP output.

Under a sanitizer or a TEST_WRAPPER the figures mean nothing: the exit
codes and the line counts are still checked, the bounds are skipped with
the reason.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'cli'))
import mkelf  # noqa: E402

CPU_LIMIT_S = 1.0
MEM_SLACK = 32 << 20
# The tool's documented limits (README: Robustness, m4fwloader.1), copied
# here rather than read from the code under test.
MAX_LOADS = 4096
MAX_SECTIONS = 65535
MAX_PROBLEM_LINES = 20 + 1
EXIT_OK, EXIT_IMAGE = 0, 5

# i.MX7D (reference manual, memory map; doc/hardware.md §4): OCRAM at M 0x00900000
# and, for the same bytes, M 0x20200000; DDR at M 0x80000000.
OCRAM_M, OCRAM_ALIAS_M, DDR_M = 0x00900000, 0x20200000, 0x80000000
SP, PC = 0x20220000, 0x00900009

SWEEP = [1, 2, 3, 20, 21, 100, 1000, MAX_LOADS, MAX_LOADS + 1, 16384,
         65535]
QUICK = [1, 21, 1000, MAX_LOADS + 1, 65535]


def segments(shape, n):
    """n PT_LOADs: the vector (SP, PC) and the code PC points to in 16
    bytes at OCRAM_M, then n - 1 of 8 bytes from OCRAM_M + 0x100 on."""
    segs = [{'paddr': OCRAM_M, 'size': 16, 'words': [SP, PC]}]
    for i in range(1, n):
        if shape == 'overlapping':
            addr = OCRAM_M + 0x100 + 4 * (i % 2)    # 8 bytes, 4 apart
        elif shape == 'disjoint':
            addr = DDR_M + 64 * i               # gaps: no window merges
        elif i % 2:                             # aliased: both views
            addr = OCRAM_ALIAS_M + 0x100 + 8 * (i // 2)
        else:
            addr = OCRAM_M + 0x100 + 8 * ((i - 1) // 2)
        segs.append({'paddr': addr, 'size': 8, 'words': []})
    return segs


def overlaps_expected(shape, n):
    """Whether a sweep image must be refused for overlaps, by the shapes'
    own arithmetic: segments 1 and 2 share bytes (directly, or through the
    two views of OCRAM) in the overlapping and aliased shapes."""
    return shape != 'disjoint' and n >= 3


def with_sections(path, shnum, extended):
    """An image whose section-header table declares @shnum empty entries
    (extended: e_shnum 0 and the count in section 0's sh_size)."""
    img = bytearray(mkelf.build({}))
    shoff = (len(img) + 3) & ~3
    img.extend(bytes(shoff - len(img)))
    real = min(shnum, 70000)                    # what the file holds
    table = bytearray(40 * real)
    if extended:
        struct.pack_into('<I', table, 20, shnum)   # sh_size of section 0
    img.extend(table)
    struct.pack_into('<I', img, 32, shoff)                  # e_shoff
    # e_shentsize, e_shnum, e_shstrndx
    struct.pack_into('<HHH', img, 46, 40, 0 if extended else shnum, 0)
    with open(path, 'wb') as f:
        f.write(img)


def with_xnum_phdrs(path, n):
    """PN_XNUM: e_phnum 0xffff, the real count in section 0's sh_info;
    @n PT_LOADs of 8 bytes at disjoint DDR addresses."""
    segs = segments('disjoint', n)
    img = bytearray(mkelf.build({'segments': segs, 'phnum': 0xffff}))
    shoff = (len(img) + 3) & ~3
    img.extend(bytes(shoff - len(img)))
    sec0 = bytearray(40)
    struct.pack_into('<I', sec0, 28, n)          # sh_info
    img.extend(sec0)
    struct.pack_into('<I', img, 32, shoff)
    struct.pack_into('<HHH', img, 46, 40, 1, 0)   # one section header
    with open(path, 'wb') as f:
        f.write(img)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, good, name, *diag):
        self.n += 1
        if good:
            print('ok %d - %s' % (self.n, name))
        else:
            self.failed += 1
            print('not ok %d - %s' % (self.n, name))
            for d in diag:
                for line in str(d).splitlines()[:12]:
                    print('# ' + line)
        sys.stdout.flush()


# The child's figures come from a small intermediate process: Linux
# carries the RSS high-water mark of the forking process's memory into the
# child across exec, and this harness holds whole images in memory.
MEASURE = r"""
import json, os, subprocess, sys, time
timeout, out, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
with open(out, 'wb') as f:
    p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT)
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            hung = False
            break
        if time.monotonic() - t0 > timeout:
            p.kill()
            pid, status, ru = os.wait4(p.pid, 0)
            hung = True
            break
        time.sleep(0.002)
print(json.dumps([os.waitstatus_to_exitcode(status), ru.ru_utime + ru.ru_stime,
                  ru.ru_maxrss * 1024, hung]))
"""


def run(cmd, timeout):
    """Exit status, output line count, first and last lines, CPU seconds,
    max RSS bytes of the child, and whether it had to be killed."""
    with tempfile.NamedTemporaryFile() as out:
        res = subprocess.run([sys.executable, '-c', MEASURE, str(timeout),
                              out.name] + cmd, stdout=subprocess.PIPE,
                             check=True)
        rc, cpu, rss, hung = json.loads(res.stdout)
        text = open(out.name, 'rb').read().decode('utf-8', 'replace')
    lines = text.splitlines()
    return (rc, len(lines), '\n'.join(lines[:6] + lines[-2:]), cpu, rss,
            hung)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    if len(args) != 1:
        sys.stderr.write(__doc__)
        return 2
    tool = os.path.abspath(args[0])
    wrap = os.environ.get('TEST_WRAPPER', '').split()
    why_no_bounds = None
    if wrap:
        why_no_bounds = 'TEST_WRAPPER %s' % wrap[0]
    elif os.environ.get('SANITIZE', '0') not in ('', '0'):
        why_no_bounds = 'sanitizer build'
    timeout = 60 if why_no_bounds else 20
    sweep = QUICK if '--quick' in argv or why_no_bounds else SWEEP
    tap = Tap()
    work = tempfile.mkdtemp(prefix='m4fw-cx.')

    def judge(name, cmd, img, want):
        size = os.path.getsize(img)
        rc, nlines, head, cpu, rss, hung = run(wrap + cmd, timeout)
        fig = 'cpu %.3f s, max RSS %.1f MiB, image %.1f MiB, %d lines' % (
            cpu, rss / 2**20, size / 2**20, nlines)
        tap.ok(rc == want and not hung, '%s: exit %d (%s)' % (name, want, fig),
               'exit %d%s' % (rc, ' (killed: timeout)' if hung else ''), head)
        if why_no_bounds:
            tap.ok(True, '%s: bounds # SKIP %s' % (name, why_no_bounds))
        else:
            tap.ok(cpu < CPU_LIMIT_S and rss < size + MEM_SLACK,
                   '%s: under 1 s CPU and size + 32 MiB' % name, fig)
        return head

    try:
        for shape in ('overlapping', 'disjoint', 'aliased'):
            for n in sweep:
                img = os.path.join(work, '%s-%d.elf' % (shape, n))
                with open(img, 'wb') as f:
                    f.write(mkelf.build({'segments': segments(shape, n)}))
                if n > MAX_LOADS:
                    want = EXIT_IMAGE
                elif overlaps_expected(shape, n):
                    want = EXIT_IMAGE
                else:
                    want = EXIT_OK
                mem = os.path.join(work, 'mem.img')
                base = [tool, '--soc', 'imx7d', '--mem', mem]
                head = judge('%s x%d inspect' % (shape, n),
                             base + ['inspect', img], img, want)
                if n > MAX_LOADS:
                    tap.ok('PT_LOAD' in head and str(MAX_LOADS) in head,
                           '%s x%d: the refusal names the limit' % (shape, n),
                           head)
                judge('%s x%d load --dry-run' % (shape, n),
                      base + ['-q', '--dry-run', img], img, want)
                rc, nlines, head, *_ = run(wrap + base + [img], timeout)
                tap.ok(rc == want and (want == EXIT_OK or
                                       nlines <= MAX_PROBLEM_LINES),
                       '%s x%d load: exit %d, at most %d problem lines (%d)'
                       % (shape, n, want, MAX_PROBLEM_LINES, nlines),
                       'exit %d' % rc, head)
                if os.path.exists(mem):
                    os.unlink(mem)
                os.unlink(img)

        for shnum, ext, want in ((1000, False, EXIT_OK),
                                 (MAX_SECTIONS, False, EXIT_OK),
                                 (MAX_SECTIONS + 1, True, EXIT_IMAGE),
                                 (1 << 20, True, EXIT_IMAGE),
                                 (6 << 20, True, EXIT_IMAGE)):
            img = os.path.join(work, 'sections-%d.elf' % shnum)
            with_sections(img, shnum, ext)
            head = judge('%d section headers%s inspect' %
                         (shnum, ' (extended)' if ext else ''),
                         [tool, '--soc', 'imx7d', 'inspect', img], img, want)
            if want != EXIT_OK:
                tap.ok('section headers' in head and str(MAX_SECTIONS) in
                       head, '%d section headers: the refusal names the '
                       'limit' % shnum, head)
            os.unlink(img)

        for n in (200000,):
            img = os.path.join(work, 'xnum-%d.elf' % n)
            with_xnum_phdrs(img, n)
            judge('PN_XNUM %d PT_LOADs inspect' % n,
                  [tool, '--soc', 'imx7d', 'inspect', img], img, EXIT_IMAGE)
            judge('PN_XNUM %d PT_LOADs load --dry-run' % n,
                  [tool, '--soc', 'imx7d', '-n', img], img, EXIT_IMAGE)
            os.unlink(img)
    finally:
        for f in os.listdir(work):
            os.unlink(os.path.join(work, f))
        os.rmdir(work)
    print('1..%d' % tap.n)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
