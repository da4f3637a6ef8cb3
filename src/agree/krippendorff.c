/*
 * Krippendorff's alpha with missing data (K. Krippendorff, "Computing
 * Krippendorff's Alpha-Reliability", Annenberg School, 2011: its
 * coincidence matrix and difference functions): alpha = 1 - (n-1) sum o_ck d_ck /
 * sum n_c n_k d_ck, computed without the V x V matrix (see each step).
 * Checked by tests/agree/test_krippendorff.c (the paper's 4 x 12 example:
 * nominal .743, ordinal .815, interval .849, ratio .797).
 */
#include <math.h>
#include <stdlib.h>

#include "agree/interval.h"
#include "tally/error.h"
#include "util/alloc.h"

/*
 * Pairable values in compressed rows: kept unit u (m_u >= 2) owns
 * val[start[u] .. start[u+1]), each an index into the distinct values
 * (tly_stats_alpha) or the cell's position in ITEMS (tly_stats_alpha_custom).
 */
typedef struct {
	size_t *start;        /* [n_units + 1] */
	size_t *val;          /* [n_values] */
	size_t *unit_of;      /* [n_units]: the caller's unit of each kept unit (bootstrap groups) */
	size_t n_units;
	size_t n_values;
	/* tly_stats_alpha */
	tly_stats_metric metric;
	double *distinct;     /* [n_distinct] ascending */
	size_t n_distinct;
	double *count;        /* [n_distinct] scratch: weighted n_c */
	double *t;            /* [n_distinct] scratch: the value on the metric's scale */
	/* tly_stats_alpha_custom */
	const uint32_t *items;
	tly_stats_distance_fn distance;
	void *payload;
} alpha_ctx;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double delta(const alpha_ctx *c, size_t a, size_t b)
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
		x = c->t[a] - c->t[b];
		return x * x;
	}
}

/*
 * sum_ck n_c n_k d_ck. Nominal: n^2 - sum n_c^2. Interval and ordinal
 * (squared differences of t): 2 n sum n_c (t_c - mean)^2, centred so no
 * cancellation. Ratio has no such identity: O(V^2) over used values.
 */
static double expected(const alpha_ctx *c, double n)
{
	double s = 0.0, mean = 0.0;
	size_t a, b;

	if (c->metric == TLY_STATS_NOMINAL) {
		for (a = 0; a < c->n_distinct; a++)
			s += c->count[a] * c->count[a];
		return n * n - s;
	}
	if (c->metric == TLY_STATS_RATIO) {
		for (a = 0; a < c->n_distinct; a++)
			for (b = a + 1; c->count[a] > 0.0 && b < c->n_distinct; b++)
				s += c->count[a] * c->count[b] * delta(c, a, b);
		return 2.0 * s;
	}
	for (a = 0; a < c->n_distinct; a++)
		mean += c->count[a] * c->t[a];
	mean /= n;
	for (a = 0; a < c->n_distinct; a++)
		s += c->count[a] * (c->t[a] - mean) * (c->t[a] - mean);
	return 2.0 * n * s;
}

/*
 * Ordinal: Krippendorff's d_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 is
 * (r_k - r_c)^2 with the midrank r_c = sum_{g<c} n_g + n_c/2, so ordinal
 * alpha is interval alpha on midranks.
 */
static void scale(alpha_ctx *c)
{
	double below = 0.0;
	size_t a;

	for (a = 0; a < c->n_distinct; a++) {
		if (c->metric == TLY_STATS_ORDINAL) {
			c->t[a] = below + c->count[a] / 2.0;
			below += c->count[a];
		} else {
			c->t[a] = c->distinct[a];
		}
	}
}

/*
 * D_o's numerator sum_ck o_ck d_ck = sum_u w_u / (m_u - 1) sum_{i != j in u}
 * d(v_i, v_j): the coincidence matrix summed without being built.
 */
static double observed(const alpha_ctx *c, const uint32_t *weights)
{
	double s = 0.0;
	size_t u, i, j;

	for (u = 0; u < c->n_units; u++) {
		double w = weights ? (double)weights[u] : 1.0, d = 0.0;
		size_t lo = c->start[u], hi = c->start[u + 1];

		if (w == 0.0)
			continue;
		for (i = lo; i < hi; i++)
			for (j = i + 1; j < hi; j++)
				d += delta(c, c->val[i], c->val[j]);
		s += w * 2.0 * d / (double)(hi - lo - 1);
	}
	return s;
}

static int alpha_eval(double *out, void *vctx, const uint32_t *weights)
{
	alpha_ctx *c = vctx;
	double n = 0.0, de;
	size_t u, i, used = 0;

	out[0] = NAN;
	for (i = 0; i < c->n_distinct; i++)
		c->count[i] = 0.0;
	for (u = 0; u < c->n_units; u++) {
		double w = weights ? (double)weights[u] : 1.0;

		for (i = c->start[u]; i < c->start[u + 1]; i++)
			c->count[c->val[i]] += w;
	}
	for (i = 0; i < c->n_distinct; i++) {
		n += c->count[i];
		used += c->count[i] > 0.0 ? 1 : 0;
	}
	/* One value only: D_e = 0 exactly and alpha is 0/0, undefined. */
	if (used < 2)
		return 0;
	scale(c);
	de = expected(c, n);
	if (de > 0.0)
		out[0] = 1.0 - (n - 1.0) * observed(c, weights) / de;
	return 0;
}

/*
 * Fill C's compressed rows from the non-missing cells (VALUES not NaN, or
 * ITEMS not TLY_STATS_MISSING: exactly one of the two is given) of units
 * with at least two. Value slots hold the cell's position for now.
 */
static int gather(alpha_ctx *c, size_t n_units, size_t n_coders, const double *values,
		  const uint32_t *items)
{
	size_t u, j, m, cells = n_units * n_coders; /* checked by the callers */

	c->start = tly_calloc(n_units + 1, sizeof(*c->start));
	c->val = tly_calloc(cells ? cells : 1, sizeof(*c->val));
	c->unit_of = tly_calloc(n_units ? n_units : 1, sizeof(*c->unit_of));
	if (!c->start || !c->val || !c->unit_of)
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

static void release(alpha_ctx *c)
{
	tly_free(c->start);
	tly_free(c->val);
	tly_free(c->unit_of);
	tly_free(c->distinct);
	tly_free(c->count);
	tly_free(c->t);
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

	c->distinct = tly_calloc(c->n_values ? c->n_values : 1, sizeof(*c->distinct));
	c->count = tly_calloc(c->n_values ? c->n_values : 1, sizeof(*c->count));
	c->t = tly_calloc(c->n_values ? c->n_values : 1, sizeof(*c->t));
	if (!c->distinct || !c->count || !c->t)
		return TLY_ENOMEM;
	for (i = 0; i < c->n_values; i++)
		c->distinct[i] = values[c->val[i]];
	qsort(c->distinct, c->n_values, sizeof(*c->distinct), cmp_double);
	for (i = 0; i < c->n_values; i++)
		if (n == 0 || c->distinct[i] != c->distinct[n - 1])
			c->distinct[n++] = c->distinct[i];
	c->n_distinct = n;
	for (i = 0; i < c->n_values; i++) {
		const double *hit = bsearch(&values[c->val[i]], c->distinct, n, sizeof(*c->distinct),
					    cmp_double);

		c->val[i] = (size_t)(hit - c->distinct);
	}
	return 0;
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
	if ((error = gather(&c, n_units, n_coders, values, NULL)) < 0 ||
	    (error = index_values(&c, values)) < 0)
		goto out;
	if ((error = alpha_eval(&out->value, &c, NULL)) < 0)
		goto out;
	out->n = c.n_units;
	error = tly_stats__bootstrap(out, 1, c.n_units, boot, c.unit_of, alpha_eval, &c);
out:
	release(&c);
	if (error < 0)
		tly_stats__undefined(out);
	return error;
}

/* The caller's distance between value slots I and J, checked: a bad distance is the caller's bug. */
static int distance_of(double *d, const alpha_ctx *c, size_t i, size_t j)
{
	uint32_t a = c->items[c->val[i]], b = c->items[c->val[j]];

	*d = c->distance(a, b, c->payload);
	if (!(*d >= 0.0) || isinf(*d))
		return tly_error_set(TLY_EARG, "stats_alpha_custom: distance(%u, %u) = %g (want finite, >= 0)",
				     a, b, *d);
	return 0;
}

/*
 * General alpha: D_e over every ordered pair of distinct pairable values,
 * weighted w_u w_v when the two values come from units u and v (a unit
 * drawn twice pairs with its own copy too; a value with itself adds
 * d = 0). Within-unit distances serve both D_o and D_e.
 */
static int custom_eval(double *out, void *vctx, const uint32_t *weights)
{
	alpha_ctx *c = vctx;
	double n = 0.0, obs = 0.0, expd = 0.0, d;
	size_t u, v, i, j;
	int error;

	out[0] = NAN;
	for (u = 0; u < c->n_units; u++) {
		double wu = weights ? (double)weights[u] : 1.0, within = 0.0;
		size_t lo = c->start[u], hi = c->start[u + 1];

		if (wu == 0.0)
			continue;
		n += wu * (double)(hi - lo);
		for (i = lo; i < hi; i++)
			for (j = i + 1; j < hi; j++) {
				if ((error = distance_of(&d, c, i, j)) < 0)
					return error;
				within += d;
			}
		obs += wu * 2.0 * within / (double)(hi - lo - 1);
		expd += wu * wu * 2.0 * within;
		for (v = u + 1; v < c->n_units; v++) {
			double wv = weights ? (double)weights[v] : 1.0, across = 0.0;

			if (wv == 0.0)
				continue;
			for (i = lo; i < hi; i++)
				for (j = c->start[v]; j < c->start[v + 1]; j++) {
					if ((error = distance_of(&d, c, i, j)) < 0)
						return error;
					across += d;
				}
			expd += 2.0 * wu * wv * across;
		}
	}
	if (expd > 0.0)
		out[0] = 1.0 - (n - 1.0) * obs / expd;
	return 0;
}

int tly_stats_alpha_custom(tly_stat *out, const uint32_t *items, size_t n_units,
			   size_t n_coders, tly_stats_distance_fn distance, void *payload,
			   const tly_stats_bootstrap *boot)
{
	alpha_ctx c = {0};
	size_t cells;
	int error = 0;

	if (!out)
		return tly_error_set(TLY_EARG, "stats_alpha_custom: no output");
	tly_stats__undefined(out);
	if (!distance)
		return tly_error_set(TLY_EARG, "stats_alpha_custom: no distance function");
	if ((error = tly_mul_size(&cells, n_units, n_coders)) < 0)
		return error;
	if (!items && cells)
		return tly_error_set(TLY_EARG, "stats_alpha_custom: %zu units x %zu coders but no items",
				     n_units, n_coders);
	if ((error = tly_stats__check_boot(boot, n_units, "stats_alpha_custom")) < 0)
		return error;
	c.items = items;
	c.distance = distance;
	c.payload = payload;
	if ((error = gather(&c, n_units, n_coders, NULL, items)) < 0)
		goto out;
	if ((error = custom_eval(&out->value, &c, NULL)) < 0)
		goto out;
	out->n = c.n_units;
	error = tly_stats__bootstrap(out, 1, c.n_units, boot, c.unit_of, custom_eval, &c);
out:
	release(&c);
	if (error < 0)
		tly_stats__undefined(out);
	return error;
}
