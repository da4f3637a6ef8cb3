/*
 * report.html: a page a QA lead can read without tools. Numbers are
 * rounded to 3 decimals for reading (report.json keeps full precision);
 * every name from the input is escaped. Checked by tests/report/test_html.c.
 */
#include <inttypes.h>
#include <math.h>

#include "report/html.h"

/*
 * A run may flag thousands of images; past this many the page lists the
 * count and points to conflicts.csv / report.json instead of growing unreadable.
 */
#define HTML_MAX_FLAGGED 500

static const char style[] =
	"body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:75em;margin:1.5em auto;padding:0 1em}"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}"
	"h3{font-size:1em;margin:1.2em 0 .3em}"
	"table{border-collapse:collapse;margin:.4em 0 1em}"
	"th,td{border:1px solid #ccc;padding:.2em .55em;text-align:left;vertical-align:top}"
	"th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".meta{color:#555}.na{color:#999}svg{display:block;margin:.4em 0 1em}";

void tly_report__html_text(tly_buf *b, const char *s)
{
	if (!s) {
		tly_buf_puts(b, "&ndash;");
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '&': tly_buf_puts(b, "&amp;"); break;
		case '<': tly_buf_puts(b, "&lt;"); break;
		case '>': tly_buf_puts(b, "&gt;"); break;
		case '"': tly_buf_puts(b, "&quot;"); break;
		case '\'': tly_buf_puts(b, "&#39;"); break;
		default: tly_buf_putc(b, *s);
		}
	}
}

void tly_report__html_num(tly_buf *b, double v)
{
	if (isfinite(v))
		tly_buf_printf(b, "<td class=\"n\">%.3f</td>", v);
	else
		tly_buf_puts(b, "<td class=\"n na\">n/a</td>");
}

static void row_count(tly_buf *b, const char *label, uint64_t n)
{
	tly_buf_printf(b, "<tr><th>%s</th><td class=\"n\">%" PRIu64 "</td></tr>\n", label, n);
}

static void row_num(tly_buf *b, const char *label, double v)
{
	tly_buf_printf(b, "<tr><th>%s</th>", label);
	tly_report__html_num(b, v);
	tly_buf_puts(b, "</tr>\n");
}

static void put_run(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;

	tly_buf_puts(b, "<h1>tally report</h1>\n<p class=\"meta\">");
	if (r->run_id > 0)
		tly_buf_printf(b, "Run %" PRId64 ", ", r->run_id);
	tly_buf_puts(b, "created ");
	tly_report__html_text(b, r->created_at);
	tly_buf_printf(b, "; %d thread%s; load %.3f s, compute %.3f s, save %.3f s",
		       r->threads, r->threads == 1 ? "" : "s",
		       r->seconds_load, r->seconds_compute, r->seconds_save);
	tly_buf_puts(b, "<br>Rules sha256 <code>");
	tly_report__html_text(b, r->rules_sha256[0] ? r->rules_sha256 : NULL);
	tly_buf_puts(b, "</code>: <code>");
	tly_report__html_text(b, r->rules_json);
	tly_buf_puts(b, "</code></p>\n");
}

static void put_summary(tly_buf *b, const tly_report__view *v)
{
	tly_buf_puts(b, "<h2>Summary</h2>\n<table>\n");
	row_count(b, "Images", v->ds->n_images);
	row_count(b, "Annotators", v->ds->n_annotators);
	row_count(b, "Categories", v->ds->n_categories);
	row_count(b, "Submissions", v->submissions);
	row_count(b, "Objects drawn", v->objects);
	row_count(b, "Consensus objects", v->r->n_cons_objects);
	row_count(b, "Consensus labels", v->r->n_cons_tags);
	row_count(b, "Flagged images", v->flagged);
	row_count(b, "Conflicts: missing", v->by_kind[TLY_CONFLICT_MISSING]);
	row_count(b, "Conflicts: extra", v->by_kind[TLY_CONFLICT_EXTRA]);
	row_count(b, "Conflicts: label mismatch", v->by_kind[TLY_CONFLICT_LABEL_MISMATCH]);
	row_count(b, "Conflicts: low overlap", v->by_kind[TLY_CONFLICT_LOW_OVERLAP]);
	row_count(b, "Conflicts: tie", v->by_kind[TLY_CONFLICT_TIE]);
	row_num(b, "Mean image agreement", v->mean_agreement);
	row_num(b, "Mean pair F1 (objects)", v->mean_pair_f1);
	row_num(b, "Mean pair Cohen&#39;s kappa (labels)", v->mean_pair_kappa);
	row_num(b, "Mean IoU of consensus objects", v->mean_iou);
	tly_buf_puts(b, "</table>\n");
}

static void put_conflict_row(tly_buf *b, const tly_report__view *v, const tly_conflict *c)
{
	tly_buf_printf(b, "<tr><td>%s</td><td>%s</td><td>", tly_report__kind_name(c->kind),
		       tly_report__task_name(c->task));
	tly_report__html_text(b, tly_report__annotator(v, c->annotator));
	if (c->object_id != 0)
		tly_buf_printf(b, "</td><td class=\"n\">%" PRId64 "</td><td>", c->object_id);
	else
		tly_buf_puts(b, "</td><td class=\"n\">&ndash;</td><td>");
	tly_report__html_text(b, tly_report__category(v, c->category));
	tly_buf_puts(b, "</td>");
	tly_report__html_num(b, c->iou);
	tly_buf_puts(b, "</tr>\n");
}

static void put_flagged_image(tly_buf *b, const tly_report__view *v, const tly_image_stats *s)
{
	const tly_report__group *g = &v->conflicts;
	size_t j;

	tly_buf_puts(b, "<h3>");
	tly_report__html_text(b, v->ds->images[s->image].name);
	tly_buf_puts(b, "</h3>\n<table><tr><th>Agreement</th><th>Objects</th><th>Labels</th>"
		     "<th>Voters (objects)</th><th>Voters (labels)</th></tr>\n<tr>");
	tly_report__html_num(b, s->agreement);
	tly_report__html_num(b, s->agreement_objects);
	tly_report__html_num(b, s->agreement_labels);
	tly_buf_printf(b, "<td class=\"n\">%u</td><td class=\"n\">%u</td></tr></table>\n",
		       s->voters_objects, s->voters_labels);
	if (g->start[s->image] == g->start[s->image + 1]) {
		tly_buf_puts(b, "<p>No conflicts: flagged for its low agreement.</p>\n");
		return;
	}
	tly_buf_puts(b, "<table><tr><th>Conflict</th><th>Task</th><th>Annotator</th>"
		     "<th>Object id</th><th>Label</th><th>IoU</th></tr>\n");
	for (j = g->start[s->image]; j < g->start[s->image + 1]; j++)
		put_conflict_row(b, v, &v->r->conflicts[g->order[j]]);
	tly_buf_puts(b, "</table>\n");
}

static void put_flagged(tly_buf *b, const tly_report__view *v)
{
	size_t i, shown = 0;

	tly_buf_printf(b, "<h2>Flagged images (%zu)</h2>\n", v->flagged);
	if (!v->flagged)
		tly_buf_puts(b, "<p>No image needs review.</p>\n");
	for (i = 0; i < v->r->n_images && shown < HTML_MAX_FLAGGED; i++) {
		if (!v->r->images[i].flagged)
			continue;
		put_flagged_image(b, v, &v->r->images[i]);
		shown++;
	}
	if (v->flagged > shown)
		tly_buf_printf(b, "<p>%zu more flagged images are listed in report.json and "
			       "conflicts.csv.</p>\n", v->flagged - shown);
}

void tly_report__html(tly_buf *b, const tly_report__view *v)
{
	tly_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<title>tally report</title>\n<style>");
	tly_buf_puts(b, style);
	tly_buf_puts(b, "</style>\n</head>\n<body>\n");
	put_run(b, v);
	put_summary(b, v);
	tly_report__html_annotators(b, v);
	tly_report__html_pairs(b, v);
	tly_report__html_classes(b, v);
	put_flagged(b, v);
	tly_buf_puts(b, "</body>\n</html>\n");
}
