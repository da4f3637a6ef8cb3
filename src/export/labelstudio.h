/*
 * The consensus as a Label Studio JSON export (tally/export.h, format labelstudio).
 */
#ifndef TLY_EXPORT_LABELSTUDIO_H
#define TLY_EXPORT_LABELSTUDIO_H

#include "tally/dataset.h"
#include "tally/result.h"
#include "util/buf.h"

/* Append the Label Studio tasks for R (already checked against DS) to B; TLY_EARG, TLY_ELIMIT, TLY_ENOMEM. */
int tly_export__labelstudio(tly_buf *b, const tly_dataset *ds, const tly_result *r);

#endif
