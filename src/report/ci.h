/*
 * 95% Wilson intervals beside an annotator's precision, recall and label
 * accuracy (issue 4), so a reader can tell whether two annotators really
 * differ. Computed at render time from the counts already in the result.
 */
#ifndef TLY_REPORT_CI_H
#define TLY_REPORT_CI_H

#include "tally/result.h"

typedef struct {
	double precision[2];      /* tp of tp + fp */
	double recall[2];         /* tp of tp + fn */
	double label_accuracy[2]; /* label_correct of label_total */
} tly_report__counts_ci;

/*
 * The Wilson interval [lo, hi] of K successes in N trials (tly_stats_wilson);
 * NaN, NaN when N = 0 or the counts are inconsistent (K > N, as a damaged
 * store could hold), so the renderers write null / an empty field.
 */
void tly_report__ci95(double ci[2], uint64_t k, uint64_t n);

/*
 * The 95% interval of C's F1 = 2tp / (2tp + fp + fn): the Wilson interval
 * of the Jaccard share J = tp / (tp + fp + fn) (a binomial proportion of
 * the tp, fp and fn events) carried through F1 = 2J / (1 + J), which is
 * increasing in J, so the interval keeps Wilson's coverage. NaN, NaN when
 * tp + fp + fn is 0 or overflows.
 */
void tly_report__f1_ci95(double ci[2], const tly_counts *c);

/* The three intervals of C; a sum that overflows gives NaN, NaN. */
void tly_report__counts_ci95(tly_report__counts_ci *out, const tly_counts *c);

#endif
