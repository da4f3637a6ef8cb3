/*
 * STAPLE (src/agree/staple.c): a 5 x 4 case whose fixed point is worked by
 * hand (and by an independent dense per-pixel EM, tests' comment below), and
 * a synthetic case with known raters where STAPLE must recover the rates
 * and beat the majority vote.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tally/staple.h"
#include "util/alloc.h"

#define H 4
#define W 5

static void mask_of(tly_rle *out, const int (*pts)[2], size_t n, int h, int w)
{
	uint8_t *m = calloc((size_t)h * (size_t)w, 1);
	size_t i;

	for (i = 0; i < n; i++)
		m[pts[i][0] * h + pts[i][1]] = 1; /* column-major: x * h + y */
	CHECK_OK(tly_rle_encode(out, m, h, w));
	free(m);
}

/*
 * Truth: x 1..3, y 1..2 (6 of 20 pixels). r0 = truth; r1 = truth + (4,1);
 * r2 = truth - (1,1) + (0,3) + (4,3). Prior = (6 + 7 + 7) / (20 * 3) = 1/3.
 * EM settles with the truth as the consensus (posteriors 0 or 1), where the
 * rates are counts: r0 sensitivity 6/6, specificity 14/14; r1 6/6, 13/14;
 * r2 5/6, 12/14 = 6/7. An independent per-pixel EM (same start 0.99, same
 * stopping rule) stops after 14 iterations at 0.99999999998960, 1, 0.83333333332467
 * and 1, 0.92857142857557, 0.85714285714222.
 */
static void test_worked(void)
{
	static const int t[6][2] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}, {3, 2}};
	static const int a1[7][2] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}, {3, 2}, {4, 1}};
	static const int a2[7][2] = {{1, 2}, {2, 1}, {2, 2}, {3, 1}, {3, 2}, {0, 3}, {4, 3}};
	tly_rle m[3], truth;
	tly_staple_result r;
	double iou;

	mask_of(&m[0], t, 6, H, W);
	mask_of(&m[1], a1, 7, H, W);
	mask_of(&m[2], a2, 7, H, W);
	mask_of(&truth, t, 6, H, W);
	CHECK_OK(tly_staple(&r, m, 3, NULL));
	CHECK_NEAR(r.prior, 1.0 / 3.0, 1e-15);
	CU_ASSERT(r.converged);
	CU_ASSERT_EQUAL(r.iterations, 14);
	CHECK_NEAR(r.sensitivity[0], 1.0, 1e-9);
	CHECK_NEAR(r.specificity[0], 1.0, 1e-9);
	CHECK_NEAR(r.sensitivity[1], 1.0, 1e-9);
	CHECK_NEAR(r.specificity[1], 13.0 / 14.0, 1e-9);
	CHECK_NEAR(r.sensitivity[2], 5.0 / 6.0, 1e-9);
	CHECK_NEAR(r.specificity[2], 6.0 / 7.0, 1e-9);
	CU_ASSERT_EQUAL(r.area, 6);
	CHECK_NEAR(r.mean_posterior, 1.0, 1e-9);
	CHECK_OK(tly_rle_iou(&iou, &r.consensus, &truth, 0));
	CHECK_NEAR(iou, 1.0, 0);
	tly_staple_result_clear(&r);
	tly_rle_clear(&m[0]);
	tly_rle_clear(&m[1]);
	tly_rle_clear(&m[2]);
	tly_rle_clear(&truth);
}

/* A deterministic uniform in [0, 1) (splitmix64), so the data are the same everywhere. */
static double uniform(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

/*
 * 200 x 200, truth a disc of radius 60 (about 11,300 pixels in, 28,700 out).
 * Two careful raters (sensitivity 0.95, specificity 0.99) and three careless
 * ones (0.55, 0.93): a careless majority outvotes the careful pair. STAPLE
 * must find each rater's rates within 0.01 of the rates measured on the
 * generated masks, and disagree with the truth on fewer pixels than the
 * majority vote does.
 */
static void test_recovers_raters(void)
{
	enum { S = 200, K = 5 };
	static const double sens[K] = {0.95, 0.95, 0.55, 0.55, 0.55};
	static const double spec[K] = {0.99, 0.99, 0.93, 0.93, 0.93};
	uint8_t *truth = calloc(S * S, 1), *m = calloc(S * S, 1), *back = calloc(S * S, 1);
	uint64_t seed = 42, in = 0, out = 0, tp[K] = {0}, tn[K] = {0}, err_staple = 0, err_major = 0;
	tly_rle masks[K], major;
	tly_staple_result r;
	size_t i, j;

	for (i = 0; i < S * S; i++) {
		double x = (double)(i / S) + 0.5 - 100, y = (double)(i % S) + 0.5 - 100;

		truth[i] = x * x + y * y <= 60.0 * 60.0;
		in += truth[i];
		out += !truth[i];
	}
	for (j = 0; j < K; j++) {
		for (i = 0; i < S * S; i++) {
			double u = uniform(&seed);

			m[i] = truth[i] ? u < sens[j] : u >= spec[j];
			tp[j] += truth[i] && m[i];
			tn[j] += !truth[i] && !m[i];
		}
		CHECK_OK(tly_rle_encode(&masks[j], m, S, S));
	}
	CHECK_OK(tly_staple(&r, masks, K, NULL));
	CU_ASSERT(r.converged);
	for (j = 0; j < K; j++) {
		CHECK_NEAR(r.sensitivity[j], (double)tp[j] / (double)in, 0.01);
		CHECK_NEAR(r.specificity[j], (double)tn[j] / (double)out, 0.01);
	}
	CHECK_OK(tly_rle_decode(back, S * S, &r.consensus));
	for (i = 0; i < S * S; i++)
		err_staple += back[i] != truth[i];
	CHECK_OK(tly_rle_merge(&major, masks, K, TLY_RLE_MAJORITY));
	CHECK_OK(tly_rle_decode(back, S * S, &major));
	for (i = 0; i < S * S; i++)
		err_major += back[i] != truth[i];
	CU_ASSERT(err_staple < err_major);
	if (!(err_staple < err_major))
		fprintf(stderr, "staple %llu vs majority %llu wrong pixels\n",
			(unsigned long long)err_staple, (unsigned long long)err_major);
	tly_staple_result_clear(&r);
	tly_rle_clear(&major);
	for (j = 0; j < K; j++)
		tly_rle_clear(&masks[j]);
	free(truth);
	free(m);
	free(back);
}

/* Empty masks: nothing is likely in; the rates keep their start; the consensus is empty. */
static void test_all_empty(void)
{
	uint8_t zero[6] = {0};
	tly_rle m[2];
	tly_staple_result r;

	CHECK_OK(tly_rle_encode(&m[0], zero, 2, 3));
	CHECK_OK(tly_rle_encode(&m[1], zero, 2, 3));
	CHECK_OK(tly_staple(&r, m, 2, NULL));
	CHECK_NEAR(r.prior, 0, 0);
	CHECK_NEAR(r.sensitivity[0], 0.99, 0);
	CU_ASSERT_EQUAL(r.area, 0);
	CU_ASSERT(isnan(r.mean_posterior));
	tly_staple_result_clear(&r);
	tly_rle_clear(&m[0]);
	tly_rle_clear(&m[1]);
}

static void test_bad_arguments(void)
{
	tly_staple_options o = TLY_STAPLE_OPTIONS_INIT;
	uint8_t one[4] = {1, 0, 0, 0};
	tly_rle m[2];
	tly_staple_result r;

	CHECK_OK(tly_rle_encode(&m[0], one, 2, 2));
	CHECK_OK(tly_rle_encode(&m[1], one, 1, 4));
	CU_ASSERT_EQUAL(tly_staple(&r, m, 2, NULL), TLY_EARG); /* sizes differ */
	CU_ASSERT_EQUAL(tly_staple(&r, m, 0, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_staple(&r, m, TLY_RLE_MAX_PATTERN_MASKS + 1, NULL), TLY_EARG);
	o.init_sensitivity = 1.0;
	CU_ASSERT_EQUAL(tly_staple(&r, m, 1, &o), TLY_EARG);
	tly_rle_clear(&m[0]);
	tly_rle_clear(&m[1]);
}

/*
 * tly_staple_patterns on test_worked's case given as pattern counts (bits
 * r0 = 1, r1 = 2, r2 = 4): truth pixels (1,1) {r0, r1} = 3 and five {all} =
 * 7; outside (4,1) {r1} = 2, (0,3) and (4,3) {r2} = 4, the other 11 none.
 * Same EM, so the same rates, prior and iterations as test_worked; the
 * posteriors of the patterns are ~1 for 3 and 7 and ~0 for 0, 2 and 4.
 */
static void test_patterns(void)
{
	double counts[8] = {11, 0, 1, 1, 2, 0, 0, 5}, bad[2] = {1, -1};
	tly_staple_result r;

	CHECK_OK(tly_staple_patterns(&r, counts, 3, NULL));
	CU_ASSERT_EQUAL(r.k, 3);
	CHECK_NEAR(r.prior, 1.0 / 3.0, 1e-15);
	CU_ASSERT(r.converged);
	CU_ASSERT_EQUAL(r.iterations, 14);
	CHECK_NEAR(r.sensitivity[1], 1.0, 1e-9);
	CHECK_NEAR(r.specificity[1], 13.0 / 14.0, 1e-9);
	CHECK_NEAR(r.sensitivity[2], 5.0 / 6.0, 1e-9);
	CHECK_NEAR(r.specificity[2], 6.0 / 7.0, 1e-9);
	CU_ASSERT_EQUAL(r.area, 6);
	CU_ASSERT_EQUAL(r.consensus.counts, NULL);
	CHECK_NEAR(tly_staple_posterior(&r, 7), 1.0, 1e-9);
	CHECK_NEAR(tly_staple_posterior(&r, 3), 1.0, 1e-9);
	CHECK_NEAR(tly_staple_posterior(&r, 2), 0.0, 1e-9);
	CHECK_NEAR(tly_staple_posterior(&r, 4), 0.0, 1e-9);
	CHECK_NEAR(tly_staple_posterior(&r, 0), 0.0, 1e-9);
	CU_ASSERT_EQUAL(tly_staple_patterns(&r, bad, 1, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_staple_patterns(&r, counts, 0, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_staple_patterns(&r, NULL, 3, NULL), TLY_EARG);
}

TLY_TESTS("agree_staple", {"worked", test_worked}, {"recovers_raters", test_recovers_raters},
	  {"all_empty", test_all_empty}, {"bad_arguments", test_bad_arguments},
	  {"patterns", test_patterns})
