/*
 * Calendar arithmetic of the audit over time (src/run/periods_date.c).
 * Every expected value comes from GNU date, independently of the code:
 * unix seconds from `date -u -d TIME +%s`, the weekday from `+%A`, the ISO
 * week from `+%G-W%V`, and each expected week start is the Monday (checked
 * with `date -u -d DAY +%A`) on or before the day, in the same ISO week.
 */
#include "harness.h"
#include "run/periods.h"

typedef struct {
	int64_t t;         /* unix seconds */
	const char *day;   /* its UTC day */
	const char *week;  /* the Monday starting its ISO week */
} known;

static const known dates[] = {
	/* 2024-12-30T00:00:00Z, Monday, ISO 2025-W01: the week starts that very day */
	{1735516800, "2024-12-30", "2024-12-30"},
	/* 2025-01-05T23:59:59Z, Sunday, 2025-W01: the last second of that week */
	{1736121599, "2025-01-05", "2024-12-30"},
	/* 2025-01-06T00:00:00Z, Monday, 2025-W02 */
	{1736121600, "2025-01-06", "2025-01-06"},
	/* 2021-01-03T12:00:00Z, Sunday, ISO 2020-W53: belongs to the week of 2020-12-28 */
	{1609675200, "2021-01-03", "2020-12-28"},
	/* 2020-12-31T08:00:00Z, Thursday, 2020-W53 */
	{1609401600, "2020-12-31", "2020-12-28"},
	/* 2024-02-29T10:00:00Z, Thursday, 2024-W09: a leap day */
	{1709200800, "2024-02-29", "2024-02-26"},
	/* 2024-03-03T23:59:59Z, Sunday, 2024-W09: the week spans the leap day */
	{1709510399, "2024-03-03", "2024-02-26"},
	/* 2000-02-29T00:00:00Z, Tuesday, 2000-W09: 2000 is a leap year (divisible by 400) */
	{951782400, "2000-02-29", "2000-02-28"},
	/* 2100-02-28T23:59:59Z, Sunday, 2100-W08; one second later is 2100-03-01, a Monday:
	 * 2100 is not a leap year (divisible by 100, not 400) */
	{4107542399, "2100-02-28", "2100-02-22"},
	{4107542400, "2100-03-01", "2100-03-01"},
	/* 9999-12-31T23:59:59Z, Friday, 9999-W52 */
	{253402300799, "9999-12-31", "9999-12-27"},
	/* the epoch, a Thursday: its week began on Monday 1969-12-29 */
	{0, "1970-01-01", "1969-12-29"},
	/* one second before, Wednesday 1969-12-31 (floor division, not truncation) */
	{-1, "1969-12-31", "1969-12-29"},
};

static void test_known_dates(void)
{
	size_t i;

	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		char day[11], week[11];

		tly_run__format_day(day, tly_run__period_start(dates[i].t, TLY_PERIOD_DAY));
		tly_run__format_day(week, tly_run__period_start(dates[i].t, TLY_PERIOD_WEEK));
		if (strcmp(day, dates[i].day) != 0 || strcmp(week, dates[i].week) != 0)
			fprintf(stderr, "\n%lld: got %s / %s\n", (long long)dates[i].t, day, week);
		CU_ASSERT_STRING_EQUAL(day, dates[i].day);
		CU_ASSERT_STRING_EQUAL(week, dates[i].week);
	}
}

/* Every day of 2024 (a leap year, 366 days) starts a week on a Monday at most 6 days earlier. */
static void test_week_of_every_day(void)
{
	/* 2024-01-01T00:00:00Z = 1704067200, a Monday (`date -u -d 2024-01-01 +%s %A`) */
	int64_t monday = 1704067200 / 86400, d;

	for (d = 0; d < 366; d++) {
		int64_t start = tly_run__period_start((monday + d) * 86400 + 43200, TLY_PERIOD_WEEK);

		CU_ASSERT_EQUAL(start, monday + d - d % 7);
	}
}

static void test_civil_from_days(void)
{
	int64_t y;
	int m, d;

	tly_run__civil_from_days(&y, &m, &d, 0);
	CU_ASSERT(y == 1970 && m == 1 && d == 1);
	/* day 11016: `date -u -d @$((11016 * 86400)) +%F` = 2000-02-29 */
	tly_run__civil_from_days(&y, &m, &d, 11016);
	CU_ASSERT(y == 2000 && m == 2 && d == 29);
	tly_run__civil_from_days(&y, &m, &d, 11017);
	CU_ASSERT(y == 2000 && m == 3 && d == 1);
	/* 0000-03-01 is -62162035200 s = day -719468 (`date -u -d 0000-03-01 +%s`), the algorithm's origin */
	tly_run__civil_from_days(&y, &m, &d, -719468);
	CU_ASSERT(y == 0 && m == 3 && d == 1);
	/* the day before: 0000-02-29 (year 0 is a leap year in the proleptic calendar) */
	tly_run__civil_from_days(&y, &m, &d, -719469);
	CU_ASSERT(y == 0 && m == 2 && d == 29);
}

static void test_format_clamps(void)
{
	char s[11];

	tly_run__format_day(s, -719469);
	CU_ASSERT_STRING_EQUAL(s, "0000-02-29");
	tly_run__format_day(s, -719469 - 366);
	CU_ASSERT_STRING_EQUAL(s, "0000-01-01"); /* year -1: clamped */
	tly_run__format_day(s, INT64_C(253402300799) / 86400 + 1);
	CU_ASSERT_STRING_EQUAL(s, "9999-12-31"); /* year 10000: clamped */
	tly_run__format_day(s, INT64_C(1) << 40);
	CU_ASSERT_STRING_EQUAL(s, "9999-12-31");
}

TLY_TESTS("run_periods_date", {"known_dates", test_known_dates}, {"week_of_every_day", test_week_of_every_day},
	  {"civil_from_days", test_civil_from_days}, {"format_clamps", test_format_clamps})
