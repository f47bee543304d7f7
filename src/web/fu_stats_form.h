/*
 * fu_stats_form — the form on an intervention's card that enters its
 * participant statistics for a period. Its fields are named by the keys
 * of the follow-up's text file (docs/followup.md, `statistik`: "totalt",
 * "kvinnor", "avslut.arbete", "ålder.namn.1" ...), so that the messages of
 * the checks (fu_stats_check), which name those keys, name what the user
 * sees. Only counts: no field holds anything about a person, and every
 * text is checked for a personnummer when the record is saved.
 */
#ifndef FINSAM_WEB_FU_STATS_FORM_H
#define FINSAM_WEB_FU_STATS_FORM_H

#include "followup/followup.h"
#include "followup/stats.h"
#include "util/error.h"
#include "web/app.h"

/* The fields of the form for record s (NULL: an empty form) of `period`. */
void fu_stats_form_fields(const struct fu_stats *s, const struct fu_categories *cats,
			  const char *period, struct web_fields *out);

/* The form, posting to /insatser/CODE/statistik, with the values of fs. */
void fu_stats_form_render(struct web_ctx *c, const char *code, const struct web_fields *fs,
			  const struct fu_categories *cats);

/* Read the fields into out (a record of intervention `code`; free it with
 * fu_stats_free whatever the result). Refuses, ERR_INPUT with the text
 * file's message, what reading the file refuses: a missing or malformed
 * period, a count that is not a whole number 0–10 000 000, a mean not
 * written 3,8, a row with a count but no label or a label without its
 * count, a label, survey name or comment that looks like a personnummer,
 * a text with a NUL or longer than FU_TEXT_MAX. The rules between the
 * figures are the checks' (fu_stats_check), run when the record is
 * saved. */
bool fu_stats_form_read(const struct web_fields *fs, const struct fu_categories *cats,
			const char *code, struct fu_stats *out, struct error *err);

/* The record as one line for the change log, in the text file's keys:
 * "totalt 30, pågående 23, ...; avslut: arbete 3, ...; kommentar: ...".
 * Free it. */
char *fu_stats_form_text(const struct fu_stats *s);

#endif
