/*
 * The consensus as CVAT for images 1.1 XML (tally/export.h, format cvat).
 */
#ifndef TLY_EXPORT_CVAT_H
#define TLY_EXPORT_CVAT_H

#include "tally/dataset.h"
#include "tally/result.h"
#include "util/buf.h"

/* Append the CVAT document for R (already checked against DS) to B; TLY_EARG or TLY_ENOMEM. */
int tly_export__cvat(tly_buf *b, const tly_dataset *ds, const tly_result *r);

#endif
