/*
 * report.json: the sample run (tests/report/sample.h) against the golden
 * fixtures/report/sample.json, then properties a reader relies on: it
 * parses, the seven SPEC §6 keys come in order, NaN is null, names escape.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "run/degenerate.h"
#include "sample.h"
#include "tally/report.h"
#include "tally/rules.h"
#include "tally/run.h"

static char *render(const tly_dataset *ds, const tly_result *r, size_t *len)
{
	char *out = NULL;

	CHECK_OK(tly_report_render(&out, len, TLY_REPORT_JSON, ds, r));
	return out;
}

static void test_golden(void)
{
	tly_dataset ds;
	tly_result r;
	size_t len;
	char *out;

	sample_build(&ds, &r);
	out = render(&ds, &r, &len);
	check_golden(out, len, FIXTURE("report/sample.json"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_keys_in_order(void)
{
	static const char *const keys[] = {"run", "summary", "images", "annotators",
					   "pairs", "classes", "statistics"};
	tly_dataset ds;
	tly_result r;
	size_t len, i = 0;
	char *out;
	cJSON *doc, *item;

	sample_build(&ds, &r);
	out = render(&ds, &r, &len);
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	cJSON_ArrayForEach(item, doc) {
		CU_ASSERT_FATAL(i < 7);
		CU_ASSERT_STRING_EQUAL(item->string, keys[i]);
		i++;
	}
	CU_ASSERT_EQUAL(i, 7);
	cJSON_Delete(doc);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_nan_null_and_escapes(void)
{
	tly_dataset ds;
	tly_result r;
	size_t len;
	char *out;
	cJSON *doc, *images, *eve;

	sample_build(&ds, &r);
	out = render(&ds, &r, &len);
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	images = cJSON_GetObjectItem(doc, "images");
	/* b,1.png has one voter: agreement NaN in memory, null on disk. */
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(images, 1), "agreement")));
	/* The name with " , < > & ' reads back unchanged. */
	eve = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "annotators"), 2);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(eve, "name")), SAMPLE_EVE);
	/* A gold-only annotator has no gold overlap of its own. */
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(
		cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "annotators"), 3), "vs_gold")));
	CU_ASSERT_PTR_NULL(strstr(out, "nan"));
	CU_ASSERT_PTR_NULL(strstr(out, "inf"));
	cJSON_Delete(doc);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* No images at all: every table empty, every mean undefined, still valid JSON. */
static void test_empty(void)
{
	static const char want[] =
		"{\n  \"run\": {\"id\":null,\"created_at\":null,\"rules\":null,\"rules_sha256\":null,"
		"\"threads\":0,\"seconds\":{\"load\":0,\"compute\":0,\"save\":0}},\n"
		"  \"summary\": {\"images\":0,\"annotators\":0,\"categories\":0,\"submissions\":0,"
		"\"objects\":0,\"consensus_objects\":0,\"consensus_labels\":0,\"flagged_images\":0,"
		"\"conflicts\":{\"missing\":0,\"extra\":0,\"label_mismatch\":0,\"low_overlap\":0,"
		"\"tie\":0},\"mean_agreement\":null,\"consensus_maps\":0,\"mean_agreement_maps\":null},\n"
		"  \"images\": [],\n  \"annotators\": [],\n  \"pairs\": [],\n  \"classes\": [],\n"
		"  \"statistics\": {\"mean_pair_f1\":null,\"mean_pair_kappa\":null,\"mean_iou\":null,"
		"\"fleiss_kappa\":{\"value\":null,\"ci95\":null,\"n\":0},"
		"\"krippendorff_alpha\":{\"value\":null,\"ci95\":null,\"n\":0},"
		"\"krippendorff_alpha_iou\":{\"value\":null,\"ci95\":null,\"n\":0},\"leaderboard\":[]}\n}\n";
	tly_dataset ds;
	tly_result r;
	size_t len;
	char *out;

	memset(&ds, 0, sizeof(ds));
	memset(&r, 0, sizeof(r));
	out = render(&ds, &r, &len);
	CU_ASSERT_STRING_EQUAL(out, want);
	CU_ASSERT_EQUAL(len, strlen(want));
	free(out);
}

/*
 * Ordered labels: the ordinal and interval alpha follow the nominal one,
 * each {value, ci95, n} like it, an undefined one null over its n.
 */
static void test_ordered_labels(void)
{
	static const char want[] =
		"\"krippendorff_alpha\":{\"value\":null,\"ci95\":null,\"n\":0},"
		"\"krippendorff_alpha_ordinal\":{\"value\":0.8125,\"ci95\":[0.5,0.9375],\"n\":11},"
		"\"krippendorff_alpha_interval\":{\"value\":null,\"ci95\":null,\"n\":0},"
		"\"krippendorff_alpha_iou\":{\"value\":null,\"ci95\":null,\"n\":0},\"leaderboard\":[]}\n}\n";
	tly_dataset ds;
	tly_result r;
	size_t len;
	char *out;

	memset(&ds, 0, sizeof(ds));
	memset(&r, 0, sizeof(r));
	r.labels_ordered = 1;
	r.krippendorff_alpha_ordinal = (tly_stat){0.8125, {0.5, 0.9375}, 11};
	r.krippendorff_alpha_interval = (tly_stat){NAN, {NAN, NAN}, 0};
	out = render(&ds, &r, &len);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
	free(out);
}

/* Conflict "consensus" is the position in the image's own array, not the run-wide index. */
static void test_conflict_local_index(void)
{
	tly_dataset ds;
	tly_result r;
	size_t len;
	char *out;
	cJSON *doc, *img, *c;

	sample_build(&ds, &r);
	/* A missing label on b,1.png pointing at run-wide tag 1 (cat), 2nd of that image's labels. */
	r.conflicts = tly_reallocarray(r.conflicts, 3, sizeof(tly_conflict));
	r.conflicts[2] = (tly_conflict){1, TLY_CONFLICT_MISSING, TLY_TASK_LABELS, 0, 0, 1, 1, NAN};
	r.n_conflicts = 3;
	out = render(&ds, &r, &len);
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	img = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "images"), 1);
	c = cJSON_GetArrayItem(cJSON_GetObjectItem(img, "conflicts"), 0);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(c, "type")), "missing");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(c, "task")), "labels");
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(c, "object_id")));
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(c, "consensus")), 1);
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(c, "iou")));
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "summary"), "conflicts"), "missing")), 1);
	cJSON_Delete(doc);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_bad_rules(void)
{
	tly_dataset ds;
	tly_result r;
	size_t len = 5;
	char dummy = 'x', *out = &dummy;

	sample_build(&ds, &r);
	tly_free(r.rules_json);
	r.rules_json = tly_strdup("{\"match\":");
	CU_ASSERT_EQUAL(tly_report_render(&out, &len, TLY_REPORT_JSON, &ds, &r), TLY_EARG);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(len, 0);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "report: the run's rules are not a JSON object");
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * A statistic object as issue 4 shapes it: exactly value (a number or
 * null), ci95 (null or two numbers lo <= hi) and n (a count); null value
 * exactly when DEFINED is 0.
 */
static void check_stat_json(const cJSON *t, int defined)
{
	const cJSON *v = cJSON_GetObjectItem(t, "value"), *ci = cJSON_GetObjectItem(t, "ci95");

	CU_ASSERT_FATAL(cJSON_IsObject(t));
	CU_ASSERT_EQUAL(cJSON_GetArraySize(t), 3);
	CU_ASSERT(cJSON_IsNumber(cJSON_GetObjectItem(t, "n")));
	CU_ASSERT(defined ? cJSON_IsNumber(v) : cJSON_IsNull(v));
	if (cJSON_IsNull(ci))
		return;
	CU_ASSERT_FATAL(cJSON_IsArray(ci) && cJSON_GetArraySize(ci) == 2);
	CU_ASSERT(cJSON_GetArrayItem(ci, 0)->valuedouble <= cJSON_GetArrayItem(ci, 1)->valuedouble);
}

/*
 * The degenerate runs of tests/run/degenerate.h rendered (the values are
 * derived in tests/run/test_object_stats.c): valid JSON with no NaN or
 * Infinity anywhere, every statistic an object {value, ci95, n}, defined
 * exactly where the run defines it. DEFINED lists fleiss_kappa,
 * krippendorff_alpha, krippendorff_alpha_iou, then each pair's cohen_kappa
 * and cohen_kappa_objects (the same for all pairs), then class car's and
 * dog's fleiss_kappa.
 */
static void check_degenerate(void (*build)(tly_dataset *), const int defined[7])
{
	static const char *const keys[] = {"fleiss_kappa", "krippendorff_alpha", "krippendorff_alpha_iou"};
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	size_t len, i;
	char *out;
	cJSON *doc, *item;

	build(&ds);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	out = render(&ds, &r, &len);
	CU_ASSERT_PTR_NULL(strstr(out, "nan"));
	CU_ASSERT_PTR_NULL(strstr(out, "NaN"));
	CU_ASSERT_PTR_NULL(strstr(out, "inf"));
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	for (i = 0; i < 3; i++)
		check_stat_json(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "statistics"), keys[i]), defined[i]);
	cJSON_ArrayForEach(item, cJSON_GetObjectItem(doc, "pairs")) {
		check_stat_json(cJSON_GetObjectItem(item, "cohen_kappa"), defined[3]);
		check_stat_json(cJSON_GetObjectItem(item, "cohen_kappa_objects"), defined[4]);
	}
	i = 5;
	cJSON_ArrayForEach(item, cJSON_GetObjectItem(doc, "classes"))
		check_stat_json(cJSON_GetObjectItem(item, "fleiss_kappa"), defined[i++]);
	cJSON_Delete(doc);
	free(out);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

static void test_degenerate_runs(void)
{
	static const int one_annotator[7] = {0, 0, 0, 0, 0, 0, 0};
	static const int one_class[7] = {0, 0, 1, 0, 0, 0, 0};
	static const int all_agree[7] = {1, 1, 1, 1, 1, 1, 1};
	static const int all_missing[7] = {0, 0, 0, 0, 0, 0, 0};

	check_degenerate(deg_one_annotator, one_annotator);
	check_degenerate(deg_one_class, one_class);
	check_degenerate(deg_all_agree, all_agree);
	check_degenerate(deg_all_missing, all_missing);
}

/*
 * A retired category (sample_retire: "kitty", the rules' alias of cat) is
 * no class and no category of the summary: the report is the golden one,
 * whose classes are dog and cat and whose summary counts 2 categories.
 */
static void test_retired(void)
{
	tly_dataset ds;
	tly_result r;
	size_t len;
	char *out;

	sample_build(&ds, &r);
	sample_retire(&ds, &r);
	out = render(&ds, &r, &len);
	CU_ASSERT_PTR_NULL(strstr(out, "kitty"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"summary\": {\"images\":2,\"annotators\":4,\"categories\":2,"));
	check_golden(out, len, FIXTURE("report/sample.json"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_json",
	  {"golden", test_golden},
	  {"keys_in_order", test_keys_in_order},
	  {"nan_null_and_escapes", test_nan_null_and_escapes},
	  {"empty", test_empty},
	  {"ordered_labels", test_ordered_labels},
	  {"conflict_local_index", test_conflict_local_index},
	  {"bad_rules", test_bad_rules},
	  {"degenerate_runs", test_degenerate_runs},
	  {"retired", test_retired})
