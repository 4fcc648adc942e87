#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# CLI test suite of m4fwloader: runs the tool on a regular file standing in
# for physical memory (--mem) and checks its exit codes, output and every
# byte and register it writes.  TAP on stdout; exit 1 if a case failed.
#
#   tests/cli/run.sh TOOL FIRMWARE_DIR
#
# TEST_WRAPPER (e.g. "valgrind -q --error-exitcode=99", "qemu-arm-static")
# is put before every run of TOOL.  FIRMWARE_DIR holds the images of
# tests/firmware (make firmware).  Needs bash, python3, coreutils.
#
# Files: lib.sh (helpers), memcheck.py (where the bytes must land),
# mkelf.py (malformed ELFs), cases_load.sh, cases_badinput.sh,
# cases_commands.sh (the other commands and options),
# cases_rpmsg.sh (inspect's resource table, the RPMsg side on fake kernels
# built by rpmsg_tree.sh, watch).
set -u

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
lib_init "$@"

. "$CLI_DIR/cases_load.sh"
. "$CLI_DIR/cases_badinput.sh"
. "$CLI_DIR/cases_commands.sh"
. "$CLI_DIR/cases_rpmsg.sh"

tap_finish
