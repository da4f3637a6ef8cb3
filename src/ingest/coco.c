/*
 * COCO detection JSON into a batch (SPEC §3, §7): images by file basename,
 * categories by name, annotations as boxes (polygons and RLE kept verbatim
 * for the segmentation stage, matched through their bbox for now). Every
 * listed image is a submission of every annotator in the file, even with
 * no annotation on it. Tested by tests/ingest/test_coco.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ingest/attributes.h"
#include "ingest/coco_seg.h"
#include "ingest/json_read.h"
#include "ingest/readers.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/strmap.h"
#include "util/vec.h"

typedef struct {
	tly_batch *b;
	const tly_ingest_options *opts;
	const char *file;
	tly_strmap image_ids;   /* decimal id -> images[] index (= batch image index) */
	tly_strmap image_names; /* basename -> images[] index */
	tly_strmap cat_ids;     /* decimal id -> categories[] index */
	TLY_VEC(const char *) cat_names; /* categories[] index -> name, borrowed from the tree */
	tly_strmap ann_ids;     /* decimal id -> annotations[] index */
	tly_strmap people;      /* annotator names the file gives */
	TLY_VEC(char *) people_list; /* the same, first seen first; owned */
	int fallback_used;      /* an annotation named nobody and took --annotator */
	size_t *n_objs;         /* per image: objects so far (TLY_MAX_OBJECTS_IMAGE) */
} coco;

static void coco_clear(coco *c)
{
	size_t i;

	tly_strmap_clear(&c->image_ids);
	tly_strmap_clear(&c->image_names);
	tly_strmap_clear(&c->cat_ids);
	tly_strmap_clear(&c->ann_ids);
	tly_strmap_clear(&c->people);
	TLY_VEC_CLEAR(&c->cat_names);
	for (i = 0; i < c->people_list.count; i++)
		tly_free(c->people_list.items[i]);
	TLY_VEC_CLEAR(&c->people_list);
	tly_free(c->n_objs);
}

static int object_at(tly_jloc at, const cJSON *v)
{
	if (cJSON_IsObject(v))
		return 0;
	return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "expected an object, got %s",
				     tly_ingest__json_kind(v));
}

/* Register ID (read from KEY of the object at AT) in MAP, refusing repeats. */
static int unique_id(tly_strmap *map, tly_jloc at, const char *key, const char *what,
		     const char *array, int64_t id, size_t index)
{
	char num[24];
	size_t prev;

	snprintf(num, sizeof(num), "%" PRId64, id);
	if (tly_strmap_get(map, num, &prev))
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "duplicate %s id %s (also %s[%zu])",
					     what, num, array, prev);
	return tly_strmap_put(map, num, index);
}

static int read_image(coco *c, tly_jloc at, const cJSON *im, size_t i)
{
	const char *name, *base;
	int32_t w, h;
	int64_t id;
	size_t prev, idx;
	char where[512];
	int error;

	if ((error = object_at(at, im)) < 0 || (error = tly_ingest__json_id(&id, at, im, "id")) < 0 ||
	    (error = tly_ingest__json_name(&name, at, im, "file_name", 1)) < 0 ||
	    (error = tly_ingest__json_side(&w, at, im, "width")) < 0 ||
	    (error = tly_ingest__json_side(&h, at, im, "height")) < 0)
		return error;
	base = tly_ingest__basename(name);
	if (!base[0])
		return tly_ingest__json_fail(TLY_EINPUT, at, "file_name", "no file name in \"%s\"", name);
	if ((error = unique_id(&c->image_ids, at, "id", "image", "images", id, i)) < 0)
		return error;
	/* Images are identified by basename: two entries with one name are ambiguous. */
	if (tly_strmap_get(&c->image_names, base, &prev))
		return tly_ingest__json_fail(TLY_EINPUT, at, "file_name",
					     "%s is also images[%zu] (images are identified by file name)",
					     base, prev);
	if ((error = tly_strmap_put(&c->image_names, base, i)) < 0)
		return error;
	snprintf(where, sizeof(where), "%s: %s", c->file, at.path);
	/* A new name each time, so batch image i is images[i]: ids map to both. */
	return tly_batch_add_image(&idx, c->b, base, w, h, where);
}

static int read_images(coco *c, const cJSON *root)
{
	tly_jloc top = {c->file, ""};
	const cJSON *arr, *it;
	char path[48];
	size_t i = 0;
	int error;

	if ((error = tly_ingest__json_member(&arr, top, root, "images", cJSON_Array, 1)) < 0)
		return error;
	for (it = arr->child; it; it = it->next, i++) {
		tly_jloc at = {c->file, tly_ingest__json_index_path(path, sizeof(path), "images", i)};

		if ((error = read_image(c, at, it, i)) < 0)
			return error;
	}
	c->n_objs = tly_calloc(c->b->n_images, sizeof(*c->n_objs));
	return c->n_objs ? 0 : TLY_ENOMEM;
}

static int read_categories(coco *c, const cJSON *root)
{
	tly_jloc top = {c->file, ""};
	const cJSON *arr, *it;
	const char *name;
	char path[48];
	size_t i = 0;
	int64_t id;
	int error;

	/* A file of images without boxes may leave categories out. */
	if ((error = tly_ingest__json_member(&arr, top, root, "categories", cJSON_Array, 0)) < 0 || !arr)
		return error;
	for (it = arr->child; it; it = it->next, i++) {
		tly_jloc at = {c->file, tly_ingest__json_index_path(path, sizeof(path), "categories", i)};

		if (i >= TLY_MAX_CATEGORIES)
			return tly_ingest__json_fail(TLY_ELIMIT, at, NULL,
						     "more than TLY_MAX_CATEGORIES (%d) categories",
						     TLY_MAX_CATEGORIES);
		if ((error = object_at(at, it)) < 0 || (error = tly_ingest__json_id(&id, at, it, "id")) < 0 ||
		    (error = tly_ingest__json_name(&name, at, it, "name", 1)) < 0 ||
		    (error = unique_id(&c->cat_ids, at, "id", "category", "categories", id, i)) < 0)
			return error;
		if (TLY_VEC_PUSH(&c->cat_names, name) < 0)
			return TLY_ENOMEM;
	}
	return 0;
}

/* Look up the id in KEY of AT among MAP's ids (images or categories). */
static int known_id(size_t *out, const tly_strmap *map, tly_jloc at, const cJSON *ann,
		    const char *key, const char *what)
{
	char num[24];
	int64_t id;
	int error;

	if ((error = tly_ingest__json_id(&id, at, ann, key)) < 0)
		return error;
	snprintf(num, sizeof(num), "%" PRId64, id);
	if (!tly_strmap_get(map, num, out))
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "unknown %s id %s", what, num);
	return 0;
}

/*
 * COCO bbox [x, y, w, h]. Empty or inverted boxes are errors; boxes that
 * reach beyond the image are kept as drawn: COCO allows them (pycocotools
 * neither clips nor rejects), and clipping would change what the annotator meant.
 */
static int read_bbox(tly_box *box, tly_jloc at, const cJSON *ann)
{
	const cJSON *arr, *e;
	double v[4];
	char key[32];
	size_t k = 0;
	int error;

	if ((error = tly_ingest__json_member(&arr, at, ann, "bbox", cJSON_Array, 1)) < 0)
		return error;
	for (e = arr->child; e; e = e->next)
		if (!cJSON_IsNumber(e) || ++k > 4)
			break;
	if (e || k != 4)
		return tly_ingest__json_fail(TLY_EINPUT, at, "bbox", "expected 4 numbers");
	for (k = 0, e = arr->child; e; e = e->next, k++) {
		snprintf(key, sizeof(key), "bbox[%zu]", k);
		if ((error = tly_ingest__json_coord(&v[k], at, key, e)) < 0)
			return error;
	}
	if (!(v[2] > 0) || !(v[3] > 0))
		return tly_ingest__json_fail(TLY_EINPUT, at, "bbox",
					     "width and height must be positive, got %.15g x %.15g", v[2], v[3]);
	box->x = v[0];
	box->y = v[1];
	box->w = v[2];
	box->h = v[3];
	return 0;
}

static int read_iscrowd(int *out, tly_jloc at, const cJSON *ann)
{
	const cJSON *v;
	int error;

	*out = 0;
	if ((error = tly_ingest__json_member(&v, at, ann, "iscrowd",
					     cJSON_Number | cJSON_True | cJSON_False, 0)) < 0 || !v)
		return error;
	if (cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v);
		return 0;
	}
	if (v->valuedouble != 0 && v->valuedouble != 1)
		return tly_ingest__json_fail(TLY_EINPUT, at, "iscrowd", "expected 0 or 1, got %.15g",
					     v->valuedouble);
	*out = v->valuedouble == 1;
	return 0;
}

/*
 * Who drew annotation ANN: its "annotator", else "user_id" (number or
 * string), else "attributes"."annotator" (CVAT-style); *out NULL when none.
 * NUM holds a numeric user_id as text.
 */
int tly_ingest__coco_annotator(const char **out, char num[24], tly_jloc at, const cJSON *ann)
{
	const cJSON *v;
	int64_t id;
	int error;
	char path[64];

	if ((error = tly_ingest__json_name(out, at, ann, "annotator", 0)) < 0 || *out)
		return error;
	if ((error = tly_ingest__json_member(&v, at, ann, "user_id", cJSON_Number | cJSON_String, 0)) < 0)
		return error;
	if (v && cJSON_IsString(v))
		return tly_ingest__json_name(out, at, ann, "user_id", 1);
	if (v) {
		if ((error = tly_ingest__json_id(&id, at, ann, "user_id")) < 0)
			return error;
		snprintf(num, 24, "%" PRId64, id);
		*out = num;
		return 0;
	}
	/* Other tools put free-form data under "attributes": only look inside an object. */
	v = cJSON_GetObjectItemCaseSensitive(ann, "attributes");
	if (cJSON_IsObject(v)) {
		tly_jloc in = {at.file, path};

		snprintf(path, sizeof(path), "%s.attributes", at.path);
		return tly_ingest__json_name(out, in, v, "annotator", 0);
	}
	return 0;
}

/* Note NAME as one of the file's annotators (first seen first). */
static int add_person(coco *c, tly_jloc at, const char *name)
{
	size_t dummy;
	char *copy;

	if (tly_strmap_get(&c->people, name, &dummy))
		return 0;
	if (c->people_list.count >= TLY_MAX_ANNOTATORS)
		return tly_ingest__json_fail(TLY_ELIMIT, at, NULL,
					     "more than TLY_MAX_ANNOTATORS (%d) annotators", TLY_MAX_ANNOTATORS);
	copy = tly_strdup(name);
	if (!copy)
		return TLY_ENOMEM;
	if (TLY_VEC_PUSH(&c->people_list, copy) < 0) {
		tly_free(copy);
		return TLY_ENOMEM;
	}
	return tly_strmap_put(&c->people, name, c->people_list.count - 1);
}

/* One annotation: validated fully before anything is added. */
static int read_annotation(coco *c, tly_jloc at, const cJSON *ann, size_t i)
{
	tly_geometry geom;
	const tly_batch_image *img;
	const cJSON *v;
	const char *who;
	char *extra = NULL, *attrs = NULL;
	char num[24];
	size_t image, cat, sub;
	int64_t id;
	int iscrowd, error;

	if ((error = object_at(at, ann)) < 0 ||
	    (error = tly_ingest__json_member(&v, at, ann, "id", cJSON_Number, 0)) < 0)
		return error;
	/* COCO requires ids, but they only matter here for spotting repeats. */
	if (v && ((error = tly_ingest__json_id(&id, at, ann, "id")) < 0 ||
		  (error = unique_id(&c->ann_ids, at, "id", "annotation", "annotations", id, i)) < 0))
		return error;
	if ((error = known_id(&image, &c->image_ids, at, ann, "image_id", "image")) < 0 ||
	    (error = known_id(&cat, &c->cat_ids, at, ann, "category_id", "category")) < 0 ||
	    (error = read_bbox(&geom.box, at, ann)) < 0 || (error = read_iscrowd(&iscrowd, at, ann)) < 0 ||
	    (error = tly_ingest__coco_annotator(&who, num, at, ann)) < 0)
		return error;
	if (who) {
		if ((error = add_person(c, at, who)) < 0)
			return error;
	} else if (c->opts->annotator) {
		who = c->opts->annotator;
		c->fallback_used = 1;
	} else {
		return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "no annotator: pass --annotator");
	}
	img = &c->b->images[image];
	if (++c->n_objs[image] > TLY_MAX_OBJECTS_IMAGE)
		return tly_ingest__json_fail(TLY_ELIMIT, at, NULL,
					     "more than TLY_MAX_OBJECTS_IMAGE (%d) objects on image %s",
					     TLY_MAX_OBJECTS_IMAGE, img->name);
	if ((error = tly_ingest__coco_segmentation(&geom.kind, &extra, at, ann, img->width, img->height)) < 0)
		return error;
	/* CVAT's COCO export keeps shape attributes in "attributes": voted like labels */
	if ((error = tly_ingest__json_attributes(&attrs, at, ann)) == 0 &&
	    (error = tly_ingest__extra_add(&extra, attrs)) == TLY_ENOMEM)
		error = tly_error_set(error, "%s: %s: out of memory", at.file, at.path);
	if (!error && (error = tly_batch_add_submission(&sub, c->b, image, who, TLY_TASK_OBJECTS)) == 0)
		error = tly_batch_add_object(c->b, sub, c->cat_names.items[cat], &geom, iscrowd, at.path, extra);
	tly_free(attrs);
	tly_free(extra);
	return error;
}

/*
 * Everyone the file holds saw every image it lists (a merged export), so
 * each gets a submission per image, empty where they drew nothing (SPEC §3).
 */
static int add_submissions(coco *c)
{
	tly_jloc top = {c->file, ""};
	size_t i, k, sub;
	int error;

	if (!c->people_list.count && !c->fallback_used && c->b->n_images) {
		if (!c->opts->annotator)
			return tly_ingest__json_fail(TLY_EINPUT, top, NULL, "no annotator: pass --annotator");
		c->fallback_used = 1;
	}
	for (i = 0; i < c->b->n_images; i++) {
		for (k = 0; k < c->people_list.count; k++)
			if ((error = tly_batch_add_submission(&sub, c->b, i, c->people_list.items[k],
							      TLY_TASK_OBJECTS)) < 0)
				return error;
		if (c->fallback_used &&
		    (error = tly_batch_add_submission(&sub, c->b, i, c->opts->annotator, TLY_TASK_OBJECTS)) < 0)
			return error;
	}
	return 0;
}

int tly_ingest__coco(tly_batch *b, const cJSON *root, const tly_ingest_options *opts)
{
	tly_jloc top = {b->path, ""};
	const cJSON *arr, *it;
	char path[48];
	coco c;
	size_t i = 0;
	int error = 0;

	memset(&c, 0, sizeof(c));
	c.b = b;
	c.opts = opts;
	c.file = b->path;
	if (!cJSON_IsObject(root)) {
		error = tly_ingest__json_fail(TLY_EINPUT, top, NULL, "expected a JSON object at the top, got %s",
					      tly_ingest__json_kind(root));
		goto out;
	}
	if ((error = read_images(&c, root)) < 0 || (error = read_categories(&c, root)) < 0 ||
	    (error = tly_ingest__json_member(&arr, top, root, "annotations", cJSON_Array, 1)) < 0)
		goto out;
	for (it = arr->child; it; it = it->next, i++) {
		tly_jloc at = {c.file, tly_ingest__json_index_path(path, sizeof(path), "annotations", i)};

		if ((error = read_annotation(&c, at, it, i)) < 0)
			goto out;
	}
	error = add_submissions(&c);
out:
	coco_clear(&c);
	return error;
}
