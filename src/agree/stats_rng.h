/*
 * The statistics' random numbers: splitmix64 (G. L. Steele, D. Lea,
 * C. H. Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014), a state the caller owns, so bootstraps are reproducible from a
 * seed and threads never share a generator.
 */
#ifndef TLY_AGREE_STATS_RNG_H
#define TLY_AGREE_STATS_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint64_t state;
} tly_stats__rng;

/* Start R at SEED (any value, 0 included). */
void tly_stats__rng_seed(tly_stats__rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t tly_stats__rng_next(tly_stats__rng *r);

/* A uniform integer in [0, N), N > 0, without modulo bias. */
size_t tly_stats__rng_below(tly_stats__rng *r, size_t n);

#endif
