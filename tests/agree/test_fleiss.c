/*
 * Fleiss' kappa (src/agree/fleiss.c) against Fleiss' 1971 worked example,
 * the 10 x 14 example of Wikipedia's "Fleiss' kappa", a hand-worked table
 * with unequal numbers of ratings, the degenerate cases and the bootstrap
 * (properties, and its resamples replayed from their definition).
 */
#include <math.h>
#include <string.h>

#include "agree/boot_replay.h"
#include "harness.h"
#include "tally/stats.h"
#include "util/alloc.h"

/*
 * Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, categories
 * depression, personality disorder, schizophrenia, neurosis, other.
 * Column totals 26, 26, 30, 55, 43 of 180, so p_j = .144 .144 .167 .306
 * .239 as printed. sum_i sum_j n_ij^2 = 680, so P = (680 - 180)/(30*6*5)
 * = 5/9; Pe = (26^2+26^2+30^2+55^2+43^2)/180^2 = 7126/32400;
 * kappa = (18000 - 7126)/(32400 - 7126) = 10874/25274 (printed .430).
 * kappa_j = 1 - sum_i n_ij (6 - n_ij) / (30*6*5 p_j q_j) = 1 - 36 S_j /
 * (c_j (180 - c_j)) with S_j = 84, 84, 60, 101, 71: 1 - 3024/4004 (.245),
 * .245, 1 - 2160/4500 (.520), 1 - 3636/6875 (.471), 1 - 2556/5891 (.566),
 * the values Fleiss prints.
 */
static const uint64_t fleiss1971[30 * 5] = {
	0, 0, 0, 6, 0, 0, 3, 0, 0, 3, 0, 1, 4, 0, 1, 0, 0, 0, 0, 6, 0, 3, 0, 3, 0,
	2, 0, 4, 0, 0, 0, 0, 4, 0, 2, 2, 0, 3, 1, 0, 2, 0, 0, 4, 0, 0, 0, 0, 0, 6,
	1, 0, 0, 5, 0, 1, 1, 0, 4, 0, 0, 3, 3, 0, 0, 1, 0, 0, 5, 0, 0, 2, 0, 3, 1,
	0, 0, 5, 0, 1, 3, 0, 0, 1, 2, 5, 1, 0, 0, 0, 0, 2, 0, 4, 0, 1, 0, 2, 0, 3,
	0, 0, 0, 0, 6, 0, 1, 0, 5, 0, 0, 2, 0, 1, 3, 2, 0, 0, 4, 0, 1, 0, 0, 4, 1,
	0, 5, 0, 1, 0, 4, 0, 0, 0, 2, 0, 2, 0, 4, 0, 1, 0, 5, 0, 0, 0, 0, 0, 0, 6,
};

/*
 * Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters,
 * 5 categories. Column totals 20, 28, 39, 21, 32 of 140: p_j = 0.143,
 * 0.200, 0.279, 0.150, 0.229. sum_j n_ij^2 - 14 per row: 182, 46, 56, 80,
 * 60, 84, 44, 32, 52, 52 (total 688), so P = 688/(10*14*13) = 0.378;
 * Pe = (400+784+1521+441+1024)/19600 = 4170/19600 = 0.213;
 * kappa = (688/1820 - 4170/19600)/(1 - 4170/19600) = 0.210 as printed.
 */
static const uint64_t wiki[10 * 5] = {
	0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3, 9, 2, 0, 2, 2, 8, 1, 1,
	7, 7, 0, 0, 0, 3, 2, 6, 3, 0, 2, 5, 3, 2, 2, 6, 5, 2, 1, 0, 0, 2, 2, 3, 7,
};

static void test_fleiss1971(void)
{
	tly_stat k, per[5];
	const double expect[5] = {1.0 - 3024.0 / 4004.0, 1.0 - 3024.0 / 4004.0,
				  1.0 - 2160.0 / 4500.0, 1.0 - 3636.0 / 6875.0,
				  1.0 - 2556.0 / 5891.0};
	const double printed[5] = {0.245, 0.245, 0.520, 0.471, 0.566};
	size_t j;

	CHECK_OK(tly_stats_fleiss(&k, per, fleiss1971, 30, 5, NULL));
	CHECK_NEAR(k.value, 10874.0 / 25274.0, 1e-12);
	CHECK_NEAR(k.value, 0.430, 5e-4);
	CU_ASSERT_EQUAL(k.n, 30);
	CU_ASSERT(isnan(k.ci95[0]) && isnan(k.ci95[1]));
	for (j = 0; j < 5; j++) {
		CHECK_NEAR(per[j].value, expect[j], 1e-12);
		CHECK_NEAR(per[j].value, printed[j], 5e-4);
		CU_ASSERT_EQUAL(per[j].n, 30);
	}
}

static void test_wikipedia(void)
{
	tly_stat k;
	const double pe = 4170.0 / 19600.0;

	CHECK_OK(tly_stats_fleiss(&k, NULL, wiki, 10, 5, NULL));
	CHECK_NEAR(k.value, (688.0 / 1820.0 - pe) / (1.0 - pe), 1e-12);
	CHECK_NEAR(k.value, 0.210, 5e-4);
	CU_ASSERT_EQUAL(k.n, 10);
}

/*
 * Unequal ratings: item 1 {2, 0} (n=2, P=1), item 2 {1, 2} (n=3,
 * P=(1+4-3)/6=1/3), item 3 {1, 0} (n=1: no pair, dropped, its rating not
 * in p_j). P = 2/3; p = 3/5, 2/5; Pe = 13/25;
 * kappa = (2/3 - 13/25)/(12/25) = 11/36. With two categories each
 * collapsed table is the table itself: both kappa_j = 11/36 (by the
 * kappa_j form: mean disagreement (0 + 1*2/6)/2 = 1/6, p q = 6/25,
 * 1 - 25/36 = 11/36).
 */
static void test_unequal_raters(void)
{
	const uint64_t t[6] = {2, 0, 1, 2, 1, 0};
	tly_stat k, per[2];

	CHECK_OK(tly_stats_fleiss(&k, per, t, 3, 2, NULL));
	CHECK_NEAR(k.value, 11.0 / 36.0, 1e-12);
	CHECK_NEAR(per[0].value, 11.0 / 36.0, 1e-12);
	CHECK_NEAR(per[1].value, 11.0 / 36.0, 1e-12);
	CU_ASSERT_EQUAL(k.n, 2);
}

/*
 * Degenerate tables: perfect agreement on two categories -> 1 (P = 1,
 * Pe = 1/2) and each kappa_j = 1; every rating in one category -> overall
 * NaN (Pe = 1), the used category NaN (q = 0), the unused one NaN (p = 0);
 * one rating per item -> no pairs, NaN with n = 0; no items, no
 * categories -> NaN; a category nobody used leaves the others defined.
 */
static void test_degenerate(void)
{
	const uint64_t perfect[4] = {3, 0, 0, 3}, one_cat[4] = {3, 0, 2, 0};
	const uint64_t single[4] = {1, 0, 0, 1}, unused[6] = {2, 0, 0, 0, 2, 0};
	tly_stat k, per[3];

	CHECK_OK(tly_stats_fleiss(&k, per, perfect, 2, 2, NULL));
	CHECK_NEAR(k.value, 1.0, 1e-12);
	CHECK_NEAR(per[0].value, 1.0, 1e-12);
	CHECK_NEAR(per[1].value, 1.0, 1e-12);
	CHECK_OK(tly_stats_fleiss(&k, per, one_cat, 2, 2, NULL));
	CU_ASSERT(isnan(k.value) && isnan(per[0].value) && isnan(per[1].value));
	CU_ASSERT_EQUAL(k.n, 2);
	CHECK_OK(tly_stats_fleiss(&k, per, single, 2, 2, NULL));
	CU_ASSERT(isnan(k.value) && isnan(per[0].value));
	CU_ASSERT_EQUAL(k.n, 0);
	CHECK_OK(tly_stats_fleiss(&k, NULL, NULL, 0, 5, NULL));
	CU_ASSERT(isnan(k.value) && k.n == 0);
	CHECK_OK(tly_stats_fleiss(&k, NULL, wiki, 10, 0, NULL));
	CU_ASSERT(isnan(k.value));
	/* {2,0,0},{0,2,0}: P = 1, Pe = 1/2 -> 1; categories 1, 2 -> 1, category 3 unused -> NaN */
	CHECK_OK(tly_stats_fleiss(&k, per, unused, 2, 3, NULL));
	CHECK_NEAR(k.value, 1.0, 1e-12);
	CHECK_NEAR(per[0].value, 1.0, 1e-12);
	CHECK_NEAR(per[1].value, 1.0, 1e-12);
	CU_ASSERT(isnan(per[2].value));
}

static void test_bad_arguments(void)
{
	tly_stats_bootstrap boot = {TLY_STATS_MAX_RESAMPLES + 1u, 1, NULL, 0};
	tly_stat k;

	CU_ASSERT_EQUAL(tly_stats_fleiss(NULL, NULL, wiki, 10, 5, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_fleiss(&k, NULL, NULL, 10, 5, NULL), TLY_EARG);
	CU_ASSERT(isnan(k.value));
	CU_ASSERT_EQUAL(tly_stats_fleiss(&k, NULL, wiki, 10, 5, &boot), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_fleiss(&k, NULL, wiki, SIZE_MAX, 5, NULL), TLY_ELIMIT);
}

/*
 * Bootstrap over items: the same seed gives the same interval bit for bit;
 * the interval is ordered, lies in [-1, 1] and holds the point estimate on
 * both published examples (overall and per category).
 */
static void test_bootstrap(void)
{
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat a, b, per[5], per2[5];
	size_t j;

	CHECK_OK(tly_stats_fleiss(&a, per, fleiss1971, 30, 5, &boot));
	CHECK_OK(tly_stats_fleiss(&b, per2, fleiss1971, 30, 5, &boot));
	CU_ASSERT(a.ci95[0] == b.ci95[0] && a.ci95[1] == b.ci95[1]);
	CU_ASSERT(a.ci95[0] <= a.value && a.value <= a.ci95[1]);
	CU_ASSERT(a.ci95[0] >= -1.0 && a.ci95[1] <= 1.0 && a.ci95[0] < a.ci95[1]);
	CHECK_NEAR(a.value, 10874.0 / 25274.0, 1e-12);
	for (j = 0; j < 5; j++) {
		CU_ASSERT(per[j].ci95[0] == per2[j].ci95[0] && per[j].ci95[1] == per2[j].ci95[1]);
		CU_ASSERT(per[j].ci95[0] <= per[j].value && per[j].value <= per[j].ci95[1]);
	}
	CHECK_OK(tly_stats_fleiss(&a, NULL, wiki, 10, 5, &boot));
	CU_ASSERT(a.ci95[0] <= a.value && a.value <= a.ci95[1]);
	/* another seed draws other resamples */
	boot.seed = 12345;
	CHECK_OK(tly_stats_fleiss(&b, NULL, wiki, 10, 5, &boot));
	CU_ASSERT(a.ci95[0] != b.ci95[0] || a.ci95[1] != b.ci95[1]);
	/* 0 resamples: no interval; an undefined kappa gets none either */
	boot.resamples = 0;
	CHECK_OK(tly_stats_fleiss(&a, NULL, wiki, 10, 5, &boot));
	CU_ASSERT(isnan(a.ci95[0]) && isnan(a.ci95[1]));
	boot.resamples = 200;
	CHECK_OK(tly_stats_fleiss(&a, NULL, (const uint64_t[]){3, 0, 2, 0}, 2, 2, &boot));
	CU_ASSERT(isnan(a.value) && isnan(a.ci95[0]) && isnan(a.ci95[1]));
}

/*
 * Allocation N = 1, 2, ... fails: each run returns TLY_ENOMEM with the
 * output undefined (and leaks nothing, which the ASan build checks) until
 * enough allocations succeed for the full result.
 */
static void test_faults(void)
{
	tly_stats_bootstrap boot = {50, 3, NULL, 0};
	tly_stat k, per[5];
	long n;
	int rc = -1;

	for (n = 1; n < 100 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_stats_fleiss(&k, per, fleiss1971, 30, 5, &boot);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT(isnan(k.value));
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 2);
	CHECK_NEAR(k.value, 10874.0 / 25274.0, 1e-12);
}

/*
 * The grouped bootstrap against its definition: 40 items of 0 to 5
 * ratings over 4 categories in groups of 1 to 3 items (items with fewer
 * than 2 ratings carry nothing and their groups, when nothing else is in
 * them, are not drawn), resample r replayed (agree/boot_replay.h), the
 * table rebuilt with each kept group's items repeated as often as it was
 * drawn, and kappa and each kappa_j computed on it with no bootstrap; the
 * type-7 intervals are the library's to rounding (it sums per group). The
 * same bytes on 1 and 3 threads.
 */
static void test_bootstrap_replay(void)
{
	enum { ITEMS = 40, K = 4, B = 200 };
	uint64_t counts[ITEMS * K], *again = tly_calloc(ITEMS * K * ITEMS, sizeof(*again));
	size_t group[ITEMS], kept_group[ITEMS], n_groups = 0, i, j, r, s;
	tly_stats_bootstrap boot = {B, 23, group, 1};
	tly_stat k, per[K], k3, per3[K], x, xper[K];
	uint32_t c[ITEMS];
	double v[K + 1][B], ci[2];

	CU_ASSERT_PTR_NOT_NULL_FATAL(again);
	for (i = 0; i < ITEMS; i++) {
		uint64_t n = i % 9 == 4 ? 1 : (i * 5) % 6;

		group[i] = (i * 2) / 5;
		for (j = 0; j < K; j++)
			counts[i * K + j] = 0;
		for (j = 0; j < n; j++)
			counts[i * K + (i + j * j) % K]++;
	}
	/* compact groups of the kept items (n_i >= 2), as drawn */
	for (i = 0; i < ITEMS; i++) {
		uint64_t n = counts[i * K] + counts[i * K + 1] + counts[i * K + 2] + counts[i * K + 3];
		int seen = 0;

		for (j = 0; j < i; j++)
			seen |= group[j] == group[i] && kept_group[j] != SIZE_MAX;
		kept_group[i] = n < 2 ? SIZE_MAX : seen ? n_groups - 1 : n_groups++;
	}
	CHECK_OK(tly_stats_fleiss(&k, per, counts, ITEMS, K, &boot));
	boot.threads = 3;
	CHECK_OK(tly_stats_fleiss(&k3, per3, counts, ITEMS, K, &boot));
	CU_ASSERT(memcmp(&k, &k3, sizeof(k)) == 0 && memcmp(per, per3, sizeof(per)) == 0);
	for (r = 0; r < B; r++) {
		size_t m = 0;

		br_counts(c, (uint32_t)n_groups, 23, r);
		for (i = 0; i < ITEMS; i++)
			for (s = 0; kept_group[i] != SIZE_MAX && s < c[kept_group[i]]; s++, m++)
				memcpy(again + m * K, counts + i * K, K * sizeof(*again));
		CHECK_OK(tly_stats_fleiss(&x, xper, again, m, K, NULL));
		v[0][r] = x.value;
		for (j = 0; j < K; j++)
			v[1 + j][r] = xper[j].value;
	}
	br_interval(ci, v[0], B);
	CU_ASSERT(isfinite(k.ci95[0]) && k.ci95[0] < k.value && k.value < k.ci95[1]);
	CHECK_NEAR(k.ci95[0], ci[0], 1e-12);
	CHECK_NEAR(k.ci95[1], ci[1], 1e-12);
	for (j = 0; j < K; j++) {
		br_interval(ci, v[1 + j], B);
		CU_ASSERT(isfinite(per[j].ci95[0]));
		CHECK_NEAR(per[j].ci95[0], ci[0], 1e-12);
		CHECK_NEAR(per[j].ci95[1], ci[1], 1e-12);
	}
	tly_free(again);
}

TLY_TESTS("agree_fleiss",
	  {"fleiss1971", test_fleiss1971},
	  {"wikipedia", test_wikipedia},
	  {"unequal_raters", test_unequal_raters},
	  {"degenerate", test_degenerate},
	  {"bad_arguments", test_bad_arguments},
	  {"bootstrap", test_bootstrap},
	  {"bootstrap_replay", test_bootstrap_replay},
	  {"faults", test_faults})
