/*
 * Box overlap. Formula: |A ∩ B| / (|A| + |B| - |A ∩ B|) with COCO's
 * continuous-coordinate boxes (no +1 pixel), as pycocotools' bbox IoU.
 * Worked cases in tests/geom/test_iou.c.
 */
#include "tally/geom.h"

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
	double inter, uni;

	inter = overlap(a->x, a->x + a->w, b->x, b->x + b->w) *
		overlap(a->y, a->y + a->h, b->y, b->y + b->h);
	uni = tly_geom_box_area(a) + tly_geom_box_area(b) - inter;
	if (!(uni > 0))
		return 0.0;
	return inter / uni;
}

double tly_geom_iou(const tly_geometry *a, const tly_geometry *b)
{
	/* Polygons and masks are compared through their boxes until the
	 * RLE core lands (issue: segmentation consensus). */
	return tly_geom_box_iou(&a->box, &b->box);
}
