/*
 * tly_run_execute (src/run/execute.c): load a store, compute, save a run,
 * and the saved run reads back. Uses a store in a fresh temporary folder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tally/batch.h"
#include "tally/rules.h"
#include "tally/run.h"
#include "tally/store.h"
#include "util/alloc.h"

static void add_labelled(tly_batch *b, size_t image, const char *annotator, double x, const char *label)
{
	tly_geometry g = {TLY_GEOM_BOX, {x, 0, 10, 10}, NULL};
	size_t sub;

	CHECK_OK(tly_batch_add_submission(&sub, b, image, annotator, TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_object(b, sub, label, &g, 0, NULL, NULL));
}

static void add_box(tly_batch *b, size_t image, const char *annotator, double x)
{
	add_labelled(b, image, annotator, x, "car");
}

/*
 * a.jpg: ann1 and ann2 draw car [0,0,10,10], ann3 car [50,0,10,10] (IoU 0
 * with the others). Clusters {ann1, ann2} (2 of 3: accepted) and {ann3}
 * (rejected): one consensus object, and ann3's box is an EXTRA conflict
 * while ann3 is MISSING from the accepted one.
 */
static void test_execute(void)
{
	char dir[] = "/tmp/tally-run-XXXXXX", path[64], side[80];
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	tly_store *st = NULL;
	tly_batch b;
	tly_rules *rules = NULL;
	tly_result r, back;
	tly_dataset ds, ds_back;
	tly_store_write_stats ws;
	size_t im, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	CHECK_OK(tly_store_open(&st, path));
	tly_batch_init(&b);
	b.path = tly_strdup("test");
	b.format = tly_strdup("coco");
	CHECK_OK(tly_batch_add_image(&im, &b, "a.jpg", 100, 100, "test"));
	add_box(&b, im, "ann1", 0);
	add_box(&b, im, "ann2", 0);
	add_box(&b, im, "ann3", 50);
	memset(b.sha256, 'a', 64);
	CHECK_OK(tly_store_write_batch(&ws, st, &b, NULL));
	tly_batch_clear(&b);
	CHECK_OK(tly_rules_new_default(&rules));
	memset(&ds, 0, sizeof(ds));
	CHECK_OK(tly_run_execute(&r, &ds, st, rules, NULL));
	CU_ASSERT(r.run_id > 0);
	CU_ASSERT_EQUAL(ds.n_images, 1);
	CU_ASSERT_EQUAL(ds.n_annotators, 3);
	CU_ASSERT_EQUAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.n_conflicts, 2);
	CU_ASSERT(r.seconds_load >= 0 && r.seconds_compute >= 0 && r.seconds_save >= 0);
	memset(&ds_back, 0, sizeof(ds_back));
	CHECK_OK(tly_store_load_result(&back, &ds_back, st, 0));
	CU_ASSERT_EQUAL(back.run_id, r.run_id);
	CU_ASSERT_EQUAL(back.n_cons_objects, 1);
	CU_ASSERT_EQUAL(back.n_conflicts, 2);
	CU_ASSERT_STRING_EQUAL(back.rules_sha256, r.rules_sha256);
	tly_result_clear(&back);
	tly_dataset_clear(&ds_back);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_rules_free(rules);
	tly_store_close(st);
	for (i = 0; i < 4; i++) {
		snprintf(side, sizeof(side), "%s%s", path, suffix[i]);
		unlink(side);
	}
	rmdir(dir);
}

/*
 * Aliases through a store: ann1 draws "auto" [0,0,10,10], ann2 "automobile"
 * [0,0,10,10], ann3 "__ignore__" [0,0,10,10]; the rules map both spellings
 * to "car", which no file used, and ignore "__ignore__". The run creates
 * category car in the store, and votes one car (2 votes of 3 voters, no
 * label mismatch); ann3 saw the image, drew nothing counted: MISSING, and
 * its ignored box is no conflict. A second run creates nothing more.
 */
static void test_aliases(void)
{
	char dir[] = "/tmp/tally-run-XXXXXX", path[64], side[80];
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	static const char doc[] = "{\"aliases\": {\"auto\": \"car\", \"automobile\": \"car\"},"
				  " \"ignore\": [\"__ignore__\"]}";
	tly_store *st = NULL;
	tly_batch b;
	tly_rules *rules = NULL;
	tly_result r, back;
	tly_dataset ds, ds_back;
	size_t im, i;
	long car;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	CHECK_OK(tly_store_open(&st, path));
	tly_batch_init(&b);
	b.path = tly_strdup("test");
	b.format = tly_strdup("coco");
	CHECK_OK(tly_batch_add_image(&im, &b, "a.jpg", 100, 100, "test"));
	add_labelled(&b, im, "ann1", 0, "auto");
	add_labelled(&b, im, "ann2", 0, "automobile");
	add_labelled(&b, im, "ann3", 0, "__ignore__");
	memset(b.sha256, 'b', 64);
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
	CHECK_OK(tly_rules_parse(&rules, doc, sizeof(doc) - 1, "test"));
	memset(&ds, 0, sizeof(ds));
	CHECK_OK(tly_run_execute(&r, &ds, st, rules, NULL));
	CU_ASSERT_EQUAL(ds.n_categories, 4);
	car = tly_dataset_find_category(&ds, "car");
	CU_ASSERT_FATAL(car >= 0);
	CU_ASSERT(ds.categories[car].id > 0);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].category, (uint32_t)car);
	CU_ASSERT_EQUAL(r.cons_objects[0].votes, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 1);
	CU_ASSERT_EQUAL(r.conflicts[0].kind, TLY_CONFLICT_MISSING);
	CU_ASSERT_EQUAL(r.classes[car].support, 1);
	memset(&ds_back, 0, sizeof(ds_back));
	CHECK_OK(tly_store_load_result(&back, &ds_back, st, 0));
	CU_ASSERT_EQUAL_FATAL(back.n_cons_objects, 1);
	CU_ASSERT_STRING_EQUAL(ds_back.categories[back.cons_objects[0].category].name, "car");
	tly_result_clear(&back);
	tly_dataset_clear(&ds_back);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	CHECK_OK(tly_run_execute(&r, &ds, st, rules, NULL));
	CU_ASSERT_EQUAL(ds.n_categories, 4);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_rules_free(rules);
	tly_store_close(st);
	for (i = 0; i < 4; i++) {
		snprintf(side, sizeof(side), "%s%s", path, suffix[i]);
		unlink(side);
	}
	rmdir(dir);
}

static void test_bad_arguments(void)
{
	tly_result r;
	tly_dataset ds;

	CU_ASSERT_EQUAL(tly_run_execute(&r, &ds, NULL, NULL, NULL), TLY_EARG);
}

TLY_TESTS("run_execute",
	  {"execute", test_execute},
	  {"aliases", test_aliases},
	  {"bad_arguments", test_bad_arguments})
