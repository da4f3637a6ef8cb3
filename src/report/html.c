/*
 * report.html: a page a QA lead can read without tools. The top answers
 * "how did this run go" (headline figures, agreement spread, conflicts by
 * kind); the sections below answer "who" (annotators, pairs), "what"
 * (classes, and label maps when the run has them) and "where" (flagged
 * images, worst first). Numbers are rounded
 * to 3 decimals for reading (report.json keeps full precision); every name
 * from the input is escaped. Checked by tests/report/test_html.c.
 */
#include <inttypes.h>
#include <math.h>

#include "report/html.h"
#include "report/reliability.h"

#define PLURAL(n) ((n) == 1 ? "" : "s")

/* No fonts, images or scripts are fetched: system fonts and inline SVG only. */
static const char style[] =
	":root{--ink:#1d2330;--mut:#5d6673;--line:#dde1e6;--bg:#f5f6f8}"
	"*{box-sizing:border-box}"
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);"
	"max-width:92em;margin:0 auto;padding:1.2em 1.5em 3em}"
	"h1{font-size:1.55em;margin:.2em 0 .1em}"
	"h2{font-size:1.2em;margin:1.8em 0 .6em;padding-bottom:.25em;border-bottom:2px solid var(--line)}"
	"h3{font-size:1.02em;margin:0 0 .4em}h4{font-size:.9em;margin:0 0 .3em;color:var(--mut)}"
	"a{color:#2f5d9b;text-decoration:none}a:hover{text-decoration:underline}"
	"p{margin:.3em 0 .7em}.meta,.note{color:var(--mut)}.note{font-size:.9em}"
	"nav{margin:.6em 0 1em;font-size:.92em}nav a{margin-right:1.2em}"
	".chip{display:inline-block;background:var(--bg);border:1px solid var(--line);"
	"border-radius:4px;padding:0 .45em;margin:.12em .25em .12em 0;font-size:.85em}"
	".chip b{font-weight:600}"
	"details{margin:.3em 0;font-size:.85em}pre{white-space:pre-wrap;word-break:break-all;"
	"background:var(--bg);padding:.5em;border-radius:4px}"
	".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(11em,1fr));gap:12px;margin:1em 0}"
	".tile{border:1px solid var(--line);border-radius:8px;padding:.7em .9em;background:var(--bg)}"
	".tile .lbl{font-size:.75em;text-transform:uppercase;letter-spacing:.05em;color:var(--mut)}"
	".tile .big{font-size:1.9em;font-weight:600;line-height:1.25;font-variant-numeric:tabular-nums}"
	".tile .sub{font-size:.82em;color:var(--mut)}.tile.alert .big{color:#b3261e}"
	".cards{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}"
	".card{border:1px solid var(--line);border-radius:8px;padding:.7em .9em;background:#fff}"
	"table{border-collapse:collapse;margin:.3em 0 .9em;font-size:.93em}"
	"th,td{border-bottom:1px solid var(--line);padding:.25em .6em;text-align:left;"
	"vertical-align:middle;white-space:nowrap}"
	"th{background:var(--bg);font-weight:600;font-size:.92em}"
	"thead tr:last-child th{border-bottom:2px solid #c9ced6}"
	"th.grp{text-align:center;border-left:2px solid #fff}td.sep,th.sep{border-left:2px solid var(--line)}"
	".scroll{overflow-x:auto;max-width:100%}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}.na{color:#9aa1ab}"
	".ci{color:var(--mut);font-size:.85em}"
	"tr.ref td{color:var(--mut)}"
	".sw{display:inline-block;width:.75em;height:.75em;border-radius:2px;margin-right:.4em;"
	"vertical-align:-.05em}"
	".k{display:inline-block;padding:0 .55em;border-radius:1em;font-size:.82em;color:#fff;"
	"white-space:nowrap}"
	".mx td{text-align:center;min-width:3.6em;font-variant-numeric:tabular-nums}"
	".mx td.d{background:var(--bg)}.mx th{max-width:9em;overflow:hidden;text-overflow:ellipsis}"
	".img{display:flex;flex-wrap:wrap;gap:18px;border:1px solid var(--line);border-radius:8px;"
	"padding:.8em 1em;margin:0 0 14px}"
	".img .fig{flex:0 0 auto}.img .info{flex:1 1 26em;min-width:0}"
	".legend{font-size:.82em;color:var(--mut);max-width:480px}.legend>span{margin-right:.8em;white-space:nowrap}"
	"svg{display:block}svg text{font-family:system-ui,sans-serif}"
	"svg .cl{font-weight:600;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px}"
	"@media print{.img{break-inside:avoid}}";

static void put_header(tly_buf *b, const tly_report__view *v)
{
	const tly_result *r = v->r;
	double total = r->seconds_load + r->seconds_compute + r->seconds_save;

	tly_buf_puts(b, "<header>\n<h1>tally &middot; annotation QA report</h1>\n<p class=\"meta\">");
	if (r->run_id > 0)
		tly_buf_printf(b, "Run %" PRId64 " &middot; ", r->run_id);
	tly_buf_puts(b, "created ");
	tly_report__html_text(b, r->created_at);
	tly_buf_printf(b, " &middot; %d thread%s &middot; ", r->threads, r->threads == 1 ? "" : "s");
	if (isfinite(total))
		tly_buf_printf(b, "%.3f s (load %.3f, compute %.3f, save %.3f)", total,
			       r->seconds_load, r->seconds_compute, r->seconds_save);
	else
		tly_buf_puts(b, "time not recorded");
	tly_buf_puts(b, "</p>\n<div>Rules ");
	if (r->rules_sha256[0]) {
		tly_buf_puts(b, "<code title=\"sha256 ");
		tly_report__html_text(b, r->rules_sha256);
		tly_buf_printf(b, "\">%.12s</code>: ", r->rules_sha256);
	}
	tly_report__html_rules(b, r->rules_json);
	tly_buf_puts(b, "</div>\n");
	if (r->rules_json) {
		tly_buf_puts(b, "<details><summary>Rules as JSON</summary><pre>");
		tly_report__html_text(b, r->rules_json);
		tly_buf_puts(b, "</pre></details>\n");
	}
	tly_buf_puts(b, "</header>\n");
}

static void put_nav(tly_buf *b, const tly_report__view *v)
{
	tly_buf_printf(b, "<nav><a href=\"#summary\">Summary</a><a href=\"#annotators\">Annotators</a>"
		       "<a href=\"#over-time\">Over time</a>%s"
		       "<a href=\"#pairs\">Pairs</a><a href=\"#classes\">Classes</a>%s"
		       "<a href=\"#flagged\">Flagged images (%zu)</a></nav>\n",
		       v->r->n_reliability ? "<a href=\"#reliability\">Reliability</a>" : "",
		       v->seg.any ? "<a href=\"#segmentation\">Segmentation</a>" : "", v->flagged);
}

static size_t voters(const tly_report__view *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->r->n_annotators; i++)
		n += (size_t)(tly_report__html_voter(v, (uint32_t)i) || v->seg.map_voter[i]);
	return n;
}

static size_t defined_agreements(const tly_report__view *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->r->n_images; i++)
		n += isfinite(v->r->images[i].agreement) ? 1u : 0u;
	return n;
}

static size_t images_with_conflicts(const tly_report__view *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->ds->n_images; i++)
		n += v->conflicts.start[i + 1] > v->conflicts.start[i] ? 1u : 0u;
	return n;
}

static void tile_start(tly_buf *b, const char *cls, const char *label)
{
	tly_buf_printf(b, "<div class=\"tile%s\"><div class=\"lbl\">%s</div><div class=\"big\">",
		       cls, label);
}

static void put_tiles(tly_buf *b, const tly_report__view *v)
{
	size_t k, n, conflicts = 0, n_img = v->ds->n_images;

	for (k = TLY_CONFLICT_MISSING; k <= TLY_CONFLICT_KIND_MAX; k++)
		conflicts += v->by_kind[k];
	tly_buf_puts(b, "<div class=\"tiles\">\n");
	tile_start(b, "", "Images");
	tly_buf_printf(b, "%zu</div><div class=\"sub\">%zu annotators (%zu voting), %" PRIu64
		       " submissions</div></div>\n", n_img, v->ds->n_annotators, voters(v), v->submissions);
	tile_start(b, v->flagged ? " alert" : "", "Flagged for review");
	tly_buf_printf(b, "%zu</div><div class=\"sub\">", v->flagged);
	if (n_img)
		tly_buf_printf(b, "%.1f%% of images", 100.0 * (double)v->flagged / (double)n_img);
	tly_buf_puts(b, "</div></div>\n");
	tile_start(b, "", "Mean agreement");
	tly_report__html_fmt(b, v->mean_agreement);
	n = defined_agreements(v);
	tly_buf_printf(b, "</div><div class=\"sub\">over %zu image%s with 2+ voters</div></div>\n",
		       n, PLURAL(n));
	tile_start(b, "", "Consensus objects");
	tly_buf_printf(b, "%zu</div><div class=\"sub\">and %zu image labels, from %" PRIu64
		       " objects drawn</div></div>\n", v->r->n_cons_objects, v->r->n_cons_tags, v->objects);
	tile_start(b, conflicts ? " alert" : "", "Conflicts");
	n = images_with_conflicts(v);
	tly_buf_printf(b, "%zu</div><div class=\"sub\">on %zu image%s</div></div>\n</div>\n",
		       conflicts, n, PLURAL(n));
}

static void figure_row(tly_buf *b, const char *label, double x)
{
	tly_buf_printf(b, "<tr><th>%s</th>", label);
	tly_report__html_heat(b, x);
	tly_buf_puts(b, "</tr>\n");
}

/* A run-wide statistic: value, its 95% bootstrap interval, and the units it rests on. */
static void stat_row(tly_buf *b, const char *label, const tly_stat *t)
{
	tly_buf_printf(b, "<tr><th>%s</th><td class=\"n\">", label);
	tly_report__html_fmt(b, t->n ? t->value : NAN);
	if (t->n && isfinite(t->value) && isfinite(t->ci95[0]) && isfinite(t->ci95[1]))
		tly_buf_printf(b, " <span class=\"ci\">[%.2f, %.2f]</span>", t->ci95[0], t->ci95[1]);
	tly_buf_printf(b, " <span class=\"na\">n = %zu</span></td></tr>\n", t->n);
}

/* The spread of agreement, the conflicts' make-up and the run-wide figures, side by side. */
static void put_overview(tly_buf *b, const tly_report__view *v, double min_agreement)
{
	tly_buf_puts(b, "<div class=\"cards\">\n<div class=\"card\"><h4>Image agreement</h4>\n");
	tly_report__html_histogram(b, v, min_agreement);
	tly_buf_puts(b, "</div>\n<div class=\"card\"><h4>Conflicts by kind</h4>\n");
	tly_report__html_conflict_bar(b, v);
	tly_buf_puts(b, "</div>\n<div class=\"card\"><h4>Agreement figures</h4>\n<table>\n");
	figure_row(b, "Mean image agreement", v->mean_agreement);
	figure_row(b, "Mean pair F1 (objects)", v->mean_pair_f1);
	figure_row(b, "Mean pair Cohen&#39;s kappa (labels)", v->mean_pair_kappa);
	figure_row(b, "Mean IoU of consensus objects", v->mean_iou);
	stat_row(b, "Fleiss&#39; kappa (labels)", &v->r->fleiss_kappa);
	stat_row(b, "Krippendorff&#39;s alpha (labels, nominal)", &v->r->krippendorff_alpha);
	if (v->r->labels_ordered) {
		stat_row(b, "Krippendorff&#39;s alpha (labels, ordinal)", &v->r->krippendorff_alpha_ordinal);
		stat_row(b, "Krippendorff&#39;s alpha (labels, interval)", &v->r->krippendorff_alpha_interval);
	}
	stat_row(b, "Krippendorff&#39;s alpha (objects, 1 &minus; IoU)", &v->r->krippendorff_alpha_iou);
	if (v->r->n_cons_maps)
		stat_row(b, "Fleiss&#39; kappa (label map pixels)", &v->r->fleiss_kappa_maps);
	tly_buf_printf(b, "<tr><th>Categories</th><td class=\"n\">%zu</td></tr>\n</table>\n"
		       "<p class=\"note\">Cells are tinted from red (0) to green (1).</p></div>\n</div>\n",
		       tly_dataset_n_listed_categories(v->ds));
}

void tly_report__html(tly_buf *b, const tly_report__view *v)
{
	double min_agreement = tly_report__html_rule_number(v->r->rules_json, "review", "min_agreement");

	tly_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
		     "<title>tally report</title>\n<style>");
	tly_buf_puts(b, style);
	tly_buf_puts(b, "</style>\n</head>\n<body>\n");
	put_header(b, v);
	put_nav(b, v);
	tly_buf_puts(b, "<h2 id=\"summary\">Summary</h2>\n");
	put_tiles(b, v);
	put_overview(b, v, min_agreement);
	tly_report__html_annotators(b, v);
	tly_report__html_periods(b, v);
	tly_report__html_reliability(b, v);
	tly_report__html_pairs(b, v);
	tly_report__html_classes(b, v);
	tly_report__html_segmentation(b, v);
	tly_report__html_flagged(b, v, min_agreement);
	tly_buf_puts(b, "</body>\n</html>\n");
}
