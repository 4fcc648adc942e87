# SPDX-License-Identifier: GPL-2.0-or-later
# Test targets; included by the top-level Makefile.
#
#   make check                 unit tests + CLI tests, one summary line
#   make check TEST_WRAPPER='valgrind -q --error-exitcode=99 --leak-check=full'
#   make check-unit / check-cli
# Every test program and the tool under test run through $(TEST_WRAPPER)
# (valgrind, or qemu-arm-static for a cross build).

CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
ARM_CROSS ?= arm-none-eabi-
TEST_WRAPPER ?=

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/%)
SUPPORT_SRCS := $(sort $(wildcard tests/support/*.c))
SUPPORT_OBJS := $(SUPPORT_SRCS:%.c=$(O)/%.o)
FIRMWARE_DIR := $(O)/firmware

TEST_CPPFLAGS = $(ALL_CPPFLAGS) -Isrc -Itests/support $(CMOCKA_CFLAGS)

$(O)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/support/%.o: tests/support/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/test_%: $(O)/tests/unit/test_%.o $(SUPPORT_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) \
		$(LIBELF_LIBS) $(LDLIBS)

.PHONY: firmware check check-unit check-cli check-adversarial check-hostile \
	unit-tests golden-update
firmware:
	$(MAKE) -C tests/firmware ARM_CROSS=$(ARM_CROSS) O=$(abspath $(FIRMWARE_DIR))

unit-tests: $(UNIT_BINS)

# The LD_PRELOAD fault shim (tests/fault/fault.mk builds it).
FAULT_SO := $(O)/fault/fault_preload.so

check: $(BIN) unit-tests firmware $(FAULT_SO)
	@TEST_WRAPPER='$(TEST_WRAPPER)' SANITIZE='$(SANITIZE)' \
	tests/run-tests.sh --unit $(UNIT_BINS) \
		--cli ./$(BIN) $(FIRMWARE_DIR) \
		--golden ./$(BIN) $(FIRMWARE_DIR) \
		--safety ./$(BIN) $(FIRMWARE_DIR) \
		--fault ./$(BIN) $(FIRMWARE_DIR) $(FAULT_SO) \
		--hostile ./$(BIN) $(FIRMWARE_DIR) \
		--docs ./$(BIN) m4fwloader.1 completion/m4fwloader.bash \
		--systemd $(CURDIR) $(O) \
		--scripts \
		--adversarial ./$(BIN) $(FIRMWARE_DIR) \
		--runner

check-unit: unit-tests firmware
	@TEST_WRAPPER='$(TEST_WRAPPER)' tests/run-tests.sh --unit $(UNIT_BINS)

check-cli: $(BIN) firmware
	@TEST_WRAPPER='$(TEST_WRAPPER)' tests/run-tests.sh \
		--cli ./$(BIN) $(FIRMWARE_DIR)

check-adversarial: $(BIN) firmware
	@TEST_WRAPPER='$(TEST_WRAPPER)' SANITIZE='$(SANITIZE)' \
	tests/run-tests.sh --adversarial ./$(BIN) $(FIRMWARE_DIR)

# The hostile-system suite alone (tests/hostile/README.md).
check-hostile: $(BIN) firmware
	@TEST_WRAPPER='$(TEST_WRAPPER)' tests/run-tests.sh \
		--hostile ./$(BIN) $(FIRMWARE_DIR)

# Rewrite tests/golden/expected after an intended change of output;
# review the diff before committing it.
golden-update: $(BIN) firmware
	tests/golden/run.sh ./$(BIN) $(FIRMWARE_DIR) --update
