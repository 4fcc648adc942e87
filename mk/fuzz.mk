# SPDX-License-Identifier: GPL-2.0-or-later
# Fuzzing, fault injection and static analysis; included by the top-level
# Makefile.
#
#   make fuzz [FUZZ_SECONDS=60]   libFuzzer + ASan/UBSan/LSan on the image
#                                 parsers and plan_load(), every SoC
#   make fuzz-build               only build $(O)/fuzz/fuzz_plan
#   make fuzz-seeds               only write the seed corpus
#   make fuzz-coverage            line coverage of the parsers and the
#                                 planner by the corpus (llvm-cov)
#   make check-fault              tests/fault/run.sh on the real binary
#   make tidy                     scripts/run-clang-tidy.sh over src/*.c
#
# The harness and the library are compiled again with clang and the
# fuzzer's instrumentation into $(O)/fuzz/ (the gcc objects of $(O)/src
# are not used). The working corpus $(O)/fuzz/corpus grows from run to
# run; the seeds ($(O)/fuzz/seeds: the test firmware and malformed files
# written by tests/fuzz/mkseeds.py) are read each time. Any crash, leak,
# sanitizer report or violated property fails the target, with the input
# in $(O)/fuzz/artifacts/.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
# Raw images and stripped ELFs of the test firmware fit in 16 KiB.
FUZZ_MAX_LEN ?= 16384
FUZZ_FLAGS ?=

FUZZ_DIR := $(O)/fuzz
FUZZ_BIN := $(FUZZ_DIR)/fuzz_plan
FUZZ_SEEDS := $(FUZZ_DIR)/seeds
FUZZ_CORPUS := $(FUZZ_DIR)/corpus
FUZZ_LOG := $(FUZZ_DIR)/fuzz.log

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
# The project's warnings, not its sanitizer switch (SANITIZE=1).
FUZZ_CFLAGS := $(filter-out -fsanitize=% -fno-sanitize-recover=% \
		 -fno-omit-frame-pointer,$(M4FW_CFLAGS)) -g -O1 $(FUZZ_SAN)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(M4FW_CPPFLAGS) -Isrc $(FUZZ_CFLAGS) \
		-fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BIN): $(FUZZ_DIR)/obj/tests/fuzz/fuzz_plan.o $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBELF_LIBS)

-include $(wildcard $(FUZZ_DIR)/obj/src/*.d $(FUZZ_DIR)/obj/tests/fuzz/*.d)

# The test firmware when its cross compiler is there; malformed and
# synthetic seeds in any case.
FUZZ_HAVE_ARM := $(shell command -v $(ARM_CROSS)gcc 2>/dev/null)

.PHONY: fuzz fuzz-build fuzz-seeds check-fault tidy
fuzz-build: $(FUZZ_BIN)

fuzz-seeds: $(if $(FUZZ_HAVE_ARM),firmware)
	@rm -rf $(FUZZ_SEEDS)
	python3 tests/fuzz/mkseeds.py $(FUZZ_SEEDS) $(FIRMWARE_DIR) \
		$(ARM_CROSS)

# libFuzzer exits non-zero on a crash, a leak (LeakSanitizer), a timeout,
# running out of memory, and on abort() from a violated property; a report
# that did not stop it still fails the target through the log check.
fuzz: $(FUZZ_BIN) fuzz-seeds
	@mkdir -p $(FUZZ_CORPUS) $(FUZZ_DIR)/artifacts
	@echo "fuzz: $(FUZZ_BIN) for $(FUZZ_SECONDS) s, corpus $(FUZZ_CORPUS) + seeds"
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:$(ASAN_OPTIONS) \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:$(UBSAN_OPTIONS) \
	$(FUZZ_BIN) $(FUZZ_CORPUS) $(FUZZ_SEEDS) \
		-dict=tests/fuzz/fuzz_plan.dict \
		-max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_DIR)/artifacts/ $(FUZZ_FLAGS) \
		>$(FUZZ_LOG) 2>&1; \
	rc=$$?; \
	if [ $$rc -ne 0 ] || grep -Eq 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|PROPERTY VIOLATED|SUMMARY: ' $(FUZZ_LOG); then \
		grep -Ev '^#[0-9]+' $(FUZZ_LOG) | tail -60; \
		echo "fuzz: FAILED (exit $$rc); log $(FUZZ_LOG), input in $(FUZZ_DIR)/artifacts/"; \
		exit 1; \
	fi; \
	tests/fuzz/summary.sh $(FUZZ_LOG) $(FUZZ_CORPUS)

# Source-based coverage of what the corpus reaches: the harness and the
# library once more, instrumented for llvm-cov instead of sanitizers.
FUZZ_COV_DIR := $(FUZZ_DIR)/cov
FUZZ_COV_OBJS := $(LIB_SRCS:%.c=$(FUZZ_COV_DIR)/%.o) \
		 $(FUZZ_COV_DIR)/tests/fuzz/fuzz_plan.o
FUZZ_COV_FLAGS := -fprofile-instr-generate -fcoverage-mapping
FUZZ_COV_FILES := src/image_elf.c src/image_bin.c src/plan.c \
		  src/plan_load.c src/soc.c src/inspect.c
LLVM_PROFDATA ?= llvm-profdata
LLVM_COV ?= llvm-cov

$(FUZZ_COV_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(M4FW_CPPFLAGS) -Isrc $(filter-out -fsanitize=% \
		-fno-sanitize-recover=%,$(FUZZ_CFLAGS)) -O0 $(FUZZ_COV_FLAGS) \
		-c -o $@ $<

$(FUZZ_COV_DIR)/fuzz_plan: $(FUZZ_COV_OBJS)
	$(FUZZ_CC) $(FUZZ_COV_FLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBELF_LIBS)

-include $(wildcard $(FUZZ_COV_DIR)/src/*.d $(FUZZ_COV_DIR)/tests/fuzz/*.d)

.PHONY: fuzz-coverage
fuzz-coverage: $(FUZZ_COV_DIR)/fuzz_plan fuzz-seeds
	@mkdir -p $(FUZZ_CORPUS)
	@rm -f $(FUZZ_COV_DIR)/*.profraw
	LLVM_PROFILE_FILE=$(FUZZ_COV_DIR)/fuzz.profraw \
		$(FUZZ_COV_DIR)/fuzz_plan -runs=0 $(FUZZ_CORPUS) $(FUZZ_SEEDS) \
		>$(FUZZ_COV_DIR)/run.log 2>&1
	$(LLVM_PROFDATA) merge -o $(FUZZ_COV_DIR)/fuzz.profdata \
		$(FUZZ_COV_DIR)/fuzz.profraw
	$(LLVM_COV) report $(FUZZ_COV_DIR)/fuzz_plan \
		-instr-profile=$(FUZZ_COV_DIR)/fuzz.profdata $(FUZZ_COV_FILES)

include tests/fault/fault.mk

tidy:
	scripts/run-clang-tidy.sh
