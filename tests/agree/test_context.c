/*
 * The dataset-wide context (src/agree/context.c): multi-label detection,
 * the label categories that size multi-label kappa, and the names.
 */
#include <string.h>

#include "agree/scenes.h"

/*
 * Labels image 1: A {car}; image 2: G (gold) {dog}, B {car}; street.jpg
 * objects use person too, but objects do not count, and neither does gold.
 * Every labels submission holds one label -> single-label; label categories
 * car only -> 1. Gold with two labels changes nothing; a voter with two
 * labels makes the dataset multi-label (car, person -> 2 categories).
 */
static void test_context(void)
{
	tly_dataset ds;
	tly_agree_context ctx;
	tly_policy p = scene_policy();
	const uint32_t car = CAR, dog = DOG, two[] = {CAR, PERSON};
	uint32_t im;

	scene_init(&ds);
	scene_street(&ds, 0);
	im = tb_image(&ds, "one.jpg");
	scene_labels(&ds, im, A, 0, &car, 1);
	im = tb_image(&ds, "two.jpg");
	scene_labels(&ds, im, G, 1, &dog, 1);
	scene_labels(&ds, im, B, 0, &car, 1);
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	CU_ASSERT_EQUAL(ctx.multi, 0);
	CU_ASSERT_EQUAL(ctx.n_label_categories, 1);
	CU_ASSERT_EQUAL(ctx.n_annotators, 5);
	CU_ASSERT_EQUAL(ctx.n_categories, 3);
	CU_ASSERT_STRING_EQUAL(ctx.label_names[PERSON], "person");
	CU_ASSERT(ctx.policy == &p);
	CHECK_NEAR(ctx.match.iou, 0.5, 0);
	tly_agree_context_clear(&ctx);
	im = tb_image(&ds, "three.jpg");
	scene_labels(&ds, im, G, 1, two, 2);
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	CU_ASSERT_EQUAL(ctx.multi, 0);
	CU_ASSERT_EQUAL(ctx.n_label_categories, 1);
	tly_agree_context_clear(&ctx);
	scene_labels(&ds, im, C, 0, two, 2);
	CHECK_OK(tly_agree_context_init(&ctx, &ds, &p));
	CU_ASSERT_EQUAL(ctx.multi, 1);
	CU_ASSERT_EQUAL(ctx.n_label_categories, 2);
	tly_agree_context_clear(&ctx);
	CU_ASSERT_PTR_NULL(ctx.label_names);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_context",
	  {"context", test_context})
