/*
 * Per-item match thresholds (rules labels.NAME.match.iou and
 * geometry.KIND.match.iou), checked once per call before any pair uses them.
 */
#ifndef TLY_MATCH_THRESHOLD_H
#define TLY_MATCH_THRESHOLD_H

#include "tally/match.h"

/* Nonzero when OPTS sets no override: every pair's threshold is opts->iou (the fast path). */
int tly_match__uniform(const tly_match_options *opts);

/*
 * TLY_EARG (message starting with WHERE) unless opts->iou and the
 * threshold of every item of ITEMS[0..n) are in (0, 1].
 */
int tly_match__check_thresholds(const tly_match_options *opts, const tly_match_item *items, size_t n,
				const char *where);

#endif
