/*
 * Consensus objects as COCO detection JSON (tally/export.h).
 */
#ifndef TLY_EXPORT_COCO_H
#define TLY_EXPORT_COCO_H

#include "tally/dataset.h"
#include "tally/result.h"
#include "util/buf.h"

/*
 * Append the COCO document for R (already checked against DS) to B. 0, or
 * TLY_EARG (nothing appended) when an object's attributes cannot be read
 * back (tly_export__attrs_check).
 */
int tly_export__coco(tly_buf *b, const tly_dataset *ds, const tly_result *r);

/* The "info" object of R's COCO files (description, date, run, rules' hash); the panoptic export's too. */
void tly_export__coco_info(tly_buf *b, const tly_result *r);

#endif
