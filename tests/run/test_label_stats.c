/*
 * Fleiss' kappa and Krippendorff's nominal alpha over a run's image labels
 * (src/run/label_stats.c): Krippendorff's (2011) nominal example with
 * missing data through the run, a hand-worked multi-label case, the
 * degenerate cases (undefined values with their n), and thread independence.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "agree/builder.h"
#include "harness.h"
#include "run/label_stats.h"
#include "tally/rules.h"
#include "tally/run.h"

static const char *const coders[] = {"A", "B", "C", "D"};
static const char *const values[] = {"1", "2", "3", "4", "5"};

/*
 * Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), the
 * nominal example: 4 coders, 12 units, 0 = missing. Unit 12 has one value
 * and is not pairable.
 */
static const int k2011[4][12] = {
	{1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0},
	{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3},
	{0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0},
	{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0},
};

static void k2011_dataset(tly_dataset *ds)
{
	uint32_t u, c;

	tb_init(ds, coders, 4, values, 5);
	for (u = 0; u < 12; u++) {
		char name[16];

		snprintf(name, sizeof(name), "u%02u.jpg", (unsigned)u + 1);
		tb_image(ds, name);
		for (c = 0; c < 4; c++)
			if (k2011[c][u])
				tb_tag(ds, u, tb_sub(ds, u, c, TLY_TASK_LABELS, 0), (uint32_t)k2011[c][u] - 1);
	}
}

/*
 * alpha = 0.743 as the paper prints. Fleiss over the 11 pairable units
 * (n_i from 2 to 4): P_i = 1 for units 1,3,4,5,7,9,10,11; 0.5 for units
 * 2 and 8 ((9+1-4)/12); 0 for unit 6 (four different values): P = 9/11.
 * Value totals over the 40 ratings: 9, 13, 10, 5, 3, so Pe = 384/1600 =
 * 0.24 and kappa = (9/11 - 0.24)/0.76 = 0.7607655502...
 */
static void test_krippendorff_2011(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r1, r2;
	tly_run_options o1, o2;

	memset(&o1, 0, sizeof(o1));
	memset(&o2, 0, sizeof(o2));
	o1.threads = 1;
	o2.threads = 2;
	k2011_dataset(&ds);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r1, &ds, rules, &o1));
	CHECK_OK(tly_run_compute(&r2, &ds, rules, &o2));
	CHECK_NEAR(r1.krippendorff_alpha.value, 0.743, 5e-4);
	CU_ASSERT_EQUAL(r1.krippendorff_alpha.n, 11);
	CHECK_NEAR(r1.fleiss_kappa.value, (9.0 / 11.0 - 0.24) / 0.76, 1e-12);
	CU_ASSERT_EQUAL(r1.fleiss_kappa.n, 11);
	CU_ASSERT(r1.krippendorff_alpha.ci95[0] <= r1.krippendorff_alpha.value);
	CU_ASSERT(r1.krippendorff_alpha.ci95[1] >= r1.krippendorff_alpha.value);
	CU_ASSERT(r1.fleiss_kappa.ci95[0] < r1.fleiss_kappa.ci95[1]);
	CU_ASSERT_EQUAL(memcmp(&r1.fleiss_kappa, &r2.fleiss_kappa, sizeof(tly_stat)), 0);
	CU_ASSERT_EQUAL(memcmp(&r1.krippendorff_alpha, &r2.krippendorff_alpha, sizeof(tly_stat)), 0);
	tly_result_clear(&r1);
	tly_result_clear(&r2);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label (Z's empty submission makes it so). Image 0: X {a, b}, Y {a},
 * Z {}; image 1: X {b}, Y {b}. Category c is in no submission: units
 * (0,a) 1 1 0, (0,b) 1 0 0, (1,a) 0 0, (1,b) 1 1.
 * Fleiss on [absent, present]: P_i = 1/3, 1/3, 1, 1 -> P = 2/3; 5 absent and
 * 5 present of 10 -> Pe = 1/2; kappa = (2/3 - 1/2)/(1/2) = 1/3.
 * Alpha: coincidences o_00 = 1 + 2 = 3, o_11 = 1 + 2 = 3, o_01 = o_10 = 2;
 * n = 10, n_0 = n_1 = 5: alpha = 1 - 9 * 4 / (2 * 25) = 0.28.
 */
static void test_multi_label(void)
{
	static const char *const who[] = {"X", "Y", "Z"};
	static const char *const cats[] = {"a", "b", "c"};
	tly_dataset ds;
	tly_result r;
	uint32_t s;

	memset(&r, 0, sizeof(r));
	tb_init(&ds, who, 3, cats, 3);
	tb_image(&ds, "0.jpg");
	tb_image(&ds, "1.jpg");
	s = tb_sub(&ds, 0, 0, TLY_TASK_LABELS, 0);
	tb_tag(&ds, 0, s, 0);
	tb_tag(&ds, 0, s, 1);
	tb_tag(&ds, 0, tb_sub(&ds, 0, 1, TLY_TASK_LABELS, 0), 0);
	tb_sub(&ds, 0, 2, TLY_TASK_LABELS, 0);
	tb_tag(&ds, 1, tb_sub(&ds, 1, 0, TLY_TASK_LABELS, 0), 1);
	tb_tag(&ds, 1, tb_sub(&ds, 1, 1, TLY_TASK_LABELS, 0), 1);
	CHECK_OK(tly_run__label_stats(&r, &ds, NULL, 1));
	CHECK_NEAR(r.fleiss_kappa.value, 1.0 / 3.0, 1e-12);
	CHECK_NEAR(r.krippendorff_alpha.value, 0.28, 1e-12);
	CU_ASSERT_EQUAL(r.fleiss_kappa.n, 4);
	CU_ASSERT_EQUAL(r.krippendorff_alpha.n, 4);
	tly_dataset_clear(&ds);
}

/* One voter per image, gold only, or no labels at all: undefined, n = 0. */
static void test_no_units(void)
{
	tly_dataset ds;
	tly_result r;

	memset(&r, 0, sizeof(r));
	tb_init(&ds, coders, 4, values, 5);
	tb_image(&ds, "0.jpg");
	tb_image(&ds, "1.jpg");
	CHECK_OK(tly_run__label_stats(&r, &ds, NULL, 1));
	CU_ASSERT(isnan(r.fleiss_kappa.value) && isnan(r.krippendorff_alpha.value));
	CU_ASSERT(isnan(r.fleiss_kappa.ci95[0]) && isnan(r.krippendorff_alpha.ci95[1]));
	CU_ASSERT_EQUAL(r.fleiss_kappa.n, 0);
	tb_tag(&ds, 0, tb_sub(&ds, 0, 0, TLY_TASK_LABELS, 0), 1);
	tb_tag(&ds, 0, tb_sub(&ds, 0, 1, TLY_TASK_LABELS, 1), 1);
	tb_tag(&ds, 1, tb_sub(&ds, 1, 1, TLY_TASK_LABELS, 0), 2);
	CHECK_OK(tly_run__label_stats(&r, &ds, NULL, 1));
	CU_ASSERT(isnan(r.fleiss_kappa.value) && isnan(r.krippendorff_alpha.value));
	CU_ASSERT_EQUAL(r.krippendorff_alpha.n, 0);
	tly_dataset_clear(&ds);
}

/* Everyone gives the same label: Pe = 1 and D_e = 0, undefined over n = 2 units. */
static void test_all_agree(void)
{
	tly_dataset ds;
	tly_result r;
	uint32_t i, a;

	memset(&r, 0, sizeof(r));
	tb_init(&ds, coders, 4, values, 5);
	tb_image(&ds, "0.jpg");
	tb_image(&ds, "1.jpg");
	for (i = 0; i < 2; i++)
		for (a = 0; a < 3; a++)
			tb_tag(&ds, i, tb_sub(&ds, i, a, TLY_TASK_LABELS, 0), 3);
	CHECK_OK(tly_run__label_stats(&r, &ds, NULL, 1));
	CU_ASSERT(isnan(r.fleiss_kappa.value) && isnan(r.krippendorff_alpha.value));
	CU_ASSERT_EQUAL(r.fleiss_kappa.n, 2);
	CU_ASSERT_EQUAL(r.krippendorff_alpha.n, 2);
	tly_dataset_clear(&ds);
}

/* Run DS with the default rules (the classes need the whole run laid out). */
static void run_default(tly_result *r, const tly_dataset *ds)
{
	tly_rules *rules = NULL;

	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(r, ds, rules, NULL));
	tly_rules_free(rules);
}

/*
 * Each class's Fleiss kappa_j, single-label: 4 images of 3 voters, values
 * 1, 2, 3 ("1" = a, "2" = b, "3" = c): a a a / a a b / b b c / c c c.
 * Counts (3,0,0), (2,1,0), (0,2,1), (0,0,3); N 4, n 3; p = 5/12, 3/12,
 * 4/12. Fleiss (1971) eq. 11, kappa_j = 1 - sum_i n_ij (n - n_ij) /
 * (N n (n-1) p_j q_j): a: 1 - 2 / (24 * 35/144) = 23/35; b: 1 - 4 /
 * (24 * 27/144) = 1/9; c: 1 - 2 / (24 * 32/144) = 5/8. Overall: P = (1 +
 * 1/3 + 1/3 + 1)/4 = 2/3, Pe = (25 + 9 + 16)/144 = 25/72, kappa = 23/47
 * = sum p q kappa_j / sum p q = (23 + 3 + 20)/94, Fleiss' identity.
 * Values 4 and 5 (no rating): undefined over the same 4 units.
 */
static void test_class_kappa_single(void)
{
	static const uint32_t v[4][3] = {{0, 0, 0}, {0, 0, 1}, {1, 1, 2}, {2, 2, 2}};
	tly_dataset ds;
	tly_result r;
	uint32_t i, a;

	tb_init(&ds, coders, 4, values, 5);
	for (i = 0; i < 4; i++) {
		char name[16];

		snprintf(name, sizeof(name), "%u.jpg", (unsigned)i);
		tb_image(&ds, name);
		for (a = 0; a < 3; a++)
			tb_tag(&ds, i, tb_sub(&ds, i, a, TLY_TASK_LABELS, 0), v[i][a]);
	}
	run_default(&r, &ds);
	CHECK_NEAR(r.fleiss_kappa.value, 23.0 / 47.0, 1e-12);
	CHECK_NEAR(r.classes[0].fleiss_kappa.value, 23.0 / 35.0, 1e-12);
	CHECK_NEAR(r.classes[1].fleiss_kappa.value, 1.0 / 9.0, 1e-12);
	CHECK_NEAR(r.classes[2].fleiss_kappa.value, 5.0 / 8.0, 1e-12);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(r.classes[i].fleiss_kappa.n, 4);
		CU_ASSERT(r.classes[i].fleiss_kappa.ci95[0] <= r.classes[i].fleiss_kappa.value &&
			  r.classes[i].fleiss_kappa.value <= r.classes[i].fleiss_kappa.ci95[1]);
	}
	CU_ASSERT(isnan(r.classes[3].fleiss_kappa.value) && r.classes[3].fleiss_kappa.n == 4);
	CU_ASSERT(isnan(r.classes[4].fleiss_kappa.ci95[0]));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label, voters X, Y, Z; categories a, b, c all used. Image 0: X
 * {a}, Y {a, b}, Z {a}; image 1: X {b}, Y {}, Z {b, c}. Units per class
 * as [absent, present] counts:
 *   a: (0,3), (3,0): P_i 1, 1; p 1/2, Pe 1/2: kappa_a = 1.
 *   b: (2,1), (1,2): P_i 1/3, 1/3; p 1/2: kappa_b = (1/3 - 1/2)/(1/2) = -1/3.
 *   c: (3,0), (2,1): P = (1 + 1/3)/2 = 2/3; p 1/6, Pe 26/36:
 *      kappa_c = (2/3 - 13/18)/(5/18) = -1/5.
 * Overall over the 6 units: P = 4/6; 7 present of 18, Pe = (49 +
 * 121)/324 = 85/162: kappa = (108 - 85)/77 = 23/77. Alpha: n 18, n_0 11,
 * n_1 7, D_e sum 324 - 121 - 49 = 154; observed sum: the units (X,Y,Z) =
 * (0,1,0), (1,0,1), (0,0,1) have 4 disagreeing ordered pairs each, over
 * m - 1 = 2: 6; the others agree. alpha = 1 - 17*6/154 = 26/77.
 * The interval resamples images, each with its 3 units. Image 0 twice:
 * P = 7/9, 8 present of 18, Pe 41/81: kappa = 22/40 = 11/20; alpha 23/40.
 * Image 1 twice: P = 5/9, 6 present, Pe 5/9: kappa 0; alpha 1/18. One of
 * each: 23/77 and 26/77. Intervals: kappa [0, 11/20], alpha [1/18, 23/40].
 */
static void test_multi_label_images(void)
{
	static const char *const who[] = {"X", "Y", "Z"};
	static const char *const cats[] = {"a", "b", "c"};
	tly_dataset ds;
	tly_result r;
	uint32_t s;

	tb_init(&ds, who, 3, cats, 3);
	tb_image(&ds, "0.jpg");
	tb_image(&ds, "1.jpg");
	tb_tag(&ds, 0, tb_sub(&ds, 0, 0, TLY_TASK_LABELS, 0), 0);
	s = tb_sub(&ds, 0, 1, TLY_TASK_LABELS, 0);
	tb_tag(&ds, 0, s, 0);
	tb_tag(&ds, 0, s, 1);
	tb_tag(&ds, 0, tb_sub(&ds, 0, 2, TLY_TASK_LABELS, 0), 0);
	tb_tag(&ds, 1, tb_sub(&ds, 1, 0, TLY_TASK_LABELS, 0), 1);
	tb_sub(&ds, 1, 1, TLY_TASK_LABELS, 0);
	s = tb_sub(&ds, 1, 2, TLY_TASK_LABELS, 0);
	tb_tag(&ds, 1, s, 1);
	tb_tag(&ds, 1, s, 2);
	run_default(&r, &ds);
	CHECK_NEAR(r.fleiss_kappa.value, 23.0 / 77.0, 1e-12);
	CU_ASSERT_EQUAL(r.fleiss_kappa.n, 6);
	CHECK_NEAR(r.fleiss_kappa.ci95[0], 0.0, 1e-12);
	CHECK_NEAR(r.fleiss_kappa.ci95[1], 11.0 / 20.0, 1e-12);
	CHECK_NEAR(r.krippendorff_alpha.value, 26.0 / 77.0, 1e-12);
	CHECK_NEAR(r.krippendorff_alpha.ci95[0], 1.0 / 18.0, 1e-12);
	CHECK_NEAR(r.krippendorff_alpha.ci95[1], 23.0 / 40.0, 1e-12);
	CHECK_NEAR(r.classes[0].fleiss_kappa.value, 1.0, 1e-12);
	CHECK_NEAR(r.classes[1].fleiss_kappa.value, -1.0 / 3.0, 1e-12);
	CHECK_NEAR(r.classes[2].fleiss_kappa.value, -1.0 / 5.0, 1e-12);
	CU_ASSERT(r.classes[0].fleiss_kappa.n == 2 && r.classes[2].fleiss_kappa.n == 2);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("run_label_stats", {"krippendorff_2011", test_krippendorff_2011}, {"multi_label", test_multi_label},
	  {"no_units", test_no_units}, {"all_agree", test_all_agree},
	  {"class_kappa_single", test_class_kappa_single}, {"multi_label_images", test_multi_label_images})
