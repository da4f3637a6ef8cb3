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
 * interval on every machine and for any THREADS: the generator is
 * splitmix64 (Steele, Lea, Flood 2014), local to the call, and resample r
 * draws from its own stream, seeded with splitmix64's r-th output from
 * SEED, whichever thread computes it.
 *
 * With GROUP, the resampled things are the groups, not the units (a
 * cluster bootstrap: Davison & Hinkley, "Bootstrap Methods and their
 * Application", 1997, sec. 3.8): when one image yields several units
 * (multi-label presence units, the object clusters of an image), their
 * errors are not independent and resampling them one by one would make
 * the interval too narrow. GROUP[u] names the group of the caller's unit
 * u (the items of tly_stats_fleiss, the units of tly_stats_alpha*, the
 * rating rows of tly_stats_cohen), nondecreasing; the groups that hold at
 * least one usable unit are drawn as many times as there are of them,
 * and a unit counts as often as its group was drawn.
 *
 * Each statistic first sums its units into per-group terms (groups whose
 * terms are equal, such as two images with the same ratings, are counted
 * together), so a resample costs its draws plus O(distinct groups' terms +
 * the statistic's categories or values), not O(units), and allocates
 * nothing. THREADS > 1 spreads the resamples over that many OpenMP threads
 * (tly_stats_alpha_custom, whose distance is called from the calling
 * thread only, ignores it). The same interval for any THREADS.
 */
typedef struct {
	uint32_t resamples; /* B; 0 = no interval. At most TLY_STATS_MAX_RESAMPLES. */
	uint64_t seed;
	const size_t *group; /* NULL: each unit is resampled alone; else [n units], nondecreasing;
			      * borrowed for the call */
	int threads;         /* OpenMP threads for the resamples, 0 .. 1024; 0 or 1: the calling thread */
} tly_stats_bootstrap;

#define TLY_STATS_MAX_RESAMPLES 1000000u
#define TLY_STATS_BOOTSTRAP_INIT {1000u, UINT64_C(0x74616c6c79), NULL, 0}

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
 * COUNTS NULL with items, a bad BOOT: resamples over the cap, threads
 * outside 0 .. 1024, decreasing groups), TLY_ELIMIT or TLY_ENOMEM.
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
 * equal). BOOT (NULL = none) asks for a bootstrap interval over units
 * (or over BOOT's groups of units). Returns 0, TLY_EARG (OUT NULL, VALUES
 * NULL with cells, an infinite value, a negative value with
 * TLY_STATS_RATIO, an unknown metric, a bad BOOT as for
 * tly_stats_fleiss), TLY_ELIMIT or TLY_ENOMEM.
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
 * evaluation (and per resample, all on the calling thread: BOOT's threads
 * are ignored). Degenerate cases as tly_stats_alpha.
 * DISTANCE is called from this thread only, with PAYLOAD. Returns 0,
 * TLY_EARG (OUT, DISTANCE NULL, ITEMS NULL with cells, a distance that is
 * negative or not finite, a bad BOOT as for tly_stats_fleiss),
 * TLY_ELIMIT or TLY_ENOMEM.
 */
TLY_EXTERN int tly_stats_alpha_custom(tly_stat *out, const uint32_t *items, size_t n_units,
				      size_t n_coders, tly_stats_distance_fn distance, void *payload,
				      const tly_stats_bootstrap *boot);

/* COUNT items that rater a put in category A and rater b in category B. */
typedef struct {
	uint32_t a, b;   /* category indices, below the call's n_categories */
	uint64_t count;  /* items so rated; 0 allowed */
} tly_stats_rating;

/*
 * Cohen's kappa (J. Cohen, "A coefficient of agreement for nominal
 * scales", Educ. Psychol. Meas. 20, 1960, eq. 1) of two raters over the
 * items RATINGS[0..n_ratings) hold: kappa = (po - pe) / (1 - pe), po the
 * share of items with a = b, pe = sum_k r_k c_k / N^2 from the marginals;
 * computed as (N agree - sum r c) / (N^2 - sum r c), exact in counts, so
 * it equals tly_agree_kappa on the same table. n = N = sum of the counts.
 * Undefined (NaN): N = 0, or pe = 1 (both raters put every item in one and
 * the same category). BOOT (NULL = none) resamples the rating rows (or
 * BOOT's groups of rows: e.g. the rows of one image; a row with count c
 * is c items that move together). Rows need not be distinct. Work
 * O(n_ratings) to set up (each group's rows summed into its distinct cells
 * (a, b)), then per resample its draws plus O(distinct groups' cells + the
 * categories used). Returns 0,
 * TLY_EARG (OUT NULL, RATINGS NULL with rows, a category not below
 * N_CATEGORIES, a bad BOOT as for tly_stats_fleiss), TLY_ELIMIT or
 * TLY_ENOMEM. Checked by tests/agree/test_cohen.c.
 */
TLY_EXTERN int tly_stats_cohen(tly_stat *out, const tly_stats_rating *ratings, size_t n_ratings,
			       size_t n_categories, const tly_stats_bootstrap *boot);

/*
 * One unit of tly_stats_alpha_iou: a cluster of matched objects as some
 * coders saw it. Of its CODERS values, OBJECTS are objects (one per coder)
 * and the other CODERS - OBJECTS are "nothing" (coders who saw the image
 * but drew nothing in the cluster). DISTANCE is the sum over the unordered
 * pairs of its objects of their delta, each in [0, 1] (tally: 1 - IoU, or
 * 1 when the labels differ).
 */
typedef struct {
	uint32_t objects;
	uint32_t coders;
	double distance;
} tly_stats_iou_unit;

/*
 * Krippendorff's alpha (2011, the general form D_o/D_e over pairable
 * values) over units of matched objects, with the difference function
 *   delta(o, o') = the caller's in-cluster distance (1 - IoU) for two
 *                  objects of the same unit,
 *   delta(o, o') = 1 for objects of different units (never matched),
 *   delta(o, nothing) = 1,  delta(nothing, nothing) = 0,
 * so an unmatched object counts fully against agreement. With units u of
 * m_u coders, A_u objects, Z_u = m_u - A_u, S_u = 2 distance_u, and each
 * unit counted w_u times (1; in a bootstrap resample, as often as its
 * group was drawn, each copy a unit of its own: its objects are 1 from the
 * other copy's, as two images' objects are):
 *   n = sum w m,  A = sum w A_u,  Z = sum w Z_u,
 *   D_o = (1/n) sum_u w_u (S_u + 2 A_u Z_u) / (m_u - 1),
 *   D_e = [2 A Z + A^2 - sum_u w_u A_u^2 + sum_u w_u S_u] / (n (n - 1)),
 *   alpha = 1 - D_o / D_e,
 * the value of tly_stats_alpha_custom with that delta (the cross-unit
 * pairs counted in closed form: O(n_units) per evaluation instead of
 * O(n^2); custom's resamples differ: they pair a unit's copies at 0).
 * Units with fewer than 2 coders are not pairable and are dropped; n (the
 * stat's) = the pairable units. Undefined (NaN): no pairable unit, or
 * D_e = 0 (one unit whose objects all agree perfectly, and no nothing).
 * BOOT as for tly_stats_alpha (groups: e.g. the clusters of one image).
 * Returns 0, TLY_EARG (OUT NULL, UNITS NULL with units, objects > coders,
 * a distance outside [0, objects (objects - 1) / 2] or not finite,
 * a bad BOOT as for tly_stats_fleiss), TLY_ELIMIT or TLY_ENOMEM.
 * Checked by tests/agree/test_alpha_iou.c.
 */
TLY_EXTERN int tly_stats_alpha_iou(tly_stat *out, const tly_stats_iou_unit *units, size_t n_units,
				   const tly_stats_bootstrap *boot);

#endif
