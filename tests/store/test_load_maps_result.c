/*
 * Tests of src/store/load_maps_result.c (and the label-map columns
 * load_result.c reads): a saved run's consensus maps, pixel and panoptic
 * counts, audits, map pairs, image map figures and crowd flags come back
 * bit for bit (semantic STAPLE rates too); a run saved by a version-3 tally
 * reads with empty arrays, 0 voters and NaN agreement, one saved by a
 * version-8 tally without STAPLE rates, one saved by a version-9 tally with
 * its maps kappa undefined; the maps kappa round-trips (run_statistics row
 * and class_stats columns); corrupt rows are TLY_ESTORE naming them.
 */
#include "result_fixture.h"
#include "store/schema.h"

static tly_store *open_with_map_run(char path[TMPDB_SIZE])
{
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(tly_store_open(&st, path), 0);
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	sample_result(&r);
	add_map_results(&r);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	return st;
}

static void check_runs(const tly_labelmap *a, const tly_labelmap *b)
{
	size_t i;

	CU_ASSERT_EQUAL(a->w, b->w);
	CU_ASSERT_EQUAL(a->h, b->h);
	CU_ASSERT_EQUAL_FATAL(a->n, b->n);
	for (i = 0; i < b->n; i++) {
		CU_ASSERT_EQUAL(a->value[i], b->value[i]);
		CU_ASSERT_EQUAL(a->len[i], b->len[i]);
	}
}

/* Statistics equal, doubles exactly (or both NaN). */
#define CHECK_SAME_STAT(a, b)                                  \
	do {                                                   \
		CHECK_SAME((a)->value, (b)->value);            \
		CHECK_SAME((a)->ci95[0], (b)->ci95[0]);        \
		CHECK_SAME((a)->ci95[1], (b)->ci95[1]);        \
		CU_ASSERT_EQUAL((a)->n, (b)->n);               \
	} while (0)

/* The label-map parts of GOT equal EXPECT's, doubles bit for bit (or both NaN). */
static void check_same_maps(const tly_result *got, const tly_result *e)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(got->n_images, e->n_images);
	for (i = 0; i < e->n_images; i++) {
		CU_ASSERT_EQUAL(got->images[i].voters_maps, e->images[i].voters_maps);
		CHECK_SAME(got->images[i].agreement_maps, e->images[i].agreement_maps);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_cons_objects, e->n_cons_objects);
	for (i = 0; i < e->n_cons_objects; i++)
		CU_ASSERT_EQUAL(got->cons_objects[i].iscrowd, e->cons_objects[i].iscrowd);
	CU_ASSERT_EQUAL_FATAL(got->n_cons_maps, e->n_cons_maps);
	for (i = 0; i < e->n_cons_maps; i++) {
		const tly_cons_map *a = &got->cons_maps[i], *b = &e->cons_maps[i];

		CU_ASSERT_EQUAL(a->image, b->image);
		CU_ASSERT_EQUAL(a->voters, b->voters);
		CU_ASSERT_EQUAL(a->panoptic, b->panoptic);
		CU_ASSERT_EQUAL(a->tied_pixels, b->tied_pixels);
		check_runs(&a->map, &b->map);
		check_runs(&a->confidence, &b->confidence);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_pixel_counts, e->n_pixel_counts);
	for (i = 0; i < e->n_pixel_counts; i++) {
		const tly_pixel_counts *a = &got->pixel_counts[i], *b = &e->pixel_counts[i];

		CU_ASSERT_EQUAL(a->annotator, b->annotator);
		CU_ASSERT_EQUAL(a->ref, b->ref);
		CU_ASSERT_EQUAL(a->category, b->category);
		CU_ASSERT_EQUAL(a->tp, b->tp);
		CU_ASSERT_EQUAL(a->fp, b->fp);
		CU_ASSERT_EQUAL(a->fn, b->fn);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_pixel_audits, e->n_pixel_audits);
	for (i = 0; i < e->n_pixel_audits; i++) {
		const tly_pixel_audit *a = &got->pixel_audits[i], *b = &e->pixel_audits[i];

		CU_ASSERT_EQUAL(a->annotator, b->annotator);
		CU_ASSERT_EQUAL(a->ref, b->ref);
		CU_ASSERT_EQUAL(a->images, b->images);
		CU_ASSERT_EQUAL(a->correct, b->correct);
		CU_ASSERT_EQUAL(a->total, b->total);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_map_pairs, e->n_map_pairs);
	for (i = 0; i < e->n_map_pairs; i++) {
		CU_ASSERT_EQUAL(got->map_pairs[i].a, e->map_pairs[i].a);
		CU_ASSERT_EQUAL(got->map_pairs[i].b, e->map_pairs[i].b);
		CU_ASSERT_EQUAL(got->map_pairs[i].images, e->map_pairs[i].images);
		CHECK_SAME(got->map_pairs[i].miou, e->map_pairs[i].miou);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_panoptic, e->n_panoptic);
	for (i = 0; i < e->n_panoptic; i++) {
		const tly_panoptic_counts *a = &got->panoptic[i], *b = &e->panoptic[i];

		CU_ASSERT_EQUAL(a->annotator, b->annotator);
		CU_ASSERT_EQUAL(a->ref, b->ref);
		CU_ASSERT_EQUAL(a->category, b->category);
		CU_ASSERT_EQUAL(a->tp, b->tp);
		CU_ASSERT_EQUAL(a->fp, b->fp);
		CU_ASSERT_EQUAL(a->fn, b->fn);
		CU_ASSERT_EQUAL(memcmp(&a->iou_sum, &b->iou_sum, sizeof(double)), 0);
	}
	CU_ASSERT_EQUAL_FATAL(got->n_map_staple_rates, e->n_map_staple_rates);
	for (i = 0; i < e->n_map_staple_rates; i++) {
		const tly_map_staple_rate *a = &got->map_staple_rates[i], *b = &e->map_staple_rates[i];

		CU_ASSERT_EQUAL(a->annotator, b->annotator);
		CU_ASSERT_EQUAL(a->category, b->category);
		CU_ASSERT_EQUAL(a->images, b->images);
		CU_ASSERT_EQUAL(a->pixels_in, b->pixels_in);
		CHECK_SAME(a->sensitivity, b->sensitivity);
		CU_ASSERT_EQUAL(a->pixels_out, b->pixels_out);
		CHECK_SAME(a->specificity, b->specificity);
	}
	CHECK_SAME_STAT(&got->fleiss_kappa_maps, &e->fleiss_kappa_maps);
	CU_ASSERT_EQUAL_FATAL(got->n_classes, e->n_classes);
	for (i = 0; i < e->n_classes; i++)
		CHECK_SAME_STAT(&got->classes[i].fleiss_kappa_maps, &e->classes[i].fleiss_kappa_maps);
}

static void test_round_trip(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = open_with_map_run(path);
	tly_result got, expect;
	tly_dataset ds;

	CHECK_OK(tly_store_load_result(&got, &ds, st, 1));
	sample_result(&expect);
	add_map_results(&expect);
	check_same_maps(&got, &expect);
	/* What was loaded passes the check the report and export rely on. */
	CHECK_OK(tly_result_check(&ds, &got));
	tly_result_clear(&expect);
	tly_result_clear(&got);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * An image that sorts before the others arrives after the run: the
 * consensus maps, stored by image id, come back in the new image order
 * (a.jpg 1, b.jpg 2) and per-image entries for the newcomer are neutral.
 */
static void test_image_order_after_later_ingest(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = open_with_map_run(path);
	tly_result got, expect;
	tly_dataset ds;
	size_t i0;
	tly_batch b;

	batch_start(&b, "/data/later.json", '8', "coco", 0);
	CHECK_OK(tly_batch_add_image(&i0, &b, "0.jpg", 0, 0, "t"));
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
	CHECK_OK(tly_store_load_result(&got, &ds, st, 1));
	CU_ASSERT_STRING_EQUAL(ds.images[0].name, "0.jpg");
	CU_ASSERT_EQUAL_FATAL(got.n_cons_maps, 2);
	CU_ASSERT_EQUAL(got.cons_maps[0].image, 1);
	CU_ASSERT_EQUAL(got.cons_maps[1].image, 2);
	CU_ASSERT_EQUAL(got.images[0].voters_maps, 0);
	CU_ASSERT(isnan(got.images[0].agreement_maps));
	CU_ASSERT_EQUAL(got.images[1].voters_maps, 3);
	sample_result(&expect);
	add_map_results(&expect);
	check_runs(&got.cons_maps[0].map, &expect.cons_maps[0].map);
	check_runs(&got.cons_maps[1].confidence, &expect.cons_maps[1].confidence);
	tly_result_clear(&expect);
	tly_result_clear(&got);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * A store a version-3 tally wrote (the v3 SQL, then one run by hand):
 * after the migration its run reads with no label-map rows, voters_maps 0,
 * agreement_maps NaN, iscrowd 0, and a dataset without category_info.
 */
static void test_version_3_run(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_result r;
	tly_dataset ds;
	size_t n, i, k;
	const tly_store_migration *steps = tly_store__migrations(&n);

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (k = 0; k < 3; k++)
		for (i = 0; steps[k].sql[i]; i++)
			CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[k].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 3;"
					     "INSERT INTO images (name, width, height) VALUES ('a.png', 4, 3);"
					     "INSERT INTO categories (name) VALUES ('cat');"
					     "INSERT INTO runs (created_at, rules_json, rules_sha256, threads,"
					     " n_images, n_annotators, n_categories, n_submissions, n_objects,"
					     " n_tags, n_consensus_objects, n_consensus_tags, n_conflicts,"
					     " n_flagged) VALUES ('t', '{}', 'x', 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0);"
					     "INSERT INTO consensus_objects (run_id, idx, image_id, category_id,"
					     " kind, x, y, w, h, support, votes, voters, first_member)"
					     " VALUES (1, 0, 1, 1, 'box', 1, 2, 3, 4, 0, 0, 2, 0);"
					     "INSERT INTO image_stats VALUES (1, 1, 2, 0, 0.5, 0.5, NULL, 0, 0)"), 0);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_load_result(&r, &ds, st, 1));
	CU_ASSERT_EQUAL(r.n_cons_maps + r.n_pixel_counts + r.n_pixel_audits + r.n_map_pairs + r.n_panoptic, 0);
	CU_ASSERT_PTR_NULL(r.cons_maps);
	CU_ASSERT_PTR_NULL(r.pixel_counts);
	CU_ASSERT_PTR_NULL(r.panoptic);
	CU_ASSERT_EQUAL_FATAL(r.n_images, 1);
	CU_ASSERT_EQUAL(r.images[0].voters_objects, 2);
	CU_ASSERT_EQUAL(r.images[0].voters_maps, 0);
	CU_ASSERT(isnan(r.images[0].agreement_maps));
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].iscrowd, 0);
	CU_ASSERT_PTR_NULL(ds.category_info);
	CU_ASSERT_EQUAL(ds.map_ignore_value, 255);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * A store a version-8 tally wrote (steps 1 to 8, then a run by hand with a
 * pixel audit): opening it runs step 9 (an empty map_staple_rates) and
 * the later ones, and its run reads with its audit and no STAPLE rates.
 */
static void test_version_8_run(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_result r;
	tly_dataset ds;
	size_t n, i, k;
	const tly_store_migration *steps = tly_store__migrations(&n);

	tmpdb_make(path);
	CU_ASSERT_FATAL(n >= 9 && steps[7].version == 8 && steps[8].version == 9);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (k = 0; k < 8; k++)
		for (i = 0; steps[k].sql[i]; i++)
			CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[k].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'map_staple_rates'"), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 8;"
					     "INSERT INTO images (name, width, height) VALUES ('a.png', 4, 3);"
					     "INSERT INTO annotators (name) VALUES ('ann');"
					     "INSERT INTO categories (name) VALUES ('cat');"
					     "INSERT INTO runs (created_at, rules_json, rules_sha256, threads,"
					     " n_images, n_annotators, n_categories, n_submissions, n_objects,"
					     " n_tags, n_consensus_objects, n_consensus_tags, n_conflicts,"
					     " n_flagged) VALUES ('t', '{}', 'x', 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);"
					     "INSERT INTO pixel_audits VALUES (1, 1, 'gold', 1, 9, 12)"), 0);
	CHECK_OK(tly_store_open(&st, path));
	/* and the later steps: the current version */
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM map_staple_rates"), 0);
	CHECK_OK(tly_store_load_result(&r, &ds, st, 1));
	CU_ASSERT_EQUAL_FATAL(r.n_pixel_audits, 1);
	CU_ASSERT_EQUAL(r.pixel_audits[0].ref, TLY_REF_GOLD);
	CU_ASSERT_EQUAL(r.pixel_audits[0].correct, 9);
	CU_ASSERT_EQUAL(r.pixel_audits[0].total, 12);
	CU_ASSERT_EQUAL(r.n_map_staple_rates, 0);
	CU_ASSERT_PTR_NULL(r.map_staple_rates);
	CHECK_OK(tly_result_check(&ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * A store a version-9 tally wrote (steps 1 to 9, then a run by hand with a
 * class_stats row): opening it runs step 10 (and the later ones), which gives
 * class_stats the maps kappa columns (n 0, the rest NULL), and the run reads
 * with that kappa undefined over no pixel, overall (no run_statistics row)
 * and for the class.
 */
static void test_version_9_run(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_result r;
	tly_dataset ds;
	size_t n, i, k;
	const tly_store_migration *steps = tly_store__migrations(&n);

	tmpdb_make(path);
	CU_ASSERT_FATAL(n >= 10 && steps[8].version == 9 && steps[9].version == 10);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (k = 0; k < 9; k++)
		for (i = 0; steps[k].sql[i]; i++)
			CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[k].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 9;"
					     "INSERT INTO images (name, width, height) VALUES ('a.png', 4, 3);"
					     "INSERT INTO annotators (name) VALUES ('ann');"
					     "INSERT INTO categories (name) VALUES ('cat');"
					     "INSERT INTO runs (created_at, rules_json, rules_sha256, threads,"
					     " n_images, n_annotators, n_categories, n_submissions, n_objects,"
					     " n_tags, n_consensus_objects, n_consensus_tags, n_conflicts,"
					     " n_flagged) VALUES ('t', '{}', 'x', 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);"
					     "INSERT INTO class_stats (run_id, category_id, support, agreement, mean_iou,"
					     " fleiss_n, fleiss_kappa) VALUES (1, 1, 0, NULL, NULL, 2, 0.5)"), 0);
	CHECK_OK(tly_store_open(&st, path));
	/* and the later steps: the current version */
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM class_stats WHERE fleiss_n = 2 AND fleiss_kappa = 0.5"
				      " AND maps_fleiss_n = 0 AND maps_fleiss_kappa IS NULL"
				      " AND maps_fleiss_ci_lo IS NULL AND maps_fleiss_ci_hi IS NULL"), 1);
	CHECK_OK(tly_store_load_result(&r, &ds, st, 1));
	CU_ASSERT_EQUAL_FATAL(r.n_classes, 1);
	CU_ASSERT_DOUBLE_EQUAL(r.classes[0].fleiss_kappa.value, 0.5, 0.0);
	CU_ASSERT_EQUAL(r.classes[0].fleiss_kappa.n, 2);
	CU_ASSERT(isnan(r.classes[0].fleiss_kappa_maps.value));
	CU_ASSERT(isnan(r.classes[0].fleiss_kappa_maps.ci95[0]) && isnan(r.classes[0].fleiss_kappa_maps.ci95[1]));
	CU_ASSERT_EQUAL(r.classes[0].fleiss_kappa_maps.n, 0);
	CU_ASSERT(isnan(r.fleiss_kappa_maps.value));
	CU_ASSERT_EQUAL(r.fleiss_kappa_maps.n, 0);
	CHECK_OK(tly_result_check(&ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Plant SQL in the stored run; loading it must fail naming "run 1, " + WHERE. */
static void expect_corrupt(const char *sql, const char *where)
{
	char path[TMPDB_SIZE], expect[256];
	tly_store *st = open_with_map_run(path);
	tly_result r;
	tly_dataset ds;

	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, sql), 0);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_load_result(&r, &ds, st, 1), TLY_ESTORE);
	snprintf(expect, sizeof(expect), "%s: corrupt store: run 1, %s", path, where);
	CHECK_MESSAGE(expect);
	CU_ASSERT_PTR_NULL(r.cons_maps);
	CU_ASSERT_EQUAL(ds.n_images, 0);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_corrupt_rows(void)
{
	/* A category id (9) the dataset does not have, in b.jpg's (image id 2) runs. */
	expect_corrupt("UPDATE consensus_maps SET runs = x'320000003200000009000000C4090000' WHERE image_id = 2",
		       "consensus_maps row 2");
	/* Runs of 50 x 50 pixels for a.jpg, which is 100 x 100. */
	expect_corrupt("UPDATE consensus_maps SET runs = x'320000003200000004000000C4090000' WHERE image_id = 1",
		       "consensus_maps row 1");
	/* Runs that do not sum to 100 x 100. */
	expect_corrupt("UPDATE consensus_maps SET confidence = x'6400000064000000FF00000001000000' WHERE image_id = 1",
		       "consensus_maps row 1");
	/* Text where a blob belongs. */
	expect_corrupt("UPDATE consensus_maps SET runs = 'runs' WHERE image_id = 1", "consensus_maps row 1");
	expect_corrupt("PRAGMA foreign_keys = OFF; UPDATE consensus_maps SET image_id = 77 WHERE image_id = 2",
		       "consensus_maps row 77");
	/* Rows without an index column are named by their place in the run's ordered rows. */
	expect_corrupt("PRAGMA foreign_keys = OFF; UPDATE pixel_counts SET annotator_id = 77 WHERE tp = 4500",
		       "pixel_counts row 3");
	expect_corrupt("PRAGMA ignore_check_constraints = 1; UPDATE pixel_audits SET reference = 'gilt'"
		       " WHERE annotator_id = 2", "pixel_audits row 2");
	expect_corrupt("PRAGMA foreign_keys = OFF; UPDATE map_pairs SET b_id = 99 WHERE a_id = 2", "map_pairs row 2");
	expect_corrupt("PRAGMA foreign_keys = OFF; UPDATE panoptic_counts SET category_id = 9 WHERE annotator_id = 1",
		       "panoptic_counts row 0");
	expect_corrupt("PRAGMA foreign_keys = OFF; UPDATE map_staple_rates SET category_id = 9 WHERE annotator_id = 3",
		       "map_staple_rates row 2");
	expect_corrupt("PRAGMA foreign_keys = OFF; UPDATE map_staple_rates SET annotator_id = 8 WHERE category_id = 2",
		       "map_staple_rates row 2");
}

/* Failing the Nth allocation, for every N until it loads: ENOMEM, nothing left allocated, then a full load. */
static void test_allocation_failures(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = open_with_map_run(path);
	tly_result r, expect;
	tly_dataset ds;
	long n;
	int rc = -1;

	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_load_result(&r, &ds, st, 0);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(r.cons_maps);
			CU_ASSERT_PTR_NULL(ds.images);
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	sample_result(&expect);
	add_map_results(&expect);
	check_same_maps(&r, &expect);
	tly_result_clear(&expect);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_load_maps_result",
	  {"round_trip", test_round_trip},
	  {"image_order_after_later_ingest", test_image_order_after_later_ingest},
	  {"version_3_run", test_version_3_run},
	  {"version_8_run", test_version_8_run},
	  {"version_9_run", test_version_9_run},
	  {"corrupt_rows", test_corrupt_rows},
	  {"allocation_failures", test_allocation_failures})
