/*
 * followup/store — the follow-up in the store: interventions, outcome
 * categories, participant statistics, goal areas and goals, and the
 * publishing threshold (tables of migration 3, docs/store.md).
 *
 * Saving is by key, never by position: an intervention by its code, a
 * statistics record by intervention and period, a goal area by its name
 * (its goals are replaced as a whole, in the order given), a category by
 * its name. What a document does not name is left as it is, so an owner's
 * file with one quarter's statistics touches nothing else. Removal is
 * explicit (fu_store_remove_*).
 *
 * fu_store_save writes a whole document in one transaction after checking
 * it against what is stored: the statistics with fu_stats_check, an
 * intervention whose kind would change (refused: the kind is fixed once
 * created, as in the national system; an intervention with both parts is
 * two interventions), statistics of an intervention neither stored nor in
 * the document. Nothing is written unless everything is right.
 */
#ifndef FINSAM_FOLLOWUP_STORE_H
#define FINSAM_FOLLOWUP_STORE_H

#include <stdbool.h>

#include "followup/followup.h"
#include "followup/stats.h"
#include "store/store.h"
#include "util/error.h"

/* Check doc against the store and save it in one transaction (with
 * dry_run: check it the same way, then roll back). Findings of
 * the statistics checks (warnings too) are appended to findings, each
 * prefixed with the record ("MTL 2023H1: ..."); on an error nothing is
 * written and err says what (ERR_INPUT). `file` names the document in
 * messages (may be NULL). */
bool fu_store_save(struct store *st, const struct followup_doc *doc, const char *file,
		   bool dry_run, struct fu_findings *findings, struct error *err);

/* The same checks and writes inside a transaction the caller has begun
 * (store_begin), so that other writes — a change-log row — go with them;
 * on false the caller rolls back. */
bool fu_store_write(struct store *st, const struct followup_doc *doc, const char *file,
		    struct fu_findings *findings, struct error *err);

/* Load everything into out (followup_doc_init'ed by the call): the
 * threshold (has_threshold only when the förbund set one), the förbund's
 * own categories, interventions ordered by code, statistics ordered by
 * intervention code and period, goal areas in the order first saved. */
bool fu_store_load(struct store *st, struct followup_doc *out, struct error *err);

/* The publishing threshold in force (FU_DEFAULT_THRESHOLD when not set). */
bool fu_store_threshold(struct store *st, int64_t *out, struct error *err);
/* The categories in force (defaults and the förbund's own). */
bool fu_store_categories(struct store *st, struct fu_categories *out, struct error *err);

/* One intervention by code; *found false when there is none. */
bool fu_store_intervention(struct store *st, const char *code, struct fu_intervention *out,
			   bool *found, struct error *err);

/* Remove an intervention with its statistics; ERR_INPUT when unknown. */
bool fu_store_remove_intervention(struct store *st, const char *code, struct error *err);
/* Remove one statistics record; ERR_INPUT when there is none. */
bool fu_store_remove_stats(struct store *st, const char *code, date_t from, date_t to,
			   struct error *err);
/* Remove a goal area with its goals; ERR_INPUT when unknown. */
bool fu_store_remove_area(struct store *st, const char *name, struct error *err);

#endif
