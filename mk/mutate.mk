# SPDX-License-Identifier: GPL-2.0-or-later
# Mutation testing; included by the top-level Makefile.
#
#   make mutate                      every mutation of tests/mutations.txt
#   make mutate MUTATE_BUDGET=180 MUTATE_ROTATE=1
#                                    what fits in 3 minutes, starting at a
#                                    place that moves 7 entries a day
#   make mutate MUTATE_ONLY=id,id    the named ones
#   MUTATE_NO_BASELINE=1             skip the run of the unmutated tree
#                                    (CI: its gcc stage has just run it)
#   make mutate-check                every listed text still in the source?
#
# scripts/mutate.py copies the tree to a scratch directory, builds it with
# gcc, and for each mutation changes the source, rebuilds and runs the
# suite (unit, golden, docs, fault, safety, CLI; it stops at the first part
# that fails). It prints a table of killed and surviving mutants and ends
# with "N passed, N failed[, N skipped]": killed mutants pass, survivors
# and stale entries fail, those explained as equivalent are skipped.

MUTATE_BUDGET ?= 0
MUTATE_ROTATE ?= 0
MUTATE_ONLY ?=
MUTATE_NO_BASELINE ?= 0
# Mutants tried at once, each in its own scratch tree: the suites spend
# most of their time starting processes and waiting, not computing.
MUTATE_JOBS ?= 2

.PHONY: mutate mutate-check
mutate: firmware
	scripts/mutate.py --firmware $(FIRMWARE_DIR) --jobs $(MUTATE_JOBS) \
		$(if $(filter-out 0,$(MUTATE_BUDGET)),--budget $(MUTATE_BUDGET)) \
		$(if $(filter 1,$(MUTATE_ROTATE)),--rotate) \
		$(if $(MUTATE_ONLY),--only $(MUTATE_ONLY)) \
		$(if $(filter 1,$(MUTATE_NO_BASELINE)),--no-baseline)

mutate-check:
	scripts/mutate.py --check
