/*
 * Checks that a run's result indexes the dataset it is rendered with, so
 * every renderer may follow its indices without bounds checks of its own.
 */
#ifndef TLY_REPORT_CHECK_H
#define TLY_REPORT_CHECK_H

#include "tally/dataset.h"
#include "tally/result.h"

/*
 * 0 when R passes tly_result_check against DS and its per-image,
 * per-annotator and per-class arrays have DS's lengths; otherwise that
 * check's error, or TLY_EARG naming the array whose length differs.
 */
int tly_report__check(const tly_dataset *ds, const tly_result *r);

#endif
