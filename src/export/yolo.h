/*
 * The consensus as a YOLO dataset folder (tally/export.h, format yolo).
 */
#ifndef TLY_EXPORT_YOLO_H
#define TLY_EXPORT_YOLO_H

#include "tally/dataset.h"
#include "tally/result.h"

/* Write the YOLO export of R (already checked against DS) into DIR, as tly_export_write says. */
int tly_export__yolo_dir(const char *dir, const tly_dataset *ds, const tly_result *r);

#endif
