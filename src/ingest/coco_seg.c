/*
 * COCO segmentations (polygons, RLE) checked and kept verbatim. Shapes
 * follow pycocotools (mask.py, maskApi.c): polygons are flat x,y lists;
 * an RLE has "size" [height, width] and "counts", either runs summing to
 * height*width or the compressed string whose characters lie in '0'..'o'.
 * Tested by tests/ingest/test_coco.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest/coco_seg.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

static int coord_ok(const cJSON *e)
{
	return cJSON_IsNumber(e) && fabs(e->valuedouble) <= TLY_MAX_COORD;
}

static int check_polygons(tly_jloc at, const cJSON *seg)
{
	const cJSON *poly, *e;
	char key[64];
	size_t i = 0, j, points = 0;
	double d;
	int error;

	for (poly = seg->child; poly; poly = poly->next, i++) {
		snprintf(key, sizeof(key), "segmentation[%zu]", i);
		if (!cJSON_IsArray(poly))
			return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected an array of coordinates, got %s",
						     tly_ingest__json_kind(poly));
		for (j = 0, e = poly->child; e; e = e->next, j++) {
			if (coord_ok(e))
				continue;
			/* Only a bad value pays for formatting its path. */
			snprintf(key, sizeof(key), "segmentation[%zu][%zu]", i, j);
			if ((error = tly_ingest__json_coord(&d, at, key, e)) < 0)
				return error;
		}
		if (j % 2)
			return tly_ingest__json_fail(TLY_EINPUT, at, key, "odd number of coordinates (%zu)", j);
		points += j / 2;
		if (points > TLY_MAX_POLYGON_POINTS)
			return tly_ingest__json_fail(TLY_ELIMIT, at, "segmentation",
						     "more than TLY_MAX_POLYGON_POINTS (%d) points",
						     TLY_MAX_POLYGON_POINTS);
	}
	return 0;
}

/* RLE "size": [height, width], each a whole number of pixels within the cap. */
static int rle_size(int32_t hw[2], tly_jloc at, const cJSON *seg)
{
	const cJSON *size, *e;
	size_t k = 0;
	int error;

	if ((error = tly_ingest__json_member(&size, at, seg, "size", cJSON_Array, 1)) < 0)
		return error;
	for (e = size->child; e; e = e->next, k++) {
		if (k >= 2 || !cJSON_IsNumber(e) || !(e->valuedouble >= 0) ||
		    e->valuedouble > TLY_MAX_IMAGE_SIDE || floor(e->valuedouble) != e->valuedouble)
			break;
		hw[k] = (int32_t)e->valuedouble;
	}
	if (e || k != 2)
		return tly_ingest__json_fail(TLY_EINPUT, at, "size",
					     "expected [height, width] in whole pixels up to %d",
					     TLY_MAX_IMAGE_SIDE);
	return 0;
}

static int check_counts(tly_jloc at, const cJSON *counts, const int32_t hw[2])
{
	const cJSON *e;
	const char *s;
	double sum = 0, area = (double)hw[0] * (double)hw[1];
	size_t n = 0;

	if (cJSON_IsString(counts)) {
		for (s = counts->valuestring; *s; s++, n++)
			if (*s < '0' || *s > 'o')
				return tly_ingest__json_fail(TLY_EINPUT, at, "counts",
							     "not a COCO compressed RLE string (byte %zu)", n);
		if (n > TLY_MAX_RLE_RUNS)
			return tly_ingest__json_fail(TLY_ELIMIT, at, "counts", "longer than TLY_MAX_RLE_RUNS (%d)",
						     TLY_MAX_RLE_RUNS);
		return 0;
	}
	for (e = counts->child; e; e = e->next, n++) {
		if (n >= TLY_MAX_RLE_RUNS)
			return tly_ingest__json_fail(TLY_ELIMIT, at, "counts",
						     "more than TLY_MAX_RLE_RUNS (%d) runs", TLY_MAX_RLE_RUNS);
		if (!cJSON_IsNumber(e) || !(e->valuedouble >= 0) || e->valuedouble > area ||
		    floor(e->valuedouble) != e->valuedouble)
			return tly_ingest__json_fail(TLY_EINPUT, at, "counts",
						     "run %zu is not a whole number of pixels up to %.15g", n, area);
		sum += e->valuedouble;
		/* Stopping once past the area keeps every sum below 2^53, hence exact. */
		if (sum > area)
			break;
	}
	if (sum != area)
		return tly_ingest__json_fail(TLY_EINPUT, at, "counts",
					     "runs sum to %.15g pixels, not height*width = %.15g", sum, area);
	return 0;
}

static int check_rle(tly_jloc at, const cJSON *seg, int32_t img_w, int32_t img_h)
{
	const cJSON *counts;
	char path[96];
	tly_jloc in = {at.file, path};
	int32_t hw[2];
	int error;

	snprintf(path, sizeof(path), "%s.segmentation", at.path);
	if ((error = rle_size(hw, in, seg)) < 0)
		return error;
	if (img_w && img_h && (hw[0] != img_h || hw[1] != img_w))
		return tly_ingest__json_fail(TLY_EINPUT, in, "size",
					     "[%d, %d] differs from the image's [height, width] [%d, %d]",
					     (int)hw[0], (int)hw[1], (int)img_h, (int)img_w);
	if ((error = tly_ingest__json_member(&counts, in, seg, "counts", cJSON_Array | cJSON_String, 1)) < 0)
		return error;
	return check_counts(in, counts, hw);
}

int tly_ingest__coco_segmentation(tly_geom_kind *kind, char **extra_json, tly_jloc at,
				  const cJSON *ann, int32_t img_w, int32_t img_h)
{
	tly_buf buf = TLY_BUF_INIT;
	const cJSON *seg;
	char *printed;
	int error;

	*kind = TLY_GEOM_BOX;
	*extra_json = NULL;
	if ((error = tly_ingest__json_member(&seg, at, ann, "segmentation", cJSON_Array | cJSON_Object,
					     0)) < 0 || !seg)
		return error;
	/* Box-only exports often write "segmentation": []. */
	if (cJSON_IsArray(seg) && !seg->child)
		return 0;
	if (cJSON_IsArray(seg)) {
		*kind = TLY_GEOM_POLYGON;
		error = check_polygons(at, seg);
	} else {
		*kind = TLY_GEOM_MASK;
		error = check_rle(at, seg, img_w, img_h);
	}
	if (error < 0)
		return error;
	printed = cJSON_PrintUnformatted(seg);
	if (!printed)
		return tly_error_set(TLY_ENOMEM, "%s: %s: out of memory", at.file, at.path);
	tly_buf_puts(&buf, "{\"segmentation\":");
	tly_buf_puts(&buf, printed);
	tly_buf_putc(&buf, '}');
	cJSON_free(printed);
	if (buf.error) {
		error = buf.error;
		tly_buf_clear(&buf);
		return error;
	}
	*extra_json = tly_buf_detach(&buf);
	return *extra_json ? 0 : TLY_ENOMEM;
}
