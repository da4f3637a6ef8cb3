/*
 * LabelMe export: one JSON file per image with an objects consensus, in
 * the form labelme 5 saves (labelme/label_file.py) and
 * src/ingest/labelme.c reads back. Boxes are "rectangle" shapes with the
 * corners [[x, y], [x + w, y + h]]; masks are labelme 5's "mask" shapes,
 * mirroring src/ingest/labelme_mask.c: points are the crop's inclusive
 * whole-pixel corners [[x1, y1], [x2, y2]] (the mask's bounding box), and
 * "mask" the base64 PNG of that crop, 8-bit grey, 1 painted and 0 not (as
 * labelme writes mask.astype(uint8)). Each shape carries "tally":
 * {"confidence", "support"}, an extra key labelme keeps and the readers
 * ignore. Not written: image-level labels (LabelMe's "flags" are a
 * project's own checkboxes and tally's reader does not read them) and
 * crowd regions (LabelMe has no such shape). Tested by
 * tests/export/test_roundtrip_labelme.c.
 */
#include <stdio.h>

#include "export/folder.h"
#include "export/labelme.h"
#include "export/mask_crop.h"
#include "export/shapes.h"
#include "tally/error.h"
#include "tally/raster.h"
#include "util/alloc.h"
#include "util/base64.h"

static void point(tly_buf *b, double x, double y)
{
	tly_buf_putc(b, '[');
	tly_buf_put_json_number(b, x);
	tly_buf_puts(b, ", ");
	tly_buf_put_json_number(b, y);
	tly_buf_putc(b, ']');
}

/* The crop as a PNG, base64, into B. */
static int put_mask(tly_buf *b, const tly_export__crop *c)
{
	tly_raster r;
	uint8_t *png = NULL;
	char *text = NULL;
	size_t i, len = 0, n = (size_t)c->w * c->h;
	int error;

	tly_raster_init(&r);
	r.w = c->w;
	r.h = c->h;
	r.channels = 1;
	r.depth = 8;
	if (!(r.px = tly_calloc(n, sizeof(uint16_t))))
		return TLY_ENOMEM;
	for (i = 0; i < n; i++)
		r.px[i] = c->px[i];
	if ((error = tly_png_write(&png, &len, &r)) == 0 &&
	    (error = tly_base64_encode(&text, &len, png, len)) == 0)
		tly_buf_put_json_string(b, text);
	tly_free(text);
	tly_free(png);
	tly_raster_clear(&r);
	return error;
}

static int put_shape(tly_buf *b, const tly_export__shapes *s, size_t k, const char *image)
{
	const tly_cons_object *o = &s->r->cons_objects[k];
	tly_export__crop c;
	char where[600];
	int error = 0;

	tly_buf_puts(b, "{\"label\": ");
	tly_buf_put_json_string(b, tly_export__shapes_label(s, k));
	tly_buf_puts(b, ", \"points\": [");
	if (o->geom.rle) {
		snprintf(where, sizeof(where), "labelme: %s: consensus object %zu", image, k);
		if ((error = tly_export__crop_init(&c, o->geom.rle, where)) < 0)
			return error;
		point(b, c.x, c.y);
		tly_buf_puts(b, ", ");
		point(b, (double)c.x + c.w - 1, (double)c.y + c.h - 1);
		tly_buf_puts(b, "], \"group_id\": null, \"shape_type\": \"mask\", \"flags\": {}, \"mask\": ");
		error = put_mask(b, &c);
		tly_export__crop_clear(&c);
	} else {
		point(b, o->geom.box.x, o->geom.box.y);
		tly_buf_puts(b, ", ");
		point(b, o->geom.box.x + o->geom.box.w, o->geom.box.y + o->geom.box.h);
		tly_buf_puts(b, "], \"group_id\": null, \"shape_type\": \"rectangle\", \"flags\": {}");
	}
	tly_buf_puts(b, ", \"tally\": {\"confidence\": ");
	tly_buf_put_json_number(b, o->confidence);
	tly_buf_printf(b, ", \"support\": %u}}", o->support);
	return error;
}

static int put_image(tly_buf *b, const tly_export__shapes *s, uint32_t i)
{
	const char *name = s->ds->images[i].name;
	size_t first, n, k, written = 0;
	int error = 0;

	tly_buf_puts(b, "{\n  \"version\": \"5.0.0\",\n  \"flags\": {},\n  \"shapes\": [");
	tly_export__shapes_objects(&first, &n, s, i);
	for (k = first; k < first + n && !error; k++) {
		size_t o = s->obj_order[k];

		if (s->r->cons_objects[o].iscrowd)
			continue;
		if ((error = tly_export__shapes_check_box(s, "labelme", o)) < 0)
			break;
		tly_buf_puts(b, written++ ? ",\n    " : "\n    ");
		error = put_shape(b, s, o, name);
	}
	tly_buf_puts(b, written ? "\n  ],\n  \"imagePath\": " : "],\n  \"imagePath\": ");
	tly_buf_put_json_string(b, name);
	tly_buf_puts(b, ",\n  \"imageData\": null");
	/* LabelMe always knows the size; tally may not (the reader takes it as unknown). */
	if (s->w[i])
		tly_buf_printf(b, ",\n  \"imageHeight\": %d,\n  \"imageWidth\": %d", (int)s->h[i], (int)s->w[i]);
	tly_buf_puts(b, "\n}\n");
	return error;
}

int tly_export__labelme_dir(const char *dir, const tly_dataset *ds, const tly_result *r)
{
	tly_export__shapes s;
	tly_buf b = TLY_BUF_INIT, name = TLY_BUF_INIT;
	size_t i;
	int error;

	if ((error = tly_export__shapes_init(&s, ds, r, 0)) < 0)
		return error;
	if ((error = tly_export__shapes_stems(&s, "labelme", 0, "classes")) < 0 ||
	    (error = tly_export__make_dirs(dir, NULL)) < 0)
		goto out;
	for (i = 0; i < s.n_images && !error; i++) {
		b.size = 0;
		name.size = 0;
		tly_buf_printf(&name, "%s.json", s.stems[i]);
		if ((error = name.error) < 0 || (error = put_image(&b, &s, s.images[i])) < 0)
			break;
		error = tly_export__write_text(dir, name.ptr, &b);
	}
out:
	tly_buf_clear(&b);
	tly_buf_clear(&name);
	tly_export__shapes_clear(&s);
	return error;
}
