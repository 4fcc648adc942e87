# SPDX-License-Identifier: GPL-2.0-or-later
#
# Benchmark; included by the top-level Makefile.
#   make bench                 one table on stdout and in $(O)/bench/results.md
#   make bench BENCH_ARGS='--runs 200 --copy-seconds 3'
#   make bench BENCH_ARGS=--no-callgrind
# The static build (make STATIC=1 O=$(O)/static) is measured beside the
# default one; where it cannot be linked (no libelf.a), the table says so.
# Needs python3; valgrind (callgrind) is used when installed. A benchmark
# never fails the build over its figures: a missed target reads MISSED.

BENCH_ARGS ?=
BENCH_COPY := $(O)/bench/bench_copy
BENCH_SPAWN := $(O)/bench/bench_spawn
BENCH_STATIC := $(O)/static/m4fwloader
# bench_copy times the tool's own copy routine: its object, not a copy.
BENCH_COPY_OBJS := $(O)/bench/bench_copy.o $(filter %/iocopy.o,$(LIB_OBJS))

$(O)/bench/%.o: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BENCH_COPY): $(BENCH_COPY_OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(BENCH_SPAWN): $(O)/bench/bench_spawn.o
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: bench bench-static
# Its own directory, so that the default objects and binary stay as they
# are; a failed static link is not an error here.
bench-static:
	-@$(MAKE) --no-print-directory STATIC=1 O=$(O)/static $(BENCH_STATIC)

bench: $(BIN) $(BENCH_COPY) $(BENCH_SPAWN) bench-static
	@bench/run.sh --tool $(BIN) --static-tool $(BENCH_STATIC) \
		--copy $(BENCH_COPY) \
		--spawn $(BENCH_SPAWN) --out $(O)/bench \
		--cc '$(CC)' \
		--cflags '$(CFLAGS)$(if $(filter 1,$(SANITIZE)), SANITIZE=1)' \
		$(BENCH_ARGS)

-include $(wildcard $(O)/bench/*.d)
