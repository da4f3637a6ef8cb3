/*
 * Polygon -> COCO mask by the documented algorithm of pycocotools' rleFrPoly:
 * vertices scaled by 5 and rounded, edges walked in unit steps along their
 * longer axis, each crossing of a column centre (x = 5c + 2.5) a boundary at
 * row ceil((v - 2) / 5), boundaries sorted into runs. Tests: tests/geom/test_polygon.c.
 */
#include <math.h>
#include <stdlib.h>

#include "geom/rle.h"
#include "tally/error.h"
#include "tally/polygon.h"
#include "util/alloc.h"
#include "util/limits.h"
#include "util/vec.h"

#define SCALE 5

typedef struct {
	int64_t h, w;                /* image size */
	TLY_VEC(int64_t) cuts;       /* column-major pixel index of each boundary */
	int64_t pu, pv;              /* previous point of the walk (upsampled) */
	int have_prev;
} raster;

/*
 * The reference rounds with a C cast of (value + .5): truncation toward
 * zero, so -1.3 becomes 0, not -1. Kept as is: the pixels must match.
 */
static int64_t round_ref(double v)
{
	return (int64_t)(v + .5);
}

/* The walk moved from (pu, pv) to (u, v) with |u - pu| == 1. */
static int crossing(raster *r, int64_t u, int64_t v)
{
	int64_t uc = u < r->pu ? u : u - 1, vc = v < r->pv ? v : r->pv, col, row;

	/* Downsampled, (uc + .5) / 5 - .5 is a whole column only when
	 * uc = 5c + 2: the step crossed column c's centre line. */
	if (uc < 2 || (uc - 2) % SCALE != 0)
		return 0;
	col = (uc - 2) / SCALE;
	if (col > r->w - 1)
		return 0;
	/* Row ceil((vc + .5) / 5 - .5) = ceil((vc - 2) / 5), clamped to [0, h]. */
	row = vc <= 2 ? 0 : (vc - 2 + SCALE - 1) / SCALE;
	if (row > r->h)
		row = r->h;
	if (r->cuts.count >= TLY_MAX_RLE_RUNS)
		return tly_error_set(TLY_ELIMIT, "polygon: more than TLY_MAX_RLE_RUNS (%d) boundary crossings",
				     TLY_MAX_RLE_RUNS);
	return TLY_VEC_PUSH(&r->cuts, col * r->h + row) < 0 ? tly_error_last_code() : 0;
}

static int visit(raster *r, int64_t u, int64_t v)
{
	int error = 0;

	if (r->have_prev && u != r->pu)
		error = crossing(r, u, v);
	r->pu = u;
	r->pv = v;
	r->have_prev = 1;
	return error;
}

/*
 * One upsampled edge, stepped along its longer axis from its smaller end:
 * point d (0..n) is at t = d, or t = n - d when swapped (flip), so the
 * points still go from the edge's start to its end.
 */
typedef struct {
	int64_t xs, ys, n;
	int flip, major_x;
	double s; /* slope of the shorter axis against the longer one */
} edge;

static void point(const edge *e, int64_t d, int64_t *u, int64_t *v)
{
	int64_t t = e->flip ? e->n - d : d;

	if (e->major_x) {
		*u = e->xs + t;
		*v = round_ref((double)e->ys + e->s * (double)t);
	} else {
		*u = round_ref((double)e->xs + e->s * (double)t);
		*v = e->ys + t;
	}
}

/* sign * u of point d: non-decreasing in d (u is monotone along an edge,
 * the float products included, as multiplying by a fixed s is monotone). */
static int64_t g_at(const edge *e, int64_t d, int sign)
{
	int64_t u, v;

	point(e, d, &u, &v);
	return sign * u;
}

/* Smallest d in [lo, hi] with g(d) >= target, or hi + 1. */
static int64_t first_ge(const edge *e, int sign, int64_t lo, int64_t hi, int64_t target)
{
	while (lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;

		if (g_at(e, mid, sign) >= target)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Largest d in [lo, hi] with g(d) <= target, or lo - 1. */
static int64_t last_le(const edge *e, int sign, int64_t lo, int64_t hi, int64_t target)
{
	while (lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;

		if (g_at(e, mid, sign) <= target)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return hi;
}

static int visit_d(raster *r, const edge *e, int64_t d)
{
	int64_t u, v;

	point(e, d, &u, &v);
	return visit(r, u, v);
}

/*
 * Visit the points of edge E that can matter, in walk order. The walk moves
 * u by at most 1 per point, so (a) points with u outside [2, 5w - 2] can be
 * dropped: a kept crossing needs both ends in it, and the walk leaves and
 * re-enters it at the same end, so no false crossing appears; (b) of a run
 * of points with equal u only the first and the last can end a crossing.
 * This bounds the work by the image width, not by the edge's length.
 */
static int walk_points(raster *r, const edge *e)
{
	int64_t u0, un, v, d, ds, de, lo = 2, hi = 5 * r->w - 2;
	int sign, error = 0;

	point(e, 0, &u0, &v);
	point(e, e->n, &un, &v);
	sign = un > u0 ? 1 : -1;
	if (un == u0) {
		if (u0 < lo || u0 > hi)
			return 0;
		error = visit_d(r, e, 0);
		return error ? error : visit_d(r, e, e->n);
	}
	ds = first_ge(e, sign, 0, e->n, sign > 0 ? lo : -hi);
	de = last_le(e, sign, 0, e->n, sign > 0 ? hi : -lo);
	for (d = ds; d <= de && !error; d++) {
		int64_t end = last_le(e, sign, d, de, g_at(e, d, sign));

		error = visit_d(r, e, d);
		if (!error && end != d)
			error = visit_d(r, e, end);
		d = end;
	}
	return error;
}

/* Walk the upsampled edge (xs, ys) -> (xe, ye), start to end. */
static int walk_edge(raster *r, int64_t xs, int64_t ys, int64_t xe, int64_t ye)
{
	int64_t dx = llabs(xe - xs), dy = llabs(ye - ys), t;
	edge e;

	/* A repeated vertex: the reference's slope is 0/0 there, but its one
	 * point shares u with both neighbours, so it can never be a crossing. */
	if (dx == 0 && dy == 0)
		return 0;
	e.major_x = dx >= dy;
	e.flip = e.major_x ? xs > xe : ys > ye;
	if (e.flip) {
		t = xs, xs = xe, xe = t;
		t = ys, ys = ye, ye = t;
	}
	e.xs = xs;
	e.ys = ys;
	e.n = e.major_x ? dx : dy;
	e.s = e.major_x ? (double)(ye - ys) / (double)dx : (double)(xe - xs) / (double)dy;
	return walk_points(r, &e);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int check_points(const double *xy, size_t n)
{
	size_t i;

	if (n < 3)
		return tly_error_set(TLY_EINPUT, "polygon: %zu points, at least 3 needed", n);
	if (n > TLY_MAX_POLYGON_POINTS)
		return tly_error_set(TLY_ELIMIT, "polygon: %zu points over TLY_MAX_POLYGON_POINTS (%d)", n,
				     TLY_MAX_POLYGON_POINTS);
	for (i = 0; i < 2 * n; i++) {
		if (!isfinite(xy[i]))
			return tly_error_set(TLY_EINPUT, "polygon: point %zu: %s is not a number", i / 2,
					     i % 2 ? "y" : "x");
		if (fabs(xy[i]) > TLY_MAX_COORD)
			return tly_error_set(TLY_ELIMIT, "polygon: point %zu: |%s| = %g over TLY_MAX_COORD (%g)",
					     i / 2, i % 2 ? "y" : "x", fabs(xy[i]), TLY_MAX_COORD);
	}
	return 0;
}

/*
 * Sorted boundaries -> runs. Two boundaries at the same pixel cancel (the
 * outline entered and left between two pixel centres): the zero-length run
 * between them is dropped and the run after it joins the one before, the
 * reference's exact pairing, so the runs match it even in such corners.
 */
static int to_runs(tly_rle *out, const int64_t *cuts, size_t k, int64_t h, int64_t w)
{
	uint32_t *counts = NULL;
	int64_t prev = 0, run;
	size_t j, m = 0;
	int error = 0;

	if ((error = tly_rle__alloc_runs(&counts, k, "polygon")) < 0)
		goto out;
	for (j = 0; j < k; j++) {
		int64_t diff = cuts[j] - prev;

		prev = cuts[j];
		if (j > 0 && diff == 0) {
			if (++j >= k)
				break;
			diff = cuts[j] - prev;
			prev = cuts[j];
			run = (int64_t)counts[m - 1] + diff;
			m--;
		} else {
			run = diff;
		}
		if (run > UINT32_MAX) {
			error = tly_error_set(TLY_ELIMIT, "polygon: a run longer than 2^32 - 1 pixels");
			goto out;
		}
		counts[m++] = (uint32_t)run;
	}
	out->h = (uint32_t)h;
	out->w = (uint32_t)w;
	out->m = m;
	out->counts = counts;
	counts = NULL;
out:
	tly_free(counts);
	return error;
}

int tly_polygon_to_rle(tly_rle *out, const double *xy, size_t n, int64_t h, int64_t w)
{
	raster r = {0};
	int64_t pixels;
	size_t j;
	int error = 0;

	tly_rle_init(out);
	if ((error = tly_rle__check_size(&pixels, h, w, "polygon")) < 0 ||
	    (error = check_points(xy, n)) < 0)
		goto out;
	r.h = h;
	r.w = w;
	if (pixels > 0) {
		for (j = 0; j < n && !error; j++) {
			size_t e = (j + 1) % n;

			error = walk_edge(&r, round_ref(SCALE * xy[2 * j]), round_ref(SCALE * xy[2 * j + 1]),
					  round_ref(SCALE * xy[2 * e]), round_ref(SCALE * xy[2 * e + 1]));
		}
		if (error < 0)
			goto out;
		if (r.cuts.count > 1)
			qsort(r.cuts.items, r.cuts.count, sizeof(*r.cuts.items), cmp_i64);
	}
	/* The image's end closes the last run. */
	if (TLY_VEC_PUSH(&r.cuts, pixels) < 0) {
		error = tly_error_last_code();
		goto out;
	}
	error = to_runs(out, r.cuts.items, r.cuts.count, h, w);
out:
	TLY_VEC_CLEAR(&r.cuts);
	return error;
}
