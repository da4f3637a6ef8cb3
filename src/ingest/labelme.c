/*
 * One LabelMe JSON file is one image seen by one annotator (--annotator:
 * LabelMe does not record who drew). "rectangle" shapes become boxes;
 * "polygon" shapes are kept as COCO-style polygons {"segmentation":
 * [[x1, y1, ...]]} with their bounding box; "mask" shapes become COCO RLE
 * masks (labelme_mask.c). Other shape types (circle, line, point,
 * linestrip, ...) are skipped and counted in batch->n_repairs until tally
 * can match them. Tested by tests/ingest/test_labelme.c.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/json_read.h"
#include "ingest/labelme_mask.h"
#include "ingest/readers.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

/* Bounding box of a shape's points, grown one point at a time. */
typedef struct {
	double x0, y0, x1, y1;
} extent;

static int read_point(double xy[2], tly_jloc at, const cJSON *pt, size_t j)
{
	const cJSON *x = cJSON_IsArray(pt) ? pt->child : NULL;
	char key[48];
	int error;

	snprintf(key, sizeof(key), "points[%zu]", j);
	if (!x || !x->next || x->next->next)
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected [x, y]");
	snprintf(key, sizeof(key), "points[%zu][0]", j);
	if ((error = tly_ingest__json_coord(&xy[0], at, key, x)) < 0)
		return error;
	snprintf(key, sizeof(key), "points[%zu][1]", j);
	return tly_ingest__json_coord(&xy[1], at, key, x->next);
}

/*
 * Read POINTS (N of them) into E; for a polygon also write them to POLY as
 * a flat COCO list. Rectangle corners may come in any order.
 */
static int read_points(extent *e, tly_buf *poly, tly_jloc at, const cJSON *points)
{
	const cJSON *pt;
	double xy[2];
	size_t j = 0;
	int error;

	for (pt = points->child; pt; pt = pt->next, j++) {
		if ((error = read_point(xy, at, pt, j)) < 0)
			return error;
		if (j == 0 || xy[0] < e->x0)
			e->x0 = xy[0];
		if (j == 0 || xy[0] > e->x1)
			e->x1 = xy[0];
		if (j == 0 || xy[1] < e->y0)
			e->y0 = xy[1];
		if (j == 0 || xy[1] > e->y1)
			e->y1 = xy[1];
		if (poly) {
			tly_buf_puts(poly, j ? "," : "{\"segmentation\":[[");
			tly_buf_put_json_number(poly, xy[0]);
			tly_buf_putc(poly, ',');
			tly_buf_put_json_number(poly, xy[1]);
		}
	}
	if (poly)
		tly_buf_puts(poly, "]]}");
	return poly && poly->error ? poly->error : 0;
}

static size_t count_items(const cJSON *arr)
{
	const cJSON *it;
	size_t n = 0;

	for (it = arr->child; it; it = it->next)
		n++;
	return n;
}

/* A rectangle or polygon shape, added to submission SUB. */
static int add_shape(tly_batch *b, size_t sub, tly_jloc at, const cJSON *shape, int is_rect)
{
	tly_buf poly = TLY_BUF_INIT;
	const cJSON *points;
	const char *label;
	tly_geometry geom;
	extent e = {0, 0, 0, 0};
	size_t n;
	int error;

	if ((error = tly_ingest__json_name(&label, at, shape, "label", 1)) < 0 ||
	    (error = tly_ingest__json_member(&points, at, shape, "points", cJSON_Array, 1)) < 0)
		goto out;
	n = count_items(points);
	if (is_rect && n != 2)
		error = tly_ingest__json_fail(TLY_EINPUT, at, "points", "a rectangle needs 2 points, got %zu", n);
	else if (!is_rect && n < 3)
		error = tly_ingest__json_fail(TLY_EINPUT, at, "points",
					      "a polygon needs at least 3 points, got %zu", n);
	else if (n > TLY_MAX_POLYGON_POINTS)
		error = tly_ingest__json_fail(TLY_ELIMIT, at, "points",
					      "more than TLY_MAX_POLYGON_POINTS (%d) points", TLY_MAX_POLYGON_POINTS);
	if (error < 0 || (error = read_points(&e, is_rect ? NULL : &poly, at, points)) < 0)
		goto out;
	/* As for COCO boxes: empty shapes are errors, shapes beyond the image are kept. */
	if (!(e.x1 > e.x0) || !(e.y1 > e.y0)) {
		error = tly_ingest__json_fail(TLY_EINPUT, at, "points", "the %s has zero width or height",
					      is_rect ? "rectangle" : "polygon");
		goto out;
	}
	geom.kind = is_rect ? TLY_GEOM_BOX : TLY_GEOM_POLYGON;
	geom.box.x = e.x0;
	geom.box.y = e.y0;
	geom.box.w = e.x1 - e.x0;
	geom.box.h = e.y1 - e.y0;
	error = tly_batch_add_object(b, sub, label, &geom, 0, at.path, is_rect ? NULL : poly.ptr);
out:
	tly_buf_clear(&poly);
	return error;
}

/* One entry of "shapes": added, or skipped and counted when its type is not matched yet. */
static int read_shape(tly_batch *b, size_t sub, size_t *kept, tly_jloc at, const cJSON *shape,
		      int32_t w, int32_t h)
{
	const cJSON *type;
	const char *t;
	int error;

	if (!cJSON_IsObject(shape))
		return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "expected an object, got %s",
					     tly_ingest__json_kind(shape));
	if ((error = tly_ingest__json_member(&type, at, shape, "shape_type", cJSON_String, 0)) < 0)
		return error;
	/* LabelMe before 3.x wrote no shape_type: every shape was a polygon. */
	t = type ? type->valuestring : "polygon";
	if (strcmp(t, "rectangle") != 0 && strcmp(t, "polygon") != 0 && strcmp(t, "mask") != 0) {
		b->n_repairs++;
		return 0;
	}
	if (++*kept > TLY_MAX_OBJECTS_IMAGE)
		return tly_ingest__json_fail(TLY_ELIMIT, at, NULL, "more than TLY_MAX_OBJECTS_IMAGE (%d) objects",
					     TLY_MAX_OBJECTS_IMAGE);
	if (strcmp(t, "mask") == 0)
		return tly_ingest__labelme_mask(b, sub, at, shape, w, h);
	return add_shape(b, sub, at, shape, strcmp(t, "rectangle") == 0);
}

int tly_ingest__labelme(tly_batch *b, const cJSON *root, const tly_ingest_options *opts)
{
	tly_jloc top = {b->path, ""};
	const cJSON *shapes, *it;
	const char *image, *base;
	char path[48], where[512];
	size_t img, sub, i = 0, kept = 0;
	int32_t w, h;
	int error;

	if (!cJSON_IsObject(root))
		return tly_ingest__json_fail(TLY_EINPUT, top, NULL, "expected a JSON object at the top, got %s",
					     tly_ingest__json_kind(root));
	if ((error = tly_ingest__json_member(&shapes, top, root, "shapes", cJSON_Array, 1)) < 0 ||
	    (error = tly_ingest__json_name(&image, top, root, "imagePath", 1)) < 0 ||
	    (error = tly_ingest__json_side(&w, top, root, "imageWidth")) < 0 ||
	    (error = tly_ingest__json_side(&h, top, root, "imageHeight")) < 0)
		return error;
	base = tly_ingest__basename(image);
	if (!base[0])
		return tly_ingest__json_fail(TLY_EINPUT, top, "imagePath", "no file name in \"%s\"", image);
	if (!opts->annotator)
		return tly_ingest__json_fail(TLY_EINPUT, top, NULL,
					     "no annotator: pass --annotator (LabelMe files do not record one)");
	snprintf(where, sizeof(where), "%s: imagePath", b->path);
	if ((error = tly_batch_add_image(&img, b, base, w, h, where)) < 0 ||
	    (error = tly_batch_add_submission(&sub, b, img, opts->annotator, TLY_TASK_OBJECTS)) < 0)
		return error;
	for (it = shapes->child; it; it = it->next, i++) {
		tly_jloc at = {b->path, tly_ingest__json_index_path(path, sizeof(path), "shapes", i)};

		if ((error = read_shape(b, sub, &kept, at, it, w, h)) < 0)
			return error;
	}
	return 0;
}
