/*
 * Stored segmentations into masks at load time (SPEC §4, §7). Ingest keeps
 * COCO's `segmentation` verbatim as {"segmentation": ...} (LabelMe polygons
 * in the same layout): polygon parts are rasterised as pycocotools does and
 * united, RLEs are decoded from their counts. Checked by
 * tests/store/test_load_masks.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "store/load_masks.h"
#include "tally/error.h"
#include "tally/polygon.h"
#include "util/alloc.h"
#include "util/limits.h"
#include "util/vec.h"

/* Everything a failure message names. */
typedef struct {
	const char *path;
	const char *image;
	int64_t id;
} where;

static int bad(const where *at, const char *what)
{
	return tly_error_set(TLY_ESTORE, "%s: image %s, object %lld: bad stored segmentation: %s",
			     at->path, at->image, (long long)at->id, what);
}

/* Re-word a geometry core failure as a store failure naming the object. */
static int bad_core(const where *at, int error)
{
	char why[256];

	if (error == TLY_ENOMEM)
		return error;
	snprintf(why, sizeof(why), "%s", tly_error_last());
	return bad(at, why);
}

static size_t count_children(const cJSON *a)
{
	const cJSON *e;
	size_t n = 0;

	for (e = a->child; e; e = e->next)
		n++;
	return n;
}

/* One polygon part (a flat x, y list) into *out. XY is scratch grown as needed. */
static int polygon_part(tly_rle *out, double **xy, size_t *cap, const cJSON *part, int64_t h,
			int64_t w, const where *at)
{
	const cJSON *e;
	size_t n, i = 0;
	int error;

	if (!cJSON_IsArray(part))
		return bad(at, "a polygon part is not an array");
	n = count_children(part);
	if (n % 2 || n / 2 > TLY_MAX_POLYGON_POINTS)
		return bad(at, "a polygon part has an odd or too large number of coordinates");
	if (n > *cap) {
		double *p = tly_reallocarray(*xy, n, sizeof(**xy));

		if (!p)
			return TLY_ENOMEM;
		*xy = p;
		*cap = n;
	}
	for (e = part->child; e; e = e->next, i++) {
		if (!cJSON_IsNumber(e))
			return bad(at, "a polygon coordinate is not a number");
		(*xy)[i] = e->valuedouble;
	}
	if ((error = tly_polygon_to_rle(out, *xy, n / 2, h, w)) < 0)
		return bad_core(at, error);
	return 0;
}

/* Polygon parts SEG, united, at H x W. */
static int polygons(tly_rle *out, const cJSON *seg, int64_t h, int64_t w, const where *at)
{
	const cJSON *part;
	tly_rle *parts = NULL;
	double *xy = NULL;
	size_t k = count_children(seg), i = 0, cap = 0;
	int error = 0;

	if (k == 0)
		return bad(at, "a polygon without parts");
	if (!(parts = tly_calloc(k, sizeof(*parts))))
		return TLY_ENOMEM;
	for (part = seg->child; part; part = part->next, i++)
		if ((error = polygon_part(&parts[i], &xy, &cap, part, h, w, at)) < 0)
			goto out;
	if (k == 1) {
		*out = parts[0];
		tly_rle_init(&parts[0]);
	} else if ((error = tly_rle_merge(out, parts, k, TLY_RLE_UNION)) < 0) {
		error = bad_core(at, error);
	}
out:
	for (i = 0; i < k; i++)
		tly_rle_clear(&parts[i]);
	tly_free(parts);
	tly_free(xy);
	return error;
}

/* A whole number in [0, max]. */
static int whole(int64_t *v, const cJSON *e, double max)
{
	if (!cJSON_IsNumber(e) || !(e->valuedouble >= 0) || e->valuedouble > max ||
	    floor(e->valuedouble) != e->valuedouble)
		return 0;
	*v = (int64_t)e->valuedouble;
	return 1;
}

/* An RLE object {"size": [h, w], "counts": [...] | "..."}; *H, *W get its size. */
static int rle_object(tly_rle *out, int64_t *h, int64_t *w, const cJSON *seg, const where *at)
{
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(seg, "size");
	const cJSON *counts = cJSON_GetObjectItemCaseSensitive(seg, "counts");
	const cJSON *e;
	int64_t *runs = NULL;
	size_t n, i = 0;
	int error = 0;

	if (!cJSON_IsArray(size) || count_children(size) != 2 ||
	    !whole(h, size->child, TLY_MAX_IMAGE_SIDE) || !whole(w, size->child->next, TLY_MAX_IMAGE_SIDE))
		return bad(at, "RLE size is not [height, width]");
	if (cJSON_IsString(counts)) {
		error = tly_rle_from_string(out, *h, *w, counts->valuestring, strlen(counts->valuestring));
		return error < 0 ? bad_core(at, error) : 0;
	}
	if (!cJSON_IsArray(counts))
		return bad(at, "RLE counts are neither a string nor an array");
	n = count_children(counts);
	if (n > TLY_MAX_RLE_RUNS)
		return bad(at, "more RLE runs than TLY_MAX_RLE_RUNS");
	if (n && !(runs = tly_reallocarray(NULL, n, sizeof(*runs))))
		return TLY_ENOMEM;
	for (e = counts->child; e; e = e->next, i++) {
		if (!whole(&runs[i], e, 4294967295.0)) {
			error = bad(at, "an RLE run is not a whole number of pixels");
			goto out;
		}
	}
	if ((error = tly_rle_from_counts(out, *h, *w, runs, n)) < 0)
		error = bad_core(at, error);
out:
	tly_free(runs);
	return error;
}

/* Parse JSON into *out; 1 made, 0 left to the box, or an error. */
static int build(tly_rle *out, const tly_image *im, tly_geom_kind kind, const char *json, const where *at)
{
	cJSON *root = NULL;
	const cJSON *seg;
	int64_t h = im->height, w = im->width;
	int error = 0;

	tly_rle_init(out);
	if (!json)
		return bad(at, "no segmentation stored for a polygon or mask");
	if (!(root = cJSON_Parse(json)))
		return bad(at, "not JSON");
	seg = cJSON_GetObjectItemCaseSensitive(root, "segmentation");
	if (kind == TLY_GEOM_POLYGON) {
		if (!cJSON_IsArray(seg))
			error = bad(at, "a polygon whose segmentation is not an array");
		else if (h > 0 && w > 0 && (error = polygons(out, seg, h, w, at)) == 0)
			error = 1;
		/* Unknown image size: no raster to draw on; the box stands in. */
	} else if (!cJSON_IsObject(seg)) {
		error = bad(at, "a mask whose segmentation is not an RLE object");
	} else if ((error = rle_object(out, &h, &w, seg, at)) == 0) {
		/* A mask of another size than its image cannot meet the
		 * image's other masks pixel for pixel: the box stands in. */
		error = 1;
		if (im->width > 0 && im->height > 0 && (h != im->height || w != im->width)) {
			tly_rle_clear(out);
			error = 0;
		}
	}
	cJSON_Delete(root);
	return error;
}

int tly_store__masks_add(tly_store__masks *m, const tly_image *im, uint32_t image, uint32_t obj,
			 int64_t id, tly_geom_kind kind, const char *json, const char *store_path)
{
	where at = {store_path, im->name, id};
	tly_rle r;
	int made, error;

	if (kind != TLY_GEOM_POLYGON && kind != TLY_GEOM_MASK)
		return 0;
	if ((made = build(&r, im, kind, json, &at)) < 0)
		return made;
	if (!made) {
		m->n_by_box++;
		return 0;
	}
	if ((error = tly_vec__reserve((void **)&m->v, &m->cap, m->n, sizeof(*m->v))) < 0) {
		tly_rle_clear(&r);
		return error;
	}
	m->v[m->n].image = image;
	m->v[m->n].obj = obj;
	m->v[m->n].rle = r;
	m->n++;
	return 0;
}

int tly_store__masks_attach(tly_store__masks *m, tly_dataset *ds)
{
	size_t i, *at = NULL;
	int error = 0;

	ds->n_shapes_by_box = m->n_by_box;
	if (!m->n)
		return 0;
	if (!(at = tly_calloc(ds->n_images, sizeof(*at))))
		return TLY_ENOMEM;
	for (i = 0; i < m->n; i++)
		at[m->v[i].image]++;
	for (i = 0; i < ds->n_images; i++) {
		/* Zeroed entries are empty masks: clearing the dataset after a
		 * failure below frees only what was moved in. */
		if (at[i] && !(ds->images[i].rles = tly_calloc(at[i], sizeof(tly_rle)))) {
			error = TLY_ENOMEM;
			goto out;
		}
		ds->images[i].n_rles = at[i];
		at[i] = 0;
	}
	for (i = 0; i < m->n; i++) {
		tly_image *im = &ds->images[m->v[i].image];
		tly_rle *dst = &im->rles[at[m->v[i].image]++];

		*dst = m->v[i].rle;
		tly_rle_init(&m->v[i].rle);
		im->objs[m->v[i].obj].geom.rle = dst;
	}
out:
	tly_free(at);
	return error;
}

void tly_store__masks_clear(tly_store__masks *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		tly_rle_clear(&m->v[i].rle);
	tly_free(m->v);
	memset(m, 0, sizeof(*m));
}
