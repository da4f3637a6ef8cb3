/*
 * Dawid-Skene EM (src/agree/dawid_skene.c): the 1979 paper's Table 1 data
 * against its printed estimates, a one-iteration case worked by hand,
 * synthetic data with known confusion matrices (full and one-coin), and
 * degenerate inputs.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tally/dawid_skene.h"
#include "util/alloc.h"

#define DS_DIR "../shared/reference-data/dawid-skene-1979/"

/*
 * Read answers.csv ("p07,o1,3": 1-based patient, observer, class) into OBS
 * as 0-based indices; returns the row count, or -1 when the file is absent.
 */
static long read_answers(tly_dawid_skene_observation *obs, size_t max)
{
	FILE *f = fopen(DS_DIR "answers.csv", "r");
	char line[128], *s, *e;
	unsigned long v[3];
	long n = 0;
	int j;

	if (!f)
		return -1;
	CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof(line), f)); /* header */
	while ((size_t)n < max && fgets(line, sizeof(line), f)) {
		for (s = line + 1, j = 0; j < 3; s = e + (j == 0 ? 2 : 1), j++) {
			v[j] = strtoul(s, &e, 10);
			CU_ASSERT_FATAL(e != s && v[j] >= 1 && v[j] <= 45 && *e == (j < 2 ? ',' : '\n'));
		}
		obs[n++] = (tly_dawid_skene_observation){(uint32_t)(v[0] - 1), (uint32_t)(v[1] - 1),
							 (uint32_t)(v[2] - 1)};
	}
	fclose(f);
	return n;
}

/* The paper's estimates, as the README transcribes them. */
static const double paper_marginals[4] = {0.40, 0.42, 0.11, 0.07};
static const int paper_best[45] = {1, 4, 2, 2, 2, 2, 1, 3, 2, 2, 4, 3, 1, 2, 1, 1, 1, 1, 2, 2, 2, 2,
				   2, 2, 1, 1, 2, 1, 1, 1, 1, 3, 1, 2, 2, 4, 2, 3, 3, 1, 1, 1,
				   2, 1, 2};
static const struct {
	size_t patient;
	double t[4];
} paper_soft[3] = {
	{7, {0.98, 0.02, 0, 0}}, {35, {0, 0.95, 0.05, 0}}, {38, {0, 0.02, 0.98, 0}}};
/* [observer][true][observed] */
static const double paper_pi[5][4][4] = {
	{{0.89, 0.11, 0, 0}, {0.07, 0.88, 0.05, 0}, {0, 0.34, 0.66, 0}, {0, 0, 0.56, 0.44}},
	{{0.83, 0.17, 0, 0}, {0.05, 0.63, 0.31, 0}, {0, 0, 1.0, 0}, {0, 0, 0, 1.0}},
	{{1.0, 0, 0, 0}, {0.11, 0.79, 0.11, 0}, {0, 0.4, 0.2, 0.4}, {0, 0, 0.67, 0.33}},
	{{0.94, 0.06, 0, 0}, {0.05, 0.84, 0.1, 0}, {0, 0, 0.8, 0.2}, {0, 0, 0.33, 0.67}},
	{{1.0, 0, 0, 0}, {0.16, 0.73, 0.11, 0}, {0, 0.21, 0.79, 0}, {0, 0, 0.33, 0.67}}};

/*
 * A value printed to 2 decimals is within 0.005 of the exact one. No slack
 * is needed: the widest gap is 0.0047 (observer 3, true 2, observed 3:
 * 0.1053 against 0.11), and at the default tolerance EM sits within 1e-9
 * of its fixed point, far below that margin.
 */
#define PAPER_TOL 0.005

/* Every posterior and rate of A and B (45 x 4, 5 x 4 x 4) within TOL. */
static void check_same(const tly_dawid_skene_result *a, const tly_dawid_skene_result *b, double tol)
{
	size_t i;

	CHECK_NEAR(a->log_likelihood, b->log_likelihood, tol);
	for (i = 0; i < 45 * 4; i++)
		CHECK_NEAR(a->posteriors[i], b->posteriors[i], tol);
	for (i = 0; i < 5 * 16; i++)
		CHECK_NEAR(a->confusion[i], b->confusion[i], tol);
}

static void test_paper_1979(void)
{
	tly_dawid_skene_observation obs[400], rev[400];
	tly_dawid_skene_options o = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result r, r2;
	double want[45 * 4];
	long n = read_answers(obs, 400);
	size_t i, k;

	if (n < 0) {
		printf("\n  note: %s absent, paper check skipped\n", DS_DIR "answers.csv");
		return;
	}
	/* 45 patients x (3 ratings by observer 1 + 4 observers) = 315 rows. */
	CU_ASSERT_EQUAL_FATAL(n, 315);
	CHECK_OK(tly_dawid_skene_estimate(&r, obs, (size_t)n, 45, 5, 4, NULL));
	CU_ASSERT_EQUAL(r.converged, 1);
	for (k = 0; k < 4; k++)
		CHECK_NEAR(r.marginals[k], paper_marginals[k], PAPER_TOL);
	for (i = 0; i < 45; i++)
		CHECK_NEAR(tly_dawid_skene_best(&r, i) + 1, paper_best[i], 0);
	/* Every patient but the three listed is 1.00 on the best class. */
	for (i = 0; i < 45 * 4; i++)
		want[i] = (int)(i % 4) + 1 == paper_best[i / 4] ? 1.0 : 0.0;
	for (i = 0; i < 3; i++)
		memcpy(want + (paper_soft[i].patient - 1) * 4, paper_soft[i].t, sizeof(paper_soft[i].t));
	for (i = 0; i < 45 * 4; i++)
		CHECK_NEAR(r.posteriors[i], want[i], PAPER_TOL);
	for (i = 0; i < 5 * 16; i++)
		CHECK_NEAR(r.confusion[i], (&paper_pi[0][0][0])[i], PAPER_TOL);
	/* The input order must not matter: reversed rows, the same estimate. */
	for (i = 0; i < (size_t)n; i++)
		rev[i] = obs[(size_t)n - 1 - i];
	CHECK_OK(tly_dawid_skene_estimate(&r2, rev, (size_t)n, 45, 5, 4, NULL));
	CU_ASSERT_EQUAL(r2.iterations, r.iterations);
	check_same(&r, &r2, 1e-12);
	tly_dawid_skene_result_clear(&r2);
	/* Run on to the fixed point (tolerance 0: until the likelihood stops
	 * changing at all, or 5000 iterations): the default stop is within
	 * 1e-9 of it. */
	o.tolerance = 0.0;
	o.max_iterations = 5000;
	CHECK_OK(tly_dawid_skene_estimate(&r2, obs, (size_t)n, 45, 5, 4, &o));
	check_same(&r, &r2, 1e-9);
	tly_dawid_skene_result_clear(&r2);
	tly_dawid_skene_result_clear(&r);
}

/*
 * Two items, two workers, two classes. Item 0: both say 0; item 1: worker 0
 * says 1, worker 1 says 0.
 * Start: T0 = [1, 0], T1 = [1/2, 1/2].
 * M-step: p = ([1 + 1/2] / 2, [0 + 1/2] / 2) = [3/4, 1/4].
 *   worker 0, true 0: label 0 weight 1 (item 0), label 1 weight 1/2 (item 1)
 *     -> [2/3, 1/3]; true 1: label 1 weight 1/2 -> [0, 1].
 *   worker 1, true 0: label 0 weight 1 + 1/2 -> [1, 0]; true 1: label 0
 *     weight 1/2 -> [1, 0].
 * E-step: item 0: class 0 3/4 * 2/3 * 1 = 1/2, class 1 1/4 * 0 = 0 -> [1, 0];
 *   item 1: class 0 3/4 * 1/3 * 1 = 1/4, class 1 1/4 * 1 * 1 = 1/4
 *   -> [1/2, 1/2]. The start is a fixed point.
 * log-likelihood = log(1/2) + log(1/2) = -log 4.
 * With one iteration allowed: not converged; with more, the second
 * iteration repeats the first and EM stops there (2 iterations).
 */
static const tly_dawid_skene_observation hand_obs[4] = {{0, 0, 0}, {0, 1, 0}, {1, 0, 1}, {1, 1, 0}};

static void check_hand(const tly_dawid_skene_result *r)
{
	static const double pi[8] = {2.0 / 3, 1.0 / 3, 0, 1, 1, 0, 1, 0};
	static const double post[4] = {1, 0, 0.5, 0.5};
	size_t j;

	CHECK_NEAR(r->marginals[0], 0.75, 1e-12);
	CHECK_NEAR(r->marginals[1], 0.25, 1e-12);
	for (j = 0; j < 8; j++)
		CHECK_NEAR(r->confusion[j], pi[j], 1e-12);
	for (j = 0; j < 4; j++)
		CHECK_NEAR(r->posteriors[j], post[j], 1e-12);
	CHECK_NEAR(r->log_likelihood, -log(4.0), 1e-12);
}

static void test_hand_iteration(void)
{
	tly_dawid_skene_options o = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result r;
	double post[6] = {0.2, 0.5, 0.3, 0.4, 0.2, 0.4};

	o.max_iterations = 1;
	CHECK_OK(tly_dawid_skene_estimate(&r, hand_obs, 4, 2, 2, 2, &o));
	check_hand(&r);
	CU_ASSERT_EQUAL(r.iterations, 1);
	CU_ASSERT_EQUAL(r.converged, 0);
	tly_dawid_skene_result_clear(&r);

	CHECK_OK(tly_dawid_skene_estimate(&r, hand_obs, 4, 2, 2, 2, NULL));
	check_hand(&r);
	CU_ASSERT_EQUAL(r.iterations, 2);
	CU_ASSERT_EQUAL(r.converged, 1);
	tly_dawid_skene_result_clear(&r);

	/* tly_dawid_skene_best on posteriors set by hand (EM's 1/2, 1/2 above
	 * comes from two logarithms and may differ in the last bit): a clear
	 * winner, and an exact tie, which goes to the smaller class. */
	r.n_items = 2;
	r.n_classes = 3;
	r.posteriors = post;
	CU_ASSERT_EQUAL(tly_dawid_skene_best(&r, 0), 1);
	CU_ASSERT_EQUAL(tly_dawid_skene_best(&r, 1), 0);
}

/*
 * The same data, one iteration, smoothing 1 (a pseudo-count on every cell):
 * p = ([1 + 3/2] / [2 + 2], [1 + 1/2] / 4) = [5/8, 3/8].
 * worker 0: true 0 counts [1 + 1, 1 + 1/2] -> [4/7, 3/7]; true 1 [1, 1 + 1/2]
 *   -> [2/5, 3/5]. worker 1: true 0 [1 + 3/2, 1] -> [5/7, 2/7]; true 1
 *   [1 + 1/2, 1] -> [3/5, 2/5].
 * item 0 (labels 0, 0): class 0 5/8 * 4/7 * 5/7 = 100/392, class 1
 *   3/8 * 2/5 * 3/5 = 18/200; item 1 (labels 1, 0): class 0
 *   5/8 * 3/7 * 5/7 = 75/392, class 1 3/8 * 3/5 * 3/5 = 27/200.
 */
static void test_hand_smoothing(void)
{
	tly_dawid_skene_options o = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result r;
	double a0 = 100.0 / 392, b0 = 18.0 / 200, a1 = 75.0 / 392, b1 = 27.0 / 200;

	o.max_iterations = 1;
	o.smoothing = 1.0;
	CHECK_OK(tly_dawid_skene_estimate(&r, hand_obs, 4, 2, 2, 2, &o));
	CHECK_NEAR(r.marginals[0], 5.0 / 8, 1e-12);
	CHECK_NEAR(r.confusion[0], 4.0 / 7, 1e-12);
	CHECK_NEAR(r.confusion[3], 3.0 / 5, 1e-12);
	CHECK_NEAR(r.confusion[4], 5.0 / 7, 1e-12);
	CHECK_NEAR(r.confusion[6], 3.0 / 5, 1e-12);
	CHECK_NEAR(r.posteriors[0], a0 / (a0 + b0), 1e-12);
	CHECK_NEAR(r.posteriors[2], a1 / (a1 + b1), 1e-12);
	CHECK_NEAR(r.log_likelihood, log(a0 + b0) + log(a1 + b1), 1e-12);
	tly_dawid_skene_result_clear(&r);
}

/* splitmix64 (Steele, Lea and Flood 2014), top 53 bits: uniform in [0, 1). */
static double rng_unit(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

/* A draw from the discrete distribution P[0..k). */
static uint32_t rng_pick(uint64_t *s, const double *p, size_t k)
{
	double u = rng_unit(s);
	size_t c = 0;

	while (c + 1 < k && (u -= p[c]) >= 0.0)
		c++;
	return (uint32_t)c;
}

/*
 * Items with a true class drawn from PRIOR; worker w labels each item with
 * probability COVER[w] (missing labels), drawing the label from row
 * truth of PI[w]. Returns the observation count; TRUTH[i] is item i's class.
 */
static size_t generate(tly_dawid_skene_observation *obs, uint32_t *truth, uint64_t seed,
		       size_t n_items, size_t n_workers, size_t k, const double *prior,
		       const double *pi, const double *cover)
{
	size_t i, w, n = 0;

	for (i = 0; i < n_items; i++) {
		truth[i] = rng_pick(&seed, prior, k);
		for (w = 0; w < n_workers; w++) {
			if (rng_unit(&seed) >= cover[w])
				continue;
			obs[n++] = (tly_dawid_skene_observation){
				(uint32_t)i, (uint32_t)w, rng_pick(&seed, pi + (w * k + truth[i]) * k, k)};
		}
	}
	return n;
}

/*
 * Share of items whose true class EM's best class (*em) and plain plurality
 * of the labels (*mv, ties to the smaller class) get right.
 */
static void accuracies(double *em, double *mv, const tly_dawid_skene_result *r,
		       const tly_dawid_skene_observation *obs, size_t n, const uint32_t *truth)
{
	size_t i, c, k = r->n_classes, em_right = 0, mv_right = 0;
	unsigned *votes = calloc(r->n_items * k, sizeof(*votes));

	CU_ASSERT_PTR_NOT_NULL_FATAL(votes);
	for (i = 0; i < n; i++)
		votes[obs[i].item * k + obs[i].label]++;
	for (i = 0; i < r->n_items; i++) {
		size_t best = 0;

		for (c = 1; c < k; c++)
			best = votes[i * k + c] > votes[i * k + best] ? c : best;
		mv_right += best == truth[i] ? 1 : 0;
		em_right += tly_dawid_skene_best(r, i) == truth[i] ? 1 : 0;
	}
	free(votes);
	*em = (double)em_right / (double)r->n_items;
	*mv = (double)mv_right / (double)r->n_items;
}

#define SYN_ITEMS 3000
#define SYN_WORKERS 5

/*
 * Five workers, three classes, accuracy 0.9 down to 0.45, each with its own
 * pattern of confusions (worker 4 mistakes k for k + 1 as often as it is
 * right), each labelling 90% of the items.
 * Tolerance 0.05 on every confusion entry: with 3000 items and prior
 * (0.45, 0.35, 0.2) the rarest class has about 3000 * 0.2 * 0.9 = 540
 * labels per worker, so an entry's sampling standard deviation is at most
 * sqrt(0.25 / 540) = 0.022; 0.05 is over two of those for the worst
 * entries (p near 1/2) and more for the others (2.9 at p = 0.2). The EM's own error beyond
 * sampling is checked against the confusion counted with the known truth
 * (0.03: the posteriors are sharp, so EM counts nearly the same labels).
 */
static const double syn_pi[SYN_WORKERS][3][3] = {
	{{0.90, 0.07, 0.03}, {0.05, 0.90, 0.05}, {0.03, 0.07, 0.90}},
	{{0.80, 0.15, 0.05}, {0.10, 0.80, 0.10}, {0.05, 0.15, 0.80}},
	{{0.70, 0.20, 0.10}, {0.20, 0.70, 0.10}, {0.10, 0.20, 0.70}},
	{{0.60, 0.30, 0.10}, {0.30, 0.60, 0.10}, {0.10, 0.30, 0.60}},
	{{0.45, 0.45, 0.10}, {0.10, 0.45, 0.45}, {0.45, 0.10, 0.45}}};

static void test_synthetic_full(void)
{
	static const double prior[3] = {0.45, 0.35, 0.2};
	static const double cover[SYN_WORKERS] = {0.9, 0.9, 0.9, 0.9, 0.9};
	static tly_dawid_skene_observation obs[SYN_ITEMS * SYN_WORKERS];
	static uint32_t truth[SYN_ITEMS];
	double counted[SYN_WORKERS][3][3] = {{{0}}};
	tly_dawid_skene_result r;
	size_t n, i, w, k, l;
	double em_acc, mv_acc, dev_gen = 0.0, dev_count = 0.0;

	n = generate(obs, truth, 20261128, SYN_ITEMS, SYN_WORKERS, 3, prior, &syn_pi[0][0][0],
		     cover);
	for (i = 0; i < n; i++)
		counted[obs[i].worker][truth[obs[i].item]][obs[i].label] += 1.0;
	CHECK_OK(tly_dawid_skene_estimate(&r, obs, n, SYN_ITEMS, SYN_WORKERS, 3, NULL));
	CU_ASSERT_EQUAL(r.converged, 1);
	for (w = 0; w < SYN_WORKERS; w++) {
		for (k = 0; k < 3; k++) {
			double row = counted[w][k][0] + counted[w][k][1] + counted[w][k][2];

			for (l = 0; l < 3; l++) {
				double got = r.confusion[(w * 3 + k) * 3 + l];

				CHECK_NEAR(got, syn_pi[w][k][l], 0.05);
				CHECK_NEAR(got, counted[w][k][l] / row, 0.03);
				dev_gen = fmax(dev_gen, fabs(got - syn_pi[w][k][l]));
				dev_count = fmax(dev_count, fabs(got - counted[w][k][l] / row));
			}
		}
	}
	for (k = 0; k < 3; k++)
		CHECK_NEAR(r.marginals[k], prior[k], 0.03);
	accuracies(&em_acc, &mv_acc, &r, obs, n, truth);
	printf("\n  synthetic: EM accuracy %.4f, majority %.4f, %u iterations; largest confusion"
	       " error %.4f (vs generator), %.4f (vs counted)\n", em_acc, mv_acc, r.iterations,
	       dev_gen, dev_count);
	CU_ASSERT(em_acc > mv_acc);
	tly_dawid_skene_result_clear(&r);
}

/*
 * One-coin data: four classes, accuracies 0.85 ... 0.35, errors uniform,
 * everyone labels all 3000 items. An accuracy estimate from 3000 labels has
 * standard deviation at most sqrt(0.25 / 3000) = 0.009; tolerance 0.03.
 * The one-coin fit must give equal off-diagonal entries (1 - a) / 3.
 */
static void test_synthetic_one_coin(void)
{
	static const double prior[4] = {0.3, 0.3, 0.25, 0.15};
	static const double acc[SYN_WORKERS] = {0.85, 0.7, 0.6, 0.5, 0.35};
	static const double cover[SYN_WORKERS] = {1, 1, 1, 1, 1};
	double pi[SYN_WORKERS * 16];
	tly_dawid_skene_options o = TLY_DAWID_SKENE_OPTIONS_INIT;
	static tly_dawid_skene_observation obs[SYN_ITEMS * SYN_WORKERS];
	static uint32_t truth[SYN_ITEMS];
	tly_dawid_skene_result r;
	size_t n, w, c;
	double em_acc, mv_acc, dev = 0.0;

	for (w = 0; w < SYN_WORKERS; w++)
		for (c = 0; c < 16; c++)
			pi[w * 16 + c] = c % 5 == 0 ? acc[w] : (1.0 - acc[w]) / 3.0;
	n = generate(obs, truth, 1979, SYN_ITEMS, SYN_WORKERS, 4, prior, pi, cover);
	o.model = TLY_DAWID_SKENE_ONE_COIN;
	CHECK_OK(tly_dawid_skene_estimate(&r, obs, n, SYN_ITEMS, SYN_WORKERS, 4, &o));
	CU_ASSERT_EQUAL(r.converged, 1);
	for (w = 0; w < SYN_WORKERS; w++) {
		const double *m = r.confusion + w * 16;

		CHECK_NEAR(m[0], acc[w], 0.03);
		dev = fmax(dev, fabs(m[0] - acc[w]));
		for (c = 0; c < 16; c++)
			CHECK_NEAR(m[c], c % 5 == 0 ? m[0] : (1.0 - m[0]) / 3.0, 1e-12);
	}
	accuracies(&em_acc, &mv_acc, &r, obs, n, truth);
	printf("\n  one-coin: EM accuracy %.4f, majority %.4f, %u iterations; largest accuracy"
	       " error %.4f\n", em_acc, mv_acc, r.iterations, dev);
	CU_ASSERT(em_acc > mv_acc);
	tly_dawid_skene_result_clear(&r);
}

/* ROWS rows of K probabilities in [0, 1] (so no NaN) summing to 1. */
static void check_rows(const double *p, size_t rows, size_t k)
{
	size_t i, c;

	for (i = 0; i < rows; i++) {
		double sum = 0.0;

		for (c = 0; c < k; c++) {
			CU_ASSERT(p[i * k + c] >= 0.0 && p[i * k + c] <= 1.0);
			sum += p[i * k + c];
		}
		CHECK_NEAR(sum, 1.0, 1e-12);
	}
}

/* Every output of R is defined: a finite log-likelihood and sane rows. */
static void check_sane(const tly_dawid_skene_result *r)
{
	CU_ASSERT(isfinite(r->log_likelihood) && r->log_likelihood <= 0.0);
	check_rows(r->marginals, 1, r->n_classes);
	check_rows(r->posteriors, r->n_items, r->n_classes);
	check_rows(r->confusion, r->n_workers * r->n_classes, r->n_classes);
}

/*
 * One worker labels items 0..3 as 0, 0, 1, 1 (three classes). Majority vote
 * is one-hot and stays so: p = [1/2, 1/2, 0]; confusion rows 0 and 1 are
 * the identity, row 2 (a class never seen) uniform 1/3; log-likelihood
 * = 4 log(1/2). The second iteration repeats the first.
 * Then K = 1: every posterior (item 2 unlabelled too), marginal and rate is
 * 1, and so is the likelihood.
 */
static void test_one_worker_one_class(void)
{
	static const tly_dawid_skene_observation o[4] = {{0, 0, 0}, {1, 0, 0}, {2, 0, 1}, {3, 0, 1}};
	static const tly_dawid_skene_observation one[3] = {{0, 0, 0}, {0, 1, 0}, {1, 1, 0}};
	static const double pi[9] = {1, 0, 0, 0, 1, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3};
	tly_dawid_skene_options opt = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result r;
	size_t c;
	int m;

	for (m = 0; m < 2; m++) {
		opt.model = m ? TLY_DAWID_SKENE_ONE_COIN : TLY_DAWID_SKENE_FULL;
		CHECK_OK(tly_dawid_skene_estimate(&r, o, 4, 4, 1, 3, &opt));
		check_sane(&r);
		CU_ASSERT_EQUAL(r.converged, 1);
		CU_ASSERT_EQUAL(r.iterations, 2);
		CHECK_NEAR(r.log_likelihood, 4 * log(0.5), 1e-12);
		CHECK_NEAR(r.marginals[2], 0.0, 0.0);
		CHECK_NEAR(r.posteriors[0], 1.0, 0.0);
		CHECK_NEAR(r.posteriors[2 * 3 + 1], 1.0, 0.0);
		/* Full: as above. One-coin: all 4 labels agree with their
		 * posteriors, accuracy 4/4 = 1, off-diagonal 0. */
		for (c = 0; c < 9; c++)
			CHECK_NEAR(r.confusion[c], m ? (c % 4 == 0 ? 1.0 : 0.0) : pi[c], 1e-15);
		tly_dawid_skene_result_clear(&r);

		CHECK_OK(tly_dawid_skene_estimate(&r, one, 3, 3, 2, 1, &opt));
		check_sane(&r);
		CU_ASSERT_EQUAL(r.converged, 1);
		CHECK_NEAR(r.log_likelihood, 0.0, 0.0);
		CHECK_NEAR(r.posteriors[2], 1.0, 0.0);
		CHECK_NEAR(r.confusion[0] + r.confusion[1], 2.0, 0.0);
		tly_dawid_skene_result_clear(&r);
	}
}

/*
 * Three workers agree on every item: items 0, 1, 2 are class 0, 1, 1. The
 * posteriors are one-hot, p = [1/3, 2/3], each worker's confusion is the
 * identity, log-likelihood = log(1/3) + 2 log(2/3).
 */
static void test_all_agree(void)
{
	static const tly_dawid_skene_observation o[9] = {
		{0, 0, 0}, {0, 1, 0}, {0, 2, 0}, {1, 0, 1}, {1, 1, 1}, {1, 2, 1}, {2, 0, 1}, {2, 1, 1},
		{2, 2, 1}};
	tly_dawid_skene_result r;
	size_t i, w;

	CHECK_OK(tly_dawid_skene_estimate(&r, o, 9, 3, 3, 2, NULL));
	check_sane(&r);
	CU_ASSERT_EQUAL(r.converged, 1);
	CHECK_NEAR(r.marginals[0], 1.0 / 3, 1e-15);
	CHECK_NEAR(r.log_likelihood, log(1.0 / 3) + 2 * log(2.0 / 3), 1e-12);
	for (i = 0; i < 3; i++)
		CHECK_NEAR(r.posteriors[i * 2 + (i == 0 ? 0 : 1)], 1.0, 0.0);
	for (w = 0; w < 3; w++) {
		CHECK_NEAR(r.confusion[w * 4 + 0], 1.0, 0.0);
		CHECK_NEAR(r.confusion[w * 4 + 3], 1.0, 0.0);
	}
	tly_dawid_skene_result_clear(&r);
}

/*
 * Item 2 has no label and worker 2 gave none: the item's posterior is the
 * marginals and the worker's rows are uniform. With no observation at all
 * everything is uniform and the likelihood is 1.
 * Data: workers 0 and 1 say item 0 is 0 and item 1 is 1: p = [1/2, 1/2].
 */
static void test_unlabelled(void)
{
	static const tly_dawid_skene_observation o[4] = {{0, 0, 0}, {0, 1, 0}, {1, 0, 1}, {1, 1, 1}};
	tly_dawid_skene_result r;
	size_t c;

	CHECK_OK(tly_dawid_skene_estimate(&r, o, 4, 3, 3, 2, NULL));
	check_sane(&r);
	CHECK_NEAR(r.posteriors[4], 0.5, 1e-15);
	CHECK_NEAR(r.posteriors[5], 0.5, 1e-15);
	for (c = 0; c < 4; c++)
		CHECK_NEAR(r.confusion[8 + c], 0.5, 0.0);
	tly_dawid_skene_result_clear(&r);

	CHECK_OK(tly_dawid_skene_estimate(&r, NULL, 0, 2, 1, 3, NULL));
	check_sane(&r);
	CU_ASSERT_EQUAL(r.converged, 1);
	CHECK_NEAR(r.log_likelihood, 0.0, 0.0);
	for (c = 0; c < 6; c++)
		CHECK_NEAR(r.posteriors[c], 1.0 / 3, 1e-15);
	for (c = 0; c < 9; c++)
		CHECK_NEAR(r.confusion[c], 1.0 / 3, 1e-15);
	tly_dawid_skene_result_clear(&r);

	/* Nothing at all: no items, no workers. */
	CHECK_OK(tly_dawid_skene_estimate(&r, NULL, 0, 0, 0, 2, NULL));
	CHECK_NEAR(r.marginals[0], 0.5, 0.0);
	tly_dawid_skene_result_clear(&r);
}

static void test_bad_arguments(void)
{
	static const tly_dawid_skene_observation o[1] = {{0, 0, 2}};
	tly_dawid_skene_options opt = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result r;

	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 1, 2, NULL), TLY_EARG); /* label 2 of 2 */
	CU_ASSERT_PTR_NULL(r.posteriors);
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 0, 3, NULL), TLY_EARG); /* worker 0 of 0 */
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 0, 1, 3, NULL), TLY_EARG); /* item 0 of 0 */
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 1, 0, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 1, 100001, NULL), TLY_ELIMIT);
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 10001, 3, NULL), TLY_ELIMIT);
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, NULL, 1, 1, 1, 3, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(NULL, o, 1, 1, 1, 3, NULL), TLY_EARG);
	opt.max_iterations = 0;
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 1, 3, &opt), TLY_EARG);
	opt = (tly_dawid_skene_options)TLY_DAWID_SKENE_OPTIONS_INIT;
	opt.smoothing = -1.0;
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 1, 3, &opt), TLY_EARG);
	opt.smoothing = NAN;
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 1, 3, &opt), TLY_EARG);
	opt.smoothing = 0.0;
	opt.tolerance = INFINITY;
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 1, 3, &opt), TLY_EARG);
	opt.tolerance = 0.0;
	opt.model = (tly_dawid_skene_model)7;
	CU_ASSERT_EQUAL(tly_dawid_skene_estimate(&r, o, 1, 1, 1, 3, &opt), TLY_EARG);
	CU_ASSERT(strstr(tly_error_last(), "dawid_skene") != NULL);
	tly_dawid_skene_result_clear(&r);
	tly_dawid_skene_result_clear(NULL);
}

/*
 * Allocation N failing, for every N the call makes: TLY_ENOMEM, the result
 * left zeroed, nothing leaked (ASan's leak check in the sanitizer build).
 */
static void test_out_of_memory(void)
{
	tly_dawid_skene_result r;
	long n;
	int rc = -1;

	for (n = 1; n < 100 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_dawid_skene_estimate(&r, hand_obs, 4, 2, 2, 2, NULL);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(r.posteriors);
			CU_ASSERT_PTR_NULL(r.confusion);
		}
	}
	/* Nine allocations (six of scratch, three of the result): failing
	 * any of them fails the call; asking for the 10th to fail fails none. */
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(n - 1, 10);
	check_hand(&r);
	tly_dawid_skene_result_clear(&r);
}

TLY_TESTS("agree_dawid_skene",
	  {"paper_1979", test_paper_1979},
	  {"hand_iteration", test_hand_iteration},
	  {"hand_smoothing", test_hand_smoothing},
	  {"synthetic_full", test_synthetic_full},
	  {"synthetic_one_coin", test_synthetic_one_coin},
	  {"one_worker_one_class", test_one_worker_one_class},
	  {"all_agree", test_all_agree},
	  {"unlabelled", test_unlabelled},
	  {"bad_arguments", test_bad_arguments},
	  {"out_of_memory", test_out_of_memory})
