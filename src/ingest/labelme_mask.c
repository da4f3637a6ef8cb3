/*
 * LabelMe `mask` shapes (labelme 5.x). The convention is labelme's own
 * (labelme/utils/shape.py, shapes_to_label): the points are truncated to
 * integers, (x1, y1), (x2, y2) = points.astype(int), and the PNG fills
 * mask[y1 : y2 + 1, x1 : x2 + 1], so the crop holds both corners and must
 * be exactly (x2 - x1 + 1) x (y2 - y1 + 1) pixels; a non-zero sample is
 * foreground (labelme reads it with .astype(bool)). Tested by
 * tests/ingest/test_labelme_mask.c.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/labelme_mask.h"
#include "ingest/mask_runs.h"
#include "tally/error.h"
#include "tally/raster.h"
#include "tally/rle.h"
#include "util/alloc.h"
#include "util/base64.h"

/* The crop, in whole pixels: corners inclusive. */
typedef struct {
	int64_t x1, y1, x2, y2;
} crop;

static int read_corners(crop *c, tly_jloc at, const cJSON *points)
{
	const cJSON *pt;
	double v[4];
	char key[48];
	size_t j = 0, k;
	int error;

	for (pt = points->child; pt; pt = pt->next, j++) {
		const cJSON *x = cJSON_IsArray(pt) ? pt->child : NULL;

		snprintf(key, sizeof(key), "points[%zu]", j);
		if (j >= 2 || !x || !x->next || x->next->next)
			break;
		for (k = 0; k < 2; k++, x = x->next) {
			snprintf(key, sizeof(key), "points[%zu][%zu]", j, k);
			if ((error = tly_ingest__json_coord(&v[2 * j + k], at, key, x)) < 0)
				return error;
		}
	}
	if (pt || j != 2)
		return tly_ingest__json_fail(TLY_EINPUT, at, "points",
					     "a mask needs 2 points [[x1, y1], [x2, y2]] (the crop's corners)");
	/* C's conversion truncates toward zero, as numpy's astype(int) does. */
	c->x1 = (int64_t)v[0];
	c->y1 = (int64_t)v[1];
	c->x2 = (int64_t)v[2];
	c->y2 = (int64_t)v[3];
	return 0;
}

static int check_crop(const crop *c, tly_jloc at, int32_t w, int32_t h)
{
	if (c->x2 < c->x1 || c->y2 < c->y1)
		return tly_ingest__json_fail(TLY_EINPUT, at, "points",
					     "the crop's corners (%lld, %lld) and (%lld, %lld) are not top-left "
					     "then bottom-right", (long long)c->x1, (long long)c->y1,
					     (long long)c->x2, (long long)c->y2);
	if (c->x1 < 0 || c->y1 < 0 || c->x2 >= w || c->y2 >= h)
		return tly_ingest__json_fail(TLY_EINPUT, at, "points",
					     "the crop (%lld, %lld)-(%lld, %lld) reaches beyond the %dx%d image",
					     (long long)c->x1, (long long)c->y1, (long long)c->x2,
					     (long long)c->y2, (int)w, (int)h);
	return 0;
}

/*
 * Place the crop's pixels into a W x H image, walking the crop's columns
 * in COCO's column-major order: background before the crop, between its
 * columns (the rows above and below it) and after it comes in whole runs.
 */
static int place(tly_rle *out, const tly_raster *png, const crop *c, int32_t w, int32_t h)
{
	tly_ingest__runs runs = {{NULL, 0, 0}, 0, 0, 0, 0};
	uint32_t x, y;

	tly_ingest__runs_add(&runs, 0, (uint64_t)c->x1 * (uint64_t)h + (uint64_t)c->y1);
	for (x = 0; x < png->w; x++) {
		if (x)
			tly_ingest__runs_add(&runs, 0, (uint64_t)h - png->h);
		for (y = 0; y < png->h; y++)
			tly_ingest__runs_add(&runs, png->px[(size_t)y * png->w + x] != 0, 1);
	}
	return tly_ingest__runs_finish(out, &runs, h, w);
}

int tly_ingest__labelme_mask(tly_batch *b, size_t sub, tly_jloc at, const cJSON *shape,
			     int32_t img_w, int32_t img_h)
{
	const cJSON *points, *data;
	const char *label;
	uint8_t *bytes = NULL;
	size_t n = 0;
	tly_raster png;
	tly_rle rle;
	char what[512];
	crop c = {0, 0, 0, 0};
	int error;

	tly_raster_init(&png);
	tly_rle_init(&rle);
	if ((error = tly_ingest__json_name(&label, at, shape, "label", 1)) < 0 ||
	    (error = tly_ingest__json_member(&points, at, shape, "points", cJSON_Array, 1)) < 0 ||
	    (error = tly_ingest__json_member(&data, at, shape, "mask", cJSON_String, 1)) < 0 ||
	    (error = read_corners(&c, at, points)) < 0)
		goto out;
	if (!img_w || !img_h) {
		error = tly_ingest__json_fail(TLY_EINPUT, at, NULL, "a mask shape needs the image's size "
					      "(imageWidth and imageHeight)");
		goto out;
	}
	if ((error = check_crop(&c, at, img_w, img_h)) < 0)
		goto out;
	snprintf(what, sizeof(what), "%s: %s.mask", at.file, at.path);
	if ((error = tly_base64_decode(&bytes, &n, data->valuestring, strlen(data->valuestring), what)) < 0 ||
	    (error = tly_png_read(&png, bytes, n, what)) < 0)
		goto out;
	if (png.channels != 1) {
		error = tly_ingest__json_fail(TLY_EINPUT, at, "mask", "the PNG has %u channels; a mask has one "
					      "(grey or palette)", png.channels);
		goto out;
	}
	if ((int64_t)png.w != c.x2 - c.x1 + 1 || (int64_t)png.h != c.y2 - c.y1 + 1) {
		error = tly_ingest__json_fail(TLY_EINPUT, at, "mask", "the PNG is %ux%u but the points give a "
					      "%lldx%lld crop", png.w, png.h, (long long)(c.x2 - c.x1 + 1),
					      (long long)(c.y2 - c.y1 + 1));
		goto out;
	}
	if ((error = place(&rle, &png, &c, img_w, img_h)) < 0)
		goto out;
	/* As for polygons: an empty shape is an error, not an object. */
	if (tly_rle_area(&rle) == 0) {
		error = tly_ingest__json_fail(TLY_EINPUT, at, "mask", "the mask covers no pixel");
		goto out;
	}
	error = tly_ingest__add_mask_object(b, sub, label, &rle, 0, at.path);
out:
	tly_free(bytes);
	tly_raster_clear(&png);
	tly_rle_clear(&rle);
	return error;
}
