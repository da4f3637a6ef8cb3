/*
 * Deterministic random numbers for the synthetic data: xoshiro256** by
 * Blackman & Vigna (https://prng.di.unimi.it/xoshiro256starstar.c), seeded
 * through splitmix64 as its authors recommend. Same seed, same data, on any
 * platform with IEEE doubles and the same libm.
 */
#include <math.h>

#include "bench.h"

uint64_t bench_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void bench_rng_seed(bench_rng *r, uint64_t seed, uint64_t image, uint64_t who)
{
	uint64_t x = bench_mix(bench_mix(bench_mix(seed) ^ image) ^ who);
	int i;

	/* splitmix64 steps fill the state; it is never all zero in practice,
	 * and the loop below makes sure of it. */
	for (i = 0; i < 4; i++) {
		x += 0x9e3779b97f4a7c15ULL;
		r->s[i] = bench_mix(x);
	}
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1;
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t bench_rng_next(bench_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double bench_rng_uniform(bench_rng *r)
{
	return (double)(bench_rng_next(r) >> 11) * 0x1.0p-53;
}

uint32_t bench_rng_below(bench_rng *r, uint32_t n)
{
	/* Rejection keeps every value equally likely: drop the top partial block. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;

	do
		x = bench_rng_next(r);
	while (x >= limit);
	return (uint32_t)(x % n);
}

double bench_rng_normal(bench_rng *r)
{
	/* Box-Muller; 1 - u keeps log away from 0. One of the pair is dropped
	 * so each call consumes a fixed two draws. */
	double u1 = 1.0 - bench_rng_uniform(r);
	double u2 = bench_rng_uniform(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}

uint32_t bench_rng_poisson(bench_rng *r, double lambda)
{
	double limit = exp(-lambda);
	double p = bench_rng_uniform(r);
	uint32_t k = 0;

	while (p > limit && k < 1000) {
		k++;
		p *= bench_rng_uniform(r);
	}
	return k;
}
