/*
 * ph_doc — placeholders for the document's own furniture and facts: the
 * table of contents, page breaks, the förbund's name and number, the
 * period, and the signature block.
 */
#include "report/ph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

bool ph_toc(struct report *r, const struct placeholder *p, struct doc_runs *runs, unsigned style,
	    struct error *err)
{
	(void)p, (void)runs, (void)style, (void)err;
	doc_add_block(r->doc, DB_TOC);
	return true;
}

bool ph_pagebreak(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		  unsigned style, struct error *err)
{
	(void)p, (void)runs, (void)style, (void)err;
	doc_add_block(r->doc, DB_PAGEBREAK);
	return true;
}

bool ph_org(struct report *r, const struct placeholder *p, struct doc_runs *runs, unsigned style,
	    struct error *err)
{
	const char *what = ph_pos(p, 0);
	if (strcmp(what, "namn") == 0) {
		ph_figure(r, runs, style, r->doc->org_name);
	} else if (strcmp(what, "orgnr") == 0) {
		if (!r->doc->orgnr) {
			report_ph_error(r, p, err, "förbundet har inget organisationsnummer "
						   "(finsam org --orgnr)");
			return false;
		}
		ph_figure(r, runs, style, r->doc->orgnr);
	} else {
		report_ph_error(r, p, err, "{{ organisation %s }}: välj namn eller orgnr", what);
		return false;
	}
	return true;
}

bool ph_period(struct report *r, const struct placeholder *p, struct doc_runs *runs,
	       unsigned style, struct error *err)
{
	const char *what = ph_pos(p, 0) ? ph_pos(p, 0) : "text";
	char buf[16];
	if (strcmp(what, "text") == 0) {
		ph_figure(r, runs, style, r->doc->period_text);
	} else if (strcmp(what, "från") == 0) {
		ph_figure(r, runs, style, date_format(r->h.from, buf));
	} else if (strcmp(what, "till") == 0) {
		ph_figure(r, runs, style, date_format(r->h.to, buf));
	} else if (strcmp(what, "år") == 0) {
		snprintf(buf, sizeof buf, "%d", r->year);
		ph_figure(r, runs, style, buf);
	} else if (strcmp(what, "jämförelse") == 0) {
		if (!r->h.has_cmp) {
			report_ph_error(r, p, err, "rapporten har ingen jämförelseperiod");
			return false;
		}
		char a[16], b[16];
		char *s = xasprintf("%s\u2013%s", date_format(r->h.cmp_from, a),
				    date_format(r->h.cmp_to, b));
		ph_figure(r, runs, style, s);
		free(s);
	} else {
		report_ph_error(r, p, err, "{{ period %s }}: välj text, från, till, år eller "
					   "jämförelse", what);
		return false;
	}
	return true;
}

bool ph_signatures(struct report *r, const struct placeholder *p, struct doc_runs *runs,
		   unsigned style, struct error *err)
{
	(void)runs, (void)style;
	if (!r->h.nsigners) {
		report_ph_error(r, p, err, "huvudet saknar underskrifter: (en lista \"- Namn, Roll\")");
		return false;
	}
	struct doc_block *b = doc_add_block(r->doc, DB_SIGNATURES);
	b->u.signatures.n = r->h.nsigners;
	b->u.signatures.v = arena_alloc(&r->doc->arena, r->h.nsigners * sizeof *b->u.signatures.v);
	for (size_t i = 0; i < r->h.nsigners; i++) {
		const char *s = r->h.signers[i];
		const char *comma = strrchr(s, ',');
		struct doc_signature *sig = &b->u.signatures.v[i];
		if (comma) {
			char *name = xstrndup(s, (size_t)(comma - s));
			sig->name = doc_strdup(r->doc, name);
			free(name);
			for (comma++; *comma == ' '; comma++)
				;
			sig->role = doc_strdup(r->doc, comma);
		} else {
			sig->name = doc_strdup(r->doc, s);
			sig->role = doc_strdup(r->doc, "");
		}
	}
	return true;
}
