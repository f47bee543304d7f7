/*
 * Unit tests of report/md: the follow-up's Markdown texts as a table
 * cell's rich text — paragraphs apart by an empty line, list items as
 * bullets, emphasis kept, raw HTML as text — and a text that continues
 * what the cell already holds.
 */
#include "testlib.h"

#include <string.h>

#include "report/md.h"

static void paragraphs_lists_and_emphasis_become_runs(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	struct doc_runs r = { 0 };
	md_cell_runs(&d, "Första *stycket* <b>här</b>.\n\n- en\n- **två**\n\nSista.", &r);
	assert_string_equal(doc_runs_text(&d, &r), "Första stycket <b>här</b>.\nen\ntvå\n\nSista.");
	size_t bullets = 0;
	bool italic = false, bold = false;
	for (size_t i = 0; i < r.n; i++) {
		bullets += (r.v[i].style & DOC_BULLET) != 0;
		italic |= (r.v[i].style & DOC_ITALIC) && !strcmp(r.v[i].text, "stycket");
		bold |= (r.v[i].style & DOC_BOLD) && !strcmp(r.v[i].text, "två");
	}
	assert_int_equal(bullets, 2);
	assert_true(italic);
	assert_true(bold);
	doc_free(&d);
}

static void a_text_continues_what_the_cell_holds(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d);
	struct doc_runs r = { 0 };
	doc_run_add(&d, &r, "Samverkansträff: ", DOC_BOLD);
	md_cell_runs(&d, "Regional träff om *Välfärdsguiden*.", &r);
	assert_string_equal(doc_runs_text(&d, &r), "Samverkansträff: Regional träff om Välfärdsguiden.");
	assert_true(r.v[2].style & DOC_ITALIC);
	doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paragraphs_lists_and_emphasis_become_runs),
		cmocka_unit_test(a_text_continues_what_the_cell_holds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
