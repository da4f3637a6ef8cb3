/*
 * The bootstrap shared by the statistics of tally/stats.h: resample units
 * with replacement as integer weights, re-evaluate, read percentiles.
 */
#ifndef TLY_AGREE_INTERVAL_H
#define TLY_AGREE_INTERVAL_H

#include "tally/stats.h"

/*
 * Evaluate N_STATS statistics into OUT with unit u counted WEIGHTS[u]
 * times (WEIGHTS NULL: every unit once). NaN where undefined. Returns 0 or
 * a negative tly_error_code with the error set.
 */
typedef int (*tly_stats__eval_fn)(double *out, void *ctx, const uint32_t *weights);

/*
 * 0, or TLY_EARG when BOOT (may be NULL) asks for more than
 * TLY_STATS_MAX_RESAMPLES or its groups (over the caller's N_UNITS units)
 * decrease somewhere.
 */
int tly_stats__check_boot(const tly_stats_bootstrap *boot, size_t n_units, const char *where);

/*
 * Fill STATS[s].ci95 (s < N_STATS) with the percentile interval of BOOT's
 * resamples over N_UNITS units, skipping statistics whose value is NaN
 * (their interval stays NaN). Evaluated unit u is the caller's unit
 * KEPT[u] (KEPT NULL: unit u), which names its group when BOOT has groups
 * (checked by tly_stats__check_boot). Nothing to do when BOOT is NULL, asks
 * for 0 resamples or N_UNITS is 0. Returns 0, TLY_ENOMEM/TLY_ELIMIT, or
 * EVAL's error.
 */
int tly_stats__bootstrap(tly_stat *stats, size_t n_stats, size_t n_units,
			 const tly_stats_bootstrap *boot, const size_t *kept, tly_stats__eval_fn eval,
			 void *ctx);

/* *S = {NaN, {NaN, NaN}, 0}. */
void tly_stats__undefined(tly_stat *s);

#endif
