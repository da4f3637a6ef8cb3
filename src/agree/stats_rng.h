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

/*
 * A uniform integer in [0, N), N > 0, without bias: the high word of the
 * 128-bit product of a draw and N, redrawn when the low word falls in the
 * 2^64 mod N values that would favour some results (D. Lemire, "Fast
 * random integer generation in an interval", ACM TOMACS 29(1), 2019).
 * The same values on every machine, with or without a 128-bit type.
 */
size_t tly_stats__rng_below(tly_stats__rng *r, size_t n);

/*
 * The seed of stream INDEX derived from SEED: splitmix64's output number
 * INDEX (0-based) from SEED, computed directly. Streams seeded this way
 * start at unrelated states, so bootstrap resample INDEX draws the same
 * numbers whichever thread runs it, and in whatever order.
 */
uint64_t tly_stats__rng_stream(uint64_t seed, uint64_t index);

/*
 * One bootstrap resample of N things: N uniform draws i in [0, N), each
 * adding 1 to COUNTS[MAP[i]] (MAP NULL: COUNTS[i]); COUNTS has N_COUNTS
 * slots, zeroed first, and MAP's values are below N_COUNTS. N <= 2^32 - 1:
 * each output x of R gives two 32-bit candidates, x mod 2^32 then x / 2^32
 * (the last one unused when N is reached), each h kept as floor(h N /
 * 2^32) unless (h N) mod 2^32 < 2^32 mod N (Lemire's rejection, exactly
 * uniform). Larger N: N calls of tly_stats__rng_below.
 */
void tly_stats__rng_counts(uint32_t *counts, size_t n_counts, const uint32_t *map, size_t n,
			   tly_stats__rng *r);

#endif
