/*
 * Run-wide chance-corrected agreement over image labels: Fleiss' kappa and
 * Krippendorff's nominal alpha (include/tally/stats.h), from the dataset on
 * the calling thread after the per-image part. tests/run/test_label_stats.c.
 */
#ifndef TLY_RUN_LABEL_STATS_H
#define TLY_RUN_LABEL_STATS_H

#include "tally/result.h"
#include "tally/rules.h"

/*
 * Set R's fleiss_kappa and krippendorff_alpha, and each class's
 * fleiss_kappa (R's classes must be laid out: one per category), from DS's
 * labels submissions; with P's report.label_order (P may be NULL: none) also
 * the ordinal and interval alpha (tly_run__ordinal_stats). The bootstraps
 * spread their resamples over THREADS (>= 1; the intervals do not depend
 * on it). 0 or an error (message set).
 */
int tly_run__label_stats(tly_result *r, const tly_dataset *ds, const tly_policy *p, int threads);

#endif
