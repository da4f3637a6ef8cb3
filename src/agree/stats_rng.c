/*
 * splitmix64 (Steele, Lea, Flood, OOPSLA 2014; the constants of Vigna's
 * reference splitmix64.c) and a bias-free bounded draw by rejection.
 * Checked by tests/agree/test_interval.c (first outputs for seed 0 and
 * same seed -> same bootstrap).
 */
#include "agree/stats_rng.h"

void tly_stats__rng_seed(tly_stats__rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t tly_stats__rng_next(tly_stats__rng *r)
{
	uint64_t z = (r->state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/*
 * Reject draws from the incomplete last block of size 2^64 mod n, so every
 * residue is equally likely; at most half the draws are rejected.
 */
size_t tly_stats__rng_below(tly_stats__rng *r, size_t n)
{
	uint64_t bound = (uint64_t)n;
	uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
	uint64_t x;

	do
		x = tly_stats__rng_next(r);
	while (x >= limit);
	return (size_t)(x % bound);
}
