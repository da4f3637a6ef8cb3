/*
 * Label maps into the dataset (store/load_maps.h): the classes of every map
 * first, in map id order (which also gives each category's first-seen pixel
 * value and its thing/stuff flag), then the maps, each decoded from its
 * runs blob and its values turned into category indices. The runs stay
 * runs: nothing here expands a map to pixels. Tested by
 * tests/store/test_load_maps.c.
 */
#include <stdio.h>
#include <string.h>

#include "store/load_maps.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/vec.h"

/* One label_map_classes row: pixel VALUE of map MAP_ID is category index CATEGORY. */
typedef struct {
	int64_t map_id;
	uint32_t value;
	uint32_t category;
} class_row;

typedef struct {
	tly_store *st;
	tly_dataset *ds;
	const tly_idmap *images;
	class_row *classes;  /* sorted by (map_id, value), as the query returns them */
	size_t n_classes, cap_classes;
	size_t *caps;        /* [ds->n_images]: slots of each image's maps */
	int64_t ignore_from; /* id of the map map_ignore_value came from; 0 none yet */
} loader;

static int corrupt(loader *l, int64_t id, const char *what)
{
	return tly_error_set(TLY_ESTORE, "%s: corrupt store: label map %lld: %s", l->st->path, (long long)id, what);
}

/*
 * Columns: label_map_id, value, category_id, isthing. A category's value is
 * the first one met in (map id, value) order. It is a thing when any
 * panoptic class row says so: its segments were stored as mask objects too,
 * and calling it stuff would leave those instances unvoted.
 */
static int class_row_in(void *ctx, sqlite3_stmt *s)
{
	loader *l = ctx;
	int64_t id = sqlite3_column_int64(s, 0), value = sqlite3_column_int64(s, 1);
	tly_category_info *info;
	uint32_t category;
	class_row *c;
	int error;

	if (value < 0 || value >= (int64_t)TLY_LABEL_IGNORE ||
	    !tly_store__named_find(l->ds->categories, l->ds->n_categories, sqlite3_column_int64(s, 2), &category))
		return corrupt(l, id, "a class with a bad value or category");
	if ((error = tly_vec__reserve((void **)&l->classes, &l->cap_classes, l->n_classes,
				      sizeof(*l->classes))) < 0)
		return error;
	c = &l->classes[l->n_classes++];
	c->map_id = id;
	c->value = (uint32_t)value;
	c->category = category;
	info = &l->ds->category_info[category];
	if (info->value < 0)
		info->value = value;
	if (sqlite3_column_type(s, 3) != SQLITE_NULL && info->isthing != 1)
		info->isthing = sqlite3_column_int(s, 3) ? 1 : 0;
	return 0;
}

/* The classes of map ID: classes[*first .. *end). */
static void class_range(const loader *l, int64_t id, size_t *first, size_t *end)
{
	size_t lo = 0, hi = l->n_classes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->classes[mid].map_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < l->n_classes && l->classes[lo].map_id == id)
		lo++;
	*end = lo;
}

/*
 * Pixel values -> category indices, each run looked up among the map's
 * classes. Not tly_labelmap_remap's dense table: a panoptic map's values
 * are COCO category ids, which may be anywhere below 2^32.
 */
static int remap(loader *l, tly_labelmap *m, int64_t id)
{
	size_t first, end, i;
	char why[64];

	class_range(l, id, &first, &end);
	for (i = 0; i < m->n; i++) {
		uint32_t v = m->value[i];
		size_t lo = first, hi = end;

		if (v == TLY_LABEL_IGNORE)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (l->classes[mid].value < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == end || l->classes[lo].value != v) {
			snprintf(why, sizeof(why), "pixel value %u has no class", v);
			return corrupt(l, id, why);
		}
		m->value[i] = l->classes[lo].category;
	}
	return 0;
}

/* Decode the runs blob in column COL of map ID, W x H pixels, into *m (empty on error). */
static int decode(loader *l, tly_labelmap *m, sqlite3_stmt *s, int col, int64_t id, int64_t w, int64_t h)
{
	const void *blob;
	size_t bytes;
	char what[48], why[256];
	int error;

	tly_labelmap_init(m);
	if (sqlite3_column_type(s, col) != SQLITE_BLOB || sqlite3_column_bytes(s, col) == 0)
		return corrupt(l, id, "runs are no blob");
	if (!(blob = sqlite3_column_blob(s, col)))
		return TLY_ENOMEM;
	bytes = (size_t)sqlite3_column_bytes(s, col);
	snprintf(what, sizeof(what), "label map %lld", (long long)id);
	if ((error = tly_labelmap_from_blob(m, blob, bytes, what)) == TLY_ENOMEM)
		return error;
	if (error < 0) {
		/* The blob's own fault, worded by the codec; it is the store that is bad. */
		snprintf(why, sizeof(why), "%s", tly_error_last());
		return tly_error_set(TLY_ESTORE, "%s: corrupt store: %s", l->st->path, why);
	}
	if (m->w != w || m->h != h) {
		tly_labelmap_clear(m);
		return corrupt(l, id, "runs of another size than its width and height");
	}
	return 0;
}

/* Columns: id, image_id, annotator_id, gold, kind, width, height, ignore_value, runs. */
static int map_row(void *ctx, sqlite3_stmt *s)
{
	loader *l = ctx;
	int64_t id = sqlite3_column_int64(s, 0), w = sqlite3_column_int64(s, 5), h = sqlite3_column_int64(s, 6);
	const unsigned char *kind = sqlite3_column_text(s, 4);
	uint32_t image, annotator;
	tly_map_submission *ms;
	tly_labelmap m;
	tly_image *im;
	char why[128];
	int error;

	if (!tly_store__idmap_find(l->images, sqlite3_column_int64(s, 1), &image) ||
	    !tly_store__named_find(l->ds->annotators, l->ds->n_annotators, sqlite3_column_int64(s, 2), &annotator) ||
	    !kind || (strcmp((const char *)kind, "semantic") != 0 && strcmp((const char *)kind, "panoptic") != 0))
		return corrupt(l, id, "no such image or annotator, or an unknown kind");
	im = &l->ds->images[image];
	/* Ingest makes this impossible; a map that disagrees with its image must not reach the vote. */
	if (w != im->width || h != im->height) {
		snprintf(why, sizeof(why), "%lldx%lld but image %.40s is %dx%d", (long long)w, (long long)h,
			 im->name, (int)im->width, (int)im->height);
		return corrupt(l, id, why);
	}
	if ((error = tly_vec__reserve((void **)&im->maps, &l->caps[image], im->n_maps, sizeof(*im->maps))) < 0 ||
	    (error = decode(l, &m, s, 8, id, w, h)) < 0)
		return error;
	if ((error = remap(l, &m, id)) < 0) {
		tly_labelmap_clear(&m);
		return error;
	}
	ms = &im->maps[im->n_maps++];
	ms->id = id;
	ms->annotator = annotator;
	ms->gold = sqlite3_column_int(s, 3) ? 1 : 0;
	ms->panoptic = kind[0] == 'p';
	ms->map = m;
	if (sqlite3_column_type(s, 7) != SQLITE_NULL && (!l->ignore_from || id < l->ignore_from)) {
		l->ignore_from = id;
		l->ds->map_ignore_value = sqlite3_column_int64(s, 7);
	}
	return 0;
}

static int load(loader *l)
{
	tly_dataset *ds = l->ds;
	sqlite3_stmt *s = NULL;
	int64_t any;
	int found, error;
	size_t i;

	if ((error = tly_store__prepare(&s, l->st, "SELECT EXISTS (SELECT 1 FROM label_maps)")) < 0)
		return error;
	error = tly_store__step_int64(&any, &found, l->st, s, SQLITE_OK);
	sqlite3_finalize(s);
	if (error < 0 || !any)
		return error;
	if (!(ds->category_info = tly_calloc(ds->n_categories, sizeof(*ds->category_info))) ||
	    !(l->caps = tly_calloc(ds->n_images, sizeof(*l->caps))))
		return TLY_ENOMEM;
	for (i = 0; i < ds->n_categories; i++) {
		ds->category_info[i].value = -1;
		ds->category_info[i].isthing = -1;
	}
	if ((error = tly_store__each_row(l->st, "SELECT label_map_id, value, category_id, isthing"
					     " FROM label_map_classes ORDER BY label_map_id, value", 0,
					 class_row_in, l)) < 0)
		return error;
	/* Annotator indices follow ids, so each image's maps come in (annotator, gold) order. */
	return tly_store__each_row(l->st, "SELECT id, image_id, annotator_id, gold, kind, width, height,"
				       " ignore_value, runs FROM label_maps ORDER BY annotator_id, gold, id", 0,
				   map_row, l);
}

int tly_store__load_maps(tly_dataset *ds, const tly_idmap *images, tly_store *st)
{
	loader l;
	int error;

	memset(&l, 0, sizeof(l));
	l.st = st;
	l.ds = ds;
	l.images = images;
	ds->map_ignore_value = 255;
	error = load(&l);
	tly_free(l.classes);
	tly_free(l.caps);
	return error;
}
