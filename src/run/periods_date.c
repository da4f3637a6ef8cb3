/*
 * Calendar arithmetic for the audit over time, without timegm or the C
 * library's time zones: unix seconds -> UTC day -> civil date (H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", civil_from_days), and the
 * ISO 8601 week (Monday to Sunday) a day falls in. 1970-01-01 was a
 * Thursday. Checked by tests/run/test_periods_date.c.
 */
#include <stdio.h>

#include "run/periods.h"

/* Floor division and its remainder (in [0, b)), also for negative A. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t tly_run__period_start(int64_t t, tly_period_policy period)
{
	int64_t day = floor_div(t, 86400);

	if (period != TLY_PERIOD_WEEK)
		return day;
	/* Days since the Monday before: Thursday 1970-01-01 is 3 days after Monday 1969-12-29. */
	return day - (day + 3 - floor_div(day + 3, 7) * 7);
}

void tly_run__civil_from_days(int64_t *y, int *m, int *d, int64_t days)
{
	int64_t z = days + 719468; /* days since 0000-03-01 */
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;                                        /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;   /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                 /* [0, 365], from March 1st */
	int64_t mp = (5 * doy + 2) / 153;                                      /* [0, 11], March = 0 */

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void tly_run__format_day(char out[11], int64_t days)
{
	int64_t y;
	int m, d, year;

	tly_run__civil_from_days(&y, &m, &d, days);
	if (y < 0) {
		year = 0;
		m = d = 1;
	} else if (y > 9999) {
		year = 9999;
		m = 12;
		d = 31;
	} else {
		year = (int)y;
	}
	/* The remainders only tell the compiler the fields fit: they change nothing. */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}
