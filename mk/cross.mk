# SPDX-License-Identifier: GPL-2.0-or-later
# Cross builds for the boards; included by the top-level Makefile.
#
#   make cross-armhf     build/armhf/m4fwloader (i.MX6SX/7D, Cortex-A9/A7)
#   make cross-arm64     build/arm64/m4fwloader (i.MX8M, Cortex-A53)
#   make check-cross     both, then every test of `make check` under
#                        qemu-user, and tests/cross/ddr-above-2g.sh
#
# The tool is linked statically: copy it to the board, or run it with
# qemu-arm-static, with nothing else. Target libraries (libelf, zlib,
# cmocka) come from Debian's packages for the architecture, unpacked by
# scripts/cross-sysroot.sh into $(M4FW_CACHE)/sysroot-ARCH (network on the
# first run only). Debian has no static cmocka, so the unit-test programs
# are linked dynamically and run with the cross toolchain's loader
# (qemu-arm-static -L /usr/arm-linux-gnueabihf). Needs
# `scripts/install-deps.sh --cross`.

M4FW_CACHE ?= $(HOME)/.cache/m4fwloader
CROSS_ARCHES := armhf arm64
CROSS_TRIPLET_armhf := arm-linux-gnueabihf
CROSS_TRIPLET_arm64 := aarch64-linux-gnu
CROSS_QEMU_armhf := qemu-arm-static
CROSS_QEMU_arm64 := qemu-aarch64-static

cross_sysroot = $(M4FW_CACHE)/sysroot-$(1)
cross_wrapper = $(CROSS_QEMU_$(1)) -L /usr/$(CROSS_TRIPLET_$(1))

# The sub-make of one architecture. CC is set outright so that a CC from
# the environment (clang, ccache gcc) does not take the place of the cross
# compiler. PKG_CONFIG answers for the sysroot with --static, so that
# LIBELF_LIBS gets libelf's private libraries (-lz).
cross_make = $(MAKE) --no-print-directory O=build/$(1) \
	CROSS_COMPILE=$(CROSS_TRIPLET_$(1))- CC=$(CROSS_TRIPLET_$(1))-gcc \
	PKG_CONFIG=$(call cross_sysroot,$(1))/bin/pkg-config \
	M4FW_CROSS_ARCH=$(1) FIRMWARE_DIR=$(abspath $(FIRMWARE_DIR))

# Inside the sub-make: the tool static; the test programs find the
# sysroot's shared libraries (cmocka, libelf, zlib) by an RPATH (not a
# RUNPATH, which libelf.so.1 would not use to find libz.so.1).
# M4FW_LDFLAGS, not LDFLAGS, so that an LDFLAGS given to make is kept.
ifneq ($(M4FW_CROSS_ARCH),)
M4FW_CROSS_LIBDIRS := \
	$(call cross_sysroot,$(M4FW_CROSS_ARCH))/usr/lib/$(CROSS_TRIPLET_$(M4FW_CROSS_ARCH)) \
	$(call cross_sysroot,$(M4FW_CROSS_ARCH))/lib/$(CROSS_TRIPLET_$(M4FW_CROSS_ARCH))
$(BIN): M4FW_LDFLAGS += -static
$(UNIT_BINS): M4FW_LDFLAGS += -Wl,--disable-new-dtags \
	$(M4FW_CROSS_LIBDIRS:%=-Wl,-rpath,%)
endif

.PHONY: cross-sysroot-armhf cross-sysroot-arm64 cross-armhf cross-arm64 \
	check-cross check-cross-armhf check-cross-arm64

$(CROSS_ARCHES:%=cross-sysroot-%): cross-sysroot-%:
	@M4FW_CACHE='$(M4FW_CACHE)' scripts/cross-sysroot.sh $* >/dev/null

# The sysroot first, in its own step: the sub-make reads PKG_CONFIG when it
# starts.
$(CROSS_ARCHES:%=cross-%): cross-%: cross-sysroot-%
	+$(call cross_make,$*) all unit-tests

# One architecture: `make check` with every program under qemu-user, then
# the load into DDR above 2 GiB.
$(CROSS_ARCHES:%=check-cross-%): check-cross-%: cross-% firmware
	+@status=0; \
	$(call cross_make,$*) check TEST_WRAPPER='$(call cross_wrapper,$*)' || \
		status=1; \
	TEST_WRAPPER='$(call cross_wrapper,$*)' tests/cross/ddr-above-2g.sh \
		$* build/$*/m4fwloader $(FIRMWARE_DIR) || status=1; \
	exit $$status

# Both architectures at once (the test suites wait more than they compute),
# each one's output shown whole, and the counts of every part added up in
# the last line.
check-cross: cross-armhf cross-arm64 firmware
	+@log=$$(mktemp -d) && trap 'rm -rf "$$log"' EXIT; \
	for a in $(CROSS_ARCHES); do \
		{ $(MAKE) --no-print-directory -s check-cross-$$a \
			>"$$log/$$a.out" 2>&1; echo $$? >"$$log/$$a.rc"; } & \
	done; \
	wait; status=0; \
	for a in $(CROSS_ARCHES); do \
		printf '\n=== %s\n' "$$a"; \
		grep -v '^make\[' "$$log/$$a.out"; \
		[ "$$(cat "$$log/$$a.rc")" = 0 ] || status=1; \
	done; \
	cat "$$log"/*.out | awk -v status=$$status ' \
		/^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$$/ \
			{ p += $$1; f += $$3; s += $$5; n++ } \
		END { if (status && (f == 0 || n == 0)) f++; \
		      printf "\n%d passed, %d failed", p, f; \
		      if (s) printf ", %d skipped", s; printf "\n"; \
		      exit f > 0 }'
