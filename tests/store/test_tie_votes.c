/*
 * The tie_votes table (src/store/tie_votes.c): a round trip of the votes
 * of result_fixture.h's labels tie, the check that refuses bad rows before
 * anything is written, rows another program planted, and a store of the
 * version before this table (10) migrated to hold it, its runs with no votes.
 */
#include "result_fixture.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/tie_votes.h"

/*
 * The fixture's conflict 1 is a labels TIE on b.jpg, where ann1 gave day
 * (tag 1) and ann2 night (tag 2); categories cat, dog, day, night are
 * indices 0..3 (ids 1..4). Its votes: (1, ann1, 1, day), (1, ann2, 2, night).
 */
static void add_votes(tly_result *r)
{
	r->n_tie_votes = 2;
	r->tie_votes = tly_calloc(2, sizeof(*r->tie_votes));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->tie_votes);
	r->tie_votes[0] = (tly_tie_vote){1, 1, 0, 2};
	r->tie_votes[1] = (tly_tie_vote){1, 2, 1, 3};
}

static void saved_store(char path[TMPDB_SIZE], tly_result *r)
{
	tly_store *st = NULL;
	tly_dataset ds;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	sample_result(r);
	add_votes(r);
	CHECK_OK(tly_store_save_result(st, &ds, r));
	tly_dataset_clear(&ds);
	tly_store_close(st);
}

static void test_round_trip(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r, back;

	saved_store(path, &r);
	CU_ASSERT_EQUAL(table_rows(path, "tie_votes"), 2);
	/* ann2 is annotator id 2, night category id 4, its tag id 2; the conflict's idx 1 */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT category_id FROM tie_votes WHERE annotator_id = 2"), 4);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT object_id FROM tie_votes WHERE annotator_id = 2"), 2);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM tie_votes t JOIN conflicts c ON"
				      " c.run_id = t.run_id AND c.idx = t.conflict_idx WHERE c.kind = 'tie'"), 2);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_load_result(&back, &ds, st, 0));
	CU_ASSERT_EQUAL_FATAL(back.n_tie_votes, 2);
	CU_ASSERT(memcmp(back.tie_votes, r.tie_votes, 2 * sizeof(*r.tie_votes)) == 0);
	tly_result_clear(&back);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tly_result_clear(&r);
	tmpdb_remove(path);
}

/* Nothing tied: no rows, and the run loads with none. */
static void test_none(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r, back;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	sample_result(&r);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	tly_dataset_clear(&ds);
	CU_ASSERT_EQUAL(table_rows(path, "tie_votes"), 0);
	CHECK_OK(tly_store_load_result(&back, &ds, st, 0));
	CU_ASSERT_EQUAL(back.n_tie_votes, 0);
	CU_ASSERT_PTR_NULL(back.tie_votes);
	tly_result_clear(&back);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tly_result_clear(&r);
	tmpdb_remove(path);
}

static void test_check(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r;
	int k;
	static const char *const want[] = {
		"result: tie_votes[0].conflict 0 is no tie conflict",
		"result: tie_votes[1].conflict 3 is no tie conflict",
		"result: tie_votes[1].annotator 3 outside the dataset's 3 annotators",
		"result: tie_votes[0].category 4 outside the dataset's 4 categories",
		"result: tie_votes[1] is not after tie_votes[0] in (conflict, annotator) order",
		"result: tie_votes[1] is not after tie_votes[0] in (conflict, annotator) order",
		"result: 2 tie_votes but no array",
	};

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_result_dataset(st);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	for (k = 0; k < (int)(sizeof(want) / sizeof(want[0])); k++) {
		tly_tie_vote *t;

		sample_result(&r);
		add_votes(&r);
		CHECK_OK(tly_result_check(&ds, &r));
		t = r.tie_votes;
		switch (k) {
		case 0: t[0].conflict = 0; break; /* a label_mismatch conflict */
		case 1: t[1].conflict = 3; break; /* past the 3 conflicts */
		case 2: t[1].annotator = 3; break;
		case 3: t[0].category = 4; break;
		case 4: t[1].annotator = 0; break; /* the same (conflict, annotator) twice */
		case 5: t[0].annotator = 1; t[1].annotator = 0; break;
		default: tly_free(r.tie_votes); r.tie_votes = NULL; break;
		}
		CU_ASSERT_EQUAL(tly_result_check(&ds, &r), TLY_EARG);
		CHECK_MESSAGE(want[k]);
		/* the store refuses it before writing anything */
		CU_ASSERT_EQUAL(tly_store_save_result(st, &ds, &r), TLY_EARG);
		tly_result_clear(&r);
	}
	CU_ASSERT_EQUAL(table_rows(path, "runs"), 0);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Rows another program planted: a conflict that is no tie, one past the run's, an unknown annotator or category. */
static void test_corrupt_rows(void)
{
	static const char *const plant[] = {
		"UPDATE tie_votes SET conflict_idx = 2 WHERE annotator_id = 2",
		"UPDATE tie_votes SET conflict_idx = 7 WHERE annotator_id = 2",
		"UPDATE tie_votes SET annotator_id = 9 WHERE annotator_id = 2",
		"UPDATE tie_votes SET category_id = 9 WHERE annotator_id = 1",
	};
	static const char *const row[] = {"1", "1", "1", "0"};
	char path[TMPDB_SIZE], expect[160];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r, back;
	size_t k;

	for (k = 0; k < sizeof(plant) / sizeof(plant[0]); k++) {
		saved_store(path, &r);
		tly_result_clear(&r);
		CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA foreign_keys = OFF;"), 0);
		CU_ASSERT_EQUAL_FATAL(sql_exec(path, plant[k]), 0);
		CHECK_OK(tly_store_open(&st, path));
		CU_ASSERT_EQUAL(tly_store_load_result(&back, &ds, st, 0), TLY_ESTORE);
		snprintf(expect, sizeof(expect), "%s: corrupt store: run 1, tie_votes row %s", path, row[k]);
		CHECK_MESSAGE(expect);
		CU_ASSERT_PTR_NULL(back.tie_votes);
		tly_store_close(st);
		tmpdb_remove(path);
	}
}

/*
 * A store of the version before this table (10; built from its steps, as
 * later steps may alter tables too) holding a run with a tie conflict:
 * opening it adds tie_votes, and the run loads with its tie and no votes.
 */
static void test_migrates(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_result r;
	tly_dataset ds;
	size_t n, i, k;
	const tly_store_migration *steps = tly_store__migrations(&n);

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (k = 0; k < n && steps[k].version <= 10; k++)
		for (i = 0; steps[k].sql[i]; i++)
			CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[k].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(k, 10);
	CU_ASSERT_EQUAL_FATAL(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'tie_votes'"), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 10;"
					     "INSERT INTO images (name, width, height) VALUES ('a.jpg', 4, 3);"
					     "INSERT INTO annotators (name) VALUES ('ann');"
					     "INSERT INTO categories (name) VALUES ('cat');"
					     "INSERT INTO runs (created_at, rules_json, rules_sha256, threads,"
					     " n_images, n_annotators, n_categories, n_submissions, n_objects,"
					     " n_tags, n_consensus_objects, n_consensus_tags, n_conflicts,"
					     " n_flagged) VALUES ('t', '{}', 'x', 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1);"
					     "INSERT INTO conflicts (run_id, idx, image_id, kind, task, category_id)"
					     " VALUES (1, 0, 1, 'tie', 'objects', 1)"), 0);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM tie_votes"), 0);
	CHECK_OK(tly_store_load_result(&r, &ds, st, 1));
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 1);
	CU_ASSERT_EQUAL(r.conflicts[0].kind, TLY_CONFLICT_TIE);
	CU_ASSERT_EQUAL(r.n_tie_votes, 0);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Allocation N failing while the run loads: TLY_ENOMEM and nothing held, until one succeeds. */
static void test_load_faults(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	tly_dataset ds;
	tly_result r, back;
	long n;
	int rc = -1;

	saved_store(path, &r);
	CHECK_OK(tly_store_open(&st, path));
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_store_load_result(&back, &ds, st, 0);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(back.tie_votes);
			CU_ASSERT_PTR_NULL(ds.images);
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL(back.n_tie_votes, 2);
	tly_result_clear(&back);
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tly_result_clear(&r);
	tmpdb_remove(path);
}

TLY_TESTS("store_tie_votes", {"round_trip", test_round_trip}, {"none", test_none}, {"check", test_check},
	  {"corrupt_rows", test_corrupt_rows}, {"migrates", test_migrates}, {"load_faults", test_load_faults})
