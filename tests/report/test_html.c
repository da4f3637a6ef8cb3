/*
 * The HTML report: self-contained (no script, nothing fetched), every name
 * escaped, undefined figures as a dash, the charts and sketches drawn to
 * the scales worked out below by hand, the flagged list worst first and
 * capped. The page is for people, so the tests check what a reader must
 * find rather than byte-exact markup. The story is tests/report/sample.h.
 */
#include <ctype.h>
#include <stdlib.h>

#include "sample.h"
#include "report/html.h"
#include "tally/report.h"

/* Fails with the missing text printed, so a red test says what it looked for. */
#define HAS(out, text)                                                              \
	do {                                                                        \
		const char *t_ = (text);                                            \
		if (!strstr((out), t_))                                             \
			fprintf(stderr, "%s:%d: page lacks: %s\n", __FILE__, __LINE__, t_); \
		CU_ASSERT_PTR_NOT_NULL(strstr((out), t_));                          \
	} while (0)

#define EVE_ESCAPED "eve &quot;e&quot;, &lt;x&gt; &amp; &#39;y&#39;"

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

/* Whether "nan" appears in any letter case (printf's spelling of NaN). */
static int has_nan(const char *s)
{
	for (; s[0] && s[1] && s[2]; s++)
		if (tolower((unsigned char)s[0]) == 'n' && tolower((unsigned char)s[1]) == 'a' &&
		    tolower((unsigned char)s[2]) == 'n')
			return 1;
	return 0;
}

/* Position of WHAT in OUT, or -1; for checking the order of rows. */
static long where(const char *out, const char *what)
{
	const char *p = strstr(out, what);

	return p ? (long)(p - out) : -1;
}

static void free_all(char *out, tly_result *r, tly_dataset *ds)
{
	free(out);
	tly_result_clear(r);
	tly_dataset_clear(ds);
}

static void test_self_contained_escaped(void)
{
	tly_dataset ds;
	tly_result r;
	const char *p;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	CU_ASSERT_EQUAL(strncmp(out, "<!DOCTYPE html>\n", 16), 0);
	HAS(out, "</html>\n");
	HAS(out, "<style>");
	CU_ASSERT_PTR_NULL(strstr(out, "<script"));
	CU_ASSERT_PTR_NULL(strstr(out, "http"));
	CU_ASSERT_PTR_NULL(strstr(out, "src="));
	CU_ASSERT_PTR_NULL(strstr(out, "<link"));
	CU_ASSERT_PTR_NULL(strstr(out, "@import"));
	CU_ASSERT_PTR_NULL(strstr(out, "<img"));
	/* The only url() is the chart's clip path, inside the page. */
	for (p = out; (p = strstr(p, "url(")) != NULL; p += 4)
		CU_ASSERT_EQUAL(p[4], '#');
	HAS(out, "<svg");
	/*
	 * eve's name appears 12 times, each escaped: the annotator table, the F1
	 * chart, the conflicts-per-annotator table, the leaderboard, her chart
	 * over time, the F1 grid's column and row headers (2), the pair list
	 * (alice-eve, bob-eve: 2), a.jpg's conflict row, her box's tooltip in
	 * the sketch and the sketch's legend.
	 */
	CU_ASSERT_PTR_NULL(strstr(out, SAMPLE_EVE));
	CU_ASSERT_PTR_NULL(strstr(out, "<x>"));
	CU_ASSERT_EQUAL(count(out, EVE_ESCAPED), 12);
	/* No half-escaped copy: every "eve " starts the escaped form. */
	CU_ASSERT_EQUAL(count(out, "eve "), 12);
	HAS(out, "<title>" EVE_ESCAPED ": dog</title>");
	free_all(out, &r, &ds);
}

/* Control characters (here BEL and ESC) are HTML5 parse errors: each becomes U+FFFD. */
static void test_control_characters(void)
{
	tly_buf b = TLY_BUF_INIT;

	tly_report__html_text(&b, "a\x07" "b\x1b[31m\tc\x7f");
	CU_ASSERT_STRING_EQUAL(b.ptr, "a\xef\xbf\xbd" "b\xef\xbf\xbd[31m\tc\xef\xbf\xbd");
	tly_buf_clear(&b);
}

/* Undefined figures are a dash; defined ones tinted red (0) to green (1). */
static void test_undefined_dash(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	CU_ASSERT_FALSE(has_nan(out));
	CU_ASSERT_PTR_NULL(strstr(out, "n/a"));
	/* Mean pair kappa: every pair's kappa is NaN. */
	HAS(out, "<th>Mean pair Cohen&#39;s kappa (labels)</th><td class=\"n\">"
		 "<span class=\"na\">&ndash;</span></td>");
	/* dog: label only, so no mean IoU; agreement 1 is full green (hue 120). */
	HAS(out, "<tr><td>dog</td><td class=\"n\">1</td><td class=\"n\" "
		 "style=\"background:hsl(120,65%,86%)\">1.000</td><td class=\"n\">"
		 "<span class=\"na\">&ndash;</span></td></tr>");
	/* cat: agreement (2/3 + 1)/2 = 0.833 (hue 120*0.694 = 83), mean IoU 0.75 (hue 67.5 -> 68). */
	HAS(out, "<tr><td>cat</td><td class=\"n\">2</td>"
		 "<td class=\"n\" style=\"background:hsl(83,65%,86%)\">0.833</td>"
		 "<td class=\"n\" style=\"background:hsl(68,65%,86%)\">0.750</td></tr>");
	/* The tie: no annotator, no label, no IoU, no object; its votes by label name,
	 * "cat" (bob) before "dog" (alice). */
	HAS(out, "<tr><td><span class=\"k\" style=\"background:#455a64\">tie</span>"
		 " <span class=\"meta\">cat &mdash; bob; dog &mdash; alice</span></td>"
		 "<td><span class=\"na\">&ndash;</span></td><td>objects</td><td>&ndash;</td>"
		 "<td class=\"n\"><span class=\"na\">&ndash;</span></td><td class=\"n na\">&ndash;</td></tr>");
	free_all(out, &r, &ds);
}

static void test_headline(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	HAS(out, "<span class=\"chip\">match.iou <b>0.5</b></span>");
	HAS(out, "<span class=\"chip\">vote.tie <b>review</b></span>");
	HAS(out, "<code title=\"sha256 02a3514196515ac1c69576b6f1172959174f6fc70b1d8c8f6e6b37a07b973edd\">"
		 "02a351419651</code>");
	HAS(out, "Run 7 &middot; created 2024-05-01T12:00:00Z &middot; 2 threads &middot; "
		 "1.875 s (load 0.250, compute 1.500, save 0.125)");
	/* 2 images; 4 annotators of whom expert only gives gold; 4 + 1 submissions. */
	HAS(out, "2</div><div class=\"sub\">4 annotators (3 voting), 5 submissions");
	HAS(out, "1</div><div class=\"sub\">50.0% of images");
	/* a.jpg 0.5/3 = 0.167; b,1.png has one voter, so no agreement. */
	HAS(out, "0.167</div><div class=\"sub\">over 1 image with 2+ voters");
	HAS(out, "1</div><div class=\"sub\">and 2 image labels, from 7 objects drawn");
	HAS(out, "2</div><div class=\"sub\">on 1 image</div>");
	/* Figures tinted by hue = 120 v^2: 0.167 -> 3.3 -> 3; mean IoU 0.75 -> 67.5 -> 68. */
	HAS(out, "<th>Mean image agreement</th><td class=\"n\" style=\"background:hsl(3,65%,86%)\">0.167</td>");
	HAS(out, "<th>Mean IoU of consensus objects</th><td class=\"n\" "
		 "style=\"background:hsl(68,65%,86%)\">0.750</td>");
	/*
	 * Histogram: a.jpg (0.167) falls in bin 1, alone, so its bar is the full
	 * 110 px at x = 34 + 1*30 + 2 = 66, all of it flagged. The review line at
	 * 0.5 sits at x = 34 + 0.5*10*30 = 184. Conflict bar: 1 label mismatch
	 * and 1 tie out of 2 split 300 px in halves.
	 */
	HAS(out, "<title>agreement 0.1&ndash;0.2: 1 image, 1 flagged</title>"
		 "<rect x=\"66.0\" y=\"30.0\" width=\"26.0\" height=\"110.0\" fill=\"#4e79a7\"/>"
		 "<rect x=\"66.0\" y=\"30.0\" width=\"26.0\" height=\"110.0\" fill=\"#d9534f\"/>");
	HAS(out, "<line x1=\"184.0\" y1=\"18.0\" x2=\"184.0\" y2=\"140.0\"");
	HAS(out, ">review below 0.50</text>");
	HAS(out, "1 image without an agreement (fewer than 2 voters)");
	HAS(out, "<rect x=\"0.0\" y=\"0\" width=\"150.0\" height=\"18\" fill=\"#c0392b\">"
		 "<title>label mismatch: 1</title></rect>"
		 "<rect x=\"150.0\" y=\"0\" width=\"150.0\" height=\"18\" fill=\"#455a64\">"
		 "<title>tie: 1</title></rect>");
	CU_ASSERT_EQUAL(count(out, "<td class=\"n\">50.0%</td>"), 2);
	/* alpha over objects (sample: 0.125 [-0.375, 0.625] over 4 clusters), to 2 places, ties to even */
	HAS(out, "<tr><th>Krippendorff&#39;s alpha (objects, 1 &minus; IoU)</th><td class=\"n\">0.125 "
		 "<span class=\"ci\">[-0.38, 0.62]</span> <span class=\"na\">n = 4</span></td></tr>");
	free_all(out, &r, &ds);
}

/*
 * alice against consensus made tp 1, fp 1, fn 2: P 0.5, R 1/3, F1 =
 * 2/(2+1+2) = 0.4 (bar 0.4*320 = 128 px, hue 120*0.16 = 19), mean IoU
 * 1/1, label accuracy 1/1. Against gold (sample): tp 1, fp 1, fn 1, F1 0.5
 * = 160 px. bob: F1 0 vs consensus, 1 vs gold (320 px); eve: 0 and 0.
 * Wilson 95% (worked in test_ci.c's form): 1/2 [0.5 -+ 0.4055] = [0.09, 0.91];
 * 1/3 [0.4269 -+ 0.3654] = [0.06, 0.79]; 1/1 [1/(1 + z^2), 1] = [0.21, 1.00].
 */
static void test_annotators(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;
	size_t i;

	sample_build(&ds, &r);
	r.annotators[0].vs_consensus = sample_counts(1, 1, 2, 1, 1.0, 1, 1, 1);
	out = render(&ds, &r);
	HAS(out, "<tr><td><span class=\"sw\" style=\"background:#1f77b4\"></span>alice</td>"
		 "<td class=\"n\">1</td><td class=\"n sep\">0.500 <span class=\"ci\">[0.09, 0.91]</span>"
		 "</td><td class=\"n\">0.333 <span class=\"ci\">[0.06, 0.79]</span></td>"
		 "<td class=\"n\" style=\"background:hsl(19,65%,86%)\">0.400</td><td class=\"n\">1.000"
		 "</td><td class=\"n\">1.000 <span class=\"ci\">[0.21, 1.00]</span></td><td class=\"n\">"
		 "1 / 1 / 2</td><td class=\"n\">1</td><td class=\"n sep\">0.500 <span class=\"ci\">"
		 "[0.09, 0.91]</span></td>");
	/* Chart row 0 starts at y 38: consensus bar at 42, gold bar at 56. */
	HAS(out, "<rect x=\"140.0\" y=\"42.0\" width=\"128.0\" height=\"12\" fill=\"#4e79a7\">");
	HAS(out, "<text x=\"272.0\" y=\"52.0\">0.400</text>");
	HAS(out, "<rect x=\"140.0\" y=\"56.0\" width=\"160.0\" height=\"12\" fill=\"#f2a33a\">");
	CU_ASSERT_EQUAL(count(out, "width=\"320.0\" height=\"12\""), 1);
	CU_ASSERT_EQUAL(count(out, "width=\"0.0\" height=\"12\""), 3);
	/* expert only gives gold: no row, no bar, named once as not audited. */
	HAS(out, "Not audited (no votes, gold only): expert.</p>");
	CU_ASSERT_PTR_NULL(strstr(out, "no gold images"));
	/* eve caused the label mismatch; the tie is no one's. Columns: missing, extra, label
	 * mismatch, low overlap, mismatching attributes, total. */
	HAS(out, "<span class=\"k\" style=\"background:#b08d12\">low overlap</span></th><th><span "
		 "class=\"k\" style=\"background:#00838f\">mismatching attributes</span></th><th>Total</th>");
	HAS(out, EVE_ESCAPED "</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">1</td>"
		 "<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\"><b>1</b></td></tr>");
	free_all(out, &r, &ds);
	/* Without gold anywhere: no gold columns or bars; 20 px rows (bob's bar at 38 + 20 + 4). */
	sample_build(&ds, &r);
	for (i = 0; i < r.n_annotators; i++)
		memset(&r.annotators[i].vs_gold, 0, sizeof(tly_counts));
	for (i = 0; i < r.n_annotator_periods; i++)
		memset(&r.annotator_periods[i].vs_gold, 0, sizeof(tly_counts));
	out = render(&ds, &r);
	HAS(out, "No gold submissions, so no audit against gold.");
	CU_ASSERT_PTR_NULL(strstr(out, "Against gold"));
	CU_ASSERT_PTR_NULL(strstr(out, "vs gold"));
	CU_ASSERT_PTR_NULL(strstr(out, "no gold"));
	CU_ASSERT_PTR_NULL(strstr(out, "#f2a33a"));
	HAS(out, "<rect x=\"140.0\" y=\"62.0\" width=\"0.0\" height=\"12\" fill=\"#4e79a7\">");
	/* alice's row ends after her consensus cells. */
	HAS(out, "<td class=\"n\">0 / 2 / 0</td><td class=\"n\">1</td></tr>");
	free_all(out, &r, &ds);
}

/* Pair F1: alice-bob 0.5 (hue 120*0.25 = 30), the pairs with eve 0; kappa undefined. */
static void test_pairs(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	HAS(out, "<tr><th><span class=\"sw\" style=\"background:#1f77b4\"></span>alice</th>"
		 "<td class=\"d\"></td><td class=\"n\" style=\"background:hsl(30,65%,86%)\">0.500</td>"
		 "<td class=\"n\" style=\"background:hsl(0,65%,86%)\">0.000</td></tr>");
	CU_ASSERT_EQUAL(count(out, "<td class=\"d\"></td>"), 3);
	/* No pair compared labels: no kappa grid and no kappa columns. */
	CU_ASSERT_PTR_NULL(strstr(out, "<h4>Cohen&#39;s kappa (labels)</h4>"));
	CU_ASSERT_PTR_NULL(strstr(out, "<th>Cohen&#39;s kappa (labels)</th>"));
	HAS(out, "<td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">2</td><td class=\"n\">2</td>"
		 "<td class=\"n\" style=\"background:hsl(30,65%,86%)\">0.500</td></tr>");
	free_all(out, &r, &ds);
	/* Once a pair has a kappa, its grid and columns appear: 0.6 -> hue 43. */
	sample_build(&ds, &r);
	r.pairs[0].kappa = 0.6;
	r.pairs[0].kappa_items = 4;
	out = render(&ds, &r);
	HAS(out, "<h4>Cohen&#39;s kappa (labels)</h4>");
	HAS(out, "<td class=\"n\" style=\"background:hsl(43,65%,86%)\">0.600</td><td class=\"n\">4</td></tr>");
	free_all(out, &r, &ds);
}

static void test_flagged_images(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	HAS(out, "<h2 id=\"flagged\">Flagged images (1)</h2>");
	/* Both tasks ran (b,1.png has labels), so agreement splits by task. */
	HAS(out, "<tr><td class=\"n\">1</td><td><a href=\"#img-0\">a.jpg</a></td>"
		 "<td class=\"n\" style=\"background:hsl(3,65%,86%)\">0.167</td><td class=\"n\">0.167</td>"
		 "<td class=\"n\"><span class=\"na\">&ndash;</span></td><td class=\"n\">3 / 0</td>"
		 "<td>tie, agreement &lt; 0.50</td>");
	HAS(out, "<div class=\"img\" id=\"img-0\">");
	HAS(out, "<h3>a.jpg</h3>");
	HAS(out, "voters: 3 on objects, 0 on labels &middot; 640 &times; 480 px");
	HAS(out, "<p>Consensus objects: <b>cat</b> (0.667)</p>");
	/* b,1.png is not flagged and no table lists images. */
	CU_ASSERT_PTR_NULL(strstr(out, "b,1.png"));
	HAS(out, "<tr><td><span class=\"k\" style=\"background:#c0392b\">label mismatch</span></td>"
		 "<td><span class=\"sw\" style=\"background:#2ca02c\"></span>" EVE_ESCAPED "</td>"
		 "<td>objects</td><td>dog</td><td class=\"n\">0.500</td><td class=\"n na\">3</td></tr>");
	free_all(out, &r, &ds);
}

/*
 * a.jpg is 640x480; the sketch fits 480x340, so the scale is
 * min(480/640, 340/480) = 17/24: 453.3 x 340 px. The consensus box
 * [10.5, 20.25, 100, 100] becomes x 7.4375, y 14.34375, 70.83 square, its
 * label at (7.4375 + 4, 14.34375 + 12). eve's box is 200 tall: 141.7.
 */
static void test_sketch(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	HAS(out, "<svg width=\"453\" height=\"340\" viewBox=\"0 0 453.3 340.0\"");
	HAS(out, "<rect x=\"7.4\" y=\"14.3\" width=\"70.8\" height=\"70.8\" fill=\"none\" "
		 "stroke=\"#111111\" stroke-width=\"3.0\"><title>consensus cat, support 3, "
		 "confidence 0.667</title></rect>");
	HAS(out, "<rect x=\"7.4\" y=\"14.3\" width=\"70.8\" height=\"70.8\" fill=\"none\" "
		 "stroke=\"#1f77b4\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>alice: cat</title>");
	HAS(out, "<rect x=\"7.4\" y=\"14.3\" width=\"70.8\" height=\"141.7\" fill=\"none\" "
		 "stroke=\"#2ca02c\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\">");
	/* expert's gold boxes are dotted. */
	HAS(out, "stroke=\"#d62728\" stroke-width=\"1.6\" stroke-dasharray=\"1.5 2.5\">"
		 "<title>expert (gold): cat</title>");
	HAS(out, "<text x=\"11.4\" y=\"26.3\" class=\"cl\">cat</text>");
	/* Members' boxes: alice 2, bob 2, eve 1 dashed; expert's 2 dotted. */
	CU_ASSERT_EQUAL(count(out, "stroke-dasharray=\"5 3\""), 5);
	CU_ASSERT_EQUAL(count(out, "stroke-dasharray=\"1.5 2.5\""), 2);
	HAS(out, "</span>alice: 2 boxes</span>");
	HAS(out, "</span>" EVE_ESCAPED ": 1 box</span>");
	HAS(out, "</span>expert (gold): 2 boxes</span>");
	CU_ASSERT_PTR_NULL(strstr(out, "Image size unknown"));
	free_all(out, &r, &ds);
	/*
	 * Size unknown: the canvas holds every box, up to x2 = y2 = 300 + 20 =
	 * 320, scaled by min(480/320, 340/320) = 1.0625 to 340 px square; the
	 * consensus box starts at (10.5, 20.25) * 1.0625 = (11.16, 21.52).
	 */
	sample_build(&ds, &r);
	ds.images[0].width = 0;
	ds.images[0].height = 0;
	out = render(&ds, &r);
	HAS(out, "<svg width=\"340\" height=\"340\" viewBox=\"0 0 340.0 340.0\"");
	HAS(out, "<rect x=\"11.2\" y=\"21.5\" width=");
	HAS(out, "Image size unknown: the canvas just holds the boxes.");
	CU_ASSERT_PTR_NULL(strstr(out, "&times;"));
	free_all(out, &r, &ds);
}

/* N images named img<i>.jpg (i DIGITS wide), each flagged, 2 voters, no conflicts, agreement A[i]. */
static void flagged_run(tly_dataset *ds, tly_result *r, uint32_t n, int digits, const double *a)
{
	char name[32];
	uint32_t i;

	memset(ds, 0, sizeof(*ds));
	memset(r, 0, sizeof(*r));
	ds->images = tly_calloc(n, sizeof(tly_image));
	r->images = tly_calloc(n, sizeof(tly_image_stats));
	CU_ASSERT_FATAL(ds->images && r->images);
	ds->n_images = r->n_images = n;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "img%0*u.jpg", digits, i);
		ds->images[i].name = tly_strdup(name);
		r->images[i] = (tly_image_stats){i, 2, 0, a[i], a[i], NAN, 0, NAN, 1, 0};
	}
}

/* 4 flagged images, agreements 0.5, NaN, 0.2, 0.2: shown 2, 3 (tie: image order), 0, then NaN. */
static void test_flagged_order(void)
{
	static const double agreement[] = {0.5, NAN, 0.2, 0.2};
	tly_dataset ds;
	tly_result r;
	char *out;

	flagged_run(&ds, &r, 4, 1, agreement);
	out = render(&ds, &r);
	CU_ASSERT(where(out, "href=\"#img-2\"") >= 0);
	CU_ASSERT(where(out, "href=\"#img-2\"") < where(out, "href=\"#img-3\""));
	CU_ASSERT(where(out, "href=\"#img-3\"") < where(out, "href=\"#img-0\""));
	CU_ASSERT(where(out, "href=\"#img-0\"") < where(out, "href=\"#img-1\""));
	CU_ASSERT(where(out, "id=\"img-3\"") < where(out, "id=\"img-0\""));
	CU_ASSERT_FALSE(has_nan(out));
	free_all(out, &r, &ds);
}

/*
 * 201 flagged images, agreement (200 - i)/1000: the page shows the 200
 * lowest (img0200 first, down to img0001) and says the last one, img0000
 * at 0.200, is left out.
 */
static void test_flagged_cap(void)
{
	double a[TLY_HTML_MAX_FLAGGED + 1];
	tly_dataset ds;
	tly_result r;
	char *out;
	uint32_t i, n = TLY_HTML_MAX_FLAGGED + 1;

	for (i = 0; i < n; i++)
		a[i] = (double)(n - 1 - i) / 1000.0;
	flagged_run(&ds, &r, n, 4, a);
	out = render(&ds, &r);
	HAS(out, "<h2 id=\"flagged\">Flagged images (201)</h2>");
	HAS(out, "<p><b>1 more flagged image is not shown</b> (agreement 0.200 and above)");
	HAS(out, "<tr><td class=\"n\">1</td><td><a href=\"#img-200\">img0200.jpg</a>");
	HAS(out, "<tr><td class=\"n\">200</td><td><a href=\"#img-1\">img0001.jpg</a>");
	CU_ASSERT_PTR_NULL(strstr(out, "img0000.jpg"));
	CU_ASSERT_EQUAL(count(out, "<div class=\"img\""), TLY_HTML_MAX_FLAGGED);
	CU_ASSERT_EQUAL(count(out, "flagged for its low agreement"), TLY_HTML_MAX_FLAGGED);
	free_all(out, &r, &ds);
}

/* 101 conflicts on a.jpg: 100 rows, and a line for the one left out. */
static void test_conflict_rows_cap(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;
	size_t i, n = TLY_HTML_MAX_CONFLICT_ROWS + 1;

	sample_build(&ds, &r);
	tly_free(r.conflicts);
	r.conflicts = tly_calloc(n, sizeof(tly_conflict));
	CU_ASSERT_FATAL(r.conflicts != NULL);
	r.n_conflicts = n;
	r.n_tie_votes = 0; /* no tie left for the sample's votes */
	for (i = 0; i < n; i++)
		r.conflicts[i] = (tly_conflict){0, TLY_CONFLICT_LABEL_MISMATCH, TLY_TASK_OBJECTS, 2,
						3, 0, 0, 0.5};
	out = render(&ds, &r);
	CU_ASSERT_EQUAL(count(out, "label mismatch</span></td><td><span class=\"sw\""),
			TLY_HTML_MAX_CONFLICT_ROWS);
	HAS(out, "1 more conflict on this image is not shown.");
	HAS(out, "<span class=\"k\" style=\"background:#c0392b\">101 label mismatch</span>");
	free_all(out, &r, &ds);
}

static void test_rules(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	CU_ASSERT_EQUAL(tly_report__html_rule_number(SAMPLE_RULES, "review", "min_agreement"), 0.5);
	CU_ASSERT_EQUAL(tly_report__html_rule_number(SAMPLE_RULES, "match", "iou"), 0.5);
	CU_ASSERT(isnan(tly_report__html_rule_number(SAMPLE_RULES, "vote", "quorum")));
	CU_ASSERT(isnan(tly_report__html_rule_number(SAMPLE_RULES, "review", "nope")));
	CU_ASSERT(isnan(tly_report__html_rule_number(NULL, "review", "min_agreement")));
	/* Arrays (with a quoted "]" and an object inside) are skipped whole. */
	CU_ASSERT_EQUAL(tly_report__html_rule_number("{\"a\":{\"b\":[1,\"]\",{\"c\":2}]},"
						     "\"c\":{\"d\":-2.5e1}}", "c", "d"), -25.0);
	/* Not the shape the run writes: unclosed, trailing text, unterminated string, too deep. */
	CU_ASSERT(isnan(tly_report__html_rule_number("{\"c\":{\"d\":1}", "c", "d")));
	CU_ASSERT(isnan(tly_report__html_rule_number("{\"c\":{\"d\":1}} x", "c", "d")));
	CU_ASSERT(isnan(tly_report__html_rule_number("{\"c\":{\"d\":\"1}}", "c", "d")));
	CU_ASSERT(isnan(tly_report__html_rule_number("{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
						     "{\"a\":{\"a\":{\"c\":{\"d\":1}}}}}}}}}}", "c", "d")));

	sample_build(&ds, &r);
	tly_free(r.rules_json);
	r.rules_json = tly_strdup("{\"x\":{\"<k>\":\"a&b\"}}");
	out = render(&ds, &r);
	HAS(out, "<span class=\"chip\">x.&lt;k&gt; <b>a&amp;b</b></span>");
	/* No review.min_agreement: no threshold line, and "low agreement" without a number. */
	CU_ASSERT_PTR_NULL(strstr(out, "review below"));
	HAS(out, "<td>tie, low agreement</td>");
	free(out);
	tly_free(r.rules_json);
	r.rules_json = tly_strdup("{\"x\":1 <b>");
	out = render(&ds, &r);
	HAS(out, "<code>{&quot;x&quot;:1 &lt;b&gt;</code>");
	CU_ASSERT_PTR_NULL(strstr(out, "<span class=\"chip\">"));
	free_all(out, &r, &ds);
}

/* Nothing at all: every section says so, and nothing prints as NaN. */
/* Ordered labels add two rows after the nominal alpha; without an order there are none. */
static void test_ordered_labels(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	CU_ASSERT_PTR_NULL(strstr(out, "(labels, ordinal)"));
	CU_ASSERT_PTR_NULL(strstr(out, "(labels, interval)"));
	free(out);
	r.labels_ordered = 1;
	r.krippendorff_alpha_ordinal = (tly_stat){0.8, {0.5, 0.9}, 11};
	r.krippendorff_alpha_interval = (tly_stat){NAN, {NAN, NAN}, 0};
	out = render(&ds, &r);
	HAS(out, "(labels, nominal)</th>");
	HAS(out, "<tr><th>Krippendorff&#39;s alpha (labels, ordinal)</th><td class=\"n\">0.800 "
		 "<span class=\"ci\">[0.50, 0.90]</span> <span class=\"na\">n = 11</span></td></tr>\n"
		 "<tr><th>Krippendorff&#39;s alpha (labels, interval)</th><td class=\"n\">"
		 "<span class=\"na\">&ndash;</span> <span class=\"na\">n = 0</span></td></tr>\n"
		 "<tr><th>Krippendorff&#39;s alpha (objects, 1 &minus; IoU)</th>");
	free_all(out, &r, &ds);
}

static void test_empty_run(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	memset(&ds, 0, sizeof(ds));
	memset(&r, 0, sizeof(r));
	out = render(&ds, &r);
	HAS(out, "created &ndash;");
	HAS(out, "<span class=\"na\">not recorded</span>");
	HAS(out, "<div class=\"big\"><span class=\"na\">&ndash;</span></div>");
	HAS(out, "<p>No conflicts.</p>");
	HAS(out, "<p>No annotator voted.</p>");
	HAS(out, "<p>Fewer than two annotators voted: no pairs.</p>");
	HAS(out, "<p>No categories.</p>");
	HAS(out, "<p>No image needs review.</p>");
	CU_ASSERT_FALSE(has_nan(out));
	free_all(out, &r, &ds);
}

/*
 * A retired category (sample_retire: "kitty") is no row of the classes
 * table and not counted under Categories (2: dog, cat): the page is the
 * plain sample's, byte for byte.
 */
static void test_retired(void)
{
	tly_dataset ds, ds2;
	tly_result r, r2;
	char *out, *plain;

	sample_build(&ds, &r);
	sample_retire(&ds, &r);
	out = render(&ds, &r);
	sample_build(&ds2, &r2);
	plain = render(&ds2, &r2);
	CU_ASSERT_PTR_NULL(strstr(out, "kitty"));
	HAS(out, "<tr><th>Categories</th><td class=\"n\">2</td></tr>");
	HAS(out, "<h2 id=\"classes\">Classes</h2>");
	CU_ASSERT_STRING_EQUAL(out, plain);
	free_all(plain, &r2, &ds2);
	free_all(out, &r, &ds);
}

TLY_TESTS("report_html",
	  {"self_contained_escaped", test_self_contained_escaped},
	  {"control_characters", test_control_characters},
	  {"undefined_dash", test_undefined_dash},
	  {"headline", test_headline},
	  {"annotators", test_annotators},
	  {"pairs", test_pairs},
	  {"flagged_images", test_flagged_images},
	  {"sketch", test_sketch},
	  {"flagged_order", test_flagged_order},
	  {"flagged_cap", test_flagged_cap},
	  {"conflict_rows_cap", test_conflict_rows_cap},
	  {"rules", test_rules},
	  {"ordered_labels", test_ordered_labels},
	  {"empty_run", test_empty_run},
	  {"retired", test_retired})
