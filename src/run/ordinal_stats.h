/*
 * Krippendorff's ordinal and interval alpha over a run's image labels,
 * when the rules order the labels (report.label_order): label_stats.c's
 * unit table with each label replaced by its rank or interval value.
 * tests/run/test_ordinal_stats.c.
 */
#ifndef TLY_RUN_ORDINAL_STATS_H
#define TLY_RUN_ORDINAL_STATS_H

#include "tally/result.h"
#include "tally/rules.h"

/*
 * Set R's labels_ordered (P has a label order), krippendorff_alpha_ordinal
 * and krippendorff_alpha_interval (undefined for multi-label data, MULTI 1,
 * or without units). VALUES is label_stats' table [n_units][ds->n_annotators]
 * of category indices, NaN = missing (read only). Single-label data whose
 * non-gold image labels include one P's order does not list is TLY_EINPUT
 * naming the label and the key. The bootstraps run on THREADS (>= 1). 0 or
 * an error (message set).
 */
int tly_run__ordinal_stats(tly_result *r, const tly_dataset *ds, const tly_policy *p, int multi,
			   const double *values, size_t n_units, int threads);

#endif
