/*
 * Internals shared by the RLE files (rle.c, rle_string.c, rle_ops.c,
 * polygon.c): the size checks every constructor runs before allocating;
 * and the COCO JSON writer the report and the export share.
 */
#ifndef TLY_GEOM_RLE_H
#define TLY_GEOM_RLE_H

#include <stdint.h>

#include "tally/rle.h"
#include "util/buf.h"

/*
 * Check an image size read from input: 0 <= H, W <= TLY_MAX_IMAGE_SIDE
 * (TLY_ELIMIT naming WHERE and the value otherwise); *pixels = H * W.
 */
int tly_rle__check_size(int64_t *pixels, int64_t h, int64_t w, const char *where);

/* Check N runs against TLY_MAX_RLE_RUNS and allocate them (TLY_ELIMIT/TLY_ENOMEM). */
int tly_rle__alloc_runs(uint32_t **counts, size_t n, const char *where);

/*
 * Append R as COCO JSON, {"size":[h,w],"counts":"<compressed>"}, to B; out
 * of memory is left in B's sticky error (rle_json.c).
 */
void tly_rle__put_coco_json(tly_buf *b, const tly_rle *r);

#endif
