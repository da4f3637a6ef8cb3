/*
 * Tests of src/store/schema.c: the migration steps are a proper sequence,
 * a fresh store passes SQLite's own checks, every table and column carries
 * its comment inside the stored CREATE statement (the schema's documentation,
 * shown by `sqlite3 FILE .schema`), and the annotator_metrics view computes
 * the figures tally/result.h defines.
 */
#include <ctype.h>

#include "store/schema.h"
#include "store_fixture.h"

static void test_steps_in_order(void)
{
	size_t i, n;
	const tly_store_migration *steps = tly_store__migrations(&n);

	CU_ASSERT_FATAL(n >= 1);
	for (i = 0; i < n; i++) {
		/* Step i takes version i to i + 1. */
		CU_ASSERT(steps[i].version == (i ? steps[i - 1].version + 1 : 1));
		CU_ASSERT_PTR_NOT_NULL(steps[i].sql[0]);
	}
	CU_ASSERT_EQUAL(steps[n - 1].version, tly_store_schema_version());
}

static void test_fresh_store_is_sound(void)
{
	char path[TMPDB_SIZE], text[32];
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	sql_text(text, sizeof(text), path, "PRAGMA integrity_check");
	CU_ASSERT_STRING_EQUAL(text, "ok");
	/* foreign_key_check returns one row per violation: none, and no error. */
	sql_text(text, sizeof(text), path, "PRAGMA foreign_key_check");
	CU_ASSERT_STRING_EQUAL(text, "<ERROR>"); /* no row at all */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
				      " AND name NOT LIKE 'sqlite_%'"), 31);
	tmpdb_remove(path);
}

static int added_column_commented(const char *sql, const char *name)
{
	char key[128];
	const char *p, *c;

	snprintf(key, sizeof(key), ", %s ", name);
	if (!(p = strstr(sql, key)))
		return 0;
	p += strlen(key);
	c = strstr(p, "/*");
	/* the comment must come before the next column */
	return c && !memchr(p, ',', (size_t)(c - p));
}

/*
 * Does the CREATE text hold a line "  NAME ..." with a "--" comment on it,
 * or (a column added by a later migration, which SQLite splices in after
 * the last column as ", NAME TYPE" plus its text) a block comment right after it?
 */
static int column_commented(const char *sql, const char *name)
{
	const char *line = sql;
	size_t len = strlen(name);

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (n > len + 2 && strncmp(line, "  ", 2) == 0 && strncmp(line + 2, name, len) == 0 &&
		    line[2 + len] == ' ') {
			size_t k;

			/* the line may be long: later migrations' columns are spliced into it */
			for (k = 0; k + 1 < n; k++)
				if (line[k] == '-' && line[k + 1] == '-')
					return 1;
			return 0;
		}
		line = end ? end + 1 : NULL;
	}
	return added_column_commented(sql, name);
}

static void test_every_column_documented(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *tables = NULL, *cols = NULL;
	int n_tables = 0;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
						     " AND name NOT LIKE 'sqlite_%'", -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(tables, 0);
		const char *sql = (const char *)sqlite3_column_text(tables, 1);
		const char *first = strchr(sql, '\n');
		char pragma[128];

		n_tables++;
		/* The line after "CREATE TABLE x (" says what a row is. */
		CU_ASSERT(first && strncmp(first + 1, "  -- ", 5) == 0);
		snprintf(pragma, sizeof(pragma), "PRAGMA table_info(%s)", table);
		CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, pragma, -1, &cols, NULL), SQLITE_OK);
		while (sqlite3_step(cols) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(cols, 1);

			if (!column_commented(sql, col))
				fprintf(stderr, "undocumented column %s.%s\n", table, col);
			CU_ASSERT(column_commented(sql, col));
		}
		sqlite3_finalize(cols);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	CU_ASSERT_EQUAL(n_tables, 31);
	tmpdb_remove(path);
}

static void test_annotator_metrics_view(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path,
		"INSERT INTO annotators (id, name) VALUES (1, 'ann');"
		"INSERT INTO runs (id, created_at, rules_json, rules_sha256, threads, n_images, n_annotators,"
		" n_categories, n_submissions, n_objects, n_tags, n_consensus_objects, n_consensus_tags,"
		" n_conflicts, n_flagged) VALUES (1, 't', '{}', 'x', 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);"
		"INSERT INTO annotator_stats VALUES (1, 1, 2, 2, 3, 1, 2, 4, 3.0, 3, 4,"
		" 0, 0, 0, 0, 0, 0.0, 0, 0)"), 0);
	/*
	 * vs consensus: tp 3, fp 1, fn 2, matched 4, iou_sum 3.0, labels 3/4.
	 * precision = 3/(3+1) = 0.75; recall = 3/(3+2) = 0.6;
	 * F1 = 2*3/(2*3+1+2) = 6/9; mean IoU = 3.0/4 = 0.75; label accuracy = 3/4.
	 */
	CHECK_NEAR(sql_double(path, "SELECT precision FROM annotator_metrics WHERE reference = 'consensus'"), 0.75, 1e-15);
	CHECK_NEAR(sql_double(path, "SELECT recall FROM annotator_metrics WHERE reference = 'consensus'"), 0.6, 1e-15);
	CHECK_NEAR(sql_double(path, "SELECT f1 FROM annotator_metrics WHERE reference = 'consensus'"), 6.0 / 9.0, 1e-15);
	CHECK_NEAR(sql_double(path, "SELECT mean_iou FROM annotator_metrics WHERE reference = 'consensus'"), 0.75, 1e-15);
	CHECK_NEAR(sql_double(path, "SELECT label_accuracy FROM annotator_metrics WHERE reference = 'consensus'"),
		   0.75, 1e-15);
	/* No gold overlap: every figure undefined (NULL), as tly_counts_* give NaN. */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM annotator_metrics WHERE reference = 'gold'"
				      " AND precision IS NULL AND recall IS NULL AND f1 IS NULL"
				      " AND mean_iou IS NULL AND label_accuracy IS NULL AND annotator = 'ann'"), 1);
	tmpdb_remove(path);
}

static void test_checks_refuse_bad_kinds(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	tly_store_close(st);
	CU_ASSERT_EQUAL_FATAL(sql_exec(path, "INSERT INTO images (id, name) VALUES (1, 'a.jpg');"
					     "INSERT INTO annotators (id, name) VALUES (1, 'ann');"
					     "INSERT INTO sources VALUES (1, 'f', 'h', 'coco', '', 0, 0, 't')"), 0);
	fprintf(stderr, "(two CHECK failures expected below)\n");
	CU_ASSERT_NOT_EQUAL(sql_exec(path, "INSERT INTO submissions (image_id, annotator_id, task, gold,"
					   " source_id, ingested_at) VALUES (1, 1, 'boxes', 0, 1, 't')"), 0);
	CU_ASSERT_NOT_EQUAL(sql_exec(path, "INSERT INTO images (name, width) VALUES ('b.jpg', -1)"), 0);
	tmpdb_remove(path);
}

TLY_TESTS("store_schema",
	  {"steps_in_order", test_steps_in_order},
	  {"fresh_store_is_sound", test_fresh_store_is_sound},
	  {"every_column_documented", test_every_column_documented},
	  {"annotator_metrics_view", test_annotator_metrics_view},
	  {"checks_refuse_bad_kinds", test_checks_refuse_bad_kinds})
