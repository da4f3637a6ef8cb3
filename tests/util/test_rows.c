/*
 * tly_rows_find (src/util/rows.c): lower bounds and equal runs over rows
 * keyed by a uint32_t and by a size_t field, worked by hand.
 */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"
#include "util/rows.h"

typedef struct {
	double pad;
	uint32_t who;
	size_t conflict;
} row;

/* keys who: 1 1 3 3 3 7; conflict: 0 2 2 5 9 9 */
static const row rows[6] = {{0, 1, 0}, {0, 1, 2}, {0, 3, 2}, {0, 3, 5}, {0, 3, 9}, {0, 7, 9}};

static void test_u32_key(void)
{
	size_t end = 99;

	CU_ASSERT_EQUAL(TLY_ROWS_FIND(rows, 6, row, who, 3, &end), 2);
	CU_ASSERT_EQUAL(end, 5);
	CU_ASSERT_EQUAL(TLY_ROWS_FIND(rows, 6, row, who, 1, &end), 0);
	CU_ASSERT_EQUAL(end, 2);
	/* absent keys: the insertion point, an empty run */
	CU_ASSERT_EQUAL(TLY_ROWS_FIND(rows, 6, row, who, 0, &end), 0);
	CU_ASSERT_EQUAL(end, 0);
	CU_ASSERT_EQUAL(TLY_ROWS_FIND(rows, 6, row, who, 4, &end), 5);
	CU_ASSERT_EQUAL(end, 5);
	CU_ASSERT_EQUAL(TLY_ROWS_FIND(rows, 6, row, who, 8, NULL), 6);
}

static void test_size_key(void)
{
	size_t end = 99;

	CU_ASSERT_EQUAL(TLY_ROWS_FIND(rows, 6, row, conflict, 2, &end), 1);
	CU_ASSERT_EQUAL(end, 3);
	CU_ASSERT_EQUAL(TLY_ROWS_FIND(rows, 6, row, conflict, 9, &end), 4);
	CU_ASSERT_EQUAL(end, 6);
	CU_ASSERT_EQUAL(TLY_ROWS_FIND(rows, 6, row, conflict, 3, &end), 3);
	CU_ASSERT_EQUAL(end, 3);
	CU_ASSERT_EQUAL(TLY_ROWS_FIND(rows, 0, row, conflict, 3, &end), 0);
	CU_ASSERT_EQUAL(end, 0);
}

TLY_TESTS("util_rows", {"u32_key", test_u32_key}, {"size_key", test_size_key})
