/*
 * Chance-corrected agreement statistics with 95% intervals (issue 4):
 * Fleiss' kappa (overall and per category), Krippendorff's alpha with
 * missing data (nominal, ordinal, interval, ratio and a caller-given
 * distance), Wilson intervals for proportions and a seeded bootstrap over
 * units. Pure functions of their arguments: no global state, safe to call
 * from any number of threads at once (errors go to the thread's
 * tly_error_last).
 */
#ifndef TALLY_STATS_H
#define TALLY_STATS_H

#include "types.h"

/*
 * One statistic. value is NaN when the statistic is undefined for the data
 * (each function lists when); ci95 is NaN, NaN when no interval was asked
 * for or it is undefined; n is the number of units (items) the value is
 * computed from, after dropping units that cannot contribute.
 */
typedef struct {
	double value;
	double ci95[2]; /* [lower, upper] */
	size_t n;
} tly_stat;

/*
 * Bootstrap over units: B resamples of the units with replacement, the
 * statistic recomputed on each, the interval read off the 2.5th and 97.5th
 * percentiles of the defined resampled values (linear interpolation between
 * order statistics, R's quantile type 7). The same seed gives the same
 * interval on every machine and thread count: the generator is splitmix64
 * (Steele, Lea, Flood 2014), local to the call.
 */
typedef struct {
	uint32_t resamples; /* B; 0 = no interval. At most TLY_STATS_MAX_RESAMPLES. */
	uint64_t seed;
} tly_stats_bootstrap;

#define TLY_STATS_MAX_RESAMPLES 1000000u
#define TLY_STATS_BOOTSTRAP_INIT {1000u, UINT64_C(0x74616c6c79)}

/* The z quantile of the standard normal used for every 95% interval: Phi^-1(0.975). */
#define TLY_STATS_Z95 1.959963984540054

/*
 * Wilson score interval (E. B. Wilson, JASA 22, 1927) for K successes in N
 * trials at 95%: value = K/N, ci95 = (p + z^2/2N -+ z sqrt(p(1-p)/N +
 * z^2/4N^2)) / (1 + z^2/N), n = N. N = 0 gives value and interval NaN and
 * returns 0. Returns 0, or TLY_EARG (OUT NULL, or K > N).
 */
TLY_EXTERN int tly_stats_wilson(tly_stat *out, uint64_t k, uint64_t n);

/*
 * Fleiss' kappa for N_ITEMS items rated into N_CATEGORIES categories.
 * COUNTS is row-major [n_items][n_categories]: counts[i*k + j] = n_ij, how
 * many ratings put item i into category j. The number of ratings n_i may
 * differ from item to item (Fleiss 1971 with n_i in place of the constant
 * n): P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)), P = mean of P_i,
 * p_j = sum_i n_ij / sum_i n_i (all ratings pooled), Pe = sum_j p_j^2,
 * kappa = (P - Pe) / (1 - Pe). Items with n_i < 2 carry no agreement and
 * are dropped (from P and from p_j). Category j's kappa is the same
 * statistic on the table collapsed to {j, not j}, which for constant n is
 * Fleiss' (1971) kappa_j = 1 - sum_i n_ij (n - n_ij) / (N n (n-1) p_j q_j).
 *
 * OUT receives the overall kappa; PER_CATEGORY (NULL, or an array of
 * N_CATEGORIES caller-owned slots) each category's. Undefined (NaN):
 * no item with n_i >= 2 (n = 0); overall when every rating is in one
 * category (Pe = 1); category j when p_j is 0 or 1. BOOT (NULL = none)
 * asks for bootstrap intervals over items. Returns 0, TLY_EARG (OUT NULL,
 * COUNTS NULL with items, resamples over the cap), TLY_ELIMIT or TLY_ENOMEM.
 */
TLY_EXTERN int tly_stats_fleiss(tly_stat *out, tly_stat *per_category, const uint64_t *counts,
				size_t n_items, size_t n_categories, const tly_stats_bootstrap *boot);

/*
 * Krippendorff's metrics (K. Krippendorff, "Computing Krippendorff's
 * Alpha-Reliability", 2011, its difference functions): delta^2
 * between values c and k.
 */
typedef enum {
	TLY_STATS_NOMINAL = 0,  /* 0 if c = k, else 1 */
	TLY_STATS_ORDINAL = 1,  /* (sum_{g=c..k} n_g - (n_c + n_k)/2)^2, n_g the value's pairable count */
	TLY_STATS_INTERVAL = 2, /* (c - k)^2 */
	TLY_STATS_RATIO = 3     /* ((c - k)/(c + k))^2; values must be >= 0 */
} tly_stats_metric;

/*
 * Krippendorff's alpha from the coincidence matrix (Krippendorff 2011):
 * alpha = 1 - D_o/D_e = 1 - (n - 1) sum_ck o_ck delta_ck /
 * sum_ck n_c n_k delta_ck. VALUES is row-major [n_units][n_coders]; NaN
 * marks a missing value; category codes for nominal data. Units with fewer
 * than 2 values are not pairable and are dropped; n = the pairable units.
 * Undefined (NaN): no pairable unit, or D_e = 0 (every pairable value
 * equal). BOOT (NULL = none) asks for a bootstrap interval over units.
 * Returns 0, TLY_EARG (OUT NULL, VALUES NULL with cells, an infinite
 * value, a negative value with TLY_STATS_RATIO, an unknown metric,
 * resamples over the cap), TLY_ELIMIT or TLY_ENOMEM.
 */
TLY_EXTERN int tly_stats_alpha(tly_stat *out, const double *values, size_t n_units, size_t n_coders,
			       tly_stats_metric metric, const tly_stats_bootstrap *boot);

/* The missing marker of tly_stats_alpha_custom's item indices. */
#define TLY_STATS_MISSING UINT32_MAX

/*
 * Distance delta between two of the caller's objects A and B (indices
 * chosen by the caller, e.g. boxes), for alpha with an arbitrary metric
 * such as 1 - IoU. Must be finite, >= 0, and 0 when A = B.
 */
typedef double (*tly_stats_distance_fn)(uint32_t a, uint32_t b, void *payload);

/*
 * Krippendorff's alpha with the caller's distance (Krippendorff 2011, the
 * general form D_o/D_e over pairable values): ITEMS is row-major
 * [n_units][n_coders] of object indices, TLY_STATS_MISSING where a coder
 * gave nothing. D_o = (1/n) sum_u sum_{i != j in u} delta(i, j)/(m_u - 1)
 * and D_e = 1/(n(n-1)) sum over all ordered pairs of distinct pairable
 * values delta(i, j), n the pairable values: O(n^2) calls of DISTANCE per
 * evaluation (and per resample). Degenerate cases as tly_stats_alpha.
 * DISTANCE is called from this thread only, with PAYLOAD. Returns 0,
 * TLY_EARG (OUT, DISTANCE NULL, ITEMS NULL with cells, a distance that is
 * negative or not finite, resamples over the cap), TLY_ELIMIT or TLY_ENOMEM.
 */
TLY_EXTERN int tly_stats_alpha_custom(tly_stat *out, const uint32_t *items, size_t n_units,
				      size_t n_coders, tly_stats_distance_fn distance, void *payload,
				      const tly_stats_bootstrap *boot);

#endif
