/*
 * The audit over time (rules report.period, issue 4): periods.c cuts each
 * annotator's per-image audit counts by the date of the annotator's
 * submission; periods_date.c has the calendar arithmetic (UTC days, ISO
 * weeks starting on Monday, civil dates).
 */
#ifndef TLY_RUN_PERIODS_H
#define TLY_RUN_PERIODS_H

#include "run/workspace.h"
#include "tally/rules.h"

/*
 * The first day of the period holding unix time T (seconds, UTC), as days
 * since 1970-01-01: T's UTC day for TLY_PERIOD_DAY, the Monday of its ISO
 * 8601 week for TLY_PERIOD_WEEK (either for TLY_PERIOD_NONE: day). Exact
 * for every int64_t T (floor division, so times before 1970 work too).
 */
int64_t tly_run__period_start(int64_t t, tly_period_policy period);

/*
 * Day DAYS since 1970-01-01 as its proleptic Gregorian date *Y-*M-*D
 * (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", civil_from_days).
 * Exact for |DAYS| below 2^50.
 */
void tly_run__civil_from_days(int64_t *y, int *m, int *d, int64_t days);

/*
 * Day DAYS as "YYYY-MM-DD" into OUT (always terminated); years outside
 * 0..9999 are clamped to 0000-01-01 / 9999-12-31 (no store time reaches them).
 */
void tly_run__format_day(char out[11], int64_t days);

/*
 * R's annotator_periods and period_days from the slots of S (all computed
 * successfully) over DS, cut by PERIOD: one row per (annotator, period)
 * with at least one image, in (annotator, period) order, counts summed in
 * image order (the same bytes for any thread count). TLY_PERIOD_NONE
 * leaves them empty. 0, or TLY_ENOMEM / TLY_EARG with the message set.
 */
int tly_run__periods(tly_result *r, const tly_run_space *s, const tly_dataset *ds, tly_period_policy period);

#endif
