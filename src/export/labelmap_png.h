/*
 * Consensus label maps as a folder of PNGs with a classes.json sidecar
 * (tally/export.h, format png).
 */
#ifndef TLY_EXPORT_LABELMAP_PNG_H
#define TLY_EXPORT_LABELMAP_PNG_H

#include "tally/dataset.h"
#include "tally/result.h"

/* Write the png export of R (already checked against DS) into DIR, as tly_export_write says. */
int tly_export__png_dir(const char *dir, const tly_dataset *ds, const tly_result *r);

#endif
