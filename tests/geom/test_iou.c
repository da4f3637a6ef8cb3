/*
 * Box IoU (src/geom/iou.c) on hand-worked cases: IoU = I / (A + B - I)
 * with continuous COCO boxes [x, y, w, h] and no +1, as pycocotools.
 */
#include <math.h>

#include "harness.h"
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
	/* Polygons are compared through their bounding boxes for now:
	 * same numbers as the 1/3 half-overlap case. */
	tly_geometry a = {TLY_GEOM_POLYGON, {0, 0, 10, 10}};
	tly_geometry b = {TLY_GEOM_BOX, {5, 0, 10, 10}};

	CHECK_NEAR(tly_geom_iou(&a, &b), 1.0 / 3.0, 1e-15);
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
	  {"geometry_dispatch", test_geometry_dispatch})
