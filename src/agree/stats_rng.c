/*
 * splitmix64 (Steele, Lea, Flood, OOPSLA 2014; the constants of Vigna's
 * reference splitmix64.c), Lemire's (2019) bias-free bounded draw and the
 * counts of one bootstrap resample (two 32-bit draws per output). Checked by tests/agree/test_interval.c
 * (first outputs for seed 0, stream seeds equal the outputs, bounded draws
 * in range and uniform, counts equal to replayed draws).
 */
#include <string.h>

#include "agree/stats_rng.h"

#define GOLDEN UINT64_C(0x9e3779b97f4a7c15)

void tly_stats__rng_seed(tly_stats__rng *r, uint64_t seed)
{
	r->state = seed;
}

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* The generator's step, static so the draw loops below inline it. */
static uint64_t next(tly_stats__rng *r)
{
	return mix(r->state += GOLDEN);
}

uint64_t tly_stats__rng_next(tly_stats__rng *r)
{
	return next(r);
}

/* Output k of splitmix64 from SEED mixes the state SEED + (k + 1) GOLDEN (mod 2^64). */
uint64_t tly_stats__rng_stream(uint64_t seed, uint64_t index)
{
	return mix(seed + (index + 1) * GOLDEN);
}

/* *HI, *LO = the 128-bit product A B: with the compiler's type, or in 32-bit halves (the same bits). */
static void mul128(uint64_t *hi, uint64_t *lo, uint64_t a, uint64_t b)
{
#if defined(__SIZEOF_INT128__)
	__extension__ typedef unsigned __int128 u128;
	u128 p = (u128)a * b;

	*hi = (uint64_t)(p >> 64);
	*lo = (uint64_t)p;
#else
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);

	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	*lo = (mid << 32) | (p00 & 0xffffffffu);
#endif
}

/*
 * x N / 2^64 for a uniform 64-bit x is uniform on [0, N) except that
 * 2^64 mod N of the low words map to results that already have their
 * share: those draws (low word below 2^64 mod N) are rejected. The
 * remainder is computed only when the low word is below N, which is rare.
 */
static size_t below(tly_stats__rng *r, uint64_t n)
{
	uint64_t hi, lo;

	mul128(&hi, &lo, next(r), n);
	if (lo < n) {
		uint64_t reject = (0 - n) % n; /* 2^64 mod n */

		while (lo < reject)
			mul128(&hi, &lo, next(r), n);
	}
	return (size_t)hi;
}

size_t tly_stats__rng_below(tly_stats__rng *r, size_t n)
{
	return below(r, (uint64_t)n);
}

/*
 * The resample's draws below N < 2^32 take 32 bits each, two per output
 * (low half first): Lemire's method on 32-bit halves, x N / 2^32 with the
 * 2^32 mod N low words rejected, exact as the 64-bit form and with half the
 * generator calls (draws are most of a resample's time).
 */
static void counts32(uint32_t *counts, const uint32_t *map, uint32_t n, tly_stats__rng *r)
{
	uint32_t reject = (0u - n) % n, t = 0;

	while (t < n) {
		uint64_t x = next(r), m;

		m = (x & 0xffffffffu) * n;
		if ((uint32_t)m >= reject) {
			counts[map ? map[m >> 32] : m >> 32]++;
			t++;
		}
		m = (x >> 32) * n;
		if (t < n && (uint32_t)m >= reject) {
			counts[map ? map[m >> 32] : m >> 32]++;
			t++;
		}
	}
}

void tly_stats__rng_counts(uint32_t *counts, size_t n_counts, const uint32_t *map, size_t n,
			   tly_stats__rng *r)
{
	size_t t;

	memset(counts, 0, n_counts * sizeof(*counts));
	if (n == 0)
		return;
	if (n <= UINT32_MAX) {
		counts32(counts, map, (uint32_t)n, r);
		return;
	}
	for (t = 0; t < n; t++) {
		size_t i = below(r, (uint64_t)n);

		counts[map ? map[i] : i]++;
	}
}
