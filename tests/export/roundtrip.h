/*
 * The round trips of the annotation-tool exports (tests/export/
 * test_roundtrip_*.c): a small run built by hand, and a check that what
 * tally's reader of the same format reads back from the export is that
 * run's consensus: per image, the same objects in order (label, box within
 * floating-point noise, masks pixel for pixel where the format carries
 * masks), the same image labels where it carries labels.
 *
 * Story. Categories 0 car, 1 person, 2 cat, 3 sky. Annotators 0 ann1,
 * 1 ann2, 2 gold. Images, by name:
 *  0 a.jpg 100 x 50: objects and labels by ann1 and ann2; consensus car
 *    [40, 15, 20, 20], person [10.5, 20.25, 30, 12.5] (fractional, as a
 *    median of corners can be), and the label sky.
 *  1 b.png 12 x 10: objects by ann1, ann2; consensus cat, the mask RT_MASK
 *    below (a ring with a hole and a second part), and a car crowd region
 *    [0, 0, 4, 4].
 *  2 c.jpg 20 x 20: objects by ann1, ann2, both empty: an empty consensus.
 *  3 d.jpg, size unknown: labels by ann1, ann2: cat and sky.
 *  4 g.jpg 10 x 10: gold objects only: no voters, nothing written.
 * Voted attributes (rt_attributes, added by rt_roundtrip): the car on
 * a.jpg annotator "dave", color "red", note RT_NOTE (quotes, markup, a
 * tab and a line break); the person color "" (an empty value) and pose
 * tied (no value: never written); the cat occluded "true"; the crowd car
 * color "blue".
 */
#ifndef TLY_TEST_EXPORT_ROUNDTRIP_H
#define TLY_TEST_EXPORT_ROUNDTRIP_H

#include <cjson/cJSON.h>
#include <string.h>

#include "folder_util.h"
#include "tally/batch.h"
#include "tally/dataset.h"
#include "tally/export.h"
#include "tally/ingest.h"
#include "tally/polygon.h"
#include "tally/result.h"
#include "tally/rle.h"
#include "util/alloc.h"

#define RT_UNUSED __attribute__((unused))

enum { RT_CAR, RT_PERSON, RT_CAT, RT_SKY };

/* b.png's cat, 12 wide, 10 high: bounding box x 1..10, y 1..4 ([1, 1, 10, 4]). */
static const char *const rt_mask_rows[10] = {
	"............",
	".#####......",
	".#...#......",
	".#####...##.",
	"........###.",
	"............",
	"............",
	"............",
	"............",
	"............"};

/* ROWS (H strings of W chars, '#' set) as a COCO RLE of an H x W image. */
static RT_UNUSED void rt_mask_of(tly_rle *m, const char *const *rows, int64_t h, int64_t w)
{
	uint8_t *px = tly_calloc((size_t)(h * w), 1);
	int64_t x, y;

	CU_ASSERT_PTR_NOT_NULL_FATAL(px);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			px[x * h + y] = rows[y][x] == '#';
	CHECK_OK(tly_rle_encode(m, px, h, w));
	tly_free(px);
}

static RT_UNUSED void rt_image(tly_image *im, int64_t id, const char *name, int32_t w, int32_t h)
{
	im->id = id;
	im->name = tly_strdup(name);
	im->width = w;
	im->height = h;
	im->subs = tly_calloc(4, sizeof(tly_submission));
	CU_ASSERT_PTR_NOT_NULL_FATAL(im->subs);
}

static RT_UNUSED void rt_sub(tly_image *im, uint32_t annotator, tly_task task, int gold)
{
	im->subs[im->n_subs] = (tly_submission){100 + (int64_t)im->n_subs, annotator, task, gold, 0, 0};
	im->n_subs++;
}

static RT_UNUSED void rt_named(tly_named **out, size_t *n, const char *const *names, size_t count)
{
	size_t i;

	*out = tly_calloc(count, sizeof(**out));
	CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
	for (i = 0; i < count; i++) {
		(*out)[i].id = (int64_t)i + 1;
		(*out)[i].name = tly_strdup(names[i]);
	}
	*n = count;
}

/* One consensus object with one member (ann1's object ID). */
static RT_UNUSED void rt_object(tly_result *r, uint32_t image, uint32_t cat, tly_box box, int crowd)
{
	size_t i = r->n_cons_objects++;

	r->cons_objects[i] = (tly_cons_object){image, cat, {TLY_GEOM_BOX, box, NULL}, 1, 1, 2, 0.5, 1.0, i,
					       crowd};
	r->members[i] = (tly_cons_member){(int64_t)i + 1, 0, cat, 1.0};
	r->n_members++;
	tly_rle_init(&r->cons_masks[i]);
}

static RT_UNUSED void rt_build(tly_dataset *ds, tly_result *r)
{
	static const char *const cats[] = {"car", "person", "cat", "sky"};
	static const char *const anns[] = {"ann1", "ann2", "gold"};
	tly_image *im;
	size_t i;

	memset(ds, 0, sizeof(*ds));
	memset(r, 0, sizeof(*r));
	rt_named(&ds->categories, &ds->n_categories, cats, 4);
	rt_named(&ds->annotators, &ds->n_annotators, anns, 3);
	ds->images = tly_calloc(5, sizeof(tly_image));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds->images);
	ds->n_images = 5;
	im = ds->images;
	rt_image(&im[0], 1, "a.jpg", 100, 50);
	rt_sub(&im[0], 0, TLY_TASK_OBJECTS, 0);
	rt_sub(&im[0], 0, TLY_TASK_LABELS, 0);
	rt_sub(&im[0], 1, TLY_TASK_OBJECTS, 0);
	rt_sub(&im[0], 1, TLY_TASK_LABELS, 0);
	rt_image(&im[1], 2, "b.png", 12, 10);
	rt_sub(&im[1], 0, TLY_TASK_OBJECTS, 0);
	rt_sub(&im[1], 1, TLY_TASK_OBJECTS, 0);
	rt_image(&im[2], 3, "c.jpg", 20, 20);
	rt_sub(&im[2], 0, TLY_TASK_OBJECTS, 0);
	rt_sub(&im[2], 1, TLY_TASK_OBJECTS, 0);
	rt_image(&im[3], 4, "d.jpg", 0, 0);
	rt_sub(&im[3], 0, TLY_TASK_LABELS, 0);
	rt_sub(&im[3], 1, TLY_TASK_LABELS, 0);
	rt_image(&im[4], 5, "g.jpg", 10, 10);
	rt_sub(&im[4], 2, TLY_TASK_OBJECTS, 1);

	r->run_id = 7;
	r->cons_objects = tly_calloc(4, sizeof(tly_cons_object));
	r->cons_masks = tly_calloc(4, sizeof(tly_rle));
	r->members = tly_calloc(4, sizeof(tly_cons_member));
	r->cons_tags = tly_calloc(3, sizeof(tly_cons_tag));
	CU_ASSERT_FATAL(r->cons_objects && r->cons_masks && r->members && r->cons_tags);
	rt_object(r, 0, RT_CAR, (tly_box){40, 15, 20, 20}, 0);
	rt_object(r, 0, RT_PERSON, (tly_box){10.5, 20.25, 30, 12.5}, 0);
	rt_object(r, 1, RT_CAT, (tly_box){1, 1, 10, 4}, 0);
	rt_mask_of(&r->cons_masks[2], rt_mask_rows, 10, 12);
	r->cons_objects[2].geom.kind = TLY_GEOM_MASK;
	r->cons_objects[2].geom.rle = &r->cons_masks[2];
	rt_object(r, 1, RT_CAR, (tly_box){0, 0, 4, 4}, 1);
	r->cons_tags[0] = (tly_cons_tag){0, RT_SKY, 2, 2, 1.0};
	r->cons_tags[1] = (tly_cons_tag){3, RT_CAT, 2, 2, 1.0};
	r->cons_tags[2] = (tly_cons_tag){3, RT_SKY, 1, 2, 0.5};
	r->n_cons_tags = 3;
	for (i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(r->cons_objects[i].first_member, i);
	CHECK_OK(tly_result_check(ds, r));
}

/*
 * The story as tly_run_prepare leaves it under rules that alias "auto" to
 * "person" over a store that met "auto" first and had no "person":
 * category 1 is "auto", retired (tly_dataset.category_retired), and
 * "person" is appended as category 4, which a.jpg's person (consensus
 * object 1 and its member) now names. Listed categories in index order:
 * car 0, cat 2, sky 3, person 4; a format that numbers its classes 0, 1,
 * ... must number them car 0, cat 1, sky 2, person 3.
 */
static RT_UNUSED void rt_retire(tly_dataset *ds, tly_result *r)
{
	tly_named *c = tly_reallocarray(ds->categories, 5, sizeof(*c));
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	ds->categories = c;
	tly_free(c[1].name);
	c[1].name = tly_strdup("auto");
	c[4].id = 0; /* as prepare appends it */
	c[4].name = tly_strdup("person");
	ds->n_categories = 5;
	ds->category_retired = tly_calloc(5, 1);
	CU_ASSERT_FATAL(c[1].name && c[4].name && ds->category_retired);
	ds->category_retired[1] = 1;
	for (i = 0; i < r->n_cons_objects; i++)
		if (r->cons_objects[i].category == RT_PERSON)
			r->cons_objects[i].category = 4;
	for (i = 0; i < r->n_members; i++)
		if (r->members[i].category == RT_PERSON)
			r->members[i].category = 4;
	CU_ASSERT_EQUAL(r->cons_objects[1].category, 4);
	CHECK_OK(tly_result_check(ds, r));
}

/* The note on a.jpg's car: what XML and JSON must escape, and a line break. */
#define RT_NOTE "x \"q\" & <t>\tz\n'y'"

/*
 * The story's voted attributes. Strings: names annotator 0, color 1,
 * note 2, occluded 3, pose 4; values dave 5, red 6, RT_NOTE 7, "" 8,
 * true 9, blue 10. cons_attrs by object, then name index.
 */
static RT_UNUSED void rt_attributes(tly_result *r)
{
	static const char *const strings[] = {"annotator", "color", "note", "occluded", "pose",
					      "dave", "red", RT_NOTE, "", "true", "blue"};
	static const tly_cons_attr attrs[] = {{0, 0, 5}, {0, 1, 6}, {0, 2, 7}, {1, 1, 8},
					      {1, 4, UINT32_MAX}, {2, 3, 9}, {3, 1, 10}};
	size_t i;

	r->n_attr_strings = sizeof(strings) / sizeof(strings[0]);
	r->attr_strings = tly_calloc(r->n_attr_strings, sizeof(char *));
	r->n_cons_attrs = sizeof(attrs) / sizeof(attrs[0]);
	r->cons_attrs = tly_calloc(r->n_cons_attrs, sizeof(tly_cons_attr));
	CU_ASSERT_FATAL(r->attr_strings && r->cons_attrs);
	for (i = 0; i < r->n_attr_strings; i++)
		r->attr_strings[i] = tly_strdup(strings[i]);
	memcpy(r->cons_attrs, attrs, sizeof(attrs));
}

static RT_UNUSED void rt_clear(tly_dataset *ds, tly_result *r)
{
	tly_result_clear(r);
	tly_dataset_clear(ds);
}

/* What was read back: every batch of the files PATH stands for. */
typedef struct {
	tly_batch *batches;
	size_t n;
} rt_read;

/* Ingest PATH (a file or a folder) as annotator "consensus". */
static RT_UNUSED void rt_ingest(rt_read *out, const char *path)
{
	tly_ingest_options opts = TLY_INGEST_OPTIONS_INIT;
	char **paths = NULL;
	size_t n = 0, i;

	opts.annotator = "consensus";
	CHECK_OK(tly_ingest_expand(&paths, &n, path));
	out->batches = tly_calloc(n, sizeof(tly_batch));
	out->n = n;
	CU_ASSERT_PTR_NOT_NULL_FATAL(out->batches);
	for (i = 0; i < n; i++) {
		tly_batch_init(&out->batches[i]);
		CHECK_OK(tly_ingest_file(&out->batches[i], paths[i], &opts));
	}
	tly_ingest_paths_free(paths, n);
}

static RT_UNUSED void rt_read_clear(rt_read *rd)
{
	size_t i;

	for (i = 0; i < rd->n; i++)
		tly_batch_clear(&rd->batches[i]);
	tly_free(rd->batches);
}

/* The batch and image index where image NAME was read, with TASK submitted; 0 when nowhere. */
static RT_UNUSED int rt_find(const rt_read *rd, const char *name, tly_task task, const tly_batch **bo,
			     size_t *img)
{
	size_t i, k, s;

	for (i = 0; i < rd->n; i++)
		for (k = 0; k < rd->batches[i].n_images; k++) {
			const tly_batch *b = &rd->batches[i];

			if (strcmp(b->images[k].name, name) != 0)
				continue;
			for (s = 0; s < b->n_subs; s++)
				if (b->subs[s].image == k && b->subs[s].task == task) {
					*bo = b;
					*img = k;
					CU_ASSERT_STRING_EQUAL(b->subs[s].annotator, "consensus");
					CU_ASSERT_EQUAL(b->subs[s].gold, 0);
					return 1;
				}
		}
	return 0;
}

/* The mask of a read object: its RLE, or its polygon rasterised on its image. */
static RT_UNUSED void rt_object_mask(tly_rle *out, const tly_batch *b, const tly_batch_object *o)
{
	const tly_batch_image *im = &b->images[b->subs[o->sub].image];
	cJSON *doc = cJSON_Parse(o->extra_json), *seg;

	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	seg = cJSON_GetObjectItem(doc, "segmentation");
	CU_ASSERT_PTR_NOT_NULL_FATAL(seg);
	if (cJSON_IsObject(seg)) {
		const char *counts = cJSON_GetStringValue(cJSON_GetObjectItem(seg, "counts"));

		CU_ASSERT_PTR_NOT_NULL_FATAL(counts);
		CHECK_OK(tly_rle_from_string(out, im->height, im->width, counts, strlen(counts)));
	} else {
		cJSON *ring = cJSON_GetArrayItem(seg, 0), *v;
		size_t n = (size_t)cJSON_GetArraySize(ring), k = 0;
		double *xy = tly_calloc(n ? n : 1, sizeof(double));

		CU_ASSERT_EQUAL(cJSON_GetArraySize(seg), 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(xy);
		cJSON_ArrayForEach(v, ring) xy[k++] = v->valuedouble;
		CHECK_OK(tly_polygon_to_rle(out, xy, n / 2, im->height, im->width));
		tly_free(xy);
	}
	cJSON_Delete(doc);
}

/* A and B cover the same pixels (canonical runs compared: merge drops empty runs). */
static RT_UNUSED int rt_same_pixels(const tly_rle *a, const tly_rle *b)
{
	tly_rle x, y;
	size_t i;
	int same;

	CHECK_OK(tly_rle_merge(&x, a, 1, TLY_RLE_UNION));
	CHECK_OK(tly_rle_merge(&y, b, 1, TLY_RLE_UNION));
	same = x.h == y.h && x.w == y.w && x.m == y.m;
	for (i = 0; same && i < x.m; i++)
		same = x.counts[i] == y.counts[i];
	tly_rle_clear(&x);
	tly_rle_clear(&y);
	return same;
}

/* How a format carries what the story holds. */
typedef struct {
	int masks;    /* masks come back as masks (or polygons of the same pixels); else as boxes */
	int crowd;    /* crowd regions are written: 1 as ordinary objects, 2 as crowd regions (COCO) */
	int labels;   /* image labels are written */
	int sizes;    /* every image's size comes back (Label Studio: only with a region) */
	double tol;   /* box coordinates within this of the consensus' */
	int attrs;    /* voted attributes come back: 0 none, 1 all, 2 all but "annotator" (COCO) */
} rt_format;

/*
 * The attributes read back on object GOT (its extra_json "attributes") are
 * consensus object K's that format F writes: each with a value, as the
 * same text; none at all when F writes none.
 */
static RT_UNUSED void rt_check_attributes(const tly_batch_object *got, const tly_result *r, size_t k,
					  const rt_format *f)
{
	cJSON *doc = got->extra_json ? cJSON_Parse(got->extra_json) : NULL;
	const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(doc, "attributes");
	size_t i, want = 0;

	for (i = 0; i < r->n_cons_attrs && f->attrs; i++) {
		const tly_cons_attr *a = &r->cons_attrs[i];
		const cJSON *v;

		if (a->object != k || a->value == UINT32_MAX ||
		    (f->attrs == 2 && !strcmp(r->attr_strings[a->name], "annotator")))
			continue;
		want++;
		v = cJSON_GetObjectItemCaseSensitive(attrs, r->attr_strings[a->name]);
		CU_ASSERT_FATAL(cJSON_IsString(v));
		CU_ASSERT_STRING_EQUAL(v->valuestring, r->attr_strings[a->value]);
	}
	CU_ASSERT_EQUAL((size_t)cJSON_GetArraySize(attrs), want);
	cJSON_Delete(doc);
}

/* The read objects of image IMAGE (of the story) are its consensus objects, in order. */
static RT_UNUSED void rt_check_image(const rt_read *rd, const tly_dataset *ds, const tly_result *r,
				     uint32_t image, const rt_format *f)
{
	const tly_batch *b = NULL;
	size_t img = 0, k, j = 0;

	CU_ASSERT_FATAL(rt_find(rd, ds->images[image].name, TLY_TASK_OBJECTS, &b, &img));
	if (f->sizes || b->images[img].width) {
		CU_ASSERT_EQUAL(b->images[img].width, ds->images[image].width);
		CU_ASSERT_EQUAL(b->images[img].height, ds->images[image].height);
	}
	for (k = 0; k < r->n_cons_objects; k++) {
		const tly_cons_object *o = &r->cons_objects[k];
		const tly_batch_object *got = NULL;

		if (o->image != image || (o->iscrowd && !f->crowd))
			continue;
		for (; j < b->n_objs && !got; j++)
			if (b->subs[b->objs[j].sub].image == img)
				got = &b->objs[j];
		CU_ASSERT_PTR_NOT_NULL_FATAL(got);
		CU_ASSERT_STRING_EQUAL(got->label, ds->categories[o->category].name);
		CHECK_NEAR(got->geom.box.x, o->geom.box.x, f->tol);
		CHECK_NEAR(got->geom.box.y, o->geom.box.y, f->tol);
		CHECK_NEAR(got->geom.box.w, o->geom.box.w, f->tol);
		CHECK_NEAR(got->geom.box.h, o->geom.box.h, f->tol);
		CU_ASSERT_EQUAL(got->iscrowd, f->crowd == 2 ? o->iscrowd : 0);
		rt_check_attributes(got, r, k, f);
		if (o->geom.rle && f->masks) {
			tly_rle m;

			CU_ASSERT(got->geom.kind == TLY_GEOM_MASK || got->geom.kind == TLY_GEOM_POLYGON);
			rt_object_mask(&m, b, got);
			CU_ASSERT(rt_same_pixels(&m, o->geom.rle));
			tly_rle_clear(&m);
		} else {
			CU_ASSERT_EQUAL(got->geom.kind, TLY_GEOM_BOX);
		}
	}
	/* Nothing more on the image. */
	for (; j < b->n_objs; j++)
		CU_ASSERT(b->subs[b->objs[j].sub].image != img);
}

/* The read labels of image IMAGE are its consensus labels, in order. */
static RT_UNUSED void rt_check_labels(const rt_read *rd, const tly_dataset *ds, const tly_result *r,
				      uint32_t image)
{
	const tly_batch *b = NULL;
	size_t img = 0, k, j = 0;

	CU_ASSERT_FATAL(rt_find(rd, ds->images[image].name, TLY_TASK_LABELS, &b, &img));
	for (k = 0; k < r->n_cons_tags; k++) {
		const tly_batch_tag *got = NULL;

		if (r->cons_tags[k].image != image)
			continue;
		for (; j < b->n_tags && !got; j++)
			if (b->subs[b->tags[j].sub].image == img)
				got = &b->tags[j];
		CU_ASSERT_PTR_NOT_NULL_FATAL(got);
		CU_ASSERT_STRING_EQUAL(got->label, ds->categories[r->cons_tags[k].category].name);
	}
	for (; j < b->n_tags; j++)
		CU_ASSERT(b->subs[b->tags[j].sub].image != img);
}

/* The whole story read back as format F says it should be. */
static RT_UNUSED void rt_check(const rt_read *rd, const tly_dataset *ds, const tly_result *r, const rt_format *f)
{
	const tly_batch *b = NULL;
	size_t img = 0, n_images = 0, i;

	rt_check_image(rd, ds, r, 0, f);
	rt_check_image(rd, ds, r, 1, f);
	rt_check_image(rd, ds, r, 2, f);
	if (f->labels) {
		rt_check_labels(rd, ds, r, 0);
		rt_check_labels(rd, ds, r, 3);
	} else {
		CU_ASSERT(!rt_find(rd, "d.jpg", TLY_TASK_LABELS, &b, &img));
		CU_ASSERT(!rt_find(rd, "a.jpg", TLY_TASK_LABELS, &b, &img));
	}
	/* g.jpg had no voters; d.jpg only labels. */
	for (i = 0; i < rd->n; i++)
		n_images += rd->batches[i].n_images;
	CU_ASSERT_EQUAL(n_images, f->labels ? 4 : 3);
	CU_ASSERT(!rt_find(rd, "g.jpg", TLY_TASK_OBJECTS, &b, &img));
}

/* Export the story as FMT to PATH, read it back, check it. */
static RT_UNUSED void rt_roundtrip(tly_export_format fmt, const char *path, const rt_format *f)
{
	tly_dataset ds;
	tly_result r;
	rt_read rd;

	rt_build(&ds, &r);
	rt_attributes(&r);
	CHECK_OK(tly_result_check(&ds, &r));
	CHECK_OK(tly_export_write(path, fmt, &ds, &r));
	rt_ingest(&rd, path);
	rt_check(&rd, &ds, &r, f);
	rt_read_clear(&rd);
	rt_clear(&ds, &r);
}

/*
 * The same with the story's category 1 retired (rt_retire): what is read
 * back names the same labels (a.jpg's person too), whatever number the
 * format gave each class.
 */
static RT_UNUSED void rt_roundtrip_retired(tly_export_format fmt, const char *path, const rt_format *f)
{
	tly_dataset ds;
	tly_result r;
	rt_read rd;

	rt_build(&ds, &r);
	rt_attributes(&r);
	rt_retire(&ds, &r);
	CHECK_OK(tly_export_write(path, fmt, &ds, &r));
	rt_ingest(&rd, path);
	rt_check(&rd, &ds, &r, f);
	rt_read_clear(&rd);
	rt_clear(&ds, &r);
}

/*
 * Allocation N = 1, 2, ... fails: every failed export returns TLY_ENOMEM
 * (and leaks nothing: the sanitizer build checks), until one succeeds.
 */
static RT_UNUSED void rt_out_of_memory(tly_export_format fmt, const char *path)
{
	tly_dataset ds;
	tly_result r;
	long n;
	int rc = -1;

	rt_build(&ds, &r);
	rt_attributes(&r);
	for (n = 1; n < 5000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_export_write(path, fmt, &ds, &r);
		tly_alloc_fail_after(0);
		if (rc != 0)
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 5);
	rt_clear(&ds, &r);
}

/* DIR/NAME's text equals WANT (printed when not). */
static RT_UNUSED void rt_check_text(const char *dir, const char *name, const char *want)
{
	tly_buf b = TLY_BUF_INIT;

	CHECK_OK(folder_read(&b, dir, name));
	if (strcmp(b.ptr ? b.ptr : "", want) != 0)
		fprintf(stderr, "%s:\n%s\nexpected:\n%s\n", name, b.ptr ? b.ptr : "", want);
	CU_ASSERT_STRING_EQUAL(b.ptr ? b.ptr : "", want);
	tly_buf_clear(&b);
}

#endif
