/*
 * Attributes on the HTML report's flagged-image cards (src/report/html_flagged.c):
 * each consensus object's voted attributes after its label (a tie shown
 * as such, at most 8 before "and N more"), and a mismatching_attributes
 * conflict's attribute, the annotator's value (or none) and the
 * consensus value; all of it user text, escaped. The story is
 * tests/report/sample.h, whose a.jpg is flagged (a tie, agreement 0.167).
 */
#include <stdlib.h>

#include "sample.h"
#include "tally/report.h"

#define HAS(out, text)                                                                      \
	do {                                                                                \
		const char *t_ = (text);                                                    \
		if (!strstr((out), t_))                                                     \
			fprintf(stderr, "%s:%d: page lacks: %s\n", __FILE__, __LINE__, t_);     \
		CU_ASSERT_PTR_NOT_NULL(strstr((out), t_));                                  \
	} while (0)

/* What HTML must escape, as an attribute value. */
#define MARKUP "<b>&\"x\"'"
#define MARKUP_ESCAPED "&lt;b&gt;&amp;&quot;x&quot;&#39;"

static char *render(const tly_dataset *ds, const tly_result *r)
{
	char *out = NULL;
	size_t len = 0;

	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_HTML, ds, r));
	return out;
}

/* N strings into R's attr_strings. */
static void strings(tly_result *r, const char *const *s, size_t n)
{
	size_t i;

	r->attr_strings = tly_calloc(n, sizeof(char *));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->attr_strings);
	for (i = 0; i < n; i++)
		r->attr_strings[i] = tly_strdup(s[i]);
	r->n_attr_strings = n;
}

/*
 * Strings: names color 0, note 1, pose 2; values red 3, MARKUP 4, blue 5.
 * The consensus cat: color red, note MARKUP, pose tied. Two more
 * conflicts on a.jpg (after the story's label mismatch and tie): eve's
 * object 3 color blue (consensus red), bob's object 2 without a note
 * (consensus MARKUP).
 */
static void add_attributes(tly_result *r)
{
	static const char *const s[] = {"color", "note", "pose", "red", MARKUP, "blue"};

	strings(r, s, 6);
	r->cons_attrs = tly_calloc(3, sizeof(tly_cons_attr));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->cons_attrs);
	r->cons_attrs[0] = (tly_cons_attr){0, 0, 3};
	r->cons_attrs[1] = (tly_cons_attr){0, 1, 4};
	r->cons_attrs[2] = (tly_cons_attr){0, 2, UINT32_MAX};
	r->n_cons_attrs = 3;
	r->conflicts = tly_reallocarray(r->conflicts, 4, sizeof(tly_conflict));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->conflicts);
	r->conflicts[2] = (tly_conflict){0, TLY_CONFLICT_MISMATCHING_ATTRIBUTES, TLY_TASK_OBJECTS, 2, 3, 0, 0, 0.5};
	r->conflicts[3] = (tly_conflict){0, TLY_CONFLICT_MISMATCHING_ATTRIBUTES, TLY_TASK_OBJECTS, 1, 2, 0, 1, 0.75};
	r->n_conflicts = 4;
	r->conflict_attrs = tly_calloc(2, sizeof(tly_conflict_attr));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->conflict_attrs);
	r->conflict_attrs[0] = (tly_conflict_attr){2, 0, 5, 3};
	r->conflict_attrs[1] = (tly_conflict_attr){3, 1, UINT32_MAX, 4};
	r->n_conflict_attrs = 2;
}

static void test_object_attributes(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	add_attributes(&r);
	out = render(&ds, &r);
	HAS(out, "<p>Consensus objects: <b>cat</b> (0.667) <span class=\"meta\">(color: <q>red</q>, note: <q>"
		 MARKUP_ESCAPED "</q>, pose: tied)</span></p>");
	CU_ASSERT_PTR_NULL(strstr(out, MARKUP));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_conflict_attributes(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	add_attributes(&r);
	out = render(&ds, &r);
	HAS(out, "<tr><td><span class=\"k\" style=\"background:#00838f\">mismatching attributes</span> "
		 "<span class=\"meta\">color <q>blue</q>, consensus <q>red</q></span></td><td>"
		 "<span class=\"sw\" style=\"background:#2ca02c\"></span>");
	HAS(out, "<tr><td><span class=\"k\" style=\"background:#00838f\">mismatching attributes</span> "
		 "<span class=\"meta\">note none given, consensus <q>" MARKUP_ESCAPED "</q></span></td><td>"
		 "<span class=\"sw\" style=\"background:#ff7f0e\"></span>bob</td>");
	/* The story's label mismatch row is as before: no attribute detail. */
	HAS(out, "<tr><td><span class=\"k\" style=\"background:#c0392b\">label mismatch</span></td>");
	/*
	 * The conflicts-per-annotator table (html_tables.c) counts them in its
	 * last kind column (missing, extra, label mismatch, low overlap,
	 * mismatching attributes, total): bob 0 0 0 0 1, total 1; eve 0 0 1 0 1,
	 * total 2.
	 */
	HAS(out, "bob</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0"
		 "</td><td class=\"n\">1</td><td class=\"n\"><b>1</b></td></tr>");
	HAS(out, "&#39;y&#39;</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">1</td>"
		 "<td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\"><b>2</b></td></tr>");
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Ten attributes a0 .. a9 = v (strings a0..a9 are 0..9, v is 10): the
 * first 8 are shown, then "and 2 more".
 */
static void test_attributes_cap(void)
{
	static const char *const s[] = {"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "v"};
	tly_dataset ds;
	tly_result r;
	char *out;
	uint32_t i;

	sample_build(&ds, &r);
	strings(&r, s, 11);
	r.cons_attrs = tly_calloc(10, sizeof(tly_cons_attr));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.cons_attrs);
	for (i = 0; i < 10; i++)
		r.cons_attrs[i] = (tly_cons_attr){0, i, 10};
	r.n_cons_attrs = 10;
	out = render(&ds, &r);
	HAS(out, "a7: <q>v</q> and 2 more)</span></p>");
	CU_ASSERT_PTR_NULL(strstr(out, "a8:"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Without attributes the card is as it was. */
static void test_no_attributes(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	HAS(out, "<p>Consensus objects: <b>cat</b> (0.667)</p>");
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * The tie's row lists its votes by label name, voters in annotator order:
 * with eve's object 3 also voting dog (votes alice 4 dog, bob 6 cat, eve 3
 * dog), "cat — bob; dog — alice, eve", eve's name escaped. Without votes (a
 * run saved before they were kept) the row is the bare badge.
 */
static void test_tie_votes(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	r.tie_votes = tly_reallocarray(r.tie_votes, 3, sizeof(tly_tie_vote));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.tie_votes);
	r.tie_votes[2] = (tly_tie_vote){1, 3, 2, 0};
	r.n_tie_votes = 3;
	out = render(&ds, &r);
	HAS(out, "tie</span> <span class=\"meta\">cat &mdash; bob; dog &mdash; alice, "
		 "eve &quot;e&quot;, &lt;x&gt; &amp; &#39;y&#39;</span></td>");
	free(out);
	r.n_tie_votes = 0;
	out = render(&ds, &r);
	HAS(out, "tie</span></td>");
	CU_ASSERT_PTR_NULL(strstr(out, "&mdash; bob"));
	free(out);
	r.n_tie_votes = 3;
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_html_flagged", {"object_attributes", test_object_attributes},
	  {"conflict_attributes", test_conflict_attributes}, {"attributes_cap", test_attributes_cap},
	  {"no_attributes", test_no_attributes}, {"tie_votes", test_tie_votes})
