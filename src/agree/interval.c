/*
 * 95% intervals. Wilson's score interval for a proportion (E. B. Wilson,
 * "Probable inference, the law of succession, and statistical inference",
 * JASA 22, 1927; the form of Newcombe, Stat. Med. 17, 1998, method 3) and
 * the percentile bootstrap over units (Efron & Tibshirani, "An Introduction
 * to the Bootstrap", 1993, ch. 13) with quantiles as R's type 7, each
 * resample drawn from its own seeded stream so threads cannot change it.
 * Checked by tests/agree/test_interval.c (Newcombe's worked examples; a
 * resample distribution small enough to enumerate; 1, 2 and 4 threads).
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "agree/interval.h"
#include "agree/stats_rng.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

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
	if (boot->threads < 0 || boot->threads > TLY_MAX_THREADS)
		return tly_error_set(TLY_EARG, "%s: bootstrap threads must be 0 .. %d, not %d", where,
				     TLY_MAX_THREADS, boot->threads);
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

size_t tly_stats__group_index(size_t *out, size_t n_units, const size_t *group, const size_t *kept)
{
	size_t u, g = 0, prev = 0;

	for (u = 0; u < n_units; u++) {
		size_t x = kept ? kept[u] : u;

		if (group)
			x = group[x];
		if (u == 0 || x != prev)
			g++;
		out[u] = g - 1;
		prev = x;
	}
	return g;
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

/*
 * A thread's share of an array of N elements of SIZE bytes: N rounded up
 * to whole 64-byte cache lines, plus one line, so two threads never write
 * the same line (a few types' counts would otherwise bounce between cores
 * on every draw).
 */
static size_t stride(size_t n, size_t size)
{
	size_t per_line = 64 / size;

	return (n + per_line - 1) / per_line * per_line + per_line;
}

/*
 * The resamples, on THREADS threads: each thread has its own weights and
 * scratch (W_STRIDE, S_STRIDE apart), resample r writes only row r of
 * RESULTS and STATUS[r], and its draws depend on r alone (STYLE rule 12).
 * A static schedule: every resample costs the same.
 */
static void resample_all(double *results, int *status, uint32_t *weights, size_t w_stride, double *scratch,
			 size_t s_stride, const tly_stats__resampler *rs, const tly_stats_bootstrap *boot,
			 int threads)
{
	size_t n_weights = rs->type_of ? rs->n_types : rs->n_groups;
	long r, nb = (long)boot->resamples;

#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1)
	for (r = 0; r < nb; r++) {
		size_t t = (size_t)omp_get_thread_num();
		uint32_t *w = weights + t * w_stride;
		tly_stats__rng rng;

		tly_stats__rng_seed(&rng, tly_stats__rng_stream(boot->seed, (uint64_t)r));
		tly_stats__rng_counts(w, n_weights, rs->type_of, rs->n_groups, &rng);
		status[r] = rs->eval(results + (size_t)r * rs->n_stats, rs->ctx, w, scratch + t * s_stride);
	}
}

int tly_stats__bootstrap(tly_stat *stats, const tly_stats__resampler *rs, const tly_stats_bootstrap *boot)
{
	uint32_t *weights = NULL;
	double *results = NULL, *column = NULL, *scratch = NULL;
	int *status = NULL;
	size_t b, r, cells, n_weights, n_scratch, w_stride, s_stride;
	int threads, error = 0;

	if (!boot || boot->resamples == 0 || rs->n_groups == 0)
		return 0;
	/* nothing defined, no interval to read: skip the resamples */
	for (r = 0; r < rs->n_stats && isnan(stats[r].value); r++)
		;
	if (r == rs->n_stats)
		return 0;
	b = boot->resamples;
	threads = boot->threads > 1 ? boot->threads : 1;
	if ((size_t)threads > b)
		threads = (int)b;
	/* Weights are uint32_t: below this no group can be drawn more than 2^32 - 1 times. */
	if (rs->n_groups > UINT32_MAX) {
		error = tly_error_set(TLY_ELIMIT, "bootstrap: %zu groups over 2^32 - 1", rs->n_groups);
		goto out;
	}
	w_stride = stride(rs->type_of ? rs->n_types : rs->n_groups, sizeof(*weights));
	s_stride = stride(rs->n_scratch, sizeof(*scratch));
	if ((error = tly_mul_size(&cells, b, rs->n_stats)) < 0 ||
	    (error = tly_mul_size(&n_weights, (size_t)threads, w_stride)) < 0 ||
	    (error = tly_mul_size(&n_scratch, (size_t)threads, s_stride)) < 0)
		goto out;
	weights = tly_calloc(n_weights, sizeof(*weights));
	scratch = tly_calloc(n_scratch, sizeof(*scratch));
	results = tly_calloc(cells, sizeof(*results));
	column = tly_calloc(b, sizeof(*column));
	status = tly_calloc(b, sizeof(*status));
	if (!weights || !scratch || !results || !column || !status) {
		error = TLY_ENOMEM;
		goto out;
	}
	resample_all(results, status, weights, w_stride, scratch, s_stride, rs, boot, threads);
	for (r = 0; r < b && !error; r++)
		error = status[r];
	if (error < 0)
		goto out;
	percentiles(stats, rs->n_stats, results, b, column);
out:
	tly_free(weights);
	tly_free(scratch);
	tly_free(results);
	tly_free(column);
	tly_free(status);
	return error;
}
