/*
 * Tests of src/store/store.c: creating, reopening and identifying store
 * files (user_version, application_id, WAL, foreign keys), and the one-line
 * TLY_ESTORE messages for files that are not tally stores or are too new.
 */
#include <stdlib.h>

#include "store/schema.h"
#include "store/store.h"
#include "store_fixture.h"

static void test_create_and_reopen(void)
{
	char path[TMPDB_SIZE], text[64];
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_PTR_NOT_NULL(st);
	tly_store_close(st);
	/* The build writes version 11: the foundation, consensus masks, run statistics, label maps,
	 * the audit over time (5), reliability (6), object attributes (7), pair and class
	 * statistics with intervals (8), semantic STAPLE's per-class rates (9), the classes'
	 * Fleiss' kappa over label-map pixels (10) and the votes of tied votes (11). */
	CU_ASSERT_EQUAL(tly_store_schema_version(), 11);
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	/* "TLLY" = 0x544C4C59 = 84*2^24 + 76*2^16 + 76*2^8 + 89 = 1414286425. */
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA application_id"), 1414286425LL);
	/* journal_mode = WAL persists in the file. */
	sql_text(text, sizeof(text), path, "PRAGMA journal_mode");
	CU_ASSERT_STRING_EQUAL(text, "wal");
	CU_ASSERT_EQUAL(table_rows(path, "images"), 0);
	/* Reopening a current store changes nothing and succeeds. */
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	tmpdb_remove(path);
}

static void test_new_file_in_missing_folder(void)
{
	const char *path = "/tmp/tally-no-such-folder-8d1c/x.db";
	tly_store *st = NULL;

	CU_ASSERT_EQUAL(tly_store_open(&st, path), TLY_ESTORE);
	CU_ASSERT_PTR_NULL(st);
	CU_ASSERT_EQUAL(strncmp(tly_error_last(), path, strlen(path)), 0);
}

static void test_bad_arguments(void)
{
	tly_store *st = NULL;

	CU_ASSERT_EQUAL(tly_store_open(&st, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_store_open(&st, ""), TLY_EARG);
	tly_store_close(NULL);
}

/* Write CONTENT REPEAT times to a temp file and check tly_store_open refuses it untouched. */
static void refuse_non_sqlite(const char *content, int repeat)
{
	char path[TMPDB_SIZE], before[65], after[65], expect[128];
	tly_store *st = NULL;
	FILE *f;
	int i;

	tmpdb_make(path);
	f = fopen(path, "w");
	CU_ASSERT_FATAL(f != NULL);
	for (i = 0; i < repeat; i++)
		fputs(content, f);
	fclose(f);
	file_sha256(before, path);
	CU_ASSERT_EQUAL(tly_store_open(&st, path), TLY_ESTORE);
	CU_ASSERT_PTR_NULL(st);
	snprintf(expect, sizeof(expect), "%s: not a tally store (not an SQLite database)", path);
	CHECK_MESSAGE(expect);
	/* Refused files are left exactly as they were. */
	file_sha256(after, path);
	CU_ASSERT_STRING_EQUAL(before, after);
	tmpdb_remove(path);
}

static void test_not_sqlite(void)
{
	/* 2200 bytes: more than a SQLite header and a page. */
	refuse_non_sqlite("image,annotator,label\n", 100);
	/* Shorter than the 100-byte SQLite header. */
	refuse_non_sqlite("hello", 1);
}

static void test_other_sqlite_database(void)
{
	char path[TMPDB_SIZE], expect[128], text[64];
	tly_store *st = NULL;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"), 0);
	CU_ASSERT_EQUAL(tly_store_open(&st, path), TLY_ESTORE);
	snprintf(expect, sizeof(expect), "%s: not a tally store (an SQLite database of another program)", path);
	CHECK_MESSAGE(expect);
	/* Not converted to WAL, no tally table added. */
	sql_text(text, sizeof(text), path, "PRAGMA journal_mode");
	CU_ASSERT_STRING_EQUAL(text, "delete");
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM sqlite_master"), 1);
	tmpdb_remove(path);
}

static void test_newer_version(void)
{
	char path[TMPDB_SIZE], expect[160];
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	snprintf(expect, sizeof(expect), "PRAGMA user_version = %d", tly_store_schema_version() + 1);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, expect), 0);
	CU_ASSERT_EQUAL(tly_store_open(&st, path), TLY_ESTORE);
	CU_ASSERT_PTR_NULL(st);
	snprintf(expect, sizeof(expect), "%s: store schema version %d is newer than this tally (%d)", path,
		 tly_store_schema_version() + 1, tly_store_schema_version());
	CHECK_MESSAGE(expect);
	tmpdb_remove(path);
}

/* A tally file stamped but never migrated (version 0) gets the steps applied. */
static void test_migrates_from_version_0(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	CU_ASSERT_EQUAL(table_rows(path, "class_stats"), 0);
	tmpdb_remove(path);
}

/*
 * A store written by a version-1 tally (step 1 only, with a run holding a
 * box consensus object) opens, gains the mask columns (NULL for the old
 * row) and keeps its rows.
 */
static void test_migrates_from_version_1(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	size_t n, i;
	const tly_store_migration *steps = tly_store__migrations(&n);

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(steps[0].version, 1);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (i = 0; steps[0].sql[i]; i++)
		CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[0].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 1"), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "INSERT INTO images (name) VALUES ('a.png');"
					     "INSERT INTO categories (name) VALUES ('cat');"
					     "INSERT INTO runs (created_at, rules_json, rules_sha256, threads,"
					     " n_images, n_annotators, n_categories, n_submissions, n_objects,"
					     " n_tags, n_consensus_objects, n_consensus_tags, n_conflicts,"
					     " n_flagged) VALUES ('t', '{}', 'x', 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0);"
					     "INSERT INTO consensus_objects (run_id, idx, image_id, category_id,"
					     " kind, x, y, w, h, support, votes, voters, first_member)"
					     " VALUES (1, 0, 1, 1, 'box', 1, 2, 3, 4, 1, 1, 1, 0)"), 0);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	CU_ASSERT_EQUAL(table_rows(path, "consensus_objects"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM consensus_objects WHERE mask_counts IS NULL"
				      " AND mask_height IS NULL AND mask_width IS NULL AND w = 3"), 1);
	tmpdb_remove(path);
}

/*
 * A version-2 store (steps 1 and 2, one run) opens, gains run_statistics,
 * empty for the old run, and keeps its rows.
 */
static void test_migrates_from_version_2(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	size_t n, i, k;
	const tly_store_migration *steps = tly_store__migrations(&n);

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(steps[1].version, 2);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (k = 0; k < 2; k++)
		for (i = 0; steps[k].sql[i]; i++)
			CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[k].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 2"), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "INSERT INTO runs (created_at, rules_json, rules_sha256, threads,"
					     " n_images, n_annotators, n_categories, n_submissions, n_objects,"
					     " n_tags, n_consensus_objects, n_consensus_tags, n_conflicts,"
					     " n_flagged) VALUES ('t', '{}', 'x', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)"), 0);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	CU_ASSERT_EQUAL(table_rows(path, "runs"), 1);
	CU_ASSERT_EQUAL(table_rows(path, "run_statistics"), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "INSERT INTO run_statistics (run_id, name, value, ci_lo, ci_hi, n)"
					     " VALUES (1, 'fleiss_kappa', NULL, NULL, NULL, 0)"), 0);
	tmpdb_remove(path);
}

/*
 * A version-3 store (steps 1 to 3, with a run holding an image_stats row
 * and a consensus object) opens, gains the label-map tables, empty, and
 * the new columns with their defaults for the old rows: voters_maps 0,
 * agreement_maps NULL, iscrowd 0.
 */
static void test_migrates_from_version_3(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	size_t n, i, k;
	const tly_store_migration *steps = tly_store__migrations(&n);

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(steps[2].version, 3);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (k = 0; k < 3; k++)
		for (i = 0; steps[k].sql[i]; i++)
			CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[k].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 3"), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "INSERT INTO images (name, width, height) VALUES ('a.png', 4, 3);"
					     "INSERT INTO categories (name) VALUES ('cat');"
					     "INSERT INTO runs (created_at, rules_json, rules_sha256, threads,"
					     " n_images, n_annotators, n_categories, n_submissions, n_objects,"
					     " n_tags, n_consensus_objects, n_consensus_tags, n_conflicts,"
					     " n_flagged) VALUES ('t', '{}', 'x', 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0);"
					     "INSERT INTO consensus_objects (run_id, idx, image_id, category_id,"
					     " kind, x, y, w, h, support, votes, voters, first_member)"
					     " VALUES (1, 0, 1, 1, 'box', 1, 2, 3, 4, 1, 1, 1, 0);"
					     "INSERT INTO image_stats VALUES (1, 1, 2, 0, 0.5, 0.5, NULL, 0, 0)"), 0);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	CU_ASSERT_EQUAL(table_rows(path, "consensus_objects"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT iscrowd FROM consensus_objects"), 0);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM image_stats WHERE voters_maps = 0"
				      " AND agreement_maps IS NULL AND voters_objects = 2"), 1);
	CU_ASSERT_EQUAL(table_rows(path, "label_maps") + table_rows(path, "label_map_classes") +
			table_rows(path, "consensus_maps") + table_rows(path, "pixel_counts") +
			table_rows(path, "pixel_audits") + table_rows(path, "map_pairs") +
			table_rows(path, "panoptic_counts"), 0);
	/* The new tables take rows. */
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "INSERT INTO map_pairs VALUES (1, 1, 1, 1, NULL)"), 0);
	tmpdb_remove(path);
}

/*
 * A version-4 store (steps 1 to 4, with a run holding a pair_stats and a
 * class_stats row) opens and gains the statistics columns of version 7:
 * NULL intervals and figures, 0 counts, for the old rows.
 */
static void test_migrates_from_version_4(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	size_t n, i, k;
	const tly_store_migration *steps = tly_store__migrations(&n);

	tmpdb_make(path);
	CU_ASSERT_EQUAL_FATAL(steps[3].version, 4);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA application_id = 1414286425"), 0);
	for (k = 0; k < 4; k++)
		for (i = 0; steps[k].sql[i]; i++)
			CU_ASSERT_EQUAL_FATAL(sql_exec(path, steps[k].sql[i]), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "PRAGMA user_version = 4"), 0);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "INSERT INTO annotators (name) VALUES ('a'), ('b');"
					     "INSERT INTO categories (name) VALUES ('cat');"
					     "INSERT INTO runs (created_at, rules_json, rules_sha256, threads,"
					     " n_images, n_annotators, n_categories, n_submissions, n_objects,"
					     " n_tags, n_consensus_objects, n_consensus_tags, n_conflicts,"
					     " n_flagged) VALUES ('t', '{}', 'x', 1, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0);"
					     "INSERT INTO pair_stats VALUES (1, 1, 2, 0, 0, 0, 0, NULL, 3, 0.5);"
					     "INSERT INTO class_stats VALUES (1, 1, 0, NULL, NULL)"), 0);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL(sql_int(path, "PRAGMA user_version"), tly_store_schema_version());
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM pair_stats WHERE kappa = 0.5 AND kappa_items = 3"
				      " AND kappa_ci_lo IS NULL AND kappa_ci_hi IS NULL AND kappa_objects IS NULL"
				      " AND kappa_objects_items = 0 AND kappa_objects_ci_lo IS NULL"
				      " AND kappa_objects_ci_hi IS NULL"), 1);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM class_stats WHERE fleiss_n = 0 AND fleiss_kappa IS NULL"
				      " AND fleiss_ci_lo IS NULL AND fleiss_ci_hi IS NULL"), 1);
	tmpdb_remove(path);
}

static void test_foreign_keys_on(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	/* A submission of image 42, which does not exist, is refused and named. */
	CU_ASSERT_EQUAL(tly_store__exec(st, "INSERT INTO submissions (image_id, annotator_id, task, gold,"
					    " source_id, ingested_at) VALUES (42, 1, 'objects', 0, 1, 'x')"),
			TLY_ESTORE);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "FOREIGN KEY constraint failed"));
	CU_ASSERT_EQUAL(strncmp(tly_error_last(), path, strlen(path)), 0);
	tly_store_close(st);
	tmpdb_remove(path);
}

/* Transactions: a rollback after writes leaves nothing. */
static void test_rollback_helper(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store__begin_write(st));
	CHECK_OK(tly_store__exec(st, "INSERT INTO images (name) VALUES ('a.jpg')"));
	tly_store__rollback(st);
	/* Harmless without an open transaction. */
	tly_store__rollback(st);
	tly_store_close(st);
	CU_ASSERT_EQUAL(table_rows(path, "images"), 0);
	tmpdb_remove(path);
}

TLY_TESTS("store_store",
	  {"create_and_reopen", test_create_and_reopen},
	  {"new_file_in_missing_folder", test_new_file_in_missing_folder},
	  {"bad_arguments", test_bad_arguments},
	  {"not_sqlite", test_not_sqlite},
	  {"other_sqlite_database", test_other_sqlite_database},
	  {"newer_version", test_newer_version},
	  {"migrates_from_version_0", test_migrates_from_version_0},
	  {"migrates_from_version_2", test_migrates_from_version_2},
	  {"migrates_from_version_1", test_migrates_from_version_1},
	  {"migrates_from_version_3", test_migrates_from_version_3},
	  {"migrates_from_version_4", test_migrates_from_version_4},
	  {"foreign_keys_on", test_foreign_keys_on},
	  {"rollback_helper", test_rollback_helper})
