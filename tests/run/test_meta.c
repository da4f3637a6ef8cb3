/*
 * Run metadata (src/run/meta.c): the rules stored verbatim with their
 * SHA-256, an ISO 8601 UTC time stamp, the thread count, a monotonic clock.
 */
#include <string.h>

#include "harness.h"
#include "run/meta.h"
#include "util/sha256.h"

static void test_meta(void)
{
	tly_rules *rules = NULL;
	tly_result r;
	char hex[65];
	const char *json;
	size_t i;

	memset(&r, 0, sizeof(r));
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run__meta(&r, rules, 3));
	json = tly_rules_json(rules);
	CU_ASSERT_STRING_EQUAL(r.rules_json, json);
	tly_sha256_hex(hex, json, strlen(json));
	CU_ASSERT_STRING_EQUAL(r.rules_sha256, hex);
	CU_ASSERT_EQUAL(r.threads, 3);
	/* "YYYY-MM-DDTHH:MM:SSZ" */
	CU_ASSERT_EQUAL_FATAL(strlen(r.created_at), 20);
	for (i = 0; i < 20; i++) {
		char c = r.created_at[i], want = 0;

		if (i == 4 || i == 7)
			want = '-';
		else if (i == 10)
			want = 'T';
		else if (i == 13 || i == 16)
			want = ':';
		else if (i == 19)
			want = 'Z';
		if (want) {
			CU_ASSERT_EQUAL(c, want);
		} else {
			CU_ASSERT(c >= '0' && c <= '9');
		}
	}
	CU_ASSERT(strncmp(r.created_at, "20", 2) == 0);
	tly_result_clear(&r);
	tly_rules_free(rules);
}

static void test_clock(void)
{
	double a = tly_run__now(), b = tly_run__now();

	CU_ASSERT(a > 0);
	CU_ASSERT(b >= a);
}

TLY_TESTS("run_meta",
	  {"meta", test_meta},
	  {"clock", test_clock})
