/*
 * report.html's "Over time" section: the leaderboard (annotators ranked by
 * F1 against the leave-one-out consensus, each F1 drawn as its 95%
 * interval on a 0..1 bar, neighbours the data cannot tell apart marked
 * with ≈) and the drift charts, small multiples on one shared period axis:
 * per annotator, F1 per period with its interval as an error bar, gold F1
 * dashed. Checked by tests/report/test_html_periods.c (positions worked
 * out by hand there).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/html.h"
#include "report/leaderboard.h"
#include "tally/error.h"
#include "util/alloc.h"

#define COLOR_CONS "#4e79a7"
#define COLOR_GOLD "#f2a33a"
#define COLOR_BAND "#c6d6ea"

/* Interval bar of the leaderboard: F1 0..1 over BAR_W pixels from BAR_X. */
#define BAR_X 4.0
#define BAR_W 150.0

/* Drift chart: plot area [PLOT_X0, PLOT_X1] x [PLOT_Y0 (F1 = 1), PLOT_Y1 (F1 = 0)]. */
#define CHART_W 270.0
#define CHART_H 118.0
#define PLOT_X0 34.0
#define PLOT_X1 260.0
#define PLOT_Y0 8.0
#define PLOT_Y1 88.0
/* The latest periods drawn (two years of weeks); the table under each chart has them all. */
#define MAX_AXIS 104
#define MAX_CHARTS 60

/* The interval [lo, hi] as a band with a dot at V, on a 0..1 track. */
static void interval_bar(tly_buf *b, double v, const double ci[2])
{
	tly_buf_printf(b, "<svg width=\"%.0f\" height=\"14\" role=\"img\"><line x1=\"%.1f\" y1=\"7\" x2=\"%.1f\" "
		       "y2=\"7\" stroke=\"#e3e6ea\" stroke-width=\"2\"/>", BAR_X * 2.0 + BAR_W, BAR_X, BAR_X + BAR_W);
	if (isfinite(ci[0]))
		tly_buf_printf(b, "<rect x=\"%.1f\" y=\"3\" width=\"%.1f\" height=\"8\" fill=\"%s\"/>",
			       BAR_X + ci[0] * BAR_W, (ci[1] - ci[0]) * BAR_W, COLOR_BAND);
	if (isfinite(v))
		tly_buf_printf(b, "<circle cx=\"%.1f\" cy=\"7\" r=\"3.5\" fill=\"%s\"/>", BAR_X + v * BAR_W,
			       COLOR_CONS);
	tly_buf_puts(b, "</svg>");
}

/* "0.810 [0.60, 0.92]" in a cell, the interval left out when undefined. */
static void ci_cell(tly_buf *b, double v, const double ci[2])
{
	tly_buf_puts(b, "<td class=\"n\">");
	tly_report__html_fmt(b, v);
	if (isfinite(ci[0]))
		tly_buf_printf(b, " <span class=\"ci\">[%.2f, %.2f]</span>", ci[0], ci[1]);
	tly_buf_puts(b, "</td>");
}

static void leaderboard(tly_buf *b, const tly_report__view *v)
{
	tly_report__board board;
	size_t i;

	tly_buf_puts(b, "<h3>Leaderboard</h3>\n");
	if (tly_report__board_build(&board, v) < 0) {
		tly_report__html_nomem(b);
		return;
	}
	if (!board.n) {
		tly_buf_puts(b, "<p>No annotator was compared with a consensus of others.</p>\n");
		return;
	}
	tly_buf_puts(b, "<p class=\"note\">Ranked by F1 against the consensus of the others (ties: label "
		     "accuracy, then name). The bar is F1&#39;s 95% interval on a 0&ndash;1 scale; "
		     "&asymp; marks a rank whose interval overlaps the next one&#39;s: the data do not "
		     "tell those two apart.</p>\n<div class=\"scroll\"><table>\n<thead><tr><th>#</th>"
		     "<th>Annotator</th><th>F1</th><th>95% interval</th><th>Precision</th><th>Recall</th>"
		     "<th>Label acc.</th><th>Images</th><th>Next</th></tr></thead>\n");
	for (i = 0; i < board.n; i++) {
		const tly_report__rank *x = &board.rows[i];

		tly_buf_printf(b, "<tr><td class=\"n\">%zu</td><td>", i + 1);
		tly_report__html_who(b, v, x->annotator);
		tly_buf_puts(b, "</td>");
		ci_cell(b, x->f1, x->f1_ci);
		tly_buf_puts(b, "<td>");
		interval_bar(b, x->f1, x->f1_ci);
		tly_buf_puts(b, "</td>");
		ci_cell(b, tly_counts_precision(x->c), x->ci.precision);
		ci_cell(b, tly_counts_recall(x->c), x->ci.recall);
		ci_cell(b, x->label_accuracy, x->ci.label_accuracy);
		tly_buf_printf(b, "<td class=\"n\">%u</td><td>%s</td></tr>\n", x->c->images,
			       x->close_to_next ? "<span title=\"not clearly different\">&asymp;</span>" : "");
	}
	tly_buf_puts(b, "</table></div>\n");
	tly_report__board_clear(&board);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The run's distinct periods in order, the latest MAX_AXIS of them; *n their count. */
static const char **period_axis(size_t *n, const tly_result *r)
{
	const char **axis;
	size_t i, k = 0;

	*n = 0;
	if (!(axis = tly_calloc(r->n_annotator_periods ? r->n_annotator_periods : 1, sizeof(*axis))))
		return NULL;
	for (i = 0; i < r->n_annotator_periods; i++)
		axis[i] = r->annotator_periods[i].period;
	qsort(axis, r->n_annotator_periods, sizeof(*axis), cmp_str);
	for (i = 0; i < r->n_annotator_periods; i++)
		if (k == 0 || strcmp(axis[k - 1], axis[i]) != 0)
			axis[k++] = axis[i];
	if (k > MAX_AXIS) {
		memmove(axis, axis + (k - MAX_AXIS), MAX_AXIS * sizeof(*axis));
		k = MAX_AXIS;
	}
	*n = k;
	return axis;
}

/* Where period P is on AXIS (N periods), or NULL when it is not drawn. */
static const char *const *axis_find(const char *const *axis, size_t n, const char *p)
{
	return n ? bsearch(&p, axis, n, sizeof(*axis), cmp_str) : NULL;
}

/* Position K of N on the axis; a single period sits in the middle. */
static double axis_x(size_t k, size_t n)
{
	if (n < 2)
		return (PLOT_X0 + PLOT_X1) / 2.0;
	return PLOT_X0 + (PLOT_X1 - PLOT_X0) * (double)k / (double)(n - 1);
}

static double axis_y(double f1)
{
	return PLOT_Y1 - (PLOT_Y1 - PLOT_Y0) * f1;
}

static void chart_frame(tly_buf *b, const char *const *axis, size_t n)
{
	int t;

	tly_buf_printf(b, "<svg width=\"%.0f\" height=\"%.0f\" role=\"img\" font-size=\"10\">\n", CHART_W, CHART_H);
	for (t = 0; t <= 2; t++) {
		double y = axis_y((double)t / 2.0);

		tly_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6ea\"/>"
			       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5d6673\">%.1f</text>\n",
			       PLOT_X0, y, PLOT_X1, y, PLOT_X0 - 4.0, y + 3.5, (double)t / 2.0);
	}
	tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#5d6673\">", PLOT_X0, PLOT_Y1 + 14.0);
	tly_report__html_text(b, axis[0]);
	tly_buf_puts(b, "</text>\n");
	if (n > 1) {
		tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5d6673\">", PLOT_X1,
			       PLOT_Y1 + 14.0);
		tly_report__html_text(b, axis[n - 1]);
		tly_buf_puts(b, "</text>\n");
	}
}

/*
 * One series of ANNOTATOR's rows [first, end): F1 against consensus
 * (GOLD 0, error bars and a solid line) or gold (GOLD 1, dashed, squares).
 */
static void series(tly_buf *b, const tly_result *r, size_t first, size_t end, const char *const *axis, size_t n,
		   int gold)
{
	const char *color = gold ? COLOR_GOLD : COLOR_CONS;
	size_t i, points = 0;

	tly_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"", color,
		       gold ? " stroke-dasharray=\"4 3\"" : "");
	for (i = first; i < end; i++) {
		const tly_annotator_period *p = &r->annotator_periods[i];
		const tly_counts *c = gold ? &p->vs_gold : &p->vs_consensus;
		const char *const *at = axis_find(axis, n, p->period);
		double f1 = tly_counts_f1(c);

		if (!at || !isfinite(f1) || (gold && c->images == 0))
			continue;
		tly_buf_printf(b, "%s%.1f,%.1f", points++ ? " " : "", axis_x((size_t)(at - axis), n), axis_y(f1));
	}
	tly_buf_puts(b, "\"/>\n");
	for (i = first; i < end; i++) {
		const tly_annotator_period *p = &r->annotator_periods[i];
		const tly_counts *c = gold ? &p->vs_gold : &p->vs_consensus;
		const char *const *at = axis_find(axis, n, p->period);
		double f1 = tly_counts_f1(c), ci[2], x;

		if (!at || !isfinite(f1) || (gold && c->images == 0))
			continue;
		x = axis_x((size_t)(at - axis), n);
		tly_report__f1_ci95(ci, c);
		if (!gold && isfinite(ci[0]))
			tly_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
				       "stroke-width=\"3\"/>", x, axis_y(ci[1]), x, axis_y(ci[0]), COLOR_BAND);
		if (gold)
			tly_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"5\" height=\"5\" fill=\"%s\">", x - 2.5,
				       axis_y(f1) - 2.5, color);
		else
			tly_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">", x, axis_y(f1), color);
		tly_buf_printf(b, "<title>%s F1 %s %.3f", p->period, gold ? "vs gold" : "vs consensus", f1);
		if (isfinite(ci[0]))
			tly_buf_printf(b, " [%.2f, %.2f]", ci[0], ci[1]);
		tly_buf_printf(b, ", %u image%s</title></%s>\n", c->images, c->images == 1 ? "" : "s",
			       gold ? "rect" : "circle");
	}
}

/* The figures behind one chart, all periods (not only the drawn ones); GOLD: a gold F1 column. */
static void period_table(tly_buf *b, const tly_result *r, size_t first, size_t end, int gold)
{
	size_t i;

	tly_buf_printf(b, "<details><summary>Figures</summary><table>\n<thead><tr><th>Period</th><th>Images</th>"
		       "<th>F1</th><th>Precision</th><th>Recall</th><th>Label acc.</th>%s</tr></thead>\n",
		       gold ? "<th>F1 vs gold</th>" : "");
	for (i = first; i < end; i++) {
		const tly_annotator_period *p = &r->annotator_periods[i];
		tly_report__counts_ci ci;
		double f1[2];

		tly_report__counts_ci95(&ci, &p->vs_consensus);
		tly_report__f1_ci95(f1, &p->vs_consensus);
		tly_buf_printf(b, "<tr><td>%s</td><td class=\"n\">%u", p->period, p->images);
		if (p->ingest_dated)
			tly_buf_printf(b, " <span class=\"na\" title=\"dated by ingest time\">(%u by ingest)</span>",
				       p->ingest_dated);
		tly_buf_puts(b, "</td>");
		ci_cell(b, tly_counts_f1(&p->vs_consensus), f1);
		ci_cell(b, tly_counts_precision(&p->vs_consensus), ci.precision);
		ci_cell(b, tly_counts_recall(&p->vs_consensus), ci.recall);
		ci_cell(b, tly_counts_label_accuracy(&p->vs_consensus), ci.label_accuracy);
		if (gold)
			tly_report__html_num(b, p->vs_gold.images ? tly_counts_f1(&p->vs_gold) : NAN);
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table></details>\n");
}

static void drift(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;
	const char **axis;
	size_t n, i, end, charts = 0, dated = 0, by_ingest = 0;
	int any_gold = 0;

	for (i = 0; i < r->n_annotator_periods; i++) {
		dated += r->annotator_periods[i].images;
		by_ingest += r->annotator_periods[i].ingest_dated;
		any_gold |= r->annotator_periods[i].vs_gold.images > 0;
	}
	tly_buf_printf(b, "<h3>Per %s</h3>\n<p class=\"note\">F1 against the consensus of the others per %s; "
		       "the bar is its 95%% interval%s. Each image is dated by the annotator&#39;s submission "
		       "time from the file, else by when it was ingested (%zu of %zu here).",
		       r->period_days == 1 ? "day" : "week",
		       r->period_days == 1 ? "UTC day" : "ISO week (Monday to Sunday, UTC), named by its Monday",
		       any_gold ? ", the dashed line F1 against gold" : "", by_ingest, dated);
	if (!(axis = period_axis(&n, r))) {
		tly_report__html_nomem(b);
		return;
	}
	if (n == MAX_AXIS)
		tly_buf_printf(b, " The charts show the latest %d periods.", MAX_AXIS);
	tly_buf_puts(b, "</p>\n<div class=\"cards\">\n");
	for (i = 0; i < r->n_annotator_periods && charts < MAX_CHARTS; i = end, charts++) {
		uint32_t a = r->annotator_periods[i].annotator;
		int gold = 0;

		for (end = i; end < r->n_annotator_periods && r->annotator_periods[end].annotator == a; end++)
			gold |= r->annotator_periods[end].vs_gold.images > 0;
		tly_buf_puts(b, "<div class=\"card\"><h4>");
		tly_report__html_who(b, v, a);
		tly_buf_puts(b, "</h4>\n");
		chart_frame(b, axis, n);
		series(b, r, i, end, axis, n, 0);
		if (gold)
			series(b, r, i, end, axis, n, 1);
		tly_buf_puts(b, "</svg>\n");
		period_table(b, r, i, end, gold);
		tly_buf_puts(b, "</div>\n");
	}
	tly_buf_puts(b, "</div>\n");
	if (i < r->n_annotator_periods)
		tly_buf_printf(b, "<p class=\"note\">Charts for the first %d annotators; report.json has all.</p>\n",
			       MAX_CHARTS);
	tly_free(axis);
}

void tly_report__html_periods(tly_buf *b, const tly_report__view *v)
{
	tly_buf_puts(b, "<h2 id=\"over-time\">Over time</h2>\n");
	leaderboard(b, v);
	if (v->r->period_days == 0)
		tly_buf_puts(b, "<p class=\"note\">Not cut by period (rules report.period is &quot;none&quot;, or "
			     "the run was saved before periods were kept).</p>\n");
	else if (v->r->n_annotator_periods == 0)
		tly_buf_puts(b, "<p>Nothing dated to cut by period: no object or image-label submission "
			     "(label maps are not cut by period).</p>\n");
	else
		drift(b, v);
}
