/*
 * The reliability part of the reports (src/report/json_reliability.c,
 * csv_reliability.c, html_reliability.c) over sample.h's run with a label
 * model added by hand. Classes dog (0) and cat (1), prior 1/4, 3/4;
 * confusion rows (true dog, true cat) x (given dog, given cat):
 *   alice [0.75 0.25; 0.125 0.875]: accuracy 0.25 x 0.75 + 0.75 x 0.875 = 0.84375
 *   bob   [0.5 0.5; 0.5 0.5]: 0.5;  eve [1 0; 0 1]: 1;  expert uniform: 0.5
 * STAPLE: alice 2 clusters (sensitivity 0.5, specificity 0.875), bob 1
 * (0.25, 1), eve and expert none; one cluster fell back to the majority.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <unistd.h>

#include "sample.h"
#include "tally/report.h"

static void add_model(tly_result *r, tly_weights_policy model, int staple)
{
	static const double conf[16] = {0.75, 0.25, 0.125, 0.875, 0.5, 0.5, 0.5, 0.5,
					1, 0, 0, 1, 0.5, 0.5, 0.5, 0.5};
	static const double acc[4] = {0.84375, 0.5, 1, 0.5};
	static const uint64_t labels[4] = {4, 3, 2, 0};
	size_t i;

	r->weights = model;
	r->weight_items = 5;
	r->em_iterations = 12;
	r->em_converged = 1;
	r->em_log_likelihood = -3.5;
	r->staple_fallbacks = staple ? 1 : 0;
	r->n_weight_classes = 2;
	r->weight_classes = tly_calloc(2, sizeof(*r->weight_classes));
	r->weight_prior = tly_calloc(2, sizeof(*r->weight_prior));
	r->weight_confusion = tly_calloc(16, sizeof(*r->weight_confusion));
	r->reliability = tly_calloc(4, sizeof(*r->reliability));
	CU_ASSERT_FATAL(r->weight_classes && r->weight_prior && r->weight_confusion && r->reliability);
	r->n_reliability = 4;
	r->weight_classes[1] = 1;
	r->weight_prior[0] = 0.25;
	r->weight_prior[1] = 0.75;
	memcpy(r->weight_confusion, conf, sizeof(conf));
	for (i = 0; i < 4; i++) {
		r->reliability[i].annotator = (uint32_t)i;
		r->reliability[i].labels = labels[i];
		r->reliability[i].accuracy = acc[i];
		r->reliability[i].staple_sensitivity = NAN;
		r->reliability[i].staple_specificity = NAN;
	}
	if (staple) {
		r->reliability[0].staple_clusters = 2;
		r->reliability[0].staple_sensitivity = 0.5;
		r->reliability[0].staple_specificity = 0.875;
		r->reliability[1].staple_clusters = 1;
		r->reliability[1].staple_sensitivity = 0.25;
		r->reliability[1].staple_specificity = 1;
	}
}

static cJSON *render_json(const tly_dataset *ds, const tly_result *r)
{
	char *out = NULL;
	size_t len = 0;
	cJSON *doc;

	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_JSON, ds, r));
	doc = cJSON_ParseWithLength(out, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	free(out);
	return doc;
}

static const cJSON *at(const cJSON *o, const char *key)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!x)
		fprintf(stderr, "no key %s\n", key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	return x;
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *x = at(o, key);

	CU_ASSERT_FATAL(cJSON_IsNumber(x));
	return x->valuedouble;
}

static void test_json(void)
{
	tly_dataset ds;
	tly_result r;
	cJSON *doc;
	const cJSON *ann, *rel, *conf, *st;

	sample_build(&ds, &r);
	add_model(&r, TLY_WEIGHTS_DAWID_SKENE, 1);
	doc = render_json(&ds, &r);
	ann = cJSON_GetArrayItem(at(doc, "annotators"), 0);
	rel = at(ann, "reliability");
	CU_ASSERT_STRING_EQUAL(at(rel, "model")->valuestring, "dawid-skene");
	CU_ASSERT_EQUAL(num(rel, "labels"), 4);
	CU_ASSERT_EQUAL(num(rel, "accuracy"), 0.84375);
	conf = at(rel, "confusion");
	CU_ASSERT_EQUAL(num(at(conf, "dog"), "cat"), 0.25);
	CU_ASSERT_EQUAL(num(at(conf, "cat"), "dog"), 0.125);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(conf), 2);
	st = at(rel, "staple");
	CU_ASSERT_EQUAL(num(st, "sensitivity"), 0.5);
	CU_ASSERT_EQUAL(num(st, "specificity"), 0.875);
	CU_ASSERT_EQUAL(num(st, "clusters"), 2);
	/* eve: no STAPLE cluster, undefined rates are null */
	st = at(at(cJSON_GetArrayItem(at(doc, "annotators"), 2), "reliability"), "staple");
	CU_ASSERT(cJSON_IsNull(at(st, "sensitivity")) && num(st, "clusters") == 0);
	rel = at(at(doc, "statistics"), "reliability");
	CU_ASSERT_STRING_EQUAL(at(rel, "model")->valuestring, "dawid-skene");
	CU_ASSERT_EQUAL(num(rel, "items"), 5);
	CU_ASSERT_EQUAL(num(rel, "iterations"), 12);
	CU_ASSERT(cJSON_IsTrue(at(rel, "converged")));
	CU_ASSERT_EQUAL(num(rel, "log_likelihood"), -3.5);
	CU_ASSERT_EQUAL(num(at(rel, "prior"), "cat"), 0.75);
	CU_ASSERT_EQUAL(num(rel, "staple_fallbacks"), 1);
	cJSON_Delete(doc);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);

	/* one-coin without STAPLE: no confusion, no staple keys */
	sample_build(&ds, &r);
	add_model(&r, TLY_WEIGHTS_ONE_COIN, 0);
	doc = render_json(&ds, &r);
	rel = at(cJSON_GetArrayItem(at(doc, "annotators"), 1), "reliability");
	CU_ASSERT_STRING_EQUAL(at(rel, "model")->valuestring, "one-coin");
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItemCaseSensitive(rel, "confusion"));
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItemCaseSensitive(rel, "staple"));
	cJSON_Delete(doc);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);

	/* gold: no EM figures */
	sample_build(&ds, &r);
	add_model(&r, TLY_WEIGHTS_GOLD, 0);
	doc = render_json(&ds, &r);
	rel = at(at(doc, "statistics"), "reliability");
	CU_ASSERT(cJSON_IsNull(at(rel, "iterations")) && cJSON_IsNull(at(rel, "log_likelihood")));
	cJSON_Delete(doc);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);

	/* rules that weigh nothing: no reliability key anywhere */
	sample_build(&ds, &r);
	doc = render_json(&ds, &r);
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(at(doc, "annotators"), 0),
							    "reliability"));
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItemCaseSensitive(at(doc, "statistics"), "reliability"));
	cJSON_Delete(doc);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void read_table(tly_buf *text, const char *dir, const char *name)
{
	tly_buf path = TLY_BUF_INIT;

	tly_buf_printf(&path, "%s/%s", dir, name);
	CHECK_OK(tly_buf_read_file(text, path.ptr, (size_t)1 << 20));
	tly_buf_clear(&path);
}

static void test_csv(void)
{
	static const char want[] =
		"annotator,model,labels,accuracy,staple_clusters,staple_sensitivity,staple_specificity\n"
		"alice,dawid-skene,4,0.84375,2,0.5,0.875\n"
		"bob,dawid-skene,3,0.5,1,0.25,1\n"
		"\"eve \"\"e\"\", <x> & 'y'\",dawid-skene,2,1,0,,\n"
		"expert,dawid-skene,0,0.5,0,,\n";
	static const char want_conf[] =
		"annotator,true_label,given_label,p\n"
		"alice,dog,dog,0.75\nalice,dog,cat,0.25\nalice,cat,dog,0.125\nalice,cat,cat,0.875\n"
		"bob,dog,dog,0.5\nbob,dog,cat,0.5\nbob,cat,dog,0.5\nbob,cat,cat,0.5\n"
		"\"eve \"\"e\"\", <x> & 'y'\",dog,dog,1\n\"eve \"\"e\"\", <x> & 'y'\",dog,cat,0\n"
		"\"eve \"\"e\"\", <x> & 'y'\",cat,dog,0\n\"eve \"\"e\"\", <x> & 'y'\",cat,cat,1\n"
		"expert,dog,dog,0.5\nexpert,dog,cat,0.5\nexpert,cat,dog,0.5\nexpert,cat,cat,0.5\n";
	char dir[] = "/tmp/tally-report-reliability-XXXXXX";
	tly_buf text = TLY_BUF_INIT, path = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	sample_build(&ds, &r);
	add_model(&r, TLY_WEIGHTS_DAWID_SKENE, 1);
	CHECK_OK(tly_report_write(dir, TLY_REPORT_CSV, &ds, &r));
	read_table(&text, dir, "reliability.csv");
	CU_ASSERT_STRING_EQUAL(text.ptr, want);
	tly_buf_clear(&text);
	read_table(&text, dir, "reliability_confusion.csv");
	CU_ASSERT_STRING_EQUAL(text.ptr, want_conf);
	tly_buf_clear(&text);
	/* one-coin: the matrices follow from the accuracy, no cells */
	r.weights = TLY_WEIGHTS_ONE_COIN;
	CHECK_OK(tly_report_write(dir, TLY_REPORT_CSV, &ds, &r));
	read_table(&text, dir, "reliability_confusion.csv");
	CU_ASSERT_STRING_EQUAL(text.ptr, "annotator,true_label,given_label,p\n");
	tly_buf_clear(&text);
	for (i = 0; i < SAMPLE_CSV_TABLES; i++) {
		tly_buf_clear(&path);
		tly_buf_printf(&path, "%s/%s", dir, sample_csv_tables[i]);
		remove(path.ptr);
	}
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	tly_buf_clear(&path);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_html(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	sample_build(&ds, &r);
	add_model(&r, TLY_WEIGHTS_DAWID_SKENE, 1);
	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_HTML, &ds, &r));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<a href=\"#reliability\">Reliability</a>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<h2 id=\"reliability\">Reliability</h2>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<b>dawid-skene</b> model (vote.weights), estimated from 5 items"
				      " in 12 EM iterations;"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " 1 cluster of more than 16 masks kept the majority."));
	/* alice's row: 4 labels, accuracy 0.844, 2 clusters */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<td class=\"n\">4</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "0.844</td><td class=\"n sep\">2</td>"));
	/* alice's matrix: true cat row, given dog 0.125 */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<tr><th>cat</th><td class=\"n\">0.125</td><td class=\"n\">0.875</td></tr>"));
	/* expert is a gold-only reference with no labels: no row, no matrix */
	CU_ASSERT_PTR_NULL(strstr(strstr(out, "id=\"reliability\""), "expert</td>"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
	sample_build(&ds, &r);
	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_HTML, &ds, &r));
	CU_ASSERT_PTR_NULL(strstr(out, "id=\"reliability\""));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_reliability",
	  {"json", test_json},
	  {"csv", test_csv},
	  {"html", test_html})
