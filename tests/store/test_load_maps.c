/*
 * Tests of src/store/load_maps.c: each image's label maps come back in
 * (annotator, gold) order with their runs intact and their values turned
 * from file pixel values into category indices; category_info and
 * map_ignore_value follow the rules of tally/dataset.h; a stored map that
 * is corrupt is TLY_ESTORE naming it. Maps are drawn in maps_fixture.h;
 * categories there are background 0, road 1, car 2, sky 3 (by store id).
 */
#include "maps_fixture.h"

static void check_map(const tly_map_submission *m, int64_t id, uint32_t annotator, int gold, int panoptic,
		      uint32_t w, uint32_t h, const uint32_t *value, const uint32_t *len, size_t n)
{
	size_t i;

	CU_ASSERT_EQUAL(m->id, id);
	CU_ASSERT_EQUAL(m->annotator, annotator);
	CU_ASSERT_EQUAL(m->gold, gold);
	CU_ASSERT_EQUAL(m->panoptic, panoptic);
	CU_ASSERT_EQUAL(m->map.w, w);
	CU_ASSERT_EQUAL(m->map.h, h);
	CU_ASSERT_EQUAL_FATAL(m->map.n, n);
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(m->map.value[i], value[i]);
		CU_ASSERT_EQUAL(m->map.len[i], len[i]);
	}
}

static void check_info(const tly_category_info *c, int64_t value, int isthing)
{
	CU_ASSERT_EQUAL(c->value, value);
	CU_ASSERT_EQUAL(c->isthing, isthing);
}

/* A store at PATH with the seg and gold batches, loaded into *ds. */
static tly_store *load_seg_and_gold(char path[TMPDB_SIZE], tly_dataset *ds)
{
	tly_store *st = NULL;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(tly_store_open(&st, path), 0);
	write_with(st, seg_batch, NULL);
	write_with(st, gold_batch, NULL);
	CHECK_OK(tly_store_load_dataset(ds, st));
	return st;
}

static void test_every_field(void)
{
	/* alice's values 0 1 2 are already indices 0 1 2; bob's 3 road -> 1, 7 car -> 2; carol's 9 sky -> 3. */
	static const uint32_t va[] = {0, 1, 0, 1, IGN, 2}, la[] = {2, 2, 1, 2, 1, 4};
	static const uint32_t vb[] = {2, 1}, lb[] = {3, 9};
	static const uint32_t vc[] = {3, IGN, 2}, lc[] = {4, 2, 6};
	static const uint32_t vr[] = {1}, lr[] = {6};
	char path[TMPDB_SIZE];
	tly_dataset ds;
	tly_store *st = load_seg_and_gold(path, &ds);
	const tly_image *im;

	CU_ASSERT_EQUAL_FATAL(ds.n_categories, 4);
	CU_ASSERT_STRING_EQUAL(ds.categories[0].name, "background");
	CU_ASSERT_STRING_EQUAL(ds.categories[3].name, "sky");
	CU_ASSERT_EQUAL_FATAL(ds.n_annotators, 3);
	CU_ASSERT_EQUAL_FATAL(ds.n_images, 2);
	/* a.png: alice (0), bob (1), carol's gold (2); ids 1, 2, 4. */
	im = &ds.images[0];
	CU_ASSERT_STRING_EQUAL(im->name, "a.png");
	CU_ASSERT_EQUAL(im->width, 4);
	CU_ASSERT_EQUAL(im->height, 3);
	CU_ASSERT_EQUAL_FATAL(im->n_maps, 3);
	check_map(&im->maps[0], 1, 0, 0, 0, 4, 3, va, la, 6);
	check_map(&im->maps[1], 2, 1, 0, 1, 4, 3, vb, lb, 2);
	check_map(&im->maps[2], 4, 2, 1, 1, 4, 3, vc, lc, 3);
	/* b.png: alice's map 3, and her empty objects submission, gold by its own flag. */
	im = &ds.images[1];
	CU_ASSERT_STRING_EQUAL(im->name, "b.png");
	CU_ASSERT_EQUAL_FATAL(im->n_maps, 1);
	check_map(&im->maps[0], 3, 0, 0, 0, 3, 2, vr, lr, 1);
	CU_ASSERT_EQUAL_FATAL(im->n_subs, 1);
	CU_ASSERT_EQUAL(im->subs[0].gold, 1);
	CU_ASSERT_EQUAL(im->n_objs, 0);
	/*
	 * category_info by (map id, value): background 0 (map 1, no panoptic row);
	 * road 1 (map 1), stuff (map 2); car 2 (map 1), stuff in map 2 but a thing
	 * in map 4: thing; sky 9 (map 4), stuff.
	 */
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds.category_info);
	check_info(&ds.category_info[0], 0, -1);
	check_info(&ds.category_info[1], 1, 0);
	check_info(&ds.category_info[2], 2, 1);
	check_info(&ds.category_info[3], 9, 0);
	/* Map 1 is the first with an ignore value (200; map 3 has 255). */
	CU_ASSERT_EQUAL(ds.map_ignore_value, 200);
	tly_dataset_clear(&ds);
	CU_ASSERT_PTR_NULL(ds.category_info);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* bob's semantic redo of a.png: all road, file value 0, ignore 255. */
static void bob_again(tly_batch *b)
{
	static const uint32_t px[12] = {0};
	char road[] = "road";
	tly_batch_class c[] = {{0, road, -1}};
	size_t ia;

	batch_start(b, "/data/bob-v2.json", 'c', "png", 0);
	CHECK_OK(tly_batch_add_image(&ia, b, "a.png", 0, 0, "t"));
	add_map(b, ia, "bob", 0, 255, px, 4, 3, c, 1, NULL);
}

static void test_after_replacement(void)
{
	static const uint32_t vb[] = {1}, lb[] = {12};
	char path[TMPDB_SIZE];
	tly_dataset ds;
	tly_store *st = load_seg_and_gold(path, &ds);
	const tly_image *im;

	tly_dataset_clear(&ds);
	write_with(st, bob_again, NULL);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	im = &ds.images[0];
	CU_ASSERT_EQUAL_FATAL(im->n_maps, 3);
	/* bob's map is now id 5, semantic, still second in (annotator, gold) order. */
	check_map(&im->maps[1], 5, 1, 0, 0, 4, 3, vb, lb, 1);
	/* Map 2 was the only panoptic row for road: it is unknown again. car stays a thing (map 4). */
	check_info(&ds.category_info[1], 1, -1);
	check_info(&ds.category_info[2], 2, 1);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_no_maps_and_no_ignore(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	/* No map at all: no category_info, the default ignore value. */
	CHECK_OK(tly_store_load_dataset(&ds, st));
	CU_ASSERT_PTR_NULL(ds.category_info);
	CU_ASSERT_EQUAL(ds.map_ignore_value, 255);
	tly_dataset_clear(&ds);
	/* Only carol's panoptic map, which has no ignore value: still 255, and the info is there. */
	write_with(st, gold_batch, NULL);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	CU_ASSERT_EQUAL(ds.map_ignore_value, 255);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds.category_info);
	CU_ASSERT_EQUAL_FATAL(ds.n_categories, 2);
	check_info(&ds.category_info[0], 7, 1);
	check_info(&ds.category_info[1], 9, 0);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Plant SQL in a store holding the seg batch; loading must fail with "PATH: corrupt store: " + WHY. */
static void expect_corrupt(const char *sql, const char *why)
{
	char path[TMPDB_SIZE], expect[256];
	tly_store *st = NULL;
	tly_dataset ds;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_with(st, seg_batch, NULL);
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, sql), 0);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_load_dataset(&ds, st), TLY_ESTORE);
	snprintf(expect, sizeof(expect), "%s: corrupt store: %s", path, why);
	CHECK_MESSAGE(expect);
	CU_ASSERT_EQUAL(ds.n_images, 0);
	CU_ASSERT_PTR_NULL(ds.category_info);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_corrupt_maps(void)
{
	expect_corrupt("UPDATE label_maps SET width = 5 WHERE id = 2", "label map 2: 5x3 but image a.png is 4x3");
	/* Width and height alone, no run: the runs cover 0 of the 12 pixels. */
	expect_corrupt("UPDATE label_maps SET runs = x'0400000003000000' WHERE id = 2",
		       "label map 2: runs sum to 0, not 4x3 = 12");
	expect_corrupt("UPDATE label_maps SET runs = x'040000000300000007' WHERE id = 2",
		       "label map 2: label map of 9 bytes is not 8 + 8k");
	/* 3 x 4 in one run of 12 sevens: a sound blob, but not the row's 4 x 3. */
	expect_corrupt("UPDATE label_maps SET runs = x'0300000004000000070000000C000000' WHERE id = 2",
		       "label map 2: runs of another size than its width and height");
	expect_corrupt("DELETE FROM label_map_classes WHERE label_map_id = 2 AND value = 7",
		       "label map 2: pixel value 7 has no class");
	expect_corrupt("PRAGMA ignore_check_constraints = 1; UPDATE label_maps SET kind = 'instance' WHERE id = 3",
		       "label map 3: no such image or annotator, or an unknown kind");
}

/* Failing the Nth allocation of a load, for every N until it succeeds: ENOMEM, an empty dataset, no leak. */
static void test_allocation_failures(void)
{
	char path[TMPDB_SIZE];
	tly_dataset ds;
	tly_store *st = load_seg_and_gold(path, &ds);
	long n;
	int rc = -1;

	tly_dataset_clear(&ds);
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_load_dataset(&ds, st);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_EQUAL(ds.n_images, 0);
			CU_ASSERT_PTR_NULL(ds.category_info);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 10);
	CU_ASSERT_EQUAL(ds.images[0].n_maps, 3);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_load_maps",
	  {"every_field", test_every_field},
	  {"after_replacement", test_after_replacement},
	  {"no_maps_and_no_ignore", test_no_maps_and_no_ignore},
	  {"corrupt_maps", test_corrupt_maps},
	  {"allocation_failures", test_allocation_failures})
