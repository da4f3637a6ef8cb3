/*
 * Image agreement (src/agree/image_agreement.c): mean pairwise objects F1,
 * mean labels Jaccard with the consensus, their mean, NaN below two
 * voters, 1 for an image every voter left empty, and the review flag.
 */
#include <math.h>

#include "agree/scenes.h"

/*
 * street.jpg: pairwise one-to-one pairing at IoU 0.5, tp = same label.
 *  A-B: car~car (2/3), dog~dog (1) -> tp 2, F1 = 2*2/(2+2) = 1.
 *  A-C: no same-label pair (A car vs C car [200,..]: IoU 0); cross pass
 *       pairs A car~C person (IoU 1) -> tp 0, F1 = 0.
 *  B-C: likewise B car~C person (2/3), tp 0, F1 = 0.
 * objects = (1 + 0 + 0)/3 = 1/3; no labels -> agreement 1/3 < 0.7: flagged.
 */
static void test_street(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_street(&ds, 1);
	scene_run(&r, &ds, 0, &p);
	CHECK_NEAR(r.stats.agreement_objects, 1.0 / 3.0, 1e-12);
	CU_ASSERT(isnan(r.stats.agreement_labels));
	CHECK_NEAR(r.stats.agreement, 1.0 / 3.0, 1e-12);
	CU_ASSERT_EQUAL(r.stats.flagged, 1);
	/* review.min_agreement 0.3 < 1/3: no longer flagged */
	p.min_agreement = 0.3;
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT_EQUAL(r.stats.flagged, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * street.jpg plus single-label labels A car, B car, C dog on the same
 * image: consensus {car}; Jaccard A 1, B 1, C 0 -> labels 2/3;
 * agreement = (1/3 + 2/3)/2 = 1/2.
 */
static void test_both_tasks(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const uint32_t car = CAR, dog = DOG;

	scene_init(&ds);
	scene_street(&ds, 0);
	scene_labels(&ds, 0, A, 0, &car, 1);
	scene_labels(&ds, 0, B, 0, &car, 1);
	scene_labels(&ds, 0, C, 0, &dog, 1);
	scene_run(&r, &ds, 0, &p);
	CHECK_NEAR(r.stats.agreement_objects, 1.0 / 3.0, 1e-12);
	CHECK_NEAR(r.stats.agreement_labels, 2.0 / 3.0, 1e-12);
	CHECK_NEAR(r.stats.agreement, 0.5, 1e-12);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label A {car, person}, B {car}, C {person, dog}, consensus
 * {car, person}: Jaccard A 2/2 = 1, B 1/2, C |{person}| / |{car, person,
 * dog}| = 1/3 -> (1 + 1/2 + 1/3)/3 = 11/18.
 */
static void test_labels_multi(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im;

	scene_init(&ds);
	im = scene_multi_labels(&ds);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT(isnan(r.stats.agreement_objects));
	CHECK_NEAR(r.stats.agreement_labels, 11.0 / 18.0, 1e-12);
	CHECK_NEAR(r.stats.agreement, 11.0 / 18.0, 1e-12);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Every voter left the image empty: objects pairs all "both empty" -> F1 1;
 * labels (multi-label: empty submissions) consensus {} and every voter {}
 * -> Jaccard 1. Agreement 1, not flagged, no conflicts.
 */
static void test_empty(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im;

	scene_init(&ds);
	im = tb_image(&ds, "empty.jpg");
	tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_sub(&ds, im, B, TLY_TASK_OBJECTS, 0);
	tb_sub(&ds, im, A, TLY_TASK_LABELS, 0);
	tb_sub(&ds, im, B, TLY_TASK_LABELS, 0);
	scene_run(&r, &ds, im, &p);
	CHECK_NEAR(r.stats.agreement_objects, 1.0, 0);
	CHECK_NEAR(r.stats.agreement_labels, 1.0, 0);
	CHECK_NEAR(r.stats.agreement, 1.0, 0);
	CU_ASSERT_EQUAL(r.stats.flagged, 0);
	CU_ASSERT_EQUAL(r.n_conflicts, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * One voter: no pair to compare -> objects NaN and agreement NaN; NaN is
 * not below min_agreement, so not flagged. Objects with 3 voters but
 * labels with 1: the labels part is NaN and the score is the objects part.
 */
static void test_one_voter(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	const uint32_t car = CAR;
	uint32_t im, s;

	scene_init(&ds);
	im = tb_image(&ds, "solo.jpg");
	s = tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, CAR, 0, 0, 10, 10);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT(isnan(r.stats.agreement_objects));
	CU_ASSERT(isnan(r.stats.agreement));
	CU_ASSERT_EQUAL(r.stats.flagged, 0);
	tly_dataset_clear(&ds);

	scene_init(&ds);
	scene_street(&ds, 0);
	scene_labels(&ds, 0, A, 0, &car, 1);
	scene_run(&r, &ds, 0, &p);
	CU_ASSERT(isnan(r.stats.agreement_labels));
	CHECK_NEAR(r.stats.agreement, 1.0 / 3.0, 1e-12);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* An image with only gold (or nothing): no voters, every figure NaN. */
static void test_no_voters(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im, s;

	scene_init(&ds);
	im = tb_image(&ds, "gold.jpg");
	s = tb_sub(&ds, im, G, TLY_TASK_OBJECTS, 1);
	tb_box(&ds, im, s, CAR, 0, 0, 10, 10);
	scene_run(&r, &ds, im, &p);
	CU_ASSERT_EQUAL(r.stats.voters_objects, 0);
	CU_ASSERT(isnan(r.stats.agreement));
	CU_ASSERT_EQUAL(r.n_cons_objects, 0);
	CU_ASSERT_EQUAL(r.n_annotators, 0);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * crowd.jpg: crowd regions are left out of the counts, and an unpaired
 * object inside the other voter's crowd region of its label is not
 * counted (both ways).
 *  A-B: regions 1 ~ 4 (not scored); 2 ~ 5 same label: tp 1. Unpaired: A's
 *       3 lies inside B's person region [0,0,100,60] -> not counted; B's
 *       dog 6 inside A's person region -> counted (label). n_A 1, n_B 2:
 *       F1 = 2/3.
 *  A-C: 1 ~ 7 cross-label regions (not scored); 2 ~ 8 tp 1. A's 3 inside
 *       C's region, but that is a car region -> counted; C's 9 inside A's
 *       person region -> not. n_A 2, n_C 1: 2/3.
 *  B-C: 4 ~ 7; 5 ~ 8 tp 1; B's dog counted, C's 9 inside B's region not:
 *       2/3.
 * objects = 2/3 < 0.7: flagged. (Counting crowd regions as objects gave
 * A-B 2*2/6, A-C 2/6, B-C 2/6.)
 */
static void test_crowd(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();

	scene_init(&ds);
	scene_crowd(&ds, 1);
	scene_run(&r, &ds, 0, &p);
	CHECK_NEAR(r.stats.agreement_objects, 2.0 / 3.0, 1e-12);
	CHECK_NEAR(r.stats.agreement, 2.0 / 3.0, 1e-12);
	CU_ASSERT_EQUAL(r.stats.flagged, 1);
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("agree_image_agreement",
	  {"street", test_street},
	  {"both_tasks", test_both_tasks},
	  {"labels_multi", test_labels_multi},
	  {"empty", test_empty},
	  {"one_voter", test_one_voter},
	  {"no_voters", test_no_voters},
	  {"crowd", test_crowd})
