/*
 * report.json "images": one record per image with its voters, agreement,
 * consensus objects (and their members), consensus labels and conflicts.
 * A conflict's "consensus" is an index into the same image's "consensus"
 * (objects task) or "labels" (labels task) array; the label-map keys
 * follow (json_seg.c). A consensus object with voted attributes carries
 * "attributes", a mismatching_attributes conflict "attribute", "value" and
 * "consensus_value" (values as strings, null for none or a tie), a tie
 * conflict "votes": who voted for which label in the tied vote (empty for a
 * run saved before they were kept). Checked by test_json.c.
 */
#include <inttypes.h>

#include "report/json.h"
#include "report/tie_votes.h"
#include "tally/rle.h"
#include "geom/rle.h"
#include "util/alloc.h"
#include "util/rows.h"

static void put_members(tly_buf *b, const tly_report__view *v, const tly_cons_object *o)
{
	uint32_t k;

	tly_buf_putc(b, '[');
	for (k = 0; k < o->support; k++) {
		const tly_cons_member *m = &v->r->members[o->first_member + k];

		tly_buf_puts(b, k ? ",{\"annotator\":" : "{\"annotator\":");
		tly_report__json_str(b, tly_report__annotator(v, m->annotator));
		tly_buf_printf(b, ",\"object_id\":%" PRId64 ",\"label\":", m->object_id);
		tly_report__json_str(b, tly_report__category(v, m->category));
		tly_report__json_num(b, ",\"iou\":", m->iou);
		tly_buf_putc(b, '}');
	}
	tly_buf_putc(b, ']');
}

/* The first entry of R's cons_attrs of object OBJ, or n_cons_attrs (they are sorted by object). */
static size_t first_attr(const tly_result *r, size_t obj)
{
	return TLY_ROWS_FIND(r->cons_attrs, r->n_cons_attrs, tly_cons_attr, object, obj, NULL);
}

/* An attribute value as a JSON string, or null for none / a tie. */
static void put_value(tly_buf *b, const tly_result *r, uint32_t value)
{
	if (value == UINT32_MAX)
		tly_buf_puts(b, "null");
	else
		tly_buf_put_json_string(b, r->attr_strings[value]);
}

/*
 * The voted attributes of consensus object OBJ, {"name": value}, null for a
 * tied name; only objects that have some carry the key (as "iscrowd").
 */
static void put_attributes(tly_buf *b, const tly_result *r, size_t obj)
{
	size_t k = first_attr(r, obj);

	if (k >= r->n_cons_attrs || r->cons_attrs[k].object != obj)
		return;
	tly_buf_puts(b, ",\"attributes\":{");
	for (; k < r->n_cons_attrs && r->cons_attrs[k].object == obj; k++) {
		if (k && r->cons_attrs[k - 1].object == obj)
			tly_buf_putc(b, ',');
		tly_buf_put_json_string(b, r->attr_strings[r->cons_attrs[k].name]);
		tly_buf_putc(b, ':');
		put_value(b, r, r->cons_attrs[k].value);
	}
	tly_buf_putc(b, '}');
}

/* A mask consensus object's COCO "segmentation"; boxes get none. */
static void put_segmentation(tly_buf *b, const tly_cons_object *o)
{
	if (!o->geom.rle)
		return;
	tly_buf_puts(b, ",\"segmentation\":");
	tly_rle__put_coco_json(b, o->geom.rle);
}

static void put_consensus(tly_buf *b, const tly_report__view *v, uint32_t img)
{
	const tly_report__group *g = &v->objs;
	size_t j;

	tly_buf_putc(b, '[');
	for (j = g->start[img]; j < g->start[img + 1]; j++) {
		const tly_cons_object *o = &v->r->cons_objects[g->order[j]];

		tly_buf_puts(b, j > g->start[img] ? ",{\"label\":" : "{\"label\":");
		tly_report__json_str(b, tly_report__category(v, o->category));
		tly_report__json_num(b, ",\"bbox\":[", o->geom.box.x);
		tly_report__json_num(b, ",", o->geom.box.y);
		tly_report__json_num(b, ",", o->geom.box.w);
		tly_report__json_num(b, ",", o->geom.box.h);
		tly_buf_putc(b, ']');
		put_segmentation(b, o);
		/* Only crowd regions carry the key (as only masks carry "segmentation"),
		 * so reports without crowd regions read as before. */
		if (o->iscrowd)
			tly_buf_puts(b, ",\"iscrowd\":1");
		tly_buf_printf(b, ",\"support\":%u,\"votes\":%u", o->support, o->votes);
		tly_report__json_num(b, ",\"confidence\":", o->confidence);
		tly_report__json_num(b, ",\"agreement\":", o->agreement);
		put_attributes(b, v->r, g->order[j]);
		tly_buf_puts(b, ",\"members\":");
		put_members(b, v, o);
		tly_buf_putc(b, '}');
	}
	tly_buf_putc(b, ']');
}

static void put_labels(tly_buf *b, const tly_report__view *v, uint32_t img)
{
	const tly_report__group *g = &v->tags;
	size_t j;

	tly_buf_putc(b, '[');
	for (j = g->start[img]; j < g->start[img + 1]; j++) {
		const tly_cons_tag *t = &v->r->cons_tags[g->order[j]];

		tly_buf_puts(b, j > g->start[img] ? ",{\"label\":" : "{\"label\":");
		tly_report__json_str(b, tly_report__category(v, t->category));
		tly_report__json_num(b, ",\"confidence\":", t->confidence);
		tly_buf_printf(b, ",\"votes\":%u,\"voters\":%u}", t->votes, t->voters);
	}
	tly_buf_putc(b, ']');
}

/*
 * What a mismatching_attributes conflict (index K) is about: "attribute",
 * the member's "value" (null: it gave none) and the "consensus_value".
 */
static void put_conflict_attr(tly_buf *b, const tly_result *r, size_t k)
{
	const tly_conflict_attr *a = tly_report__conflict_attr(r, k);

	if (!a)
		return;
	tly_buf_puts(b, ",\"attribute\":");
	tly_buf_put_json_string(b, r->attr_strings[a->name]);
	tly_buf_puts(b, ",\"value\":");
	put_value(b, r, a->value);
	tly_buf_puts(b, ",\"consensus_value\":");
	put_value(b, r, a->consensus);
}

/* Tie conflict K's ",\"votes\":[{annotator, object_id, label}, ...]", by annotator. */
static void put_tie_votes(tly_buf *b, const tly_report__view *v, size_t k)
{
	size_t first, n, i;

	tly_report__tie_votes_of(&first, &n, v->r, k);
	tly_buf_puts(b, ",\"votes\":[");
	for (i = first; i < first + n; i++) {
		const tly_tie_vote *t = &v->r->tie_votes[i];

		tly_buf_puts(b, i > first ? ",{\"annotator\":" : "{\"annotator\":");
		tly_report__json_str(b, tly_report__annotator(v, t->annotator));
		tly_buf_printf(b, ",\"object_id\":%" PRId64 ",\"label\":", t->object_id);
		tly_report__json_str(b, tly_report__category(v, t->category));
		tly_buf_putc(b, '}');
	}
	tly_buf_putc(b, ']');
}

static void put_conflict(tly_buf *b, const tly_report__view *v, const tly_conflict *c)
{
	tly_buf_printf(b, "{\"type\":\"%s\",\"task\":\"%s\",\"annotator\":",
		       tly_report__kind_name(c->kind), tly_report__task_name(c->task));
	tly_report__json_str(b, tly_report__annotator(v, c->annotator));
	if (c->object_id != 0)
		tly_buf_printf(b, ",\"object_id\":%" PRId64, c->object_id);
	else
		tly_buf_puts(b, ",\"object_id\":null");
	tly_buf_puts(b, ",\"label\":");
	tly_report__json_str(b, tly_report__category(v, c->category));
	/* The store-wide index becomes the position in this image's array. */
	if (c->consensus < 0)
		tly_buf_puts(b, ",\"consensus\":null");
	else if (c->task == TLY_TASK_OBJECTS)
		tly_buf_printf(b, ",\"consensus\":%zu", v->objs.local[c->consensus]);
	else
		tly_buf_printf(b, ",\"consensus\":%zu", v->tags.local[c->consensus]);
	tly_report__json_num(b, ",\"iou\":", c->iou);
	if (c->kind == TLY_CONFLICT_MISMATCHING_ATTRIBUTES)
		put_conflict_attr(b, v->r, (size_t)(c - v->r->conflicts));
	if (c->kind == TLY_CONFLICT_TIE)
		put_tie_votes(b, v, (size_t)(c - v->r->conflicts));
	tly_buf_putc(b, '}');
}

static void put_conflicts(tly_buf *b, const tly_report__view *v, uint32_t img)
{
	const tly_report__group *g = &v->conflicts;
	size_t j;

	tly_buf_putc(b, '[');
	for (j = g->start[img]; j < g->start[img + 1]; j++) {
		if (j > g->start[img])
			tly_buf_putc(b, ',');
		put_conflict(b, v, &v->r->conflicts[g->order[j]]);
	}
	tly_buf_putc(b, ']');
}

static void put_image(tly_buf *b, const tly_report__view *v, const tly_image_stats *s)
{
	const tly_image *im = &v->ds->images[s->image];

	tly_buf_puts(b, "{\"name\":");
	tly_buf_put_json_string(b, im->name);
	tly_buf_printf(b, ",\"width\":%" PRId32 ",\"height\":%" PRId32, im->width, im->height);
	tly_buf_printf(b, ",\"voters\":{\"objects\":%u,\"labels\":%u}",
		       s->voters_objects, s->voters_labels);
	tly_report__json_num(b, ",\"agreement\":", s->agreement);
	tly_report__json_num(b, ",\"agreement_objects\":", s->agreement_objects);
	tly_report__json_num(b, ",\"agreement_labels\":", s->agreement_labels);
	tly_buf_printf(b, ",\"flagged\":%s,\"consensus\":", s->flagged ? "true" : "false");
	put_consensus(b, v, s->image);
	tly_buf_puts(b, ",\"labels\":");
	put_labels(b, v, s->image);
	tly_buf_puts(b, ",\"conflicts\":");
	put_conflicts(b, v, s->image);
	tly_report__json_image_maps(b, v, s);
	tly_buf_putc(b, '}');
}

void tly_report__json_images(tly_buf *b, const tly_report__view *v)
{
	size_t i;

	for (i = 0; i < v->r->n_images; i++) {
		tly_report__json_row(b, i);
		put_image(b, v, &v->r->images[i]);
	}
	tly_report__json_end_table(b, v->r->n_images);
}
