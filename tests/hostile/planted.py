# SPDX-License-Identifier: GPL-2.0-or-later
"""Class "planted paths": an unprivileged user plants a symbolic link or
a hard link, in a world-writable sticky directory, at a path where root
then creates or truncates a file: the dump OUTFILE and the remoteproc
firmware copy (its final name, and its temporary name, made predictable
by running the tool as pid 1 of a new pid namespace). The victim must
keep its bytes and the tool must say why it refused. (The lock and a new
memory file are the adversarial suite's.)"""
import os
import pwd
import shutil
import subprocess

import lib

VICTIM = b'root-owned file that must survive\n'


def as_nobody(cmd):
    """Run @cmd as nobody: the unprivileged user who plants."""
    return subprocess.run(['setpriv', '--reuid=nobody', '--regid=nogroup',
                           '--clear-groups'] + cmd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def plant(link_cmd):
    """Plant as nobody; where the kernel forbids it (a hard link to root's
    file under fs.protected_hardlinks=1) the link is made as root instead,
    standing for a board where that protection is off."""
    if as_nobody(link_cmd).returncode != 0:
        subprocess.run(link_cmd, check=True)


def why_not():
    if os.geteuid() != 0:
        return 'needs root (to plant as another user with setpriv)'
    if not shutil.which('setpriv'):
        return 'no setpriv (util-linux)'
    try:
        pwd.getpwnam('nobody')
    except KeyError:
        return 'no user nobody'
    return None


def sticky_dir(path):
    os.makedirs(path)
    os.chmod(path, 0o1777)


def victim(path):
    lib.write(path, VICTIM, 0o644)


def seed_memory(mem):
    r = lib.run(['--soc', 'imx7d', '--mem', mem, '--no-start', 'load',
                 lib.FW + '/imx7d_tcm.elf'])
    assert r.rc == 0, r.show()


def dump_cases(base):
    mem = base + '/mem'
    seed_memory(mem)
    tmp = base + '/tmp'
    sticky_dir(tmp)
    for kind in ('symlink', 'hardlink'):
        for target in ('victim', 'mem'):
            name = 'dump OUTFILE: a %s to %s planted by nobody' % (kind, target)
            vic = base + '/victim'
            victim(vic)
            out = tmp + '/tcml.bin'
            if os.path.lexists(out):
                os.remove(out)
            src = vic if target == 'victim' else mem
            before = lib.digest(src)
            plant(['ln'] + (['-s'] if kind == 'symlink' else []) +
                  [src, out])
            r = lib.run(['--soc', 'imx7d', '--mem', mem, 'dump', 'tcml', out])
            bad = []
            if r.rc != 2:
                bad.append('exit %s, expected 2' % r.rc)
            if lib.digest(src) != before:
                bad.append('the %s was changed through the link' % target)
            if not lib.re_in(r'm4fwloader: dump: OUTFILE .*(symbolic link|'
                             r'hard links|is the memory)', r.err):
                bad.append('no message saying why')
            lib.tap('planted: ' + name, not bad, *(bad + r.show()
                                                   if bad else []))


def firmware_cases(base):
    if not shutil.which('unshare'):
        lib.skip('planted: firmware copy', 'no unshare (util-linux)')
        return
    image = lib.FW + '/imx7d_toradex.elf'
    for where in ('final name', 'temporary name'):
        for kind in ('symlink', 'hardlink'):
            name = 'remoteproc firmware copy: a %s at its %s' % (kind, where)
            d = '%s/fw-%s-%s' % (base, kind, where.split()[0])
            root = d + '/root'
            lib.fake_root(root, rproc_state='offline')
            fwdir = root + '/run/m4fwloader/firmware'
            os.makedirs(root + '/run/m4fwloader')
            sticky_dir(fwdir)
            vic = d + '/victim'
            victim(vic)
            # pid 1 in its own pid namespace: the temporary name is known.
            planted = fwdir + '/imx7d_toradex.elf' + \
                ('' if where == 'final name' else '.m4fw-1')
            plant(['ln'] + (['-s'] if kind == 'symlink' else []) +
                  [vic, planted])
            argv = ['unshare', '--pid', '--fork'] + lib.WRAP + \
                [lib.TOOL, '--backend=remoteproc', '--force', '--root', root,
                 'load', image]
            r = subprocess.run(argv, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=lib.TIMEOUT)
            bad = []
            if open(vic, 'rb').read() != VICTIM:
                bad.append('the victim was written through the plant')
            final = fwdir + '/imx7d_toradex.elf'
            if not os.path.isfile(final) or os.path.islink(final) or \
               open(final, 'rb').read() != open(image, 'rb').read():
                bad.append('the firmware copy is not the image, as a file')
            if r.returncode not in lib.DOCUMENTED:
                bad.append('exit %s' % r.returncode)
            lib.tap('planted: ' + name, not bad,
                    *(bad + ['rc %s' % r.returncode,
                             'stderr %r' % r.stderr[:400]] if bad else []))


def main(work):
    why = why_not()
    if why:
        lib.skip('planted paths: every case', why)
        return
    base = os.path.join(work, 'planted')
    os.makedirs(base)
    os.chmod(base, 0o755)
    os.chmod(work, 0o755)
    dump_cases(base)
    firmware_cases(base)
