/*
 * Run metadata: the effective rules document stored with the run and its
 * SHA-256 (so two runs can be told apart by what they were asked to do),
 * the creation time in ISO 8601 UTC, and monotonic timings.
 */
#include <string.h>
#include <time.h>

#include "run/meta.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/sha256.h"

double tly_run__now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0.0;
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int tly_run__meta(tly_result *r, const tly_rules *rules, int threads)
{
	const char *json = tly_rules_json(rules);
	char stamp[32];
	struct tm tm;
	time_t now = time(NULL);

	if (!json)
		return tly_error_set(TLY_EARG, "run: the rules have no JSON form");
	r->rules_json = tly_strdup(json);
	if (!r->rules_json)
		return tly_error_set(TLY_ENOMEM, "run: out of memory copying the rules");
	tly_sha256_hex(r->rules_sha256, json, strlen(json));
	if (now == (time_t)-1 || !gmtime_r(&now, &tm) ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return tly_error_set(TLY_EIO, "run: cannot read the system clock");
	r->created_at = tly_strdup(stamp);
	if (!r->created_at)
		return tly_error_set(TLY_ENOMEM, "run: out of memory");
	r->threads = threads;
	return 0;
}
