/*
 * Candidate search for the matcher: two shapes can only have IoU > 0 when
 * their boxes overlap with positive area, so items are sorted by left edge
 * and each is compared only with those starting before its right edge.
 */
#ifndef TLY_MATCH_SWEEP_H
#define TLY_MATCH_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "tally/geom.h"

/* One item's bounding box as corners, in pixels, with what the sweep pairs by. */
typedef struct {
	double x1, x2, y1, y2; /* x1 < x2 and y1 < y2 for every span the sweep sees */
	uint32_t idx;          /* the caller's item index */
	uint32_t group;        /* items of the same group are never paired (owner, or side) */
} tly_match__span;

/*
 * Fill *S from G's box, widened to cover G's mask's bounding box when G has
 * a mask (mask pixels may lie outside an ingested bbox). Returns 1 when the box has positive area (it may
 * overlap something), 0 when it cannot overlap anything (IoU 0 with every
 * shape: leave it out of the sweep), or TLY_EARG when a coordinate is not
 * finite, with the message naming WHERE and IDX.
 */
int tly_match__span_init(tly_match__span *s, const tly_geometry *g, uint32_t idx, uint32_t group,
			 const char *where);

/* Sort spans by left edge (x1); ties in any order. */
void tly_match__spans_sort(tly_match__span *s, size_t n);

/* Sweep position; start from TLY_MATCH__SWEEP_INIT. */
typedef struct {
	size_t k, l;
} tly_match__sweep;

#define TLY_MATCH__SWEEP_INIT {0, 1}

/*
 * Next pair of x-sorted spans S[0..n) whose boxes overlap with positive area
 * and whose groups differ: sets *K < *L (span positions) and returns 1, or
 * returns 0 when every pair has been seen. S may move between calls (the
 * position is kept as indices) but its contents must not change.
 * Cost: O(n + pairs overlapping in x) over the whole sweep.
 */
int tly_match__sweep_next(tly_match__sweep *it, const tly_match__span *s, size_t n, size_t *k,
			  size_t *l);

#endif
