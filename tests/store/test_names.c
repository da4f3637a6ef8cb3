/*
 * Tests of src/store/names.c: each enum value has its stored spelling (the
 * same as the CHECK constraints of schema.c), parses back, and anything
 * else is refused.
 */
#include "harness.h"
#include "store/names.h"

static void test_tasks(void)
{
	tly_task t;

	CU_ASSERT_STRING_EQUAL(tly_store__task_name(TLY_TASK_OBJECTS), "objects");
	CU_ASSERT_STRING_EQUAL(tly_store__task_name(TLY_TASK_LABELS), "labels");
	CU_ASSERT_PTR_NULL(tly_store__task_name((tly_task)7));
	CU_ASSERT_EQUAL(tly_store__task_parse(&t, "labels"), 0);
	CU_ASSERT_EQUAL(t, TLY_TASK_LABELS);
	CU_ASSERT_EQUAL(tly_store__task_parse(&t, "objects"), 0);
	CU_ASSERT_EQUAL(t, TLY_TASK_OBJECTS);
	CU_ASSERT_EQUAL(tly_store__task_parse(&t, "Objects"), -1);
	CU_ASSERT_EQUAL(tly_store__task_parse(&t, NULL), -1);
}

static void test_geometry_kinds(void)
{
	static const char *const text[] = {"box", "polygon", "mask", "point"};
	tly_geom_kind k;
	int i;

	/* TLY_GEOM_BOX = 1 .. TLY_GEOM_POINT = 4, in that order (geom.h). */
	for (i = 0; i < 4; i++) {
		CU_ASSERT_STRING_EQUAL(tly_store__geom_name((tly_geom_kind)(i + 1)), text[i]);
		CU_ASSERT_EQUAL(tly_store__geom_parse(&k, text[i]), 0);
		CU_ASSERT_EQUAL((int)k, i + 1);
	}
	CU_ASSERT_PTR_NULL(tly_store__geom_name((tly_geom_kind)0));
	CU_ASSERT_EQUAL(tly_store__geom_parse(&k, "bbox"), -1);
}

static void test_conflict_kinds(void)
{
	static const char *const text[] = {"missing", "extra", "label_mismatch", "low_overlap", "tie",
					   "mismatching_attributes"};
	tly_conflict_kind k;
	int i;

	/* TLY_CONFLICT_MISSING = 1 .. TLY_CONFLICT_MISMATCHING_ATTRIBUTES = 6 (result.h). */
	for (i = 0; i < 6; i++) {
		CU_ASSERT_STRING_EQUAL(tly_store__conflict_name((tly_conflict_kind)(i + 1)), text[i]);
		CU_ASSERT_EQUAL(tly_store__conflict_parse(&k, text[i]), 0);
		CU_ASSERT_EQUAL((int)k, i + 1);
	}
	CU_ASSERT_PTR_NULL(tly_store__conflict_name((tly_conflict_kind)7));
	CU_ASSERT_EQUAL(tly_store__conflict_parse(&k, ""), -1);
}

static void test_references(void)
{
	tly_reference r;

	/* TLY_REF_CONSENSUS = 0, TLY_REF_GOLD = 1 (result.h); the CHECK of pixel_counts lists the same. */
	CU_ASSERT_STRING_EQUAL(tly_store__reference_name(TLY_REF_CONSENSUS), "consensus");
	CU_ASSERT_STRING_EQUAL(tly_store__reference_name(TLY_REF_GOLD), "gold");
	CU_ASSERT_PTR_NULL(tly_store__reference_name((tly_reference)2));
	CU_ASSERT_EQUAL(tly_store__reference_parse(&r, "gold"), 0);
	CU_ASSERT_EQUAL(r, TLY_REF_GOLD);
	CU_ASSERT_EQUAL(tly_store__reference_parse(&r, "consensus"), 0);
	CU_ASSERT_EQUAL(r, TLY_REF_CONSENSUS);
	CU_ASSERT_EQUAL(tly_store__reference_parse(&r, "Gold"), -1);
	CU_ASSERT_EQUAL(tly_store__reference_parse(&r, NULL), -1);
}

TLY_TESTS("store_names",
	  {"tasks", test_tasks},
	  {"geometry_kinds", test_geometry_kinds},
	  {"conflict_kinds", test_conflict_kinds},
	  {"references", test_references})
