/*
 * One image's units of Krippendorff's alpha over objects
 * (src/agree/iou_units.c): a unit per cluster with the voters' count and
 * the in-cluster distances, crowd regions left out, nothing with fewer
 * than two voters, nothing stale from an earlier image.
 */
#include "agree/scenes.h"

/* Unit U of R is {OBJECTS, CODERS, DISTANCE}. */
static void check_unit(const tly_agree_image_result *r, size_t u, uint32_t objects, uint32_t coders,
		       double distance)
{
	CU_ASSERT_FATAL(u < r->n_iou_units);
	CU_ASSERT_EQUAL(r->iou_units[u].objects, objects);
	CU_ASSERT_EQUAL(r->iou_units[u].coders, coders);
	CHECK_NEAR(r->iou_units[u].distance, distance, 1e-12);
}

/*
 * street.jpg (clusters worked in test_consensus.c): {A car 1, B car 3, C
 * person 5}, {A dog 2, B dog 4}, {C car 6}; |V| = 3 (gold does not vote).
 * Distances: A car [0,0,10,10] ~ B car [2,0,10,10]: IoU 80/120 = 2/3, 1 -
 * IoU = 1/3; C's person has another label: 1 to each: 7/3. The dogs: IoU
 * 1, 0. C's lone car: no pair, 0.
 */
static void test_street(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_street(&ds, 1);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_iou_units, 3);
	check_unit(&r, 0, 3, 3, 7.0 / 3.0);
	check_unit(&r, 1, 2, 3, 0.0);
	check_unit(&r, 2, 1, 3, 0.0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * crowd.jpg: the crowd regions 1, 4, 7 form one cluster (1~4 IoU 5/6, 7
 * joins cross-label at 2/3 and 4/7): an ignore region, no unit. Ordinary
 * objects: {2, 5, 8} (2~5 IoU 1; 8 = [11,10,10,20] overlaps 9 x 20 = 180
 * of a union of 220 with each: IoU 9/11, 1 - IoU = 2/11 twice: 4/11),
 * then the singletons 3, 6, 9 (no overlap with anything of theirs at 0.5).
 */
static void test_crowd(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_crowd(&ds, 1);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL_FATAL(r.n_iou_units, 4);
	check_unit(&r, 0, 3, 3, 4.0 / 11.0);
	check_unit(&r, 1, 1, 3, 0.0);
	check_unit(&r, 2, 1, 3, 0.0);
	check_unit(&r, 3, 1, 3, 0.0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * One objects voter (A's boxes, gold G's): no pairable unit, none kept.
 * Then, in the same workspace, an image whose voters all drew nothing
 * after street.jpg: no units (the workspace's clustering is street's).
 */
static void test_one_voter_and_stale(void)
{
	tly_dataset ds;
	tly_agree_context ctx;
	tly_agree_workspace *ws = NULL;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t lone, street, empty, s;

	scene_init(&ds);
	lone = tb_image(&ds, "lone.jpg");
	s = tb_sub(&ds, lone, A, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, lone, s, CAR, 0, 0, 10, 10);
	s = tb_sub(&ds, lone, G, TLY_TASK_OBJECTS, 1);
	tb_box(&ds, lone, s, CAR, 0, 0, 10, 10);
	street = scene_street(&ds, 0);
	empty = tb_image(&ds, "empty.jpg");
	tb_sub(&ds, empty, A, TLY_TASK_OBJECTS, 0);
	tb_sub(&ds, empty, B, TLY_TASK_OBJECTS, 0);
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	CHECK_OK(tly_agree_workspace_new(&ws));
	CHECK_OK(tly_agree_image(&r, ws, &ctx, &ds.images[lone], lone));
	CU_ASSERT_EQUAL(r.n_iou_units, 0);
	CHECK_OK(tly_agree_image(&r, ws, &ctx, &ds.images[street], street));
	CU_ASSERT_EQUAL(r.n_iou_units, 3);
	CHECK_OK(tly_agree_image(&r, ws, &ctx, &ds.images[empty], empty));
	CU_ASSERT_EQUAL(r.n_iou_units, 0);
	tly_agree_image_result_clear(&r);
	tly_agree_workspace_free(ws);
	tly_agree_context_clear(&ctx);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_iou_units",
	  {"street", test_street},
	  {"crowd", test_crowd},
	  {"one_voter_and_stale", test_one_voter_and_stale})
