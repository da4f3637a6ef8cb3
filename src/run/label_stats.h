/*
 * Run-wide chance-corrected agreement over image labels: Fleiss' kappa and
 * Krippendorff's nominal alpha (include/tally/stats.h), from the dataset on
 * the calling thread after the per-image part. tests/run/test_label_stats.c.
 */
#ifndef TLY_RUN_LABEL_STATS_H
#define TLY_RUN_LABEL_STATS_H

#include "tally/result.h"

/*
 * Set R's fleiss_kappa and krippendorff_alpha, and each class's
 * fleiss_kappa (R's classes must be laid out: one per category), from DS's
 * labels submissions. 0 or an error (message set).
 */
int tly_run__label_stats(tly_result *r, const tly_dataset *ds);

#endif
