/*
 * LabelMe 5.x `mask` shapes (labelme_mask.c): a base64 PNG of a crop whose
 * corners are the shape's two points, placed into the image as a COCO RLE.
 */
#ifndef TLY_INGEST_LABELME_MASK_H
#define TLY_INGEST_LABELME_MASK_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/json_read.h"
#include "tally/batch.h"

/*
 * Add the mask shape SHAPE (at AT, e.g. "shapes[3]") to submission SUB of
 * an image of IMG_W x IMG_H pixels (0 = unknown, an error for a mask) as
 * a TLY_GEOM_MASK object. Errors are TLY_EINPUT/TLY_ELIMIT
 * "FILE: shapes[3].mask: ..." naming the JSON path, or TLY_ENOMEM.
 */
int tly_ingest__labelme_mask(tly_batch *b, size_t sub, tly_jloc at, const cJSON *shape,
			     int32_t img_w, int32_t img_h);

#endif
