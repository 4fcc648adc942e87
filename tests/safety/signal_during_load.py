#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A SIGTERM that arrives after the core was held, in the middle of a load.

The tool is run with -vv and its stderr is a pipe shrunk to one page and
pre-filled so that the log line it writes right after holding the core
blocks. The test then sends SIGTERM, drains the pipe, and checks that the
tool exits non-zero, says it was interrupted with the core held, and never
wrote the release. To find where to block, a first run with stderr in a
file measures the log up to the hold.

usage: signal_during_load.py TOOL SOC IMAGE MEMFILE [WRAPPER...]
prints one line, "ok" or "FAIL: why"; exit status 0 or 1.
"""
import array
import fcntl
import os
import signal
import subprocess
import sys
import termios
import time

F_SETPIPE_SZ = 1031


def main():
    tool, soc, image, mem = sys.argv[1:5]
    wrapper = sys.argv[5:]
    cmd = wrapper + [tool, "-vv", "--soc", soc, "--mem", mem, image]

    # The log up to and including the line of the first stop write.
    measure = subprocess.run(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    log = measure.stderr
    lines = log.splitlines(keepends=True)
    upto = 0
    for i, line in enumerate(lines):
        upto += len(line)
        if b"hold " in line and b"write32" in line:
            break
    else:
        return "no hold line in the -vv log"
    # Lines before the hold carry timings whose width varies from run to
    # run: leave half of the next line's length as slack, so that the write
    # that blocks is always the next one.
    slack = len(lines[i + 1]) // 2
    upto += slack

    r, w = os.pipe()
    size = fcntl.fcntl(w, F_SETPIPE_SZ, 4096)
    if upto >= size:
        return "log before the hold is longer than a pipe page"
    os.write(w, b"#" * (size - upto))
    proc = subprocess.Popen(cmd, stderr=w, stdout=subprocess.DEVNULL)
    os.close(w)
    # Wait until the pipe is full: the tool is then blocked after the hold.
    for _ in range(2000):
        avail = array.array("i", [0])
        fcntl.ioctl(r, termios.FIONREAD, avail)
        # Everything up to the hold is in the pipe (give or take the
        # slack): the next line is the one that blocks.
        if avail[0] >= size - 2 * slack or proc.poll() is not None:
            break
        time.sleep(0.01)
    time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    out = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        out += chunk
    rc = proc.wait()
    text = out.decode(errors="replace")
    if rc == 0:
        return "exit 0 after SIGTERM"
    if "interrupted" not in text or "held in reset" not in text:
        return "no 'interrupted ... held in reset' message: " + text[-300:]
    if "release" in text.split("interrupted")[0].split("hold ", 1)[-1]:
        return "the release was written before the interruption"
    return None


if __name__ == "__main__":
    why = main()
    print("ok" if why is None else "FAIL: " + why)
    sys.exit(0 if why is None else 1)
