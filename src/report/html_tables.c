/*
 * report.html's tables: annotators (against the leave-one-out consensus and
 * against gold, with the F1 chart and the conflicts each one caused), pairs
 * (heat-maps and the full list) and classes. Precision, recall and label
 * accuracy carry their 95% Wilson interval (ci.c). Gold-only annotators are
 * references, not audited, so they are named once instead of filling rows
 * with dashes. Checked by tests/report/test_html.c.
 */
#include <inttypes.h>
#include <math.h>

#include "report/ci.h"
#include "report/html.h"
#include "util/alloc.h"

/* Conflict kinds an annotator can cause (a tie belongs to no one): the table's columns. */
static const tly_conflict_kind own_kinds[] = {TLY_CONFLICT_MISSING, TLY_CONFLICT_EXTRA,
					      TLY_CONFLICT_LABEL_MISMATCH, TLY_CONFLICT_LOW_OVERLAP,
					      TLY_CONFLICT_MISMATCHING_ATTRIBUTES};
#define OWN_KINDS (sizeof(own_kinds) / sizeof(own_kinds[0]))

/* The column of KIND; OWN_KINDS for a tie. */
static size_t own_column(tly_conflict_kind kind)
{
	size_t k;

	for (k = 0; k < OWN_KINDS && own_kinds[k] != kind; k++)
		;
	return k;
}

/*
 * V then its 95% Wilson interval, "0.810 [0.60, 0.92]": two decimals are
 * all the precision an interval from a few dozen objects carries.
 */
static const double nan2[2] = {NAN, NAN};

static void ci_cell(tly_buf *b, const char *cls, double v, const double ci[2])
{
	tly_buf_printf(b, "<td class=\"%s\">", cls);
	tly_report__html_fmt(b, v);
	if (isfinite(ci[0]))
		tly_buf_printf(b, " <span class=\"ci\">[%.2f, %.2f]</span>", ci[0], ci[1]);
	tly_buf_puts(b, "</td>");
}

static void counts_cells(tly_buf *b, const tly_counts *c)
{
	tly_report__counts_ci ci;

	tly_report__counts_ci95(&ci, c);
	ci_cell(b, "n sep", tly_counts_precision(c), ci.precision);
	ci_cell(b, "n", tly_counts_recall(c), ci.recall);
	tly_report__html_heat(b, tly_counts_f1(c));
	tly_report__html_num(b, tly_counts_mean_iou(c));
	ci_cell(b, "n", tly_counts_label_accuracy(c), ci.label_accuracy);
	tly_buf_printf(b, "<td class=\"n\">%" PRIu64 " / %" PRIu64 " / %" PRIu64 "</td>"
		       "<td class=\"n\">%u</td>", c->tp, c->fp, c->fn, c->images);
}

static void annotator_head(tly_buf *b, int gold)
{
	static const char group[] = "<th class=\"sep\">Precision</th><th>Recall</th><th>F1</th>"
				    "<th>Mean IoU</th><th>Label acc.</th><th>TP / FP / FN</th>"
				    "<th>Images</th>";

	tly_buf_printf(b, "<div class=\"scroll\"><table>\n<thead><tr><th rowspan=\"2\">Annotator</th>"
		       "<th rowspan=\"2\">Images done</th>"
		       "<th colspan=\"7\" class=\"grp sep\">Against consensus (leave-one-out)</th>%s"
		       "</tr>\n<tr>%s%s</tr></thead>\n",
		       gold ? "<th colspan=\"7\" class=\"grp sep\">Against gold</th>" : "",
		       group, gold ? group : "");
}

static void annotator_table(tly_buf *b, const tly_report__view *v)
{
	int gold = tly_report__html_any_gold(v);
	size_t i;

	annotator_head(b, gold);
	for (i = 0; i < v->r->n_annotators; i++) {
		const tly_annotator_stats *a = &v->r->annotators[i];

		if (!tly_report__html_voter(v, (uint32_t)i))
			continue;
		tly_buf_puts(b, "<tr><td>");
		tly_report__html_who(b, v, (uint32_t)i);
		tly_buf_printf(b, "</td><td class=\"n\">%u</td>", a->images_done);
		counts_cells(b, &a->vs_consensus);
		if (a->vs_gold.images > 0)
			counts_cells(b, &a->vs_gold);
		else if (gold)
			tly_buf_puts(b, "<td colspan=\"7\" class=\"na sep\">no gold images</td>");
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table></div>\n");
}

/* Conflicts per annotator and kind, counted in one pass; NULL when out of memory. */
static uint64_t *own_conflicts(const tly_report__view *v)
{
	uint64_t *n;
	size_t i, count;

	if (tly_mul_size(&count, v->r->n_annotators, OWN_KINDS) < 0)
		return NULL;
	if (!(n = tly_calloc(count ? count : 1, sizeof(*n))))
		return NULL;
	for (i = 0; i < v->r->n_conflicts; i++) {
		const tly_conflict *c = &v->r->conflicts[i];
		size_t k = own_column(c->kind);

		if (c->annotator != UINT32_MAX && k < OWN_KINDS)
			n[(size_t)c->annotator * OWN_KINDS + k]++;
	}
	return n;
}

static void conflict_table(tly_buf *b, const tly_report__view *v)
{
	uint64_t *n = own_conflicts(v), sum;
	size_t i, k;

	if (!n) {
		tly_report__html_nomem(b);
		return;
	}
	tly_buf_puts(b, "<table>\n<thead><tr><th>Annotator</th>");
	for (k = 0; k < OWN_KINDS; k++)
		tly_buf_printf(b, "<th><span class=\"k\" style=\"background:%s\">%s</span></th>",
			       tly_report__html_kind_color(own_kinds[k]), tly_report__html_kind(own_kinds[k]));
	tly_buf_puts(b, "<th>Total</th></tr></thead>\n");
	for (i = 0; i < v->r->n_annotators; i++) {
		if (!tly_report__html_voter(v, (uint32_t)i))
			continue;
		tly_buf_puts(b, "<tr><td>");
		tly_report__html_who(b, v, (uint32_t)i);
		tly_buf_puts(b, "</td>");
		for (k = 0, sum = 0; k < OWN_KINDS; k++) {
			tly_report__html_count(b, n[i * OWN_KINDS + k]);
			sum += n[i * OWN_KINDS + k];
		}
		tly_buf_printf(b, "<td class=\"n\"><b>%" PRIu64 "</b></td></tr>\n", sum);
	}
	tly_buf_puts(b, "</table>\n");
	tly_free(n);
}

/* Annotators with no vote anywhere (label maps included): gold references, named rather than tabled. */
static void references(tly_buf *b, const tly_report__view *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->r->n_annotators; i++) {
		if (tly_report__html_voter(v, (uint32_t)i) || v->seg.map_voter[i])
			continue;
		tly_buf_puts(b, n++ ? ", " : "<p class=\"note\">Not audited (no votes, gold only): ");
		tly_report__html_text(b, tly_report__annotator(v, (uint32_t)i));
	}
	if (n)
		tly_buf_puts(b, ".</p>\n");
}

void tly_report__html_annotators(tly_buf *b, const tly_report__view *v)
{
	size_t i, n = 0;

	tly_buf_puts(b, "<h2 id=\"annotators\">Annotators</h2>\n");
	for (i = 0; i < v->r->n_annotators; i++)
		n += (size_t)tly_report__html_voter(v, (uint32_t)i);
	if (!n) {
		tly_buf_puts(b, v->seg.any ? "<p>No annotator voted on objects or image labels: their label "
			     "maps are audited under <a href=\"#segmentation\">Segmentation</a>.</p>\n" :
			     "<p>No annotator voted.</p>\n");
		references(b, v);
		return;
	}
	tly_buf_puts(b, "<p class=\"note\">Against consensus: each annotator against the consensus of "
		     "the others (their own vote left out). ");
	tly_buf_puts(b, tly_report__html_any_gold(v) ?
		     "Against gold: against the gold submissions, on the images that have them. " :
		     "No gold submissions, so no audit against gold. ");
	tly_buf_puts(b, "A true positive is a match at the run&#39;s IoU with the same label. "
		     "[lo, hi]: the 95% Wilson interval of the figure before it.</p>\n"
		     "<div class=\"cards\">\n<div class=\"card\"><h4>F1 per annotator</h4>\n");
	tly_report__html_f1_chart(b, v);
	tly_buf_puts(b, "</div>\n<div class=\"card\"><h4>Conflicts per annotator</h4>\n");
	conflict_table(b, v);
	tly_buf_puts(b, "</div>\n</div>\n");
	annotator_table(b, v);
	references(b, v);
}

static int pairs_have(const tly_report__view *v, int which)
{
	size_t i;

	for (i = 0; i < v->r->n_pairs; i++)
		if (isfinite(which ? v->r->pairs[i].kappa : v->r->pairs[i].f1))
			return 1;
	return 0;
}

/* Whether any pair compared objects (0) or labels (1): a task nobody did gets no columns. */
static int pairs_did(const tly_report__view *v, int which)
{
	size_t i;

	for (i = 0; i < v->r->n_pairs; i++)
		if (which ? v->r->pairs[i].kappa_items > 0 : v->r->pairs[i].images > 0)
			return 1;
	return 0;
}

static void pair_list(tly_buf *b, const tly_report__view *v)
{
	int objects = pairs_did(v, 0) || !pairs_did(v, 1), labels = pairs_did(v, 1);
	size_t i;

	tly_buf_puts(b, "<div class=\"scroll\"><table>\n<thead><tr><th>A</th><th>B</th>");
	if (objects)
		tly_buf_puts(b, "<th>Shared images</th><th>Matched, same label</th><th>Objects A</th>"
			     "<th>Objects B</th><th>F1 (objects)</th>");
	if (labels)
		tly_buf_puts(b, "<th>Cohen&#39;s kappa (labels)</th><th>Kappa items</th>");
	tly_buf_puts(b, "</tr></thead>\n");
	for (i = 0; i < v->r->n_pairs; i++) {
		const tly_pair_stats *p = &v->r->pairs[i];

		tly_buf_puts(b, "<tr><td>");
		tly_report__html_who(b, v, p->a);
		tly_buf_puts(b, "</td><td>");
		tly_report__html_who(b, v, p->b);
		tly_buf_puts(b, "</td>");
		if (objects) {
			tly_report__html_count(b, p->images);
			tly_report__html_count(b, p->tp);
			tly_report__html_count(b, p->n_a);
			tly_report__html_count(b, p->n_b);
			tly_report__html_heat(b, p->f1);
		}
		if (labels) {
			tly_report__html_heat(b, p->kappa);
			tly_report__html_count(b, p->kappa_items);
		}
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table></div>\n");
}

void tly_report__html_pairs(tly_buf *b, const tly_report__view *v)
{
	size_t i, n = 0;

	tly_buf_puts(b, "<h2 id=\"pairs\">Annotator pairs</h2>\n");
	if (!v->r->n_pairs) {
		tly_buf_puts(b, v->r->n_map_pairs ? "<p>No pair compared objects or image labels; the pairs&#39; "
			     "label maps are under <a href=\"#segmentation\">Segmentation</a>.</p>\n" :
			     "<p>Fewer than two annotators voted: no pairs.</p>\n");
		return;
	}
	for (i = 0; i < v->r->n_annotators; i++)
		n += (size_t)tly_report__html_voter(v, (uint32_t)i);
	if (n > TLY_HTML_MAX_MATRIX) {
		tly_buf_printf(b, "<p class=\"note\">%zu annotators: too many for a grid; every pair is "
			       "in the list below.</p>\n", n);
	} else if (pairs_have(v, 0) || pairs_have(v, 1)) {
		tly_buf_puts(b, "<div class=\"cards\">\n");
		if (pairs_have(v, 0))
			tly_report__html_pair_matrix(b, v, 0);
		if (pairs_have(v, 1))
			tly_report__html_pair_matrix(b, v, 1);
		tly_buf_puts(b, "</div>\n");
	}
	pair_list(b, v);
}

/*
 * The classes table; with label maps (and only then, so other runs keep
 * their page) a column of each class's Fleiss' kappa over the maps' pixels
 * with its 95% bootstrap interval.
 */
void tly_report__html_classes(tly_buf *b, const tly_report__view *v)
{
	int maps = v->r->n_cons_maps > 0;
	size_t i;

	tly_buf_puts(b, "<h2 id=\"classes\">Classes</h2>\n");
	if (!tly_dataset_n_listed_categories(v->ds)) {
		tly_buf_puts(b, "<p>No categories.</p>\n");
		return;
	}
	tly_buf_puts(b, "<p class=\"note\">Support: consensus objects and image labels of the class. "
		     "Agreement: their mean confidence (votes for the label / voters). Mean IoU: of "
		     "the annotators&#39; boxes to the consensus box.");
	if (maps)
		tly_buf_puts(b, " Fleiss&#39; kappa (maps): chance-corrected agreement on the class over "
			     "the label maps&#39; pixels, with its 95% bootstrap interval over images.");
	tly_buf_puts(b, "</p>\n<table>\n<thead><tr>"
		     "<th>Label</th><th>Support</th><th>Agreement</th><th>Mean IoU</th>");
	tly_buf_puts(b, maps ? "<th>Fleiss&#39; kappa (maps)</th></tr></thead>\n" : "</tr></thead>\n");
	for (i = 0; i < v->r->n_classes; i++) {
		const tly_class_stats *c = &v->r->classes[i];
		const tly_stat *k = &c->fleiss_kappa_maps;

		/* the rules' aliases and ignored labels are not classes of the run */
		if (tly_dataset_category_retired(v->ds, c->category))
			continue;
		tly_buf_puts(b, c->support ? "<tr><td>" : "<tr class=\"ref\"><td>");
		tly_report__html_text(b, tly_report__category(v, c->category));
		tly_buf_puts(b, "</td>");
		tly_report__html_count(b, c->support);
		tly_report__html_heat(b, c->agreement);
		tly_report__html_heat(b, c->mean_iou);
		if (maps)
			ci_cell(b, "n", k->n ? k->value : NAN, k->n && isfinite(k->value) ? k->ci95 : nan2);
		tly_buf_puts(b, "</tr>\n");
	}
	tly_buf_puts(b, "</table>\n");
}
