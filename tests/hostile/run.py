#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The hostile-system suite (issue 12): descriptors, signals, planted
paths, hostile --root, the command fuzzer and the regression cases of
the defects it found. TAP output.

    tests/hostile/run.py TOOL FIRMWARE_DIR [CLASS...]
TEST_WRAPPER, if set, is put before every run of TOOL."""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import lib  # noqa: E402
import descriptors  # noqa: E402
import signals  # noqa: E402
import planted  # noqa: E402
import root  # noqa: E402
import fuzz  # noqa: E402
import regress  # noqa: E402

CLASSES = {
    'regress': regress.main,
    'descriptors': descriptors.main,
    'signals': signals.main,
    'planted': planted.main,
    'root': root.main,
    'fuzz': fuzz.main,
}


def main(argv):
    if len(argv) < 3:
        print('usage: run.py TOOL FIRMWARE_DIR [CLASS...]', file=sys.stderr)
        return 2
    lib.init(argv[1], argv[2])
    work = tempfile.mkdtemp(prefix='m4fw-hostile.')
    try:
        for name in argv[3:] or CLASSES:
            CLASSES[name](work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return lib.done()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
