/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plan building blocks shared by plan.c and plan_load.c. */
#ifndef M4FW_PLAN_PRIV_H
#define M4FW_PLAN_PRIV_H

#include "m4fw/plan.h"

/* Append an operation; NULL when out of memory. */
struct plan_op *plan_add_op(struct plan *p, enum plan_op_kind kind,
			    uint32_t addr);
void plan_set_note(struct plan_op *op, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void plan_add_problem(struct plan *p, enum plan_problem_kind kind,
		      bool overridden, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int plan_add_recipe(struct plan *p, const struct soc_recipe *r,
		    enum plan_core_effect core, bool optional);
int plan_add_expect_held(struct plan *p);
/* The stop recipe, then the check that the hold took. */
int plan_add_hold(struct plan *p);
int plan_add_barrier(struct plan *p);
int plan_add_clock(struct plan *p);
/* The start recipe and the checks that the core runs. */
int plan_add_start(struct plan *p);
/* After the operations: @ret, or the windows they need. */
int plan_finish(struct plan *p, int ret);

#endif /* M4FW_PLAN_PRIV_H */
