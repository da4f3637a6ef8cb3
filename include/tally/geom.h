/*
 * Geometry of annotated objects and the overlap measure the matcher uses.
 * Boxes follow COCO: [x, y, w, h] in pixels, top-left origin, no +1.
 * Polygons and masks (COCO RLE) join this module with the segmentation work.
 */
#ifndef TALLY_GEOM_H
#define TALLY_GEOM_H

#include "types.h"

/* An axis-aligned box in pixels: top-left corner (x, y), width w, height h >= 0. */
typedef struct {
	double x, y, w, h;
} tly_box;

/* What kind of shape an object has. Values are stored in the store: never renumber. */
typedef enum {
	TLY_GEOM_BOX = 1,
	TLY_GEOM_POLYGON = 2, /* stored, matched once the segmentation issue lands */
	TLY_GEOM_MASK = 3,    /* stored, matched once the segmentation issue lands */
	TLY_GEOM_POINT = 4
} tly_geom_kind;

/*
 * An object's shape. `box` is always set: the box itself, or the tight
 * bounding box of a polygon/mask. Plain value; owns nothing.
 */
typedef struct {
	tly_geom_kind kind;
	tly_box box;
} tly_geometry;

/* Area of a box in square pixels (0 for degenerate boxes). */
TLY_EXTERN double tly_geom_box_area(const tly_box *b);

/*
 * Intersection over union of two boxes, in [0, 1]. Two empty boxes have IoU 0
 * (they cover nothing in common), as in pycocotools.
 */
TLY_EXTERN double tly_geom_box_iou(const tly_box *a, const tly_box *b);

/*
 * IoU of two shapes. For now both must be boxes (or be compared through
 * their boxes); dispatches on kind so masks can join without touching callers.
 */
TLY_EXTERN double tly_geom_iou(const tly_geometry *a, const tly_geometry *b);

#endif
