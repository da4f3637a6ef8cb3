/*
 * A reference bootstrap for the statistics' tests, written from the
 * definitions in tally/stats.h and src/agree/stats_rng.h rather than from
 * the library's code: resample r's generator is splitmix64 seeded with
 * splitmix64's r-th output from the seed; it draws the groups as 32-bit
 * halves of its outputs (low half first) with Lemire's rejection; the
 * interval is the type-7 quantiles of the defined values. A test expands
 * each resample into a plain data set (a group drawn w times copied w
 * times) and computes the statistic on it with no bootstrap, so the
 * library's per-group sums and types are checked against the definition.
 * Header-only (static inline): each test file is its own program.
 */
#ifndef TLY_TESTS_AGREE_BOOT_REPLAY_H
#define TLY_TESTS_AGREE_BOOT_REPLAY_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline uint64_t br_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* splitmix64's next output from *STATE. */
static inline uint64_t br_next(uint64_t *state)
{
	*state += UINT64_C(0x9e3779b97f4a7c15);
	return br_mix(*state);
}

/* COUNTS[0..n) = how often resample R (of SEED) draws each of N < 2^32 groups. */
static inline void br_counts(uint32_t *counts, uint32_t n, uint64_t seed, uint64_t r)
{
	uint64_t gen = seed, state;
	uint32_t drawn = 0, reject = (uint32_t)((UINT64_C(1) << 32) % n);
	uint64_t k;

	/* the r-th output from SEED is resample r's seed */
	for (k = 0; k <= r; k++)
		state = br_next(&gen);
	memset(counts, 0, n * sizeof(*counts));
	while (drawn < n) {
		uint64_t x = br_next(&state);
		int half;

		for (half = 0; half < 2 && drawn < n; half++) {
			uint64_t h = half ? x >> 32 : x & 0xffffffffu, m = h * n;

			if ((m & 0xffffffffu) >= reject) {
				counts[m >> 32]++;
				drawn++;
			}
		}
	}
}

static inline int br_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The type-7 quantile P of ascending X[0..n) (Hyndman & Fan 1996). */
static inline double br_quantile(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);

	return lo + 1 >= n ? x[n - 1] : x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* CI = the 2.5% and 97.5% quantiles of the defined V[0..n) (sorted in place); NaN with fewer than two. */
static inline void br_interval(double ci[2], double *v, size_t n)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			v[m++] = v[i];
	ci[0] = ci[1] = NAN;
	if (m < 2)
		return;
	qsort(v, m, sizeof(*v), br_cmp);
	ci[0] = br_quantile(v, m, 0.025);
	ci[1] = br_quantile(v, m, 0.975);
}

#endif
