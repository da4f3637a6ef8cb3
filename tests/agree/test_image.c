/*
 * tly_agree_image as a whole (src/agree/image.c): argument checks, and a
 * result reused across images holds only the latest image.
 */
#include <math.h>

#include "agree/scenes.h"

static void test_null_arguments(void)
{
	tly_dataset ds;
	tly_agree_context ctx;
	tly_agree_workspace *ws = NULL;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_street(&ds, 0);
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	CHECK_OK(tly_agree_workspace_new(&ws));
	CU_ASSERT_EQUAL(tly_agree_image(NULL, ws, &ctx, &ds.images[0], 0), TLY_EARG);
	CU_ASSERT_EQUAL(tly_agree_image(&r, NULL, &ctx, &ds.images[0], 0), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(r.why);
	CU_ASSERT_EQUAL(tly_agree_image(&r, ws, NULL, &ds.images[0], 0), TLY_EARG);
	CU_ASSERT_EQUAL(tly_agree_image(&r, ws, &ctx, NULL, 0), TLY_EARG);
	tly_agree_image_result_clear(&r);
	tly_agree_workspace_free(ws);
	tly_agree_workspace_free(NULL);
	tly_agree_image_result_clear(NULL);
	tly_agree_context_clear(&ctx);
	tly_agree_context_clear(NULL);
	tly_dataset_clear(&ds);
}

/*
 * street.jpg (2 consensus objects, 4 conflicts, 3 pairs) and then an image
 * with one annotator and one box through the same result and workspace:
 * the second holds 1 consensus object with image index 1, no conflicts,
 * no pairs, and one audit record.
 */
static void test_reuse(void)
{
	tly_dataset ds;
	tly_agree_context ctx;
	tly_agree_workspace *ws = NULL;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im, s;

	scene_init(&ds);
	scene_street(&ds, 0);
	im = tb_image(&ds, "solo.jpg");
	s = tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, DOG, 5, 5, 10, 10);
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	CHECK_OK(tly_agree_workspace_new(&ws));
	CHECK_OK(tly_agree_image(&r, ws, &ctx, &ds.images[0], 0));
	CU_ASSERT_EQUAL(r.n_cons_objects, 2);
	CU_ASSERT_EQUAL(r.n_conflicts, 4);
	CU_ASSERT_EQUAL(r.n_pairs, 3);
	CHECK_OK(tly_agree_image(&r, ws, &ctx, &ds.images[1], 1));
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].image, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].category, DOG);
	CU_ASSERT_EQUAL(r.n_members, 1);
	CU_ASSERT_EQUAL(r.members[0].object_id, 7);
	CU_ASSERT_EQUAL(r.n_conflicts, 0);
	CU_ASSERT_EQUAL(r.n_pairs, 0);
	CU_ASSERT_EQUAL(r.n_annotators, 1);
	CU_ASSERT_EQUAL(r.stats.image, 1);
	CU_ASSERT_EQUAL(r.stats.voters_objects, 1);
	CU_ASSERT(isnan(r.stats.agreement));
	tly_agree_image_result_clear(&r);
	tly_agree_workspace_free(ws);
	tly_agree_context_clear(&ctx);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_image",
	  {"null_arguments", test_null_arguments},
	  {"reuse", test_reuse})
