/*
 * COCO detection export (https://cocodataset.org/#format-data): images and
 * categories with 1-based ids in dataset order (every category, used or
 * not, except those the rules' aliases and ignore list retired: their ids
 * are skipped, as COCO's own list skips ids, so every other category keeps
 * index + 1; an image's width and height only when known), one annotation per
 * accepted consensus object with bbox [x,y,w,h], area = w*h, iscrowd (1
 * for a voted crowd region, else 0), score = confidence, plus tally's
 * support and the member annotators' names, and the voted attributes as
 * an "attributes" object {name: value} (values as strings, the text tally
 * compares; ties, which have no value, left out), as CVAT's COCO export
 * writes them and tally's COCO reader reads them, except a voted
 * "annotator": the reader takes attributes.annotator as who drew the
 * annotation (when it has no "annotator" or "user_id"), so the read-back
 * consensus would be credited to that name. Image-level labels are not
 * detections: they go to the CSV export.
 * Golden file: fixtures/report/coco.json (test_coco.c).
 */
#include <inttypes.h>

#include "export/attrs.h"
#include "export/coco.h"
#include "geom/box_json.h"
#include "tally/rle.h"
#include "geom/rle.h"
#include "util/alloc.h"

void tly_export__coco_info(tly_buf *b, const tly_result *r)
{
	tly_buf_puts(b, "{\"description\":\"tally consensus\"");
	if (r->created_at) {
		tly_buf_puts(b, ",\"date_created\":");
		tly_buf_put_json_string(b, r->created_at);
	}
	if (r->run_id > 0)
		tly_buf_printf(b, ",\"tally_run\":%" PRId64, r->run_id);
	if (r->rules_sha256[0]) {
		tly_buf_puts(b, ",\"rules_sha256\":");
		tly_buf_put_json_string(b, r->rules_sha256);
	}
	tly_buf_putc(b, '}');
}

static void row(tly_buf *b, size_t i)
{
	tly_buf_puts(b, i ? ",\n    " : "[\n    ");
}

static void end(tly_buf *b, size_t n)
{
	tly_buf_puts(b, n ? "\n  ]" : "[]");
}

static void put_images(tly_buf *b, const tly_dataset *ds)
{
	size_t i;

	for (i = 0; i < ds->n_images; i++) {
		const tly_image *im = &ds->images[i];

		row(b, i);
		tly_buf_printf(b, "{\"id\":%zu,\"file_name\":", i + 1);
		tly_buf_put_json_string(b, im->name);
		/* An unknown size (0) is left out: tally's reader, like COCO, takes only positive sides. */
		if (im->width > 0 && im->height > 0)
			tly_buf_printf(b, ",\"width\":%" PRId32 ",\"height\":%" PRId32, im->width, im->height);
		tly_buf_putc(b, '}');
	}
	end(b, ds->n_images);
}

static void put_categories(tly_buf *b, const tly_dataset *ds)
{
	size_t i, rows = 0;

	for (i = 0; i < ds->n_categories; i++) {
		if (tly_dataset_category_retired(ds, i))
			continue;
		row(b, rows++);
		tly_buf_printf(b, "{\"id\":%zu,\"name\":", i + 1);
		tly_buf_put_json_string(b, ds->categories[i].name);
		tly_buf_puts(b, ",\"supercategory\":\"\"}");
	}
	end(b, rows);
}

/* A mask consensus object's COCO "segmentation"; boxes get none. */
static void put_segmentation(tly_buf *b, const tly_cons_object *o)
{
	if (!o->geom.rle)
		return;
	tly_buf_puts(b, ",\"segmentation\":");
	tly_rle__put_coco_json(b, o->geom.rle);
}

/* The name the reader would take for an annotator rather than an attribute. */
#define SKIPPED "annotator"

/* Object I's written attributes as ,"attributes":{...}; nothing when it has none. */
static void put_attributes(tly_buf *b, const tly_result *r, size_t i)
{
	size_t first, n, k, written = 0;

	tly_export__attrs_span(&first, &n, r, i);
	for (k = first; k < first + n; k++) {
		if (!tly_export__attr_written(r, k, SKIPPED))
			continue;
		tly_buf_puts(b, written++ ? "," : ",\"attributes\":{");
		tly_buf_put_json_string(b, r->attr_strings[r->cons_attrs[k].name]);
		tly_buf_putc(b, ':');
		tly_buf_put_json_string(b, r->attr_strings[r->cons_attrs[k].value]);
	}
	if (written)
		tly_buf_putc(b, '}');
}

static void put_annotation(tly_buf *b, const tly_dataset *ds, const tly_result *r, size_t i)
{
	const tly_cons_object *o = &r->cons_objects[i];
	const tly_box *box = &o->geom.box;
	uint32_t k;

	tly_buf_printf(b, "{\"id\":%zu,\"image_id\":%" PRIu64 ",\"category_id\":%" PRIu64 ",\"bbox\":",
		       i + 1, (uint64_t)o->image + 1, (uint64_t)o->category + 1);
	tly_geom__put_box_json(b, box);
	put_segmentation(b, o);
	tly_buf_puts(b, ",\"area\":");
	/* A mask's area is its pixel count, as pycocotools' area(). */
	if (o->geom.rle)
		tly_buf_printf(b, "%" PRId64, tly_rle_area(o->geom.rle));
	else
		tly_buf_put_json_number(b, box->w * box->h);
	tly_buf_printf(b, ",\"iscrowd\":%d,\"score\":", o->iscrowd ? 1 : 0);
	tly_buf_put_json_number(b, o->confidence);
	tly_buf_printf(b, ",\"support\":%u,\"annotators\":[", o->support);
	for (k = 0; k < o->support; k++) {
		if (k)
			tly_buf_putc(b, ',');
		tly_buf_put_json_string(b, ds->annotators[r->members[o->first_member + k].annotator].name);
	}
	tly_buf_putc(b, ']');
	put_attributes(b, r, i);
	tly_buf_putc(b, '}');
}

int tly_export__coco(tly_buf *b, const tly_dataset *ds, const tly_result *r)
{
	size_t i;
	int error;

	for (i = 0; i < r->n_cons_objects; i++)
		if ((error = tly_export__attrs_check(ds, r, i, "coco", SKIPPED, 0)) < 0)
			return error;

	tly_buf_puts(b, "{\n  \"info\": ");
	tly_export__coco_info(b, r);
	tly_buf_puts(b, ",\n  \"licenses\": [],\n  \"images\": ");
	put_images(b, ds);
	tly_buf_puts(b, ",\n  \"categories\": ");
	put_categories(b, ds);
	tly_buf_puts(b, ",\n  \"annotations\": ");
	for (i = 0; i < r->n_cons_objects; i++) {
		row(b, i);
		put_annotation(b, ds, r, i);
	}
	end(b, r->n_cons_objects);
	tly_buf_puts(b, "\n}\n");
	return 0;
}
