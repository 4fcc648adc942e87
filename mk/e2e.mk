# SPDX-License-Identifier: GPL-2.0-or-later
# The end-to-end tests on an emulated i.MX7D and i.MX8MP; included by the top-level
# Makefile. See tests/e2e/README.md.
#
#   make e2e             install what is missing (apt), build the test
#                        firmware and static armhf and arm64 m4fwloaders,
#                        fetch Debian's armhf and arm64 kernels, busybox and
#                        QEMU 10, build imx_rproc.ko, boot the three guests,
#                        run the scenarios in them; TAP, then
#                        "N passed, N failed"; non-zero exit on any failure
#   make e2e E2E_TIMEOUT=600 E2E_VERBOSE=1
#
# Downloads are kept in $(M4FW_CACHE) (default ~/.cache/m4fwloader), outside
# the checkout; the work files in $(E2E_OUT) (default build/e2e).

M4FW_CACHE ?= $(HOME)/.cache/m4fwloader
E2E_OUT ?= $(O)/e2e
E2E_TIMEOUT ?= 300
E2E_VERBOSE ?= 0

# When make started, for the total time of `make e2e`.
ifneq ($(filter e2e,$(MAKECMDGOALS)),)
E2E_T0 := $(shell date +%s.%N)
endif

# The static armhf and arm64 tools: mk/cross.mk's builds of them
# (build/armhf, build/arm64), only the tool, not its unit tests. Decided when the recipe runs, so that the order
# in which the Makefile includes the two fragments does not matter; without
# mk/cross.mk, the same build by hand.
e2e_tool = $(if $(value cross_make),build/armhf/m4fwloader,$(O)/e2e-armhf/m4fwloader)
e2e_build_tool = $(if $(value cross_make),$(call cross_make,armhf) all,\
	$(MAKE) --no-print-directory O=$(O)/e2e-armhf \
	CROSS_COMPILE=arm-linux-gnueabihf- CC=arm-linux-gnueabihf-gcc \
	PKG_CONFIG=$(M4FW_CACHE)/sysroot-armhf/bin/pkg-config \
	LDFLAGS=-static all)
e2e_tool64 = $(if $(value cross_make),build/arm64/m4fwloader,$(O)/e2e-arm64/m4fwloader)
e2e_build_tool64 = $(if $(value cross_make),$(call cross_make,arm64) all,\
	$(MAKE) --no-print-directory O=$(O)/e2e-arm64 \
	CROSS_COMPILE=aarch64-linux-gnu- CC=aarch64-linux-gnu-gcc \
	PKG_CONFIG=$(M4FW_CACHE)/sysroot-arm64/bin/pkg-config \
	LDFLAGS=-static all)
e2e_step = tests/e2e/step.sh $(E2E_OUT)/steps

.PHONY: e2e
e2e:
	@rm -f $(E2E_OUT)/steps && mkdir -p $(E2E_OUT)
	+@$(e2e_step) "install packages (apt)" scripts/install-deps.sh --cross --e2e
	+@$(e2e_step) "build the test firmware" $(MAKE) --no-print-directory firmware
	+@M4FW_CACHE='$(M4FW_CACHE)' $(e2e_step) -q "armhf sysroot (libelf)" \
		scripts/cross-sysroot.sh armhf
	+@$(e2e_step) "cross-build m4fwloader (armhf, static)" $(e2e_build_tool)
	+@M4FW_CACHE='$(M4FW_CACHE)' $(e2e_step) -q "arm64 sysroot (libelf)" \
		scripts/cross-sysroot.sh arm64
	+@$(e2e_step) "cross-build m4fwloader (arm64, static)" $(e2e_build_tool64)
	+@M4FW_CACHE='$(M4FW_CACHE)' tests/e2e/run.sh --tool $(e2e_tool) \
		--tool64 $(e2e_tool64) \
		--firmware $(FIRMWARE_DIR) --out $(E2E_OUT) \
		--timeout $(E2E_TIMEOUT) $(if $(E2E_T0),--t0 $(E2E_T0)) \
		--steps $(E2E_OUT)/steps $(if $(filter 1,$(E2E_VERBOSE)),-v)
