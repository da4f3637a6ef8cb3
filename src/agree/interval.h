/*
 * The bootstrap shared by the statistics of tally/stats.h: resample groups
 * of units with replacement as integer weights, re-evaluate, read
 * percentiles. Each statistic sums its units into per-group terms once, so
 * a resample costs O(groups) however many units a group holds.
 */
#ifndef TLY_AGREE_INTERVAL_H
#define TLY_AGREE_INTERVAL_H

#include "tally/stats.h"

/*
 * Evaluate a resampler's statistics into OUT[0..n_stats) with group g
 * counted WEIGHTS[g] times, or with type y counted WEIGHTS[y] times when
 * the resampler maps groups to types (WEIGHTS NULL: as the evaluator
 * documents). SCRATCH holds the resampler's n_scratch doubles,
 * this thread's own, zero before the first call; what the evaluator leaves
 * there it finds on its next call on this thread. CTX is shared by every
 * thread: read only. NaN where undefined. Returns 0 or a negative
 * tly_error_code with the error set (allowed only for a resampler run with
 * threads 1: see tly_stats__bootstrap).
 */
typedef int (*tly_stats__eval_fn)(double *out, const void *ctx, const uint32_t *weights, double *scratch);

/*
 * What a bootstrap resamples. Groups that contribute the same to every
 * sum may share a type (tly_stats__terms): a resample then counts, per
 * type, the draws that fell on its groups, which is all the statistic can
 * tell apart, and evaluates O(types) instead of O(groups).
 */
typedef struct {
	size_t n_stats;          /* statistics per evaluation */
	size_t n_groups;         /* the resampled things */
	const uint32_t *type_of; /* NULL: weights per group; else [n_groups], each below n_types */
	size_t n_types;          /* the weights' length when type_of is set */
	size_t n_scratch;        /* doubles of scratch per thread */
	tly_stats__eval_fn eval;
	const void *ctx;
} tly_stats__resampler;

/*
 * 0, or TLY_EARG when BOOT (may be NULL) asks for more than
 * TLY_STATS_MAX_RESAMPLES or threads outside 0 .. TLY_MAX_THREADS, or its
 * groups (over the caller's N_UNITS units) decrease somewhere.
 */
int tly_stats__check_boot(const tly_stats_bootstrap *boot, size_t n_units, const char *where);

/*
 * OUT[u] = the compact group (0, 1, ...) of evaluated unit u < N_UNITS,
 * read from GROUP at the caller's unit KEPT[u] (KEPT NULL: u itself;
 * GROUP NULL: every unit is its own group, OUT[u] = u); returns the number
 * of groups. GROUP nondecreasing (tly_stats__check_boot), so equal
 * neighbours share a group; only groups holding an evaluated unit exist.
 */
size_t tly_stats__group_index(size_t *out, size_t n_units, const size_t *group, const size_t *kept);

/*
 * Fill STATS[s].ci95 (s < RS->n_stats) with the percentile interval of
 * BOOT's resamples of RS->n_groups groups, skipping statistics whose value
 * is NaN (their interval stays NaN; when all are, nothing is resampled). Resample r draws its groups from its
 * own generator, seeded tly_stats__rng_stream(BOOT->seed, r), so the
 * resamples, and the interval, are the same bytes for any BOOT->threads:
 * with more than one, resamples run on that many OpenMP threads at once
 * and RS->eval must not fail. Nothing to do when BOOT is NULL, asks for 0
 * resamples or there is no group. Returns 0, TLY_ENOMEM/TLY_ELIMIT, or
 * the evaluator's error.
 */
int tly_stats__bootstrap(tly_stat *stats, const tly_stats__resampler *rs, const tly_stats_bootstrap *boot);

/* *S = {NaN, {NaN, NaN}, 0}. */
void tly_stats__undefined(tly_stat *s);

#endif
