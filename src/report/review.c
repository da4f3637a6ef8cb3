/*
 * The review queue (tally/review.h): which images a run flagged, in the
 * order a reviewer should take them (worst agreement first), why, and the
 * CSV and JSON task lists. CVAT and Label Studio forms are in review_tools.c.
 * A tie names its tied labels when the run kept its votes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geom/box_json.h"
#include "report/review_queue.h"
#include "report/tie_votes.h"
#include "tally/error.h"
#include "tally/rules.h"
#include "util/alloc.h"

int tly_review_format_parse(tly_review_format *out, const char *name)
{
	static const char *const names[] = {"csv", "json", "cvat", "labelstudio"};
	size_t i;

	for (i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i])) {
			*out = (tly_review_format)i;
			return 0;
		}
	return tly_error_set(TLY_EARG, "review format '%s': expected csv, json, cvat or labelstudio",
			     name ? name : "");
}

/* A queue entry with its sort keys, so the comparison needs no outside state. */
typedef struct {
	double agreement;
	const char *name;
	uint32_t image;
} entry;

/* Queue order: defined agreement ascending, undefined after, then by image name. */
static int by_queue(const void *pa, const void *pb)
{
	const entry *a = pa, *b = pb;

	if (isnan(a->agreement) != isnan(b->agreement))
		return isnan(a->agreement) ? 1 : -1;
	if (!isnan(a->agreement) && a->agreement != b->agreement)
		return a->agreement < b->agreement ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The run's review triggers, from the rules it stored (older runs lack max_conflicts: none). */
static void run_triggers(tly_review__queue *q, const tly_result *r)
{
	tly_rules *rules = NULL;

	q->min_agreement = NAN;
	q->max_conflicts = -1;
	if (r->rules_json && tly_rules_parse(&rules, r->rules_json, strlen(r->rules_json), "run rules") == 0) {
		q->min_agreement = tly_rules_policy(rules)->min_agreement;
		q->max_conflicts = tly_rules_policy(rules)->max_conflicts;
	}
	tly_rules_free(rules);
}

int tly_review__queue_init(tly_review__queue *q, const tly_dataset *ds, const tly_result *r)
{
	entry *e = NULL;
	size_t i, n = 0;
	int error;

	memset(q, 0, sizeof(*q));
	if ((error = tly_report__view_init(&q->view, ds, r)) < 0)
		return error;
	run_triggers(q, r);
	for (i = 0; i < r->n_images && i < ds->n_images; i++)
		n += r->images[i].flagged != 0;
	e = tly_calloc(n + 1, sizeof(*e));
	q->images = tly_calloc(n + 1, sizeof(*q->images));
	if (!e || !q->images) {
		tly_free(e);
		tly_review__queue_clear(q);
		return TLY_ENOMEM;
	}
	for (i = 0; i < r->n_images && i < ds->n_images; i++) {
		if (!r->images[i].flagged)
			continue;
		e[q->n].agreement = r->images[i].agreement;
		e[q->n].name = ds->images[i].name;
		e[q->n].image = (uint32_t)i;
		q->n++;
	}
	qsort(e, q->n, sizeof(*e), by_queue);
	for (i = 0; i < q->n; i++)
		q->images[i] = e[i].image;
	tly_free(e);
	return 0;
}

void tly_review__queue_clear(tly_review__queue *q)
{
	tly_report__view_clear(&q->view);
	tly_free(q->images);
	memset(q, 0, sizeof(*q));
}

/* Conflicts of IMAGE by kind, into COUNT[kind]. */
static void count_kinds(size_t *count, const tly_review__queue *q, uint32_t image)
{
	const tly_report__group *g = &q->view.conflicts;
	size_t k;

	memset(count, 0, sizeof(size_t) * (TLY_CONFLICT_KIND_MAX + 1));
	for (k = g->start[image]; k < g->start[image + 1]; k++)
		count[q->view.r->conflicts[g->order[k]].kind]++;
}

/* Votes among T[0..n) for category CAT. */
static size_t votes_for(const tly_tie_vote *t, size_t n, uint32_t cat)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += t[i].category == cat;
	return c;
}

/*
 * The labels tie conflict K tied between, "bicycle vs person" (most votes,
 * by name); nothing when the run kept no votes. A vote is a few rows, so
 * the labels are found by walks over them.
 */
static void tied_labels(tly_buf *b, const tly_review__queue *q, size_t k, const char **sep)
{
	const tly_report__view *v = &q->view;
	const tly_tie_vote *t;
	const char *prev = NULL;
	size_t first, n, i, top = 0;

	tly_report__tie_votes_of(&first, &n, v->r, k);
	t = v->r->tie_votes + first;
	for (i = 0; i < n; i++) {
		size_t c = votes_for(t, n, t[i].category);

		top = c > top ? c : top;
	}
	if (!n)
		return;
	tly_buf_puts(b, *sep);
	*sep = "; ";
	for (;;) {
		const char *next = NULL;

		for (i = 0; i < n; i++) {
			const char *s = tly_report__category(v, t[i].category);

			if (votes_for(t, n, t[i].category) == top && (!prev || strcmp(s, prev) > 0) &&
			    (!next || strcmp(s, next) < 0))
				next = s;
		}
		if (!next)
			break;
		tly_buf_printf(b, "%s%s", prev ? " vs " : "", next);
		prev = next;
	}
}

/* "(bicycle vs person; car vs truck)": the tied labels of IMAGE's ties, when known. */
static void tie_labels(tly_buf *b, const tly_review__queue *q, uint32_t image)
{
	const tly_report__group *g = &q->view.conflicts;
	tly_buf labels = TLY_BUF_INIT;
	const char *sep = "";
	size_t j;

	for (j = g->start[image]; j < g->start[image + 1]; j++)
		if (q->view.r->conflicts[g->order[j]].kind == TLY_CONFLICT_TIE)
			tied_labels(&labels, q, g->order[j], &sep);
	if (labels.error)
		b->error = labels.error;
	else if (labels.size)
		tly_buf_printf(b, " (%.*s)", (int)labels.size, labels.ptr);
	tly_buf_clear(&labels);
}

void tly_review__reasons(tly_buf *b, const tly_review__queue *q, uint32_t image)
{
	const tly_image_stats *s = &q->view.r->images[image];
	size_t count[TLY_CONFLICT_KIND_MAX + 1], k, total = 0;
	int sep = 0, first = 1;

	count_kinds(count, q, image);
	if (count[TLY_CONFLICT_TIE]) {
		tly_buf_printf(b, "%zu tied vote%s", count[TLY_CONFLICT_TIE],
			       count[TLY_CONFLICT_TIE] == 1 ? "" : "s");
		tie_labels(b, q, image);
		sep = 1;
	}
	if (!isnan(s->agreement) && !isnan(q->min_agreement) && s->agreement < q->min_agreement) {
		tly_buf_printf(b, "%sagreement %.3f < %g", sep ? "; " : "", s->agreement, q->min_agreement);
		sep = 1;
	}
	for (k = 1; k <= TLY_CONFLICT_KIND_MAX; k++)
		total += k == TLY_CONFLICT_TIE ? 0 : count[k];
	if (!total) {
		if (!sep)
			tly_buf_puts(b, "flagged");
		return;
	}
	tly_buf_printf(b, "%s%zu conflict%s", sep ? "; " : "", total, total == 1 ? "" : "s");
	if (q->max_conflicts >= 0 && total + count[TLY_CONFLICT_TIE] > (size_t)q->max_conflicts)
		tly_buf_printf(b, " > %lld", (long long)q->max_conflicts);
	tly_buf_puts(b, " (");
	for (k = 1; k <= TLY_CONFLICT_KIND_MAX; k++) {
		if (!count[k] || k == TLY_CONFLICT_TIE)
			continue;
		tly_buf_printf(b, "%s%zu %s", first ? "" : ", ", count[k],
			       tly_report__kind_name((tly_conflict_kind)k));
		first = 0;
	}
	tly_buf_putc(b, ')');
}

static void render_csv(tly_buf *b, const tly_review__queue *q)
{
	size_t i, k, count[TLY_CONFLICT_KIND_MAX + 1];

	tly_buf_puts(b, "image,agreement,reasons,missing,extra,label_mismatch,low_overlap,tie,mismatching_attributes\r\n");
	for (i = 0; i < q->n; i++) {
		uint32_t im = q->images[i];
		tly_buf reasons = TLY_BUF_INIT;

		tly_buf_put_csv_field(b, q->view.ds->images[im].name);
		tly_buf_putc(b, ',');
		if (!isnan(q->view.r->images[im].agreement))
			tly_buf_put_json_number(b, q->view.r->images[im].agreement);
		tly_buf_putc(b, ',');
		tly_review__reasons(&reasons, q, im);
		tly_buf_put_csv_field(b, reasons.ptr ? reasons.ptr : "");
		if (reasons.error)
			b->error = reasons.error;
		tly_buf_clear(&reasons);
		count_kinds(count, q, im);
		for (k = 1; k <= TLY_CONFLICT_KIND_MAX; k++)
			tly_buf_printf(b, ",%zu", count[k]);
		tly_buf_puts(b, "\r\n");
	}
}

static void json_name(tly_buf *b, const char *name)
{
	if (name)
		tly_buf_put_json_string(b, name);
	else
		tly_buf_puts(b, "null");
}

static void json_conflict(tly_buf *b, const tly_review__queue *q, const tly_conflict *c)
{
	const tly_result *r = q->view.r;
	const tly_image *im = &q->view.ds->images[c->image];
	const tly_object *o = c->task == TLY_TASK_OBJECTS && c->object_id ? tly_image_object(im, c->object_id) : NULL;
	uint32_t cons_cat = UINT32_MAX;

	if (c->consensus >= 0)
		cons_cat = c->task == TLY_TASK_OBJECTS ? r->cons_objects[c->consensus].category
						       : r->cons_tags[c->consensus].category;
	tly_buf_printf(b, "{\"kind\":\"%s\",\"task\":\"%s\",\"annotator\":", tly_report__kind_name(c->kind),
		       tly_report__task_name(c->task));
	json_name(b, tly_report__annotator(&q->view, c->annotator));
	tly_buf_puts(b, ",\"label\":");
	json_name(b, tly_report__category(&q->view, c->category));
	tly_buf_puts(b, ",\"consensus_label\":");
	json_name(b, tly_report__category(&q->view, cons_cat));
	tly_buf_puts(b, ",\"iou\":");
	tly_buf_put_json_number(b, c->iou);
	tly_buf_puts(b, ",\"bbox\":");
	if (o)
		tly_geom__put_box_json(b, &o->geom.box);
	else if (c->task == TLY_TASK_OBJECTS && c->consensus >= 0)
		tly_geom__put_box_json(b, &r->cons_objects[c->consensus].geom.box);
	else
		tly_buf_puts(b, "null");
	tly_buf_putc(b, '}');
}

static void render_json(tly_buf *b, const tly_review__queue *q)
{
	const tly_result *r = q->view.r;
	size_t i, k;

	tly_buf_printf(b, "{\"run\":%lld,\"min_agreement\":", (long long)r->run_id);
	tly_buf_put_json_number(b, q->min_agreement);
	tly_buf_puts(b, ",\"images\":[");
	for (i = 0; i < q->n; i++) {
		uint32_t im = q->images[i];
		const tly_image *img = &q->view.ds->images[im];
		const tly_report__group *g;
		tly_buf reasons = TLY_BUF_INIT;

		tly_buf_puts(b, i ? ",\n{\"image\":" : "\n{\"image\":");
		tly_buf_put_json_string(b, img->name);
		tly_buf_printf(b, ",\"width\":%d,\"height\":%d,\"agreement\":", (int)img->width,
			       (int)img->height);
		tly_buf_put_json_number(b, r->images[im].agreement);
		tly_buf_puts(b, ",\"reasons\":");
		tly_review__reasons(&reasons, q, im);
		tly_buf_put_json_string(b, reasons.ptr ? reasons.ptr : "");
		if (reasons.error)
			b->error = reasons.error;
		tly_buf_clear(&reasons);
		tly_buf_puts(b, ",\"consensus\":[");
		g = &q->view.objs;
		for (k = g->start[im]; k < g->start[im + 1]; k++) {
			const tly_cons_object *o = &r->cons_objects[g->order[k]];

			tly_buf_puts(b, k > g->start[im] ? ",{\"label\":" : "{\"label\":");
			json_name(b, tly_report__category(&q->view, o->category));
			tly_buf_puts(b, ",\"bbox\":");
			tly_geom__put_box_json(b, &o->geom.box);
			tly_buf_puts(b, ",\"confidence\":");
			tly_buf_put_json_number(b, o->confidence);
			tly_buf_printf(b, ",\"support\":%u}", o->support);
		}
		tly_buf_puts(b, "],\"labels\":[");
		g = &q->view.tags;
		for (k = g->start[im]; k < g->start[im + 1]; k++) {
			if (k > g->start[im])
				tly_buf_putc(b, ',');
			json_name(b, tly_report__category(&q->view, r->cons_tags[g->order[k]].category));
		}
		tly_buf_puts(b, "],\"conflicts\":[");
		g = &q->view.conflicts;
		for (k = g->start[im]; k < g->start[im + 1]; k++) {
			if (k > g->start[im])
				tly_buf_putc(b, ',');
			json_conflict(b, q, &r->conflicts[g->order[k]]);
		}
		tly_buf_puts(b, "]}");
	}
	tly_buf_puts(b, "\n]}\n");
}

int tly_review_render(char **out, size_t *len, tly_review_format fmt, const tly_dataset *ds,
		      const tly_result *r)
{
	tly_buf b = TLY_BUF_INIT;
	tly_review__queue q;
	int error;

	*out = NULL;
	*len = 0;
	if ((error = tly_review__queue_init(&q, ds, r)) < 0)
		return error;
	switch (fmt) {
	case TLY_REVIEW_CSV:
		render_csv(&b, &q);
		break;
	case TLY_REVIEW_JSON:
		render_json(&b, &q);
		break;
	case TLY_REVIEW_CVAT:
		tly_review__cvat(&b, &q);
		break;
	case TLY_REVIEW_LABELSTUDIO:
		tly_review__labelstudio(&b, &q);
		break;
	}
	tly_review__queue_clear(&q);
	if (b.error) {
		tly_buf_clear(&b);
		return tly_error_set(TLY_ENOMEM, "review: out of memory");
	}
	*len = b.size;
	*out = tly_buf_detach(&b);
	return 0;
}
