/*
 * report.html's "Over time" section (src/report/html_periods.c) on the
 * sample run (tests/report/sample.h): the leaderboard's rows, marks and
 * interval bars, and the drift charts' points worked out by hand from the
 * constants of html_periods.c: a bar is 150 px for F1 0..1 from x = 4; a
 * chart's F1 axis runs from y = 88 (0) to 8 (1), its periods from x = 34
 * to 260 (two periods: 34 and 260).
 */
#include <stdlib.h>

#include "sample.h"
#include "tally/report.h"

#define HAS(text, needle) CU_ASSERT_PTR_NOT_NULL(strstr((text), (needle)))

static char *render(const tly_dataset *ds, const tly_result *r)
{
	char *out = NULL;
	size_t len = 0;

	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_HTML, ds, r));
	return out;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (; (s = strstr(s, needle)) != NULL; s += strlen(needle))
		n++;
	return n;
}

/*
 * Leaderboard: alice, bob, eve, each F1 0 with the interval [0, 0.7934506856227626]:
 * the band from x 4 + 0 to a width of 0.79345 * 150 = 119.0, the dot at x 4.0.
 * alice and bob overlap their next: two marks; eve is last.
 */
static void test_leaderboard(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	HAS(out, "<a href=\"#over-time\">Over time</a>");
	HAS(out, "<h2 id=\"over-time\">Over time</h2>\n<h3>Leaderboard</h3>");
	HAS(out, "<tr><td class=\"n\">1</td><td><span class=\"sw\"");
	HAS(out, "<rect x=\"4.0\" y=\"3\" width=\"119.0\" height=\"8\" fill=\"#c6d6ea\"/>"
		 "<circle cx=\"4.0\" cy=\"7\" r=\"3.5\" fill=\"#4e79a7\"/>");
	HAS(out, "<td class=\"n\">0.000 <span class=\"ci\">[0.00, 0.79]</span></td>");
	CU_ASSERT_EQUAL(count(out, "title=\"not clearly different\">&asymp;</span>"), 2);
	CU_ASSERT_EQUAL(count(out, "<rect x=\"4.0\" y=\"3\""), 3);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Drift charts on the axis 2024-05-06 (x 34), 2024-05-13 (x 260):
 * alice F1 0 at (34.0, 88.0), its interval bar from y 88 - 80 * 0.79345 =
 * 24.5 to 88.0; against gold 0.5: the square's corner at (34 - 2.5,
 * 88 - 40 - 2.5) = (31.5, 45.5). eve's second week has no F1: no point.
 * Four images dated, bob's one by its ingest time.
 */
static void test_drift(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	HAS(out, "<h3>Per week</h3>");
	HAS(out, "ISO week (Monday to Sunday, UTC), named by its Monday; the bar is its 95% interval, the "
		 "dashed line F1 against gold.");
	HAS(out, "(1 of 4 here).</p>");
	HAS(out, "<line x1=\"34.0\" y1=\"24.5\" x2=\"34.0\" y2=\"88.0\" stroke=\"#c6d6ea\" stroke-width=\"3\"/>"
		 "<circle cx=\"34.0\" cy=\"88.0\" r=\"3\" fill=\"#4e79a7\"><title>2024-05-06 F1 vs consensus "
		 "0.000 [0.00, 0.79], 1 image</title></circle>");
	HAS(out, "<rect x=\"31.5\" y=\"45.5\" width=\"5\" height=\"5\" fill=\"#f2a33a\"><title>2024-05-06 F1 "
		 "vs gold 0.500 [0.12, 0.88], 1 image</title></rect>");
	/* The axis' two ends are labelled. */
	HAS(out, "<text x=\"34.0\" y=\"102.0\" fill=\"#5d6673\">2024-05-06</text>");
	HAS(out, "<text x=\"260.0\" y=\"102.0\" text-anchor=\"end\" fill=\"#5d6673\">2024-05-13</text>");
	/* Three charts (alice, bob, eve), each with its table; no point at x 260 (eve's empty week). */
	CU_ASSERT_EQUAL(count(out, "<details><summary>Figures</summary>"), 3);
	CU_ASSERT_PTR_NULL(strstr(out, "<circle cx=\"260.0\""));
	HAS(out, "<tr><td>2024-05-06</td><td class=\"n\">1 <span class=\"na\" title=\"dated by ingest time\">"
		 "(1 by ingest)</span></td>");
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_day_and_none(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	r.period_days = 1;
	out = render(&ds, &r);
	HAS(out, "<h3>Per day</h3>");
	HAS(out, "F1 against the consensus of the others per UTC day;");
	free(out);
	tly_free(r.annotator_periods);
	r.annotator_periods = NULL;
	r.n_annotator_periods = 0;
	r.period_days = 0;
	out = render(&ds, &r);
	HAS(out, "Not cut by period (rules report.period is &quot;none&quot;");
	CU_ASSERT_PTR_NULL(strstr(out, "<h3>Per "));
	HAS(out, "<h3>Leaderboard</h3>");
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * 110 periods for alice (2020-01-01 .. 2020-04-19, one a day), then the
 * sample's: 112 on the axis, the latest 104 drawn, so the axis starts at
 * the 9th, 2020-01-09, and ends at 2024-05-13.
 */
static void test_long_axis(void)
{
	tly_dataset ds;
	tly_result r;
	tly_annotator_period *p;
	char *out;
	size_t i;

	sample_build(&ds, &r);
	p = tly_calloc(114, sizeof(*p));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (i = 0; i < 110; i++) {
		static const int days_in[4] = {31, 29, 31, 30};
		int m = 0, d = (int)i;

		while (d >= days_in[m])
			d -= days_in[m++];
		snprintf(p[i].period, sizeof(p[i].period), "2020-%02u-%02u", (unsigned)(m + 1) % 100u,
			 (unsigned)(d + 1) % 100u);
		p[i].images = 1;
		p[i].vs_consensus = sample_counts(1, 0, 0, 1, 1.0, 1, 1, 1);
	}
	memcpy(p + 110, r.annotator_periods + 1, 3 * sizeof(*p));
	tly_free(r.annotator_periods);
	r.annotator_periods = p;
	r.n_annotator_periods = 113;
	CU_ASSERT_STRING_EQUAL(p[109].period, "2020-04-19");
	out = render(&ds, &r);
	HAS(out, "The charts show the latest 104 periods.");
	HAS(out, "<text x=\"34.0\" y=\"102.0\" fill=\"#5d6673\">2020-01-09</text>");
	HAS(out, "<text x=\"260.0\" y=\"102.0\" text-anchor=\"end\" fill=\"#5d6673\">2024-05-13</text>");
	/* the table under alice's chart still lists every period */
	HAS(out, "<tr><td>2020-01-01</td>");
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_html_periods", {"leaderboard", test_leaderboard}, {"drift", test_drift},
	  {"day_and_none", test_day_and_none}, {"long_axis", test_long_axis})
