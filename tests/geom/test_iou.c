/*
 * Box IoU (src/geom/iou.c) on hand-worked cases: IoU = I / (A + B - I)
 * with continuous COCO boxes [x, y, w, h] and no +1, as pycocotools; and
 * COCO's crowd IoU I / A of an object A against a crowd region.
 */
#include <math.h>

#include "harness.h"
#include "tally/polygon.h"
#include "tally/rle.h"
#include "tally/geom.h"

static double iou4(double ax, double ay, double aw, double ah, double bx, double by, double bw,
		   double bh)
{
	tly_box a = {ax, ay, aw, ah}, b = {bx, by, bw, bh};
	double x = tly_geom_box_iou(&a, &b), y = tly_geom_box_iou(&b, &a);

	/* Symmetric to the last bit: the result must not depend on argument order. */
	CU_ASSERT(x == y || (isnan(x) && isnan(y)));
	return x;
}

static void test_identical(void)
{
	/* I = A = B = 100: 100 / (100 + 100 - 100) = 1 */
	CHECK_NEAR(iou4(0, 0, 10, 10, 0, 0, 10, 10), 1.0, 0);
	/* Fractional: (0.1 + 0.2) - 0.1 rounds above 0.2, so I > A in
	 * doubles; the result must still be exactly 1, never above. */
	CHECK_NEAR(iou4(0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2), 1.0, 0);
	CHECK_NEAR(iou4(1e6 + 0.3, 7.7, 0.1, 0.1, 1e6 + 0.3, 7.7, 0.1, 0.1), 1.0, 0);
}

static void test_disjoint_and_touching(void)
{
	/* [0,10]x[0,10] and [20,25]x[20,25]: no overlap */
	CHECK_NEAR(iou4(0, 0, 10, 10, 20, 20, 5, 5), 0.0, 0);
	/* overlap in x only ([0,10] vs [5,15]) but y [0,10] vs [10,20] touch: I = 5 * 0 = 0 */
	CHECK_NEAR(iou4(0, 0, 10, 10, 5, 10, 10, 10), 0.0, 0);
	/* shared vertical edge x = 10: I = 0 */
	CHECK_NEAR(iou4(0, 0, 10, 10, 10, 0, 10, 10), 0.0, 0);
	/* shared corner only */
	CHECK_NEAR(iou4(0, 0, 10, 10, 10, 10, 10, 10), 0.0, 0);
}

static void test_partial(void)
{
	/* Half of each overlaps: x [0,10] vs [5,15] -> 5, y 10: I = 50,
	 * U = 100 + 100 - 50 = 150, IoU = 1/3 */
	CHECK_NEAR(iou4(0, 0, 10, 10, 5, 0, 10, 10), 1.0 / 3.0, 1e-15);
	/* Corner overlap: x [0,4] vs [3,7] -> 1, y [0,4] vs [1,3] -> 2: I = 2,
	 * U = 16 + 8 - 2 = 22, IoU = 1/11 */
	CHECK_NEAR(iou4(0, 0, 4, 4, 3, 1, 4, 2), 1.0 / 11.0, 1e-15);
	/* Diagonal shift by 2 of a 4x4 box: I = 2*2 = 4, U = 16 + 16 - 4 = 28: 1/7 */
	CHECK_NEAR(iou4(0, 0, 4, 4, 2, 2, 4, 4), 4.0 / 28.0, 1e-15);
}

static void test_contained(void)
{
	/* [2,7]x[2,7] inside [0,10]x[0,10]: I = 25 = B, U = 100: 0.25 */
	CHECK_NEAR(iou4(0, 0, 10, 10, 2, 2, 5, 5), 0.25, 1e-15);
	/* Same left edge and height, half width: I = 50, U = 100: 0.5 */
	CHECK_NEAR(iou4(0, 0, 10, 10, 0, 0, 5, 10), 0.5, 1e-15);
}

static void test_fractional(void)
{
	/* [0.5,2.5]^2 vs [1.5,3.5]^2: overlap 1 x 1 = 1, U = 4 + 4 - 1 = 7: 1/7 */
	CHECK_NEAR(iou4(0.5, 0.5, 2, 2, 1.5, 1.5, 2, 2), 1.0 / 7.0, 1e-15);
	/* [0,1.5]x[0,1] vs [0.75,2.25]x[0,1]: I = 0.75, U = 1.5 + 1.5 - 0.75 = 2.25: 1/3 */
	CHECK_NEAR(iou4(0, 0, 1.5, 1, 0.75, 0, 1.5, 1), 1.0 / 3.0, 1e-15);
	/* Negative coordinates: [-2,2]x[-2,2] vs [0,4]x[-2,2]: I = 2*4 = 8,
	 * U = 16 + 16 - 8 = 24: 1/3 */
	CHECK_NEAR(iou4(-2, -2, 4, 4, 0, -2, 4, 4), 1.0 / 3.0, 1e-15);
}

static void test_zero_area(void)
{
	/* Two empty boxes at the same place: U = 0, IoU 0 as in pycocotools */
	CHECK_NEAR(iou4(3, 3, 0, 0, 3, 3, 0, 0), 0.0, 0);
	/* A zero-width box inside a real one: I = 0, U = 100: 0 */
	CHECK_NEAR(iou4(0, 0, 10, 10, 5, 5, 0, 4), 0.0, 0);
	/* Negative width counts as empty */
	CHECK_NEAR(iou4(0, 0, 10, 10, 5, 0, -3, 10), 0.0, 0);
}

static void test_not_finite(void)
{
	/* A NaN width or position overlaps nothing. Before the fix, a NaN
	 * width made the x overlap the other box's full width: {0,0,NaN,5}
	 * vs {0,0,10,10} scored I = 50 / U = 50 = 1. */
	CHECK_NEAR(iou4(0, 0, NAN, 5, 0, 0, 10, 10), 0.0, 0);
	CHECK_NEAR(iou4(NAN, 0, 5, 5, 0, 0, 10, 10), 0.0, 0);
	CHECK_NEAR(iou4(0, 0, 5, 5, 0, NAN, 10, 10), 0.0, 0);
	/* Infinite sizes have no meaningful ratio: 0, and never NaN */
	CHECK_NEAR(iou4(0, 0, INFINITY, INFINITY, 0, 0, INFINITY, INFINITY), 0.0, 0);
	CHECK_NEAR(iou4(0, 0, INFINITY, 10, 0, 0, 10, 10), 0.0, 0);
}

static void test_area(void)
{
	tly_box b = {1, 2, 3, 4}, z = {1, 2, 0, 4}, n = {0, 0, NAN, 1}, neg = {0, 0, -1, -1};

	CHECK_NEAR(tly_geom_box_area(&b), 12.0, 0); /* 3 * 4 */
	CHECK_NEAR(tly_geom_box_area(&z), 0.0, 0);
	CHECK_NEAR(tly_geom_box_area(&n), 0.0, 0);
	CHECK_NEAR(tly_geom_box_area(&neg), 0.0, 0); /* (-1)(-1) would be 1: empty instead */
}

static void test_geometry_dispatch(void)
{
	/* Without masks, shapes compare through their bounding boxes: same
	 * numbers as the 1/3 half-overlap case. */
	tly_geometry a = {TLY_GEOM_POLYGON, {0, 0, 10, 10}, NULL};
	tly_geometry b = {TLY_GEOM_BOX, {5, 0, 10, 10}, NULL};

	CHECK_NEAR(tly_geom_iou(&a, &b), 1.0 / 3.0, 1e-15);
}

static void test_mask_iou(void)
{
	/* 4 x 4 image, column-major. A = columns 0-1 (runs 0 8 8), B = columns
	 * 1-2 (runs 4 8 4): |A n B| = column 1 = 4 pixels, |A u B| = 12, IoU
	 * 1/3. Their boxes are made disjoint on purpose: with masks on both
	 * sides the boxes are not looked at. Against a box, A's box is used:
	 * A's box {0,0,2,4} and the box {1,0,2,4} overlap 1x4 of 12: 1/3 too,
	 * so a second box {0,0,2,2} checks it: 4 / 8 = 0.5. */
	static const int64_t ca[] = {0, 8, 8}, cb[] = {4, 8, 4};
	tly_rle ra, rb;
	tly_geometry a = {TLY_GEOM_MASK, {0, 0, 2, 4}, NULL};
	tly_geometry b = {TLY_GEOM_MASK, {100, 100, 1, 1}, NULL};
	tly_geometry box = {TLY_GEOM_BOX, {0, 0, 2, 2}, NULL};

	CHECK_OK(tly_rle_from_counts(&ra, 4, 4, ca, 3));
	CHECK_OK(tly_rle_from_counts(&rb, 4, 4, cb, 3));
	a.rle = &ra;
	b.rle = &rb;
	CHECK_NEAR(tly_geom_iou(&a, &b), 1.0 / 3.0, 1e-15);
	CHECK_NEAR(tly_geom_iou(&b, &a), 1.0 / 3.0, 1e-15);
	CHECK_NEAR(tly_geom_iou(&a, &a), 1.0, 0);
	CHECK_NEAR(tly_geom_iou(&a, &box), 0.5, 1e-15);
	CHECK_NEAR(tly_geom_iou(&box, &a), 0.5, 1e-15);
	tly_rle_clear(&ra);
	tly_rle_clear(&rb);
}

static void test_polygon_and_mask_same_shape(void)
{
	/* The square (1,1) (4,1) (4,4) (1,4) on a 6 x 6 image covers columns
	 * 1-3, rows 1-3 (pixel centres inside; tests/geom/test_polygon.c works
	 * the walk). The same pixels as uncompressed RLE, column-major: 7 zeros
	 * (column 0 and row 0 of column 1), then 3 ones, 3 zeros, three times,
	 * and 14 zeros (rows 4-5 of column 3, columns 4-5): 7 3 3 3 3 3 14.
	 * One pool: the polygon and the mask match with IoU 1. Sizes differ ->
	 * 0 (masks of different images never match). */
	static const double xy[] = {1, 1, 4, 1, 4, 4, 1, 4};
	static const int64_t c[] = {7, 3, 3, 3, 3, 3, 14}, c5[] = {25};
	tly_rle rp, rm, r5;
	tly_geometry p = {TLY_GEOM_POLYGON, {1, 1, 3, 3}, NULL};
	tly_geometry m = {TLY_GEOM_MASK, {1, 1, 3, 3}, NULL};

	CHECK_OK(tly_polygon_to_rle(&rp, xy, 4, 6, 6));
	CHECK_OK(tly_rle_from_counts(&rm, 6, 6, c, 7));
	CHECK_OK(tly_rle_from_counts(&r5, 5, 5, c5, 1));
	p.rle = &rp;
	m.rle = &rm;
	CHECK_NEAR(tly_geom_iou(&p, &m), 1.0, 0);
	m.rle = &r5;
	CHECK_NEAR(tly_geom_iou(&p, &m), 0.0, 0);
	tly_rle_clear(&rp);
	tly_rle_clear(&rm);
	tly_rle_clear(&r5);
}

static double crowd4(double ax, double ay, double aw, double ah, double cx, double cy, double cw,
		     double ch)
{
	tly_box a = {ax, ay, aw, ah}, c = {cx, cy, cw, ch};

	return tly_geom_box_crowd_iou(&a, &c);
}

static void test_box_crowd_iou(void)
{
	/* COCO's crowd rule divides by the object's own area, |A n C| / |A|. */
	/* [2,7]^2 inside [0,10]^2: I = 25 = |A|: 1 (plain IoU 25/100 = 0.25) */
	CHECK_NEAR(crowd4(2, 2, 5, 5, 0, 0, 10, 10), 1.0, 0);
	/* Not symmetric: the big box against the small region: 25 / 100 */
	CHECK_NEAR(crowd4(0, 0, 10, 10, 2, 2, 5, 5), 0.25, 1e-15);
	/* Half out: x [0,10] vs [5,15] -> 5, y 10: I = 50 of |A| = 100: 0.5
	 * (plain IoU 50/150 = 1/3) */
	CHECK_NEAR(crowd4(0, 0, 10, 10, 5, 0, 10, 10), 0.5, 1e-15);
	/* Corner: [8,12]^2 vs [0,10]^2: 2 x 2 = 4 of 16: 0.25 */
	CHECK_NEAR(crowd4(8, 8, 4, 4, 0, 0, 10, 10), 0.25, 1e-15);
	/* Fractional: [0.5,2.5]^2 vs [1.5,3.5]^2: 1 x 1 of 4: 0.25 */
	CHECK_NEAR(crowd4(0.5, 0.5, 2, 2, 1.5, 1.5, 2, 2), 0.25, 1e-15);
	/* Identical fractional boxes score exactly 1 (I may round above |A|) */
	CHECK_NEAR(crowd4(0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2), 1.0, 0);
	/* Disjoint, touching: 0 */
	CHECK_NEAR(crowd4(0, 0, 10, 10, 20, 20, 5, 5), 0.0, 0);
	CHECK_NEAR(crowd4(0, 0, 10, 10, 10, 0, 10, 10), 0.0, 0);
	/* An empty object lies inside nothing (pycocotools: I = 0 -> 0); an
	 * empty region holds nothing; NaN and infinite objects give 0 */
	CHECK_NEAR(crowd4(3, 3, 0, 0, 0, 0, 10, 10), 0.0, 0);
	CHECK_NEAR(crowd4(0, 0, 10, 10, 3, 3, 0, 5), 0.0, 0);
	CHECK_NEAR(crowd4(0, 0, NAN, 5, 0, 0, 10, 10), 0.0, 0);
	CHECK_NEAR(crowd4(0, 0, 5, 5, NAN, 0, 10, 10), 0.0, 0);
	CHECK_NEAR(crowd4(0, 0, INFINITY, 10, 0, 0, 10, 10), 0.0, 0);
	/* A finite object in an unbounded region is inside it: 1 */
	CHECK_NEAR(crowd4(1, 1, 2, 2, 0, 0, INFINITY, INFINITY), 1.0, 0);
}

static void test_mask_crowd_iou(void)
{
	/* 4 x 4 image, column-major. A = columns 0-1 (runs 0 8 8, 8 px), B =
	 * columns 1-2 (4 8 4, 8 px), S = column 1 rows 0-1 (4 2 10, 2 px),
	 * E = empty (16). A in B: |A n B| = column 1 = 4 of |A| 8: 0.5 (plain
	 * IoU 4/12). S in B and S in A: 2 of 2: 1; B in S: 2 of 8: 0.25. E: 0.
	 * Boxes are set apart on purpose: with two masks only pixels count. */
	static const int64_t ca[] = {0, 8, 8}, cb[] = {4, 8, 4}, cs[] = {4, 2, 10}, ce[] = {16};
	static const int64_t c5[] = {25};
	tly_rle ra, rb, rs, re, r5;
	tly_geometry a = {TLY_GEOM_MASK, {0, 0, 2, 4}, NULL};
	tly_geometry b = {TLY_GEOM_MASK, {100, 100, 1, 1}, NULL};
	tly_geometry s = {TLY_GEOM_MASK, {200, 200, 1, 1}, NULL};
	tly_geometry e = {TLY_GEOM_MASK, {0, 0, 0, 0}, NULL};
	tly_geometry box = {TLY_GEOM_BOX, {0, 0, 1, 2}, NULL};

	CHECK_OK(tly_rle_from_counts(&ra, 4, 4, ca, 3));
	CHECK_OK(tly_rle_from_counts(&rb, 4, 4, cb, 3));
	CHECK_OK(tly_rle_from_counts(&rs, 4, 4, cs, 3));
	CHECK_OK(tly_rle_from_counts(&re, 4, 4, ce, 1));
	CHECK_OK(tly_rle_from_counts(&r5, 5, 5, c5, 1));
	a.rle = &ra;
	b.rle = &rb;
	s.rle = &rs;
	e.rle = &re;
	CHECK_NEAR(tly_geom_crowd_iou(&a, &b), 0.5, 1e-15);
	CHECK_NEAR(tly_geom_crowd_iou(&s, &b), 1.0, 0);
	CHECK_NEAR(tly_geom_crowd_iou(&s, &a), 1.0, 0);
	CHECK_NEAR(tly_geom_crowd_iou(&b, &s), 0.25, 1e-15);
	CHECK_NEAR(tly_geom_crowd_iou(&e, &a), 0.0, 0);
	CHECK_NEAR(tly_geom_crowd_iou(&a, &e), 0.0, 0);
	/* A box against a mask: A's box {0,0,2,4} stands for it. The box
	 * {0,0,1,2} in A: 2 of 2 = 1; A in the box: 2 of 8 = 0.25. */
	CHECK_NEAR(tly_geom_crowd_iou(&box, &a), 1.0, 0);
	CHECK_NEAR(tly_geom_crowd_iou(&a, &box), 0.25, 1e-15);
	/* Masks of different sizes (different images) never overlap */
	b.rle = &r5;
	CHECK_NEAR(tly_geom_crowd_iou(&a, &b), 0.0, 0);
	tly_rle_clear(&ra);
	tly_rle_clear(&rb);
	tly_rle_clear(&rs);
	tly_rle_clear(&re);
	tly_rle_clear(&r5);
}

TLY_TESTS("geom_iou",
	  {"identical", test_identical},
	  {"disjoint_and_touching", test_disjoint_and_touching},
	  {"partial", test_partial},
	  {"contained", test_contained},
	  {"fractional", test_fractional},
	  {"zero_area", test_zero_area},
	  {"not_finite", test_not_finite},
	  {"area", test_area},
	  {"geometry_dispatch", test_geometry_dispatch},
	  {"mask_iou", test_mask_iou},
	  {"polygon_and_mask_same_shape", test_polygon_and_mask_same_shape},
	  {"box_crowd_iou", test_box_crowd_iou},
	  {"mask_crowd_iou", test_mask_crowd_iou})
