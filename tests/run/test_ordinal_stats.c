/*
 * Ordinal and interval alpha over a run's image labels (src/run/ordinal_stats.c):
 * Krippendorff's (2011) example through tly_run_compute with report.label_order,
 * a hand-worked case where numbers and ranks differ, the labels' names (not
 * their category indices) deciding the order, multi-label and unit-less data,
 * and the refusal of a label the order leaves out.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "agree/builder.h"
#include "harness.h"
#include "run/label_stats.h"
#include "tally/rules.h"
#include "tally/run.h"
#include "util/alloc.h"

static tly_rules *order_rules(const char *order)
{
	tly_rules *r = NULL;
	char text[256];

	snprintf(text, sizeof(text), "{\"report\": {\"label_order\": %s}}", order);
	CHECK_OK(tly_rules_parse(&r, text, strlen(text), "t.json"));
	return r;
}

/*
 * Krippendorff (2011), 4 coders x 12 units, 0 = missing (the table of
 * tests/run/test_label_stats.c and tests/agree/test_krippendorff.c).
 */
static const int k2011[4][12] = {
	{1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0},
	{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3},
	{0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0},
	{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0},
};

/*
 * The paper's ordinal alpha 108577/133160 (printed .815) and interval alpha
 * 951/1120 (.849), worked in tests/agree/test_krippendorff.c: n = 11 pairable
 * units. The category table lists "5" first, so ranks come from the names.
 * Same values and intervals with 1 and 2 threads.
 */
static void test_krippendorff_2011(void)
{
	static const char *const coders[] = {"A", "B", "C", "D"};
	static const char *const cats[] = {"5", "4", "3", "2", "1"};
	tly_rules *rules = order_rules("[\"1\", \"2\", \"3\", \"4\", \"5\"]");
	tly_run_options o1, o2;
	tly_result r1, r2;
	tly_dataset ds;
	uint32_t u, c;

	memset(&o1, 0, sizeof(o1));
	memset(&o2, 0, sizeof(o2));
	o1.threads = 1;
	o2.threads = 2;
	tb_init(&ds, coders, 4, cats, 5);
	for (u = 0; u < 12; u++) {
		char name[16];

		snprintf(name, sizeof(name), "u%02u.jpg", (unsigned)u + 1);
		tb_image(&ds, name);
		for (c = 0; c < 4; c++)
			if (k2011[c][u]) /* value v is category 5 - v */
				tb_tag(&ds, u, tb_sub(&ds, u, c, TLY_TASK_LABELS, 0), 5u - (uint32_t)k2011[c][u]);
	}
	CHECK_OK(tly_run_compute(&r1, &ds, rules, &o1));
	CHECK_OK(tly_run_compute(&r2, &ds, rules, &o2));
	CU_ASSERT_EQUAL(r1.labels_ordered, 1);
	CHECK_NEAR(r1.krippendorff_alpha.value, 113.0 / 152.0, 1e-12);
	CHECK_NEAR(r1.krippendorff_alpha_ordinal.value, 108577.0 / 133160.0, 1e-12);
	CHECK_NEAR(r1.krippendorff_alpha_interval.value, 951.0 / 1120.0, 1e-12);
	CHECK_NEAR(r1.krippendorff_alpha_ordinal.value, 0.815, 5e-4);
	CHECK_NEAR(r1.krippendorff_alpha_interval.value, 0.849, 5e-4);
	CU_ASSERT_EQUAL(r1.krippendorff_alpha_ordinal.n, 11);
	CU_ASSERT_EQUAL(r1.krippendorff_alpha_interval.n, 11);
	CU_ASSERT(r1.krippendorff_alpha_ordinal.ci95[0] < r1.krippendorff_alpha_ordinal.value);
	CU_ASSERT(r1.krippendorff_alpha_ordinal.ci95[1] > r1.krippendorff_alpha_ordinal.value);
	CU_ASSERT(r1.krippendorff_alpha_interval.ci95[0] < r1.krippendorff_alpha_interval.value);
	CU_ASSERT(r1.krippendorff_alpha_interval.ci95[1] > r1.krippendorff_alpha_interval.value);
	CU_ASSERT_EQUAL(memcmp(&r1.krippendorff_alpha_ordinal, &r2.krippendorff_alpha_ordinal, sizeof(tly_stat)), 0);
	CU_ASSERT_EQUAL(memcmp(&r1.krippendorff_alpha_interval, &r2.krippendorff_alpha_interval,
			       sizeof(tly_stat)), 0);
	tly_result_clear(&r1);
	tly_result_clear(&r2);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Coders X, Y; units (1,1), (1,2), (2,10) on the scale 1 < 2 < 10; the
 * categories are listed "10", "1", "2". Each unit has m = 2, so every
 * ordered pair adds 1: o_11 = 2, o_12 = o_21 = 1, o_{2,10} = o_{10,2} = 1;
 * n_1 = 3, n_2 = 2, n_10 = 1, n = 6; alpha = 1 - 5 sum o d / sum n n d.
 * - ordinal, d = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2: d(1,2) = 2.5^2,
 *   d(1,10) = 4^2, d(2,10) = 1.5^2; sum o d = 2 (6.25 + 2.25) = 17, sum n n d
 *   = 2 (6 * 6.25 + 3 * 16 + 2 * 2.25) = 180: alpha = 1 - 85/180 = 19/36.
 * - interval on the numbers 1, 2, 10: sum o d = 2 (1 + 64) = 130, sum n n d =
 *   2 (6 * 1 + 3 * 81 + 2 * 64) = 754: alpha = 1 - 650/754 = 52/377.
 * - interval on ranks 1, 2, 3 (the words lo < mid < hi): sum o d = 2 (1 + 1)
 *   = 4, sum n n d = 2 (6 + 3 * 4 + 2) = 40: alpha = 1 - 20/40 = 1/2.
 * - ranks with an unused label between mid and hi (lo, mid, x, hi = 1, 2, 4):
 *   sum o d = 2 (1 + 4) = 10, sum n n d = 2 (6 + 3 * 9 + 2 * 4) = 82: alpha =
 *   1 - 50/82 = 16/41; the ordinal alpha is unchanged (n_x = 0).
 * - nominal for reference: 1 - 5 * 4 / (36 - 14) = 1/11.
 */
static void small_dataset(tly_dataset *ds, const char *const *cats)
{
	static const char *const who[] = {"X", "Y"};
	static const uint32_t v[3][2] = {{1, 1}, {1, 2}, {2, 0}}; /* category indices: 0 = "10" */
	uint32_t u, a;

	tb_init(ds, who, 2, cats, 3);
	tb_image(ds, "a.jpg");
	tb_image(ds, "b.jpg");
	tb_image(ds, "c.jpg");
	for (u = 0; u < 3; u++)
		for (a = 0; a < 2; a++)
			tb_tag(ds, u, tb_sub(ds, u, a, TLY_TASK_LABELS, 0), v[u][a]);
}

static void check_small(const char *const *cats, const char *order, double ordinal, double interval)
{
	tly_rules *rules = order_rules(order);
	tly_dataset ds;
	tly_result r;

	memset(&r, 0, sizeof(r));
	small_dataset(&ds, cats);
	CHECK_OK(tly_run__label_stats(&r, &ds, tly_rules_policy(rules), 1));
	CU_ASSERT_EQUAL(r.labels_ordered, 1);
	CHECK_NEAR(r.krippendorff_alpha.value, 1.0 / 11.0, 1e-12);
	CHECK_NEAR(r.krippendorff_alpha_ordinal.value, ordinal, 1e-12);
	CHECK_NEAR(r.krippendorff_alpha_interval.value, interval, 1e-12);
	CU_ASSERT_EQUAL(r.krippendorff_alpha_ordinal.n, 3);
	CU_ASSERT_EQUAL(r.krippendorff_alpha_interval.n, 3);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

static void test_numbers_and_ranks(void)
{
	static const char *const numbers[] = {"10", "1", "2"};
	static const char *const words[] = {"hi", "lo", "mid"};

	check_small(numbers, "[\"1\", \"2\", \"10\"]", 19.0 / 36.0, 52.0 / 377.0);
	/* a listed number nobody used changes neither */
	check_small(numbers, "[\"1\", \"2\", \"5\", \"10\"]", 19.0 / 36.0, 52.0 / 377.0);
	check_small(words, "[\"lo\", \"mid\", \"hi\"]", 19.0 / 36.0, 0.5);
	check_small(words, "[\"lo\", \"mid\", \"x\", \"hi\"]", 19.0 / 36.0, 16.0 / 41.0);
}

/* Without an order: not reported (labels_ordered 0), the values undefined. */
static void test_no_order(void)
{
	static const char *const numbers[] = {"10", "1", "2"};
	tly_rules *rules = NULL;
	tly_dataset ds;
	tly_result r;

	memset(&r, 0, sizeof(r));
	small_dataset(&ds, numbers);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run__label_stats(&r, &ds, tly_rules_policy(rules), 1));
	CU_ASSERT_EQUAL(r.labels_ordered, 0);
	CU_ASSERT(isnan(r.krippendorff_alpha_ordinal.value) && isnan(r.krippendorff_alpha_interval.value));
	CHECK_NEAR(r.krippendorff_alpha.value, 1.0 / 11.0, 1e-12);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label data (X gives two labels on a.jpg): both undefined, n 0, and
 * no refusal of "z", which the order leaves out.
 */
static void test_multi_label(void)
{
	static const char *const who[] = {"X", "Y"};
	static const char *const cats[] = {"1", "2", "z"};
	tly_rules *rules = order_rules("[\"1\", \"2\"]");
	tly_dataset ds;
	tly_result r;
	uint32_t s;

	memset(&r, 0, sizeof(r));
	tb_init(&ds, who, 2, cats, 3);
	tb_image(&ds, "a.jpg");
	s = tb_sub(&ds, 0, 0, TLY_TASK_LABELS, 0);
	tb_tag(&ds, 0, s, 0);
	tb_tag(&ds, 0, s, 2);
	tb_tag(&ds, 0, tb_sub(&ds, 0, 1, TLY_TASK_LABELS, 0), 1);
	CHECK_OK(tly_run__label_stats(&r, &ds, tly_rules_policy(rules), 1));
	CU_ASSERT_EQUAL(r.labels_ordered, 1);
	CU_ASSERT(isnan(r.krippendorff_alpha_ordinal.value) && isnan(r.krippendorff_alpha_interval.value));
	CU_ASSERT(isnan(r.krippendorff_alpha_ordinal.ci95[0]) && isnan(r.krippendorff_alpha_interval.ci95[1]));
	CU_ASSERT_EQUAL(r.krippendorff_alpha_ordinal.n, 0);
	CU_ASSERT_EQUAL(r.krippendorff_alpha_interval.n, 0);
	/* the nominal alpha still has its presence units */
	CU_ASSERT_EQUAL(r.krippendorff_alpha.n, 3);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * One voter per image: no unit, undefined over n = 0; a label outside the
 * order is refused all the same (b.jpg's "9"), while the gold's "8" is not
 * a rating and passes.
 */
static void test_refusal_and_gold(void)
{
	static const char *const who[] = {"X", "Y"};
	static const char *const cats[] = {"1", "2", "9", "8"};
	tly_rules *rules = order_rules("[\"1\", \"2\"]");
	tly_dataset ds;
	tly_result r;

	memset(&r, 0, sizeof(r));
	tb_init(&ds, who, 2, cats, 4);
	tb_image(&ds, "a.jpg");
	tb_image(&ds, "b.jpg");
	tb_tag(&ds, 0, tb_sub(&ds, 0, 0, TLY_TASK_LABELS, 0), 1);
	tb_tag(&ds, 0, tb_sub(&ds, 0, 1, TLY_TASK_LABELS, 1), 3);
	CHECK_OK(tly_run__label_stats(&r, &ds, tly_rules_policy(rules), 1));
	CU_ASSERT_EQUAL(r.labels_ordered, 1);
	CU_ASSERT(isnan(r.krippendorff_alpha_ordinal.value));
	CU_ASSERT_EQUAL(r.krippendorff_alpha_ordinal.n, 0);
	CU_ASSERT_EQUAL(r.krippendorff_alpha_interval.n, 0);
	tb_tag(&ds, 1, tb_sub(&ds, 1, 1, TLY_TASK_LABELS, 0), 2);
	CU_ASSERT_EQUAL(tly_run__label_stats(&r, &ds, tly_rules_policy(rules), 1), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(),
			       "run: image label \"9\" (b.jpg, annotator Y) is not in the rules' report.label_order");
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* Allocation N failing, for every N up to success: TLY_ENOMEM with a message, then the values. */
static void test_allocation_failures(void)
{
	static const char *const numbers[] = {"10", "1", "2"};
	tly_rules *rules = order_rules("[\"1\", \"2\", \"10\"]");
	tly_dataset ds;
	tly_result r;
	long n;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	small_dataset(&ds, numbers);
	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_run__label_stats(&r, &ds, tly_rules_policy(rules), 1);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "out of memory"));
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CHECK_NEAR(r.krippendorff_alpha_interval.value, 52.0 / 377.0, 1e-12);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

TLY_TESTS("run_ordinal_stats",
	  {"krippendorff_2011", test_krippendorff_2011},
	  {"numbers_and_ranks", test_numbers_and_ranks},
	  {"no_order", test_no_order},
	  {"multi_label", test_multi_label},
	  {"refusal_and_gold", test_refusal_and_gold},
	  {"allocation_failures", test_allocation_failures})
