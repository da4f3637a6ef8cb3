/*
 * report.json "images": one record per image with its voters, agreement,
 * consensus objects (and their members), consensus labels and conflicts.
 * A conflict's "consensus" is an index into the same image's "consensus"
 * (objects task) or "labels" (labels task) array. Checked by test_json.c.
 */
#include <inttypes.h>

#include "report/json.h"
#include "tally/rle.h"
#include "geom/rle.h"
#include "util/alloc.h"

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
