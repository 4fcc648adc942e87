# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers of the hostile-system suite: running the tool, TAP, fake roots,
memory digests, and the output properties every run must keep."""
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import time

TOOL = None
FW = None
WRAP = shlex.split(os.environ.get('TEST_WRAPPER', ''))
HERE = os.path.dirname(os.path.abspath(__file__))
MKELF = os.path.join(HERE, '..', 'cli', 'mkelf.py')
# Per run: generous under valgrind or qemu, which are 10-50x slower.
TIMEOUT = 60 if WRAP else 5

# The exit codes of the man page (SPEC.md).
DOCUMENTED = {0, 1, 2, 3, 4, 5, 6, 7}

_n = 0
_failed = 0


def init(tool, fw):
    global TOOL, FW
    TOOL = os.path.abspath(tool)
    FW = os.path.abspath(fw)


def tap(name, ok, *diag):
    global _n, _failed
    _n += 1
    if not ok:
        _failed += 1
    print('%s %d - %s' % ('ok' if ok else 'not ok', _n, name))
    for d in diag:
        for line in str(d).splitlines() or ['']:
            print('# ' + line)
    sys.stdout.flush()
    return ok


def skip(name, why):
    global _n
    _n += 1
    print('ok %d - %s # SKIP %s' % (_n, name, why))


def done():
    print('1..%d' % _n)
    return 1 if _failed else 0


class Run:
    """One run of the tool: rc (negative: killed by that signal, None:
    timed out), out and err as bytes, wall seconds."""

    def __init__(self, rc, out, err, secs, argv):
        self.rc, self.out, self.err, self.secs = rc, out, err, secs
        self.argv = argv

    def show(self):
        return ['argv: %s' % ' '.join(self.argv), 'rc: %s' % self.rc,
                'stdout: %r' % self.out[:600], 'stderr: %r' % self.err[:600]]


def wait_open(pid, paths, limit=2.0):
    """Poll until process @pid has one of @paths open (it is then past its
    start-up, in main), or @limit seconds."""
    want = {os.path.realpath(p) for p in paths}
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        try:
            for fd in os.listdir('/proc/%d/fd' % pid):
                try:
                    if os.readlink('/proc/%d/fd/%s' % (pid, fd)) in want:
                        return True
                except OSError:
                    pass
        except OSError:
            return False
        time.sleep(0.0002)
    return False


def run(args, cwd='.', env=None, stdin=subprocess.DEVNULL, preexec=None,
        timeout=None, signal_at=None, pass_fds=()):
    """Run the tool; signal_at=(seconds, signum, paths) sends a signal
    that long after the tool has one of @paths open."""
    argv = WRAP + [TOOL] + [str(a) for a in args]
    e = dict(os.environ)
    e.update(env or {})
    t0 = time.monotonic()
    p = subprocess.Popen(argv, cwd=cwd, env=e, stdin=stdin,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=preexec, pass_fds=pass_fds)
    if signal_at:
        wait_open(p.pid, signal_at[2])
        time.sleep(signal_at[0])
        try:
            p.send_signal(signal_at[1])
        except ProcessLookupError:
            pass
    try:
        out, err = p.communicate(timeout=timeout or TIMEOUT)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        # A stopped process (SIGTTOU) must be woken to die.
        try:
            p.send_signal(18)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        rc = None
    return Run(rc, out, err, time.monotonic() - t0, argv)


def mkelf(path, desc):
    subprocess.run([sys.executable, MKELF, path, repr(desc)], check=True)


def digest(path):
    """A digest of a sparse memory file that reads only its data extents;
    zero pages digest like holes."""
    if not os.path.exists(path):
        return None
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY)
    try:
        end = os.fstat(fd).st_size
        h.update(str(end).encode())
        off = 0
        while off < end:
            try:
                off = os.lseek(fd, off, os.SEEK_DATA)
            except OSError:
                break
            hole = os.lseek(fd, off, os.SEEK_HOLE)
            h.update(off.to_bytes(8, 'little'))
            h.update(os.pread(fd, hole - off, off).rstrip(b'\0'))
            off = hole
    finally:
        os.close(fd)
    return h.hexdigest()


def contains(path, needle):
    """True when the data extents of @path hold @needle."""
    fd = os.open(path, os.O_RDONLY)
    try:
        end = os.fstat(fd).st_size
        off = 0
        while off < end:
            try:
                off = os.lseek(fd, off, os.SEEK_DATA)
            except OSError:
                return False
            hole = os.lseek(fd, off, os.SEEK_HOLE)
            if needle in os.pread(fd, hole - off, off):
                return True
            off = hole
    finally:
        os.close(fd)
    return False


PREFIX = b'm4fwloader: '


def output_problems(r, want_json=False, reports=False):
    """What is wrong with a run's output whatever the input: a hang, a
    crash, an undocumented code, a stderr line without the prefix, a
    failure without a message (inspect, @reports, says why on stdout),
    JSON that RFC 8259 does not accept."""
    bad = []
    if r.rc is None:
        return ['timed out after %.1f s' % r.secs]
    if r.rc < 0:
        return ['killed by signal %d' % -r.rc]
    if r.rc not in DOCUMENTED:
        bad.append('exit %d is not documented' % r.rc)
    for line in r.err.split(b'\n')[:-1]:
        if not line.startswith(PREFIX) and not line.startswith(b'Try '):
            bad.append('stderr line without the prefix: %r' % line[:200])
    if r.err and not r.err.endswith(b'\n'):
        bad.append('stderr does not end with a newline')
    if r.rc not in (0, 3) and not r.err and not (reports and r.out):
        bad.append('exit %d without a message' % r.rc)
    if want_json and r.out:
        try:
            json.loads(r.out.decode('utf-8', errors='strict'))
        except (ValueError, UnicodeDecodeError) as ex:
            bad.append('stdout is not JSON: %s' % ex)
    return bad


def error_lines(r):
    return [l for l in r.err.split(b'\n')[:-1] if not l.startswith(b'Try ')]


def write(path, data, mode=0o644):
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    os.chmod(path, mode)


def fake_root(root, soc_id='i.MX7D', rproc_state=None):
    """A fake /sys and /proc: soc_id, compatible, an empty iomem map, and
    with rproc_state an imx-rproc instance and what its backend reads."""
    write(root + '/sys/devices/soc0/soc_id', soc_id + '\n')
    write(root + '/proc/device-tree/compatible', b'fsl,imx7d-sdb\0fsl,imx7d\0')
    write(root + '/proc/iomem', '00000000-00000000 : nothing\n')
    if rproc_state:
        d = root + '/sys/class/remoteproc/remoteproc0'
        write(d + '/name', 'imx-rproc\n')
        write(d + '/state', rproc_state + '\n')
        write(d + '/firmware', 'rproc-imx-rproc-fw\n')
        write(root + '/sys/module/firmware_class/parameters/path', '\n')
        write(root + '/proc/sys/kernel/osrelease', '6.1.0\n')
        write(root + '/dev/kmsg', '')
        os.makedirs(root + '/run/lock', exist_ok=True)


def one_line_errors(r):
    return all(l.startswith(PREFIX) for l in error_lines(r))


def re_in(pattern, data):
    return re.search(pattern.encode() if isinstance(pattern, str) else
                     pattern, data) is not None


def extents(fd):
    """The data extents (offset, length) of a sparse file."""
    end = os.fstat(fd).st_size
    off = 0
    while off < end:
        try:
            off = os.lseek(fd, off, os.SEEK_DATA)
        except OSError:
            return
        hole = os.lseek(fd, off, os.SEEK_HOLE)
        yield off, hole - off
        off = hole


def sparse_copy(src, dst):
    """Copy a memory file keeping its holes (a plain copy of an i.MX
    memory map writes gigabytes of zeros)."""
    fi = os.open(src, os.O_RDONLY)
    fo = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.ftruncate(fo, os.fstat(fi).st_size)
        for off, n in extents(fi):
            os.pwrite(fo, os.pread(fi, n, off), off)
    finally:
        os.close(fi)
        os.close(fo)
