# SPDX-License-Identifier: GPL-2.0-or-later
"""Class "descriptors": every combination of fds 0, 1 and 2 closed, for
load, dump, status and inspect, with a memory file. A closed standard
descriptor must never become the memory: the memory file ends exactly as
the same run with all three open leaves it, and never holds log text."""
import os

import lib

# -vv so that every command logs, also while the memory is open.
COMMANDS = [
    ('load', ['-vv', '--soc', 'imx7d', '--mem', 'mem', 'load',
              '{fw}/imx7d_tcm.elf']),
    ('dump REGION -', ['-v', '--soc', 'imx7d', '--mem', 'mem', 'dump',
                       'ocram', '-']),
    ('dump REGION FILE', ['-vv', '--soc', 'imx7d', '--mem', 'mem', 'dump',
                          'ocram', 'out.bin']),
    ('status', ['-vv', '--soc', 'imx7d', '--mem', 'mem', 'status']),
    ('inspect', ['-v', '--soc', 'imx7d', '--mem', 'mem', 'inspect',
                 '{fw}/imx7d_tcm.elf']),
    ('a refused load', ['-v', '--soc', 'imx7d', '--mem', 'mem', 'load',
                        '{fw}/imx8mm_tcm.elf']),
]


def seed_memory(path):
    """A memory file with a loaded image, so that dump and status have
    something to read; made by the tool with every descriptor open."""
    r = lib.run(['--soc', 'imx7d', '--mem', path, '--no-start', 'load',
                 lib.FW + '/imx7d_ocram.elf'])
    assert r.rc == 0, r.show()


def closer(fds):
    def pre():
        for fd in fds:
            os.close(fd)
    return pre


def main(work):
    base = os.path.join(work, 'fds')
    os.makedirs(base)
    seed_memory(os.path.join(base, 'seed.mem'))
    for name, argv in COMMANDS:
        args = [a.format(fw=lib.FW) for a in argv]
        ref_dir = os.path.join(base, 'ref-' + name.replace(' ', '_'))
        os.makedirs(ref_dir)
        lib.sparse_copy(os.path.join(base, "seed.mem"), ref_dir + '/mem')
        ref = lib.run(args, cwd=ref_dir)
        ref_mem = lib.digest(ref_dir + '/mem')
        for mask in range(1, 8):
            fds = [fd for fd in range(3) if mask & (1 << fd)]
            if 2 in fds and lib.WRAP:
                # valgrind reports on fd 2 and stops with its own error
                # when the program's stderr is closed: the case would
                # test the wrapper, not the tool (it runs unwrapped).
                lib.skip('descriptors: %s with fd %s closed' %
                         (name, ','.join(map(str, fds))),
                         'TEST_WRAPPER %s needs fd 2' % lib.WRAP[0])
                continue
            d = os.path.join(base, '%s-%d' % (name.replace(' ', '_'), mask))
            os.makedirs(d)
            lib.sparse_copy(os.path.join(base, "seed.mem"), d + '/mem')
            r = lib.run(args, cwd=d, preexec=closer(fds))
            bad = []
            if r.rc != ref.rc:
                bad.append('exit %s, with fds open %s' % (r.rc, ref.rc))
            if lib.digest(d + '/mem') != ref_mem:
                bad.append('the memory file differs from the run with '
                           'every descriptor open')
            if lib.contains(d + '/mem', b'm4fwloader'):
                bad.append('log text was written into the memory')
            if os.path.exists(ref_dir + '/out.bin') and \
               lib.digest(d + '/out.bin') != lib.digest(ref_dir + '/out.bin'):
                bad.append('OUTFILE differs from the run with fds open')
            lib.tap('descriptors: %s with fd %s closed' %
                    (name, ','.join(map(str, fds))), not bad,
                    *(bad + (r.show() if bad else [])))
