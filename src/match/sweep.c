/*
 * Sort-and-sweep over box x-extents (the classic broad phase of collision
 * detection): box IoU is positive only when the boxes overlap on both axes,
 * so pairs disjoint in x are never examined. Checked by tests/match/test_sweep.c.
 */
#include <math.h>

#include "match/sort.h"
#include "match/sweep.h"
#include "tally/error.h"
#include "tally/rle.h"
#include "tally/types.h"

int tly_match__span_init(tly_match__span *s, const tly_geometry *g, uint32_t idx, uint32_t group,
			 const char *where)
{
	const tly_box *b = &g->box;

	s->x1 = b->x;
	s->y1 = b->y;
	s->x2 = b->x + b->w;
	s->y2 = b->y + b->h;
	s->idx = idx;
	s->group = group;
	/* Two masks overlap only where their pixels do, which an ingested
	 * bbox need not contain: the span covers the mask's own box too. */
	if (g->rle) {
		tly_box m = tly_rle_bbox(g->rle);

		if (m.w > 0 && m.h > 0) {
			s->x1 = s->x1 < m.x ? s->x1 : m.x;
			s->y1 = s->y1 < m.y ? s->y1 : m.y;
			s->x2 = s->x2 > m.x + m.w ? s->x2 : m.x + m.w;
			s->y2 = s->y2 > m.y + m.h ? s->y2 : m.y + m.h;
		}
	}
	/* Checking the far corners too catches an infinite or NaN size and a
	 * sum that overflows. */
	if (!isfinite(s->x1) || !isfinite(s->y1) || !isfinite(s->x2) || !isfinite(s->y2))
		return tly_error_set(TLY_EARG, "%s: item %u has a non-finite box", where,
				     (unsigned)idx);
	/* Corners compared the way tly_geom_box_iou computes the overlap: a
	 * width lost to rounding (x + w == x) overlaps nothing there either. */
	return s->x2 > s->x1 && s->y2 > s->y1;
}

static int by_x1(const void *pa, const void *pb, const void *ctx)
{
	const tly_match__span *a = pa, *b = pb;

	(void)ctx;
	return (a->x1 > b->x1) - (a->x1 < b->x1);
}

void tly_match__spans_sort(tly_match__span *s, size_t n)
{
	tly_match__sort(s, n, sizeof(*s), by_x1, NULL);
}

int tly_match__sweep_next(tly_match__sweep *it, const tly_match__span *s, size_t n, size_t *k,
			  size_t *l)
{
	const tly_match__span *p;
	size_t j;

	for (; it->k < n; it->k++, it->l = it->k + 1) {
		p = &s[it->k];
		/* Sorted by x1, so every later span starts at or after p's left
		 * edge: the first one starting at or past p's right edge ends
		 * p's candidates. */
		while (it->l < n && s[it->l].x1 < p->x2) {
			j = it->l++;
			if (s[j].group != p->group && s[j].y1 < p->y2 && p->y1 < s[j].y2) {
				*k = it->k;
				*l = j;
				return 1;
			}
		}
	}
	return 0;
}
