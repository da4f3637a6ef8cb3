/*
 * The outer transaction (tly_store_begin/commit/rollback): several batch
 * writes become savepoints, a rollback undoes them all, a commit keeps them.
 */
#include <string.h>

#include "harness.h"
#include "store_fixture.h"
#include "tally/store.h"

/* One image "x.jpg" with one box by ANNOTATOR, hashed as 64 x HEXDIGIT. */
static void write_one(tly_store *st, const char *file, char hexdigit, const char *annotator,
		      int32_t width, int expect)
{
	tly_batch b;
	tly_store_write_stats stats;
	tly_geometry g = box(1, 2, 3, 4);
	size_t im, s;

	batch_start(&b, file, hexdigit, "coco", 0);
	CHECK_OK(tly_batch_add_image(&im, &b, "x.jpg", width, 10, "t"));
	CHECK_OK(tly_batch_add_submission(&s, &b, im, annotator, TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_object(&b, s, "car", &g, 0, NULL, NULL));
	CU_ASSERT_EQUAL(tly_store_write_batch(&stats, st, &b, NULL), expect);
	tly_batch_clear(&b);
}

static void test_rollback_undoes_every_file(void)
{
	char path[TMPDB_SIZE];
	long long before[N_STORE_TABLES], after[N_STORE_TABLES];
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	write_one(st, "/d/first.json", 'a', "ann", 10, 0);
	count_all(before, path);
	CHECK_OK(tly_store_begin(st));
	CU_ASSERT_EQUAL(tly_store_begin(st), TLY_EARG); /* no nesting of outer transactions */
	write_one(st, "/d/second.json", 'b', "bob", 10, 0);
	/* x.jpg was 10 wide: 20 is refused, and only this file's savepoint rolls back */
	write_one(st, "/d/third.json", 'c', "cy", 20, TLY_EINPUT);
	tly_store_rollback(st);
	count_all(after, path);
	CU_ASSERT_EQUAL(memcmp(before, after, sizeof(before)), 0);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM annotators WHERE name = 'bob'"), 0);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_commit_keeps_every_file(void)
{
	char path[TMPDB_SIZE];
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_begin(st));
	write_one(st, "/d/first.json", 'a', "ann", 10, 0);
	write_one(st, "/d/second.json", 'b', "bob", 10, 0);
	write_one(st, "/d/bad.json", 'c', "cy", 20, TLY_EINPUT);
	CHECK_OK(tly_store_commit(st));
	CU_ASSERT_EQUAL(tly_store_commit(st), TLY_EARG);
	/* ann and bob stay, the refused file left nothing behind */
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM submissions"), 2);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM sources"), 2);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM annotators WHERE name = 'cy'"), 0);
	tly_store_rollback(st); /* no transaction: nothing happens */
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_transaction",
	  {"rollback_undoes_every_file", test_rollback_undoes_every_file},
	  {"commit_keeps_every_file", test_commit_keeps_every_file})
