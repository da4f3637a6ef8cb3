/*
 * When a Label Studio annotation was submitted, for the audit over time:
 * its updated_at (the last save, i.e. the version the export holds) or,
 * without one, its created_at, read as an ISO 8601 / RFC 3339 time into
 * unix seconds. Days from the civil date: H. Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms", days_from_civil. Tested by
 * tests/ingest/test_labelstudio_time.c.
 */
#include <string.h>

#include "ingest/labelstudio.h"
#include "tally/error.h"

/* Days from 1970-01-01 to Y-M-D of the proleptic Gregorian calendar (Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;                                  /* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365], from March 1st */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

static int days_in_month(int64_t y, int64_t m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

/* N digits at *P into *out, advancing *P; -1 when there are fewer. */
static int digits(int64_t *out, const char **p, int n)
{
	int64_t v = 0;
	int i;

	for (i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* The zone suffix at P: Z, +HH:MM, +HHMM, +HH (or -), or nothing (UTC). */
static int zone(int64_t *offset, const char *p)
{
	int64_t h = 0, m = 0;
	int sign;

	*offset = 0;
	if (*p == '\0')
		return 0;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return 0;
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (digits(&h, &p, 2) < 0 || h > 23)
		return -1;
	if (*p == ':')
		p++;
	if (*p && (digits(&m, &p, 2) < 0 || m > 59))
		return -1;
	if (*p)
		return -1;
	*offset = sign * (h * 3600 + m * 60);
	return 0;
}

int tly_ingest__iso_time(int64_t *out, const char *s)
{
	int64_t y, mo, d, h, mi, sec = 0, offset, t;
	const char *p = s;

	*out = 0;
	if (digits(&y, &p, 4) < 0 || *p++ != '-' || digits(&mo, &p, 2) < 0 || *p++ != '-' ||
	    digits(&d, &p, 2) < 0 || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if ((*p != 'T' && *p != 't' && *p != ' ') || (p++, digits(&h, &p, 2) < 0) || *p++ != ':' ||
	    digits(&mi, &p, 2) < 0 || h > 23 || mi > 59)
		return -1;
	if (*p == ':') {
		p++;
		/* 60: a leap second, which unix time folds into the next second. */
		if (digits(&sec, &p, 2) < 0 || sec > 60)
			return -1;
		/* Fractions are dropped: periods are days at the finest. */
		if (*p == '.' || *p == ',') {
			if (p[1] < '0' || p[1] > '9')
				return -1;
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		}
	}
	if (zone(&offset, p) < 0)
		return -1;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
	/* 0 means "no time" in a batch; a Label Studio time is never that early. */
	if (t <= 0)
		return -1;
	*out = t;
	return 0;
}

int tly_ingest__ls_time(int64_t *out, tly_jloc at, const cJSON *ann)
{
	static const char *const keys[] = {"updated_at", "created_at"};
	const cJSON *v;
	size_t i;
	int error;

	*out = 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if ((error = tly_ingest__json_member(&v, at, ann, keys[i], cJSON_String, 0)) < 0)
			return error;
		if (!v)
			continue;
		if (tly_ingest__iso_time(out, v->valuestring) < 0)
			return tly_ingest__json_fail(TLY_EINPUT, at, keys[i],
						     "expected an ISO 8601 time after 1970 such as "
						     "\"2024-05-06T09:30:00Z\", got \"%.64s\"",
						     v->valuestring);
		return 0;
	}
	return 0;
}
