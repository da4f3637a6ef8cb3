/*
 * 95% intervals (src/agree/interval.c) and their generator
 * (src/agree/stats_rng.c): Wilson intervals against Newcombe's (1998)
 * worked examples, splitmix64 against its reference outputs, the draws
 * against a replay written from their definition (agree/boot_replay.h),
 * and the bootstrap driver on statistics whose resampled values are known,
 * on 1 to 4 threads.
 */
#include <math.h>
#include <string.h>

#include "agree/boot_replay.h"
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
 * 0x06c45d188009454f; stream k of seed 0 is its output k. Bounded draws
 * stay in range and, over 30000 draws of [0, 3), each value lands 10000 +-
 * 500 times (about 8 standard deviations of a fair generator).
 */
static void test_rng(void)
{
	tly_stats__rng r;
	size_t hits[3] = {0, 0, 0}, i, out_of_range = 0;

	tly_stats__rng_seed(&r, 0);
	CU_ASSERT(tly_stats__rng_next(&r) == UINT64_C(0xe220a8397b1dcdaf));
	CU_ASSERT(tly_stats__rng_next(&r) == UINT64_C(0x6e789e6aa1b965f4));
	CU_ASSERT(tly_stats__rng_next(&r) == UINT64_C(0x06c45d188009454f));
	CU_ASSERT(tly_stats__rng_stream(0, 0) == UINT64_C(0xe220a8397b1dcdaf));
	CU_ASSERT(tly_stats__rng_stream(0, 2) == UINT64_C(0x06c45d188009454f));
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
	/* a bound above 2^63: a draw is below it, and the top half of the range is reached */
	for (i = 0, out_of_range = 0; i < 1000; i++)
		out_of_range += tly_stats__rng_below(&r, (size_t)UINT64_C(0xc000000000000001)) >=
				(size_t)UINT64_C(0x8000000000000000);
	CU_ASSERT(out_of_range > 250 && out_of_range < 420); /* 1/3 of 1000 */
}

/*
 * A resample's counts are the replay's (32-bit halves, Lemire's rejection,
 * stream r of the seed), for sizes from 1 to past 2^20 (odd, even, powers
 * of two); they add up to N; through a map, each slot holds the sum of its
 * things' counts.
 */
static void test_counts(void)
{
	static const uint32_t sizes[] = {1, 2, 3, 10, 1000, 65536, 65537, 1048583};
	const uint32_t map[5] = {2, 0, 2, 1, 2};
	uint32_t got[3], want5[5];
	size_t i, r, t;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint32_t n = sizes[i], *c = tly_calloc(n, sizeof(*c)), *want = tly_calloc(n, sizeof(*want));
		uint64_t total = 0;

		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT_PTR_NOT_NULL_FATAL(want);
		for (r = 0; r < 3; r++) {
			tly_stats__rng g;

			tly_stats__rng_seed(&g, tly_stats__rng_stream(42, r));
			tly_stats__rng_counts(c, n, NULL, n, &g);
			br_counts(want, n, 42, r);
			CU_ASSERT(memcmp(c, want, n * sizeof(*c)) == 0);
		}
		for (t = 0; t < n; t++)
			total += c[t];
		CU_ASSERT_EQUAL(total, n);
		tly_free(c);
		tly_free(want);
	}
	for (r = 0; r < 20; r++) {
		tly_stats__rng g;

		tly_stats__rng_seed(&g, tly_stats__rng_stream(7, r));
		tly_stats__rng_counts(got, 3, map, 5, &g);
		br_counts(want5, 5, 7, r);
		CU_ASSERT_EQUAL(got[0], want5[1]);
		CU_ASSERT_EQUAL(got[1], want5[3]);
		CU_ASSERT_EQUAL(got[2], want5[0] + want5[2] + want5[4]);
	}
}

/* Evaluators for the driver (two statistics: weighted mean of CTX, CTX[0]); one never defined; one failing. */
static int weighted_mean(double *out, const void *ctx, const uint32_t *weights, double *scratch)
{
	const double *x = ctx;
	double s = 0.0, w = 0.0;
	size_t i;

	(void)scratch;
	for (i = 0; i < 4; i++) {
		s += (double)weights[i] * x[i];
		w += (double)weights[i];
	}
	out[0] = s / w;
	out[1] = x[0];
	return 0;
}

static int undefined_eval(double *out, const void *ctx, const uint32_t *weights, double *scratch)
{
	(void)ctx;
	(void)weights;
	(void)scratch;
	out[0] = NAN;
	return 0;
}

static int failing_eval(double *out, const void *ctx, const uint32_t *weights, double *scratch)
{
	(void)out;
	(void)ctx;
	(void)weights;
	(void)scratch;
	return tly_error_set(TLY_EARG, "failing_eval: on purpose");
}

/* Two statistics with values V0, V1 and no interval yet. */
static void two_stats(tly_stat *s, double v0, double v1)
{
	tly_stats__undefined(&s[0]);
	tly_stats__undefined(&s[1]);
	s[0].value = v0;
	s[1].value = v1;
}

/*
 * A resampled mean of 4 values lies between their min and max; a
 * statistic that ignores the weights (out[1] = x[0]) has every resample
 * equal, so its interval is [x0, x0] exactly; the same seed repeats the
 * interval; statistics whose value is NaN keep a NaN interval (and when
 * all are, nothing is evaluated: the failing evaluator is never called);
 * fewer than two defined resamples give none; an evaluator's error is
 * returned.
 */
static void test_bootstrap_driver(void)
{
	double x[4] = {1.0, 2.0, 4.0, 8.0};
	tly_stats_bootstrap boot = {500, 7, NULL, 0};
	tly_stats__resampler rs = {2, 4, NULL, 0, 0, weighted_mean, x};
	tly_stat s[2], t[2];

	two_stats(s, 3.75, 1.0);
	two_stats(t, 3.75, 1.0);
	CHECK_OK(tly_stats__bootstrap(s, &rs, &boot));
	CHECK_OK(tly_stats__bootstrap(t, &rs, &boot));
	CU_ASSERT(s[0].ci95[0] >= 1.0 && s[0].ci95[1] <= 8.0 && s[0].ci95[0] < s[0].ci95[1]);
	CU_ASSERT(s[0].ci95[0] <= 3.75 && 3.75 <= s[0].ci95[1]);
	CU_ASSERT(s[1].ci95[0] == 1.0 && s[1].ci95[1] == 1.0);
	CU_ASSERT(memcmp(s, t, sizeof(s)) == 0);
	two_stats(s, NAN, 1.0);
	CHECK_OK(tly_stats__bootstrap(s, &rs, &boot));
	CU_ASSERT(isnan(s[0].ci95[0]) && isnan(s[0].ci95[1]));
	rs.n_stats = 1;
	rs.eval = undefined_eval;
	two_stats(s, 0.5, 0.5);
	CHECK_OK(tly_stats__bootstrap(s, &rs, &boot));
	CU_ASSERT(isnan(s[0].ci95[0]) && isnan(s[0].ci95[1]));
	rs.eval = failing_eval;
	CU_ASSERT_EQUAL(tly_stats__bootstrap(s, &rs, &boot), TLY_EARG);
	CHECK_OK(tly_stats__bootstrap(s, &rs, NULL));
	two_stats(s, NAN, NAN);
	CHECK_OK(tly_stats__bootstrap(s, &rs, &boot));
	two_stats(s, 0.5, 0.5);
	rs.n_groups = 0;
	CHECK_OK(tly_stats__bootstrap(s, &rs, &boot));
	boot.resamples = 0;
	rs.n_groups = 4;
	CHECK_OK(tly_stats__bootstrap(s, &rs, &boot));
}

/* The weighted mean of the N values of a mean_ctx: one statistic. */
typedef struct {
	const double *x;
	size_t n;
} mean_ctx;

static int mean_n(double *out, const void *ctx, const uint32_t *weights, double *scratch)
{
	const mean_ctx *c = ctx;
	double s = 0.0, w = 0.0;
	size_t i;

	(void)scratch;
	for (i = 0; i < c->n; i++) {
		s += (double)weights[i] * c->x[i];
		w += (double)weights[i];
	}
	out[0] = s / w;
	return 0;
}

/*
 * Two groups: a resample draws 2, so the first group's weight w is 0, 1
 * or 2 with chances 1/4, 1/2, 1/4, and a statistic equal to w has
 * percentiles 0 and 2 (300 resamples: w = 0 and w = 2 each come about 75
 * times, far more than 2.5%). The interval is also exactly the replay's:
 * the same draws, the same type-7 quantiles.
 */
static int first_weight(double *out, const void *ctx, const uint32_t *weights, double *scratch)
{
	(void)ctx;
	(void)scratch;
	out[0] = (double)weights[0];
	return 0;
}

static void test_bootstrap_enumerated(void)
{
	tly_stats_bootstrap boot = {300, 11, NULL, 0};
	tly_stats__resampler rs = {1, 2, NULL, 0, 0, first_weight, NULL};
	double v[300], ci[2];
	uint32_t c[2];
	tly_stat s;
	size_t r;

	tly_stats__undefined(&s);
	s.value = 1.0;
	CHECK_OK(tly_stats__bootstrap(&s, &rs, &boot));
	CU_ASSERT(s.ci95[0] == 0.0 && s.ci95[1] == 2.0);
	for (r = 0; r < 300; r++) {
		br_counts(c, 2, 11, r);
		v[r] = (double)c[0];
	}
	br_interval(ci, v, 300);
	CU_ASSERT(s.ci95[0] == ci[0] && s.ci95[1] == ci[1]);
}

/*
 * Types: groups 0..4 of types {2, 0, 2, 1, 2}; the evaluator sees one
 * weight per type, adding up to the 5 draws, and a statistic of the
 * weights (type 2's share) has exactly the replay's interval with type
 * 2's weight the sum of groups 0, 2 and 4.
 */
static int type2_share(double *out, const void *ctx, const uint32_t *weights, double *scratch)
{
	(void)ctx;
	(void)scratch;
	out[0] = weights[0] + weights[1] + weights[2] == 5 ? (double)weights[2] / 5.0 : -1.0;
	return 0;
}

static void test_bootstrap_types(void)
{
	const uint32_t type_of[5] = {2, 0, 2, 1, 2};
	tly_stats_bootstrap boot = {400, 5, NULL, 0};
	tly_stats__resampler rs = {1, 5, type_of, 3, 0, type2_share, NULL};
	double v[400], ci[2];
	uint32_t c[5];
	tly_stat s;
	size_t r;

	tly_stats__undefined(&s);
	s.value = 0.6;
	CHECK_OK(tly_stats__bootstrap(&s, &rs, &boot));
	for (r = 0; r < 400; r++) {
		br_counts(c, 5, 5, r);
		v[r] = (double)(c[0] + c[2] + c[4]) / 5.0;
	}
	br_interval(ci, v, 400);
	CU_ASSERT(s.ci95[0] == ci[0] && s.ci95[1] == ci[1]);
	CU_ASSERT(s.ci95[0] >= 0.0 && s.ci95[0] < 0.6 && 0.6 < s.ci95[1]);
}

/*
 * Threads: every resample is drawn from its own stream, so 1, 2, 3 and 4
 * threads give the same bytes. With 3 resamples of a statistic that hashes
 * all the weights, the interval (both quantiles interpolate between all
 * three values) pins every resample's draws, and equals the replay's; with
 * 997 resamples (not a multiple of any thread count) of a mean, the
 * interval is the same bytes each time.
 */
static int weights_hash(double *out, const void *ctx, const uint32_t *weights, double *scratch)
{
	uint64_t h = 0;
	size_t i;

	(void)ctx;
	(void)scratch;
	for (i = 0; i < 1000; i++)
		h = br_mix(h + weights[i]);
	out[0] = (double)(h >> 11);
	return 0;
}

static void test_bootstrap_threads(void)
{
	double x[1000], v[3], ci[2];
	uint32_t c[1000];
	mean_ctx m = {x, 1000};
	tly_stats_bootstrap boot = {3, 99, NULL, 1};
	tly_stats__resampler hash = {1, 1000, NULL, 0, 0, weights_hash, NULL};
	tly_stats__resampler mean = {1, 1000, NULL, 0, 0, mean_n, &m};
	tly_stat s[5], t[5];
	size_t r, i;
	int k;

	for (i = 0; i < 1000; i++)
		x[i] = (double)((i * 7919) % 1000) / 10.0;
	for (r = 0; r < 3; r++) {
		uint64_t h = 0;

		br_counts(c, 1000, 99, r);
		for (i = 0; i < 1000; i++)
			h = br_mix(h + c[i]);
		v[r] = (double)(h >> 11);
	}
	br_interval(ci, v, 3);
	for (k = 1; k <= 4; k++) {
		tly_stats__undefined(&s[k]);
		s[k].value = 0.0;
		boot.threads = k;
		boot.resamples = 3;
		CHECK_OK(tly_stats__bootstrap(&s[k], &hash, &boot));
		CU_ASSERT(s[k].ci95[0] == ci[0] && s[k].ci95[1] == ci[1]);
		tly_stats__undefined(&t[k]);
		t[k].value = 49.95;
		boot.resamples = 997;
		CHECK_OK(tly_stats__bootstrap(&t[k], &mean, &boot));
		CU_ASSERT(memcmp(&t[k], &t[1], sizeof(t[k])) == 0);
	}
	CU_ASSERT(t[1].ci95[0] < 49.95 && 49.95 < t[1].ci95[1]);
}

/*
 * Group indices: {5, 5, 9, 9} is groups {0, 0, 1, 1}; through KEPT = {1,
 * 3} the evaluated units are the caller's 1 and 3, groups {0, 1}; without
 * groups each unit is its own. Bad bootstraps: decreasing groups, threads
 * outside 0 .. 1024, too many resamples.
 */
static void test_groups_and_checks(void)
{
	const size_t group[4] = {5, 5, 9, 9}, bad[4] = {0, 2, 1, 3}, kept[2] = {1, 3};
	tly_stats_bootstrap boot = {300, 11, group, 0};
	size_t out[4];

	CU_ASSERT_EQUAL(tly_stats__group_index(out, 4, group, NULL), 2);
	CU_ASSERT(out[0] == 0 && out[1] == 0 && out[2] == 1 && out[3] == 1);
	CU_ASSERT_EQUAL(tly_stats__group_index(out, 2, group, kept), 2);
	CU_ASSERT(out[0] == 0 && out[1] == 1);
	CU_ASSERT_EQUAL(tly_stats__group_index(out, 3, NULL, NULL), 3);
	CU_ASSERT(out[0] == 0 && out[1] == 1 && out[2] == 2);
	CU_ASSERT_EQUAL(tly_stats__group_index(out, 2, NULL, kept), 2);
	CU_ASSERT(out[0] == 0 && out[1] == 1);
	CHECK_OK(tly_stats__check_boot(&boot, 4, "test"));
	CHECK_OK(tly_stats__check_boot(NULL, 4, "test"));
	boot.group = bad;
	CU_ASSERT_EQUAL(tly_stats__check_boot(&boot, 4, "test"), TLY_EARG);
	CHECK_OK(tly_stats__check_boot(&boot, 2, "test"));
	boot.threads = 1024;
	CHECK_OK(tly_stats__check_boot(&boot, 2, "test"));
	boot.threads = 1025;
	CU_ASSERT_EQUAL(tly_stats__check_boot(&boot, 2, "test"), TLY_EARG);
	boot.threads = -1;
	CU_ASSERT_EQUAL(tly_stats__check_boot(&boot, 2, "test"), TLY_EARG);
	boot.threads = 0;
	boot.resamples = TLY_STATS_MAX_RESAMPLES + 1u;
	CU_ASSERT_EQUAL(tly_stats__check_boot(&boot, 2, "test"), TLY_EARG);
}

TLY_TESTS("agree_interval",
	  {"wilson_newcombe", test_wilson_newcombe},
	  {"wilson_edges", test_wilson_edges},
	  {"rng", test_rng},
	  {"counts", test_counts},
	  {"bootstrap_driver", test_bootstrap_driver},
	  {"bootstrap_enumerated", test_bootstrap_enumerated},
	  {"bootstrap_types", test_bootstrap_types},
	  {"bootstrap_threads", test_bootstrap_threads},
	  {"groups_and_checks", test_groups_and_checks})
