/*
 * Tests of src/store/save_maps.c (and the label-map columns save_result.c
 * writes): the rows a run with consensus maps, pixel and panoptic counts,
 * map pairs and semantic STAPLE rates leaves, read with plain SQL (store ids in place of
 * indices, in the runs blobs too; NULL for NaN; readable references), and
 * refusals that leave no run behind.
 */
#include "result_fixture.h"

/* A store at PATH with the result dataset, loaded into *ds. */
static tly_store *open_with_dataset(char path[TMPDB_SIZE], tly_dataset *ds)
{
	tly_store *st = NULL;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(tly_store_open(&st, path), 0);
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(ds, st));
	return st;
}

static void test_rows_written(void)
{
	char path[TMPDB_SIZE], text[512];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	add_map_results(&r);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	CU_ASSERT_EQUAL(sql_int(path, "SELECT iscrowd FROM consensus_objects"), 1);
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT image_id || ':' || voters_maps || ':'"
		 " || ifnull(agreement_maps, 'N') AS x FROM image_stats ORDER BY image_id)");
	CU_ASSERT_STRING_EQUAL(text, "1:3:0.375 2:2:N");
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT run_id || ':' || image_id || ':' || voters || ':'"
		 " || panoptic || ':' || tied_pixels AS x FROM consensus_maps ORDER BY image_id)");
	CU_ASSERT_STRING_EQUAL(text, "1:1:3:1:1000 1:2:2:0:0");
	/*
	 * a.jpg: width = height = 100 = 0x64; runs (cat id 1) x 5000 = 0x1388,
	 * ignore x 1000 = 0x3E8, (dog id 2) x 4000 = 0xFA0, little-endian.
	 */
	sql_text(text, sizeof(text), path, "SELECT hex(runs) FROM consensus_maps WHERE image_id = 1");
	CU_ASSERT_STRING_EQUAL(text, "6400000064000000" "0100000088130000" "FFFFFFFFE8030000" "02000000A00F0000");
	/* Confidence 255 = 0xFF, 0, 170 = 0xAA over the same runs. */
	sql_text(text, sizeof(text), path, "SELECT hex(confidence) FROM consensus_maps WHERE image_id = 1");
	CU_ASSERT_STRING_EQUAL(text, "6400000064000000" "FF00000088130000" "00000000E8030000" "AA000000A00F0000");
	/* b.jpg: 50 = 0x32; (night id 4) x 2500 = 0x9C4. */
	sql_text(text, sizeof(text), path, "SELECT hex(runs) || ' ' || hex(confidence) FROM consensus_maps"
					   " WHERE image_id = 2");
	CU_ASSERT_STRING_EQUAL(text, "320000003200000004000000C4090000 3200000032000000FF000000C4090000");
	/* Annotator ids 1..3, category ids cat 1 .. night 4; 2^40 = 1099511627776. */
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT annotator_id || ':' || reference || ':' || category_id"
		 " || ':' || tp || ':' || fp || ':' || fn AS x FROM pixel_counts"
		 " ORDER BY annotator_id, reference, category_id)");
	CU_ASSERT_STRING_EQUAL(text, "1:consensus:1:4000:500:1000 1:gold:2:1099511627776:0:3 "
				     "2:consensus:1:4500:0:500 3:consensus:4:1:2:3");
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT annotator_id || ':' || reference || ':' || images || ':'"
		 " || correct || ':' || total AS x FROM pixel_audits ORDER BY annotator_id, reference)");
	CU_ASSERT_STRING_EQUAL(text, "1:consensus:2:9000:9500 1:gold:1:4000:9000 2:consensus:1:4500:9000");
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT a_id || '-' || b_id || ':' || images || ':'"
		 " || ifnull(miou, 'N') AS x FROM map_pairs ORDER BY a_id, b_id)");
	CU_ASSERT_STRING_EQUAL(text, "1-2:2:0.5 1-3:1:N 2-3:1:0.25");
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT annotator_id || ':' || reference || ':' || category_id"
		 " || ':' || tp || ':' || fp || ':' || fn || ':' || iou_sum AS x FROM panoptic_counts"
		 " ORDER BY annotator_id, reference, category_id)");
	CU_ASSERT_STRING_EQUAL(text, "1:gold:1:1:0:1:0.8125 2:consensus:2:0:2:0:0.0");
	/* STAPLE rates: annotator 1 cat 1 and dog 2, annotator 3 night 4; NaN as NULL (N) */
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT annotator_id || ':' || category_id || ':' || images"
		 " || ':' || pixels_in || ':' || ifnull(sensitivity, 'N') || ':' || pixels_out || ':'"
		 " || ifnull(specificity, 'N') AS x FROM map_staple_rates ORDER BY annotator_id, category_id)");
	CU_ASSERT_STRING_EQUAL(text, "1:1:2:5000:0.75:15000:0.875 1:2:1:0:N:10000:1.0 "
				     "3:4:1:1099511627776:0.1:0:N");
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Save R, expecting CODE (and MESSAGE when not NULL); no run may be left. */
static void expect_refused(tly_store *st, const tly_dataset *ds, tly_result *r, const char *path, int code,
			   const char *message)
{
	CU_ASSERT_EQUAL(tly_store_save_result(st, ds, r), code);
	if (message)
		CHECK_MESSAGE(message);
	CU_ASSERT_EQUAL(r->run_id, 0);
	CU_ASSERT_EQUAL(table_rows(path, "runs"), 0);
	CU_ASSERT_EQUAL(table_rows(path, "consensus_maps") + table_rows(path, "pixel_counts"), 0);
}

static void test_refusals_write_nothing(void)
{
	char path[TMPDB_SIZE], expect[160];
	tly_dataset ds, ds2;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	add_map_results(&r);
	/* tly_result_check's refusal, before anything is written. */
	r.cons_maps[0].map.value[2] = 4;
	expect_refused(st, &ds, &r, path, TLY_EARG, "result: cons_maps[0].map run 2 value 4 is no category index");
	r.cons_maps[0].map.value[2] = 1;
	/*
	 * A category whose store id cannot be a label map value (2^32 - 1 is the
	 * ignore value): found only while the maps are written, after the run
	 * row; everything rolls back.
	 */
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "INSERT INTO categories (id, name) VALUES (4294967295, 'huge')"), 0);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_load_dataset(&ds2, st));
	CU_ASSERT_EQUAL_FATAL(ds2.n_categories, 5);
	r.cons_maps[1].map.value[0] = 4;
	snprintf(expect, sizeof(expect), "%s: category id 4294967295 does not fit a label map", path);
	expect_refused(st, &ds2, &r, path, TLY_ESTORE, expect);
	/* Back to night, it saves as run 1. */
	r.cons_maps[1].map.value[0] = 3;
	CHECK_OK(tly_store_save_result(st, &ds2, &r));
	CU_ASSERT_EQUAL(r.run_id, 1);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_dataset_clear(&ds2);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Failing the Nth allocation, for every N until it saves: ENOMEM and no run each time. */
static void test_allocation_failures_write_nothing(void)
{
	char path[TMPDB_SIZE];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);
	long n;
	int rc = -1;

	sample_result(&r);
	add_map_results(&r);
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_save_result(st, &ds, &r);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_EQUAL(r.run_id, 0);
			CU_ASSERT_EQUAL(table_rows(path, "runs") + table_rows(path, "consensus_maps"), 0);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	/* The member owners, then per map the id copy and two blobs, at least. */
	CU_ASSERT(n > 6);
	CU_ASSERT_EQUAL(table_rows(path, "consensus_maps"), 2);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_save_maps",
	  {"rows_written", test_rows_written},
	  {"refusals_write_nothing", test_refusals_write_nothing},
	  {"allocation_failures_write_nothing", test_allocation_failures_write_nothing})
