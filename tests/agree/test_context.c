/*
 * The dataset-wide context (src/agree/context.c): multi-label detection,
 * the label categories that size multi-label kappa, and the names.
 */
#include <string.h>

#include "agree/scenes.h"
#include "tally/rules.h"

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

/*
 * The override tables from a rules document: car has match.iou 0.7 and
 * report.low_overlap 0.6, person only a quorum, "truck" is no category of
 * the dataset; geometry.mask has match.iou 0.4 and low_overlap 0.5.
 * label_iou: car 0.7, person and dog 0 (none); match points at it.
 * tly_agree_low_overlap: car (any kind) 0.6 (label > geometry), dog mask
 * 0.5 (geometry), dog box 0.8 (the policy's default).
 * Only a quorum override: no per-label match or overlap table at all.
 */
static void test_overrides(void)
{
	static const char doc[] = "{\"labels\": {\"car\": {\"match\": {\"iou\": 0.7},"
				  " \"report\": {\"low_overlap\": 0.6}},"
				  " \"person\": {\"vote\": {\"quorum\": 2}}, \"truck.match.iou\": 0.9},"
				  " \"geometry\": {\"mask\": {\"match\": {\"iou\": 0.4},"
				  " \"report\": {\"low_overlap\": 0.5}}}}";
	static const char quorum_only[] = "{\"labels\": {\"person\": {\"vote\": {\"quorum\": 2}}}}";
	tly_rules *rules = NULL;
	tly_dataset ds;
	tly_agree_context ctx;

	scene_init(&ds);
	CHECK_OK(tly_rules_parse(&rules, doc, sizeof(doc) - 1, "test"));
	CHECK_OK(tly_agree_context_init(&ctx, &ds, tly_rules_policy(rules)));
	CU_ASSERT_PTR_EQUAL(ctx.match.label_iou, ctx.label_iou);
	CU_ASSERT_EQUAL(ctx.match.n_label_iou, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx.label_iou);
	CHECK_NEAR(ctx.label_iou[CAR], 0.7, 0);
	CHECK_NEAR(ctx.label_iou[PERSON], 0, 0);
	CHECK_NEAR(ctx.label_iou[DOG], 0, 0);
	CHECK_NEAR(ctx.match.kind_iou[TLY_GEOM_MASK - 1], 0.4, 0);
	CHECK_NEAR(ctx.match.kind_iou[TLY_GEOM_BOX - 1], 0, 0);
	CHECK_NEAR(tly_agree_low_overlap(&ctx, CAR, TLY_GEOM_MASK), 0.6, 0);
	CHECK_NEAR(tly_agree_low_overlap(&ctx, CAR, TLY_GEOM_BOX), 0.6, 0);
	CHECK_NEAR(tly_agree_low_overlap(&ctx, DOG, TLY_GEOM_MASK), 0.5, 0);
	CHECK_NEAR(tly_agree_low_overlap(&ctx, DOG, TLY_GEOM_BOX), 0.8, 0);
	tly_agree_context_clear(&ctx);
	tly_rules_free(rules);
	CHECK_OK(tly_rules_parse(&rules, quorum_only, sizeof(quorum_only) - 1, "test"));
	CHECK_OK(tly_agree_context_init(&ctx, &ds, tly_rules_policy(rules)));
	CU_ASSERT_PTR_NULL(ctx.label_iou);
	CU_ASSERT_PTR_NULL(ctx.label_low_overlap);
	CU_ASSERT_PTR_NULL(ctx.match.label_iou);
	CHECK_NEAR(tly_agree_low_overlap(&ctx, PERSON, TLY_GEOM_BOX), 0.8, 0);
	tly_agree_context_clear(&ctx);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_context",
	  {"context", test_context},
	  {"overrides", test_overrides})
