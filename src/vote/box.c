/*
 * Consensus box (SPEC §5): per-coordinate median (or mean) of the members'
 * corners x1 = x, y1 = y, x2 = x + w, y2 = y + h, as in CVAT's and crowd-kit's
 * box aggregation; the median of an even count is the mean of the two middle
 * values. Worked cases in tests/vote/test_box.c.
 */
#include <math.h>

#include "tally/vote.h"
#include "vote/box.h"

/*
 * Up to this many members the corners are sorted in a stack array; beyond
 * it (more annotators on one object than anyone hires) an O(n^2) selection
 * keeps tly_vote_box allocation-free and so unable to fail.
 */
#define SMALL 64

/* Where the boxes come from: an array of pointers, or items by member index. */
typedef struct {
	const tly_box *const *boxes;
	const tly_match_item *items;
	const uint32_t *members;
} source;

static double corner(const source *src, size_t i, int c)
{
	const tly_box *b = src->boxes ? src->boxes[i] : &src->items[src->members[i]].geom->box;

	switch (c) {
	case 0:
		return b->x;
	case 1:
		return b->y;
	case 2:
		return b->x + b->w;
	default:
		return b->y + b->h;
	}
}

/* The K-th smallest (0-based) corner C, without extra memory. */
static double kth(const source *src, size_t n, int c, size_t k)
{
	size_t i, j, less, equal;
	double v, u;

	for (i = 0; i < n; i++) {
		v = corner(src, i, c);
		less = equal = 0;
		for (j = 0; j < n; j++) {
			u = corner(src, j, c);
			less += u < v;
			equal += u == v;
		}
		if (less <= k && k < less + equal)
			return v;
	}
	return NAN; /* only when a NaN corner leaves no total order */
}

static double median(const source *src, size_t n, int c)
{
	double v[SMALL], t;
	size_t i, j;

	if (n > SMALL) {
		if (n % 2)
			return kth(src, n, c, n / 2);
		return (kth(src, n, c, n / 2 - 1) + kth(src, n, c, n / 2)) / 2;
	}
	for (i = 0; i < n; i++) {
		t = corner(src, i, c);
		for (j = i; j > 0 && v[j - 1] > t; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double mean(const source *src, size_t n, int c)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += corner(src, i, c);
	return sum / (double)n;
}

static void vote(tly_box *out, const source *src, size_t n, tly_box_policy policy)
{
	double m[4];
	int c;

	if (n == 0) {
		out->x = out->y = out->w = out->h = 0;
		return;
	}
	for (c = 0; c < 4; c++)
		m[c] = policy == TLY_BOX_MEAN ? mean(src, n, c) : median(src, n, c);
	out->x = m[0];
	out->y = m[1];
	/* Order statistics and means are monotone, so x2 >= x1 whenever every
	 * member has w >= 0; the clamp only guards malformed members. */
	out->w = m[2] - m[0] < 0 ? 0 : m[2] - m[0];
	out->h = m[3] - m[1] < 0 ? 0 : m[3] - m[1];
}

void tly_vote_box(tly_box *out, const tly_box *const *boxes, size_t n, tly_box_policy policy)
{
	source src = {boxes, NULL, NULL};

	vote(out, &src, n, policy);
}

void tly_vote__box_of_members(tly_box *out, const tly_match_item *items, const uint32_t *members,
			      size_t n, tly_box_policy policy)
{
	source src = {NULL, items, members};

	vote(out, &src, n, policy);
}
