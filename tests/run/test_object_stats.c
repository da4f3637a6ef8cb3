/*
 * Krippendorff's alpha over objects for a run (src/run/object_stats.c): a
 * two-image scene worked by hand with its image bootstrap, thread
 * independence of every statistic's interval, and every statistic of the run (issue 4) on the degenerate
 * data sets of tests/run/degenerate.h: defined values or NaN, never
 * anything else.
 */
#include <math.h>
#include <string.h>

#include "agree/scenes.h"
#include "gen.h"
#include "run/degenerate.h"
#include "tally/rules.h"
#include "tally/run.h"

/* Run DS with default rules and THREADS threads into *R. */
static void run(tly_result *r, const tly_dataset *ds, int threads)
{
	tly_rules *rules = NULL;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	o.threads = threads;
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(r, ds, rules, &o));
	tly_rules_free(rules);
}

static void check_stat(const tly_stat *t, double value, double lo, double hi, size_t n)
{
	CU_ASSERT_EQUAL(t->n, n);
	if (isnan(value)) {
		CU_ASSERT(isnan(t->value));
	} else {
		CHECK_NEAR(t->value, value, 1e-12);
	}
	if (isnan(lo)) {
		CU_ASSERT(isnan(t->ci95[0]) && isnan(t->ci95[1]));
	} else {
		CHECK_NEAR(t->ci95[0], lo, 1e-12);
		CHECK_NEAR(t->ci95[1], hi, 1e-12);
	}
}

/*
 * street.jpg (tests/agree/scenes.h; its units worked in
 * tests/agree/test_iou_units.c): {3 objects of |V| = 3, distance 7/3}, {2,
 * 0}, {1, 0}. road.jpg: A car [0,0,10,10], B the same box (1 - IoU = 0),
 * C an empty submission: {2, 0}. n = 12 values, A = 8 objects, Z = 4.
 * D_o sum: (14/3 + 0)/2 + (0 + 2*2*1)/2 + (0 + 2*1*2)/2 + (0 + 2*2*1)/2 =
 * 7/3 + 6 = 25/3. D_e sum: 2*8*4 + 8^2 - (9 + 4 + 1 + 4) + 14/3 = 344/3.
 * alpha = 1 - 11 (25/3) / (344/3) = 69/344. Bootstrap over the 2 images
 * (worked in tests/agree/test_alpha_iou.c): [1/6, 69/344].
 * The pairs' kappa over objects: A-B matched dog~dog, car~car on street
 * and car~car on road: po 1, pe (1 + 4)/9, kappa 1 over 3 items
 * (resamples: road twice is constant, undefined; otherwise 1: [1, 1]).
 * A-C: car~person on street only (C drew nothing on road): one item,
 * po 0, pe 0 (car is no column of C's): kappa 0, interval [0, 0].
 */
static void test_hand(void)
{
	tly_dataset ds;
	tly_result r;
	uint32_t road, s;

	scene_init(&ds);
	scene_street(&ds, 1);
	road = tb_image(&ds, "road.jpg");
	s = tb_sub(&ds, road, A, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, road, s, CAR, 0, 0, 10, 10);
	s = tb_sub(&ds, road, B, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, road, s, CAR, 0, 0, 10, 10);
	tb_sub(&ds, road, C, TLY_TASK_OBJECTS, 0);
	run(&r, &ds, 2);
	check_stat(&r.krippendorff_alpha_iou, 69.0 / 344.0, 1.0 / 6.0, 69.0 / 344.0, 4);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	check_stat(&r.pairs[0].cohen_kappa_objects, 1.0, 1.0, 1.0, 3);
	check_stat(&r.pairs[1].cohen_kappa_objects, 0.0, 0.0, 0.0, 1);
	check_stat(&r.pairs[2].cohen_kappa_objects, 0.0, 0.0, 0.0, 1);
	/* no labels task: the image-labels statistics are undefined over no unit */
	check_stat(&r.fleiss_kappa, NAN, NAN, NAN, 0);
	check_stat(&r.pairs[0].cohen_kappa, NAN, NAN, NAN, 0);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Every statistic with its interval: the same bytes in X and Y. */
static void same_stats(const tly_result *x, const tly_result *y)
{
	size_t i;

	CU_ASSERT(memcmp(&x->krippendorff_alpha_iou, &y->krippendorff_alpha_iou, sizeof(tly_stat)) == 0);
	CU_ASSERT(memcmp(&x->fleiss_kappa, &y->fleiss_kappa, sizeof(tly_stat)) == 0);
	CU_ASSERT(memcmp(&x->krippendorff_alpha, &y->krippendorff_alpha, sizeof(tly_stat)) == 0);
	CU_ASSERT_EQUAL_FATAL(x->n_pairs, y->n_pairs);
	for (i = 0; i < x->n_pairs; i++) {
		CU_ASSERT(memcmp(&x->pairs[i].cohen_kappa, &y->pairs[i].cohen_kappa, sizeof(tly_stat)) == 0);
		CU_ASSERT(memcmp(&x->pairs[i].cohen_kappa_objects, &y->pairs[i].cohen_kappa_objects,
				 sizeof(tly_stat)) == 0);
	}
	CU_ASSERT_EQUAL_FATAL(x->n_classes, y->n_classes);
	for (i = 0; i < x->n_classes; i++)
		CU_ASSERT(memcmp(&x->classes[i].fleiss_kappa, &y->classes[i].fleiss_kappa, sizeof(tly_stat)) == 0);
}

/*
 * The synthetic data sets (multi- and single-label image labels): every
 * statistic and interval the same bytes on 1, 2, 4 and 16 threads. With 10
 * pairs, 16 threads take the other path of the pairs' kappas (pair by
 * pair, each bootstrap's resamples spread over the threads); the
 * bootstraps of alpha over objects always spread their resamples.
 */
static void test_threads(void)
{
	static const int threads[3] = {2, 4, 16};
	tly_dataset ds;
	tly_result r1, rn;
	size_t i;
	int multi, k;

	for (multi = 0; multi < 2; multi++) {
		gen_dataset(&ds, 60, multi, 7);
		run(&r1, &ds, 1);
		CU_ASSERT(isfinite(r1.krippendorff_alpha_iou.value) && r1.krippendorff_alpha_iou.n > 0);
		CU_ASSERT(r1.krippendorff_alpha_iou.ci95[0] <= r1.krippendorff_alpha_iou.value &&
			  r1.krippendorff_alpha_iou.value <= r1.krippendorff_alpha_iou.ci95[1]);
		CU_ASSERT(isfinite(r1.fleiss_kappa.ci95[0]) && isfinite(r1.krippendorff_alpha.ci95[0]));
		CU_ASSERT_EQUAL(r1.n_pairs, 10);
		for (i = 0; i < r1.n_pairs; i++)
			CU_ASSERT(r1.pairs[i].cohen_kappa_objects.n > 0 && isfinite(r1.pairs[i].cohen_kappa.ci95[0]));
		for (k = 0; k < 3; k++) {
			run(&rn, &ds, threads[k]);
			same_stats(&r1, &rn);
			tly_result_clear(&rn);
		}
		tly_result_clear(&r1);
		tly_dataset_clear(&ds);
	}
}

/*
 * One annotator: nothing is pairable anywhere. Every statistic undefined
 * over no unit; no pair; each class's Fleiss undefined over no unit.
 */
static void test_one_annotator(void)
{
	tly_dataset ds;
	tly_result r;
	size_t c;

	deg_one_annotator(&ds);
	run(&r, &ds, 1);
	check_stat(&r.fleiss_kappa, NAN, NAN, NAN, 0);
	check_stat(&r.krippendorff_alpha, NAN, NAN, NAN, 0);
	check_stat(&r.krippendorff_alpha_iou, NAN, NAN, NAN, 0);
	CU_ASSERT_EQUAL(r.n_pairs, 0);
	for (c = 0; c < r.n_classes; c++)
		check_stat(&r.classes[c].fleiss_kappa, NAN, NAN, NAN, 0);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * One class only (every label car, 3 images of 3 voters): Fleiss' Pe = 1,
 * alpha's D_e = 0, each pair's pe = 1: undefined, each over its 3 units;
 * class car p_j = 1 and dog p_j = 0: undefined over 3. Objects: pairs'
 * matched items are all car~car: undefined (A-B over 2 items, A-C and
 * B-C over 1). Alpha over objects is about the boxes, so it is defined:
 * units {3, 3, 0} (im0) and {2, 3, 1/2} (im1: A and B at IoU 1/2, C
 * nothing). n 6, A 5, Z 1; D_o sum 0 + (1 + 2*2*1)/2 = 5/2; D_e sum 2*5*1
 * + 25 - (9 + 4) + 1 = 23; alpha = 1 - 5 (5/2) / 23 = 21/46. Resamples of
 * the 2 images with units: im0 twice: D_o 0, alpha 1; im1 twice: n 6, A
 * 4, Z 2, D_o sum 5, D_e sum 16 + 16 - 8 + 2 = 26: 1 - 25/26 = 1/26;
 * interval [1/26, 1].
 */
static void test_one_class(void)
{
	tly_dataset ds;
	tly_result r;
	size_t i;

	deg_one_class(&ds);
	run(&r, &ds, 2);
	check_stat(&r.fleiss_kappa, NAN, NAN, NAN, 3);
	check_stat(&r.krippendorff_alpha, NAN, NAN, NAN, 3);
	check_stat(&r.classes[0].fleiss_kappa, NAN, NAN, NAN, 3);
	check_stat(&r.classes[1].fleiss_kappa, NAN, NAN, NAN, 3);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	for (i = 0; i < 3; i++) {
		check_stat(&r.pairs[i].cohen_kappa, NAN, NAN, NAN, 3);
		CU_ASSERT(isnan(r.pairs[i].kappa));
	}
	check_stat(&r.pairs[0].cohen_kappa_objects, NAN, NAN, NAN, 2);
	check_stat(&r.pairs[1].cohen_kappa_objects, NAN, NAN, NAN, 1);
	check_stat(&r.pairs[2].cohen_kappa_objects, NAN, NAN, NAN, 1);
	check_stat(&r.krippendorff_alpha_iou, 21.0 / 46.0, 1.0 / 26.0, 1.0, 2);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * All agree (im0: car and the same car box from all three; im1: dog and
 * the same dog box). Fleiss: P = 1, Pe = 1/2: 1 over 2 units; alpha 1.
 * Classes: car and dog kappa_j = 1 over 2. Pairs: (car, car), (dog, dog):
 * kappa 1 over 2 for labels and for objects. Alpha over objects: units
 * {3, 3, 0} twice: D_o 0, D_e sum 36 - 18 = 18: 1 over 2 units. Every
 * resample that is defined is 1 (a resample of one image twice is
 * constant for the kappas: undefined; for alpha over objects, two copies
 * are two units: 1), so each interval is [1, 1].
 */
static void test_all_agree(void)
{
	tly_dataset ds;
	tly_result r;
	size_t i;

	deg_all_agree(&ds);
	run(&r, &ds, 1);
	check_stat(&r.fleiss_kappa, 1.0, 1.0, 1.0, 2);
	check_stat(&r.krippendorff_alpha, 1.0, 1.0, 1.0, 2);
	check_stat(&r.classes[0].fleiss_kappa, 1.0, 1.0, 1.0, 2);
	check_stat(&r.classes[1].fleiss_kappa, 1.0, 1.0, 1.0, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	for (i = 0; i < 3; i++) {
		check_stat(&r.pairs[i].cohen_kappa, 1.0, 1.0, 1.0, 2);
		check_stat(&r.pairs[i].cohen_kappa_objects, 1.0, 1.0, 1.0, 2);
		CHECK_NEAR(r.pairs[i].kappa, 1.0, 0);
	}
	check_stat(&r.krippendorff_alpha_iou, 1.0, 1.0, 1.0, 2);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * All missing (empty submissions on im0, nothing on im1): the labels task
 * is multi-label with no label used, so there is no unit and no kappa
 * item; no object, so no cluster. Everything undefined over no unit; the
 * pairs exist (they shared im0) with F1 1 (both drew nothing).
 */
static void test_all_missing(void)
{
	tly_dataset ds;
	tly_result r;
	size_t i;

	deg_all_missing(&ds);
	run(&r, &ds, 2);
	check_stat(&r.fleiss_kappa, NAN, NAN, NAN, 0);
	check_stat(&r.krippendorff_alpha, NAN, NAN, NAN, 0);
	check_stat(&r.krippendorff_alpha_iou, NAN, NAN, NAN, 0);
	check_stat(&r.classes[0].fleiss_kappa, NAN, NAN, NAN, 0);
	check_stat(&r.classes[1].fleiss_kappa, NAN, NAN, NAN, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	for (i = 0; i < 3; i++) {
		CHECK_NEAR(r.pairs[i].f1, 1.0, 0);
		CU_ASSERT_EQUAL(r.pairs[i].kappa_items, 0);
		check_stat(&r.pairs[i].cohen_kappa, NAN, NAN, NAN, 0);
		check_stat(&r.pairs[i].cohen_kappa_objects, NAN, NAN, NAN, 0);
	}
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("run_object_stats",
	  {"hand", test_hand},
	  {"threads", test_threads},
	  {"one_annotator", test_one_annotator},
	  {"one_class", test_one_class},
	  {"all_agree", test_all_agree},
	  {"all_missing", test_all_missing})
