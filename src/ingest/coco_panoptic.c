/*
 * COCO panoptic JSON (SPEC §7; the format page of cocodataset.org and
 * panopticapi): images, categories with "isthing", and per image one
 * annotation {"image_id", "file_name" of its PNG, "segments_info"}. Each
 * annotation gives the image a label map of category ids (void = ignore)
 * and its thing segments as mask objects of an objects submission by the
 * same annotator; every listed image is a submission of every annotator
 * (SPEC §3). segments_info and the PNG must agree both ways, as
 * panopticapi's pq_compute insists. The batch's content hash covers the
 * PNGs too (re-ingesting after fixing a PNG is not skipped). Tested by tests/ingest/test_coco_panoptic.c.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/json_read.h"
#include "ingest/mask_runs.h"
#include "ingest/panoptic_png.h"
#include "ingest/readers.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "tally/labelmap.h"
#include "util/alloc.h"
#include "util/limits.h"
#include "util/strmap.h"
#include "util/vec.h"

/* Segment ids are 24-bit RGB values. */
#define MAX_SEGMENT_ID 0xFFFFFF

typedef struct {
	uint32_t id;
	const char *name; /* borrowed from the tree */
	int isthing;
} category;

typedef struct {
	tly_batch *b;
	const tly_ingest_options *opts;
	const char *file;
	tly_strmap image_ids; /* decimal id -> batch image index */
	tly_strmap cat_ids;   /* decimal id -> cats index */
	TLY_VEC(category) cats;
	tly_strmap people;    /* annotator names the file gives */
	TLY_VEC(char *) people_list;
	int fallback_used;
} panoptic;

static void panoptic_clear(panoptic *p)
{
	size_t i;

	tly_strmap_clear(&p->image_ids);
	tly_strmap_clear(&p->cat_ids);
	tly_strmap_clear(&p->people);
	TLY_VEC_CLEAR(&p->cats);
	for (i = 0; i < p->people_list.count; i++)
		tly_free(p->people_list.items[i]);
	TLY_VEC_CLEAR(&p->people_list);
}

int tly_ingest__coco_panoptic_is(const cJSON *root)
{
	const cJSON *anns = cJSON_GetObjectItemCaseSensitive(root, "annotations");
	const cJSON *cats = cJSON_GetObjectItemCaseSensitive(root, "categories");

	if (!cJSON_IsArray(anns))
		return 0;
	if (anns->child)
		return cJSON_IsObject(anns->child) &&
		       cJSON_GetObjectItemCaseSensitive(anns->child, "segments_info") != NULL;
	/* No annotation yet: the categories still tell panoptic ("isthing") from detection. */
	return cJSON_IsArray(cats) && cJSON_IsObject(cats->child) &&
	       cJSON_GetObjectItemCaseSensitive(cats->child, "isthing") != NULL;
}

static int object_at(tly_jloc at, const cJSON *v)
{
	if (cJSON_IsObject(v))
		return 0;
	return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "expected an object, got %s",
				     tly_ingest__json_kind(v));
}

/* Register ID in MAP at INDEX, refusing repeats. */
static int unique_id(tly_strmap *map, tly_jloc at, const char *what, int64_t id, size_t index)
{
	char num[24];
	size_t prev;

	snprintf(num, sizeof(num), "%" PRId64, id);
	if (tly_strmap_get(map, num, &prev))
		return tly_ingest__json_fail(TLY_EINPUT, at, "id", "duplicate %s id %s", what, num);
	return tly_strmap_put(map, num, index);
}

/* Look up the id in KEY of OBJ among MAP's ids. */
static int known_id(size_t *out, const tly_strmap *map, tly_jloc at, const cJSON *obj, const char *key,
		    const char *what)
{
	char num[24];
	int64_t id;
	int error;

	if ((error = tly_ingest__json_id(&id, at, obj, key)) < 0)
		return error;
	snprintf(num, sizeof(num), "%" PRId64, id);
	if (!tly_strmap_get(map, num, out))
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "unknown %s id %s", what, num);
	return 0;
}

/* 0/1 or false/true at KEY; absent gives DEFAULT_V (< 0: required). */
static int read_flag(int *out, tly_jloc at, const cJSON *obj, const char *key, int default_v)
{
	const cJSON *v;
	int error;

	*out = default_v;
	if ((error = tly_ingest__json_member(&v, at, obj, key, cJSON_Number | cJSON_True | cJSON_False,
					     default_v < 0)) < 0 || !v)
		return error;
	if (cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v);
		return 0;
	}
	if (v->valuedouble != 0 && v->valuedouble != 1)
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected 0 or 1, got %.15g", v->valuedouble);
	*out = v->valuedouble == 1;
	return 0;
}

static int read_images(panoptic *p, const cJSON *root)
{
	tly_jloc top = {p->file, ""};
	const cJSON *arr, *it;
	const char *name, *base;
	char path[48], where[512];
	size_t i = 0, idx;
	int32_t w, h;
	int64_t id;
	int error;

	if ((error = tly_ingest__json_member(&arr, top, root, "images", cJSON_Array, 1)) < 0)
		return error;
	for (it = arr->child; it; it = it->next, i++) {
		tly_jloc at = {p->file, tly_ingest__json_index_path(path, sizeof(path), "images", i)};

		if ((error = object_at(at, it)) < 0 || (error = tly_ingest__json_id(&id, at, it, "id")) < 0 ||
		    (error = tly_ingest__json_name(&name, at, it, "file_name", 1)) < 0 ||
		    (error = tly_ingest__json_side(&w, at, it, "width")) < 0 ||
		    (error = tly_ingest__json_side(&h, at, it, "height")) < 0)
			return error;
		base = tly_ingest__basename(name);
		if (!base[0])
			return tly_ingest__json_fail(TLY_EINPUT, at, "file_name", "no file name in \"%s\"", name);
		snprintf(where, sizeof(where), "%s: %s", p->file, at.path);
		if ((error = tly_batch_add_image(&idx, p->b, base, w, h, where)) < 0)
			return error;
		/* Images are identified by basename: a second entry of one name is ambiguous. */
		if (idx != i)
			return tly_ingest__json_fail(TLY_EINPUT, at, "file_name",
						     "%s is also images[%zu] (images are identified by file name)",
						     base, idx);
		if ((error = unique_id(&p->image_ids, at, "image", id, i)) < 0)
			return error;
	}
	return 0;
}

static int read_categories(panoptic *p, const cJSON *root)
{
	tly_jloc top = {p->file, ""};
	const cJSON *arr, *it;
	category c;
	char path[48];
	size_t i = 0;
	int64_t id;
	int error;

	if ((error = tly_ingest__json_member(&arr, top, root, "categories", cJSON_Array, 1)) < 0)
		return error;
	for (it = arr->child; it; it = it->next, i++) {
		tly_jloc at = {p->file, tly_ingest__json_index_path(path, sizeof(path), "categories", i)};

		if (i >= TLY_MAX_CATEGORIES)
			return tly_ingest__json_fail(TLY_ELIMIT, at, NULL, "more than TLY_MAX_CATEGORIES (%d) "
						     "categories", TLY_MAX_CATEGORIES);
		if ((error = object_at(at, it)) < 0 || (error = tly_ingest__json_id(&id, at, it, "id")) < 0 ||
		    (error = tly_ingest__json_name(&c.name, at, it, "name", 1)) < 0 ||
		    (error = read_flag(&c.isthing, at, it, "isthing", -1)) < 0)
			return error;
		/* The id is the label map's pixel value; TLY_LABEL_IGNORE is taken. */
		if (id < 0 || id >= (int64_t)TLY_LABEL_IGNORE)
			return tly_ingest__json_fail(TLY_EINPUT, at, "id", "%" PRId64 " is outside 0..%u", id,
						     TLY_LABEL_IGNORE - 1);
		c.id = (uint32_t)id;
		if ((error = unique_id(&p->cat_ids, at, "category", id, i)) < 0)
			return error;
		if (TLY_VEC_PUSH(&p->cats, c) < 0)
			return TLY_ENOMEM;
	}
	return 0;
}

/* segments_info of one annotation: the segments and, per segment, its category and crowd flag. */
typedef struct {
	tly_ingest__segment *segs;
	size_t *cat;
	int *iscrowd;
	size_t n;
} seglist;

static void seglist_clear(seglist *s)
{
	size_t i;

	for (i = 0; s->segs && i < s->n; i++)
		tly_rle_clear(&s->segs[i].rle);
	tly_free(s->segs);
	tly_free(s->cat);
	tly_free(s->iscrowd);
	memset(s, 0, sizeof(*s));
}

static int read_segment(seglist *s, size_t j, panoptic *p, tly_jloc at, const cJSON *seg)
{
	int64_t id;
	int error;

	if ((error = object_at(at, seg)) < 0 || (error = tly_ingest__json_id(&id, at, seg, "id")) < 0)
		return error;
	if (id < 1 || id > MAX_SEGMENT_ID)
		return tly_ingest__json_fail(TLY_EINPUT, at, "id", "%" PRId64 " is not a segment id (1 to %d; "
					     "0 is void)", id, MAX_SEGMENT_ID);
	if ((error = known_id(&s->cat[j], &p->cat_ids, at, seg, "category_id", "category")) < 0 ||
	    (error = read_flag(&s->iscrowd[j], at, seg, "iscrowd", 0)) < 0)
		return error;
	s->segs[j].id = (uint32_t)id;
	s->segs[j].category = p->cats.items[s->cat[j]].id;
	s->segs[j].thing = p->cats.items[s->cat[j]].isthing;
	tly_rle_init(&s->segs[j].rle);
	return 0;
}

static int read_segments(seglist *s, panoptic *p, tly_jloc at, const cJSON *ann)
{
	const cJSON *arr, *it;
	tly_strmap ids = TLY_STRMAP_INIT;
	char path[96];
	size_t n = 0, j = 0, prev;
	int error = 0;

	if ((error = tly_ingest__json_member(&arr, at, ann, "segments_info", cJSON_Array, 1)) < 0)
		return error;
	for (it = arr->child; it; it = it->next)
		n++;
	if (n > TLY_MAX_OBJECTS_IMAGE)
		return tly_ingest__json_fail(TLY_ELIMIT, at, "segments_info", "more than TLY_MAX_OBJECTS_IMAGE "
					     "(%d) segments", TLY_MAX_OBJECTS_IMAGE);
	s->segs = tly_calloc(n ? n : 1, sizeof(*s->segs));
	s->cat = tly_calloc(n ? n : 1, sizeof(*s->cat));
	s->iscrowd = tly_calloc(n ? n : 1, sizeof(*s->iscrowd));
	if (!s->segs || !s->cat || !s->iscrowd)
		return TLY_ENOMEM;
	s->n = n;
	for (it = arr->child; it; it = it->next, j++) {
		tly_jloc in = {at.file, path};
		char num[16];

		snprintf(path, sizeof(path), "%s.segments_info[%zu]", at.path, j);
		if ((error = read_segment(s, j, p, in, it)) < 0)
			break;
		snprintf(num, sizeof(num), "%u", s->segs[j].id);
		if (tly_strmap_get(&ids, num, &prev)) {
			error = tly_ingest__json_fail(TLY_EINPUT, in, "id", "segment id %s is also "
						      "segments_info[%zu]", num, prev);
			break;
		}
		if ((error = tly_strmap_put(&ids, num, j)) < 0)
			break;
	}
	tly_strmap_clear(&ids);
	return error;
}

/* Note NAME as one of the file's annotators (first seen first). */
static int add_person(panoptic *p, tly_jloc at, const char *name)
{
	size_t dummy;
	char *copy;

	if (tly_strmap_get(&p->people, name, &dummy))
		return 0;
	if (p->people_list.count >= TLY_MAX_ANNOTATORS)
		return tly_ingest__json_fail(TLY_ELIMIT, at, NULL, "more than TLY_MAX_ANNOTATORS (%d) annotators",
					     TLY_MAX_ANNOTATORS);
	if (!(copy = tly_strdup(name)))
		return TLY_ENOMEM;
	if (TLY_VEC_PUSH(&p->people_list, copy) < 0) {
		tly_free(copy);
		return TLY_ENOMEM;
	}
	return tly_strmap_put(&p->people, name, p->people_list.count - 1);
}

static int who_drew(const char **who, char num[24], panoptic *p, tly_jloc at, const cJSON *ann)
{
	int error;

	if ((error = tly_ingest__coco_annotator(who, num, at, ann)) < 0)
		return error;
	if (*who)
		return add_person(p, at, *who);
	if (!p->opts->annotator)
		return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "no annotator: pass --annotator");
	*who = p->opts->annotator;
	p->fallback_used = 1;
	return 0;
}

static int by_value(const void *a, const void *b)
{
	uint32_t x = ((const tly_batch_class *)a)->value, y = ((const tly_batch_class *)b)->value;

	return x < y ? -1 : x > y;
}

/* The classes of the map: each category some segment puts on it, once, ascending. */
static int map_classes(tly_batch_class **out, size_t *n, const panoptic *p, const seglist *s)
{
	size_t j, k = 0;

	*n = 0;
	if (!(*out = tly_calloc(s->n ? s->n : 1, sizeof(**out))))
		return TLY_ENOMEM;
	for (j = 0; j < s->n; j++) {
		const category *c = &p->cats.items[s->cat[j]];

		(*out)[j].value = c->id;
		/* tly_batch_add_map copies the names: lending the tree's is safe. */
		(*out)[j].label = (char *)(uintptr_t)c->name;
		(*out)[j].isthing = c->isthing;
	}
	qsort(*out, s->n, sizeof(**out), by_value);
	for (j = 0; j < s->n; j++)
		if (k == 0 || (*out)[j].value != (*out)[k - 1].value)
			(*out)[k++] = (*out)[j];
	*n = k;
	return 0;
}

/* The map, the objects submission and its thing masks of one decoded annotation. */
static int add_annotation(panoptic *p, tly_jloc at, size_t image, const char *who, tly_labelmap *map,
			  const seglist *s, const char *png_path)
{
	tly_batch_class *classes = NULL;
	char ref[128], where[512];
	size_t n, j, sub;
	int error;

	snprintf(where, sizeof(where), "%s: %s", p->file, at.path);
	if ((error = map_classes(&classes, &n, p, s)) < 0 ||
	    (error = tly_batch_add_map(p->b, image, who, 1, -1, map, classes, n, png_path, where)) < 0 ||
	    (error = tly_batch_add_submission(&sub, p->b, image, who, TLY_TASK_OBJECTS)) < 0)
		goto out;
	for (j = 0; j < s->n && !error; j++) {
		if (!s->segs[j].thing)
			continue;
		snprintf(ref, sizeof(ref), "%s.segments_info[%zu]", at.path, j);
		error = tly_ingest__add_mask_object(p->b, sub, p->cats.items[s->cat[j]].name, &s->segs[j].rle,
						    s->iscrowd[j], ref);
	}
out:
	tly_free(classes);
	return error;
}

static int read_annotation(panoptic *p, tly_jloc at, const cJSON *ann)
{
	seglist s = {NULL, NULL, NULL, 0};
	tly_labelmap map;
	const char *who, *name;
	char *png_path = NULL, num[24], where[512], sha256[65];
	size_t image;
	int error;

	tly_labelmap_init(&map);
	if ((error = object_at(at, ann)) < 0 ||
	    (error = known_id(&image, &p->image_ids, at, ann, "image_id", "image")) < 0 ||
	    (error = tly_ingest__json_name(&name, at, ann, "file_name", 1)) < 0 ||
	    (error = who_drew(&who, num, p, at, ann)) < 0 || (error = read_segments(&s, p, at, ann)) < 0 ||
	    (error = tly_ingest__panoptic_find(&png_path, at, name, p->opts->images_dir)) < 0 ||
	    (error = tly_ingest__panoptic_read(&map, sha256, s.segs, s.n, &p->b->images[image], at,
					       png_path)) < 0)
		goto out;
	tly_ingest__hash_more(p->b, sha256);
	/* An image listed without its size takes the PNG's. */
	snprintf(where, sizeof(where), "%s: %s", p->file, at.path);
	if ((error = tly_batch_add_image(&image, p->b, p->b->images[image].name, (int32_t)map.w,
					 (int32_t)map.h, where)) < 0)
		goto out;
	error = add_annotation(p, at, image, who, &map, &s, png_path);
out:
	tly_labelmap_clear(&map);
	seglist_clear(&s);
	tly_free(png_path);
	return error;
}

/* Everyone the file names saw every image it lists (SPEC §3), with or without a PNG. */
static int add_submissions(panoptic *p)
{
	tly_jloc top = {p->file, ""};
	size_t i, k, sub;
	int error;

	if (!p->people_list.count && !p->fallback_used && p->b->n_images) {
		if (!p->opts->annotator)
			return tly_ingest__json_fail(TLY_EINPUT, top, NULL, "no annotator: pass --annotator");
		p->fallback_used = 1;
	}
	for (i = 0; i < p->b->n_images; i++) {
		for (k = 0; k < p->people_list.count; k++)
			if ((error = tly_batch_add_submission(&sub, p->b, i, p->people_list.items[k],
							      TLY_TASK_OBJECTS)) < 0)
				return error;
		if (p->fallback_used &&
		    (error = tly_batch_add_submission(&sub, p->b, i, p->opts->annotator, TLY_TASK_OBJECTS)) < 0)
			return error;
	}
	return 0;
}

int tly_ingest__coco_panoptic(tly_batch *b, const cJSON *root, const tly_ingest_options *opts)
{
	tly_jloc top = {b->path, ""};
	const cJSON *arr, *it;
	char path[48];
	panoptic p;
	size_t i = 0;
	int error = 0;

	memset(&p, 0, sizeof(p));
	p.b = b;
	p.opts = opts;
	p.file = b->path;
	if (!cJSON_IsObject(root)) {
		error = tly_ingest__json_fail(TLY_EINPUT, top, NULL, "expected a JSON object at the top, got %s",
					      tly_ingest__json_kind(root));
		goto out;
	}
	if ((error = read_images(&p, root)) < 0 || (error = read_categories(&p, root)) < 0 ||
	    (error = tly_ingest__json_member(&arr, top, root, "annotations", cJSON_Array, 1)) < 0)
		goto out;
	for (it = arr->child; it; it = it->next, i++) {
		tly_jloc at = {p.file, tly_ingest__json_index_path(path, sizeof(path), "annotations", i)};

		if ((error = read_annotation(&p, at, it)) < 0)
			goto out;
	}
	error = add_submissions(&p);
out:
	panoptic_clear(&p);
	return error;
}
