/*
 * report.label_order (src/rules/label_order.c): parsing in the nested and
 * dotted forms, the ranks and interval values (numbers vs ranks, worked
 * out by hand below), the lookup, the canonical and displayed text, and
 * every refusal naming the key.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "rules/label_order.h"
#include "tally/rules.h"
#include "util/alloc.h"

static tly_rules *parse(const char *text)
{
	tly_rules *r = NULL;

	CHECK_OK(tly_rules_parse(&r, text, strlen(text), "t.json"));
	return r;
}

static void expect_error(const char *text, int code, const char *message)
{
	tly_rules *r = NULL;
	int rc = tly_rules_parse(&r, text, strlen(text), "t.json");

	CU_ASSERT_EQUAL(rc, code);
	CU_ASSERT_PTR_NULL(r);
	if (strcmp(tly_error_last(), message) != 0)
		fprintf(stderr, "got  '%s'\nwant '%s'\n", tly_error_last(), message);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), message);
	tly_rules_free(r);
}

/* Worded scale: the values are the ranks 1, 2, 3 in the listed (not the bytewise) order. */
static void test_words_are_ranks(void)
{
	tly_rules *r = parse("{\"report\": {\"label_order\": [\"poor\", \"fair\", \"good\"]}}");
	const tly_policy *p = tly_rules_policy(r);

	CU_ASSERT_EQUAL_FATAL(p->n_label_order, 3);
	CU_ASSERT_STRING_EQUAL(p->label_order[0], "poor");
	CU_ASSERT_STRING_EQUAL(p->label_order[2], "good");
	CU_ASSERT_EQUAL(p->label_numeric, 0);
	CU_ASSERT_EQUAL(p->label_values[0], 1.0);
	CU_ASSERT_EQUAL(p->label_values[1], 2.0);
	CU_ASSERT_EQUAL(p->label_values[2], 3.0);
	/* bytewise "fair" < "good" < "poor", yet the ranks follow the list */
	CU_ASSERT_EQUAL(tly_policy_label_rank(p, "poor"), 1);
	CU_ASSERT_EQUAL(tly_policy_label_rank(p, "fair"), 2);
	CU_ASSERT_EQUAL(tly_policy_label_rank(p, "good"), 3);
	CU_ASSERT_EQUAL(tly_policy_label_rank(p, "Good"), 0);
	CU_ASSERT_EQUAL(tly_policy_label_rank(p, ""), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_rules_json(r),
		"\"report\":{\"low_overlap\":0.8,\"period\":\"week\","
		"\"label_order\":[\"poor\",\"fair\",\"good\"]},"));
	tly_rules_free(r);
}

/*
 * Every name a number: the numbers themselves, unevenly spaced as written
 * ("-1", "0.5", "2", "1e1" = -1, 0.5, 2, 10); the ranks still 1..4.
 */
static void test_numbers_are_values(void)
{
	tly_rules *r = parse("{\"report.label_order\": [\"-1\", \"0.5\", \"2\", \"1e1\"]}");
	const tly_policy *p = tly_rules_policy(r);

	CU_ASSERT_EQUAL_FATAL(p->n_label_order, 4);
	CU_ASSERT_EQUAL(p->label_numeric, 1);
	CU_ASSERT_EQUAL(p->label_values[0], -1.0);
	CU_ASSERT_EQUAL(p->label_values[1], 0.5);
	CU_ASSERT_EQUAL(p->label_values[2], 2.0);
	CU_ASSERT_EQUAL(p->label_values[3], 10.0);
	CU_ASSERT_EQUAL(tly_policy_label_rank(p, "1e1"), 4);
	CU_ASSERT_EQUAL(tly_policy_label_rank(p, "10"), 0); /* names, not values, are looked up */
	tly_rules_free(r);
}

/* One name that is not a number makes them all ranks: "0", "5", "10+" -> 1, 2, 3. */
static void test_one_word_makes_ranks(void)
{
	tly_rules *r = parse("{\"report\": {\"label_order\": [\"0\", \"5\", \"10+\"]}}");
	const tly_policy *p = tly_rules_policy(r);

	CU_ASSERT_EQUAL(p->label_numeric, 0);
	CU_ASSERT_EQUAL(p->label_values[0], 1.0);
	CU_ASSERT_EQUAL(p->label_values[1], 2.0);
	CU_ASSERT_EQUAL(p->label_values[2], 3.0);
	tly_rules_free(r);
}

/* The number test: strtod must read the whole name, finite, with no space either side. */
static void test_number_test(void)
{
	CU_ASSERT_EQUAL(tly_rules__order_number("3"), 3.0);
	CU_ASSERT_EQUAL(tly_rules__order_number("-2.5"), -2.5);
	CU_ASSERT_EQUAL(tly_rules__order_number("+4"), 4.0);
	CU_ASSERT_EQUAL(tly_rules__order_number("2e2"), 200.0);
	CU_ASSERT(isnan(tly_rules__order_number("")));
	CU_ASSERT(isnan(tly_rules__order_number(" 3")));
	CU_ASSERT(isnan(tly_rules__order_number("3 ")));
	CU_ASSERT(isnan(tly_rules__order_number("3a")));
	CU_ASSERT(isnan(tly_rules__order_number("inf")));
	CU_ASSERT(isnan(tly_rules__order_number("nan")));
	CU_ASSERT(isnan(tly_rules__order_number("1e999"))); /* overflows to infinity */
	CU_ASSERT(isnan(tly_rules__order_number("good")));
}

/* Default and empty: no order, left out of the stored text, shown by `rules check`. */
static void test_empty_is_nominal(void)
{
	tly_rules *r = parse("{\"report\": {\"label_order\": []}}");
	tly_rules *d = NULL;
	char *text = NULL;

	CU_ASSERT_EQUAL(tly_rules_policy(r)->n_label_order, 0);
	CU_ASSERT_PTR_NULL(tly_rules_policy(r)->label_order);
	CU_ASSERT_EQUAL(tly_policy_label_rank(tly_rules_policy(r), "1"), 0);
	CHECK_OK(tly_rules_new_default(&d));
	/* an explicit empty order is the default policy, byte for byte (so its hash) */
	CU_ASSERT_STRING_EQUAL(tly_rules_json(r), tly_rules_json(d));
	CU_ASSERT_PTR_NULL(strstr(tly_rules_json(r), "label_order"));
	CHECK_OK(tly_rules_pretty(&text, r));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "    \"period\": \"week\",\n    \"label_order\": []\n  },\n"));
	tly_free(text);
	tly_rules_free(d);
	tly_rules_free(r);
}

/* An order of canonical labels beside aliases and ignore is fine. */
static void test_with_aliases(void)
{
	tly_rules *r = parse("{\"aliases\": {\"ok\": \"fair\"}, \"ignore\": [\"skip\"],"
			     " \"report.label_order\": [\"poor\", \"fair\", \"good\"]}");

	CU_ASSERT_EQUAL(tly_policy_label_rank(tly_rules_policy(r), "fair"), 2);
	/* the alias is folded before the run: it has no rank of its own */
	CU_ASSERT_EQUAL(tly_policy_label_rank(tly_rules_policy(r), "ok"), 0);
	tly_rules_free(r);
}

static void test_errors_name_the_key(void)
{
	expect_error("{\"report\": {\"label_order\": \"1,2,3\"}}", TLY_EARG,
		     "t.json: report.label_order: expected an array of label names, lowest first");
	expect_error("{\"report\": {\"label_order\": [1, 2, 3]}}", TLY_EARG,
		     "t.json: report.label_order: expected an array of label names, lowest first");
	expect_error("{\"report\": {\"label_order\": [\"1\", null]}}", TLY_EARG,
		     "t.json: report.label_order: expected an array of label names, lowest first");
	expect_error("{\"report\": {\"label_order\": {\"1\": 1}}}", TLY_EARG,
		     "t.json: report.label_order: expected an array of label names, lowest first");
	expect_error("{\"report\": {\"label_order\": [\"1\", \"\"]}}", TLY_EARG,
		     "t.json: report.label_order: expected a label name of 1 to 4096 bytes");
	expect_error("{\"report\": {\"label_order\": [\"low\", \"high\", \"low\"]}}", TLY_EARG,
		     "t.json: report.label_order: \"low\" is listed twice");
	expect_error("{\"report\": {\"label_order\": [\"1\"]}, \"report.label_order\": [\"2\"]}", TLY_EARG,
		     "t.json: key report.label_order is given twice");
	expect_error("{\"aliases\": {\"ok\": \"fair\"}, \"report\": {\"label_order\": [\"poor\", \"ok\"]}}",
		     TLY_EARG, "t.json: report.label_order: \"ok\" is an alias of \"fair\"; list \"fair\"");
	expect_error("{\"ignore\": [\"skip\"], \"report\": {\"label_order\": [\"skip\", \"1\"]}}", TLY_EARG,
		     "t.json: report.label_order: \"skip\" is also in ignore");
	/* numbers listed out of order contradict the order: 3 after 10 */
	expect_error("{\"report\": {\"label_order\": [\"1\", \"10\", \"3\"]}}", TLY_EARG,
		     "t.json: report.label_order: \"3\" follows \"10\" but is not a larger number; "
		     "numeric labels must increase");
	/* two spellings of one number are two names with one value */
	expect_error("{\"report\": {\"label_order\": [\"1\", \"1.0\"]}}", TLY_EARG,
		     "t.json: report.label_order: \"1.0\" follows \"1\" but is not a larger number; "
		     "numeric labels must increase");
	expect_error("{\"report\": {\"label_ordr\": [\"1\"]}}", TLY_EARG, "t.json: unknown key report.label_ordr");
}

/* The shipped ratings policy: "1".."5" as numbers. */
static void test_ratings_file(void)
{
	tly_rules *r = NULL;
	const tly_policy *p;
	size_t i;

	CHECK_OK(tly_rules_load(&r, "rules/ratings.json"));
	p = tly_rules_policy(r);
	CU_ASSERT_EQUAL_FATAL(p->n_label_order, 5);
	CU_ASSERT_EQUAL(p->label_numeric, 1);
	for (i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(p->label_values[i], (double)(i + 1));
	CU_ASSERT_EQUAL(tly_policy_label_rank(p, "4"), 4);
	tly_rules_free(r);
}

/* Allocation N failing, for every N up to success: TLY_ENOMEM and nothing kept (ASan: no leak). */
static void test_allocation_failures(void)
{
	static const char text[] = "{\"aliases\": {\"ok\": \"fair\"},"
				   " \"report\": {\"label_order\": [\"poor\", \"fair\", \"good\"]}}";
	tly_rules *r = NULL;
	long n;
	int rc = -1;

	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_rules_parse(&r, text, strlen(text), "t.json");
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(r);
		}
	}
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL(tly_policy_label_rank(tly_rules_policy(r), "good"), 3);
	tly_rules_free(r);
}

TLY_TESTS("rules_label_order",
	  {"words_are_ranks", test_words_are_ranks},
	  {"numbers_are_values", test_numbers_are_values},
	  {"one_word_makes_ranks", test_one_word_makes_ranks},
	  {"number_test", test_number_test},
	  {"empty_is_nominal", test_empty_is_nominal},
	  {"with_aliases", test_with_aliases},
	  {"errors_name_the_key", test_errors_name_the_key},
	  {"ratings_file", test_ratings_file},
	  {"allocation_failures", test_allocation_failures})
