/*
 * STAPLE (Warfield, Zou and Wells, IEEE TMI 23(7), 2004): the true mask and
 * each rater's sensitivity and specificity estimated together by EM from K
 * binary masks, for reliability-weighted mask consensus (vote.weights staple).
 */
#ifndef TALLY_STAPLE_H
#define TALLY_STAPLE_H

#include "types.h"
#include "rle.h"

/*
 * tolerance: EM stops when no sensitivity or specificity moves by more than
 * this between iterations; max_iterations >= 1; init_*: the starting rates
 * of every rater, in (0, 1) (the paper starts near 1: raters mostly right).
 */
typedef struct {
	double tolerance;
	uint32_t max_iterations;
	double init_sensitivity, init_specificity;
} tly_staple_options;

#define TLY_STAPLE_OPTIONS_INIT {1e-10, 1000, 0.99, 0.99}

typedef struct {
	size_t k;                                         /* raters */
	double sensitivity[TLY_RLE_MAX_PATTERN_MASKS];    /* P(rater marks | truly in) */
	double specificity[TLY_RLE_MAX_PATTERN_MASKS];    /* P(rater leaves | truly out) */
	double prior;          /* P(a pixel is in): the raters' mean coverage, held fixed as in the paper */
	uint32_t iterations;
	int converged;         /* 1: stopped on the tolerance */
	tly_rle consensus;     /* owned: the pixels whose posterior P(in | marks) exceeds 1/2 */
	uint64_t area;         /* its pixels */
	double mean_posterior; /* mean posterior over the consensus pixels (NaN when empty): its confidence */
} tly_staple_result;

/*
 * Estimate from MASKS[0..K) (same h x w, 1 <= K <= TLY_RLE_MAX_PATTERN_MASKS)
 * into *out (overwritten; clear with tly_staple_result_clear). Pixels are
 * grouped by which raters mark them (tly_rle_pattern_counts), so the work is
 * O(runs + iterations * 2^K * K), whatever the image size. A rate the data
 * cannot inform (no pixel is likely in, or none out) stays at its starting
 * value. OPTS may be NULL. 0, TLY_EARG, TLY_ELIMIT or TLY_ENOMEM.
 * Thread-safe: touches only its arguments.
 */
TLY_EXTERN int tly_staple(tly_staple_result *out, const tly_rle *masks, size_t k,
			  const tly_staple_options *opts);

/*
 * The same EM as tly_staple on caller-given coverage patterns: COUNTS[p],
 * p in [0, 2^K), is how many pixels (or any weight, finite and >= 0) rater j
 * marks exactly when bit j of p is set. Fills *out's k, rates, prior,
 * iterations, converged, area and mean_posterior; its consensus stays empty.
 * Lets callers group pixels their own way (the semantic STAPLE of
 * src/agree/semantic_staple.c: one class at a time). 0, TLY_EARG or TLY_ENOMEM.
 */
TLY_EXTERN int tly_staple_patterns(tly_staple_result *out, const double *counts, size_t k,
				   const tly_staple_options *opts);

/* P(in | the raters marking exactly PATTERN's bits) under R's rates and prior (the paper's W). */
TLY_EXTERN double tly_staple_posterior(const tly_staple_result *r, uint32_t pattern);

/* Free R's consensus mask and zero it. NULL-safe. */
TLY_EXTERN void tly_staple_result_clear(tly_staple_result *r);

#endif
