/*
 * rounding — printed figures that add up; see rounding.h.
 */
#include "report/rounding.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* The first index after the previous sum of level >= level, before i. */
static size_t range_start(const struct round_item *items, size_t i, int level)
{
	while (i > 0) {
		const struct round_item *p = &items[i - 1];
		if (!p->skip && p->sum_level >= level)
			return i;
		i--;
	}
	return 0;
}

size_t round_parts(const struct round_item *items, size_t n, size_t i, size_t *parts)
{
	(void)n;
	int level = items[i].sum_level;
	size_t k = 0, start = range_start(items, i, level);
	size_t j = i;
	while (j > start) {
		j--;
		const struct round_item *p = &items[j];
		if (p->skip)
			continue;
		parts[k++] = j;
		if (p->sum_level > 0) {
			/* A lower sum covers its own parts. */
			size_t s = range_start(items, j, p->sum_level);
			j = s > start ? s : start;
		}
	}
	return k;
}

static int64_t floor_kronor(money_t m)
{
	return m >= 0 ? m / 100 : -((-m + 99) / 100);
}

/* Share `target` kronor among parts (by their exact amounts). */
static void share_out(const struct round_item *items, const size_t *parts, size_t k,
		      int64_t target, int64_t *shown)
{
	int64_t base = 0;
	size_t *free_parts = xmalloc((k ? k : 1) * sizeof *free_parts), m = 0;
	for (size_t a = 0; a < k; a++) {
		if (items[parts[a]].pinned) {
			base += items[parts[a]].pin;
			continue;
		}
		shown[parts[a]] = floor_kronor(items[parts[a]].exact);
		base += shown[parts[a]];
		free_parts[m++] = parts[a];
	}
	parts = free_parts;
	k = m;
	int64_t diff = target - base;
	/* Give to the largest remainders first (take from the smallest when
	 * a higher level asked for less), one krona per part per round. */
	bool *done = xcalloc(k ? k : 1, sizeof *done);
	while (diff != 0 && k) {
		memset(done, 0, k * sizeof *done);
		for (size_t round = 0; round < k && diff != 0; round++) {
			size_t best = k;
			int64_t best_rem = 0;
			for (size_t a = 0; a < k; a++) {
				if (done[a])
					continue;
				int64_t rem = items[parts[a]].exact - floor_kronor(items[parts[a]].exact) * 100;
				/* Ties go to the earlier row, so the result does not
				 * depend on the order parts were found in. */
				bool better = best == k ||
					      (diff > 0 ? rem > best_rem : rem < best_rem) ||
					      (rem == best_rem && parts[a] < parts[best]);
				if (better) {
					best = a;
					best_rem = rem;
				}
			}
			done[best] = true;
			shown[parts[best]] += diff > 0 ? 1 : -1;
			diff += diff > 0 ? -1 : 1;
		}
	}
	free(done);
	free(free_parts);
}

void round_items(const struct round_item *items, size_t n, bool largest_remainder,
		 int64_t *shown)
{
	for (size_t i = 0; i < n; i++)
		shown[i] = items[i].skip ? 0 : items[i].pinned ? items[i].pin
							      : money_round_kronor(items[i].exact);
	if (!largest_remainder)
		return;
	size_t *parts = xmalloc((n ? n : 1) * sizeof *parts);
	for (int level = 3; level >= 1; level--)
		for (size_t i = 0; i < n; i++)
			if (!items[i].skip && items[i].sum_level == level) {
				size_t k = round_parts(items, n, i, parts);
				share_out(items, parts, k, shown[i], shown);
			}
	free(parts);
}

void round_items_up(const struct round_item *items, size_t n, int64_t *shown)
{
	size_t *parts = xmalloc((n ? n : 1) * sizeof *parts);
	for (size_t i = 0; i < n; i++) {
		if (items[i].skip) {
			shown[i] = 0;
		} else if (items[i].pinned) {
			shown[i] = items[i].pin;
		} else if (!items[i].sum_level) {
			shown[i] = money_round_kronor(items[i].exact);
		} else {
			/* Parts come before their sum, so they are printed already. */
			size_t k = round_parts(items, n, i, parts);
			shown[i] = 0;
			for (size_t j = 0; j < k; j++)
				shown[i] += shown[parts[j]];
		}
	}
	free(parts);
}
