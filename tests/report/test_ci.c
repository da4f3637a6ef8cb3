/*
 * The 95% Wilson intervals beside each annotator's precision, recall and
 * label accuracy (src/report/ci.c): a case worked by hand, the edges
 * (0 or all successes, no trials, inconsistent or overflowing counts), and
 * the fields as report.json, annotators.csv and report.html show them.
 *
 * Worked case, z = 1.959963984540054, z^2 = 3.8414588206941254:
 * precision tp 17 of tp + fp = 21: p = 17/21 = 0.8095238095238095,
 *   z^2/n = 0.18292661050924405, denom = 1 + z^2/n = 1.182926610509244,
 *   centre = (p + z^2/2n) / denom = (0.8095238095238095 + 0.09146330525462203)
 *          / 1.182926610509244 = 0.7616593512851665,
 *   p(1-p)/n = 68/9261 = 0.007342619587517547, z^2/4n^2 = 0.0021776977441576675,
 *   half = z / denom * sqrt(0.009520317331675214) = 1.6568770768427463 * 0.09757211349394464
 *        = 0.16166499818721566,
 *   interval [0.5999943530979508, 0.9233243494723822] ("0.810 [0.60, 0.92]").
 * k = n: p = 1, the root is z/2n, so lo = (1 + z^2/2n - z^2/2n) / denom =
 *   n / (n + z^2) and hi = 1; recall 17 of 17: lo = 17 / 20.841458820694125
 *   = 0.81568186499114...
 * k = 0: lo = 0, hi = (z^2/2n + z^2/2n) / denom = z^2 / (n + z^2); label
 *   accuracy 0 of 5: 3.8414588206941254 / 8.841458820694125 = 0.43448246478317...
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "sample.h"
#include "report/ci.h"
#include "tally/report.h"

#define Z2 3.8414588206941254
#define P_LO 0.5999943530979508
#define P_HI 0.9233243494723822

static void test_worked_case(void)
{
	double ci[2];

	tly_report__ci95(ci, 17, 21);
	CHECK_NEAR(ci[0], P_LO, 1e-12);
	CHECK_NEAR(ci[1], P_HI, 1e-12);
	tly_report__ci95(ci, 17, 17);
	CHECK_NEAR(ci[0], 17.0 / (17.0 + Z2), 1e-12);
	CU_ASSERT_EQUAL(ci[1], 1.0);
	tly_report__ci95(ci, 0, 5);
	CU_ASSERT_EQUAL(ci[0], 0.0);
	CHECK_NEAR(ci[1], Z2 / (5.0 + Z2), 1e-12);
	/* 1 of 2: centred on 1/2 by symmetry. */
	tly_report__ci95(ci, 1, 2);
	CHECK_NEAR(ci[0] + ci[1], 1.0, 1e-12);
}

/* No trials, more successes than trials (a damaged store), or a sum past 2^64: undefined. */
static void test_undefined(void)
{
	tly_counts c = sample_counts(UINT64_MAX, 1, 0, 0, 0.0, 3, 2, 1);
	tly_report__counts_ci ci;
	double one[2];

	tly_report__ci95(one, 0, 0);
	CU_ASSERT(isnan(one[0]) && isnan(one[1]));
	tly_report__ci95(one, 3, 2);
	CU_ASSERT(isnan(one[0]) && isnan(one[1]));
	tly_report__counts_ci95(&ci, &c);
	CU_ASSERT(isnan(ci.precision[0]) && isnan(ci.precision[1]));
	/* UINT64_MAX of UINT64_MAX: n / (n + z^2) is 1 to double precision. */
	CHECK_NEAR(ci.recall[0], 1.0, 1e-12);
	CU_ASSERT_EQUAL(ci.recall[1], 1.0);
	CU_ASSERT(isnan(ci.label_accuracy[0]) && isnan(ci.label_accuracy[1]));
}

/*
 * alice against consensus: tp 17, fp 4, fn 0, 0 of 5 labels right: the
 * hand-worked figures, one distinct interval per field so a swap shows.
 * The renderers take the counts as given (not one consistent run's).
 */
static void sample_worked(tly_dataset *ds, tly_result *r)
{
	sample_build(ds, r);
	r->annotators[0].vs_consensus = sample_counts(17, 4, 0, 5, 4.0, 0, 5, 3);
}

static void check_pair(const cJSON *o, const char *key, double lo, double hi)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);

	CU_ASSERT_FATAL(cJSON_IsArray(a) && cJSON_GetArraySize(a) == 2);
	CHECK_NEAR(cJSON_GetArrayItem(a, 0)->valuedouble, lo, 1e-12);
	CHECK_NEAR(cJSON_GetArrayItem(a, 1)->valuedouble, hi, 1e-12);
}

static void test_json_fields(void)
{
	static const char *const keys[] = {"precision", "recall", "f1", "mean_iou", "label_accuracy",
					   "tp", "fp", "fn", "images", "precision_ci95",
					   "recall_ci95", "label_accuracy_ci95"};
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0, i = 0;
	cJSON *doc, *ann, *c, *item;

	sample_worked(&ds, &r);
	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_JSON, &ds, &r));
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	ann = cJSON_GetObjectItemCaseSensitive(doc, "annotators");
	c = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(ann, 0), "vs_consensus");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	/* The old keys keep their places; the intervals follow them. */
	cJSON_ArrayForEach(item, c) {
		CU_ASSERT_FATAL(i < 12);
		CU_ASSERT_STRING_EQUAL(item->string, keys[i]);
		i++;
	}
	CU_ASSERT_EQUAL(i, 12);
	check_pair(c, "precision_ci95", P_LO, P_HI);
	check_pair(c, "recall_ci95", 17.0 / (17.0 + Z2), 1.0);
	check_pair(c, "label_accuracy_ci95", 0.0, Z2 / (5.0 + Z2));
	/* expert never voted: no trials anywhere, so null. */
	c = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(ann, 3), "vs_consensus");
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c, "precision_ci95")));
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c, "recall_ci95")));
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c, "label_accuracy_ci95")));
	cJSON_Delete(doc);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* The six columns after "images", alice's consensus row parsed back. */
static void test_csv_columns(void)
{
	static const double want[6] = {P_LO, P_HI, 17.0 / (17.0 + Z2), 1.0, 0.0, Z2 / (5.0 + Z2)};
	char dir[] = "/tmp/tally-report-ci-XXXXXX";
	tly_buf path = TLY_BUF_INIT, text = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;
	const char *row, *p;
	char *end;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	sample_worked(&ds, &r);
	CHECK_OK(tly_report_write(dir, TLY_REPORT_CSV, &ds, &r));
	tly_buf_printf(&path, "%s/annotators.csv", dir);
	CHECK_OK(tly_buf_read_file(&text, path.ptr, (size_t)1 << 20));
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(text.ptr, ",tp,fp,fn,images,precision_lo,precision_hi,"
					    "recall_lo,recall_hi,label_accuracy_lo,label_accuracy_hi\n"));
	row = strstr(text.ptr, "\nalice,consensus,1,");
	CU_ASSERT_PTR_NOT_NULL_FATAL(row);
	p = strstr(row, ",17,4,0,3,");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	p += strlen(",17,4,0,3");
	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL_FATAL(*p, ',');
		CHECK_NEAR(strtod(p + 1, &end), want[i], 1e-12);
		p = end;
	}
	CU_ASSERT_EQUAL(*p, '\n');
	/* expert's row: every interval empty. */
	CU_ASSERT_PTR_NOT_NULL(strstr(text.ptr, "\nexpert,consensus,0,,,,,,0,0,0,0,,,,,,\n"));
	for (i = 0; i < SAMPLE_CSV_TABLES; i++) {
		tly_buf_clear(&path);
		tly_buf_printf(&path, "%s/%s", dir, sample_csv_tables[i]);
		remove(path.ptr);
	}
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	tly_buf_clear(&path);
	tly_buf_clear(&text);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* Two decimals beside the three-decimal figure; an undefined figure gets no brackets. */
static void test_html_text(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	sample_worked(&ds, &r);
	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_HTML, &ds, &r));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<td class=\"n sep\">0.810 <span class=\"ci\">"
				      "[0.60, 0.92]</span></td><td class=\"n\">1.000 "
				      "<span class=\"ci\">[0.82, 1.00]</span></td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<td class=\"n\">0.000 <span class=\"ci\">"
				      "[0.00, 0.43]</span></td><td class=\"n\">17 / 4 / 0</td>"));
	/* bob against consensus: recall 0/0 is a dash alone. */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<td class=\"n\"><span class=\"na\">&ndash;</span></td>"));
	CU_ASSERT_PTR_NULL(strstr(out, "&ndash;</span> <span class=\"ci\">"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * F1's interval: Wilson on the Jaccard share J = tp / (tp + fp + fn), then
 * F1 = 2J / (1 + J). tp 8, fp 1, fn 1: J = 8/10, z^2/n = 0.3841458820694125,
 * denom 1.3841458820694126, centre (0.8 + 0.19207294103470627) / denom =
 * 0.7167401600411333, sqrt(0.016 + 0.009603647051735314) = 0.16001139663078787,
 * half = z / denom * that = 0.2265776885044915: J in [0.4901624715366418,
 * 0.9433178485456248]; F1 = 2J/(1+J): [0.98032494 / 1.49016247 =
 * 0.657864469008122, 1.88663570 / 1.94331785 = 0.9708322797030882] around
 * F1 = 16/18. tp 0, fn 3: J = 0 of 3, hi = z^2 / (3 + z^2) = 0.5614970317550455,
 * F1 hi 1.1229940635 / 1.5614970318 = 0.7191778406699251. Nothing at all: undefined.
 */
static void test_f1_interval(void)
{
	tly_counts c = sample_counts(8, 1, 1, 0, 0.0, 0, 0, 1);
	double ci[2];

	tly_report__f1_ci95(ci, &c);
	CHECK_NEAR(ci[0], 0.657864469008122, 1e-12);
	CHECK_NEAR(ci[1], 0.9708322797030882, 1e-12);
	CU_ASSERT(ci[0] < tly_counts_f1(&c) && tly_counts_f1(&c) < ci[1]);
	c = sample_counts(0, 0, 3, 0, 0.0, 0, 0, 1);
	tly_report__f1_ci95(ci, &c);
	CU_ASSERT_EQUAL(ci[0], 0.0);
	CHECK_NEAR(ci[1], 0.7191778406699251, 1e-12);
	c = sample_counts(0, 0, 0, 0, 0.0, 0, 0, 1);
	tly_report__f1_ci95(ci, &c);
	CU_ASSERT(isnan(ci[0]) && isnan(ci[1]));
	c = sample_counts(UINT64_MAX, 0, 1, 0, 0.0, 0, 0, 1);
	tly_report__f1_ci95(ci, &c);
	CU_ASSERT(isnan(ci[0]) && isnan(ci[1]));
}

TLY_TESTS("report_ci",
	  {"worked_case", test_worked_case},
	  {"undefined", test_undefined},
	  {"json_fields", test_json_fields},
	  {"csv_columns", test_csv_columns},
	  {"html_text", test_html_text},
	  {"f1_interval", test_f1_interval})
