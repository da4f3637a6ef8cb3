/*
 * The PNG label-map export (tally/export.h, format png): each consensus
 * map as a grey PNG of the categories' pixel values with the dataset's
 * ignore value where the vote left none, its confidence map beside it, and
 * the classes.json sidecar the PNG reader takes, so that exporting and
 * ingesting again gives back the same maps. Tests decode every PNG with
 * tly_png_read and compare pixel by pixel: tests/export/test_labelmap_png.c.
 */
#include <inttypes.h>
#include <string.h>

#include "tally/error.h"
#include "tally/labelmap.h"
#include "export/folder.h"
#include "export/labelmap_png.h"
#include "util/alloc.h"

#define BAD(...) tly_error_set(TLY_EARG, "export: " __VA_ARGS__)
/* The largest sample a PNG holds (16-bit grey). */
#define PNG_MAX 65535

/* A W x H raster of one grey channel at DEPTH, pixels zeroed. */
static int raster_new(tly_raster *out, uint32_t w, uint32_t h, unsigned depth, const char *image)
{
	size_t n;

	tly_raster_init(out);
	if (!w || !h)
		return BAD("%s: the consensus map has no pixels (%" PRIu32 " x %" PRIu32 ")", image, w, h);
	if (tly_mul_size(&n, w, h) < 0)
		return TLY_ELIMIT;
	if (!(out->px = tly_calloc(n, sizeof(uint16_t))))
		return TLY_ENOMEM;
	out->w = w;
	out->h = h;
	out->channels = 1;
	out->depth = depth;
	return 0;
}

/* Pixel I onwards gets LEN samples of V; the runs must not pass w * h. */
static int fill(tly_raster *r, uint64_t *at, uint32_t len, uint16_t v, const char *image, const char *what)
{
	uint64_t end = *at + len, i;

	if (end > (uint64_t)r->w * r->h)
		return BAD("%s: the %s's runs pass its %" PRIu32 " x %" PRIu32 " pixels", image, what, r->w, r->h);
	for (i = *at; i < end; i++)
		r->px[i] = v;
	*at = end;
	return 0;
}

static int map_raster(tly_raster *out, const tly_export__folder *f, const tly_dataset *ds,
		      const tly_cons_map *cm, unsigned depth, const char *image)
{
	const tly_labelmap *m = &cm->map;
	uint64_t at = 0;
	uint32_t v;
	size_t k;
	int error;

	if ((error = raster_new(out, m->w, m->h, depth, image)) < 0)
		return error;
	for (k = 0; k < m->n; k++) {
		if (m->value[k] == TLY_LABEL_IGNORE) {
			if (f->ignore < 0)
				return BAD("%s: the consensus leaves pixels ignored and the dataset has no "
					   "ignore value to write", image);
			v = (uint32_t)f->ignore;
		} else if (m->value[k] >= ds->n_categories) {
			return BAD("%s: consensus map value %" PRIu32 " is no category", image, m->value[k]);
		} else if ((error = tly_export__folder_value(&v, f, ds, m->value[k], image)) < 0) {
			return error;
		}
		if ((error = fill(out, &at, m->len[k], (uint16_t)v, image, "consensus map")) < 0)
			return error;
	}
	if (at != (uint64_t)m->w * m->h)
		return BAD("%s: the consensus map's runs cover %" PRIu64 " of its %" PRIu64 " pixels", image,
			   at, (uint64_t)m->w * m->h);
	return 0;
}

static int confidence_raster(tly_raster *out, const tly_cons_map *cm, const char *image)
{
	const tly_labelmap *m = &cm->confidence;
	uint64_t at = 0;
	size_t k;
	int error;

	if (m->w != cm->map.w || m->h != cm->map.h)
		return BAD("%s: the confidence map is %" PRIu32 " x %" PRIu32 ", the consensus map %" PRIu32
			   " x %" PRIu32, image, m->w, m->h, cm->map.w, cm->map.h);
	if ((error = raster_new(out, m->w, m->h, 8, image)) < 0)
		return error;
	for (k = 0; k < m->n; k++) {
		if (m->value[k] > 255)
			return BAD("%s: confidence %" PRIu32 " over 255", image, m->value[k]);
		if ((error = fill(out, &at, m->len[k], (uint16_t)m->value[k], image, "confidence map")) < 0)
			return error;
	}
	if (at != (uint64_t)m->w * m->h)
		return BAD("%s: the confidence map's runs cover %" PRIu64 " of its %" PRIu64 " pixels", image,
			   at, (uint64_t)m->w * m->h);
	return 0;
}

/* {"classes": {"<value>": "<name>", ...}, "ignore": <value> or null, "image_ext": ".jpg"} */
static void classes_json(tly_buf *b, const tly_export__folder *f, const tly_dataset *ds)
{
	size_t i;

	tly_buf_puts(b, "{\n  \"classes\": {");
	for (i = 0; i < f->n_listed; i++) {
		uint32_t c = f->listed[i];

		tly_buf_printf(b, "%s\"%" PRId64 "\": ", i ? ", " : "", f->value[c]);
		tly_buf_put_json_string(b, ds->categories[c].name);
	}
	tly_buf_puts(b, "},\n  \"ignore\": ");
	if (f->ignore >= 0)
		tly_buf_printf(b, "%" PRId64, f->ignore);
	else
		tly_buf_puts(b, "null");
	if (f->image_ext) {
		tly_buf_puts(b, ",\n  \"image_ext\": ");
		tly_buf_put_json_string(b, f->image_ext);
	}
	tly_buf_puts(b, "\n}\n");
}

static int has_confidence(const tly_result *r)
{
	size_t i;

	for (i = 0; i < r->n_cons_maps; i++)
		if (r->cons_maps[i].confidence.n)
			return 1;
	return 0;
}

static int write_map(const char *dir, const tly_export__folder *f, const tly_dataset *ds,
		     const tly_result *r, size_t i, unsigned depth)
{
	const tly_cons_map *cm = &r->cons_maps[i];
	const char *image = ds->images[cm->image].name;
	tly_raster px;
	int error;

	if ((error = map_raster(&px, f, ds, cm, depth, image)) == 0)
		error = tly_export__write_png(dir, NULL, f->stems[i], &px);
	tly_raster_clear(&px);
	/* A map without a confidence layer (none was computed) writes none. */
	if (error || !cm->confidence.n)
		return error;
	if ((error = confidence_raster(&px, cm, image)) == 0)
		error = tly_export__write_png(dir, "confidence", f->stems[i], &px);
	tly_raster_clear(&px);
	return error;
}

int tly_export__png_dir(const char *dir, const tly_dataset *ds, const tly_result *r)
{
	tly_export__folder f;
	tly_buf json = TLY_BUF_INIT;
	int64_t ignore = ds->map_ignore_value;
	unsigned depth;
	size_t i;
	int error;

	if (ignore > PNG_MAX)
		return BAD("the ignore value %" PRId64 " does not fit a PNG (0 to %d)", ignore, PNG_MAX);
	if ((error = tly_export__folder_init(&f, ds, r, ignore < 0 ? -1 : ignore, PNG_MAX)) < 0)
		return error;
	/* 8-bit only when every value written fits: the classes' and the ignore value. */
	depth = f.max_value <= 255 && f.ignore <= 255 ? 8 : 16;
	if ((error = tly_export__make_dirs(dir, has_confidence(r) ? "confidence" : NULL)) < 0)
		goto out;
	for (i = 0; i < r->n_cons_maps; i++)
		if ((error = write_map(dir, &f, ds, r, i, depth)) < 0)
			goto out;
	classes_json(&json, &f, ds);
	error = tly_export__write_text(dir, "classes.json", &json);
out:
	tly_buf_clear(&json);
	tly_export__folder_clear(&f);
	return error;
}
