/*
 * The agreement-statistics part of `tally diff` (diff_stats.c), called by
 * tly_diff_compute and tly_diff_render.
 */
#ifndef TALLY_REPORT_DIFF_STATS_H
#define TALLY_REPORT_DIFF_STATS_H

#include "tally/diff.h"
#include "util/buf.h"

/*
 * The statistics of A and B that differ into d->stats / d->n_stats
 * (replaced; the caller clears D on failure). 0 or TLY_ENOMEM.
 */
int tly_diff__stats(tly_diff *d, const tly_result *a, const tly_result *b);

/* The "statistics changed" section of the text form. */
void tly_diff__stats_text(tly_buf *b, const tly_diff *d, const tly_dataset *ds);

/* ,"statistics":[...] of the JSON form. */
void tly_diff__stats_json(tly_buf *b, const tly_diff *d, const tly_dataset *ds);

#endif
