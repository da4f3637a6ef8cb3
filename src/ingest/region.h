/*
 * The geometry JSON the CVAT and Label Studio readers keep in extra_json,
 * in the layout the COCO reader keeps (coco_seg.h) so the store rasterises
 * it the same way (store/load_masks.c): "segmentation" as [[x1, y1, ...]]
 * for a polygon, or {"size": [h, w], "counts": "..."} for a mask.
 */
#ifndef TLY_INGEST_REGION_H
#define TLY_INGEST_REGION_H

#include <stddef.h>

#include "tally/geom.h"
#include "tally/rle.h"
#include "util/buf.h"

/*
 * Append "segmentation":[[x1,y1,...]] (the member only: callers add it to
 * an object of their own) for the N points XY (x, y pairs, pixels) to OUT,
 * and set *BOX to the points' extent. Out of memory stays in OUT's error.
 */
void tly_ingest__region_polygon(tly_buf *out, tly_box *box, const double *xy, size_t n);

/*
 * The corners of the rectangle [X, Y, W, H] (pixels) turned by DEG degrees
 * about the pivot (PX, PY), clockwise on screen (y grows downwards): XY gets
 * the top-left, top-right, bottom-right and bottom-left corners in turn.
 */
void tly_ingest__region_rotated(double xy[8], double x, double y, double w, double h, double deg, double px,
				double py);

/*
 * Append "segmentation":{"size":[h,w],"counts":"<compressed>"} for MASK to
 * OUT and set *BOX to its tight bounding box (tly_rle_bbox).
 */
void tly_ingest__region_mask(tly_buf *out, tly_box *box, const tly_rle *mask);

/* 1 when DEG is a whole number of turns (the shape is not rotated), else 0. */
int tly_ingest__region_unrotated(double deg);

#endif
