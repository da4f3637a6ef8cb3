/*
 * The "segmentation" of a COCO annotation: checked for shape and caps,
 * then kept verbatim for the segmentation stage (which rasterises it).
 */
#ifndef TLY_INGEST_COCO_SEG_H
#define TLY_INGEST_COCO_SEG_H

#include <stdint.h>

#include "ingest/json_read.h"
#include "tally/geom.h"

/*
 * Read ANN's optional "segmentation" (ANN at AT, on an image of IMG_W x
 * IMG_H pixels, 0 = unknown). *kind: TLY_GEOM_BOX when absent or [],
 * TLY_GEOM_POLYGON for [[x1, y1, ...], ...], TLY_GEOM_MASK for an RLE
 * {"size": [h, w], "counts": ...}. *extra_json: NULL for a box, else
 * {"segmentation": <the value>} (caller frees with tly_free).
 */
int tly_ingest__coco_segmentation(tly_geom_kind *kind, char **extra_json, tly_jloc at,
				  const cJSON *ann, int32_t img_w, int32_t img_h);

#endif
