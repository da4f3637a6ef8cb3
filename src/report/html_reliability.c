/*
 * report.html's "Reliability" section (issue 4), shown only when the run's
 * rules weigh votes: the label model and how it was estimated, a table of
 * each voting annotator's accuracy and STAPLE rates, the semantic STAPLE's
 * rates per annotator and class (label maps), and for dawid-skene each
 * annotator's confusion matrix (rows: true label, columns: the label
 * given), left to reliability_confusion.csv past TLY_HTML_MAX_MATRIX
 * classes. Checked by tests/report/test_reliability.c.
 */
#include <inttypes.h>

#include "report/html.h"
#include "report/reliability.h"

static void put_intro(tly_buf *b, const tly_report__view *v, int staple)
{
	const tly_result *r = v->r;

	tly_buf_puts(b, "<h2 id=\"reliability\">Reliability</h2>\n<p class=\"note\">");
	if (r->weights == TLY_WEIGHTS_EQUAL) {
		tly_buf_puts(b, "Labels were voted with equal weights. ");
	} else {
		tly_buf_printf(b, "Labels were voted by the posterior of the <b>%s</b> model (vote.weights), "
			       "estimated from %" PRIu64 " %s", tly_report__model_name(r->weights),
			       r->weight_items, r->weights == TLY_WEIGHTS_GOLD ? "gold comparisons" : "items");
		if (r->weights != TLY_WEIGHTS_GOLD)
			tly_buf_printf(b, " in %u EM iteration%s%s", r->em_iterations,
				       r->em_iterations == 1 ? "" : "s",
				       r->em_converged ? "" : " (stopped at vote.em.max_iterations)");
		tly_buf_puts(b, "; a consensus label&#39;s confidence is its posterior. ");
	}
	if (staple)
		tly_buf_puts(b, "Masks: STAPLE (vote.mask) weighs each member of a cluster by its "
			     "sensitivity and specificity on that cluster; the means below weigh the "
			     "clusters by pixels (sensitivity by the consensus mask&#39;s, specificity by "
			     "the rest of the image&#39;s).");
	if (staple && r->staple_fallbacks)
		tly_buf_printf(b, " %" PRIu64 " cluster%s of more than 16 masks kept the majority.",
			       r->staple_fallbacks, r->staple_fallbacks == 1 ? "" : "s");
	tly_buf_puts(b, "</p>\n");
}

static void put_table(tly_buf *b, const tly_report__view *v, int staple)
{
	const tly_result *r = v->r;
	size_t i;

	tly_buf_puts(b, "<table>\n<thead><tr><th>Annotator</th><th>Labels learnt from</th><th>Accuracy</th>");
	if (staple)
		tly_buf_puts(b, "<th class=\"sep\">STAPLE clusters</th><th>Sensitivity</th><th>Specificity</th>");
	tly_buf_puts(b, "</tr></thead>\n");
	for (i = 0; i < r->n_reliability; i++) {
		const tly_reliability *a = &r->reliability[i];

		if (!tly_report__html_voter(v, (uint32_t)i) && !a->labels && !a->staple_clusters)
			continue;
		tly_buf_puts(b, "<tr><td>");
		tly_report__html_who(b, v, (uint32_t)i);
		tly_buf_puts(b, "</td>");
		tly_report__html_count(b, a->labels);
		tly_report__html_heat(b, a->accuracy);
		if (staple) {
			tly_buf_printf(b, "<td class=\"n sep\">%u</td>", a->staple_clusters);
			tly_report__html_heat(b, a->staple_sensitivity);
			tly_report__html_heat(b, a->staple_specificity);
		}
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table>\n");
}

/* Rows of the per-class STAPLE table; the rest are in staple_classes.csv and report.json. */
#define MAX_STAPLE_ROWS 200

/* Semantic STAPLE's rates, one row per (annotator, class), or nothing when the run has none. */
static void put_staple_classes(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;
	size_t n = r->n_map_staple_rates, shown = n < MAX_STAPLE_ROWS ? n : MAX_STAPLE_ROWS, i;

	if (n == 0)
		return;
	tly_buf_puts(b, "<h3>STAPLE per class</h3>\n<p class=\"note\">Label maps were voted by a binary "
		     "STAPLE per class (vote.mask): each annotator&#39;s estimated sensitivity (the chance it "
		     "gives the class to a pixel that truly is of it) and specificity (the chance it gives "
		     "another value to a pixel that is not), over the images whose fit included both. Each "
		     "image weighs the sensitivity by the class&#39;s consensus pixels (pixels in) and the "
		     "specificity by its other pixels (pixels out).</p>\n");
	tly_buf_puts(b, "<table>\n<thead><tr><th>Annotator</th><th>Class</th><th>Images</th><th>Pixels in</th>"
		     "<th>Sensitivity</th><th>Pixels out</th><th>Specificity</th></tr></thead>\n");
	for (i = 0; i < shown; i++) {
		const tly_map_staple_rate *x = &r->map_staple_rates[i];

		tly_buf_puts(b, "<tr><td>");
		tly_report__html_who(b, v, x->annotator);
		tly_buf_puts(b, "</td><td>");
		tly_report__html_text(b, tly_report__category(v, x->category));
		tly_buf_puts(b, "</td>");
		tly_report__html_count(b, x->images);
		tly_report__html_count(b, x->pixels_in);
		tly_report__html_heat(b, x->sensitivity);
		tly_report__html_count(b, x->pixels_out);
		tly_report__html_heat(b, x->specificity);
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table>\n");
	if (shown < n)
		tly_buf_printf(b, "<p class=\"note\">%zu of %zu rows shown: all are in staple_classes.csv "
			       "and report.json.</p>\n", shown, n);
}

/* Annotator A's dawid-skene matrix: rows the true label, columns the label given. */
static void put_matrix(tly_buf *b, const tly_report__view *v, size_t a)
{
	const tly_result *r = v->r;
	size_t k = r->n_weight_classes, t, g;

	tly_buf_puts(b, "<div class=\"card\"><h4>");
	tly_report__html_who(b, v, (uint32_t)a);
	tly_buf_puts(b, "</h4>\n<table>\n<thead><tr><th>true \\ given</th>");
	for (g = 0; g < k; g++) {
		tly_buf_puts(b, "<th>");
		tly_report__html_text(b, tly_report__category(v, r->weight_classes[g]));
		tly_buf_puts(b, "</th>");
	}
	tly_buf_puts(b, "</tr></thead>\n");
	for (t = 0; t < k; t++) {
		tly_buf_puts(b, "<tr><th>");
		tly_report__html_text(b, tly_report__category(v, r->weight_classes[t]));
		tly_buf_puts(b, "</th>");
		for (g = 0; g < k; g++)
			tly_report__html_num(b, r->weight_confusion[(a * k + t) * k + g]);
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table></div>\n");
}

void tly_report__html_reliability(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;
	int staple = tly_report__any_staple(r);
	size_t i;

	if (r->n_reliability == 0)
		return;
	put_intro(b, v, staple);
	put_table(b, v, staple);
	put_staple_classes(b, v);
	if (r->weights != TLY_WEIGHTS_DAWID_SKENE || !r->weight_confusion)
		return;
	if (r->n_weight_classes > TLY_HTML_MAX_MATRIX) {
		tly_buf_printf(b, "<p class=\"note\">%zu classes: the confusion matrices are in "
			       "reliability_confusion.csv and report.json.</p>\n", r->n_weight_classes);
		return;
	}
	tly_buf_puts(b, "<p class=\"note\">Estimated confusion matrices: the chance that the annotator "
		     "gives the column&#39;s label to an object or image whose true label is the row&#39;s."
		     "</p>\n<div class=\"cards\">\n");
	for (i = 0; i < r->n_reliability; i++)
		if (tly_report__html_voter(v, (uint32_t)i) || r->reliability[i].labels)
			put_matrix(b, v, i);
	tly_buf_puts(b, "</div>\n");
}
