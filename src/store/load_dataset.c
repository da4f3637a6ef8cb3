/*
 * tly_store_load_dataset: the whole store into a tly_dataset with a few
 * whole-table queries (annotators, categories, images, submissions, then
 * objects and tags in id order; label maps in load_maps.c), distributing
 * rows to their images through id -> index maps, so loading is linear in
 * the store's size (n log n at worst).
 */
#include <stdlib.h>
#include <string.h>

#include "store/load_dataset.h"
#include "store/load_maps.h"
#include "store/load_masks.h"
#include "store/names.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"
#include "util/vec.h"

/* Allocated slots of each image's arrays while they grow. */
typedef struct {
	size_t subs, objs, tags;
} caps;

/* Where a submission landed: ds->images[image].subs[sub]. */
typedef struct {
	int64_t id;
	uint32_t image, sub;
} subref;

typedef struct {
	tly_store *st;
	tly_dataset *ds;
	tly_idmap images;
	size_t cap_images, cap_annotators, cap_categories;
	caps *caps;        /* [ds->n_images] */
	subref *subs;      /* sorted by id once all are read */
	size_t n_subs, cap_subs;
	tly_store__masks masks; /* polygon/mask objects' masks until objs stop moving */
} loader;

static int corrupt(loader *l, const char *what, int64_t id)
{
	return tly_error_set(TLY_ESTORE, "%s: corrupt store: %s %lld", l->st->path, what, (long long)id);
}

/* Run SQL, calling ROW for each row until one fails. */
static int each_row(loader *l, const char *sql, int (*row)(loader *, sqlite3_stmt *))
{
	sqlite3_stmt *s = NULL;
	int rc, error;

	if ((error = tly_store__prepare(&s, l->st, sql)) < 0)
		return error;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((error = row(l, s)) < 0)
			break;
	if (!error && rc != SQLITE_DONE)
		error = tly_store__fail(l->st);
	sqlite3_finalize(s);
	return error;
}

static int push_named(loader *l, tly_named **v, size_t *n, size_t *cap, long max,
		      const char *max_name, sqlite3_stmt *s)
{
	const unsigned char *name = sqlite3_column_text(s, 1);
	int64_t id = sqlite3_column_int64(s, 0);
	int error;

	if (!name)
		return corrupt(l, "nameless row, id", id);
	if (*n >= (size_t)max)
		return tly_error_set(TLY_ELIMIT, "%s: more than %s (%ld) rows", l->st->path, max_name, max);
	if ((error = tly_vec__reserve((void **)v, cap, *n, sizeof(**v))) < 0)
		return error;
	(*v)[*n].id = id;
	if (!((*v)[*n].name = tly_strdup((const char *)name)))
		return TLY_ENOMEM;
	(*n)++;
	return 0;
}

static int annotator_row(loader *l, sqlite3_stmt *s)
{
	return push_named(l, &l->ds->annotators, &l->ds->n_annotators, &l->cap_annotators,
			  TLY_MAX_ANNOTATORS, "TLY_MAX_ANNOTATORS", s);
}

static int category_row(loader *l, sqlite3_stmt *s)
{
	return push_named(l, &l->ds->categories, &l->ds->n_categories, &l->cap_categories,
			  TLY_MAX_CATEGORIES, "TLY_MAX_CATEGORIES", s);
}

static int image_row(loader *l, sqlite3_stmt *s)
{
	tly_dataset *ds = l->ds;
	const unsigned char *name = sqlite3_column_text(s, 1);
	tly_image *im;
	int error;

	if (!name)
		return corrupt(l, "image without a name, id", sqlite3_column_int64(s, 0));
	if (ds->n_images >= UINT32_MAX)
		return tly_error_set(TLY_ELIMIT, "%s: more than 2^32 images", l->st->path);
	if ((error = tly_vec__reserve((void **)&ds->images, &l->cap_images, ds->n_images,
				      sizeof(*ds->images))) < 0)
		return error;
	im = &ds->images[ds->n_images];
	memset(im, 0, sizeof(*im));
	im->id = sqlite3_column_int64(s, 0);
	im->width = (int32_t)sqlite3_column_int(s, 2);
	im->height = (int32_t)sqlite3_column_int(s, 3);
	if (!(im->name = tly_strdup((const char *)name)))
		return TLY_ENOMEM;
	ds->n_images++;
	return 0;
}

static int sub_row(loader *l, sqlite3_stmt *s)
{
	int64_t id = sqlite3_column_int64(s, 0);
	uint32_t image, annotator;
	tly_submission *sub;
	tly_image *im;
	tly_task task;
	int error;

	if (!tly_store__idmap_find(&l->images, sqlite3_column_int64(s, 1), &image) ||
	    !tly_store__named_find(l->ds->annotators, l->ds->n_annotators, sqlite3_column_int64(s, 2), &annotator) ||
	    tly_store__task_parse(&task, (const char *)sqlite3_column_text(s, 3)) < 0)
		return corrupt(l, "submission", id);
	im = &l->ds->images[image];
	if ((error = tly_vec__reserve((void **)&im->subs, &l->caps[image].subs, im->n_subs, sizeof(*im->subs))) < 0 ||
	    (error = tly_vec__reserve((void **)&l->subs, &l->cap_subs, l->n_subs, sizeof(*l->subs))) < 0)
		return error;
	sub = &im->subs[im->n_subs];
	sub->id = id;
	sub->annotator = annotator;
	sub->task = task;
	sub->gold = sqlite3_column_int(s, 4) ? 1 : 0;
	/* A time SQLite cannot read (or before 1970-01-01T00:00:01Z) was not written by tally. */
	if (sqlite3_column_type(s, 5) == SQLITE_NULL || (sub->time = sqlite3_column_int64(s, 5)) <= 0)
		return corrupt(l, "time of submission", id);
	sub->time_submitted = sqlite3_column_int(s, 6) ? 1 : 0;
	l->subs[l->n_subs].id = id;
	l->subs[l->n_subs].image = image;
	l->subs[l->n_subs].sub = (uint32_t)im->n_subs;
	l->n_subs++;
	im->n_subs++;
	return 0;
}

static int cmp_subref(const void *a, const void *b)
{
	int64_t x = ((const subref *)a)->id, y = ((const subref *)b)->id;

	return (x > y) - (x < y);
}

static const subref *find_sub(const loader *l, int64_t id)
{
	subref key;

	if (!l->n_subs)
		return NULL; /* bsearch must not see a NULL array */
	key.id = id;
	return bsearch(&key, l->subs, l->n_subs, sizeof(*l->subs), cmp_subref);
}

/* Columns: id, submission_id, category_id, kind, x, y, w, h, iscrowd, extra_json. */
static int object_row(loader *l, sqlite3_stmt *s)
{
	int64_t id = sqlite3_column_int64(s, 0);
	const subref *ref = find_sub(l, sqlite3_column_int64(s, 1));
	uint32_t category;
	tly_geom_kind kind;
	tly_object *o;
	tly_image *im;
	int error;

	if (!ref || !tly_store__named_find(l->ds->categories, l->ds->n_categories,
					   sqlite3_column_int64(s, 2), &category) ||
	    tly_store__geom_parse(&kind, (const char *)sqlite3_column_text(s, 3)) < 0)
		return corrupt(l, "object", id);
	im = &l->ds->images[ref->image];
	if (im->n_objs >= TLY_MAX_OBJECTS_IMAGE)
		return tly_error_set(TLY_ELIMIT, "%s: image %s holds more than TLY_MAX_OBJECTS_IMAGE (%d) objects",
				     l->st->path, im->name, TLY_MAX_OBJECTS_IMAGE);
	if ((error = tly_vec__reserve((void **)&im->objs, &l->caps[ref->image].objs, im->n_objs,
				      sizeof(*im->objs))) < 0)
		return error;
	o = &im->objs[im->n_objs++];
	o->id = id;
	o->sub = ref->sub;
	o->annotator = im->subs[ref->sub].annotator;
	o->category = category;
	o->geom.kind = kind;
	o->geom.rle = NULL; /* set by load_masks once every object is read */
	o->geom.box.x = sqlite3_column_double(s, 4);
	o->geom.box.y = sqlite3_column_double(s, 5);
	o->geom.box.w = sqlite3_column_double(s, 6);
	o->geom.box.h = sqlite3_column_double(s, 7);
	o->iscrowd = sqlite3_column_int(s, 8);
	return tly_store__masks_add(&l->masks, im, ref->image, (uint32_t)(im->n_objs - 1), id, kind,
				    (const char *)sqlite3_column_text(s, 9), l->st->path);
}

/* Columns: id, submission_id, category_id. */
static int tag_row(loader *l, sqlite3_stmt *s)
{
	int64_t id = sqlite3_column_int64(s, 0);
	const subref *ref = find_sub(l, sqlite3_column_int64(s, 1));
	uint32_t category;
	tly_image *im;
	tly_tag *t;
	int error;

	if (!ref || !tly_store__named_find(l->ds->categories, l->ds->n_categories,
					   sqlite3_column_int64(s, 2), &category))
		return corrupt(l, "tag", id);
	im = &l->ds->images[ref->image];
	if ((error = tly_vec__reserve((void **)&im->tags, &l->caps[ref->image].tags, im->n_tags,
				      sizeof(*im->tags))) < 0)
		return error;
	t = &im->tags[im->n_tags++];
	t->id = id;
	t->sub = ref->sub;
	t->annotator = im->subs[ref->sub].annotator;
	t->category = category;
	return 0;
}

static int load(loader *l)
{
	int error;

	/* Names sort bytewise: SQLite's default BINARY collation is memcmp. */
	if ((error = each_row(l, "SELECT id, name FROM annotators ORDER BY id", annotator_row)) < 0 ||
	    (error = each_row(l, "SELECT id, name FROM categories ORDER BY id", category_row)) < 0 ||
	    (error = each_row(l, "SELECT id, name, width, height FROM images ORDER BY name", image_row)) < 0 ||
	    (error = tly_store__idmap_images(&l->images, l->ds)) < 0)
		return error;
	if (!(l->caps = tly_calloc(l->ds->n_images, sizeof(*l->caps))))
		return TLY_ENOMEM;
	/* Annotator index order is id order, so this is dataset.h's (annotator, task, gold). */
	/* strftime('%s') reads the ISO 8601 UTC text the store keeps into unix seconds. */
	if ((error = each_row(l, "SELECT id, image_id, annotator_id, task, gold,"
				 " strftime('%s', coalesce(submitted_at, ingested_at)), submitted_at IS NOT NULL"
				 " FROM submissions"
				 " ORDER BY image_id, annotator_id,"
				 " CASE task WHEN 'objects' THEN 0 ELSE 1 END, gold",
			      sub_row)) < 0)
		return error;
	if (l->n_subs)
		qsort(l->subs, l->n_subs, sizeof(*l->subs), cmp_subref);
	if ((error = each_row(l, "SELECT id, submission_id, category_id, kind, x, y, w, h, iscrowd,"
				 " extra_json FROM objects ORDER BY id",
			      object_row)) < 0 ||
	    (error = tly_store__masks_attach(&l->masks, l->ds)) < 0)
		return error;
	if ((error = each_row(l, "SELECT id, submission_id, category_id FROM tags ORDER BY id", tag_row)) < 0)
		return error;
	return tly_store__load_maps(l->ds, &l->images, l->st);
}

int tly_store__load_dataset(tly_dataset *ds, tly_idmap *images, tly_store *st)
{
	loader l;
	int error;

	memset(ds, 0, sizeof(*ds));
	memset(&l, 0, sizeof(l));
	l.st = st;
	l.ds = ds;
	error = load(&l);
	tly_free(l.caps);
	tly_free(l.subs);
	tly_store__masks_clear(&l.masks);
	if (error < 0) {
		tly_dataset_clear(ds);
		tly_store__idmap_clear(&l.images);
	} else if (images) {
		*images = l.images;
	} else {
		tly_store__idmap_clear(&l.images);
	}
	return error;
}

int tly_store_load_dataset(tly_dataset *ds, tly_store *st)
{
	int error;

	if (!ds || !st)
		return tly_error_set(TLY_EARG, "tly_store_load_dataset: no dataset or store");
	memset(ds, 0, sizeof(*ds));
	/* One read transaction: a concurrent ingest cannot show half a file. */
	if ((error = tly_store__begin_read(st)) < 0)
		return error;
	if ((error = tly_store__load_dataset(ds, NULL, st)) < 0) {
		tly_store__rollback(st);
		return error;
	}
	if ((error = tly_store__commit(st)) < 0)
		tly_dataset_clear(ds);
	return error;
}
