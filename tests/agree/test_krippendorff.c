/*
 * Krippendorff's alpha (src/agree/krippendorff.c) against the example with
 * missing data of Krippendorff, "Computing Krippendorff's Alpha-Reliability"
 * (2011) (also the "C" data of R irr's kripp.alpha), hand-worked small
 * cases, degenerate data, the custom-distance entry and the bootstrap
 * (properties, and its resamples replayed from their definition).
 */
#include <math.h>
#include <string.h>

#include "agree/boot_replay.h"
#include "harness.h"
#include "tally/stats.h"
#include "util/alloc.h"

#define M NAN

/*
 * The paper's reliability data, units x observers A B C D (missing = M).
 * Units 1..12; unit 12 has one value (not pairable). Coincidences: n = 40
 * pairable values, n_c = 9, 13, 10, 5, 3 for values 1..5; o_cc = 7, 10, 8,
 * 4, 3; off the diagonal o_12 = 4/3, o_13 = 1/3, o_14 = 1/3, o_23 = 4/3,
 * o_24 = 1/3, o_34 = 1/3, all others 0 (the matrix the paper prints).
 */
static const double paper[12 * 4] = {
	1, 1, M, 1,  2, 2, 3, 2,  3, 3, 3, 3,  3, 3, 3, 3,
	2, 2, 2, 2,  1, 2, 3, 4,  4, 4, 4, 4,  1, 1, 2, 1,
	2, 2, 2, 2,  M, 5, 5, 5,  M, M, 1, 1,  M, 3, M, M,
};

/*
 * Nominal: sum o_ck d_ck = 40 - 32 = 8; sum n_c n_k d_ck = 40^2 -
 * (81+169+100+25+9) = 1216; alpha = 1 - 39*8/1216 = 113/152 (printed .743).
 * Interval: observed 2(4/3*1 + 1/3*4 + 1/3*9 + 4/3*1 + 1/3*4 + 1/3*1) =
 * 52/3; expected 2 sum_{c<k} n_c n_k (c-k)^2 = 2(117+360+405+432+130+260
 * +351+50+120+15) = 4480; alpha = 1 - 39*(52/3)/4480 = 951/1120 (.849).
 * Ordinal: midranks 4.5, 15.5, 27, 34.5, 38.5 (d_ck = their squared
 * difference); observed 2/3(4*121 + 506.25 + 900 + 4*132.25 + 361 +
 * 56.25) = 1891; expected 2(14157 + 45562.5 + 40500 + 31212 + 17192.5 +
 * 23465 + 20631 + 2812.5 + 3967.5 + 240) = 399480; alpha = 1 -
 * 39*1891/399480 = 108577/133160 (.815). Ratio: d_ck = ((c-k)/(c+k))^2;
 * observed 2(4/3/9 + 1/3/4 + 1/3*9/25 + 4/3/25 + 1/3/9 + 1/3/49) =
 * 59357/66150, expected 2 sum n_c n_k d_ck = 4570493/26460, alpha =
 * 18222619/22852465 (.797). The printed values are the paper's.
 */
static void test_paper(void)
{
	const tly_stats_metric metric[4] = {TLY_STATS_NOMINAL, TLY_STATS_ORDINAL,
					    TLY_STATS_INTERVAL, TLY_STATS_RATIO};
	const double exact[4] = {113.0 / 152.0, 108577.0 / 133160.0, 951.0 / 1120.0,
				 18222619.0 / 22852465.0};
	const double printed[4] = {0.743, 0.815, 0.849, 0.797};
	tly_stat a;
	size_t i;

	for (i = 0; i < 4; i++) {
		CHECK_OK(tly_stats_alpha(&a, paper, 12, 4, metric[i], NULL));
		CHECK_NEAR(a.value, exact[i], 1e-12);
		CHECK_NEAR(a.value, printed[i], 5e-4);
		CU_ASSERT_EQUAL(a.n, 11);
		CU_ASSERT(isnan(a.ci95[0]) && isnan(a.ci95[1]));
	}
}

/*
 * Two coders, units (1,1), (1,2), (2,2): o_11 = 2, o_12 = o_21 = 1,
 * o_22 = 2; n_1 = n_2 = 3, n = 6. Nominal: 1 - 5*2/(36 - 18) = 4/9.
 * Interval: the same (values one apart). With category codes 10 and 20
 * nominal is unchanged, interval too (alpha is scale-free); ratio with
 * 1 and 2: d = 1/9 everywhere, so also 4/9.
 */
static void test_small(void)
{
	const double a12[6] = {1, 1, 1, 2, 2, 2}, a1020[6] = {10, 10, 10, 20, 20, 20};
	tly_stat a;

	CHECK_OK(tly_stats_alpha(&a, a12, 3, 2, TLY_STATS_NOMINAL, NULL));
	CHECK_NEAR(a.value, 4.0 / 9.0, 1e-12);
	CHECK_OK(tly_stats_alpha(&a, a12, 3, 2, TLY_STATS_INTERVAL, NULL));
	CHECK_NEAR(a.value, 4.0 / 9.0, 1e-12);
	CHECK_OK(tly_stats_alpha(&a, a1020, 3, 2, TLY_STATS_INTERVAL, NULL));
	CHECK_NEAR(a.value, 4.0 / 9.0, 1e-12);
	CHECK_OK(tly_stats_alpha(&a, a12, 3, 2, TLY_STATS_RATIO, NULL));
	CHECK_NEAR(a.value, 4.0 / 9.0, 1e-12);
	CHECK_OK(tly_stats_alpha(&a, a12, 3, 2, TLY_STATS_ORDINAL, NULL));
	CHECK_NEAR(a.value, 4.0 / 9.0, 1e-12);
}

/*
 * Degenerate data: all missing, or one coder -> no pairable unit, NaN with
 * n = 0; every value equal -> D_e = 0, NaN (n counts the units); perfect
 * agreement on two values -> D_o = 0, alpha 1; no units -> NaN.
 */
static void test_degenerate(void)
{
	const double missing[4] = {M, M, M, M}, one[3] = {1, 2, 3};
	const double same[4] = {2, 2, 2, M}, perfect[4] = {1, 1, 2, 2};
	tly_stat a;

	CHECK_OK(tly_stats_alpha(&a, missing, 2, 2, TLY_STATS_NOMINAL, NULL));
	CU_ASSERT(isnan(a.value) && a.n == 0);
	CHECK_OK(tly_stats_alpha(&a, one, 3, 1, TLY_STATS_INTERVAL, NULL));
	CU_ASSERT(isnan(a.value) && a.n == 0);
	CHECK_OK(tly_stats_alpha(&a, same, 2, 2, TLY_STATS_NOMINAL, NULL));
	CU_ASSERT(isnan(a.value) && a.n == 1);
	CHECK_OK(tly_stats_alpha(&a, same, 2, 2, TLY_STATS_RATIO, NULL));
	CU_ASSERT(isnan(a.value));
	CHECK_OK(tly_stats_alpha(&a, perfect, 2, 2, TLY_STATS_ORDINAL, NULL));
	CHECK_NEAR(a.value, 1.0, 1e-12);
	CU_ASSERT_EQUAL(a.n, 2);
	CHECK_OK(tly_stats_alpha(&a, NULL, 0, 4, TLY_STATS_NOMINAL, NULL));
	CU_ASSERT(isnan(a.value) && a.n == 0);
	/* ratio with zeros: (0,0) pairs add d = 0, (0,1) d = 1 */
	CHECK_OK(tly_stats_alpha(&a, (const double[]){0, 0, 1, 1}, 2, 2, TLY_STATS_RATIO, NULL));
	CHECK_NEAR(a.value, 1.0, 1e-12);
}

static void test_bad_arguments(void)
{
	const double inf[2] = {1, INFINITY}, neg[2] = {1, -1};
	tly_stats_bootstrap boot = {TLY_STATS_MAX_RESAMPLES + 1u, 1, NULL, 0};
	tly_stat a;

	CU_ASSERT_EQUAL(tly_stats_alpha(NULL, paper, 12, 4, TLY_STATS_NOMINAL, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_alpha(&a, NULL, 12, 4, TLY_STATS_NOMINAL, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_alpha(&a, inf, 1, 2, TLY_STATS_NOMINAL, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_alpha(&a, neg, 1, 2, TLY_STATS_RATIO, NULL), TLY_EARG);
	CHECK_OK(tly_stats_alpha(&a, neg, 1, 2, TLY_STATS_INTERVAL, NULL));
	CU_ASSERT_EQUAL(tly_stats_alpha(&a, paper, 12, 4, (tly_stats_metric)7, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_alpha(&a, paper, 12, 4, TLY_STATS_NOMINAL, &boot), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_alpha(&a, paper, SIZE_MAX, 4, TLY_STATS_NOMINAL, NULL), TLY_ELIMIT);
	CU_ASSERT(isnan(a.value));
}

/* Custom distances over the paper's data: object i stands for value table[i]. */
static double nominal_distance(uint32_t x, uint32_t y, void *payload)
{
	const double *table = payload;

	return table[x] == table[y] ? 0.0 : 1.0;
}

static double interval_distance(uint32_t x, uint32_t y, void *payload)
{
	const double *table = payload;

	return (table[x] - table[y]) * (table[x] - table[y]);
}

static double bad_distance(uint32_t x, uint32_t y, void *payload)
{
	(void)payload;
	return x == y ? 0.0 : -1.0;
}

/*
 * The paper's cells as object indices 0..47 (object i = cell i, its value
 * TABLE[i], a writable copy for the payload), missing cells marked.
 */
static void paper_items(uint32_t *items, double *table)
{
	uint32_t i;

	for (i = 0; i < 48; i++) {
		items[i] = isnan(paper[i]) ? TLY_STATS_MISSING : i;
		table[i] = paper[i];
	}
}

/*
 * The general form with a distance that reproduces the nominal and the
 * interval metric must give the paper's 113/152 and 951/1120; a negative
 * distance is the caller's error.
 */
static void test_custom(void)
{
	uint32_t items[48];
	double table[48];
	tly_stat a;

	paper_items(items, table);
	CHECK_OK(tly_stats_alpha_custom(&a, items, 12, 4, nominal_distance, table, NULL));
	CHECK_NEAR(a.value, 113.0 / 152.0, 1e-12);
	CU_ASSERT_EQUAL(a.n, 11);
	CHECK_OK(tly_stats_alpha_custom(&a, items, 12, 4, interval_distance, table, NULL));
	CHECK_NEAR(a.value, 951.0 / 1120.0, 1e-12);
	CU_ASSERT_EQUAL(tly_stats_alpha_custom(&a, items, 12, 4, bad_distance, NULL, NULL), TLY_EARG);
	CU_ASSERT(isnan(a.value));
	CU_ASSERT_EQUAL(tly_stats_alpha_custom(&a, items, 12, 4, NULL, NULL, NULL), TLY_EARG);
	/* only missing / one object per unit: NaN, n = 0 */
	items[0] = items[1] = items[3] = TLY_STATS_MISSING;
	CHECK_OK(tly_stats_alpha_custom(&a, items, 1, 4, nominal_distance, table, NULL));
	CU_ASSERT(isnan(a.value) && a.n == 0);
}

/*
 * Bootstrap over units: same seed -> the same interval; it holds the
 * published estimate for each metric; the custom entry with the nominal
 * distance draws the same resamples from the same seed, so its interval
 * equals the nominal one (up to summation order).
 */
static void test_bootstrap(void)
{
	const tly_stats_metric metric[4] = {TLY_STATS_NOMINAL, TLY_STATS_ORDINAL,
					    TLY_STATS_INTERVAL, TLY_STATS_RATIO};
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	uint32_t items[48];
	double table[48];
	tly_stat a, b;
	size_t i;

	for (i = 0; i < 4; i++) {
		CHECK_OK(tly_stats_alpha(&a, paper, 12, 4, metric[i], &boot));
		CHECK_OK(tly_stats_alpha(&b, paper, 12, 4, metric[i], &boot));
		CU_ASSERT(a.ci95[0] == b.ci95[0] && a.ci95[1] == b.ci95[1]);
		CU_ASSERT(a.ci95[0] <= a.value && a.value <= a.ci95[1]);
		CU_ASSERT(a.ci95[0] < a.ci95[1] && a.ci95[1] <= 1.0);
	}
	paper_items(items, table);
	CHECK_OK(tly_stats_alpha(&a, paper, 12, 4, TLY_STATS_NOMINAL, &boot));
	CHECK_OK(tly_stats_alpha_custom(&b, items, 12, 4, nominal_distance, table, &boot));
	CHECK_NEAR(b.ci95[0], a.ci95[0], 1e-9);
	CHECK_NEAR(b.ci95[1], a.ci95[1], 1e-9);
	/* undefined alpha: no interval */
	CHECK_OK(tly_stats_alpha(&a, (const double[]){2, 2, 2, 2}, 2, 2, TLY_STATS_NOMINAL, &boot));
	CU_ASSERT(isnan(a.value) && isnan(a.ci95[0]) && isnan(a.ci95[1]));
}

/*
 * Allocation N = 1, 2, ... fails: each run of both entries returns
 * TLY_ENOMEM with the output undefined (no leak: the ASan build checks)
 * until every allocation succeeds.
 */
static void test_faults(void)
{
	tly_stats_bootstrap boot = {50, 3, NULL, 0};
	uint32_t items[48];
	double table[48];
	tly_stat a;
	long n;
	int rc = -1, pass;

	paper_items(items, table);
	for (pass = 0; pass < 2; pass++) {
		rc = -1;
		for (n = 1; n < 100 && rc != 0; n++) {
			tly_alloc_fail_after(n);
			rc = pass ? tly_stats_alpha_custom(&a, items, 12, 4, nominal_distance, table, &boot)
				  : tly_stats_alpha(&a, paper, 12, 4, TLY_STATS_ORDINAL, &boot);
			tly_alloc_fail_after(0);
			if (rc != 0) {
				CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
				CU_ASSERT(isnan(a.value));
			}
		}
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT(n > 2);
	}
	CHECK_NEAR(a.value, 113.0 / 152.0, 1e-12);
}

/*
 * The grouped bootstrap against its definition, for each metric: 30
 * units x 4 coders of values 1..5 with missing cells (units with fewer than
 * 2 values are not pairable; their groups, when nothing else is in them,
 * are not drawn), in groups of 2 units; resample r replayed
 * (agree/boot_replay.h), the table rebuilt with each kept group's units
 * repeated as often as it was drawn, alpha computed on it with no
 * bootstrap; the type-7 interval is the library's to rounding. Ordinal
 * data exercise the coincidences summed per resample (their distances move
 * with the counts). The same bytes on 1 and 2 threads.
 */
static void test_bootstrap_replay(void)
{
	enum { UNITS = 30, CODERS = 4, B = 200 };
	const tly_stats_metric metric[4] = {TLY_STATS_NOMINAL, TLY_STATS_ORDINAL,
					    TLY_STATS_INTERVAL, TLY_STATS_RATIO};
	double values[UNITS * CODERS], *again = tly_calloc(UNITS * CODERS * UNITS, sizeof(*again));
	size_t group[UNITS], kept_group[UNITS], n_groups = 0, i, j, r, s, mi;
	tly_stats_bootstrap boot = {B, 29, group, 1};
	uint32_t c[UNITS];
	double v[B], ci[2];
	tly_stat a, a2, x;

	CU_ASSERT_PTR_NOT_NULL_FATAL(again);
	for (i = 0; i < UNITS; i++) {
		size_t m = 0;

		group[i] = i / 2;
		for (j = 0; j < CODERS; j++) {
			values[i * CODERS + j] = (i + j) % 7 == 3 || i % 11 == 5 ? NAN
						 : (double)(1 + (i * 3 + j * (i % 3)) % 5);
			m += isnan(values[i * CODERS + j]) ? 0 : 1;
		}
		for (j = 0, s = 0; j < i; j++)
			s |= group[j] == group[i] && kept_group[j] != SIZE_MAX;
		kept_group[i] = m < 2 ? SIZE_MAX : s ? n_groups - 1 : n_groups++;
	}
	for (mi = 0; mi < 4; mi++) {
		boot.threads = 1;
		CHECK_OK(tly_stats_alpha(&a, values, UNITS, CODERS, metric[mi], &boot));
		boot.threads = 2;
		CHECK_OK(tly_stats_alpha(&a2, values, UNITS, CODERS, metric[mi], &boot));
		CU_ASSERT(memcmp(&a, &a2, sizeof(a)) == 0);
		for (r = 0; r < B; r++) {
			size_t m = 0;

			br_counts(c, (uint32_t)n_groups, 29, r);
			for (i = 0; i < UNITS; i++)
				for (s = 0; kept_group[i] != SIZE_MAX && s < c[kept_group[i]]; s++, m++)
					memcpy(again + m * CODERS, values + i * CODERS, CODERS * sizeof(*again));
			CHECK_OK(tly_stats_alpha(&x, again, m, CODERS, metric[mi], NULL));
			v[r] = x.value;
		}
		br_interval(ci, v, B);
		CU_ASSERT(isfinite(a.ci95[0]) && a.ci95[0] < a.value && a.value < a.ci95[1]);
		CHECK_NEAR(a.ci95[0], ci[0], 1e-12);
		CHECK_NEAR(a.ci95[1], ci[1], 1e-12);
	}
	tly_free(again);
}

TLY_TESTS("agree_krippendorff",
	  {"paper", test_paper},
	  {"small", test_small},
	  {"degenerate", test_degenerate},
	  {"bad_arguments", test_bad_arguments},
	  {"custom", test_custom},
	  {"bootstrap", test_bootstrap},
	  {"bootstrap_replay", test_bootstrap_replay},
	  {"faults", test_faults})
