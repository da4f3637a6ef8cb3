/*
 * Tests of src/store/save_result.c: the rows one saved run leaves (read
 * with plain SQL: ids in place of indices, NULL in place of NaN, readable
 * kinds), the README's example manager queries, and refusals that write
 * nothing (bad indices, a failure half-way through the inserts).
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
	char path[TMPDB_SIZE], text[256];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	CU_ASSERT_EQUAL(r.run_id, 1);
	/* An empty rules_sha256 is filled with the hash of rules_json. */
	CU_ASSERT_STRING_EQUAL(r.rules_sha256, RULES_SHA256);
	sql_text(text, sizeof(text), path,
		 "SELECT created_at || '|' || rules_json || '|' || rules_sha256 || '|' || threads || '|'"
		 " || seconds_load || '|' || ifnull(seconds_compute, 'NULL') FROM runs");
	CU_ASSERT_STRING_EQUAL(text, "2024-05-01T12:00:00Z|" RULES_JSON "|" RULES_SHA256 "|2|0.25|NULL");
	/* The save is timed by the store itself (the 1.5 the caller set is replaced),
	 * and the stored figure is the one handed back. */
	CU_ASSERT(r.seconds_save >= 0 && r.seconds_save < 60);
	CU_ASSERT_EQUAL(sql_double(path, "SELECT seconds_save FROM runs"), r.seconds_save);
	/* Sizes: 2 images, 3 annotators, 4 categories, 5 submissions, 3 objects, 2 tags; 1, 1, 3 conflicts, 1 flagged. */
	sql_text(text, sizeof(text), path,
		 "SELECT n_images || n_annotators || n_categories || n_submissions || n_objects || n_tags"
		 " || n_consensus_objects || n_consensus_tags || n_conflicts || n_flagged FROM runs");
	CU_ASSERT_STRING_EQUAL(text, "2345321131");

	sql_text(text, sizeof(text), path,
		 "SELECT idx || '|' || image_id || '|' || category_id || '|' || kind || '|' || x || '|' || y"
		 " || '|' || w || '|' || h || '|' || support || '|' || votes || '|' || voters || '|'"
		 " || agreement || '|' || first_member FROM consensus_objects");
	CU_ASSERT_STRING_EQUAL(text, "0|1|1|box|10.5|10.5|20.0|20.0|3|2|3|0.8|0");
	CU_ASSERT_EQUAL(sql_double(path, "SELECT confidence FROM consensus_objects"), 2.0 / 3.0);
	/* Members: annotator and category ids, their cluster, NULL for the NaN IoU. */
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(idx || ':' || consensus_idx || ':' || object_id || ':' || annotator_id"
		 " || ':' || category_id || ':' || ifnull(iou, 'NULL'), ' ') FROM"
		 " (SELECT * FROM consensus_members ORDER BY idx)");
	CU_ASSERT_STRING_EQUAL(text, "0:0:1:1:1:0.9 1:0:2:2:1:NULL 2:0:3:3:2:0.7");
	/* The tag "day" (id 3) on b.jpg (id 2). */
	sql_text(text, sizeof(text), path,
		 "SELECT image_id || '|' || category_id || '|' || votes || '|' || voters || '|' || confidence"
		 " FROM consensus_tags");
	CU_ASSERT_STRING_EQUAL(text, "2|3|1|2|0.5");
	/* Conflicts: readable kinds; NULL where the index means "none". */
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT idx || ':' || image_id || ':' || kind || ':' || task"
		 " || ':' || ifnull(annotator_id, 'N') || ':' || ifnull(object_id, 'N') || ':'"
		 " || ifnull(consensus_idx, 'N') || ':' || ifnull(category_id, 'N') || ':' || ifnull(iou, 'N') AS x"
		 " FROM conflicts ORDER BY idx)");
	CU_ASSERT_STRING_EQUAL(text, "0:1:label_mismatch:objects:3:3:0:2:0.7 1:2:tie:labels:N:N:N:N:N "
				     "2:2:missing:labels:2:N:0:3:N");
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT image_id || ':' || voters_objects || ':' || voters_labels"
		 " || ':' || ifnull(agreement, 'N') || ':' || ifnull(agreement_objects, 'N') || ':'"
		 " || ifnull(agreement_labels, 'N') || ':' || flagged || ':' || n_conflicts AS x"
		 " FROM image_stats ORDER BY image_id)");
	CU_ASSERT_STRING_EQUAL(text, "1:3:0:0.75:0.75:N:0:1 2:0:2:N:N:0.5:1:2");
	/* ann2 (id 2): consensus counts from base 10, gold from base 2^40 = 1099511627776. */
	sql_text(text, sizeof(text), path,
		 "SELECT images_done || ':' || consensus_images || ':' || consensus_tp || ':' || consensus_fp || ':'"
		 " || consensus_fn || ':' || consensus_matched || ':' || consensus_iou_sum || ':'"
		 " || consensus_label_correct || ':' || consensus_label_total || ':' || gold_images || ':'"
		 " || gold_tp || ':' || gold_label_total || ':' || gold_iou_sum FROM annotator_stats"
		 " WHERE annotator_id = 2");
	CU_ASSERT_STRING_EQUAL(text, "2:2:10:11:12:13:1.5:14:15:1:1099511627776:1099511627781:1.75");
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT a_id || '-' || b_id || ':' || images || ':' || tp || ':'"
		 " || n_a || ':' || n_b || ':' || ifnull(f1, 'N') || ':' || kappa_items || ':' || ifnull(kappa, 'N')"
		 " AS x FROM pair_stats ORDER BY a_id, b_id)");
	CU_ASSERT_STRING_EQUAL(text, "1-2:1:1:1:1:1.0:1:N 1-3:1:0:1:1:0.0:0:N 2-3:1:0:1:1:0.0:3:-0.25");
	/* Version 5: kappa's interval, and the objects kappa with its items and interval. */
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT ifnull(kappa_ci_lo, 'N') || ',' || ifnull(kappa_ci_hi, 'N')"
		 " || ':' || kappa_objects_items || ',' || ifnull(kappa_objects, 'N') || ','"
		 " || ifnull(kappa_objects_ci_lo, 'N') || ',' || ifnull(kappa_objects_ci_hi, 'N') AS x"
		 " FROM pair_stats ORDER BY a_id, b_id)");
	CU_ASSERT_STRING_EQUAL(text, "N,N:2,0.5,0.25,0.75 N,N:0,N,N,N -0.5,0.125:1099511627776,N,N,N");
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT category_id || ':' || support || ':'"
		 " || ifnull(round(agreement, 6), 'N') || ':' || ifnull(mean_iou, 'N') || ':' || fleiss_n || ','"
		 " || ifnull(fleiss_kappa, 'N') || ',' || ifnull(fleiss_ci_lo, 'N') || ',' || ifnull(fleiss_ci_hi, 'N')"
		 " AS x FROM class_stats ORDER BY category_id)");
	CU_ASSERT_STRING_EQUAL(text, "1:1:0.666667:0.8:7,0.75,0.5,1.0 2:0:N:N:7,N,N,N 3:1:0.5:N:7,-0.125,-0.5,0.25"
				     " 4:0:N:N:0,N,N,N");
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT name || ':' || ifnull(value, 'N') || ',' || ifnull(ci_lo, 'N')"
		 " || ',' || ifnull(ci_hi, 'N') || ',' || n AS x FROM run_statistics ORDER BY name)");
	CU_ASSERT_STRING_EQUAL(text, "fleiss_kappa:0.625,0.25,0.875,7 krippendorff_alpha:N,N,N,3"
				     " krippendorff_alpha_iou:0.375,0.125,0.5,5");
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/*
 * Ordered labels (report.label_order) add the rows krippendorff_alpha_ordinal
 * and krippendorff_alpha_interval, an undefined one with NULLs and its n;
 * without an order (test_rows_written) there are none.
 */
static void test_ordered_label_rows(void)
{
	char path[TMPDB_SIZE], text[512];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	r.labels_ordered = 1;
	r.krippendorff_alpha_ordinal = (tly_stat){0.8125, {0.5, 0.9375}, 11};
	r.krippendorff_alpha_interval = (tly_stat){NAN, {NAN, NAN}, 0};
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT name || ':' || ifnull(value, 'N') || ',' || ifnull(ci_lo, 'N')"
		 " || ',' || ifnull(ci_hi, 'N') || ',' || n AS x FROM run_statistics ORDER BY name)");
	CU_ASSERT_STRING_EQUAL(text, "fleiss_kappa:0.625,0.25,0.875,7 krippendorff_alpha:N,N,N,3"
				     " krippendorff_alpha_interval:N,N,N,0 krippendorff_alpha_iou:0.375,0.125,0.5,5"
				     " krippendorff_alpha_ordinal:0.8125,0.5,0.9375,11");
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_second_run_and_created_at(void)
{
	char path[TMPDB_SIZE], text[64];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	/* A result without a time gets the store's clock, in the same ISO form. */
	tly_free(r.created_at);
	r.created_at = NULL;
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	CU_ASSERT_EQUAL(r.run_id, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.created_at);
	CU_ASSERT_EQUAL(strlen(r.created_at), 20);
	sql_text(text, sizeof(text), path, "SELECT created_at FROM runs WHERE id = 2");
	CU_ASSERT_STRING_EQUAL(text, r.created_at);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM runs WHERE created_at GLOB"
				      " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'"), 2);
	CU_ASSERT_EQUAL(table_rows(path, "conflicts"), 6);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* The example queries of the README's "The store" section, on the sample run. */
static void test_readme_queries(void)
{
	char path[TMPDB_SIZE], text[256];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	/* Conflicts per annotator in the latest run: ann2 missed a label, ann3 named the cat a dog. */
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM ("
		 "SELECT a.name || ':' || c.kind || ':' || count(*) AS x"
		 " FROM conflicts c JOIN annotators a ON a.id = c.annotator_id"
		 " WHERE c.run_id = (SELECT max(id) FROM runs)"
		 " GROUP BY a.name, c.kind ORDER BY a.name, c.kind)");
	CU_ASSERT_STRING_EQUAL(text, "ann2:missing:1 ann3:label_mismatch:1");
	/* Images to review: b.jpg is flagged with two conflicts. */
	sql_text(text, sizeof(text), path,
		 "SELECT i.name || ':' || ifnull(s.agreement, 'NULL') || ':' || s.n_conflicts"
		 " FROM image_stats s JOIN images i ON i.id = s.image_id"
		 " WHERE s.run_id = (SELECT max(id) FROM runs) AND s.flagged ORDER BY s.agreement");
	CU_ASSERT_STRING_EQUAL(text, "b.jpg:NULL:2");
	/*
	 * ann1 vs consensus: tp 0, fp 1, fn 2 -> precision 0/(0+1) = 0, recall 0/(0+2) = 0;
	 * ann2: tp 10, fp 11, fn 12 -> precision 10/21 = 0.476190, recall 10/22 = 0.454545;
	 * ann3: tp 20, fp 21, fn 22 -> precision 20/41 = 0.487805, recall 20/42 = 0.476190.
	 */
	sql_text(text, sizeof(text), path,
		 "SELECT group_concat(x, ' ') FROM (SELECT annotator || ':' || round(precision, 6) || ':'"
		 " || round(recall, 6) AS x FROM annotator_metrics WHERE reference = 'consensus'"
		 " AND run_id = (SELECT max(id) FROM runs) ORDER BY annotator)");
	CU_ASSERT_STRING_EQUAL(text, "ann1:0.0:0.0 ann2:0.47619:0.454545 ann3:0.487805:0.47619");
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Save R expecting CODE and MESSAGE (NULL: any), with no run written. */
static void expect_refused(tly_store *st, const tly_dataset *ds, tly_result *r, const char *path,
			   int code, const char *message)
{
	long long c1[N_STORE_TABLES], c2[N_STORE_TABLES];

	count_all(c1, path);
	CU_ASSERT_EQUAL(tly_store_save_result(st, ds, r), code);
	if (message)
		CHECK_MESSAGE(message);
	CU_ASSERT_EQUAL(r->run_id, 0);
	count_all(c2, path);
	CU_ASSERT_EQUAL(memcmp(c1, c2, sizeof(c1)), 0);
}

static void test_refusals_write_nothing(void)
{
	char path[TMPDB_SIZE];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);

	sample_result(&r);
	r.cons_objects[0].image = 2;
	expect_refused(st, &ds, &r, path, TLY_EARG, "result: cons_objects[0].image 2 outside the dataset's 2 images");
	r.cons_objects[0].image = 0;
	r.cons_objects[0].support = 2;
	expect_refused(st, &ds, &r, path, TLY_EARG, "result: members[2] belongs to no consensus object");
	r.cons_objects[0].support = 3;
	r.conflicts[2].consensus = 1;
	/* conflicts[2] is of the labels task, which has 1 consensus label. */
	expect_refused(st, &ds, &r, path, TLY_EARG, "result: conflicts[2].consensus 1 outside the 1 cons_tags");
	r.conflicts[2].consensus = 0;
	r.cons_objects[0].geom.box.w = NAN;
	expect_refused(st, &ds, &r, path, TLY_EARG,
		       "result: cons_objects[0].geom.box [10.5, 10.5, nan, 20] is not finite");
	r.cons_objects[0].geom.box.w = 20;
	r.pairs[0].b = 3;
	expect_refused(st, &ds, &r, path, TLY_EARG, "result: pairs[0].b 3 outside the dataset's 3 annotators");
	r.pairs[0].b = 1;
	/* Caught only by SQLite, after the run and consensus rows went in: all rolled back. */
	r.images[1].image = 0;
	expect_refused(st, &ds, &r, path, TLY_ESTORE, NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "UNIQUE constraint failed: image_stats"));
	CU_ASSERT_EQUAL(strncmp(tly_error_last(), path, strlen(path)), 0);
	r.images[1].image = 1;
	r.rules_sha256[0] = '\0';
	CU_ASSERT_EQUAL(tly_store_save_result(NULL, &ds, &r), TLY_EARG);
	/* Fixed, it saves as run 1: the refused attempts consumed no run id that shows. */
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	CU_ASSERT_EQUAL(r.run_id, 1);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_allocation_failures_write_nothing(void)
{
	char path[TMPDB_SIZE];
	tly_dataset ds;
	tly_result r;
	tly_store *st = open_with_dataset(path, &ds);
	long n;
	int rc = -1;

	sample_result(&r);
	tly_free(r.created_at);
	r.created_at = NULL; /* so the time string is allocated too */
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_save_result(st, &ds, &r);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_EQUAL(r.run_id, 0);
			CU_ASSERT_PTR_NULL(r.created_at);
			CU_ASSERT_EQUAL(table_rows(path, "runs"), 0);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(r.run_id, 1);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_save_result",
	  {"ordered_label_rows", test_ordered_label_rows},
	  {"rows_written", test_rows_written},
	  {"second_run_and_created_at", test_second_run_and_created_at},
	  {"readme_queries", test_readme_queries},
	  {"refusals_write_nothing", test_refusals_write_nothing},
	  {"allocation_failures_write_nothing", test_allocation_failures_write_nothing})
