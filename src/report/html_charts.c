/*
 * report.html's pictures, all inline SVG or tinted tables: F1 per
 * annotator against consensus and gold side by side, the spread of image
 * agreement, the conflicts' make-up and the pair heat-maps (objects F1,
 * labels kappa, label-map mIoU). Every length is
 * computed here in pixels; an undefined figure draws no bar and says "–".
 * Checked by tests/report/test_html.c (bar lengths worked out by hand there).
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>

#include "report/html.h"

#define COLOR_CONS "#4e79a7"
#define COLOR_GOLD "#f2a33a"
#define COLOR_FLAG "#d9534f"

/* F1 chart: names on the left, two bars per annotator on a 0..1 scale. */
#define F1_NAME_W 130.0 /* names are clipped to this width */
#define F1_BAR_X 140.0
#define F1_BAR_W 320.0  /* F1 = 1 */
#define F1_ROW_H 34.0     /* two bars: consensus and gold */
#define F1_ROW_H_ONE 20.0 /* no gold in the run: one bar */
#define F1_TOP 38.0
#define F1_MAX_ROWS 60  /* a taller chart stops being read; the table has everyone */

/* Agreement histogram: ten bins of 0.1. */
#define HIST_X 34.0
#define HIST_BIN_W 30.0
#define HIST_TOP 30.0
#define HIST_H 110.0

static void f1_bar(tly_buf *b, double f1, double y, const char *color, const char *what)
{
	if (!isfinite(f1)) {
		tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#9aa1ab\">&ndash; %s</text>\n",
			       F1_BAR_X + 4.0, y + 10.0, what);
		return;
	}
	tly_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"%s\">"
		       "<title>F1 %s %.3f</title></rect>", F1_BAR_X, y, f1 * F1_BAR_W, color, what, f1);
	tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%.3f</text>\n",
		       F1_BAR_X + f1 * F1_BAR_W + 4.0, y + 10.0, f1);
}

/* One annotator's row at Y; a second bar against gold when the run has gold. */
static void f1_row(tly_buf *b, const tly_report__view *v, uint32_t a, double y, int gold)
{
	const tly_annotator_stats *s = &v->r->annotators[a];

	tly_buf_printf(b, "<text x=\"0\" y=\"%.1f\" clip-path=\"url(#f1names)\">",
		       y + (gold ? 20.0 : 14.0));
	tly_report__html_text(b, tly_report__annotator(v, a));
	tly_buf_puts(b, "</text>\n");
	f1_bar(b, tly_counts_f1(&s->vs_consensus), y + 4.0, COLOR_CONS, "vs consensus");
	if (!gold)
		return;
	if (s->vs_gold.images > 0)
		f1_bar(b, tly_counts_f1(&s->vs_gold), y + 18.0, COLOR_GOLD, "vs gold");
	else
		tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#9aa1ab\">no gold</text>\n",
			       F1_BAR_X + 4.0, y + 28.0);
}

static void f1_axes(tly_buf *b, double h, int gold)
{
	int t;

	tly_buf_printf(b, "<rect x=\"%.1f\" y=\"2\" width=\"10\" height=\"10\" fill=\"%s\"/>"
		       "<text x=\"%.1f\" y=\"11\">vs consensus (leave-one-out)</text>\n",
		       F1_BAR_X, COLOR_CONS, F1_BAR_X + 14.0);
	if (gold)
		tly_buf_printf(b, "<rect x=\"%.1f\" y=\"2\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			       "<text x=\"%.1f\" y=\"11\">vs gold</text>\n",
			       F1_BAR_X + 200.0, COLOR_GOLD, F1_BAR_X + 214.0);
	for (t = 0; t <= 4; t++) {
		double x = F1_BAR_X + F1_BAR_W * (double)t / 4.0;

		tly_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6ea\"/>"
			       "<text x=\"%.1f\" y=\"%.1f\" fill=\"#5d6673\" text-anchor=\"middle\">%.2g</text>\n",
			       x, F1_TOP - 4.0, x, h, x, F1_TOP - 8.0, (double)t / 4.0);
	}
}

void tly_report__html_f1_chart(tly_buf *b, const tly_report__view *v)
{
	int gold = tly_report__html_any_gold(v);
	size_t i, voters = 0, rows, shown;
	double h, w = F1_BAR_X + F1_BAR_W + 56.0, row_h = gold ? F1_ROW_H : F1_ROW_H_ONE;

	for (i = 0; i < v->r->n_annotators; i++)
		voters += (size_t)tly_report__html_voter(v, (uint32_t)i);
	shown = voters < F1_MAX_ROWS ? voters : F1_MAX_ROWS;
	h = F1_TOP + (double)shown * row_h + 4.0;
	tly_buf_printf(b, "<svg class=\"f1\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		       "role=\"img\" aria-label=\"F1 per annotator\" font-size=\"12\">\n", w, h, w, h);
	tly_buf_printf(b, "<clipPath id=\"f1names\"><rect width=\"%.0f\" height=\"%.0f\"/></clipPath>\n",
		       F1_NAME_W, h);
	f1_axes(b, h, gold);
	for (i = 0, rows = 0; i < v->r->n_annotators && rows < shown; i++) {
		if (!tly_report__html_voter(v, (uint32_t)i))
			continue;
		f1_row(b, v, (uint32_t)i, F1_TOP + (double)rows * row_h, gold);
		rows++;
	}
	tly_buf_puts(b, "</svg>\n");
	if (voters > shown)
		tly_buf_printf(b, "<p class=\"note\">The chart shows the first %zu of %zu annotators; "
			       "the table has them all.</p>\n", shown, voters);
}

static void hist_bars(tly_buf *b, const size_t *all, const size_t *flagged, size_t top)
{
	int k;

	for (k = 0; k < 10; k++) {
		double x = HIST_X + (double)k * HIST_BIN_W + 2.0;
		double ha = HIST_H * (double)all[k] / (double)top;
		double hf = HIST_H * (double)flagged[k] / (double)top;
		double base = HIST_TOP + HIST_H;

		if (!all[k])
			continue;
		tly_buf_printf(b, "<g><title>agreement %.1f&ndash;%.1f: %zu image%s, %zu flagged</title>"
			       "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
			       (double)k / 10.0, (double)(k + 1) / 10.0, all[k], all[k] == 1 ? "" : "s",
			       flagged[k],
			       x, base - ha, HIST_BIN_W - 4.0, ha, COLOR_CONS);
		if (flagged[k])
			tly_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
				       x, base - hf, HIST_BIN_W - 4.0, hf, COLOR_FLAG);
		tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text></g>\n",
			       x + HIST_BIN_W / 2.0 - 2.0, base - ha - 3.0, all[k]);
	}
}

static void hist_axes(tly_buf *b, double min_agreement)
{
	double base = HIST_TOP + HIST_H, right = HIST_X + 10.0 * HIST_BIN_W;
	int t;

	tly_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#9aa1ab\"/>\n",
		       HIST_X, base, right, base);
	for (t = 0; t <= 10; t += 2)
		tly_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#5d6673\" text-anchor=\"middle\">"
			       "%.1f</text>\n", HIST_X + (double)t * HIST_BIN_W, base + 14.0, (double)t / 10.0);
	if (isfinite(min_agreement) && min_agreement >= 0.0 && min_agreement <= 1.0) {
		double x = HIST_X + min_agreement * 10.0 * HIST_BIN_W;

		tly_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			       "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" "
			       "text-anchor=\"middle\">review below %.2f</text>\n",
			       x, HIST_TOP - 12.0, x, base, COLOR_FLAG, x, HIST_TOP - 16.0, COLOR_FLAG,
			       min_agreement);
	}
}

void tly_report__html_histogram(tly_buf *b, const tly_report__view *v, double min_agreement)
{
	size_t all[10] = {0}, flagged[10] = {0}, undefined = 0, top = 1, i;
	int k;

	for (i = 0; i < v->r->n_images; i++) {
		const tly_image_stats *s = &v->r->images[i];
		double a = s->agreement;

		if (!isfinite(a)) {
			undefined++;
			continue;
		}
		/* Agreement 1 belongs to the last bin, [0.9, 1]. */
		k = a <= 0.0 ? 0 : a >= 1.0 ? 9 : (int)(a * 10.0);
		all[k]++;
		flagged[k] += s->flagged ? 1u : 0u;
	}
	for (k = 0; k < 10; k++)
		top = all[k] > top ? all[k] : top;
	tly_buf_printf(b, "<svg width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		       "aria-label=\"Histogram of image agreement\" font-size=\"11\">\n",
		       HIST_X + 10.0 * HIST_BIN_W + 40.0, HIST_TOP + HIST_H + 20.0);
	hist_bars(b, all, flagged, top);
	hist_axes(b, min_agreement);
	tly_buf_puts(b, "</svg>\n<div class=\"legend\">");
	tly_buf_printf(b, "<span><span class=\"sw\" style=\"background:%s\"></span>images</span>"
		       "<span><span class=\"sw\" style=\"background:%s\"></span>flagged</span>",
		       COLOR_CONS, COLOR_FLAG);
	if (undefined)
		tly_buf_printf(b, "<br>%zu image%s without an agreement (fewer than 2 voters)", undefined,
			       undefined == 1 ? "" : "s");
	tly_buf_puts(b, "</div>\n");
}

void tly_report__html_conflict_bar(tly_buf *b, const tly_report__view *v)
{
	size_t k, total = 0;
	double x = 0.0;

	for (k = TLY_CONFLICT_MISSING; k <= TLY_CONFLICT_KIND_MAX; k++)
		total += v->by_kind[k];
	if (!total) {
		tly_buf_puts(b, "<p>No conflicts.</p>\n");
		return;
	}
	tly_buf_puts(b, "<svg width=\"300\" height=\"18\" role=\"img\" aria-label=\"Conflicts by kind\">");
	for (k = TLY_CONFLICT_MISSING; k <= TLY_CONFLICT_KIND_MAX; k++) {
		double w = 300.0 * (double)v->by_kind[k] / (double)total;

		if (!v->by_kind[k])
			continue;
		tly_buf_printf(b, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"18\" fill=\"%s\">"
			       "<title>%s: %zu</title></rect>", x, w,
			       tly_report__html_kind_color((tly_conflict_kind)k),
			       tly_report__html_kind((tly_conflict_kind)k), v->by_kind[k]);
		x += w;
	}
	tly_buf_puts(b, "</svg>\n<table>\n");
	for (k = TLY_CONFLICT_MISSING; k <= TLY_CONFLICT_KIND_MAX; k++) {
		/* attributes are optional: their row only when a run has some */
		if (k == TLY_CONFLICT_MISMATCHING_ATTRIBUTES && !v->by_kind[k])
			continue;
		tly_buf_printf(b, "<tr><td><span class=\"k\" style=\"background:%s\">%s</span></td>",
			       tly_report__html_kind_color((tly_conflict_kind)k),
			       tly_report__html_kind((tly_conflict_kind)k));
		tly_report__html_count(b, v->by_kind[k]);
		tly_buf_printf(b, "<td class=\"n\">%.1f%%</td></tr>\n",
			       100.0 * (double)v->by_kind[k] / (double)total);
	}
	tly_buf_puts(b, "</table>\n");
}

/* Position of annotator A among the matrix's annotators WHO[0..n), or n. */
static size_t matrix_pos(const uint32_t *who, size_t n, uint32_t a)
{
	size_t i;

	for (i = 0; i < n && who[i] != a; i++)
		;
	return i;
}

/* Figure WHICH of entry I of the pair array the grid reads (pairs, or map_pairs for 2). */
static double pair_value(const tly_report__view *v, int which, size_t i)
{
	if (which == 2)
		return v->r->map_pairs[i].miou;
	return which ? v->r->pairs[i].kappa : v->r->pairs[i].f1;
}

static void matrix_rows(tly_buf *b, const tly_report__view *v, const uint32_t *who, size_t n,
			size_t cell[][TLY_HTML_MAX_MATRIX], int which)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		tly_buf_puts(b, "<tr><th>");
		tly_report__html_who(b, v, who[i]);
		tly_buf_puts(b, "</th>");
		for (j = 0; j < n; j++) {
			if (i == j) {
				tly_buf_puts(b, "<td class=\"d\"></td>");
				continue;
			}
			if (cell[i][j] == SIZE_MAX) {
				tly_report__html_num(b, NAN);
				continue;
			}
			tly_report__html_heat(b, pair_value(v, which, cell[i][j]));
		}
		tly_buf_puts(b, "</tr>\n");
	}
}

/* Whether annotator A is in the grid: a voter (F1, kappa), or in some map pair (mIoU). */
static int in_matrix(const tly_report__view *v, int which, uint32_t a)
{
	size_t i;

	if (which != 2)
		return tly_report__html_voter(v, a);
	for (i = 0; i < v->r->n_map_pairs; i++)
		if (v->r->map_pairs[i].a == a || v->r->map_pairs[i].b == a)
			return 1;
	return 0;
}

static const char *const matrix_titles[] = {
	"F1 at match IoU (objects)", "Cohen&#39;s kappa (labels)", "Mean IoU of label maps"};

void tly_report__html_pair_matrix(tly_buf *b, const tly_report__view *v, int which)
{
	uint32_t who[TLY_HTML_MAX_MATRIX];
	size_t cell[TLY_HTML_MAX_MATRIX][TLY_HTML_MAX_MATRIX];
	size_t i, j, n = 0, pa, pb, n_pairs = which == 2 ? v->r->n_map_pairs : v->r->n_pairs;

	for (i = 0; i < v->r->n_annotators; i++) {
		if (!in_matrix(v, which, (uint32_t)i))
			continue;
		if (n == TLY_HTML_MAX_MATRIX)
			return; /* the caller said so above the pair list */
		who[n++] = (uint32_t)i;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			cell[i][j] = SIZE_MAX;
	for (i = 0; i < n_pairs; i++) {
		pa = matrix_pos(who, n, which == 2 ? v->r->map_pairs[i].a : v->r->pairs[i].a);
		pb = matrix_pos(who, n, which == 2 ? v->r->map_pairs[i].b : v->r->pairs[i].b);
		if (pa < n && pb < n)
			cell[pa][pb] = cell[pb][pa] = i;
	}
	tly_buf_printf(b, "<div class=\"card\"><h4>%s</h4>\n<table class=\"mx\">\n<tr><th></th>",
		       matrix_titles[which == 2 ? 2 : which ? 1 : 0]);
	for (j = 0; j < n; j++) {
		tly_buf_puts(b, "<th>");
		tly_report__html_text(b, tly_report__annotator(v, who[j]));
		tly_buf_puts(b, "</th>");
	}
	tly_buf_puts(b, "</tr>\n");
	matrix_rows(b, v, who, n, cell, which);
	tly_buf_puts(b, "</table></div>\n");
}
