/*
 * The HTML report: self-contained (no script, nothing fetched), every name
 * escaped, the run's figures and the flagged images present, the bar chart
 * scaled as F1 * 360 px. The page is for people, so the tests check what a
 * reader must find rather than byte-exact markup.
 */
#include <stdlib.h>

#include "sample.h"
#include "tally/report.h"

static char *render(const tly_dataset *ds, const tly_result *r)
{
	char *out = NULL;
	size_t len = 0;

	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_HTML, ds, r));
	CU_ASSERT_EQUAL(len, strlen(out));
	return out;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void test_self_contained(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	CU_ASSERT_EQUAL(strncmp(out, "<!DOCTYPE html>\n", 16), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "</html>\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<style>"));
	CU_ASSERT_PTR_NULL(strstr(out, "<script"));
	CU_ASSERT_PTR_NULL(strstr(out, "http"));
	CU_ASSERT_PTR_NULL(strstr(out, "src="));
	CU_ASSERT_PTR_NULL(strstr(out, "<link"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_escaped_names(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	CU_ASSERT_PTR_NULL(strstr(out, SAMPLE_EVE));
	CU_ASSERT_PTR_NULL(strstr(out, "<x>"));
	/* Annotator table, chart, 2 pair rows and the conflict row: 5 escaped copies. */
	CU_ASSERT_EQUAL(count(out, "eve &quot;e&quot;, &lt;x&gt; &amp; &#39;y&#39;"), 5);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_figures(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	/* alice vs consensus tp 1, fp 1, fn 2: F1 = 2/(2+1+2) = 0.4, bar 0.4*360 = 144 px. */
	r.annotators[0].vs_consensus = sample_counts(1, 1, 2, 1, 1.0, 1, 1, 1);
	out = render(&ds, &r);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "width=\"144.0\" height=\"16\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, ">0.400</text>"));
	/* bob and eve: F1 0, zero-width bars; expert: n/a. */
	CU_ASSERT_EQUAL(count(out, "width=\"0.0\" height=\"16\""), 2);
	CU_ASSERT_EQUAL(count(out, "fill=\"#999\">n/a</text>"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<th>Consensus labels</th><td class=\"n\">2</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<th>Conflicts: tie</th><td class=\"n\">1</td>"));
	/* Mean image agreement 0.5/3 rounds to 0.167; mean pair kappa undefined. */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<th>Mean image agreement</th><td class=\"n\">0.167</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(labels)</th><td class=\"n na\">n/a</td>"));
	/* The class cat: support 2, agreement (2/3+1)/2 = 0.833, mean IoU 0.75. */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<tr><td>cat</td><td class=\"n\">2</td><td class=\"n\">0.833</td>"
				      "<td class=\"n\">0.750</td></tr>"));
	CU_ASSERT_EQUAL(count(out, "no gold images"), 1);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_flagged_images(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<h2>Flagged images (1)</h2>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<h3>a.jpg</h3>"));
	/* b,1.png is not flagged and no table lists images. */
	CU_ASSERT_PTR_NULL(strstr(out, "b,1.png"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<tr><td>label_mismatch</td><td>objects</td><td>eve"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<tr><td>tie</td><td>objects</td><td>&ndash;</td>"
				      "<td class=\"n\">&ndash;</td><td>&ndash;</td>"
				      "<td class=\"n na\">n/a</td></tr>"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* 501 flagged images: the page lists 500 and points to the full tables for the last. */
static void test_flagged_cap(void)
{
	tly_dataset ds;
	tly_result r;
	char *out, name[32];
	uint32_t i, n = 501;

	memset(&ds, 0, sizeof(ds));
	memset(&r, 0, sizeof(r));
	ds.images = tly_calloc(n, sizeof(tly_image));
	r.images = tly_calloc(n, sizeof(tly_image_stats));
	CU_ASSERT_FATAL(ds.images && r.images);
	ds.n_images = r.n_images = n;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "img%04u.jpg", i);
		ds.images[i].name = tly_strdup(name);
		r.images[i] = (tly_image_stats){i, 2, 0, 0.25, 0.25, NAN, 1, 0};
	}
	out = render(&ds, &r);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<h2>Flagged images (501)</h2>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<h3>img0499.jpg</h3>"));
	CU_ASSERT_PTR_NULL(strstr(out, "img0500.jpg"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<p>1 more flagged images are listed"));
	CU_ASSERT_EQUAL(count(out, "flagged for its low agreement"), 500);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_html",
	  {"self_contained", test_self_contained},
	  {"escaped_names", test_escaped_names},
	  {"figures", test_figures},
	  {"flagged_images", test_flagged_images},
	  {"flagged_cap", test_flagged_cap})
