/*
 * The consensus as COCO panoptic segmentation: a JSON file and a folder
 * of RGB segment-id PNGs (tally/export.h, format panoptic).
 */
#ifndef TLY_EXPORT_PANOPTIC_H
#define TLY_EXPORT_PANOPTIC_H

#include "tally/dataset.h"
#include "tally/result.h"

/* Write the panoptic export of R (already checked against DS) into DIR, as tly_export_write says. */
int tly_export__panoptic_dir(const char *dir, const tly_dataset *ds, const tly_result *r);

#endif
