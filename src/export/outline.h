/*
 * A mask as one polygon that rasterises back to exactly its pixels, for
 * formats that carry masks only as polygons (YOLO segmentation).
 */
#ifndef TLY_EXPORT_OUTLINE_H
#define TLY_EXPORT_OUTLINE_H

#include "export/mask_crop.h"

/* Polygon vertices, whole pixel corners in image coordinates: x0, y0, x1, y1, ... */
typedef TLY_VEC(uint32_t) tly_export__points;

/*
 * The outline of crop C (at its place in the image) into *out (emptied
 * first): every boundary of the mask traced along pixel edges, straight
 * runs as one edge, and the rings (several parts, holes) joined into one
 * polygon by bridges from the first ring's start that go out and come
 * back along the same segment. Filled even-odd, as pycocotools' frPoly
 * and tly_polygon_to_rle do, it covers exactly C's pixels. TLY_ELIMIT
 * "export: WHERE: ..." over TLY_MAX_POLYGON_POINTS vertices; TLY_ENOMEM.
 */
int tly_export__outline(tly_export__points *out, const tly_export__crop *c, const char *where);

#endif
