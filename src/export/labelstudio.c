/*
 * Label Studio export (labelstud.io/guide/export, "JSON"): an array of
 * tasks, one per image with an objects or labels consensus, id = the
 * image's place in the dataset + 1 (as in the COCO export), data.image =
 * the image name (percent-encoding the % ? # and space a URL reader would
 * take otherwise), and one annotation holding the consensus, ground_truth
 * false. Results (labelstud.io/tags): boxes as rectanglelabels in percent
 * of the image, x = 100 x / W, y = 100 y / H, width = 100 w / W, height =
 * 100 h / H (COCO [20, 10, 40, 40] on 200 x 100 -> 10 10 20 40), clipped to
 * the image as Label Studio keeps regions inside it; masks as brushlabels
 * with the brush RLE (ls_brush.c); image labels as one choices result.
 * A region's voted attributes follow it, one per-region TextArea result
 * each ({"id": the region's, "type": "textarea", "from_name": the
 * attribute, "value": {"text": [value]}}), which tally's reader
 * (src/ingest/ls_attrs.c) reads back as the region's attributes: any text
 * is a TextArea value, where Choices would have to be declared in the
 * project's labelling config; ties (no value) are left out.
 * completed_by is left out (the consensus is no Label Studio user, and
 * the reader takes only user ids or objects): read it back with
 * --annotator. Crowd regions are not written. Tested by
 * tests/export/test_roundtrip_labelstudio.c.
 */
#include <stdio.h>
#include <string.h>

#include "export/attrs.h"
#include "export/labelstudio.h"
#include "export/ls_brush.h"
#include "export/mask_crop.h"
#include "export/shapes.h"
#include "tally/error.h"
#include "util/alloc.h"

#define BAD(...) tly_error_set(TLY_EARG, "export: labelstudio: " __VA_ARGS__)

/* data.image: the name, with what would end or escape a URL's path percent-encoded. */
static void put_image_url(tly_buf *b, const char *name)
{
	tly_buf url = TLY_BUF_INIT;
	const char *p;

	for (p = name; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p == ' ')
			tly_buf_printf(&url, "%%%02X", (unsigned)(unsigned char)*p);
		else
			tly_buf_putc(&url, *p);
	}
	if (url.error)
		b->error = url.error;
	else
		tly_buf_put_json_string(b, url.ptr);
	tly_buf_clear(&url);
}

static void region_head(tly_buf *b, size_t k, const char *type, const char *from, int32_t w, int32_t h)
{
	tly_buf_printf(b, "{\"id\": \"o%zu\", \"type\": \"%s\", \"from_name\": \"%s\", \"to_name\": \"image\", "
		       "\"original_width\": %d, \"original_height\": %d, \"image_rotation\": 0, \"value\": {",
		       k + 1, type, from, (int)w, (int)h);
}

static double clip(double v, int32_t side)
{
	return v < 0 ? 0 : v > side ? side : v;
}

static int put_rectangle(tly_buf *b, const tly_export__shapes *s, size_t k, int32_t w, int32_t h)
{
	const tly_box *x = &s->r->cons_objects[k].geom.box;
	double x0 = clip(x->x, w), y0 = clip(x->y, h), x1 = clip(x->x + x->w, w), y1 = clip(x->y + x->h, h);

	if (!(x1 > x0) || !(y1 > y0))
		return BAD("%s: consensus object %zu lies outside the %dx%d image",
			   s->ds->images[s->r->cons_objects[k].image].name, k, (int)w, (int)h);
	region_head(b, k, "rectanglelabels", "label", w, h);
	tly_buf_puts(b, "\"x\": ");
	tly_buf_put_json_number(b, 100 * x0 / w);
	tly_buf_puts(b, ", \"y\": ");
	tly_buf_put_json_number(b, 100 * y0 / h);
	tly_buf_puts(b, ", \"width\": ");
	tly_buf_put_json_number(b, 100 * (x1 - x0) / w);
	tly_buf_puts(b, ", \"height\": ");
	tly_buf_put_json_number(b, 100 * (y1 - y0) / h);
	tly_buf_puts(b, ", \"rotation\": 0, \"rectanglelabels\": [");
	tly_buf_put_json_string(b, tly_export__shapes_label(s, k));
	tly_buf_puts(b, "]}}");
	return 0;
}

static int put_brush(tly_buf *b, const tly_export__shapes *s, size_t k, int32_t w, int32_t h)
{
	const tly_cons_object *o = &s->r->cons_objects[k];
	tly_export__runs runs = {NULL, 0, 0};
	tly_export__crop c;
	uint8_t *bytes = NULL;
	char where[600];
	size_t n = 0, i;
	int error;

	snprintf(where, sizeof(where), "labelstudio: %s: consensus object %zu", s->ds->images[o->image].name, k);
	if ((error = tly_export__crop_init(&c, o->geom.rle, where)) < 0)
		return error;
	if ((error = tly_export__crop_runs(&runs, &c, (uint32_t)w, (uint32_t)h)) < 0 ||
	    (error = tly_export__ls_brush_encode(&bytes, &n, &runs, (uint32_t)w, (uint32_t)h)) < 0)
		goto out;
	region_head(b, k, "brushlabels", "brush", w, h);
	tly_buf_puts(b, "\"format\": \"rle\", \"rle\": [");
	for (i = 0; i < n; i++)
		tly_buf_printf(b, "%s%u", i ? ", " : "", (unsigned)bytes[i]);
	tly_buf_puts(b, "], \"brushlabels\": [");
	tly_buf_put_json_string(b, tly_export__shapes_label(s, k));
	tly_buf_puts(b, "]}}");
out:
	tly_free(bytes);
	TLY_VEC_CLEAR(&runs);
	tly_export__crop_clear(&c);
	return error;
}

/* Region K's written attributes as per-region textarea results, each after a separator. */
static void put_attributes(tly_buf *b, const tly_result *r, size_t k)
{
	size_t first, n, i;

	tly_export__attrs_span(&first, &n, r, k);
	for (i = first; i < first + n; i++) {
		if (!tly_export__attr_written(r, i, NULL))
			continue;
		tly_buf_printf(b, ",\n        {\"id\": \"o%zu\", \"type\": \"textarea\", \"from_name\": ", k + 1);
		tly_buf_put_json_string(b, r->attr_strings[r->cons_attrs[i].name]);
		tly_buf_puts(b, ", \"to_name\": \"image\", \"value\": {\"text\": [");
		tly_buf_put_json_string(b, r->attr_strings[r->cons_attrs[i].value]);
		tly_buf_puts(b, "]}}");
	}
}

/* The results of image I: its regions, each with its attributes, then its labels as one choices result. */
static int put_results(tly_buf *b, const tly_export__shapes *s, uint32_t i)
{
	int32_t w = s->w[i], h = s->h[i];
	size_t first, n, k, written = 0;
	int error = 0;

	tly_export__shapes_objects(&first, &n, s, i);
	for (k = first; k < first + n && !error; k++) {
		size_t j = s->obj_order[k];

		if (s->r->cons_objects[j].iscrowd)
			continue;
		if (!w)
			return BAD("image \"%s\" has no known size, and Label Studio regions are percentages "
				   "of it (ingest it with its size, or export another format)", s->ds->images[i].name);
		if ((error = tly_export__attrs_check(s->ds, s->r, j, "labelstudio", NULL, 0)) < 0)
			break;
		tly_buf_puts(b, written++ ? ",\n        " : "\n        ");
		error = s->r->cons_objects[j].geom.rle ? put_brush(b, s, j, w, h) : put_rectangle(b, s, j, w, h);
		if (!error)
			put_attributes(b, s->r, j);
	}
	tly_export__shapes_tags(&first, &n, s, i);
	if (n && !error) {
		tly_buf_puts(b, written++ ? ",\n        " : "\n        ");
		tly_buf_printf(b, "{\"id\": \"l%u\", \"type\": \"choices\", \"from_name\": \"choice\", "
			       "\"to_name\": \"image\", \"value\": {\"choices\": [", i + 1);
		for (k = first; k < first + n; k++) {
			if (k > first)
				tly_buf_puts(b, ", ");
			tly_buf_put_json_string(b, s->ds->categories[s->r->cons_tags[s->tag_order[k]].category].name);
		}
		tly_buf_puts(b, "]}}");
	}
	if (written)
		tly_buf_puts(b, "\n      ");
	return error;
}

int tly_export__labelstudio(tly_buf *b, const tly_dataset *ds, const tly_result *r)
{
	tly_export__shapes s;
	size_t i;
	int error;

	if ((error = tly_export__shapes_init(&s, ds, r, 1)) < 0)
		return error;
	if ((error = tly_export__shapes_check_names(&s, "labelstudio")) < 0)
		goto out;
	tly_buf_putc(b, '[');
	for (i = 0; i < s.n_images && !error; i++) {
		uint32_t im = s.images[i];

		tly_buf_printf(b, "%s\n  {\"id\": %u, \"data\": {\"image\": ", i ? "," : "", im + 1);
		put_image_url(b, ds->images[im].name);
		tly_buf_printf(b, "}, \"annotations\": [{\"id\": %u, \"result\": [", im + 1);
		error = put_results(b, &s, im);
		tly_buf_puts(b, "], \"ground_truth\": false, \"was_cancelled\": false}], \"predictions\": []}");
	}
	tly_buf_puts(b, s.n_images ? "\n]\n" : "]\n");
out:
	tly_export__shapes_clear(&s);
	return error;
}
