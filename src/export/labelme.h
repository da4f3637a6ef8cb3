/*
 * The consensus as a folder of LabelMe JSON files (tally/export.h, format labelme).
 */
#ifndef TLY_EXPORT_LABELME_H
#define TLY_EXPORT_LABELME_H

#include "tally/dataset.h"
#include "tally/result.h"

/* Write the LabelMe export of R (already checked against DS) into DIR, as tly_export_write says. */
int tly_export__labelme_dir(const char *dir, const tly_dataset *ds, const tly_result *r);

#endif
