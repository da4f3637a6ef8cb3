/*
 * The COCO JSON form of a box, [x,y,w,h] in the shortest numbers that read
 * back exactly: one writer for the COCO and panoptic exports, the review
 * queue and tally diff, which all print boxes.
 */
#ifndef TLY_GEOM_BOX_JSON_H
#define TLY_GEOM_BOX_JSON_H

#include "tally/geom.h"
#include "util/buf.h"

/* Append X as a JSON array [x,y,w,h] to B. */
void tly_geom__put_box_json(tly_buf *b, const tly_box *x);

#endif
