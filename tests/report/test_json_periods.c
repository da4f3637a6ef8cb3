/*
 * report.json's audit over time (src/report/json_periods.c) on the sample
 * run (tests/report/sample.h, sample_periods): the keys of each period and
 * leaderboard entry in order, each annotator finding its own rows (eve
 * two, expert none), a day-cut run, a run cut by nothing, and the key a
 * reader looks for, parsed back with cJSON (so no NaN slipped through).
 */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "sample.h"
#include "tally/report.h"

static cJSON *render_parsed(const tly_dataset *ds, const tly_result *r)
{
	char *out = NULL;
	size_t len = 0;
	cJSON *doc;

	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_JSON, ds, r));
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	free(out);
	return doc;
}

/* The keys of object O are exactly KEYS, in order. */
static void keys_are(const cJSON *o, const char *const *keys, size_t n)
{
	const cJSON *c = o ? o->child : NULL;
	size_t i;

	for (i = 0; i < n; i++, c = c->next) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT_STRING_EQUAL(c->string, keys[i]);
	}
	CU_ASSERT_PTR_NULL(c);
}

static const cJSON *annotator(const cJSON *doc, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "annotators"), i);
}

static void test_keys(void)
{
	static const char *const period_keys[] = {"period", "days", "images", "ingest_dated", "vs_consensus",
						  "vs_gold"};
	static const char *const counts_keys[] = {"precision", "recall", "f1", "mean_iou", "label_accuracy",
						  "tp", "fp", "fn", "images", "precision_ci95", "recall_ci95",
						  "label_accuracy_ci95", "f1_ci95"};
	static const char *const rank_keys[] = {"rank", "name", "images", "f1", "f1_ci95", "precision",
						"precision_ci95", "recall", "recall_ci95", "label_accuracy",
						"label_accuracy_ci95", "tp", "fp", "fn",
						"not_clearly_different_from_next"};
	tly_dataset ds;
	tly_result r;
	cJSON *doc;
	const cJSON *p, *board;

	sample_build(&ds, &r);
	doc = render_parsed(&ds, &r);
	/* periods come last in an annotator's record */
	CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(annotator(doc, 0), cJSON_GetArraySize(annotator(doc, 0)) - 1)->string,
			       "periods");
	p = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(annotator(doc, 0), "periods"), 0);
	keys_are(p, period_keys, 6);
	keys_are(cJSON_GetObjectItemCaseSensitive(p, "vs_consensus"), counts_keys, 13);
	keys_are(cJSON_GetObjectItemCaseSensitive(p, "vs_gold"), counts_keys, 13);
	board = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "statistics"), "leaderboard");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(board), 3);
	keys_are(cJSON_GetArrayItem(board, 0), rank_keys, 15);
	CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "statistics"),
						  cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "statistics")) - 1)
				       ->string, "leaderboard");
	cJSON_Delete(doc);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* alice, bob: one week each; eve two (the second compared with nothing); expert none. */
static void test_each_annotator_its_rows(void)
{
	static const int rows[4] = {1, 1, 2, 0};
	tly_dataset ds;
	tly_result r;
	cJSON *doc;
	const cJSON *eve;
	int i;

	sample_build(&ds, &r);
	doc = render_parsed(&ds, &r);
	for (i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(annotator(doc, i), "periods")),
				rows[i]);
	eve = cJSON_GetObjectItemCaseSensitive(annotator(doc, 2), "periods");
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(eve, 0), "period")->valuestring,
			       "2024-05-06");
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(eve, 1), "period")->valuestring,
			       "2024-05-13");
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(eve, 1), "vs_gold")));
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(eve, 1), "vs_consensus"), "f1_ci95")));
	/* bob's week was dated by its ingest time */
	CU_ASSERT_EQUAL(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(annotator(doc, 1), "periods"), 0),
				"ingest_dated")->valueint, 1);
	cJSON_Delete(doc);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Cut by day: "days" says 1. Cut by nothing: every periods array empty; the leaderboard stays. */
static void test_day_and_none(void)
{
	tly_dataset ds;
	tly_result r;
	cJSON *doc;
	int i;

	sample_build(&ds, &r);
	r.period_days = 1;
	doc = render_parsed(&ds, &r);
	CU_ASSERT_EQUAL(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(annotator(doc, 0), "periods"), 0),
				"days")->valueint, 1);
	cJSON_Delete(doc);
	tly_free(r.annotator_periods);
	r.annotator_periods = NULL;
	r.n_annotator_periods = 0;
	r.period_days = 0;
	doc = render_parsed(&ds, &r);
	for (i = 0; i < 4; i++) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(annotator(doc, i), "periods");

		CU_ASSERT(cJSON_IsArray(p) && cJSON_GetArraySize(p) == 0);
	}
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(doc, "statistics"), "leaderboard")), 3);
	cJSON_Delete(doc);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Rows that break the order are refused before rendering, naming the row. */
static void test_bad_rows(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	sample_build(&ds, &r);
	r.annotator_periods[3].annotator = 0;
	CU_ASSERT_EQUAL(tly_report_render(&out, &len, TLY_REPORT_JSON, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "result: annotator_periods[3] is not after annotator_periods[2]"
						 " in (annotator, period) order");
	CU_ASSERT_PTR_NULL(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_json_periods", {"keys", test_keys}, {"each_annotator_its_rows", test_each_annotator_its_rows},
	  {"day_and_none", test_day_and_none}, {"bad_rows", test_bad_rows})
