# SPDX-License-Identifier: GPL-2.0-or-later
"""Class "hostile --root": every file the tool reads under --root (found
with grep in src/: detect.c, remoteproc.c, rproc_*.c, cli.c) replaced in
turn by a FIFO, a directory, a symbolic-link loop, an empty file, a 1 MB
file and binary junk, under every command that reads it. Each run ends
within the time limit, with a documented exit code, every stderr line
prefixed (one line per message), an error message whenever it fails, and
valid JSON with --json."""
import os
import random
import shutil

import lib

RPROC = 'sys/class/remoteproc/remoteproc0/'
PATHS = [
    'sys/devices/soc0/soc_id',
    'proc/device-tree/compatible',
    'proc/iomem',
    RPROC + 'name',
    RPROC + 'state',
    RPROC + 'firmware',
    'sys/module/firmware_class/parameters/path',
    'proc/sys/kernel/osrelease',
    'dev/kmsg',
]
KINDS = ['fifo', 'directory', 'symlink loop', 'empty', '1 MB', 'binary junk']


def plant(path, kind, rnd):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)
    if kind == 'fifo':
        os.mkfifo(path)
    elif kind == 'directory':
        os.makedirs(path + '/x')
    elif kind == 'symlink loop':
        os.symlink(os.path.basename(path), path)
    elif kind == 'empty':
        lib.write(path, b'')
    elif kind == '1 MB':
        lib.write(path, b'running\n' + b'A' * (1 << 20))
    else:
        lib.write(path, bytes(rnd.randrange(256) for _ in range(4096)))


def commands(fw):
    """(name, argv, json): every command that reads the files above."""
    dev = ['--mem', 'mem']
    rp = ['--backend=remoteproc']
    return [
        ('load', dev + ['load', fw + '/imx7d_tcm.elf'], False),
        ('load -n', dev + ['-n', 'load', fw + '/imx7d_tcm.elf'], False),
        ('status --json', dev + ['--json', 'status'], True),
        ('stop', dev + ['stop'], False),
        ('inspect --json', ['--json', 'inspect', fw + '/imx7d_tcm.elf'], True),
        ('remoteproc status --json', rp + ['--json', 'status'], True),
        ('remoteproc load', rp + ['load', fw + '/imx7d_toradex.elf'], False),
        ('remoteproc stop', rp + ['stop'], False),
    ]


def main(work):
    base = os.path.join(work, 'root')
    os.makedirs(base)
    rnd = random.Random(9)
    total = 0
    for rel in PATHS:
        for kind in KINDS:
            bad = []
            for name, argv, js in commands(lib.FW):
                d = os.path.join(base, 'run')
                if os.path.exists(d):
                    shutil.rmtree(d)
                os.makedirs(d)
                lib.fake_root(d + '/root', rproc_state='running')
                plant(d + '/root/' + rel, kind, rnd)
                r = lib.run(['--root', 'root'] + argv, cwd=d)
                total += 1
                probs = lib.output_problems(r, want_json=js,
                                            reports='inspect' in argv)
                if r.secs > 2 and not lib.WRAP:
                    probs.append('took %.1f s' % r.secs)
                if probs:
                    bad.append('%s: %s' % (name, '; '.join(probs)))
                    bad += r.show()
            lib.tap('hostile --root: %s is a %s, under %d commands' %
                    (rel, kind, len(commands(lib.FW))), not bad, *bad[:12])
    return total
