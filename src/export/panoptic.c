/*
 * The COCO panoptic export (tally/export.h, format panoptic), in the
 * layout of COCO's panoptic_*.json and its PNG folder
 * (https://cocodataset.org/#format-data, "Panoptic Segmentation"): per
 * image with a consensus map, tly_panoptic_assemble's segmentation as an
 * RGB PNG (id = R + 256 G + 256^2 B, 0 void) and an annotation listing its
 * segments; categories with id = the category's pixel value and isthing.
 * Checked by tests/export/test_panoptic.c (PNGs decoded pixel by pixel).
 */
#include <inttypes.h>
#include <string.h>

#include "tally/error.h"
#include "tally/panoptic.h"
#include "export/coco.h"
#include "export/folder.h"
#include "export/panoptic.h"
#include "geom/box_json.h"
#include "util/alloc.h"

#define BAD(...) tly_error_set(TLY_EARG, "export: " __VA_ARGS__)
/* Segment ids an RGB PNG can hold: 3 bytes. */
#define MAX_SEGMENT_ID 0xffffffu
/* COCO ids are JSON integers: category values stay well inside int32. */
#define MAX_CATEGORY_ID INT32_MAX

static int id_raster(tly_raster *out, const tly_panoptic *p, const char *image)
{
	size_t n, i;

	tly_raster_init(out);
	if (!p->w || !p->h)
		return BAD("%s: the consensus map has no pixels", image);
	if (p->n_segments > MAX_SEGMENT_ID)
		return BAD("%s: %zu segments, more than an RGB PNG can number", image, p->n_segments);
	if (tly_mul_size(&n, (size_t)p->w * p->h, 3) < 0)
		return TLY_ELIMIT;
	if (!(out->px = tly_calloc(n, sizeof(uint16_t))))
		return TLY_ENOMEM;
	out->w = p->w;
	out->h = p->h;
	out->channels = 3;
	out->depth = 8;
	for (i = 0; i < (size_t)p->w * p->h; i++) {
		uint32_t id = p->ids[i];

		out->px[3 * i] = (uint16_t)(id & 0xff);
		out->px[3 * i + 1] = (uint16_t)((id >> 8) & 0xff);
		out->px[3 * i + 2] = (uint16_t)((id >> 16) & 0xff);
	}
	return 0;
}

/* "STEM.png" as a JSON string. */
static void put_png_name(tly_buf *b, const char *stem)
{
	tly_buf file = TLY_BUF_INIT;

	tly_buf_printf(&file, "%s.png", stem);
	if (file.error && !b->error)
		b->error = file.error;
	else if (!file.error)
		tly_buf_put_json_string(b, file.ptr);
	tly_buf_clear(&file);
}

/* The annotation of image IMAGE (1-based id as the COCO export's) to ANNS. */
static int put_annotation(tly_buf *anns, const tly_export__folder *f, const tly_dataset *ds,
			  const tly_panoptic *p, uint32_t image, const char *stem)
{
	const char *name = ds->images[image].name;
	size_t k;
	int error;

	tly_buf_printf(anns, "{\"image_id\":%" PRIu64 ",\"file_name\":", (uint64_t)image + 1);
	put_png_name(anns, stem);
	tly_buf_puts(anns, ",\"segments_info\":[");
	for (k = 0; k < p->n_segments; k++) {
		const tly_panoptic_segment *s = &p->segments[k];
		uint32_t id;

		if (s->category >= ds->n_categories)
			return BAD("%s: segment %" PRIu32 " has no category", name, s->id);
		if ((error = tly_export__folder_value(&id, f, ds, s->category, name)) < 0)
			return error;
		tly_buf_printf(anns, "%s{\"id\":%" PRIu32 ",\"category_id\":%" PRIu32 ",\"iscrowd\":%d,"
			       "\"area\":%" PRIu64 ",\"bbox\":", k ? "," : "", s->id, id, s->iscrowd ? 1 : 0,
			       s->area);
		tly_geom__put_box_json(anns, &s->bbox);
		tly_buf_putc(anns, '}');
	}
	tly_buf_puts(anns, "]}");
	return 0;
}

static int write_image(const char *dir, const tly_export__folder *f, const tly_dataset *ds,
		       const tly_result *r, size_t i, tly_buf *imgs, tly_buf *anns)
{
	const tly_cons_map *cm = &r->cons_maps[i];
	const char *name = ds->images[cm->image].name;
	tly_panoptic p;
	tly_raster px;
	int error;

	memset(&p, 0, sizeof(p));
	tly_raster_init(&px);
	if ((error = tly_panoptic_assemble(&p, ds, r, cm)) < 0 || (error = id_raster(&px, &p, name)) < 0 ||
	    (error = tly_export__write_png(dir, "panoptic", f->stems[i], &px)) < 0)
		goto out;
	tly_buf_puts(imgs, i ? ",\n    " : "\n    ");
	tly_buf_printf(imgs, "{\"id\":%" PRIu64 ",\"file_name\":", (uint64_t)cm->image + 1);
	tly_buf_put_json_string(imgs, name);
	tly_buf_printf(imgs, ",\"width\":%" PRIu32 ",\"height\":%" PRIu32 "}", p.w, p.h);
	tly_buf_puts(anns, i ? ",\n    " : "\n    ");
	error = put_annotation(anns, f, ds, &p, cm->image, f->stems[i]);
out:
	tly_raster_clear(&px);
	tly_panoptic_clear(&p);
	return error;
}

static void put_categories(tly_buf *b, const tly_export__folder *f, const tly_dataset *ds)
{
	size_t i;

	for (i = 0; i < f->n_listed; i++) {
		uint32_t c = f->listed[i];

		tly_buf_printf(b, "%s{\"id\":%" PRId64 ",\"name\":", i ? ",\n    " : "\n    ", f->value[c]);
		tly_buf_put_json_string(b, ds->categories[c].name);
		tly_buf_printf(b, ",\"supercategory\":\"\",\"isthing\":%d}",
			       ds->category_info[c].isthing == 1 ? 1 : 0);
	}
}

int tly_export__panoptic_dir(const char *dir, const tly_dataset *ds, const tly_result *r)
{
	tly_export__folder f;
	tly_buf imgs = TLY_BUF_INIT, anns = TLY_BUF_INIT, doc = TLY_BUF_INIT;
	size_t i;
	int error;

	/* No ignore value: void is segment id 0, not a category. */
	if ((error = tly_export__folder_init(&f, ds, r, -1, MAX_CATEGORY_ID)) < 0)
		return error;
	if ((error = tly_export__make_dirs(dir, "panoptic")) < 0)
		goto out;
	for (i = 0; i < r->n_cons_maps; i++)
		if ((error = write_image(dir, &f, ds, r, i, &imgs, &anns)) < 0)
			goto out;
	tly_buf_puts(&doc, "{\n  \"info\": ");
	tly_export__coco_info(&doc, r);
	tly_buf_puts(&doc, ",\n  \"licenses\": [],\n  \"images\": [");
	tly_buf_put(&doc, imgs.ptr ? imgs.ptr : "", imgs.size);
	tly_buf_puts(&doc, r->n_cons_maps ? "\n  ],\n  \"annotations\": [" : "],\n  \"annotations\": [");
	tly_buf_put(&doc, anns.ptr ? anns.ptr : "", anns.size);
	tly_buf_puts(&doc, r->n_cons_maps ? "\n  ],\n  \"categories\": [" : "],\n  \"categories\": [");
	if (ds->category_info)
		put_categories(&doc, &f, ds);
	tly_buf_puts(&doc, f.n_listed ? "\n  ]\n}\n" : "]\n}\n");
	if (imgs.error || anns.error)
		doc.error = imgs.error ? imgs.error : anns.error;
	error = tly_export__write_text(dir, "panoptic.json", &doc);
out:
	tly_buf_clear(&imgs);
	tly_buf_clear(&anns);
	tly_buf_clear(&doc);
	tly_export__folder_clear(&f);
	return error;
}
