# SPDX-License-Identifier: GPL-2.0-or-later
"""Class "signals": SIGPIPE, SIGXFSZ, SIGTTOU and SIGTTIN sent at points
swept across a load never end it (the image is loaded whole and the core
released, as without the signal); SIGHUP, SIGINT and SIGTERM keep their
meaning (the run stops with the core held, or completes once the core is
released; before anything is opened the default action ends it with
memory untouched). Also the real cases: stdout and stderr on a pipe with
no reader (`| head`), and `ulimit -f` below the memory file's size."""
import os
import random
import resource
import signal
import subprocess

import lib

IGNORED = [signal.SIGPIPE, signal.SIGXFSZ, signal.SIGTTOU, signal.SIGTTIN]
STOPPING = [signal.SIGHUP, signal.SIGINT, signal.SIGTERM]
POINTS = 10		# moments per signal, swept over a load's duration
IMAGE = None


def load_args(mem):
    return ['-vv', '--soc', 'imx7d', '--mem', mem, 'load', IMAGE]


def make_image(path):
    """8 MiB for i.MX7D DDR (A = M 0x80000000, HARDWARE.md), long enough
    to copy and verify that signals land in the middle of it."""
    lib.mkelf(path, {'segments': [{'paddr': 0x80000000,
                                   'words': [0x80800000, 0x80000009],
                                   'size': 8 << 20}]})


def status(mem):
    return lib.run(['--soc', 'imx7d', '--mem', mem, 'status']).rc


def main(work):
    global IMAGE
    base = os.path.join(work, 'signals')
    os.makedirs(base)
    IMAGE = base + '/ddr8m.elf'
    make_image(IMAGE)
    empty = base + '/empty.mem'
    ref = lib.run(load_args(empty))
    assert ref.rc == 0, ref.show()
    ref_mem = lib.digest(empty)
    duration = max(ref.secs, 0.02)
    rnd = random.Random(12)
    for sig in IGNORED + STOPPING:
        bad_runs = []
        for k in range(POINTS):
            mem = '%s/%s-%d.mem' % (base, sig.name, k)
            at = duration * k / POINTS + rnd.uniform(0, duration / POINTS)
            r = lib.run(load_args(mem), signal_at=(at, sig, [IMAGE, mem]))
            bad = lib.output_problems(r) if sig in IGNORED else []
            got = lib.digest(mem)
            if sig in IGNORED:
                if r.rc != 0 or got != ref_mem:
                    bad.append('at %.1f ms: exit %s, memory %s' %
                               (at * 1e3, r.rc, 'as loaded' if
                                got == ref_mem else 'not as loaded'))
            elif r.rc == -sig:
                # The default action, before the handler is installed or
                # once the load is over: never on a half-written image.
                if got is not None and got != ref_mem and status(mem) != 3:
                    bad.append('killed by %s with the image half-written '
                               'and the core not held' % sig.name)
            elif r.rc == 0:
                if got != ref_mem:
                    bad.append('exit 0 but the image is not loaded whole')
            elif r.rc == 1:
                if status(mem) != 3:
                    bad.append('exit 1 but the core is not held')
            else:
                bad.append('at %.1f ms: exit %s' % (at * 1e3, r.rc))
            if bad:
                bad_runs.append(bad + r.show())
            if os.path.exists(mem):
                os.remove(mem)
        lib.tap('signals: %s at %d points of a load' % (sig.name, POINTS),
                not bad_runs, *(bad_runs[0] if bad_runs else []))

    # stdout and stderr on a pipe whose reader is gone: every write fails.
    mem = base + '/pipe.mem'
    rfd, wfd = os.pipe()
    os.close(rfd)
    argv = lib.WRAP + [lib.TOOL] + load_args(mem)
    p = subprocess.run(argv, stdout=wfd, stderr=wfd, timeout=lib.TIMEOUT * 4)
    os.close(wfd)
    lib.tap('signals: -vv load with stdout and stderr on a closed pipe '
            'completes (exit 0, image whole)',
            p.returncode == 0 and lib.digest(mem) == ref_mem,
            *([] if p.returncode == 0 else ['rc %s' % p.returncode]))

    # ulimit -f smaller than the memory file must grow to: exit 4.
    mem = base + '/fsize.mem'

    def small_fsize():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
    r = lib.run(load_args(mem), preexec=small_fsize)
    ok = r.rc == 4 and lib.re_in('m4fwloader: ', r.err)
    lib.tap('signals: ulimit -f 1 MiB: the memory file cannot grow, '
            'exit 4 with a message', ok, *([] if ok else r.show()))
    # dump to a file beyond the limit: the write fails, exit 1.
    def tiny_fsize():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    r = lib.run(['--soc', 'imx7d', '--mem', empty, 'dump', 'ocram',
                 base + '/dump.bin'], preexec=tiny_fsize)
    ok = r.rc == 1 and lib.re_in('m4fwloader: ', r.err)
    lib.tap('signals: ulimit -f 4 KiB: dump of 128 KiB fails with exit 1 '
            'and a message', ok, *([] if ok else r.show()))
