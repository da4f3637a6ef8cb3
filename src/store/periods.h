/*
 * The audit over time in the store (table annotator_periods, schema
 * version 7): its check inside tly_result_check, its rows saved by
 * tly_store_save_result and read back by tly_store_load_result.
 */
#ifndef TLY_STORE_PERIODS_H
#define TLY_STORE_PERIODS_H

#include "store/store.h"
#include "tally/result.h"

/*
 * R's period_days and annotator_periods against DS: period_days 0, 1 or 7
 * (rows only when not 0); each row's annotator in DS, period a
 * "YYYY-MM-DD" date, rows strictly in (annotator, period) order,
 * ingest_dated and the compared images at most images, counts within
 * INT64_MAX, finite IoU sums. 0, or TLY_EARG "result: annotator_periods[I]...".
 */
int tly_store__check_periods(const tly_dataset *ds, const tly_result *r);

/*
 * Insert R's annotator_periods for run RUN_ID (annotators as their store
 * ids in DS). R has passed tly_result_check. 0 or a tly_error_code; the
 * caller rolls back on error.
 */
int tly_store__save_periods(tly_store *st, const tly_dataset *ds, const tly_result *r, int64_t run_id);

/*
 * Read run RUN_ID's rows into R's empty annotator_periods, in (annotator,
 * period) order, and period_days from them (0 when there is none: a run
 * cut by "none", one saved before version 7, or one with nothing to
 * date). 0, TLY_ENOMEM, or TLY_ESTORE "DBFILE: corrupt store: run N,
 * annotator_periods row I" for a row naming no annotator of DS, with a
 * malformed period or with another length than the rows before it. On
 * error R stays valid for tly_result_clear.
 */
int tly_store__load_periods(tly_result *r, const tly_dataset *ds, tly_store *st, int64_t run_id);

#endif
