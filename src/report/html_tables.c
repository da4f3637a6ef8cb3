/*
 * report.html tables: annotators (against leave-one-out consensus and
 * gold) with an inline SVG bar chart of their F1 against consensus, pairs
 * and classes. Checked by tests/report/test_html.c.
 */
#include <inttypes.h>
#include <math.h>

#include "report/html.h"

/* Bar chart geometry, in SVG user units (pixels). */
#define CHART_NAME_W 200.0 /* names are clipped to this width */
#define CHART_BAR_X 210.0
#define CHART_BAR_W 360.0  /* F1 = 1 */
#define CHART_ROW_H 22.0
#define CHART_TOP 18.0

static void chart_row(tly_buf *b, const tly_report__view *v, size_t i)
{
	const tly_annotator_stats *a = &v->r->annotators[i];
	double f1 = tly_counts_f1(&a->vs_consensus);
	double y = CHART_TOP + (double)i * CHART_ROW_H;

	tly_buf_printf(b, "<text x=\"0\" y=\"%.1f\" clip-path=\"url(#names)\">", y + 15.0);
	tly_report__html_text(b, tly_report__annotator(v, a->annotator));
	tly_buf_puts(b, "</text>");
	if (isfinite(f1)) {
		tly_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"#4a7ab5\"/>",
			       CHART_BAR_X, y + 3.0, f1 * CHART_BAR_W);
		tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%.3f</text>\n",
			       CHART_BAR_X + f1 * CHART_BAR_W + 4.0, y + 15.0, f1);
	} else {
		tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#999\">n/a</text>\n",
			       CHART_BAR_X + 4.0, y + 15.0);
	}
}

/* One bar per annotator: F1 against the leave-one-out consensus, scale 0..1. */
static void chart(tly_buf *b, const tly_report__view *v)
{
	size_t i, n = v->r->n_annotators;
	double h = CHART_TOP + (double)n * CHART_ROW_H + 4.0;

	tly_buf_printf(b, "<svg width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		       "role=\"img\" aria-label=\"F1 against consensus per annotator\" "
		       "font-size=\"12\" font-family=\"system-ui,sans-serif\">\n",
		       CHART_BAR_X + CHART_BAR_W + 50.0, h, CHART_BAR_X + CHART_BAR_W + 50.0, h);
	tly_buf_printf(b, "<clipPath id=\"names\"><rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\"/>"
		       "</clipPath>\n", CHART_NAME_W, h);
	tly_buf_printf(b, "<text x=\"%.1f\" y=\"12\" fill=\"#555\">F1 vs consensus (0 to 1)</text>\n",
		       CHART_BAR_X);
	tly_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>"
		       "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>\n",
		       CHART_BAR_X, CHART_TOP, CHART_BAR_X, h,
		       CHART_BAR_X + CHART_BAR_W, CHART_TOP, CHART_BAR_X + CHART_BAR_W, h);
	for (i = 0; i < n; i++)
		chart_row(b, v, i);
	tly_buf_puts(b, "</svg>\n");
}

static void counts_cells(tly_buf *b, const tly_counts *c)
{
	tly_report__html_num(b, tly_counts_precision(c));
	tly_report__html_num(b, tly_counts_recall(c));
	tly_report__html_num(b, tly_counts_f1(c));
	tly_report__html_num(b, tly_counts_mean_iou(c));
	tly_report__html_num(b, tly_counts_label_accuracy(c));
}

void tly_report__html_annotators(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	tly_buf_puts(b, "<h2>Annotators</h2>\n");
	if (!v->r->n_annotators) {
		tly_buf_puts(b, "<p>No annotators.</p>\n");
		return;
	}
	chart(b, v);
	tly_buf_puts(b, "<table>\n<tr><th rowspan=\"2\">Annotator</th><th rowspan=\"2\">Images done</th>"
		     "<th colspan=\"8\">Against consensus (leave-one-out)</th>"
		     "<th colspan=\"5\">Against gold</th></tr>\n<tr>"
		     "<th>Precision</th><th>Recall</th><th>F1</th><th>Mean IoU</th><th>Label acc.</th>"
		     "<th>TP</th><th>FP</th><th>FN</th>"
		     "<th>Precision</th><th>Recall</th><th>F1</th><th>Mean IoU</th><th>Label acc.</th></tr>\n");
	for (i = 0; i < v->r->n_annotators; i++) {
		const tly_annotator_stats *a = &v->r->annotators[i];

		tly_buf_puts(b, "<tr><td>");
		tly_report__html_text(b, tly_report__annotator(v, a->annotator));
		tly_buf_printf(b, "</td><td class=\"n\">%u</td>", a->images_done);
		counts_cells(b, &a->vs_consensus);
		tly_buf_printf(b, "<td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64
			       "</td><td class=\"n\">%" PRIu64 "</td>",
			       a->vs_consensus.tp, a->vs_consensus.fp, a->vs_consensus.fn);
		if (a->vs_gold.images > 0)
			counts_cells(b, &a->vs_gold);
		else
			tly_buf_puts(b, "<td colspan=\"5\" class=\"na\">no gold images</td>");
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table>\n");
}

void tly_report__html_pairs(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	tly_buf_puts(b, "<h2>Annotator pairs</h2>\n");
	if (!v->r->n_pairs) {
		tly_buf_puts(b, "<p>Fewer than two annotators: no pairs.</p>\n");
		return;
	}
	tly_buf_puts(b, "<table>\n<tr><th>A</th><th>B</th><th>Shared images</th><th>F1 (objects)</th>"
		     "<th>Cohen&#39;s kappa (labels)</th><th>Kappa items</th></tr>\n");
	for (i = 0; i < v->r->n_pairs; i++) {
		const tly_pair_stats *p = &v->r->pairs[i];

		tly_buf_puts(b, "<tr><td>");
		tly_report__html_text(b, tly_report__annotator(v, p->a));
		tly_buf_puts(b, "</td><td>");
		tly_report__html_text(b, tly_report__annotator(v, p->b));
		tly_buf_printf(b, "</td><td class=\"n\">%u</td>", p->images);
		tly_report__html_num(b, p->f1);
		tly_report__html_num(b, p->kappa);
		tly_buf_printf(b, "<td class=\"n\">%" PRIu64 "</td></tr>\n", p->kappa_items);
	}
	tly_buf_puts(b, "</table>\n");
}

void tly_report__html_classes(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	tly_buf_puts(b, "<h2>Classes</h2>\n");
	if (!v->r->n_classes) {
		tly_buf_puts(b, "<p>No categories.</p>\n");
		return;
	}
	tly_buf_puts(b, "<table>\n<tr><th>Label</th><th>Support</th><th>Agreement (mean confidence)</th>"
		     "<th>Mean IoU</th></tr>\n");
	for (i = 0; i < v->r->n_classes; i++) {
		const tly_class_stats *c = &v->r->classes[i];

		tly_buf_puts(b, "<tr><td>");
		tly_report__html_text(b, tly_report__category(v, c->category));
		tly_buf_printf(b, "</td><td class=\"n\">%u</td>", c->support);
		tly_report__html_num(b, c->agreement);
		tly_report__html_num(b, c->mean_iou);
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table>\n");
}
