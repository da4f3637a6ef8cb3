/*
 * 95% intervals. Wilson's score interval for a proportion (E. B. Wilson,
 * "Probable inference, the law of succession, and statistical inference",
 * JASA 22, 1927; the form of Newcombe, Stat. Med. 17, 1998, method 3) and
 * the percentile bootstrap over units (Efron & Tibshirani, "An Introduction
 * to the Bootstrap", 1993, ch. 13) with quantiles as R's type 7. Checked by
 * tests/agree/test_interval.c (Newcombe's worked examples).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agree/interval.h"
#include "agree/stats_rng.h"
#include "tally/error.h"
#include "util/alloc.h"

void tly_stats__undefined(tly_stat *s)
{
	s->value = NAN;
	s->ci95[0] = NAN;
	s->ci95[1] = NAN;
	s->n = 0;
}

int tly_stats_wilson(tly_stat *out, uint64_t k, uint64_t n)
{
	double p, dn, z2, denom, centre, half;

	if (!out)
		return tly_error_set(TLY_EARG, "stats_wilson: no output");
	tly_stats__undefined(out);
	if (k > n)
		return tly_error_set(TLY_EARG, "stats_wilson: %llu successes of %llu trials",
				     (unsigned long long)k, (unsigned long long)n);
	if (n == 0)
		return 0;
	dn = (double)n;
	p = (double)k / dn;
	z2 = TLY_STATS_Z95 * TLY_STATS_Z95;
	denom = 1.0 + z2 / dn;
	centre = (p + z2 / (2.0 * dn)) / denom;
	half = TLY_STATS_Z95 / denom * sqrt(p * (1.0 - p) / dn + z2 / (4.0 * dn * dn));
	out->value = p;
	out->n = (size_t)n;
	/* At k = 0 or k = n the bound is 0 or 1 mathematically; rounding must not cross it. */
	out->ci95[0] = k == 0 ? 0.0 : centre - half;
	out->ci95[1] = k == n ? 1.0 : centre + half;
	return 0;
}

int tly_stats__check_boot(const tly_stats_bootstrap *boot, size_t n_units, const char *where)
{
	size_t u;

	if (!boot)
		return 0;
	if (boot->resamples > TLY_STATS_MAX_RESAMPLES)
		return tly_error_set(TLY_EARG, "%s: %u bootstrap resamples over TLY_STATS_MAX_RESAMPLES = %u",
				     where, boot->resamples, TLY_STATS_MAX_RESAMPLES);
	for (u = 1; boot->group && u < n_units; u++)
		if (boot->group[u] < boot->group[u - 1])
			return tly_error_set(TLY_EARG, "%s: bootstrap group[%zu] = %zu below group[%zu] = %zu"
					     " (groups must be nondecreasing)", where, u, boot->group[u],
					     u - 1, boot->group[u - 1]);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Quantile P of the ascending X[0..n), n >= 1 (Hyndman & Fan 1996, type 7). */
static double quantile7(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);

	if (lo + 1 >= n)
		return x[n - 1];
	return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/*
 * x mod N for one fixed N, without a division per draw (a bootstrap makes
 * millions of draws and the division was half its time): D. Lemire, O.
 * Kaser, N. Kurz, "Faster remainder by direct computation", Software:
 * Practice and Experience 49(6), 2019, with the 128-bit constant M =
 * floor((2^128 - 1) / N) + 1, exact for every 64-bit x. Without a 128-bit
 * type, the plain remainder.
 */
#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 u128;

typedef struct {
	uint64_t n, limit;
	u128 m;
} draw_bound;

static void bound_init(draw_bound *b, uint64_t n)
{
	b->n = n;
	b->limit = UINT64_MAX - UINT64_MAX % n;
	b->m = ~(u128)0 / n + 1;
}

static size_t mod_bound(const draw_bound *b, uint64_t x)
{
	u128 low = b->m * x;
	u128 hi = ((low & UINT64_MAX) * b->n >> 64) + (low >> 64) * b->n;

	return (size_t)(hi >> 64);
}
#else
typedef struct {
	uint64_t n, limit;
} draw_bound;

static void bound_init(draw_bound *b, uint64_t n)
{
	b->n = n;
	b->limit = UINT64_MAX - UINT64_MAX % n;
}

static size_t mod_bound(const draw_bound *b, uint64_t x)
{
	return (size_t)(x % b->n);
}
#endif

/* tly_stats__rng_below(rng, b->n), the same draws: rejection above the bound's limit, then x mod n. */
static size_t draw(tly_stats__rng *rng, const draw_bound *b)
{
	uint64_t x;

	do
		x = tly_stats__rng_next(rng);
	while (x >= b->limit);
	return mod_bound(b, x);
}

/*
 * One resample: G draws of a group index, each adding 1 to the group's
 * count; every unit then counts as often as its group (GROUP_OF[u], NULL =
 * unit u is group u, and G = n).
 */
static void resample(uint32_t *weights, size_t n, const size_t *group_of, uint32_t *drawn, size_t g,
		     tly_stats__rng *rng)
{
	draw_bound b;
	size_t t;

	bound_init(&b, group_of ? (uint64_t)g : (uint64_t)n);
	if (!group_of) {
		memset(weights, 0, n * sizeof(*weights));
		for (t = 0; t < n; t++)
			weights[draw(rng, &b)]++;
		return;
	}
	memset(drawn, 0, g * sizeof(*drawn));
	for (t = 0; t < g; t++)
		drawn[draw(rng, &b)]++;
	for (t = 0; t < n; t++)
		weights[t] = drawn[group_of[t]];
}

/*
 * The compact group (0, 1, ...) of each evaluated unit u, read from the
 * caller's GROUP at its unit KEPT[u] (KEPT NULL: u itself); *G their count.
 * Groups are nondecreasing (checked), so equal neighbours share a group.
 */
static void compact_groups(size_t *out, size_t *g, size_t n_units, const size_t *group, const size_t *kept)
{
	size_t u, prev = 0;

	*g = 0;
	for (u = 0; u < n_units; u++) {
		size_t x = group[kept ? kept[u] : u];

		if (u == 0 || x != prev)
			(*g)++;
		out[u] = *g - 1;
		prev = x;
	}
}

/*
 * Sort each statistic's defined resampled values (column s of RESULTS,
 * B rows) and read its percentiles. Fewer than two defined resamples give
 * no interval: one value says nothing about spread.
 */
static void percentiles(tly_stat *stats, size_t n_stats, double *results, size_t b, double *column)
{
	size_t s, r, m;

	for (s = 0; s < n_stats; s++) {
		if (isnan(stats[s].value))
			continue;
		for (r = 0, m = 0; r < b; r++)
			if (!isnan(results[r * n_stats + s]))
				column[m++] = results[r * n_stats + s];
		if (m < 2)
			continue;
		qsort(column, m, sizeof(*column), cmp_double);
		stats[s].ci95[0] = quantile7(column, m, 0.025);
		stats[s].ci95[1] = quantile7(column, m, 0.975);
	}
}

int tly_stats__bootstrap(tly_stat *stats, size_t n_stats, size_t n_units,
			 const tly_stats_bootstrap *boot, const size_t *kept, tly_stats__eval_fn eval,
			 void *ctx)
{
	uint32_t *weights = NULL, *drawn = NULL;
	size_t *group_of = NULL;
	double *results = NULL, *column = NULL;
	tly_stats__rng rng;
	size_t b, r, cells, g = n_units;
	int error = 0;

	if (!boot || boot->resamples == 0 || n_units == 0 || n_stats == 0)
		return 0;
	b = boot->resamples;
	if ((error = tly_mul_size(&cells, b, n_stats)) < 0)
		goto out;
	/* Weights are uint32_t: below this no unit can be drawn more than 2^32 - 1 times. */
	if (n_units > UINT32_MAX) {
		error = tly_error_set(TLY_ELIMIT, "bootstrap: %zu units over 2^32 - 1", n_units);
		goto out;
	}
	weights = tly_calloc(n_units, sizeof(*weights));
	results = tly_calloc(cells, sizeof(*results));
	column = tly_calloc(b, sizeof(*column));
	if (boot->group) {
		group_of = tly_calloc(n_units, sizeof(*group_of));
		drawn = tly_calloc(n_units, sizeof(*drawn));
	}
	if (!weights || !results || !column || (boot->group && (!group_of || !drawn))) {
		error = TLY_ENOMEM;
		goto out;
	}
	if (boot->group)
		compact_groups(group_of, &g, n_units, boot->group, kept);
	/* groups of one unit each draw exactly as no groups: skip spreading the counts */
	if (boot->group && g == n_units) {
		tly_free(group_of);
		group_of = NULL;
	}
	tly_stats__rng_seed(&rng, boot->seed);
	for (r = 0; r < b; r++) {
		resample(weights, n_units, group_of, drawn, g, &rng);
		if ((error = eval(results + r * n_stats, ctx, weights)) < 0)
			goto out;
	}
	percentiles(stats, n_stats, results, b, column);
out:
	tly_free(weights);
	tly_free(drawn);
	tly_free(group_of);
	tly_free(results);
	tly_free(column);
	return error;
}
