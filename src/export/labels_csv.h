/*
 * Consensus image-level labels as CSV (tally/export.h).
 */
#ifndef TLY_EXPORT_LABELS_CSV_H
#define TLY_EXPORT_LABELS_CSV_H

#include "tally/dataset.h"
#include "tally/result.h"
#include "util/buf.h"

/*
 * Append `image,label,confidence,support` and one row per consensus label
 * of R (already checked against DS), ordered by image, then label name.
 * TLY_ENOMEM when the sort's scratch cannot be allocated.
 */
int tly_export__labels_csv(tly_buf *b, const tly_dataset *ds, const tly_result *r);

#endif
