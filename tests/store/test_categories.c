/*
 * tly_store_ensure_categories (src/store/categories.c): missing names are
 * created in order after the existing ones, present names are left alone,
 * repeating the call creates nothing, bad names change nothing, and the
 * whole call is one transaction (inside tly_store_begin, a rollback undoes it).
 */
#include "store_fixture.h"

static void test_ensure(void)
{
	char path[TMPDB_SIZE];
	const char *const first[] = {"car", "person"};
	const char *const second[] = {"person", "bike", "car", "dog"};
	tly_store *st = NULL;
	tly_dataset ds;
	size_t made = 99;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	CHECK_OK(tly_store_ensure_categories(&made, st, first, 2));
	CU_ASSERT_EQUAL(made, 2);
	CHECK_OK(tly_store_ensure_categories(&made, st, second, 4));
	CU_ASSERT_EQUAL(made, 2); /* bike, dog */
	CHECK_OK(tly_store_ensure_categories(&made, st, second, 4));
	CU_ASSERT_EQUAL(made, 0);
	CHECK_OK(tly_store_ensure_categories(NULL, st, NULL, 0));
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM categories"), 4);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT id FROM categories WHERE name = 'bike'"),
			sql_int(path, "SELECT id FROM categories WHERE name = 'person'") + 1);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	CU_ASSERT_EQUAL_FATAL(ds.n_categories, 4);
	/* first seen first: car, person, then bike, dog in the order asked */
	CU_ASSERT_STRING_EQUAL(ds.categories[0].name, "car");
	CU_ASSERT_STRING_EQUAL(ds.categories[2].name, "bike");
	CU_ASSERT_STRING_EQUAL(ds.categories[3].name, "dog");
	tly_dataset_clear(&ds);
	tly_store_close(st);
	tmpdb_remove(path);
}

static void test_bad_and_rollback(void)
{
	char path[TMPDB_SIZE];
	const char *const bad[] = {"truck", ""};
	const char *const good[] = {"truck"};
	tly_store *st = NULL;

	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	CU_ASSERT_EQUAL(tly_store_ensure_categories(NULL, NULL, good, 1), TLY_EARG);
	CU_ASSERT_EQUAL(tly_store_ensure_categories(NULL, st, NULL, 1), TLY_EARG);
	CU_ASSERT_EQUAL(tly_store_ensure_categories(NULL, st, bad, 2), TLY_EARG);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM categories"), 0);
	CHECK_OK(tly_store_begin(st));
	CHECK_OK(tly_store_ensure_categories(NULL, st, good, 1));
	tly_store_rollback(st);
	CU_ASSERT_EQUAL(sql_int(path, "SELECT count(*) FROM categories"), 0);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("store_categories",
	  {"ensure", test_ensure},
	  {"bad_and_rollback", test_bad_and_rollback})
