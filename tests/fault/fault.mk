# SPDX-License-Identifier: GPL-2.0-or-later
# Fault injection at the process level; included by mk/fuzz.mk.
#
#   make check-fault     build the LD_PRELOAD shim and run tests/fault/run.sh
#                        on ./$(BIN) and the test firmware (TAP)
#
# The shim is built with the host compiler: it must load into the tool as
# the tests run it. A cross build run under qemu-user, or a static tool,
# does not load it; run.sh then skips its cases, saying so.

FAULT_SO := $(O)/fault/fault_preload.so
ifeq ($(CROSS_COMPILE),)
FAULT_CC ?= $(CC)
else
FAULT_CC ?= cc
endif

$(FAULT_SO): tests/fault/fault_preload.c
	@mkdir -p $(dir $@)
	$(FAULT_CC) $(filter-out -fsanitize=% -fno-sanitize-recover=% \
		-MMD -MP,$(M4FW_CFLAGS)) -D_GNU_SOURCE -O2 -g -fPIC -shared \
		-o $@ $< -ldl

.PHONY: fault-preload check-fault
fault-preload: $(FAULT_SO)

check-fault: $(BIN) firmware $(FAULT_SO)
	@TEST_WRAPPER='$(TEST_WRAPPER)' tests/fault/run.sh ./$(BIN) \
		$(FIRMWARE_DIR) $(FAULT_SO)
