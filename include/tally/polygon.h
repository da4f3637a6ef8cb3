/*
 * Polygons rasterised to COCO masks, pixel for pixel as pycocotools'
 * frPoly does (SPEC §7): a pixel (x, y) covers [x, x+1) x [y, y+1), and is
 * in when the outline crosses its column centre above it an odd number of times.
 */
#ifndef TALLY_POLYGON_H
#define TALLY_POLYGON_H

#include "types.h"
#include "rle.h"

/*
 * Rasterise one closed polygon of N vertices, XY = {x0, y0, x1, y1, ...}
 * (2 * N doubles, pixels, last vertex joined to the first), on an H x W
 * image into *out, with the same pixels as pycocotools' frPyObjects for
 * that polygon (parts of the polygon outside the image are clipped). A
 * COCO segmentation with several polygons is their tly_rle_merge union.
 * *out is overwritten (not freed first); on success the caller's
 * (tly_rle_clear), on error left empty. Returns 0; TLY_EINPUT for N < 3,
 * a coordinate that is NaN or infinite (naming the vertex), or a negative
 * H or W; TLY_ELIMIT for
 * N over TLY_MAX_POLYGON_POINTS, |coordinate| over TLY_MAX_COORD, H or W over
 * TLY_MAX_IMAGE_SIDE, or more boundary crossings than TLY_MAX_RLE_RUNS;
 * TLY_ENOMEM. Thread-safe.
 */
TLY_EXTERN int tly_polygon_to_rle(tly_rle *out, const double *xy, size_t n, int64_t h, int64_t w);

#endif
