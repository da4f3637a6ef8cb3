/*
 * tly_agree_image as a whole (src/agree/image.c): argument checks, a
 * result reused across images holds only the latest image, and a cluster
 * of masks voted into a majority mask the result owns.
 */
#include <math.h>

#include "agree/scenes.h"
#include "tally/polygon.h"

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

/*
 * tests/vote/test_mask.c's three polygons on a 10 x 10 image (A columns 1-6
 * rows 1-6, B columns 1-6 rows 1-7, C columns 2-7 rows 1-7), derivations
 * there and in fixtures/e2e/seg_polygons/NOTES.md: one cluster whose
 * consensus is the 41-pixel majority mask, box [1, 1, 6, 7]; member IoU
 * 36/41, 41/42, 35/48; C below low_overlap 0.8: one conflict. Leave one
 * out (the other two's intersection as reference): A 30/41, B 30/42, C 0.625.
 */
static void test_masks(void)
{
	static const double poly[3][8] = {
		{1, 1, 7, 1, 7, 7, 1, 7}, {1, 1, 7, 1, 7, 8, 1, 8}, {2, 1, 8, 1, 8, 8, 2, 8}};
	static const double want_iou[3] = {36.0 / 41.0, 41.0 / 42.0, 35.0 / 48.0};
	static const double want_loo[3] = {30.0 / 41.0, 30.0 / 42.0, 0.625};
	tly_dataset ds;
	tly_agree_context ctx;
	tly_agree_workspace *ws = NULL;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	tly_image *img;
	uint32_t im, k;
	tly_box b;

	scene_init(&ds);
	im = tb_image(&ds, "seg.png");
	for (k = 0; k < 3; k++)
		tb_box(&ds, im, tb_sub(&ds, im, k, TLY_TASK_OBJECTS, 0), CAR, poly[k][0], 1, 6, 6);
	img = &ds.images[im];
	img->width = img->height = 10;
	img->rles = tly_calloc(3, sizeof(*img->rles));
	CU_ASSERT_PTR_NOT_NULL_FATAL(img->rles);
	img->n_rles = 3;
	for (k = 0; k < 3; k++) {
		CHECK_OK(tly_polygon_to_rle(&img->rles[k], poly[k], 4, 10, 10));
		img->objs[k].geom.kind = TLY_GEOM_POLYGON;
		img->objs[k].geom.rle = &img->rles[k];
	}
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	CHECK_OK(tly_agree_workspace_new(&ws));
	CHECK_OK(tly_agree_image(&r, ws, &ctx, img, im));
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.cons_masks);
	CU_ASSERT_EQUAL(r.cons_objects[0].geom.kind, TLY_GEOM_MASK);
	CU_ASSERT(r.cons_objects[0].geom.rle == &r.cons_masks[0]);
	CU_ASSERT_EQUAL(tly_rle_area(&r.cons_masks[0]), 41);
	b = r.cons_objects[0].geom.box;
	CU_ASSERT(b.x == 1 && b.y == 1 && b.w == 6 && b.h == 7);
	CHECK_NEAR(r.cons_objects[0].agreement, (want_iou[0] + want_iou[1] + want_iou[2]) / 3, 1e-15);
	CU_ASSERT_EQUAL_FATAL(r.n_members, 3);
	for (k = 0; k < 3; k++)
		CHECK_NEAR(r.members[k].iou, want_iou[k], 1e-15);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 1);
	CU_ASSERT_EQUAL(r.conflicts[0].kind, TLY_CONFLICT_LOW_OVERLAP);
	CU_ASSERT_EQUAL(r.conflicts[0].annotator, C);
	CU_ASSERT_EQUAL_FATAL(r.n_annotators, 3);
	for (k = 0; k < 3; k++) {
		CU_ASSERT_EQUAL(r.annotators[k].annotator, k);
		CU_ASSERT_EQUAL(r.annotators[k].vs_consensus.tp, 1);
		CHECK_NEAR(r.annotators[k].vs_consensus.iou_sum, want_loo[k], 1e-15);
	}
	CHECK_NEAR(r.stats.agreement, 1.0, 0);
	/* again through the same result: the first masks are freed, not leaked (ASan) */
	CHECK_OK(tly_agree_image(&r, ws, &ctx, &ds.images[0], 0));
	tly_agree_image_result_clear(&r);
	CU_ASSERT_PTR_NULL(r.cons_masks);
	tly_agree_workspace_free(ws);
	tly_agree_context_clear(&ctx);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_image",
	  {"masks", test_masks},
	  {"null_arguments", test_null_arguments},
	  {"reuse", test_reuse})
