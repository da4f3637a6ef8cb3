/*
 * Tests of src/store/load_dataset.c: every field of the loaded dataset and
 * every ordering tally/dataset.h promises (images by name bytewise,
 * submissions by (annotator, task, gold), objects and tags by id,
 * annotators and categories by id), worked out from the insertion order.
 */
#include "store_fixture.h"

/*
 * File one ('a' x 64), in insertion order (ids follow it):
 *   images  b.jpg 640x480 (id 1), \xc3\xa9.jpg "é.jpg" (id 2), a.jpg 100x100 (id 3), B.jpg 10x20 (id 4)
 *   subs    1 b.jpg zoe objects   2 b.jpg adam labels   3 b.jpg adam objects
 *           4 b.jpg zoe labels    5 é.jpg adam objects (empty)   6 B.jpg zoe objects
 *   objects 1 sub 3 dog [1,2,3,4]   2 sub 1 cat [5,6,7,8] crowd
 *           3 sub 6 cat polygon, bbox [0.5,0.25,2,2]   4 sub 1 dog [9,10,11,12]
 *   tags    1 sub 2 outdoor   2 sub 4 outdoor   3 sub 4 night
 * File two ('b' x 64, gold):
 *   subs    7 b.jpg adam objects gold   8 a.jpg gina objects gold (empty)
 *   objects 5 sub 7 cat [5,6,7,8]
 * Annotators by first sight: zoe 1, adam 2, gina 3. Categories: objects'
 * labels are stored before tags': dog 1, cat 2, outdoor 3, night 4.
 */
static void write_fixture(tly_store *st)
{
	size_t ib, ie, ia, iB, s[6];
	tly_geometry g;
	tly_batch b;

	batch_start(&b, "/data/one.json", 'a', "coco", 0);
	CHECK_OK(tly_batch_add_image(&ib, &b, "b.jpg", 640, 480, "t"));
	CHECK_OK(tly_batch_add_image(&ie, &b, "\xc3\xa9.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_image(&ia, &b, "a.jpg", 100, 100, "t"));
	CHECK_OK(tly_batch_add_image(&iB, &b, "B.jpg", 10, 20, "t"));
	CHECK_OK(tly_batch_add_submission(&s[0], &b, ib, "zoe", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s[1], &b, ib, "adam", TLY_TASK_LABELS));
	CHECK_OK(tly_batch_add_submission(&s[2], &b, ib, "adam", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s[3], &b, ib, "zoe", TLY_TASK_LABELS));
	CHECK_OK(tly_batch_add_submission(&s[4], &b, ie, "adam", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s[5], &b, iB, "zoe", TLY_TASK_OBJECTS));
	g = box(1, 2, 3, 4);
	CHECK_OK(tly_batch_add_object(&b, s[2], "dog", &g, 0, NULL, NULL));
	g = box(5, 6, 7, 8);
	CHECK_OK(tly_batch_add_object(&b, s[0], "cat", &g, 1, NULL, NULL));
	g = box(0.5, 0.25, 2, 2);
	g.kind = TLY_GEOM_POLYGON;
	CHECK_OK(tly_batch_add_object(&b, s[5], "cat", &g, 0, NULL, "{\"segmentation\":[[0.5,0.25,2.5,0.25,2.5,2.25]]}"));
	g = box(9, 10, 11, 12);
	CHECK_OK(tly_batch_add_object(&b, s[0], "dog", &g, 0, NULL, NULL));
	CHECK_OK(tly_batch_add_tag(&b, s[1], "outdoor"));
	CHECK_OK(tly_batch_add_tag(&b, s[3], "outdoor"));
	CHECK_OK(tly_batch_add_tag(&b, s[3], "night"));
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);

	batch_start(&b, "/data/gold.json", 'b', "coco", 1);
	CHECK_OK(tly_batch_add_image(&ib, &b, "b.jpg", 640, 480, "t"));
	CHECK_OK(tly_batch_add_image(&ia, &b, "a.jpg", 0, 0, "t"));
	CHECK_OK(tly_batch_add_submission(&s[0], &b, ib, "adam", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s[1], &b, ia, "gina", TLY_TASK_OBJECTS));
	g = box(5, 6, 7, 8);
	CHECK_OK(tly_batch_add_object(&b, s[0], "cat", &g, 0, NULL, NULL));
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
}

static void check_sub(const tly_submission *s, int64_t id, uint32_t annotator, tly_task task, int gold)
{
	CU_ASSERT_EQUAL(s->id, id);
	CU_ASSERT_EQUAL(s->annotator, annotator);
	CU_ASSERT_EQUAL(s->task, task);
	CU_ASSERT_EQUAL(s->gold, gold);
}

static void check_obj(const tly_object *o, int64_t id, uint32_t sub, uint32_t annotator, uint32_t category,
		      tly_geom_kind kind, double x, double y, double w, double h, int iscrowd)
{
	CU_ASSERT_EQUAL(o->id, id);
	CU_ASSERT_EQUAL(o->sub, sub);
	CU_ASSERT_EQUAL(o->annotator, annotator);
	CU_ASSERT_EQUAL(o->category, category);
	CU_ASSERT_EQUAL(o->geom.kind, kind);
	/* Doubles go through SQLite REAL (IEEE binary64) unchanged. */
	CU_ASSERT_EQUAL(o->geom.box.x, x);
	CU_ASSERT_EQUAL(o->geom.box.y, y);
	CU_ASSERT_EQUAL(o->geom.box.w, w);
	CU_ASSERT_EQUAL(o->geom.box.h, h);
	CU_ASSERT_EQUAL(o->iscrowd, iscrowd);
}

static void check_tag(const tly_tag *t, int64_t id, uint32_t sub, uint32_t annotator, uint32_t category)
{
	CU_ASSERT_EQUAL(t->id, id);
	CU_ASSERT_EQUAL(t->sub, sub);
	CU_ASSERT_EQUAL(t->annotator, annotator);
	CU_ASSERT_EQUAL(t->category, category);
}

static void test_every_field(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	const tly_image *im;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_fixture(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));

	CU_ASSERT_EQUAL_FATAL(ds.n_annotators, 3);
	CU_ASSERT_STRING_EQUAL(ds.annotators[0].name, "zoe");
	CU_ASSERT_STRING_EQUAL(ds.annotators[1].name, "adam");
	CU_ASSERT_STRING_EQUAL(ds.annotators[2].name, "gina");
	CU_ASSERT_EQUAL(ds.annotators[0].id, 1);
	CU_ASSERT_EQUAL(ds.annotators[2].id, 3);
	CU_ASSERT_EQUAL_FATAL(ds.n_categories, 4);
	CU_ASSERT_STRING_EQUAL(ds.categories[0].name, "dog");
	CU_ASSERT_STRING_EQUAL(ds.categories[1].name, "cat");
	CU_ASSERT_STRING_EQUAL(ds.categories[2].name, "outdoor");
	CU_ASSERT_STRING_EQUAL(ds.categories[3].name, "night");
	CU_ASSERT_EQUAL(ds.categories[3].id, 4);

	/* Bytewise: 'B' 0x42 < 'a' 0x61 < 'b' 0x62 < 0xc3 (first byte of é). */
	CU_ASSERT_EQUAL_FATAL(ds.n_images, 4);

	im = &ds.images[0];
	CU_ASSERT_STRING_EQUAL(im->name, "B.jpg");
	CU_ASSERT_EQUAL(im->id, 4);
	CU_ASSERT_EQUAL(im->width, 10);
	CU_ASSERT_EQUAL(im->height, 20);
	CU_ASSERT_EQUAL_FATAL(im->n_subs, 1);
	check_sub(&im->subs[0], 6, 0, TLY_TASK_OBJECTS, 0);
	CU_ASSERT_EQUAL_FATAL(im->n_objs, 1);
	check_obj(&im->objs[0], 3, 0, 0, 1, TLY_GEOM_POLYGON, 0.5, 0.25, 2, 2, 0);
	CU_ASSERT_EQUAL(im->n_tags, 0);

	/* a.jpg: only gina's empty gold answer; the gold file's 0x0 kept 100x100. */
	im = &ds.images[1];
	CU_ASSERT_STRING_EQUAL(im->name, "a.jpg");
	CU_ASSERT_EQUAL(im->id, 3);
	CU_ASSERT_EQUAL(im->width, 100);
	CU_ASSERT_EQUAL(im->height, 100);
	CU_ASSERT_EQUAL_FATAL(im->n_subs, 1);
	check_sub(&im->subs[0], 8, 2, TLY_TASK_OBJECTS, 1);
	CU_ASSERT_EQUAL(im->n_objs, 0);
	CU_ASSERT_EQUAL(im->n_tags, 0);

	/*
	 * b.jpg subs by (annotator index, task objects < labels, gold):
	 * 0: zoe objects (1), 1: zoe labels (4), 2: adam objects (3),
	 * 3: adam objects gold (7), 4: adam labels (2).
	 */
	im = &ds.images[2];
	CU_ASSERT_STRING_EQUAL(im->name, "b.jpg");
	CU_ASSERT_EQUAL(im->id, 1);
	CU_ASSERT_EQUAL(im->width, 640);
	CU_ASSERT_EQUAL(im->height, 480);
	CU_ASSERT_EQUAL_FATAL(im->n_subs, 5);
	check_sub(&im->subs[0], 1, 0, TLY_TASK_OBJECTS, 0);
	check_sub(&im->subs[1], 4, 0, TLY_TASK_LABELS, 0);
	check_sub(&im->subs[2], 3, 1, TLY_TASK_OBJECTS, 0);
	check_sub(&im->subs[3], 7, 1, TLY_TASK_OBJECTS, 1);
	check_sub(&im->subs[4], 2, 1, TLY_TASK_LABELS, 0);
	/* Objects by id 1, 2, 4, 5 with their subs' positions above. */
	CU_ASSERT_EQUAL_FATAL(im->n_objs, 4);
	check_obj(&im->objs[0], 1, 2, 1, 0, TLY_GEOM_BOX, 1, 2, 3, 4, 0);
	check_obj(&im->objs[1], 2, 0, 0, 1, TLY_GEOM_BOX, 5, 6, 7, 8, 1);
	check_obj(&im->objs[2], 4, 0, 0, 0, TLY_GEOM_BOX, 9, 10, 11, 12, 0);
	check_obj(&im->objs[3], 5, 3, 1, 1, TLY_GEOM_BOX, 5, 6, 7, 8, 0);
	/* Tags by id: adam outdoor (sub 4), zoe outdoor, zoe night (sub 1). */
	CU_ASSERT_EQUAL_FATAL(im->n_tags, 3);
	check_tag(&im->tags[0], 1, 4, 1, 2);
	check_tag(&im->tags[1], 2, 1, 0, 2);
	check_tag(&im->tags[2], 3, 1, 0, 3);

	im = &ds.images[3];
	CU_ASSERT_STRING_EQUAL(im->name, "\xc3\xa9.jpg");
	CU_ASSERT_EQUAL(im->id, 2);
	CU_ASSERT_EQUAL(im->width, 0);
	CU_ASSERT_EQUAL(im->height, 0);
	CU_ASSERT_EQUAL_FATAL(im->n_subs, 1);
	check_sub(&im->subs[0], 5, 1, TLY_TASK_OBJECTS, 0);
	CU_ASSERT_EQUAL(im->n_objs, 0);
	CU_ASSERT_EQUAL(im->n_tags, 0);

	/* zoe gave two labels on b.jpg: multi-label. */
	CU_ASSERT_EQUAL(tly_dataset_labels_multi(&ds), 1);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_after_replacement(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	const tly_image *im;
	size_t ib, s;
	tly_geometry g = box(20, 20, 5, 5);
	tly_batch b;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_fixture(st);
	/* zoe redoes b.jpg objects: objects 2 and 4 go, object 6 (a dog) comes. */
	batch_start(&b, "/data/zoe-v2.json", 'c', "coco", 0);
	CHECK_OK(tly_batch_add_image(&ib, &b, "b.jpg", 640, 480, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, ib, "zoe", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_object(&b, s, "dog", &g, 0, NULL, NULL));
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	im = &ds.images[2];
	CU_ASSERT_EQUAL_FATAL(im->n_subs, 5);
	check_sub(&im->subs[0], 1, 0, TLY_TASK_OBJECTS, 0);
	CU_ASSERT_EQUAL_FATAL(im->n_objs, 3);
	check_obj(&im->objs[0], 1, 2, 1, 0, TLY_GEOM_BOX, 1, 2, 3, 4, 0);
	check_obj(&im->objs[1], 5, 3, 1, 1, TLY_GEOM_BOX, 5, 6, 7, 8, 0);
	check_obj(&im->objs[2], 6, 0, 0, 0, TLY_GEOM_BOX, 20, 20, 5, 5, 0);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_empty_store(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_load_dataset(&ds, st));
	CU_ASSERT_EQUAL(ds.n_images + ds.n_annotators + ds.n_categories, 0);
	CU_ASSERT_PTR_NULL(ds.images);
	tly_dataset_clear(&ds);
	CU_ASSERT_EQUAL(tly_store_load_dataset(NULL, st), TLY_EARG);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* A row the store could not have written (planted with foreign keys off) is reported, not followed. */
static void test_corrupt_row(void)
{
	char path[TMPDB_SIZE], expect[128];
	tly_store *st = NULL;
	tly_dataset ds;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_fixture(st);
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "INSERT INTO submissions (id, image_id, annotator_id, task, gold,"
					     " source_id, ingested_at) VALUES (99, 1, 77, 'objects', 0, 1, 't')"), 0);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_load_dataset(&ds, st), TLY_ESTORE);
	snprintf(expect, sizeof(expect), "%s: corrupt store: submission 99", path);
	CHECK_MESSAGE(expect);
	CU_ASSERT_EQUAL(ds.n_images, 0);
	CU_ASSERT_PTR_NULL(ds.images);
	/* The store is still usable afterwards (the read transaction was closed). */
	CU_ASSERT_EQUAL(tly_store_load_dataset(&ds, st), TLY_ESTORE);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * Submission times: the file's submitted_at when it gave one, else the
 * ingest time, as unix seconds (values from `date -u -d ... +%s`):
 * 2024-05-06T09:30:00Z = 1714987800, 2001-09-09T01:46:40Z = 1000000000.
 * A time SQLite cannot read is a corrupt store.
 */
static void test_submission_times(void)
{
	char path[TMPDB_SIZE], expect[128];
	tly_store *st = NULL;
	tly_dataset ds;
	const tly_image *im;
	size_t ib, s;
	tly_batch b;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_fixture(st);
	/* gina's b.jpg objects arrive with their own time (sub 9). */
	batch_start(&b, "/data/timed.json", 'c', "labelstudio", 0);
	CHECK_OK(tly_batch_add_image(&ib, &b, "b.jpg", 640, 480, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, ib, "gina", TLY_TASK_OBJECTS));
	b.subs[s].submitted_at = 1714987800;
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "UPDATE submissions SET ingested_at = '2001-09-09T01:46:40Z'"), 0);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_load_dataset(&ds, st));
	im = &ds.images[2]; /* b.jpg: zoe objects, zoe labels, adam objects, adam gold, adam labels, gina */
	CU_ASSERT_EQUAL_FATAL(im->n_subs, 6);
	CU_ASSERT_EQUAL(im->subs[0].time, 1000000000);
	CU_ASSERT_EQUAL(im->subs[0].time_submitted, 0);
	check_sub(&im->subs[5], 9, 2, TLY_TASK_OBJECTS, 0);
	CU_ASSERT_EQUAL(im->subs[5].time, 1714987800);
	CU_ASSERT_EQUAL(im->subs[5].time_submitted, 1);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	/* Zone offsets are read too: 11:30+02:00 is 09:30Z. */
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "UPDATE submissions SET submitted_at = '2024-05-06T11:30:00+02:00'"
					     " WHERE id = 1"), 0);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_load_dataset(&ds, st));
	CU_ASSERT_EQUAL(ds.images[2].subs[0].time, 1714987800);
	CU_ASSERT_EQUAL(ds.images[2].subs[0].time_submitted, 1);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "UPDATE submissions SET ingested_at = 'yesterday' WHERE id = 4"), 0);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_load_dataset(&ds, st), TLY_ESTORE);
	snprintf(expect, sizeof(expect), "%s: corrupt store: time of submission 4", path);
	CHECK_MESSAGE(expect);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_load_dataset",
	  {"every_field", test_every_field},
	  {"after_replacement", test_after_replacement},
	  {"empty_store", test_empty_store},
	  {"corrupt_row", test_corrupt_row},
	  {"submission_times", test_submission_times})
