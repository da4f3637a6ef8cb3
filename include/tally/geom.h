/*
 * Geometry of annotated objects and the overlap measure the matcher uses.
 * Boxes follow COCO: [x, y, w, h] in pixels, top-left origin, no +1.
 * Polygons and masks are compared through their COCO RLE (tally/rle.h).
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
	TLY_GEOM_POLYGON = 2, /* rasterised to an RLE at load; matched by mask IoU */
	TLY_GEOM_MASK = 3,    /* COCO RLE; matched by mask IoU (one pool with polygons) */
	TLY_GEOM_POINT = 4
} tly_geom_kind;

/* A COCO run-length encoded mask; defined in tally/rle.h. */
typedef struct tly_rle tly_rle;

/*
 * An object's shape. `box` is always set: the box itself, or the tight
 * bounding box of a polygon/mask. `rle` is the polygon's or mask's pixels
 * at its image's size, or NULL (boxes, points, and shapes whose image size
 * is unknown). The value owns nothing: `rle` is borrowed from whoever holds
 * the shape (the dataset for annotators' objects, the result for consensus
 * masks) and lives as long as that holder.
 */
typedef struct {
	tly_geom_kind kind;
	tly_box box;
	const tly_rle *rle;
} tly_geometry;

/* Area of a box in square pixels (0 for degenerate boxes). */
TLY_EXTERN double tly_geom_box_area(const tly_box *b);

/*
 * Intersection over union of two boxes, in [0, 1]. Two empty boxes have IoU 0
 * (they cover nothing in common), as in pycocotools.
 */
TLY_EXTERN double tly_geom_box_iou(const tly_box *a, const tly_box *b);

/*
 * IoU of two shapes, in [0, 1]. Both with a mask (`rle` set): mask IoU
 * walked over the runs (tly_rle_iou, never decoded to pixels; masks of
 * different sizes give 0). Otherwise box IoU of their boxes: a box and a
 * mask compare by boxes (the mask's bounding box). A polygon and a mask of
 * the same pixels therefore have IoU 1. Thread-safe; no allocation.
 */
TLY_EXTERN double tly_geom_iou(const tly_geometry *a, const tly_geometry *b);

/*
 * COCO's overlap of an object DT with a crowd region CROWD (pycocotools'
 * iou with iscrowd = 1 for the ground truth): |DT ∩ CROWD| / |DT|, in
 * [0, 1]. A crowd region stands for many objects, so the part of DT outside
 * it is held against DT but CROWD's own extent is not. Not symmetric. An
 * empty DT (or a non-finite coordinate) gives 0. Thread-safe; no allocation.
 */
TLY_EXTERN double tly_geom_box_crowd_iou(const tly_box *dt, const tly_box *crowd);

/*
 * Crowd IoU of two shapes, dispatched as tly_geom_iou: both with a mask of
 * one size -> tly_rle_iou with gt_crowd = 1; masks of different sizes -> 0;
 * otherwise tly_geom_box_crowd_iou of their boxes (a mask's bounding box
 * stands for it). Thread-safe; no allocation.
 */
TLY_EXTERN double tly_geom_crowd_iou(const tly_geometry *dt, const tly_geometry *crowd);

#endif
