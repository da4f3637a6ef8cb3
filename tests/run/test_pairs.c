/*
 * Annotator pair statistics over a run (src/run/pairs.c): objects F1 over
 * shared images, Cohen's kappa over shared labels (single- and
 * multi-label) and over matched objects' labels, with their image
 * bootstrap intervals, NaN when undefined, and who takes part.
 */
#include <math.h>
#include <string.h>

#include "agree/builder.h"
#include "harness.h"
#include "tally/rules.h"
#include "tally/run.h"
#include "tally/stats.h"

/*
 * Annotators X = 0, Y = 1, Z = 2, W = 3 (never submits); categories a, b.
 * Labels (single-label) on images 0-3: X a, a, b, b; Y a, b, b, b; Z a on
 * image 0 only.
 *  X-Y: items (a,a), (a,b), (b,b), (b,b): po = 3/4; X a 2, b 2; Y a 1,
 *  b 3; pe = (2*1 + 2*3)/16 = 1/2; kappa = (3/4 - 1/2)/(1/2) = 1/2.
 *  X-Z, Y-Z: one item each; both raters constant -> NaN.
 * Objects: image 0: X box a, Y the same box a -> tp 1; image 1: X one box,
 * Y an empty submission -> tp 0; totals tp 1, n_a 2, n_b 1, images 2 ->
 * f1 = 2/3. Image 2: Y and Z both submit nothing -> Y-Z shares one image
 * with nothing drawn: f1 1. X-Z share no objects image: f1 NaN.
 * W did nothing: no pair with W.
 */
static void test_single_label(void)
{
	static const char *const names[] = {"X", "Y", "Z", "W"};
	static const char *const cats[] = {"a", "b"};
	const uint32_t xl[4] = {0, 0, 1, 1}, yl[4] = {0, 1, 1, 1};
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	uint32_t i, s;

	tb_init(&ds, names, 4, cats, 2);
	for (i = 0; i < 4; i++) {
		char name[16];

		snprintf(name, sizeof(name), "im%u.jpg", (unsigned)i);
		tb_image(&ds, name);
		tb_tag(&ds, i, tb_sub(&ds, i, 0, TLY_TASK_LABELS, 0), xl[i]);
		tb_tag(&ds, i, tb_sub(&ds, i, 1, TLY_TASK_LABELS, 0), yl[i]);
	}
	tb_tag(&ds, 0, tb_sub(&ds, 0, 2, TLY_TASK_LABELS, 0), 0);
	s = tb_sub(&ds, 0, 0, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, 0, s, 0, 0, 0, 10, 10);
	s = tb_sub(&ds, 0, 1, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, 0, s, 0, 0, 0, 10, 10);
	s = tb_sub(&ds, 1, 0, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, 1, s, 1, 0, 0, 10, 10);
	tb_sub(&ds, 1, 1, TLY_TASK_OBJECTS, 0);
	tb_sub(&ds, 2, 1, TLY_TASK_OBJECTS, 0);
	tb_sub(&ds, 2, 2, TLY_TASK_OBJECTS, 0);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	CU_ASSERT(r.pairs[0].a == 0 && r.pairs[0].b == 1);
	CU_ASSERT(r.pairs[1].a == 0 && r.pairs[1].b == 2);
	CU_ASSERT(r.pairs[2].a == 1 && r.pairs[2].b == 2);
	CU_ASSERT_EQUAL(r.pairs[0].images, 2);
	CU_ASSERT_EQUAL(r.pairs[0].tp, 1);
	CU_ASSERT_EQUAL(r.pairs[0].n_a, 2);
	CU_ASSERT_EQUAL(r.pairs[0].n_b, 1);
	CHECK_NEAR(r.pairs[0].f1, 2.0 / 3.0, 1e-12);
	CU_ASSERT_EQUAL(r.pairs[0].kappa_items, 4);
	CHECK_NEAR(r.pairs[0].kappa, 0.5, 1e-12);
	/* the statistic: the same value, its items, and the seeded image bootstrap of tly_stats_cohen */
	CU_ASSERT(r.pairs[0].cohen_kappa.value == r.pairs[0].kappa);
	CU_ASSERT_EQUAL(r.pairs[0].cohen_kappa.n, 4);
	{
		const tly_stats_rating rows[4] = {{0, 0, 1}, {0, 1, 1}, {1, 1, 1}, {1, 1, 1}};
		tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
		tly_stat k;

		CHECK_OK(tly_stats_cohen(&k, rows, 4, 2, &boot));
		CU_ASSERT(memcmp(&k, &r.pairs[0].cohen_kappa, sizeof(k)) == 0);
		CU_ASSERT(k.ci95[0] < 0.5 && 0.5 <= k.ci95[1]);
	}
	CU_ASSERT(isnan(r.pairs[1].cohen_kappa.value) && r.pairs[1].cohen_kappa.n == 1);
	CU_ASSERT_EQUAL(r.pairs[1].images, 0);
	CU_ASSERT(isnan(r.pairs[1].f1));
	CU_ASSERT_EQUAL(r.pairs[1].kappa_items, 1);
	CU_ASSERT(isnan(r.pairs[1].kappa));
	CU_ASSERT_EQUAL(r.pairs[2].images, 1);
	CHECK_NEAR(r.pairs[2].f1, 1.0, 0);
	CU_ASSERT_EQUAL(r.annotators[3].images_done, 0);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label, X = 0 and Y = 1, categories a, b, c (all used by some
 * labels submission: 3 items per image). Image 0: X {a, b}, Y {a}:
 * a both, b X only, c neither. Image 1: X {}, Y {c}: a, b neither, c Y
 * only. Summed table (rows X absent/present, columns Y absent/present):
 * neither 3, Y only 1, X only 1, both 1; N = 6. po = 4/6 = 2/3; X present
 * 2/6, Y present 2/6; pe = (4/6)^2 + (2/6)^2 = 5/9; kappa = (2/3 - 5/9) /
 * (1 - 5/9) = 1/4.
 */
static void test_multi_label(void)
{
	static const char *const names[] = {"X", "Y"};
	static const char *const cats[] = {"a", "b", "c"};
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	uint32_t s;

	tb_init(&ds, names, 2, cats, 3);
	tb_image(&ds, "im0.jpg");
	tb_image(&ds, "im1.jpg");
	s = tb_sub(&ds, 0, 0, TLY_TASK_LABELS, 0);
	tb_tag(&ds, 0, s, 0);
	tb_tag(&ds, 0, s, 1);
	s = tb_sub(&ds, 0, 1, TLY_TASK_LABELS, 0);
	tb_tag(&ds, 0, s, 0);
	tb_sub(&ds, 1, 0, TLY_TASK_LABELS, 0);
	s = tb_sub(&ds, 1, 1, TLY_TASK_LABELS, 0);
	tb_tag(&ds, 1, s, 2);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 1);
	CU_ASSERT_EQUAL(r.pairs[0].kappa_items, 6);
	CHECK_NEAR(r.pairs[0].kappa, 0.25, 1e-12);
	/*
	 * The interval resamples images, each with its 3 items. Image 0 twice:
	 * neither 2, X only 2, both 2: po 4/6, X present 4/6, Y 2/6, sum r c =
	 * 2*4 + 4*2 = 16, kappa (6*4 - 16)/(36 - 16) = 2/5. Image 1 twice:
	 * neither 4, Y only 2: X never present, sum r c = 6*4 = 24, kappa
	 * (24 - 24)/(36 - 24) = 0. One of each: 1/4. Interval [0, 2/5].
	 */
	CU_ASSERT(r.pairs[0].cohen_kappa.value == r.pairs[0].kappa && r.pairs[0].cohen_kappa.n == 6);
	CHECK_NEAR(r.pairs[0].cohen_kappa.ci95[0], 0.0, 1e-15);
	CHECK_NEAR(r.pairs[0].cohen_kappa.ci95[1], 0.4, 1e-15);
	/* no objects task anywhere: f1 undefined */
	CU_ASSERT_EQUAL(r.pairs[0].images, 0);
	CU_ASSERT(isnan(r.pairs[0].f1));
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Kappa over the labels of matched objects, X = 0 and Y = 1, categories
 * car = 0, dog = 1. Image 0: X car [0,0,10,10], dog [50,50,10,10]; Y car
 * [0,0,10,10], car [50,50,10,10]: car~car (same label, IoU 1), then
 * dog~car (cross-label, IoU 1). Image 1: X dog, Y dog, the same box. Items
 * (X, Y): (car, car), (dog, car), (dog, dog): N 3, agree 2; X car 1, dog
 * 2; Y car 2, dog 1; sum r c = 2 + 2 = 4; kappa = (6 - 4)/(9 - 4) = 2/5.
 * Image bootstrap: image 0 twice: N 4, agree 2, X 2/2, Y 4/0, sum r c 8,
 * kappa 0; image 1 twice: constant, undefined; one of each: 2/5. Interval
 * [0, 2/5]. With match.class_aware the cross-label pair is not made:
 * items (car, car), (dog, dog): kappa 1.
 */
static void test_objects_kappa(void)
{
	static const char *const names[] = {"X", "Y"};
	static const char *const cats[] = {"car", "dog"};
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	uint32_t s;

	tb_init(&ds, names, 2, cats, 2);
	tb_image(&ds, "im0.jpg");
	tb_image(&ds, "im1.jpg");
	s = tb_sub(&ds, 0, 0, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, 0, s, 0, 0, 0, 10, 10);
	tb_box(&ds, 0, s, 1, 50, 50, 10, 10);
	s = tb_sub(&ds, 0, 1, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, 0, s, 0, 0, 0, 10, 10);
	tb_box(&ds, 0, s, 0, 50, 50, 10, 10);
	tb_box(&ds, 1, tb_sub(&ds, 1, 0, TLY_TASK_OBJECTS, 0), 1, 0, 0, 10, 10);
	tb_box(&ds, 1, tb_sub(&ds, 1, 1, TLY_TASK_OBJECTS, 0), 1, 0, 0, 10, 10);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 1);
	CHECK_NEAR(r.pairs[0].cohen_kappa_objects.value, 0.4, 1e-15);
	CU_ASSERT_EQUAL(r.pairs[0].cohen_kappa_objects.n, 3);
	CHECK_NEAR(r.pairs[0].cohen_kappa_objects.ci95[0], 0.0, 1e-15);
	CHECK_NEAR(r.pairs[0].cohen_kappa_objects.ci95[1], 0.4, 1e-15);
	/* no labels task: the image-labels kappa is undefined over no item */
	CU_ASSERT(isnan(r.pairs[0].cohen_kappa.value) && r.pairs[0].cohen_kappa.n == 0);
	tly_result_clear(&r);
	tly_rules_free(rules);
	{
		static const char text[] = "{\"match\": {\"class_aware\": true}}";

		CHECK_OK(tly_rules_parse(&rules, text, sizeof(text) - 1, "test"));
	}
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CHECK_NEAR(r.pairs[0].cohen_kappa_objects.value, 1.0, 0);
	CU_ASSERT_EQUAL(r.pairs[0].cohen_kappa_objects.n, 2);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* One annotator only: no pairs at all. */
static void test_one_annotator(void)
{
	static const char *const names[] = {"X", "Y"};
	static const char *const cats[] = {"a"};
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;

	tb_init(&ds, names, 2, cats, 1);
	tb_image(&ds, "im0.jpg");
	tb_box(&ds, 0, tb_sub(&ds, 0, 1, TLY_TASK_OBJECTS, 0), 0, 0, 0, 5, 5);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL(r.n_pairs, 0);
	CU_ASSERT_PTR_NULL(r.pairs);
	CU_ASSERT_EQUAL(r.annotators[1].images_done, 1);
	CU_ASSERT_EQUAL(r.annotators[1].vs_consensus.images, 0);
	CU_ASSERT(isnan(r.images[0].agreement));
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * P and Q each draw on their own image and never meet; R draws on P's
 * image. Only (P, R) shared an image, so only it is a pair: listing P-Q
 * would say nothing and grow as annotators squared.
 * P-R on im0: P box a, R the same box a -> tp 1, n 1 + 1 -> f1 1.
 */
static void test_pairs_that_never_met(void)
{
	static const char *const names[] = {"P", "Q", "R"};
	static const char *const cats[] = {"a"};
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;

	tb_init(&ds, names, 3, cats, 1);
	tb_image(&ds, "im0.jpg");
	tb_image(&ds, "im1.jpg");
	tb_box(&ds, 0, tb_sub(&ds, 0, 0, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 10);
	tb_box(&ds, 0, tb_sub(&ds, 0, 2, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 10);
	tb_box(&ds, 1, tb_sub(&ds, 1, 1, TLY_TASK_OBJECTS, 0), 0, 5, 5, 10, 10);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 1);
	CU_ASSERT(r.pairs[0].a == 0 && r.pairs[0].b == 2);
	CU_ASSERT_EQUAL(r.pairs[0].images, 1);
	CU_ASSERT_EQUAL(r.pairs[0].tp, 1);
	CHECK_NEAR(r.pairs[0].f1, 1.0, 0);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

TLY_TESTS("run_pairs",
	  {"pairs_that_never_met", test_pairs_that_never_met},
	  {"single_label", test_single_label},
	  {"multi_label", test_multi_label},
	  {"objects_kappa", test_objects_kappa},
	  {"one_annotator", test_one_annotator})
