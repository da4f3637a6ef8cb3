/*
 * report.html's label-map parts on the run of seg_sample.h: the
 * Segmentation section's tables and grid (figures derived there, shown
 * with 3 decimals), and the mask sketches of flagged images, whose grid,
 * scale and rectangles are worked out here by hand. A run without label
 * maps has no Segmentation section at all.
 */
#include <stdlib.h>

#include "sample.h"
#include "seg_sample.h"
#include "report/html.h"
#include "tally/report.h"

#define HAS(out, text)                                                              \
	do {                                                                        \
		const char *t_ = (text);                                            \
		if (!strstr((out), t_))                                             \
			fprintf(stderr, "%s:%d: page lacks: %s\n", __FILE__, __LINE__, t_); \
		CU_ASSERT_PTR_NOT_NULL(strstr((out), t_));                          \
	} while (0)

static char *render(const tly_dataset *ds, const tly_result *r)
{
	char *out = NULL;
	size_t len = 0;

	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_HTML, ds, r));
	return out;
}

static char *render_seg(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	seg_build(&ds, &r);
	out = render(&ds, &r);
	seg_clear(&ds, &r);
	return out;
}

/* The text from the first WHAT in OUT to the next END (exclusive), as a new string. */
static char *slice(const char *out, const char *what, const char *end)
{
	const char *a = strstr(out, what), *z;
	char *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	z = strstr(a + strlen(what), end);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z);
	s = tly_calloc((size_t)(z - a) + 1, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	memcpy(s, a, (size_t)(z - a));
	return s;
}

static void test_section(void)
{
	char *out = render_seg(), *sec;

	HAS(out, "<a href=\"#segmentation\">Segmentation</a>");
	sec = slice(out, "<h2 id=\"segmentation\">", "<h2 id=\"flagged\">");
	/* 2 consensus maps; s1 and s2 have map voters; (0.5 + 0.25) / 2. */
	HAS(sec, "2 images with a consensus label map, 2 with label maps; mean map agreement <b>0.375</b>");
	/* ann1: accuracy 5/10, mIoU 1.4/3 = 0.467, Dice 11/21 = 0.524, 2 images; gold 0.5, 0.5, 2/3, 1. */
	HAS(sec, "ann1</td><td class=\"n sep\">0.500</td><td class=\"n\" style=\"background:hsl(26,65%,86%)\">"
	    "0.467</td><td class=\"n\">0.524</td><td class=\"n\">2</td>"
	    "<td class=\"n sep\">0.500</td><td class=\"n\" style=\"background:hsl(30,65%,86%)\">0.500</td>"
	    "<td class=\"n\">0.667</td><td class=\"n\">1</td></tr>");
	/* ann2: everything 1 against consensus (hue 120), no gold. */
	HAS(sec, "ann2</td><td class=\"n sep\">1.000</td><td class=\"n\" style=\"background:hsl(120,65%,86%)\">"
	    "1.000</td><td class=\"n\">1.000</td><td class=\"n\">2</td><td colspan=\"4\" class=\"na sep\">"
	    "not compared</td></tr>");
	/* ann3 and gold were not audited on maps: not in the table. */
	CU_ASSERT_PTR_NULL(strstr(sec, "gold</td><td class=\"n sep\">"));
	/* Pair grid over ann1, ann2, ann3: 0.625 (hue 0.625^2 * 120 = 46.9), the rest undefined. */
	HAS(sec, "<h4>Mean IoU of label maps</h4>");
	HAS(sec, "<td class=\"n\" style=\"background:hsl(47,65%,86%)\">0.625</td>");
	tly_free(sec);
	free(out);
}

static void test_class_and_pq_tables(void)
{
	char *out = render_seg(), *sec;

	sec = slice(out, "<h3>Classes</h3>", "<h3>Panoptic quality</h3>");
	/* road 4 px, pooled IoU 0.4 (hue 19.2), ann1 0.4, ann2 none. */
	HAS(sec, "road</td><td class=\"n\">4</td><td class=\"n\" style=\"background:hsl(19,65%,86%)\">"
	    "0.400</td><td class=\"n\" style=\"background:hsl(19,65%,86%)\">0.400</td><td class=\"n\">"
	    "<span class=\"na\">&ndash;</span></td></tr>");
	/* sky 4 px, pooled 4/7 = 0.571 (hue 39.2), ann1 0, ann2 1. */
	HAS(sec, "sky</td><td class=\"n\">4</td><td class=\"n\" style=\"background:hsl(39,65%,86%)\">"
	    "0.571</td><td class=\"n\" style=\"background:hsl(0,65%,86%)\">0.000</td>"
	    "<td class=\"n\" style=\"background:hsl(120,65%,86%)\">1.000</td></tr>");
	/* person has no pixels and no counts: no row. */
	CU_ASSERT_PTR_NULL(strstr(sec, "person"));
	tly_free(sec);
	sec = slice(out, "<h3>Panoptic quality</h3>", "<h2 id=\"flagged\">");
	/* ann1: PQ 1.3/3 = 0.433, SQ 1.55/3 = 0.517, RQ 5/9 = 0.556, things 0.5, stuff 0.4; gold 0.9 ... */
	HAS(sec, ">0.433</td><td class=\"n\">0.517</td><td class=\"n\">0.556</td>"
	    "<td class=\"n\" style=\"background:hsl(30,65%,86%)\">0.500</td>"
	    "<td class=\"n\" style=\"background:hsl(19,65%,86%)\">0.400</td>");
	HAS(sec, ">0.900</td><td class=\"n\">0.900</td><td class=\"n\">1.000</td>"
	    "<td class=\"n\" style=\"background:hsl(97,65%,86%)\">0.900</td><td class=\"n\">"
	    "<span class=\"na\">&ndash;</span></td></tr>");
	CU_ASSERT_PTR_NULL(strstr(sec, "ann2"));
	tly_free(sec);
	/* The maps' pixel kappa (seg_sample.h's values): the overview's row and the classes' column. */
	HAS(out, "<tr><th>Fleiss&#39; kappa (label map pixels)</th><td class=\"n\">0.500 "
	    "<span class=\"ci\">[0.25, 0.75]</span> <span class=\"na\">n = 200</span></td></tr>");
	sec = slice(out, "<h2 id=\"classes\">", "</table>");
	HAS(sec, "<th>Fleiss&#39; kappa (maps)</th>");
	HAS(sec, "car</td><td class=\"n\">1</td>");
	HAS(sec, "<td class=\"n\">0.625 <span class=\"ci\">[0.50, 0.88]</span></td></tr>");
	/* road: undefined over its 200 pixels, a dash and no interval */
	HAS(sec, "<td class=\"n\"><span class=\"na\">&ndash;</span></td></tr>");
	tly_free(sec);
	free(out);
}

/*
 * s1.jpg, 4 x 3: a grid of 4 x 3 cells (nothing to shrink), drawn 72 px a
 * cell (min(288/4, 216/3)) = 288 x 216. Rectangles by rows per class:
 * road (0,0)+2, (0,1)+1, (0,2)+1; car (1,1)+2, (1,2)+1; sky (2,0)+2.
 * The car mask by columns: x 1 from y 1, 2 cells; x 2 from y 1, 1 cell.
 */
static void test_mask_sketch(void)
{
	char *out = render_seg(), *card;

	/* The card draws the box sketch first; the mask sketch is the SVG labelled so. */
	card = slice(strstr(out, "<div class=\"img\" id=\"img-0\">"), "<svg width=\"288\"", "</svg>");
	HAS(card, "aria-label=\"Consensus masks\"");
	HAS(card, "<svg width=\"288\" height=\"216\" viewBox=\"0 0 4 3\"");
	HAS(card, "<path fill=\"#aec7e8\" d=\"M0 0h2v1h-2zM0 1h1v1h-1zM0 2h1v1h-1z\"><title>road: 4 px");
	HAS(card, "<path fill=\"#ffbb78\" d=\"M1 1h2v1h-2zM1 2h1v1h-1z\"><title>car: 3 px");
	HAS(card, "<path fill=\"#98df8a\" d=\"M2 0h2v1h-2z\"><title>sky: 2 px");
	HAS(card, "d=\"M1 1v2h1v-2zM2 1v1h1v-1z\"><title>consensus car, confidence 0.667, support 2");
	tly_free(card);
	card = slice(out, "<div class=\"img\" id=\"img-0\">", "No conflicts");
	HAS(card, "ignored or tied 3 px");
	HAS(card, "shaded: 1 consensus instance mask<");
	HAS(card, "label maps: 3 voters, agreement (mIoU) 0.500");
	CU_ASSERT_PTR_NULL(strstr(card, "drawn as"));
	tly_free(card);
	/* s2.png, 2 x 2: 108 px a cell (min(144, 108)), so 216 x 216; sky's one row. */
	card = slice(out, "<div class=\"img\" id=\"img-1\">", "</svg>");
	HAS(card, "<svg width=\"216\" height=\"216\" viewBox=\"0 0 2 2\"");
	HAS(card, "<path fill=\"#98df8a\" d=\"M0 0h2v1h-2z\"><title>sky: 2 px");
	tly_free(card);
	free(out);
}

/*
 * Grids: 1000 x 500 scales by min(1, 96/1000, 72/500) = 0.096 to 96 x 48;
 * 3 x 1000 by 0.072 to 0.216 -> at least 1 cell across, and 72 down.
 */
static void test_grid(void)
{
	uint32_t gw, gh;

	tly_report__html_mask_grid(&gw, &gh, 1000, 500);
	CU_ASSERT(gw == 96 && gh == 48);
	tly_report__html_mask_grid(&gw, &gh, 3, 1000);
	CU_ASSERT(gw == 1 && gh == 72);
	tly_report__html_mask_grid(&gw, &gh, 96, 72);
	CU_ASSERT(gw == 96 && gh == 72);
}

/*
 * A 192 x 1 map, road on x < 96 and sky on the rest, becomes 96 x 1 cells
 * (scale 0.5; 0.5 rounds up to 1 row). Cell c samples pixel
 * (2c + 1) * 192 / 192 = 2c + 1: cells 0..47 read road, 48..95 sky.
 */
static void test_downsampled(void)
{
	tly_dataset ds;
	tly_result r;
	uint32_t px[192], conf[192];
	size_t i;
	char *out;

	seg_build(&ds, &r);
	for (i = 0; i < 192; i++) {
		px[i] = i < 96 ? SEG_ROAD : SEG_SKY;
		conf[i] = 255;
	}
	tly_labelmap_clear(&r.cons_maps[1].map);
	tly_labelmap_clear(&r.cons_maps[1].confidence);
	seg_map(&r.cons_maps[1].map, px, 192, 1);
	seg_map(&r.cons_maps[1].confidence, conf, 192, 1);
	ds.images[1].width = 192;
	ds.images[1].height = 1;
	r.cons_maps[1].tied_pixels = 0;
	out = render(&ds, &r);
	HAS(out, "<path fill=\"#aec7e8\" d=\"M0 0h48v1h-48z\"><title>road: 96 px");
	HAS(out, "<path fill=\"#98df8a\" d=\"M48 0h48v1h-48z\"><title>sky: 96 px");
	HAS(out, "192 &times; 1 px drawn as 96 &times; 1 cells.");
	free(out);
	seg_clear(&ds, &r);
}

/*
 * Label maps only (no object or label votes, no object pairs): ann1 and
 * ann2 are audited on maps and ann3 is in a map pair, so only gold is a
 * reference, and 3 of the 4 annotators voted.
 */
static void test_maps_only(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;
	size_t i;

	seg_build(&ds, &r);
	for (i = 0; i < r.n_annotators; i++)
		r.annotators[i].images_done = 0;
	r.n_pairs = 0;
	out = render(&ds, &r);
	HAS(out, "4 annotators (3 voting)");
	HAS(out, "<p>No annotator voted on objects or image labels: their label maps are audited under "
	    "<a href=\"#segmentation\">Segmentation</a>.</p>\n"
	    "<p class=\"note\">Not audited (no votes, gold only): gold.</p>");
	HAS(out, "<p>No pair compared objects or image labels; the pairs&#39; label maps are under "
	    "<a href=\"#segmentation\">Segmentation</a>.</p>");
	free(out);
	r.n_pairs = 2;
	seg_clear(&ds, &r);
}

static void test_no_maps(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r);
	CU_ASSERT_PTR_NULL(strstr(out, "segmentation"));
	CU_ASSERT_PTR_NULL(strstr(out, "kappa (maps)"));
	CU_ASSERT_PTR_NULL(strstr(out, "label map pixels"));
	CU_ASSERT_PTR_NULL(strstr(out, "Consensus masks"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_html_seg",
	  {"section", test_section},
	  {"class_and_pq_tables", test_class_and_pq_tables},
	  {"mask_sketch", test_mask_sketch},
	  {"grid", test_grid},
	  {"downsampled", test_downsampled},
	  {"maps_only", test_maps_only},
	  {"no_maps", test_no_maps})
