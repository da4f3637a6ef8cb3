/*
 * One result of a Label Studio annotation (labelstud.io/tags: the
 * RectangleLabels, PolygonLabels, BrushLabels and Choices result
 * parameters). Coordinates are percent of original_width (x, width) and
 * original_height (y, height): pixels = percent * side / 100. A rectangle's
 * x, y are its top-left corner before rotation and rotation turns it
 * clockwise about that corner; a rotated rectangle becomes the polygon of
 * its four corners (exact, and matched by mask IoU). Percentages must lie
 * in [0, 100] (a rectangle's far edges too, unless rotated) up to
 * PERCENT_SLACK of float noise; other values are errors. Choices,
 * TextArea, Number and Rating results sharing a region's id are that
 * region's attributes (ls_attrs.c). keypointlabels and every other result
 * type are skipped and counted in n_repairs, as are regions with no label
 * and empty brush masks. Tested by
 * tests/ingest/test_labelstudio.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ingest/labelstudio.h"
#include "ingest/ls_attrs.h"
#include "ingest/ls_brush.h"
#include "ingest/region.h"
#include "tally/error.h"
#include "tally/rle.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

/* Percentage points a value may stray outside [0, 100] (float noise in exports). */
#define PERCENT_SLACK 1e-3

typedef tly_ingest__ls_state ls;
typedef tly_ingest__ls_annotation annotation;

/* The value object at AT.value as a location of its own. */
typedef struct {
	char path[192];
	tly_jloc at;
} value_loc;

static void value_at(value_loc *v, tly_jloc at)
{
	snprintf(v->path, sizeof(v->path), "%s.value", at.path);
	v->at.file = at.file;
	v->at.path = v->path;
}

/* A percentage KEY of OBJ (at AT): finite, within [0, 100] up to the slack. */
static int percent(double *out, tly_jloc at, const cJSON *obj, const char *key, const char *of)
{
	const cJSON *v;
	int error;

	if ((error = tly_ingest__json_member(&v, at, obj, key, cJSON_Number, 1)) < 0 ||
	    (error = tly_ingest__json_coord(out, at, key, v)) < 0)
		return error;
	if (*out < -PERCENT_SLACK || *out > 100 + PERCENT_SLACK)
		return tly_ingest__json_fail(TLY_EINPUT, at, key,
					     "%.15g is outside [0, 100] (percent of the image %s)", *out, of);
	return 0;
}

/*
 * The one label of a region, from the array KEY of VALUE: 1 with *out set,
 * 0 when the array is empty (an unlabelled region), or an error.
 */
static int one_label(const char **out, tly_jloc at, const cJSON *value, const char *key)
{
	const cJSON *arr, *e;
	char k[64];
	size_t n = 0;
	int error;

	if ((error = tly_ingest__json_member(&arr, at, value, key, cJSON_Array, 1)) < 0)
		return error;
	for (e = arr->child; e; e = e->next)
		n++;
	if (n == 0)
		return 0;
	if (n > 1)
		return tly_ingest__json_fail(TLY_EINPUT, at, key,
					     "%zu labels on one region (tally votes one label per object)",
					     n);
	snprintf(k, sizeof(k), "%s[0]", key);
	if (!cJSON_IsString(arr->child) || !arr->child->valuestring[0])
		return tly_ingest__json_fail(TLY_EINPUT, at, k, "expected a label, got %s",
					     cJSON_IsString(arr->child) ? "\"\""
									: tly_ingest__json_kind(arr->child));
	if (strlen(arr->child->valuestring) > TLY_MAX_STRING)
		return tly_ingest__json_fail(TLY_ELIMIT, at, k, "longer than TLY_MAX_STRING (%d bytes)",
					     TLY_MAX_STRING);
	*out = arr->child->valuestring;
	return 1;
}

/* The image's size in pixels from original_width / original_height, and no image rotation. */
static int image_size(int32_t *w, int32_t *h, tly_jloc at, const cJSON *r)
{
	const cJSON *rot;
	int error;

	if ((error = tly_ingest__json_side(w, at, r, "original_width")) < 0 ||
	    (error = tly_ingest__json_side(h, at, r, "original_height")) < 0 ||
	    (error = tly_ingest__json_member(&rot, at, r, "image_rotation", cJSON_Number, 0)) < 0)
		return error;
	if (!*w || !*h)
		return tly_ingest__json_fail(TLY_EINPUT, at, NULL,
					     "missing \"%s\" (percentages need the image size)",
					     *w ? "original_height" : "original_width");
	/* Regions drawn on a turned image: which frame their percentages are in is not documented. */
	if (rot && rot->valuedouble != 0)
		return tly_ingest__json_fail(TLY_EINPUT, at, "image_rotation",
					     "%.15g: regions on a rotated image are not read",
					     rot->valuedouble);
	return 0;
}

/*
 * Add the object of region result R (label, geometry, extra JSON member or
 * NULL, and the attributes other results give the region) to A's submission.
 */
static int add_object(ls *c, annotation *a, tly_jloc at, const cJSON *r, int32_t w, int32_t h,
		      const char *label, const tly_geometry *g, const tly_buf *seg)
{
	tly_buf extra = TLY_BUF_INIT;
	char where[384], *attrs = NULL;
	size_t img, sub;
	int error;

	snprintf(where, sizeof(where), "%s: %s", at.file, at.path);
	if ((error = tly_batch_add_image(&img, c->b, a->name, w, h, where)) < 0)
		return error;
	while (c->n_objs.count < c->b->n_images)
		if (TLY_VEC_PUSH(&c->n_objs, 0) < 0)
			return TLY_ENOMEM;
	if (++c->n_objs.items[img] > TLY_MAX_OBJECTS_IMAGE)
		return tly_ingest__json_fail(TLY_ELIMIT, at, NULL,
					     "more than TLY_MAX_OBJECTS_IMAGE (%d) objects on %s",
					     TLY_MAX_OBJECTS_IMAGE, a->name);
	if ((error = tly_ingest__ls_region_attributes(&attrs, a->results, r, at.file, a->path)) < 0)
		return error;
	if ((seg && seg->size) || attrs) {
		tly_buf_putc(&extra, '{');
		if (seg && seg->size)
			tly_buf_put(&extra, seg->ptr, seg->size);
		if (seg && seg->size && attrs)
			tly_buf_putc(&extra, ',');
		if (attrs)
			tly_buf_puts(&extra, attrs);
		tly_buf_putc(&extra, '}');
		tly_free(attrs);
		if (extra.error) {
			tly_buf_clear(&extra);
			return TLY_ENOMEM;
		}
	}
	if ((error = tly_batch_add_submission(&sub, c->b, img, a->who, TLY_TASK_OBJECTS)) == 0)
		error = tly_batch_add_object(c->b, sub, label, g, 0, at.path, extra.size ? extra.ptr : NULL);
	tly_buf_clear(&extra);
	c->any_objs = 1;
	return error;
}

static int rectangle(ls *c, annotation *a, tly_jloc at, const cJSON *r, const cJSON *value)
{
	value_loc vl;
	tly_buf seg = TLY_BUF_INIT;
	tly_geometry g;
	const cJSON *rv;
	const char *label = NULL;
	double p[4], rot = 0, xy[8];
	int32_t w, h;
	int k, error;

	value_at(&vl, at);
	if ((error = image_size(&w, &h, at, r)) < 0 ||
	    (error = one_label(&label, vl.at, value, "rectanglelabels")) < 0)
		return error;
	if (error == 0) {
		c->b->n_repairs++;
		return 0;
	}
	if ((error = percent(&p[0], vl.at, value, "x", "width")) < 0 ||
	    (error = percent(&p[1], vl.at, value, "y", "height")) < 0 ||
	    (error = percent(&p[2], vl.at, value, "width", "width")) < 0 ||
	    (error = percent(&p[3], vl.at, value, "height", "height")) < 0 ||
	    (error = tly_ingest__json_member(&rv, vl.at, value, "rotation", cJSON_Number, 0)) < 0 ||
	    (rv && (error = tly_ingest__json_coord(&rot, vl.at, "rotation", rv)) < 0))
		return error;
	for (k = 2; k < 4; k++)
		if (!(p[k] > 0))
			return tly_ingest__json_fail(TLY_EINPUT, vl.at, k == 2 ? "width" : "height",
						     "must be positive, got %.15g", p[k]);
	if (tly_ingest__region_unrotated(rot))
		for (k = 0; k < 2; k++)
			if (p[k] + p[k + 2] > 100 + PERCENT_SLACK)
				return tly_ingest__json_fail(
					TLY_EINPUT, vl.at, NULL,
					"%s + %s = %.15g is beyond 100 (percent of the image %s)",
					k ? "y" : "x", k ? "height" : "width", p[k] + p[k + 2],
					k ? "height" : "width");
	memset(&g, 0, sizeof(g));
	g.kind = TLY_GEOM_BOX;
	g.box.x = p[0] * w / 100;
	g.box.y = p[1] * h / 100;
	g.box.w = p[2] * w / 100;
	g.box.h = p[3] * h / 100;
	if (!tly_ingest__region_unrotated(rot)) {
		tly_ingest__region_rotated(xy, g.box.x, g.box.y, g.box.w, g.box.h, rot, g.box.x, g.box.y);
		tly_ingest__region_polygon(&seg, &g.box, xy, 4);
		g.kind = TLY_GEOM_POLYGON;
	}
	error = seg.error ? seg.error : add_object(c, a, at, r, w, h, label, &g, &seg);
	tly_buf_clear(&seg);
	return error;
}

/* value.points: [[x%, y%], ...] into pixel pairs XY (N of them). */
static int read_points(double *xy, tly_jloc at, const cJSON *points, int32_t w, int32_t h)
{
	const cJSON *pt, *e;
	char key[64];
	size_t i = 0;
	int k, error;

	for (pt = points->child; pt; pt = pt->next, i++) {
		snprintf(key, sizeof(key), "points[%zu]", i);
		if (!cJSON_IsArray(pt) || !pt->child || !pt->child->next || pt->child->next->next)
			return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected [x, y]");
		for (k = 0, e = pt->child; k < 2; k++, e = e->next) {
			double d;

			snprintf(key, sizeof(key), "points[%zu][%d]", i, k);
			if ((error = tly_ingest__json_coord(&d, at, key, e)) < 0)
				return error;
			if (d < -PERCENT_SLACK || d > 100 + PERCENT_SLACK)
				return tly_ingest__json_fail(
					TLY_EINPUT, at, key,
					"%.15g is outside [0, 100] (percent of the image %s)", d,
					k ? "height" : "width");
			xy[2 * i + (size_t)k] = d * (k ? h : w) / 100;
		}
	}
	return 0;
}

static int polygon(ls *c, annotation *a, tly_jloc at, const cJSON *r, const cJSON *value)
{
	value_loc vl;
	tly_buf seg = TLY_BUF_INIT;
	tly_geometry g;
	const cJSON *points, *e;
	const char *label = NULL;
	double *xy = NULL;
	size_t n = 0;
	int32_t w, h;
	int error;

	value_at(&vl, at);
	if ((error = image_size(&w, &h, at, r)) < 0 ||
	    (error = one_label(&label, vl.at, value, "polygonlabels")) < 0)
		return error;
	if (error == 0) {
		c->b->n_repairs++;
		return 0;
	}
	if ((error = tly_ingest__json_member(&points, vl.at, value, "points", cJSON_Array, 1)) < 0)
		return error;
	for (e = points->child; e; e = e->next)
		n++;
	if (n < 3)
		return tly_ingest__json_fail(TLY_EINPUT, vl.at, "points",
					     "a polygon needs at least 3 points, got %zu", n);
	if (n > TLY_MAX_POLYGON_POINTS)
		return tly_ingest__json_fail(TLY_ELIMIT, vl.at, "points",
					     "more than TLY_MAX_POLYGON_POINTS (%d) points",
					     TLY_MAX_POLYGON_POINTS);
	if (!(xy = tly_reallocarray(NULL, n, 2 * sizeof(*xy))))
		return TLY_ENOMEM;
	if ((error = read_points(xy, vl.at, points, w, h)) < 0)
		goto out;
	memset(&g, 0, sizeof(g));
	g.kind = TLY_GEOM_POLYGON;
	tly_ingest__region_polygon(&seg, &g.box, xy, n);
	if (seg.error)
		error = seg.error;
	else if (!(g.box.w > 0) || !(g.box.h > 0))
		error = tly_ingest__json_fail(TLY_EINPUT, vl.at, "points",
					      "the polygon has zero width or height");
	else
		error = add_object(c, a, at, r, w, h, label, &g, &seg);
out:
	tly_free(xy);
	tly_buf_clear(&seg);
	return error;
}

/* value.rle: an array of bytes into *out (caller frees), *n of them. */
static int brush_bytes(uint8_t **out, size_t *n, tly_jloc at, const cJSON *value)
{
	const cJSON *rle, *fmt, *e;
	size_t i = 0;
	int error;

	*out = NULL;
	if ((error = tly_ingest__json_member(&fmt, at, value, "format", cJSON_String, 0)) < 0 ||
	    (error = tly_ingest__json_member(&rle, at, value, "rle", cJSON_Array, 1)) < 0)
		return error;
	if (fmt && strcmp(fmt->valuestring, "rle") != 0)
		return tly_ingest__json_fail(TLY_EINPUT, at, "format",
					     "\"%.40s\": only \"rle\" brushes are read", fmt->valuestring);
	for (*n = 0, e = rle->child; e; e = e->next)
		(*n)++;
	if (!(*out = tly_malloc(*n ? *n : 1)))
		return TLY_ENOMEM;
	for (e = rle->child; e; e = e->next, i++) {
		if (!cJSON_IsNumber(e) || !(e->valuedouble >= 0 && e->valuedouble <= 255) ||
		    e->valuedouble != floor(e->valuedouble)) {
			char key[48];

			snprintf(key, sizeof(key), "rle[%zu]", i);
			return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected a byte (0..255)");
		}
		(*out)[i] = (uint8_t)e->valuedouble;
	}
	return 0;
}

static int brush(ls *c, annotation *a, tly_jloc at, const cJSON *r, const cJSON *value)
{
	value_loc vl;
	tly_buf seg = TLY_BUF_INIT;
	tly_geometry g;
	tly_rle mask;
	const char *label = NULL;
	uint8_t *bytes = NULL;
	char where[384];
	size_t n = 0;
	int32_t w, h;
	int error;

	tly_rle_init(&mask);
	value_at(&vl, at);
	if ((error = image_size(&w, &h, at, r)) < 0 ||
	    (error = one_label(&label, vl.at, value, "brushlabels")) < 0)
		return error;
	if (error == 0) {
		c->b->n_repairs++;
		return 0;
	}
	if ((error = brush_bytes(&bytes, &n, vl.at, value)) < 0)
		goto out;
	snprintf(where, sizeof(where), "%s: %s.rle", at.file, vl.path);
	if ((error = tly_ingest__ls_brush_decode(&mask, bytes, n, h, w, where)) < 0)
		goto out;
	/* Nothing painted: nothing to vote on. */
	if (tly_rle_area(&mask) == 0) {
		c->b->n_repairs++;
		goto out;
	}
	memset(&g, 0, sizeof(g));
	g.kind = TLY_GEOM_MASK;
	tly_ingest__region_mask(&seg, &g.box, &mask);
	error = seg.error ? seg.error : add_object(c, a, at, r, w, h, label, &g, &seg);
out:
	tly_free(bytes);
	tly_rle_clear(&mask);
	tly_buf_clear(&seg);
	return error;
}

/* Image-level choices: tags of A's labels submission. */
static int choices(ls *c, annotation *a, tly_jloc at, const cJSON *r, const cJSON *value)
{
	value_loc vl;
	const cJSON *arr, *e, *id = cJSON_GetObjectItemCaseSensitive(r, "id");
	size_t i = 0, sub, dummy;
	char key[48];
	int error;

	/* A choice about a region (Choices with perRegion) carries the region's id:
	 * it is one of the region's attributes, read with its object. */
	if (cJSON_IsString(id) && tly_strmap_get(&a->regions, id->valuestring, &dummy))
		return 0;
	value_at(&vl, at);
	if ((error = tly_ingest__json_member(&arr, vl.at, value, "choices", cJSON_Array, 1)) < 0)
		return error;
	for (e = arr->child; e; e = e->next, i++) {
		snprintf(key, sizeof(key), "choices[%zu]", i);
		if (!cJSON_IsString(e) || !e->valuestring[0])
			return tly_ingest__json_fail(TLY_EINPUT, vl.at, key, "expected a label");
		if (strlen(e->valuestring) > TLY_MAX_STRING)
			return tly_ingest__json_fail(TLY_ELIMIT, vl.at, key,
						     "longer than TLY_MAX_STRING (%d bytes)", TLY_MAX_STRING);
		if ((error = tly_batch_add_submission(&sub, c->b, a->image, a->who, TLY_TASK_LABELS)) < 0 ||
		    (error = tly_batch_add_tag(c->b, sub, e->valuestring)) < 0)
			return error;
		c->any_tags = 1;
	}
	return 0;
}

int tly_ingest__ls_result(ls *c, annotation *a, tly_jloc at, const cJSON *r)
{
	const cJSON *value;
	const char *type;
	size_t dummy;
	int error;

	if (!cJSON_IsObject(r))
		return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "expected an object, got %s",
					     tly_ingest__json_kind(r));
	if ((error = tly_ingest__json_name(&type, at, r, "type", 1)) < 0)
		return error;
	/* TextArea, Number, Rating about a region: read with the region's object */
	if (strcmp(type, "choices") != 0 && tly_ingest__ls_attribute_type(type) &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(r, "id")) &&
	    tly_strmap_get(&a->regions, cJSON_GetObjectItemCaseSensitive(r, "id")->valuestring, &dummy))
		return 0;
	if (strcmp(type, "rectanglelabels") != 0 && strcmp(type, "polygonlabels") != 0 &&
	    strcmp(type, "brushlabels") != 0 && strcmp(type, "choices") != 0) {
		/* keypointlabels, ellipses, text areas, ratings, relations...: not voted on. */
		c->b->n_repairs++;
		return 0;
	}
	if ((error = tly_ingest__json_member(&value, at, r, "value", cJSON_Object, 1)) < 0)
		return error;
	if (type[0] == 'r')
		return rectangle(c, a, at, r, value);
	if (type[0] == 'p')
		return polygon(c, a, at, r, value);
	if (type[0] == 'b')
		return brush(c, a, at, r, value);
	return choices(c, a, at, r, value);
}
