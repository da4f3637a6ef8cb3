/*
 * report.html's flagged images, worst first: an index table (agreement,
 * why flagged, conflicts by kind, each linking to its card), then one card
 * per image with the box sketch, the mask sketch (label map and instance
 * masks, html_masks.c), the consensus (each object with its voted
 * attributes) and the conflicts (a mismatching_attributes one naming the
 * attribute, the annotator's value and the consensus value, a tie its
 * votes grouped by label). Both stop at
 * TLY_HTML_MAX_FLAGGED images, and each card at TLY_HTML_MAX_CONFLICT_ROWS
 * conflicts, saying how many were left out, so a 10k-image run stays a page.
 * Checked by tests/report/test_html.c.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/attrs.h"
#include "report/html.h"
#include "report/tie_votes.h"
#include "util/alloc.h"

/* Consensus objects or labels named on one card before "and N more". */
#define CONSENSUS_NAMES 12
/* Attributes shown per consensus object before "and N more". */
#define ATTRIBUTES_SHOWN 8

typedef struct {
	const tly_report__view *v;
	double min; /* review.min_agreement; NaN when the rules do not say */
	int both;   /* the run has objects and labels tasks, so agreement splits by task */
} flagged_ctx;

typedef struct {
	double agreement; /* NaN sorts last: a tie with too few voters to measure */
	uint32_t image;   /* result image index */
} flagged_item;

static int by_agreement(const void *x, const void *y)
{
	const flagged_item *a = x, *b = y;
	int na = !isfinite(a->agreement), nb = !isfinite(b->agreement);

	if (na != nb)
		return na - nb;
	if (!na && a->agreement != b->agreement)
		return a->agreement < b->agreement ? -1 : 1;
	/* Equal agreement: image order (names), so the page is the same on every run. */
	return (a->image > b->image) - (a->image < b->image);
}

/* The flagged images, lowest agreement first; NULL only when out of memory. */
static flagged_item *sorted_flagged(const tly_report__view *v)
{
	flagged_item *f = tly_calloc(v->flagged ? v->flagged : 1, sizeof(*f));
	size_t i, n = 0;

	if (!f)
		return NULL;
	for (i = 0; i < v->r->n_images && n < v->flagged; i++) {
		if (!v->r->images[i].flagged)
			continue;
		f[n].agreement = v->r->images[i].agreement;
		f[n].image = (uint32_t)i;
		n++;
	}
	qsort(f, n, sizeof(*f), by_agreement);
	return f;
}

/* Conflicts of dataset image IMG per kind (index = tly_conflict_kind). */
static void kinds_of(const tly_report__view *v, uint32_t img, size_t count[TLY_CONFLICT_KIND_MAX + 1])
{
	const tly_report__group *g = &v->conflicts;
	size_t j;

	for (j = 0; j <= TLY_CONFLICT_KIND_MAX; j++)
		count[j] = 0;
	for (j = g->start[img]; j < g->start[img + 1]; j++)
		count[v->r->conflicts[g->order[j]].kind]++;
}

static void put_why(tly_buf *b, const flagged_ctx *x, const tly_image_stats *s, const size_t *count)
{
	int low = isfinite(s->agreement) && (!isfinite(x->min) || s->agreement < x->min);

	if (count[TLY_CONFLICT_TIE])
		tly_buf_puts(b, "tie");
	if (count[TLY_CONFLICT_TIE] && low)
		tly_buf_puts(b, ", ");
	if (low && isfinite(x->min))
		tly_buf_printf(b, "agreement &lt; %.2f", x->min);
	else if (low || !count[TLY_CONFLICT_TIE])
		tly_buf_puts(b, "low agreement");
}

static void kind_badges(tly_buf *b, const size_t *count)
{
	size_t k;

	for (k = TLY_CONFLICT_MISSING; k <= TLY_CONFLICT_KIND_MAX; k++)
		if (count[k])
			tly_buf_printf(b, "<span class=\"k\" style=\"background:%s\">%zu %s</span> ",
				       tly_report__html_kind_color((tly_conflict_kind)k), count[k],
				       tly_report__html_kind((tly_conflict_kind)k));
}

/* An image's voters when one task (or label maps alone) applies: the largest count. */
static uint32_t most_voters(const tly_image_stats *s)
{
	uint32_t n = s->voters_objects > s->voters_labels ? s->voters_objects : s->voters_labels;

	return n > s->voters_maps ? n : s->voters_maps;
}

static void index_row(tly_buf *b, const flagged_ctx *x, size_t rank, const tly_image_stats *s)
{
	const tly_report__view *v = x->v;
	size_t count[TLY_CONFLICT_KIND_MAX + 1];

	kinds_of(v, s->image, count);
	tly_buf_printf(b, "<tr><td class=\"n\">%zu</td><td><a href=\"#img-%u\">", rank, s->image);
	tly_report__html_text(b, v->ds->images[s->image].name);
	tly_buf_puts(b, "</a></td>");
	tly_report__html_heat(b, s->agreement);
	if (x->both) {
		tly_report__html_num(b, s->agreement_objects);
		tly_report__html_num(b, s->agreement_labels);
		tly_buf_printf(b, "<td class=\"n\">%u / %u</td><td>", s->voters_objects, s->voters_labels);
	} else {
		tly_buf_printf(b, "<td class=\"n\">%u</td><td>", most_voters(s));
	}
	put_why(b, x, s, count);
	tly_buf_puts(b, "</td><td>");
	kind_badges(b, count);
	tly_buf_puts(b, "</td></tr>\n");
}

/* An attribute value in quotes (so an empty one shows), or WHEN_NONE. */
static void attr_value(tly_buf *b, const tly_result *r, uint32_t value, const char *when_none)
{
	if (value == UINT32_MAX) {
		tly_buf_puts(b, when_none);
		return;
	}
	tly_buf_puts(b, "<q>");
	tly_report__html_text(b, r->attr_strings[value]);
	tly_buf_puts(b, "</q>");
}

/* What mismatching_attributes conflict K is about: "color <q>blue</q>, consensus <q>red</q>". */
static void attr_detail(tly_buf *b, const tly_result *r, size_t k)
{
	const tly_conflict_attr *a = tly_report__conflict_attr(r, k);

	if (!a)
		return;
	tly_buf_puts(b, " <span class=\"meta\">");
	tly_report__html_text(b, r->attr_strings[a->name]);
	tly_buf_putc(b, ' ');
	attr_value(b, r, a->value, "none given");
	tly_buf_puts(b, ", consensus ");
	attr_value(b, r, a->consensus, "none");
	tly_buf_puts(b, "</span>");
}

/*
 * Who voted for what in tie conflict K, grouped by label in bytewise name
 * order (the tie-break's order), voters by annotator: "bicycle &mdash;
 * alice, bob; motorcycle &mdash; carol, dave". A vote is a few rows (one
 * per voter), so each label is found by a walk over them.
 */
static void tie_detail(tly_buf *b, const tly_report__view *v, size_t k)
{
	const tly_tie_vote *t;
	const char *prev = NULL;
	size_t first, n, i, j;

	tly_report__tie_votes_of(&first, &n, v->r, k);
	if (!n)
		return;
	t = v->r->tie_votes + first;
	tly_buf_puts(b, " <span class=\"meta\">");
	for (;;) {
		const char *next = NULL;
		uint32_t cat = 0;
		int named = 0;

		for (i = 0; i < n; i++) {
			const char *s = tly_report__category(v, t[i].category);

			if ((!prev || strcmp(s, prev) > 0) && (!next || strcmp(s, next) < 0)) {
				next = s;
				cat = t[i].category;
			}
		}
		if (!next)
			break;
		if (prev)
			tly_buf_puts(b, "; ");
		tly_report__html_text(b, next);
		tly_buf_puts(b, " &mdash; ");
		for (j = 0; j < n; j++) {
			if (t[j].category != cat)
				continue;
			tly_buf_puts(b, named++ ? ", " : "");
			tly_report__html_text(b, tly_report__annotator(v, t[j].annotator));
		}
		prev = next;
	}
	tly_buf_puts(b, "</span>");
}

/* Conflict K (an index into r->conflicts). */
static void conflict_row(tly_buf *b, const tly_report__view *v, size_t k)
{
	const tly_conflict *c = &v->r->conflicts[k];

	tly_buf_printf(b, "<tr><td><span class=\"k\" style=\"background:%s\">%s</span>",
		       tly_report__html_kind_color(c->kind), tly_report__html_kind(c->kind));
	if (c->kind == TLY_CONFLICT_MISMATCHING_ATTRIBUTES)
		attr_detail(b, v->r, k);
	if (c->kind == TLY_CONFLICT_TIE)
		tie_detail(b, v, k);
	tly_buf_puts(b, "</td><td>");
	tly_report__html_who(b, v, c->annotator);
	tly_buf_printf(b, "</td><td>%s</td><td>", tly_report__task_name(c->task));
	tly_report__html_text(b, tly_report__category(v, c->category));
	tly_buf_puts(b, "</td>");
	tly_report__html_num(b, c->iou);
	if (c->object_id != 0)
		tly_buf_printf(b, "<td class=\"n na\">%" PRId64 "</td></tr>\n", c->object_id);
	else
		tly_buf_puts(b, "<td class=\"n na\">&ndash;</td></tr>\n");
}

static void conflict_table(tly_buf *b, const tly_report__view *v, uint32_t img)
{
	const tly_report__group *g = &v->conflicts;
	size_t j, n = g->start[img + 1] - g->start[img];

	if (!n) {
		tly_buf_puts(b, "<p>No conflicts: flagged for its low agreement.</p>\n");
		return;
	}
	tly_buf_puts(b, "<table>\n<thead><tr><th>Conflict</th><th>Annotator</th><th>Task</th>"
		     "<th>Label</th><th>IoU</th><th>Object id</th></tr></thead>\n");
	for (j = 0; j < n && j < TLY_HTML_MAX_CONFLICT_ROWS; j++)
		conflict_row(b, v, g->order[g->start[img] + j]);
	tly_buf_puts(b, "</table>\n");
	if (n > TLY_HTML_MAX_CONFLICT_ROWS)
		tly_buf_printf(b, "<p class=\"note\">%zu more conflict%s on this image %s not shown.</p>\n",
			       n - TLY_HTML_MAX_CONFLICT_ROWS,
			       n - TLY_HTML_MAX_CONFLICT_ROWS == 1 ? "" : "s",
			       n - TLY_HTML_MAX_CONFLICT_ROWS == 1 ? "is" : "are");
}

/* One consensus item: "<b>car</b> (0.750)", the figure being its confidence. */
static void consensus_item(tly_buf *b, const tly_report__view *v, size_t nth, uint32_t category,
			   double confidence)
{
	tly_buf_puts(b, nth ? ", <b>" : " <b>");
	tly_report__html_text(b, tly_report__category(v, category));
	tly_buf_puts(b, "</b> (");
	tly_report__html_fmt(b, confidence);
	tly_buf_puts(b, ")");
}

/* Consensus object OBJ's voted attributes, "(color: <q>red</q>, pose: tied)"; nothing when none. */
static void object_attributes(tly_buf *b, const tly_result *r, size_t obj)
{
	size_t first, n, k;

	tly_export__attrs_span(&first, &n, r, obj);
	if (!n)
		return;
	tly_buf_puts(b, " <span class=\"meta\">(");
	for (k = first; k < first + n && k < first + ATTRIBUTES_SHOWN; k++) {
		if (k > first)
			tly_buf_puts(b, ", ");
		tly_report__html_text(b, r->attr_strings[r->cons_attrs[k].name]);
		tly_buf_puts(b, ": ");
		attr_value(b, r, r->cons_attrs[k].value, "tied");
	}
	if (n > ATTRIBUTES_SHOWN)
		tly_buf_printf(b, " and %zu more", n - ATTRIBUTES_SHOWN);
	tly_buf_puts(b, ")</span>");
}

/* "Consensus objects: car (1.000), person (0.750) · labels: day (0.750)", capped. */
static void put_consensus(tly_buf *b, const tly_report__view *v, const tly_image_stats *s)
{
	const tly_report__group *o = &v->objs, *t = &v->tags;
	uint32_t img = s->image;
	size_t j, n;

	if (s->voters_objects > 0) {
		n = o->start[img + 1] - o->start[img];
		tly_buf_puts(b, "<p>Consensus objects:");
		for (j = 0; j < n && j < CONSENSUS_NAMES; j++) {
			size_t k = o->order[o->start[img] + j];

			consensus_item(b, v, j, v->r->cons_objects[k].category, v->r->cons_objects[k].confidence);
			object_attributes(b, v->r, k);
		}
		if (n > CONSENSUS_NAMES)
			tly_buf_printf(b, " and %zu more", n - CONSENSUS_NAMES);
		tly_buf_puts(b, n ? "</p>\n" : " none</p>\n");
	}
	if (s->voters_labels > 0) {
		n = t->start[img + 1] - t->start[img];
		tly_buf_puts(b, "<p>Consensus labels:");
		for (j = 0; j < n && j < CONSENSUS_NAMES; j++) {
			const tly_cons_tag *c = &v->r->cons_tags[t->order[t->start[img] + j]];

			consensus_item(b, v, j, c->category, c->confidence);
		}
		if (n > CONSENSUS_NAMES)
			tly_buf_printf(b, " and %zu more", n - CONSENSUS_NAMES);
		tly_buf_puts(b, n ? "</p>\n" : " none</p>\n");
	}
}

/* "Agreement 0.500 (objects 0.500, labels 0.250) · 4 voters · 640 × 480 px". */
static void card_meta(tly_buf *b, const flagged_ctx *x, const tly_image_stats *s, const tly_image *im)
{
	tly_buf_puts(b, "<p class=\"meta\">Agreement <b>");
	tly_report__html_fmt(b, s->agreement);
	tly_buf_puts(b, "</b>");
	if (s->voters_objects > 0 && s->voters_labels > 0) {
		tly_buf_puts(b, " (objects ");
		tly_report__html_fmt(b, s->agreement_objects);
		tly_buf_puts(b, ", labels ");
		tly_report__html_fmt(b, s->agreement_labels);
		tly_buf_puts(b, ")");
	}
	if (x->both)
		tly_buf_printf(b, " &middot; voters: %u on objects, %u on labels", s->voters_objects,
			       s->voters_labels);
	else if (s->voters_objects > 0 || s->voters_labels > 0 || s->voters_maps == 0)
		tly_buf_printf(b, " &middot; %u voters", s->voters_objects > s->voters_labels ?
			       s->voters_objects : s->voters_labels);
	if (im->width > 0 && im->height > 0)
		tly_buf_printf(b, " &middot; %d &times; %d px", (int)im->width, (int)im->height);
	if (s->voters_maps > 0) {
		tly_buf_printf(b, " &middot; label maps: %u voter%s, agreement (mIoU) ", s->voters_maps,
			       s->voters_maps == 1 ? "" : "s");
		tly_report__html_fmt(b, tly_report__agreement_maps(s));
	}
	tly_buf_puts(b, "</p>\n");
}

/* RANK: the card's place in the list; only the first cards draw masks (html.h). */
static void image_card(tly_buf *b, const flagged_ctx *x, const tly_image_stats *s, size_t rank)
{
	const tly_report__view *v = x->v;
	const tly_image *im = &v->ds->images[s->image];

	tly_buf_printf(b, "<div class=\"img\" id=\"img-%u\">\n", s->image);
	if (s->voters_objects > 0 || im->n_objs > 0) {
		tly_buf_puts(b, "<div class=\"fig\">");
		tly_report__html_sketch(b, v, s->image);
		tly_buf_puts(b, "</div>\n");
	}
	if (rank < TLY_HTML_MAX_MASK_CARDS && tly_report__html_has_masks(v, s->image)) {
		tly_buf_puts(b, "<div class=\"fig\">");
		tly_report__html_masks(b, v, s->image);
		tly_buf_puts(b, "</div>\n");
	}
	tly_buf_puts(b, "<div class=\"info\"><h3>");
	tly_report__html_text(b, im->name);
	tly_buf_puts(b, "</h3>\n");
	card_meta(b, x, s, im);
	put_consensus(b, v, s);
	conflict_table(b, v, s->image);
	tly_buf_puts(b, "</div>\n</div>\n");
}

static void index_table(tly_buf *b, const flagged_ctx *x, const flagged_item *f, size_t shown)
{
	size_t i;

	tly_buf_puts(b, x->both ? "<table>\n<thead><tr><th>#</th><th>Image</th><th>Agreement</th>"
		     "<th>Objects</th><th>Labels</th><th>Voters (obj. / lab.)</th>"
		     : "<table>\n<thead><tr><th>#</th><th>Image</th><th>Agreement</th><th>Voters</th>");
	tly_buf_puts(b, "<th>Flagged for</th><th>Conflicts</th></tr></thead>\n");
	for (i = 0; i < shown; i++)
		index_row(b, x, i + 1, &x->v->r->images[f[i].image]);
	tly_buf_puts(b, "</table>\n");
}

/* Whether the run had both tasks: only then do the pages split agreement by task. */
static int both_tasks(const tly_report__view *v)
{
	size_t i;
	int objects = 0, labels = 0;

	for (i = 0; i < v->r->n_images && !(objects && labels); i++) {
		objects |= v->r->images[i].voters_objects > 0;
		labels |= v->r->images[i].voters_labels > 0;
	}
	return objects && labels;
}

void tly_report__html_flagged(tly_buf *b, const tly_report__view *v, double min_agreement)
{
	flagged_ctx x;
	flagged_item *f;
	size_t i, shown;

	tly_buf_printf(b, "<h2 id=\"flagged\">Flagged images (%zu)</h2>\n", v->flagged);
	if (!v->flagged) {
		tly_buf_puts(b, "<p>No image needs review.</p>\n");
		return;
	}
	if (!(f = sorted_flagged(v))) {
		tly_report__html_nomem(b);
		return;
	}
	shown = v->flagged < TLY_HTML_MAX_FLAGGED ? v->flagged : TLY_HTML_MAX_FLAGGED;
	tly_buf_puts(b, "<p class=\"note\">Lowest agreement first. In the sketches the consensus "
		     "boxes are solid black, each annotator&#39;s boxes dashed in their colour, gold "
		     "boxes dotted; hover a box for its annotator and label.</p>\n");
	if (shown < v->flagged) {
		tly_buf_printf(b, "<p><b>%zu more flagged image%s not shown</b>", v->flagged - shown,
			       v->flagged - shown == 1 ? " is" : "s are");
		if (isfinite(f[shown].agreement))
			tly_buf_printf(b, " (agreement %.3f and above)", f[shown].agreement);
		tly_buf_puts(b, ": report.json lists them all, and "
			     "<code>tally report --format csv</code> writes their conflicts to "
			     "conflicts.csv.</p>\n");
	}
	x.v = v;
	x.min = min_agreement;
	x.both = both_tasks(v);
	index_table(b, &x, f, shown);
	for (i = 0; i < shown; i++)
		image_card(b, &x, &v->r->images[f[i].image], i);
	tly_free(f);
}
