/*
 * import_report — the human summary of an import; see import_report.h.
 */
#include "cli/import_report.h"

#include "books/import_diff.h"
#include "cli/output.h"

static const char *plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void import_report_print(FILE *out, FILE *warn, const char *path, const struct import_result *res)
{
	FILE *f = out;
	char a[11], b[11];
	if (res->noop) {
		if (res->append)
			fprintf(f, "%s: filens verifikationer finns redan i bokföringen; inget "
				   "ändrades.\n",
				path);
		else
			fprintf(f, "%s: samma fil som förra inläsningen av räkenskapsåret %s – %s; "
				   "inget ändrades.\n",
				path, date_format(res->year_start, a), date_format(res->year_end, b));
		return;
	}
	fprintf(f, "%s: SIE %s", path, res->type);
	if (res->company && *res->company)
		fprintf(f, ", %s", res->company);
	if (res->program && *res->program)
		fprintf(f, " (från %s)", res->program);
	fputc('\n', f);
	const struct sie_counts *c = &res->counts;
	if (res->year_start)
		fprintf(f, "  Räkenskapsår %s – %s; ", date_format(res->year_start, a),
			date_format(res->year_end, b));
	else
		fputs("  ", f);
	fprintf(f, "%ld %s med %ld %s, %ld %s; teckenkodning %s\n", c->ver,
		plural(c->ver, "verifikation", "verifikationer"), c->trans + c->rtrans + c->btrans,
		plural(c->trans + c->rtrans + c->btrans, "rad", "rader"), c->konto,
		plural(c->konto, "konto", "konton"), res->encoding);
	if (c->unbalanced)
		fprintf(f, "  %ld %s som inte balanserar lästes in och är flaggade.\n", c->unbalanced,
			plural(c->unbalanced, "verifikation", "verifikationer"));
	if (res->append)
		fprintf(f, "  %ld %s lades till i bokföringen.\n", res->added,
			plural(res->added, "verifikation", "verifikationer"));
	else if (res->vouchers_before == 0)
		fprintf(f, "  Första inläsningen av räkenskapsårets verifikationer.\n");
	else if (!res->added && !res->removed && !res->changed)
		fprintf(f, "  Samma verifikationer som förra inläsningen.\n");
	else
		fprintf(f, "  Jämfört med förra inläsningen: %ld %s, %ld %s och %ld %s.\n",
			res->added, plural(res->added, "ny", "nya"), res->removed,
			plural(res->removed, "borttagen", "borttagna"), res->changed,
			plural(res->changed, "ändrad verifikation", "ändrade verifikationer"));
	for (size_t i = 0; i < res->nchanges; i++) {
		const struct import_change *ch = &res->changes[i];
		const char *what = ch->kind == '~' ? "ändrad" : ch->kind == '-' ? "borttagen" : "ny";
		fputs("    ", f);
		out_padded(f, what, 10, false);
		fprintf(f, "%s %s  %s  %s", ch->series, ch->number, date_format(ch->date, a),
			ch->text);
		if (ch->detail && *ch->detail)
			fprintf(f, ": %s", ch->detail);
		fputc('\n', f);
	}
	long listed = (long)res->nchanges, total = res->added + res->removed + res->changed;
	if (res->vouchers_before && total > listed)
		fprintf(f, "    ... och %ld till; \"finsam imports %ld\" visar alla.\n", total - listed,
			res->import_id);
	if (res->chart_note)
		fprintf(f, "  %s\n", res->chart_note);
	for (size_t i = 0; i < res->nmessages; i++) {
		if (res->messages[i].line)
			fprintf(warn, "%s:%ld: varning: %s\n", path, res->messages[i].line,
				res->messages[i].text);
		else
			fprintf(warn, "%s: varning: %s\n", path, res->messages[i].text);
	}
}
