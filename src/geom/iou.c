/*
 * Box overlap. Formula: |A ∩ B| / (|A| + |B| - |A ∩ B|) with COCO's
 * continuous-coordinate boxes (no +1 pixel), as pycocotools' bbox IoU
 * (which takes areas from w * h; here they come from the corners, a
 * difference in the last bits only). Shapes with masks use mask IoU
 * (src/geom/rle_ops.c). Crowd IoU (COCO's iscrowd rule, pycocotools'
 * maskApi bbIou/rleIou with iscrowd set: the union becomes the object's own
 * area) is the same overlap over |DT|. Worked cases in tests/geom/test_iou.c.
 */
#include <math.h>

#include "tally/geom.h"
#include "tally/rle.h"

double tly_geom_box_area(const tly_box *b)
{
	if (!(b->w > 0) || !(b->h > 0))
		return 0.0;
	return b->w * b->h;
}

static double overlap(double a0, double a1, double b0, double b1)
{
	double lo = a0 > b0 ? a0 : b0;
	double hi = a1 < b1 ? a1 : b1;

	return hi > lo ? hi - lo : 0.0;
}

double tly_geom_box_iou(const tly_box *a, const tly_box *b)
{
	double ax2 = a->x + a->w, ay2 = a->y + a->h, bx2 = b->x + b->w, by2 = b->y + b->h;
	double area_a, area_b, inter, uni;

	/* Areas from the same corners as the overlap, not from w * h: far from
	 * the origin (x + w) - x rounds away from w, and an identical box must
	 * still score exactly 1 (match.iou may be 1). It also keeps the
	 * overlap <= each area, as min/max and subtraction round monotonically. */
	area_a = (ax2 - a->x) * (ay2 - a->y);
	area_b = (bx2 - b->x) * (by2 - b->y);
	/* An empty box overlaps nothing; NaN anywhere fails these tests too
	 * (a NaN edge would otherwise make overlap() take the other box's). */
	if (!(ax2 > a->x) || !(ay2 > a->y) || !(bx2 > b->x) || !(by2 > b->y))
		return 0.0;
	inter = overlap(a->x, ax2, b->x, bx2) * overlap(a->y, ay2, b->y, by2);
	uni = area_a + area_b - inter;
	if (!(uni > 0))
		return 0.0; /* infinite sizes: inf - inf */
	/* Rounding of the union can still leave inter a hair above it. */
	if (inter >= uni)
		return 1.0;
	return inter / uni;
}

double tly_geom_iou(const tly_geometry *a, const tly_geometry *b)
{
	double iou = 0.0;

	if (a->rle && b->rle) {
		/* Sizes differ only across images, never inside one: IoU 0,
		 * checked here so no error message is set (matching may run
		 * inside a parallel region). */
		if (a->rle->h != b->rle->h || a->rle->w != b->rle->w)
			return 0.0;
		(void)tly_rle_iou(&iou, a->rle, b->rle, 0);
		return iou;
	}
	/* A box against a mask: the mask's box stands for it. */
	return tly_geom_box_iou(&a->box, &b->box);
}

double tly_geom_box_crowd_iou(const tly_box *dt, const tly_box *crowd)
{
	double dx2 = dt->x + dt->w, dy2 = dt->y + dt->h, cx2 = crowd->x + crowd->w, cy2 = crowd->y + crowd->h;
	double area, inter;

	/* Empty or NaN boxes cover nothing (the tests fail for NaN too). */
	if (!(dx2 > dt->x) || !(dy2 > dt->y) || !(cx2 > crowd->x) || !(cy2 > crowd->y))
		return 0.0;
	/* The area from the same corners as the overlap, as in tly_geom_box_iou:
	 * DT inside CROWD must score exactly 1. */
	area = (dx2 - dt->x) * (dy2 - dt->y);
	inter = overlap(dt->x, dx2, crowd->x, cx2) * overlap(dt->y, dy2, crowd->y, cy2);
	if (!(area > 0) || isinf(area))
		return 0.0; /* an infinite object is inside nothing finite */
	if (inter >= area)
		return 1.0;
	return inter / area;
}

double tly_geom_crowd_iou(const tly_geometry *dt, const tly_geometry *crowd)
{
	double iou = 0.0;

	if (dt->rle && crowd->rle) {
		/* As in tly_geom_iou: sizes differ only across images. */
		if (dt->rle->h != crowd->rle->h || dt->rle->w != crowd->rle->w)
			return 0.0;
		(void)tly_rle_iou(&iou, dt->rle, crowd->rle, 1);
		return iou;
	}
	return tly_geom_box_crowd_iou(&dt->box, &crowd->box);
}
