/*
 * 95% intervals (src/agree/interval.c) and their generator
 * (src/agree/stats_rng.c): Wilson intervals against Newcombe's (1998)
 * worked examples, splitmix64 against its reference outputs, and the
 * bootstrap driver on statistics whose resampled values are known.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "util/alloc.h"
#include "tally/stats.h"
#include "agree/interval.h"
#include "agree/stats_rng.h"

/*
 * R. G. Newcombe, "Two-sided confidence intervals for the single
 * proportion: comparison of seven methods", Stat. Med. 17 (1998) works its
 * methods on 81/263, 15/148, 0/20 and 1/29; method 3 (score, no continuity
 * correction) gives, to 4 decimals, 0.2553-0.3662, 0.0624-0.1605,
 * 0.0000-0.1611, 0.0061-0.1718 (each re-derivable from the formula in
 * tally/stats.h; the first is worked by hand below).
 * By hand for 81/263, z = 1.959964, z^2 = 3.841459: p = 0.307985;
 * 1 + z^2/n = 1.014606; centre = (0.307985 + 3.841459/526)/1.014606 =
 * 0.315288/1.014606 = 0.310749; p(1-p)/n + z^2/4n^2 = 0.00081038 +
 * 0.00001388 = 0.00082427, sqrt 0.028710, half = 1.959964*0.028710/1.014606
 * = 0.055461; interval 0.255288, 0.366210.
 */
static void test_wilson_newcombe(void)
{
	const struct {
		uint64_t k, n;
		double lo, hi;
	} t[] = {{81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605},
		 {0, 20, 0.0000, 0.1611}, {1, 29, 0.0061, 0.1718}};
	tly_stat s;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_OK(tly_stats_wilson(&s, t[i].k, t[i].n));
		CHECK_NEAR(s.value, (double)t[i].k / (double)t[i].n, 1e-15);
		CHECK_NEAR(s.ci95[0], t[i].lo, 5e-5);
		CHECK_NEAR(s.ci95[1], t[i].hi, 5e-5);
		CU_ASSERT_EQUAL(s.n, t[i].n);
	}
	CHECK_OK(tly_stats_wilson(&s, 81, 263));
	CHECK_NEAR(s.ci95[0], 0.255288, 2e-6);
	CHECK_NEAR(s.ci95[1], 0.366210, 2e-6);
}

/*
 * Edges: k = n gives upper 1 exactly and lower n/(n + z^2) (the score
 * interval's closed form at p = 1: centre +- half collapse to that);
 * k = 0 gives lower 0 exactly, upper z^2/(n + z^2) by symmetry; n = 0 is
 * undefined (NaN) but not an error; k > n is an error.
 */
static void test_wilson_edges(void)
{
	const double z2 = TLY_STATS_Z95 * TLY_STATS_Z95;
	tly_stat s;

	CHECK_OK(tly_stats_wilson(&s, 20, 20));
	CU_ASSERT(s.ci95[1] == 1.0);
	CHECK_NEAR(s.ci95[0], 20.0 / (20.0 + z2), 1e-12);
	CHECK_OK(tly_stats_wilson(&s, 0, 20));
	CU_ASSERT(s.ci95[0] == 0.0);
	CHECK_NEAR(s.ci95[1], z2 / (20.0 + z2), 1e-12);
	CHECK_OK(tly_stats_wilson(&s, 0, 0));
	CU_ASSERT(isnan(s.value) && isnan(s.ci95[0]) && isnan(s.ci95[1]) && s.n == 0);
	CU_ASSERT_EQUAL(tly_stats_wilson(&s, 3, 2), TLY_EARG);
	CU_ASSERT(isnan(s.value));
	CU_ASSERT_EQUAL(tly_stats_wilson(NULL, 1, 2), TLY_EARG);
}

/*
 * splitmix64 from seed 0: the first outputs of Vigna's reference
 * splitmix64.c are 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4,
 * 0x06c45d188009454f. Bounded draws stay in range and, over 30000 draws
 * of [0, 3), each value lands 10000 +- 500 times (about 8 standard
 * deviations of a fair generator).
 */
static void test_rng(void)
{
	tly_stats__rng r;
	size_t hits[3] = {0, 0, 0}, i, out_of_range = 0;

	tly_stats__rng_seed(&r, 0);
	CU_ASSERT(tly_stats__rng_next(&r) == UINT64_C(0xe220a8397b1dcdaf));
	CU_ASSERT(tly_stats__rng_next(&r) == UINT64_C(0x6e789e6aa1b965f4));
	CU_ASSERT(tly_stats__rng_next(&r) == UINT64_C(0x06c45d188009454f));
	tly_stats__rng_seed(&r, 42);
	for (i = 0; i < 30000; i++) {
		size_t x = tly_stats__rng_below(&r, 3);

		if (x < 3)
			hits[x]++;
		else
			out_of_range++;
	}
	CU_ASSERT_EQUAL(out_of_range, 0);
	for (i = 0; i < 3; i++)
		CU_ASSERT(hits[i] > 9500 && hits[i] < 10500);
	CU_ASSERT(tly_stats__rng_below(&r, 1) == 0);
}

/* Evaluators for the driver (two statistics: weighted mean of CTX, CTX[0]); one never defined; one failing. */
static int weighted_mean(double *out, void *ctx, const uint32_t *weights)
{
	const double *x = ctx;
	double s = 0.0, w = 0.0;
	size_t i;

	for (i = 0; i < 4; i++) {
		double wi = weights ? (double)weights[i] : 1.0;

		s += wi * x[i];
		w += wi;
	}
	out[0] = s / w;
	out[1] = x[0];
	return 0;
}

static int undefined_eval(double *out, void *ctx, const uint32_t *weights)
{
	(void)ctx;
	(void)weights;
	out[0] = NAN;
	return 0;
}

static int failing_eval(double *out, void *ctx, const uint32_t *weights)
{
	(void)out;
	(void)ctx;
	(void)weights;
	return tly_error_set(TLY_EARG, "failing_eval: on purpose");
}

/*
 * A resampled mean of 4 values lies between their min and max; a
 * statistic that ignores the weights (out[1] = x[0]) has every resample
 * equal, so its interval is [x0, x0] exactly; the same seed repeats the
 * interval; statistics whose value is NaN keep a NaN interval; fewer than
 * two defined resamples give none; an evaluator's error is returned.
 */
static void test_bootstrap_driver(void)
{
	double x[4] = {1.0, 2.0, 4.0, 8.0};
	tly_stats_bootstrap boot = {500, 7, NULL};
	tly_stat s[2], t[2];

	tly_stats__undefined(&s[0]);
	tly_stats__undefined(&s[1]);
	s[0].value = 3.75;
	s[1].value = 1.0;
	memcpy(t, s, sizeof(s));
	CHECK_OK(tly_stats__bootstrap(s, 2, 4, &boot, NULL, weighted_mean, x));
	CHECK_OK(tly_stats__bootstrap(t, 2, 4, &boot, NULL, weighted_mean, x));
	CU_ASSERT(s[0].ci95[0] >= 1.0 && s[0].ci95[1] <= 8.0 && s[0].ci95[0] < s[0].ci95[1]);
	CU_ASSERT(s[0].ci95[0] <= 3.75 && 3.75 <= s[0].ci95[1]);
	CU_ASSERT(s[1].ci95[0] == 1.0 && s[1].ci95[1] == 1.0);
	CU_ASSERT(memcmp(s, t, sizeof(s)) == 0);
	tly_stats__undefined(&s[0]);
	CHECK_OK(tly_stats__bootstrap(s, 2, 4, &boot, NULL, weighted_mean, x));
	CU_ASSERT(isnan(s[0].ci95[0]) && isnan(s[0].ci95[1]));
	s[0].value = 0.5;
	CHECK_OK(tly_stats__bootstrap(s, 1, 4, &boot, NULL, undefined_eval, NULL));
	CU_ASSERT(isnan(s[0].ci95[0]) && isnan(s[0].ci95[1]));
	CU_ASSERT_EQUAL(tly_stats__bootstrap(s, 1, 4, &boot, NULL, failing_eval, NULL), TLY_EARG);
	CHECK_OK(tly_stats__bootstrap(s, 1, 4, NULL, NULL, failing_eval, NULL));
	CHECK_OK(tly_stats__bootstrap(s, 1, 0, &boot, NULL, failing_eval, NULL));
}

/* The weighted mean of the N values of a mean_ctx: one statistic. */
typedef struct {
	const double *x;
	size_t n;
} mean_ctx;

static int mean_n(double *out, void *ctx, const uint32_t *weights)
{
	const mean_ctx *c = ctx;
	double s = 0.0, w = 0.0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		s += (double)weights[i] * c->x[i];
		w += (double)weights[i];
	}
	out[0] = s / w;
	return 0;
}

/* Records whether every resample kept units 0-1 and 2-3 together, and drew 2 groups. */
static int paired_ok;

static int paired_eval(double *out, void *ctx, const uint32_t *weights)
{
	(void)ctx;
	if (weights[0] != weights[1] || weights[2] != weights[3] || weights[0] + weights[2] != 2)
		paired_ok = 0;
	out[0] = (double)weights[0];
	return 0;
}

/*
 * Groups: with group = {5, 5, 9, 9} the 4 units are 2 clusters, so each
 * resample draws 2 groups and both units of a group share its count (units
 * 0 and 1 count w, units 2 and 3 count 2 - w). Through KEPT = {1, 3} the
 * evaluated units 0 and 1 are the caller's units 1 and 3, of different
 * groups. Groups of one (0, 1, 2, 3) draw exactly as no groups at all.
 * Decreasing groups are refused.
 */
static void test_bootstrap_groups(void)
{
	const size_t group[4] = {5, 5, 9, 9}, single[4] = {0, 1, 2, 3}, bad[4] = {0, 2, 1, 3};
	const size_t kept[2] = {1, 3};
	double x[4] = {1.0, 2.0, 4.0, 8.0};
	tly_stats_bootstrap boot = {300, 11, group};
	mean_ctx four, two;
	tly_stat s, t;

	tly_stats__undefined(&s);
	s.value = 1.0;
	paired_ok = 1;
	CHECK_OK(tly_stats__check_boot(&boot, 4, "test"));
	CHECK_OK(tly_stats__bootstrap(&s, 1, 4, &boot, NULL, paired_eval, NULL));
	CU_ASSERT(paired_ok);
	/* w takes the values 0, 1, 2 with chances 1/4, 1/2, 1/4: the percentiles are 0 and 2 */
	CU_ASSERT(s.ci95[0] == 0.0 && s.ci95[1] == 2.0);
	four.x = x;
	four.n = 4;
	two.x = x;
	two.n = 2;
	tly_stats__undefined(&s);
	s.value = 3.75;
	tly_stats__undefined(&t);
	t.value = 3.75;
	boot.group = single;
	CHECK_OK(tly_stats__bootstrap(&s, 1, 4, &boot, NULL, mean_n, &four));
	boot.group = NULL;
	CHECK_OK(tly_stats__bootstrap(&t, 1, 4, &boot, NULL, mean_n, &four));
	CU_ASSERT(s.ci95[0] == t.ci95[0] && s.ci95[1] == t.ci95[1]);
	CU_ASSERT(s.ci95[0] < s.ci95[1]);
	/* kept units 1 and 3 lie in groups 5 and 9: two groups of one unit each */
	boot.group = group;
	tly_stats__undefined(&s);
	s.value = 1.5;
	tly_stats__undefined(&t);
	t.value = 1.5;
	CHECK_OK(tly_stats__bootstrap(&s, 1, 2, &boot, kept, mean_n, &two));
	boot.group = NULL;
	CHECK_OK(tly_stats__bootstrap(&t, 1, 2, &boot, NULL, mean_n, &two));
	CU_ASSERT(s.ci95[0] == t.ci95[0] && s.ci95[1] == t.ci95[1]);
	CU_ASSERT(s.ci95[0] == 1.0 && s.ci95[1] == 2.0);
	boot.group = bad;
	CU_ASSERT_EQUAL(tly_stats__check_boot(&boot, 4, "test"), TLY_EARG);
	CHECK_OK(tly_stats__check_boot(&boot, 2, "test"));
}

/* Compares each resample's weights with a replay of tly_stats__rng_below draws. */
typedef struct {
	size_t n;
	tly_stats__rng replay;
	uint32_t *want;
	int same;
} replay_ctx;

static int replay_eval(double *out, void *ctx, const uint32_t *weights)
{
	replay_ctx *c = ctx;
	size_t t;

	out[0] = 0.0;
	if (!weights)
		return 0;
	memset(c->want, 0, c->n * sizeof(*c->want));
	for (t = 0; t < c->n; t++)
		c->want[tly_stats__rng_below(&c->replay, c->n)]++;
	if (memcmp(c->want, weights, c->n * sizeof(*weights)) != 0)
		c->same = 0;
	return 0;
}

/*
 * The bootstrap's draws (a division-free remainder, Lemire et al. 2019)
 * are exactly tly_stats__rng_below's: the same weights, resample after
 * resample, for sizes from 1 to past 2^20 (odd, even, powers of two).
 */
static void test_bootstrap_draws(void)
{
	static const size_t sizes[] = {1, 2, 3, 10, 1000, 65536, 65537, 1048583};
	tly_stats_bootstrap boot = {3, 42, NULL};
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		replay_ctx c;
		tly_stat s;

		c.n = sizes[i];
		c.same = 1;
		c.want = tly_calloc(c.n, sizeof(*c.want));
		CU_ASSERT_PTR_NOT_NULL_FATAL(c.want);
		tly_stats__rng_seed(&c.replay, 42);
		tly_stats__undefined(&s);
		s.value = 0.0;
		CHECK_OK(tly_stats__bootstrap(&s, 1, c.n, &boot, NULL, replay_eval, &c));
		CU_ASSERT(c.same);
		tly_free(c.want);
	}
}

TLY_TESTS("agree_interval",
	  {"wilson_newcombe", test_wilson_newcombe},
	  {"wilson_edges", test_wilson_edges},
	  {"rng", test_rng},
	  {"bootstrap_driver", test_bootstrap_driver},
	  {"bootstrap_groups", test_bootstrap_groups},
	  {"bootstrap_draws", test_bootstrap_draws})
