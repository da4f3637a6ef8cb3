/*
 * The strict JSON syntax check: valid documents pass; each error is
 * reported at the line and column worked out by hand in the comment
 * beside it (1-based, columns in bytes).
 */
#include "ingest/json_check.h"
#include "ingest_test.h"

static void pass(const char *text, size_t len)
{
	int rc = tly_ingest__json_check("j", text, len);

	if (rc)
		fprintf(stderr, "\n%s -> %s\n", text, tly_error_last());
	CU_ASSERT_EQUAL(rc, 0);
}

static void fail_with(const char *text, size_t len, int code, const char *message)
{
	int rc = tly_ingest__json_check("j", text, len);

	if (rc != code || strcmp(tly_error_last(), message) != 0)
		fprintf(stderr, "\n%s -> %d %s\n   want %s\n", text, rc, tly_error_last(), message);
	CU_ASSERT_EQUAL(rc, code);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), message);
}

#define PASS(s) pass(s, sizeof(s) - 1)
#define FAIL(s, msg) fail_with(s, sizeof(s) - 1, TLY_EINPUT, "j:" msg)

static void test_valid(void)
{
	PASS("{}");
	PASS("[]");
	PASS("\"s\"");
	PASS("0");
	PASS("-0.5e+10");
	PASS("1E-3");
	PASS("true");
	PASS(" {\"a\": [1, {\"b\": null}], \"c\": \"\\u00e9\\ud83d\\ude00\\n\\\"\\/\"} \r\n");
	PASS("\xef\xbb\xbf{}");
	PASS("[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]");
}

static void test_positions(void)
{
	/* {"a": [1, 2 is 11 bytes: the end is column 12. */
	FAIL("{\"a\": [1, 2", "1:12: invalid JSON: unexpected end of input");
	FAIL("", "1:1: invalid JSON: unexpected end of input");
	/* ["abc: the string runs to the end (5 bytes). */
	FAIL("[\"abc", "1:6: invalid JSON: unexpected end of input");
	FAIL("[tru", "1:5: invalid JSON: unexpected end of input");
	/* {"a" 1}: the 1 is byte 6. */
	FAIL("{\"a\" 1}", "1:6: invalid JSON: expected ':'");
	/* {"a": 1,}: the } is byte 9. */
	FAIL("{\"a\": 1,}", "1:9: invalid JSON: expected a string key");
	FAIL("{1: 2}", "1:2: invalid JSON: expected a string key");
	FAIL("[1,]", "1:4: invalid JSON: expected a value");
	FAIL("[1 2]", "1:4: invalid JSON: expected ',' or ']'");
	/* {"a":1 "b":2}: the second quote-open is byte 8. */
	FAIL("{\"a\":1 \"b\":2}", "1:8: invalid JSON: expected ',' or '}'");
	FAIL("{} x", "1:4: invalid JSON: unexpected text after the JSON value");
	FAIL("[01]", "1:3: invalid JSON: expected ',' or ']'");
	FAIL("[1.]", "1:4: invalid JSON: bad number");
	FAIL("[-]", "1:3: invalid JSON: bad number");
	FAIL("[1e]", "1:4: invalid JSON: bad number");
	FAIL("[nul]", "1:2: invalid JSON: expected a value");
	FAIL("[NaN]", "1:2: invalid JSON: expected a value");
	/* Line 3 is "  2,,": the second comma is column 5. */
	FAIL("{\n  \"a\": [1,\n  2,,\n]}", "3:5: invalid JSON: expected a value");
	/* CR LF: line 2 starts after the LF; "a" 1 puts the 1 at column 5. */
	FAIL("{\r\n\"a\" 1}", "2:5: invalid JSON: expected ':'");
}

static void test_strings(void)
{
	FAIL("[\"a\\qb\"]", "1:4: invalid JSON: bad escape in a string");
	FAIL("[\"\\u12G4\"]", "1:3: invalid JSON: bad \\u escape");
	FAIL("[\"\\u0000\"]", "1:3: invalid JSON: \\u0000 in a string");
	FAIL("[\"\\ud800\"]", "1:3: invalid JSON: lone UTF-16 surrogate in a \\u escape");
	FAIL("[\"\\udc00\"]", "1:3: invalid JSON: lone UTF-16 surrogate in a \\u escape");
	FAIL("[\"\\ud800\\u0041\"]", "1:3: invalid JSON: lone UTF-16 surrogate in a \\u escape");
	FAIL("[\"a\tb\"]", "1:4: invalid JSON: control character in a string");
	FAIL("[\"\xff\"]", "1:3: invalid JSON: invalid UTF-8 in a string");
	FAIL("[\"\xc0\xaf\"]", "1:3: invalid JSON: invalid UTF-8 in a string");
	/* A NUL outside a string is no value either (byte 4). */
	FAIL("[1,\0]", "1:4: invalid JSON: expected a value");
}

static void test_limits(void)
{
	char deep[2 * 65 + 1], num[64 + 3];
	size_t i;

	/* 64 levels are allowed, the 65th opening bracket (byte 65) is not. */
	for (i = 0; i < 64; i++) {
		deep[i] = '[';
		deep[64 + i] = ']';
	}
	pass(deep, 128);
	for (i = 0; i < 65; i++) {
		deep[i] = '[';
		deep[65 + i] = ']';
	}
	fail_with(deep, 130, TLY_ELIMIT, "j:1:65: JSON nested deeper than TLY_MAX_JSON_DEPTH (64)");
	/* 63 digits fit cJSON's number buffer, 64 do not. */
	num[0] = '[';
	memset(num + 1, '1', 63);
	num[64] = ']';
	pass(num, 65);
	memset(num + 1, '1', 64);
	num[65] = ']';
	fail_with(num, 66, TLY_ELIMIT, "j:1:2: number longer than 63 characters");
}

TLY_TESTS("ingest_json_check",
	  {"valid", test_valid},
	  {"positions", test_positions},
	  {"strings", test_strings},
	  {"limits", test_limits})
