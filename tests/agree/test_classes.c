/*
 * Per-class figures (src/agree/classes.c), from hand-made consensus arrays.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "tally/agree.h"

/*
 * Category 0: objects (confidence 2/3, agreement 8/9) and (1/3, 1/2) and a
 * label (confidence 1): support 3, agreement (2/3 + 1/3 + 1)/3 = 2/3,
 * mean_iou (8/9 + 1/2)/2 = 25/36.
 * Category 1: nothing: support 0, agreement and mean_iou NaN.
 * Category 2: one label (confidence 1/2): support 1, agreement 1/2,
 * mean_iou NaN (no object).
 */
static void test_classes(void)
{
	tly_cons_object objs[2];
	tly_cons_tag tags[2];
	tly_class_stats out[3];

	memset(objs, 0, sizeof(objs));
	memset(tags, 0, sizeof(tags));
	objs[0].category = 0;
	objs[0].confidence = 2.0 / 3.0;
	objs[0].agreement = 8.0 / 9.0;
	objs[1].category = 0;
	objs[1].confidence = 1.0 / 3.0;
	objs[1].agreement = 0.5;
	tags[0].category = 2;
	tags[0].confidence = 0.5;
	tags[1].category = 0;
	tags[1].confidence = 1.0;
	tly_agree_classes(out, 3, objs, 2, tags, 2);
	CU_ASSERT_EQUAL(out[0].category, 0);
	CU_ASSERT_EQUAL(out[0].support, 3);
	CHECK_NEAR(out[0].agreement, 2.0 / 3.0, 1e-12);
	CHECK_NEAR(out[0].mean_iou, 25.0 / 36.0, 1e-12);
	CU_ASSERT_EQUAL(out[1].category, 1);
	CU_ASSERT_EQUAL(out[1].support, 0);
	CU_ASSERT(isnan(out[1].agreement));
	CU_ASSERT(isnan(out[1].mean_iou));
	CU_ASSERT_EQUAL(out[2].support, 1);
	CHECK_NEAR(out[2].agreement, 0.5, 1e-12);
	CU_ASSERT(isnan(out[2].mean_iou));
}

/* No consensus at all: every class empty. */
static void test_empty(void)
{
	tly_class_stats out[2];

	tly_agree_classes(out, 2, NULL, 0, NULL, 0);
	CU_ASSERT(out[0].support == 0 && out[1].support == 0);
	CU_ASSERT(isnan(out[0].agreement) && isnan(out[1].mean_iou));
	CU_ASSERT_EQUAL(out[1].category, 1);
}

TLY_TESTS("agree_classes",
	  {"classes", test_classes},
	  {"empty", test_empty})
