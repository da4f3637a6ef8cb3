/*
 * The consensus as a folder of Pascal VOC XML files (tally/export.h, format voc).
 */
#ifndef TLY_EXPORT_VOC_H
#define TLY_EXPORT_VOC_H

#include "tally/dataset.h"
#include "tally/result.h"

/* Write the VOC export of R (already checked against DS) into DIR, as tly_export_write says. */
int tly_export__voc_dir(const char *dir, const tly_dataset *ds, const tly_result *r);

#endif
