/*
 * Tests of src/store/save_attrs.c (schema version 7): a run's voted
 * attributes and mismatching_attributes conflicts are saved as the JSON
 * the schema documents, read back into the same report, corrupt rows are
 * refused, and a version-4 store's conflicts survive the table rebuild.
 */
#include "store/schema.h"
#include "store_fixture.h"
#include "tally/report.h"
#include "tally/rules.h"
#include "tally/run.h"

static void add(tly_batch *b, size_t image, const char *who, const char *json)
{
	tly_geometry g = box(0, 0, 10, 10);
	size_t sub;

	CHECK_OK(tly_batch_add_submission(&sub, b, image, who, TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_object(b, sub, "car", &g, 0, NULL, json));
}

/*
 * a.jpg: ann1, ann2, ann3 draw one car [0,0,10,10] each (ids 1-3) with
 * color red, red, blue and size big, small, none. Under vote.quorum 1 (a
 * count) the cluster is accepted; color: red 2 -> red; size: big 1 and
 * small 1 both meet the count -> tied, null. ann3's color is a mismatch
 * (blue against red); nothing else disagrees.
 */
static tly_store *store_with_run(char path[TMPDB_SIZE], tly_result *r, tly_dataset *ds)
{
	static const char doc[] = "{\"vote\": {\"quorum\": 1}}";
	tly_store *st = NULL;
	tly_rules *rules = NULL;
	tly_batch b;
	size_t im;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	batch_start(&b, "/data/attrs.json", 'b', "coco", 0);
	CHECK_OK(tly_batch_add_image(&im, &b, "a.jpg", 100, 100, "t"));
	add(&b, im, "ann1", "{\"attributes\":{\"color\":\"red\",\"size\":\"big\"}}");
	add(&b, im, "ann2", "{\"attributes\":{\"color\":\"red\",\"size\":\"small\"}}");
	add(&b, im, "ann3", "{\"attributes\":{\"color\":\"blue\"}}");
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
	CHECK_OK(tly_rules_parse(&rules, doc, sizeof(doc) - 1, "test"));
	memset(ds, 0, sizeof(*ds));
	CHECK_OK(tly_run_execute(r, ds, st, rules, NULL));
	tly_rules_free(rules);
	return st;
}

static char *report_of(const tly_dataset *ds, const tly_result *r)
{
	char *out = NULL;
	size_t len = 0;

	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_JSON, ds, r));
	return out;
}

static void test_round_trip(void)
{
	char path[TMPDB_SIZE], text[128];
	tly_store *st;
	tly_result r, back;
	tly_dataset ds, ds_back;
	char *a, *b;

	st = store_with_run(path, &r, &ds);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_attrs, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_conflict_attrs, 1);
	sql_text(text, sizeof(text), path, "SELECT attributes FROM consensus_objects");
	CU_ASSERT_STRING_EQUAL(text, "{\"color\":\"red\",\"size\":null}");
	sql_text(text, sizeof(text), path, "SELECT kind || ' ' || attribute || ' ' || attribute_value || ' ' ||"
		 " attribute_consensus FROM conflicts");
	CU_ASSERT_STRING_EQUAL(text, "mismatching_attributes color blue red");
	CHECK_OK(tly_store_load_result(&back, &ds_back, st, 0));
	/* loaded strings sorted bytewise: blue, color, red, size */
	CU_ASSERT_EQUAL_FATAL(back.n_attr_strings, 4);
	CU_ASSERT_STRING_EQUAL(back.attr_strings[0], "blue");
	CU_ASSERT_STRING_EQUAL(back.attr_strings[1], "color");
	CU_ASSERT_EQUAL_FATAL(back.n_cons_attrs, 2);
	CU_ASSERT(back.cons_attrs[0].name == 1 && back.cons_attrs[0].value == 2);
	CU_ASSERT(back.cons_attrs[1].name == 3 && back.cons_attrs[1].value == UINT32_MAX);
	CU_ASSERT_EQUAL_FATAL(back.n_conflict_attrs, 1);
	CU_ASSERT(back.conflict_attrs[0].conflict == 0 && back.conflict_attrs[0].name == 1 &&
		  back.conflict_attrs[0].value == 0 && back.conflict_attrs[0].consensus == 2);
	/* everything a report shows is the same as the run computed it */
	a = report_of(&ds, &r);
	b = report_of(&ds_back, &back);
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(a, ",\"attributes\":{\"color\":\"red\",\"size\":null}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a, "\"type\":\"mismatching_attributes\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(a, ",\"attribute\":\"color\",\"value\":\"blue\",\"consensus_value\":\"red\"}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(a, "\"tie\":0,\"mismatching_attributes\":1}"));
	CU_ASSERT_STRING_EQUAL(a, b);
	free(a);
	free(b);
	tly_result_clear(&back);
	tly_dataset_clear(&ds_back);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Plant SQL in the stored run; loading it must fail naming "run 1, " + WHERE. */
static void expect_corrupt(const char *sql, const char *where)
{
	char path[TMPDB_SIZE], expect[256];
	tly_result r, back;
	tly_dataset ds, ds_back;
	tly_store *st = store_with_run(path, &r, &ds);

	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, sql), 0);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_load_result(&back, &ds_back, st, 1), TLY_ESTORE);
	snprintf(expect, sizeof(expect), "%s: corrupt store: run 1, %s", path, where);
	CHECK_MESSAGE(expect);
	CU_ASSERT_PTR_NULL(back.cons_attrs);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_corrupt(void)
{
	expect_corrupt("UPDATE consensus_objects SET attributes = '[1]'", "consensus_objects row 0");
	expect_corrupt("UPDATE consensus_objects SET attributes = '{\"a\":[1]}'", "consensus_objects row 0");
	expect_corrupt("UPDATE consensus_objects SET attributes = '{\"b\":1,\"a\":2}'", "consensus_objects row 0");
	expect_corrupt("UPDATE consensus_objects SET attributes = '{'", "consensus_objects row 0");
	expect_corrupt("UPDATE consensus_objects SET attributes = '{\"a\":1}'", "consensus_objects row 0");
	expect_corrupt("UPDATE conflicts SET attribute_consensus = NULL", "conflicts row 0");
	expect_corrupt("UPDATE conflicts SET attribute = NULL", "conflicts row 0");
}

/*
 * A version-4 store with one conflict row: opening it rebuilds conflicts
 * (version 7) and keeps the row; the new columns are NULL, and the new
 * kind is accepted where the old CHECK refused it.
 */
static void test_migrates_conflicts(void)
{
	char path[TMPDB_SIZE], text[64];
	tly_store *st = NULL;
	size_t n, i, k;
	const tly_store_migration *steps = tly_store__migrations(&n);

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (k = 0; k < 4; k++)
		for (i = 0; steps[k].sql[i]; i++)
			CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[k].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 4;"
					     "INSERT INTO images (name) VALUES ('a.png');"
					     "INSERT INTO runs (created_at, rules_json, rules_sha256, threads,"
					     " n_images, n_annotators, n_categories, n_submissions, n_objects,"
					     " n_tags, n_consensus_objects, n_consensus_tags, n_conflicts,"
					     " n_flagged) VALUES ('t', '{}', 'x', 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0);"
					     "INSERT INTO conflicts (run_id, idx, image_id, kind, task)"
					     " VALUES (1, 0, 1, 'tie', 'labels')"), 0);
	fprintf(stderr, "(one CHECK failure expected below)\n");
	CU_ASSERT_NOT_EQUAL(sql_exec(path, "INSERT INTO conflicts (run_id, idx, image_id, kind, task)"
					   " VALUES (1, 1, 1, 'mismatching_attributes', 'objects')"), 0);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	sql_text(text, sizeof(text), path, "SELECT kind || ' ' || task || ' ' || ifnull(attribute, '-') FROM conflicts");
	CU_ASSERT_STRING_EQUAL(text, "tie labels -");
	CU_ASSERT_EQUAL(sql_exec(path, "INSERT INTO conflicts (run_id, idx, image_id, kind, task)"
				       " VALUES (1, 1, 1, 'mismatching_attributes', 'objects')"), 0);
	sql_text(text, sizeof(text), path, "PRAGMA foreign_key_check");
	CU_ASSERT_STRING_EQUAL(text, "<ERROR>"); /* no row at all */
	tmpdb_remove(path);
}

TLY_TESTS("store_save_attrs",
	  {"round_trip", test_round_trip},
	  {"corrupt", test_corrupt},
	  {"migrates_conflicts", test_migrates_conflicts})
