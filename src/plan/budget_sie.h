/*
 * budget_sie — a budget from the #PBUDGET records an imported SIE file
 * carried (kept in the store's declared_period), for `finsam budget import
 * --from-sie`.
 */
#ifndef FINSAM_PLAN_BUDGET_SIE_H
#define FINSAM_PLAN_BUDGET_SIE_H

#include <stdbool.h>

#include "plan/budget.h"
#include "store/store.h"
#include "util/error.h"

/* One line per account and object with #PBUDGET for the fiscal year that
 * starts in `year`: named "NUMMER Namn" (and the object's name), kind by
 * the account (8xxx net financial, income accounts Intäkt, the rest
 * Kostnad), the year's amount the sum of its periods, and a monthly
 * profile from the periods when they all have the same sign (else even).
 * ERR_INPUT when the year has no #PBUDGET. out is freed with budget_free,
 * also after failure. */
bool budget_from_sie(struct store *st, int year, struct budget *out, struct error *err);

#endif
