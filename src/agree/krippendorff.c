/*
 * Krippendorff's alpha with missing data (K. Krippendorff, "Computing
 * Krippendorff's Alpha-Reliability", Annenberg School, 2011: its
 * coincidence matrix and difference functions): alpha = 1 - (n-1) sum o_ck d_ck /
 * sum n_c n_k d_ck, computed without the V x V matrix (see each step).
 * A bootstrap resample reads per-group sums (value counts; D_o's terms, or
 * for ordinal data the coincidences, whose distances move with the counts).
 * The general-distance form is alpha_custom.c.
 * Checked by tests/agree/test_krippendorff.c (the paper's 4 x 12 example:
 * nominal .743, ordinal .815, interval .849, ratio .797; resamples against
 * their definition).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agree/krippendorff.h"
#include "agree/resample_terms.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef struct {
	tly_stats__alpha_units u;
	tly_stats_metric metric;
	double *distinct;     /* [n_distinct] ascending */
	size_t n_distinct;
	double *count;        /* [n_distinct] the point value's n_c */
	double *t;            /* [n_distinct] the point value's values on the metric's scale */
	/*
	 * Bootstrap sums (tly_stats__terms): slots 0 .. n_distinct-1 the value
	 * counts n_c, then D_o's numerator (one slot: its distances are fixed)
	 * or, ordinal, the coincidences o_ab of each pair of values that meet
	 * in some unit (midranks move with the counts, so D_o is summed per
	 * resample from them).
	 */
	tly_stats__terms terms;
	uint64_t *pair;       /* ordinal: [n_pairs] a << 32 | b, a < b, ascending */
	size_t n_pairs;
} alpha_ctx;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* delta^2 between distinct values A and B, T the values on the metric's scale. */
static double delta(const alpha_ctx *c, const double *t, size_t a, size_t b)
{
	double x, y;

	if (a == b)
		return 0.0;
	switch (c->metric) {
	case TLY_STATS_NOMINAL:
		return 1.0;
	case TLY_STATS_RATIO:
		/* a != b and both >= 0, so x + y > 0 */
		x = c->distinct[a];
		y = c->distinct[b];
		return ((x - y) / (x + y)) * ((x - y) / (x + y));
	default:
		x = t[a] - t[b];
		return x * x;
	}
}

/*
 * sum_ck n_c n_k d_ck. Nominal: n^2 - sum n_c^2. Interval and ordinal
 * (squared differences of t): 2 n sum n_c (t_c - mean)^2, centred so no
 * cancellation. Ratio has no such identity: O(V^2) over used values.
 */
static double expected(const alpha_ctx *c, const double *count, const double *t, double n)
{
	double s = 0.0, mean = 0.0;
	size_t a, b;

	if (c->metric == TLY_STATS_NOMINAL) {
		for (a = 0; a < c->n_distinct; a++)
			s += count[a] * count[a];
		return n * n - s;
	}
	if (c->metric == TLY_STATS_RATIO) {
		for (a = 0; a < c->n_distinct; a++)
			for (b = a + 1; count[a] > 0.0 && b < c->n_distinct; b++)
				s += count[a] * count[b] * delta(c, t, a, b);
		return 2.0 * s;
	}
	for (a = 0; a < c->n_distinct; a++)
		mean += count[a] * t[a];
	mean /= n;
	for (a = 0; a < c->n_distinct; a++)
		s += count[a] * (t[a] - mean) * (t[a] - mean);
	return 2.0 * n * s;
}

/*
 * Ordinal: Krippendorff's d_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 is
 * (r_k - r_c)^2 with the midrank r_c = sum_{g<c} n_g + n_c/2, so ordinal
 * alpha is interval alpha on midranks.
 */
static void scale(const alpha_ctx *c, const double *count, double *t)
{
	double below = 0.0;
	size_t a;

	for (a = 0; a < c->n_distinct; a++) {
		if (c->metric == TLY_STATS_ORDINAL) {
			t[a] = below + count[a] / 2.0;
			below += count[a];
		} else {
			t[a] = c->distinct[a];
		}
	}
}

/* Kept unit U's D_o term 2 sum_{i<j in u} d(v_i, v_j) / (m_u - 1), T the scale. */
static double unit_observed(const alpha_ctx *c, const double *t, size_t u)
{
	double d = 0.0;
	size_t i, j, lo = c->u.start[u], hi = c->u.start[u + 1];

	for (i = lo; i < hi; i++)
		for (j = i + 1; j < hi; j++)
			d += delta(c, t, c->u.val[i], c->u.val[j]);
	return 2.0 * d / (double)(hi - lo - 1);
}

/* D_o's numerator at the scale T (which the counts set, for ordinal data), ARG its data. */
typedef double (*observed_fn)(const alpha_ctx *c, const double *t, const void *arg);

/* alpha = 1 - (n - 1) D_o-numerator / D_e-numerator from the counts COUNT; T is filled. */
static double alpha_from(const alpha_ctx *c, const double *count, double *t, observed_fn obs_of_t,
			 const void *arg)
{
	double n = 0.0, de;
	size_t i, used = 0;

	for (i = 0; i < c->n_distinct; i++) {
		n += count[i];
		used += count[i] > 0.0 ? 1 : 0;
	}
	/* One value only: D_e = 0 exactly and alpha is 0/0, undefined. */
	if (used < 2)
		return NAN;
	scale(c, count, t);
	de = expected(c, count, t, n);
	return de > 0.0 ? 1.0 - (n - 1.0) * obs_of_t(c, t, arg) / de : NAN;
}

/*
 * D_o's numerator sum_ck o_ck d_ck = sum_u 2 / (m_u - 1) sum_{i < j in u}
 * d(v_i, v_j): the coincidence matrix summed without being built.
 */
static double point_observed(const alpha_ctx *c, const double *t, const void *unused)
{
	double s = 0.0;
	size_t u;

	(void)unused;
	for (u = 0; u < c->u.n_units; u++)
		s += unit_observed(c, t, u);
	return s;
}

/* The point value: every kept unit once. */
static double alpha_point(alpha_ctx *c)
{
	size_t u, i;

	for (u = 0; u < c->u.n_units; u++)
		for (i = c->u.start[u]; i < c->u.start[u + 1]; i++)
			c->count[c->u.val[i]] += 1.0;
	return alpha_from(c, c->count, c->t, point_observed, NULL);
}

/* A resample's D_o numerator from its sums (ARG): one sum, or the coincidences at this resample's midranks. */
static double resample_observed(const alpha_ctx *c, const double *t, const void *arg)
{
	const double *o = (const double *)arg + c->n_distinct;
	double s = 0.0;
	size_t p;

	if (c->metric != TLY_STATS_ORDINAL)
		return o[0];
	for (p = 0; p < c->n_pairs; p++) {
		double d = t[c->pair[p] >> 32] - t[c->pair[p] & UINT32_MAX];

		s += o[p] * d * d;
	}
	return s;
}

/* A resample (SCRATCH: the sums, then the scale, [n_slots + n_distinct]). */
static int alpha_eval(double *out, const void *vctx, const uint32_t *weights, double *scratch)
{
	const alpha_ctx *c = vctx;

	tly_stats__terms_sum(scratch, &c->terms, weights);
	out[0] = alpha_from(c, scratch, scratch + c->terms.n_slots, resample_observed, scratch);
	return 0;
}

int tly_stats__alpha_gather(tly_stats__alpha_units *c, size_t n_units, size_t n_coders, const double *values,
			    const uint32_t *items)
{
	size_t u, j, m, cells = n_units * n_coders; /* checked by the callers */

	memset(c, 0, sizeof(*c));
	c->start = tly_calloc(n_units + 1, sizeof(*c->start));
	c->val = tly_calloc(cells ? cells : 1, sizeof(*c->val));
	c->unit_of = tly_calloc(n_units ? n_units : 1, sizeof(*c->unit_of));
	c->group = tly_calloc(n_units ? n_units : 1, sizeof(*c->group));
	if (!c->start || !c->val || !c->unit_of || !c->group)
		return TLY_ENOMEM;
	for (u = 0; u < n_units; u++) {
		size_t first = c->n_values;

		for (j = 0, m = 0; j < n_coders; j++) {
			size_t cell = u * n_coders + j;

			if (values ? isnan(values[cell]) : items[cell] == TLY_STATS_MISSING)
				continue;
			c->val[c->n_values++] = cell;
			m++;
		}
		if (m < 2) {
			c->n_values = first;
			continue;
		}
		c->unit_of[c->n_units] = u;
		c->start[++c->n_units] = c->n_values;
	}
	return 0;
}

void tly_stats__alpha_units_clear(tly_stats__alpha_units *c)
{
	tly_free(c->start);
	tly_free(c->val);
	tly_free(c->unit_of);
	tly_free(c->group);
	memset(c, 0, sizeof(*c));
}

static void release(alpha_ctx *c)
{
	tly_stats__alpha_units_clear(&c->u);
	tly_free(c->distinct);
	tly_free(c->count);
	tly_free(c->t);
	tly_stats__terms_clear(&c->terms);
	tly_free(c->pair);
}

/* Cells checked before anything is computed: a bad value anywhere is an error, pairable or not. */
static int check_values(const double *values, size_t cells, tly_stats_metric metric)
{
	size_t i;

	if ((int)metric < (int)TLY_STATS_NOMINAL || (int)metric > (int)TLY_STATS_RATIO)
		return tly_error_set(TLY_EARG, "stats_alpha: unknown metric %d", (int)metric);
	for (i = 0; i < cells; i++) {
		if (isinf(values[i]))
			return tly_error_set(TLY_EARG, "stats_alpha: value %zu is infinite", i);
		if (metric == TLY_STATS_RATIO && values[i] < 0.0)
			return tly_error_set(TLY_EARG, "stats_alpha: value %zu = %g is negative (ratio metric)",
					     i, values[i]);
	}
	return 0;
}

/* Replace each value slot's cell position by the index of its value among the sorted distinct values. */
static int index_values(alpha_ctx *c, const double *values)
{
	size_t i, n = 0;

	c->distinct = tly_calloc(c->u.n_values ? c->u.n_values : 1, sizeof(*c->distinct));
	c->count = tly_calloc(c->u.n_values ? c->u.n_values : 1, sizeof(*c->count));
	c->t = tly_calloc(c->u.n_values ? c->u.n_values : 1, sizeof(*c->t));
	if (!c->distinct || !c->count || !c->t)
		return TLY_ENOMEM;
	for (i = 0; i < c->u.n_values; i++)
		c->distinct[i] = values[c->u.val[i]];
	qsort(c->distinct, c->u.n_values, sizeof(*c->distinct), cmp_double);
	for (i = 0; i < c->u.n_values; i++)
		if (n == 0 || c->distinct[i] != c->distinct[n - 1])
			c->distinct[n++] = c->distinct[i];
	c->n_distinct = n;
	for (i = 0; i < c->u.n_values; i++) {
		const double *hit = bsearch(&values[c->u.val[i]], c->distinct, n, sizeof(*c->distinct),
					    cmp_double);

		c->u.val[i] = (size_t)(hit - c->distinct);
	}
	return 0;
}

/*
 * The distinct values of kept unit U with their counts into OUT[0 ..)
 * (first use order; returns how many), accumulated in MULT ([n_distinct],
 * zero, left zero).
 */
static size_t unit_values(alpha_ctx *c, size_t u, size_t *out, double *mult, double *m_out)
{
	size_t n = 0, i;

	for (i = c->u.start[u]; i < c->u.start[u + 1]; i++) {
		if (mult[c->u.val[i]] == 0.0)
			out[n++] = c->u.val[i];
		mult[c->u.val[i]] += 1.0;
	}
	for (i = 0; i < n; i++) {
		m_out[i] = mult[out[i]];
		mult[out[i]] = 0.0;
	}
	return n;
}

static uint64_t pair_key(size_t a, size_t b)
{
	return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

/*
 * Ordinal: the pairs of distinct values that meet in some unit (WHICH,
 * MULT, M: scratch of unit_values), ascending; the units' value pairs
 * bound their number.
 */
static int value_pairs(alpha_ctx *c, size_t *which, double *mult, double *m)
{
	size_t u, i, j, room = 0;

	for (u = 0; u < c->u.n_units; u++) {
		size_t k = c->u.start[u + 1] - c->u.start[u], kk;

		if (tly_mul_size(&kk, k, k - 1) < 0 || tly_add_size(&room, room, kk / 2) < 0)
			return TLY_ELIMIT;
	}
	if (!(c->pair = tly_calloc(room, sizeof(*c->pair))))
		return TLY_ENOMEM;
	for (u = 0; u < c->u.n_units; u++) {
		size_t k = unit_values(c, u, which, mult, m);

		for (i = 0; i < k; i++)
			for (j = i + 1; j < k; j++)
				c->pair[c->n_pairs++] = pair_key(which[i], which[j]);
	}
	qsort(c->pair, c->n_pairs, sizeof(*c->pair), cmp_u64);
	for (i = j = 0; i < c->n_pairs; i++)
		if (j == 0 || c->pair[i] != c->pair[j - 1])
			c->pair[j++] = c->pair[i];
	c->n_pairs = j;
	return 0;
}

/*
 * Kept unit U's terms: one per pairable value to its count; D_o's term 2
 * sum_{i<j} d / (m_u - 1), or, ordinal, per pair of its distinct values a,
 * b the coincidence 2 m_a m_b / (m_u - 1).
 */
static int unit_terms(alpha_ctx *c, size_t u, size_t *which, double *mult, double *m)
{
	double mu = (double)(c->u.start[u + 1] - c->u.start[u]);
	size_t i, j, k;
	int error = 0;

	for (i = c->u.start[u]; i < c->u.start[u + 1] && !error; i++)
		error = tly_stats__terms_add(&c->terms, c->u.val[i], 1.0);
	if (error || c->metric != TLY_STATS_ORDINAL)
		return error ? error : tly_stats__terms_add(&c->terms, c->n_distinct, unit_observed(c, c->t, u));
	k = unit_values(c, u, which, mult, m);
	for (i = 0; i < k && !error; i++)
		for (j = i + 1; j < k && !error; j++) {
			uint64_t key = pair_key(which[i], which[j]);
			const uint64_t *hit = bsearch(&key, c->pair, c->n_pairs, sizeof(*c->pair), cmp_u64);

			error = tly_stats__terms_add(&c->terms, c->n_distinct + (size_t)(hit - c->pair),
						     2.0 * m[i] * m[j] / (mu - 1.0));
		}
	return error;
}

/* The groups' terms (WHICH, MULT, M: [n_distinct] scratch each, MULT zero). */
static int group_terms(alpha_ctx *c, size_t *which, double *mult, double *m)
{
	size_t u, slots = c->n_distinct + 1;
	int error = 0;

	if (c->metric == TLY_STATS_ORDINAL) {
		if ((error = value_pairs(c, which, mult, m)) < 0)
			return error;
		slots = c->n_distinct + c->n_pairs;
	}
	tly_stats__terms_init(&c->terms, slots);
	for (u = 0; u < c->u.n_units && !error; u++) {
		error = unit_terms(c, u, which, mult, m);
		if (!error && (u + 1 == c->u.n_units || c->u.group[u + 1] != c->u.group[u]))
			error = tly_stats__terms_group(&c->terms);
	}
	return error ? error : tly_stats__terms_collapse(&c->terms);
}

/* The bootstrap of tly_stats_alpha, when BOOT asks for one. */
static int alpha_boot(tly_stat *out, alpha_ctx *c, const tly_stats_bootstrap *boot)
{
	tly_stats__resampler rs = {1, 0, NULL, 0, 0, alpha_eval, c};
	size_t *which = NULL;
	double *mult = NULL, *m = NULL;
	int error = 0;

	if (!boot || boot->resamples == 0 || c->u.n_units == 0)
		return 0;
	if (c->n_distinct > UINT32_MAX)
		return tly_error_set(TLY_ELIMIT, "stats_alpha: %zu distinct values over 2^32", c->n_distinct);
	tly_stats__group_index(c->u.group, c->u.n_units, boot->group, c->u.unit_of);
	which = tly_calloc(c->n_distinct, sizeof(*which));
	mult = tly_calloc(c->n_distinct, sizeof(*mult));
	m = tly_calloc(c->n_distinct, sizeof(*m));
	if (!which || !mult || !m) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = group_terms(c, which, mult, m)) < 0)
		goto out;
	tly_stats__terms_resampler(&rs, &c->terms);
	rs.n_scratch = c->terms.n_slots + c->n_distinct;
	error = tly_stats__bootstrap(out, &rs, boot);
out:
	tly_free(which);
	tly_free(mult);
	tly_free(m);
	return error;
}

int tly_stats_alpha(tly_stat *out, const double *values, size_t n_units, size_t n_coders,
		    tly_stats_metric metric, const tly_stats_bootstrap *boot)
{
	alpha_ctx c = {0};
	size_t cells;
	int error = 0;

	if (!out)
		return tly_error_set(TLY_EARG, "stats_alpha: no output");
	tly_stats__undefined(out);
	if ((error = tly_mul_size(&cells, n_units, n_coders)) < 0)
		return error;
	if (!values && cells)
		return tly_error_set(TLY_EARG, "stats_alpha: %zu units x %zu coders but no values",
				     n_units, n_coders);
	if ((error = check_values(values, cells, metric)) < 0 ||
	    (error = tly_stats__check_boot(boot, n_units, "stats_alpha")) < 0)
		return error;
	c.metric = metric;
	if ((error = tly_stats__alpha_gather(&c.u, n_units, n_coders, values, NULL)) < 0 ||
	    (error = index_values(&c, values)) < 0)
		goto out;
	out->value = alpha_point(&c);
	out->n = c.u.n_units;
	error = alpha_boot(out, &c, boot);
out:
	release(&c);
	if (error < 0)
		tly_stats__undefined(out);
	return error;
}
