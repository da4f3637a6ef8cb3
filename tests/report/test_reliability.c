/*
 * The reliability part of the reports (src/report/json_reliability.c,
 * csv_reliability.c, html_reliability.c) over sample.h's run with a label
 * model added by hand. Classes dog (0) and cat (1), prior 1/4, 3/4;
 * confusion rows (true dog, true cat) x (given dog, given cat):
 *   alice [0.75 0.25; 0.125 0.875]: accuracy 0.25 x 0.75 + 0.75 x 0.875 = 0.84375
 *   bob   [0.5 0.5; 0.5 0.5]: 0.5;  eve [1 0; 0 1]: 1;  expert uniform: 0.5
 * STAPLE: alice 2 clusters (sensitivity 0.5, specificity 0.875), bob 1
 * (0.25, 1), eve and expert none; one cluster fell back to the majority.
 * Semantic STAPLE's per-class rates (add_staple_classes) by hand; a run of
 * 60 classes past the HTML table's 200 rows; and a computed run's reports
 * byte for byte the same after the store round trip.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <unistd.h>

#include "sample.h"
#include "agree/map_builder.h"
#include "store/maps_fixture.h"
#include "tally/report.h"
#include "tally/rules.h"
#include "tally/run.h"

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

/*
 * Semantic STAPLE rows (annotator, class): alice dog 2 images, in 30 at
 * 0.9, out 70 at 0.95; alice cat 1 image, in 0 (sensitivity undefined),
 * out 50 at 0.5; bob cat 1 image, in 10 at 0.25, out 40 at 1.
 */
static void add_staple_classes(tly_result *r)
{
	r->n_map_staple_rates = 3;
	r->map_staple_rates = tly_calloc(3, sizeof(*r->map_staple_rates));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->map_staple_rates);
	r->map_staple_rates[0] = (tly_map_staple_rate){0, 0, 2, 30, 0.9, 70, 0.95};
	r->map_staple_rates[1] = (tly_map_staple_rate){0, 1, 1, 0, NAN, 50, 0.5};
	r->map_staple_rates[2] = (tly_map_staple_rate){1, 1, 1, 10, 0.25, 40, 1};
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

	/* semantic STAPLE: staple_classes on every annotator, [] for those without rows */
	sample_build(&ds, &r);
	add_model(&r, TLY_WEIGHTS_EQUAL, 0);
	add_staple_classes(&r);
	doc = render_json(&ds, &r);
	rel = at(cJSON_GetArrayItem(at(doc, "annotators"), 0), "reliability");
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItemCaseSensitive(rel, "staple"));
	st = at(rel, "staple_classes");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(st), 2);
	CU_ASSERT_STRING_EQUAL(at(cJSON_GetArrayItem(st, 0), "class")->valuestring, "dog");
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(st, 0), "images"), 2);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(st, 0), "pixels_in"), 30);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(st, 0), "sensitivity"), 0.9);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(st, 0), "pixels_out"), 70);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(st, 0), "specificity"), 0.95);
	CU_ASSERT_STRING_EQUAL(at(cJSON_GetArrayItem(st, 1), "class")->valuestring, "cat");
	CU_ASSERT(cJSON_IsNull(at(cJSON_GetArrayItem(st, 1), "sensitivity")));
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(st, 1), "pixels_in"), 0);
	st = at(at(cJSON_GetArrayItem(at(doc, "annotators"), 1), "reliability"), "staple_classes");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(st), 1);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(st, 0), "sensitivity"), 0.25);
	st = at(at(cJSON_GetArrayItem(at(doc, "annotators"), 3), "reliability"), "staple_classes");
	CU_ASSERT(cJSON_IsArray(st) && cJSON_GetArraySize(st) == 0);
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
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItemCaseSensitive(rel, "staple_classes"));
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
	static const char want_classes[] =
		"annotator,class,images,pixels_in,sensitivity,pixels_out,specificity\n"
		"alice,dog,2,30,0.9,70,0.95\n"
		"alice,cat,1,0,,50,0.5\n"
		"bob,cat,1,10,0.25,40,1\n";
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
	/* no semantic STAPLE rows: no staple_classes.csv */
	tly_buf_printf(&path, "%s/staple_classes.csv", dir);
	CU_ASSERT_NOT_EQUAL(access(path.ptr, F_OK), 0);
	/* one-coin: the matrices follow from the accuracy, no cells */
	r.weights = TLY_WEIGHTS_ONE_COIN;
	add_staple_classes(&r);
	CHECK_OK(tly_report_write(dir, TLY_REPORT_CSV, &ds, &r));
	read_table(&text, dir, "reliability_confusion.csv");
	CU_ASSERT_STRING_EQUAL(text.ptr, "annotator,true_label,given_label,p\n");
	tly_buf_clear(&text);
	read_table(&text, dir, "staple_classes.csv");
	CU_ASSERT_STRING_EQUAL(text.ptr, want_classes);
	tly_buf_clear(&text);
	CU_ASSERT_EQUAL(remove(path.ptr), 0);
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
	/* no semantic STAPLE rows: no per-class table */
	CU_ASSERT_PTR_NULL(strstr(out, "STAPLE per class"));
	free(out);
	/* the per-class table: hue = 120 x rate^2 (0.81 x 120 = 97.2, 0.9025 x 120 = 108.3, 0.25 x 120 = 30) */
	add_staple_classes(&r);
	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_HTML, &ds, &r));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<h3>STAPLE per class</h3>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "alice</td><td>dog</td><td class=\"n\">2</td><td class=\"n\">30</td>"
				      "<td class=\"n\" style=\"background:hsl(97,65%,86%)\">0.900</td>"
				      "<td class=\"n\">70</td><td class=\"n\" style=\"background:hsl(108,65%,86%)\">"
				      "0.950</td></tr>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "alice</td><td>cat</td><td class=\"n\">1</td><td class=\"n\">0</td>"
				      "<td class=\"n\"><span class=\"na\">&ndash;</span></td><td class=\"n\">50</td>"
				      "<td class=\"n\" style=\"background:hsl(30,65%,86%)\">0.500</td></tr>"));
	CU_ASSERT_PTR_NULL(strstr(out, "rows shown"));
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

static void run_staple(tly_result *r, const tly_dataset *ds)
{
	static const char text[] = "{\"vote\": {\"mask\": \"staple\"}}";
	tly_rules *rules = NULL;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	CHECK_OK(tly_rules_parse(&rules, text, strlen(text), "test"));
	o.threads = 2;
	CHECK_OK(tly_run_compute(r, ds, rules, &o));
	tly_rules_free(rules);
}

/*
 * One 60 x 1 image, classes c00..c59, pixel i of class i in every one of
 * four annotators' maps: STAPLE fits 60 classes x 4 voters = 240 rows, so
 * the page shows the first 200 (annotator A's 60, B's, C's, then D's first
 * 20: D's c19 is in, c20 is not) and says where the rest are.
 */
static void test_html_cap(void)
{
	static const char *const anns[] = {"A", "B", "C", "D"};
	char names[60][4], want[64];
	const char *cats[60];
	uint32_t px[60], a, i;
	tly_dataset ds;
	tly_result r;
	char *out = NULL, *table;
	size_t len = 0;

	for (i = 0; i < 60; i++) {
		snprintf(names[i], sizeof(names[i]), "c%02u", (unsigned)i);
		cats[i] = names[i];
		px[i] = i;
	}
	tb_init(&ds, anns, 4, cats, 60);
	tb_image(&ds, "wide.png");
	ds.images[0].width = 60;
	ds.images[0].height = 1;
	for (a = 0; a < 4; a++)
		tb_map(&ds, 0, a, 0, px, 60, 1);
	run_staple(&r, &ds);
	CU_ASSERT_EQUAL_FATAL(r.n_map_staple_rates, 240);
	/* every voter alike: each class's fixed point has all rates 1, in 1 pixel and out 59 */
	CU_ASSERT_EQUAL(r.map_staple_rates[239].pixels_in, 1);
	CU_ASSERT_EQUAL(r.map_staple_rates[239].pixels_out, 59);
	CHECK_NEAR(r.map_staple_rates[239].sensitivity, 1, 1e-9);
	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_HTML, &ds, &r));
	table = strstr(out, "<h3>STAPLE per class</h3>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(table);
	CU_ASSERT_PTR_NOT_NULL(strstr(table, "200 of 240 rows shown: all are in staple_classes.csv and report.json."));
	snprintf(want, sizeof(want), "D</td><td>c19</td>");
	CU_ASSERT_PTR_NOT_NULL(strstr(table, want));
	snprintf(want, sizeof(want), "D</td><td>c20</td>");
	CU_ASSERT_PTR_NULL(strstr(table, want));
	free(out);
	tly_result_clear(&r);
	tb_maps_clear(&ds);
	tly_dataset_clear(&ds);
}

/* Render R in FORMAT (CSV: staple_classes.csv of a folder under DIR) into *out. */
static void render(tly_buf *out, tly_report_format format, const tly_dataset *ds, const tly_result *r,
		   const char *dir)
{
	tly_buf empty = TLY_BUF_INIT;
	char *text = NULL;
	size_t len = 0;

	*out = empty;
	if (format != TLY_REPORT_CSV) {
		CHECK_OK(tly_report_render(&text, &len, format, ds, r));
		tly_buf_put(out, text, len);
		free(text);
		return;
	}
	CHECK_OK(tly_report_write(dir, TLY_REPORT_CSV, ds, r));
	read_table(out, dir, "staple_classes.csv");
	/* appended: the statistics, the maps' kappa among them */
	read_table(out, dir, "statistics.csv");
}

/* Remove the CSV folder DIR that render wrote. */
static void remove_csv(const char *dir)
{
	tly_buf path = TLY_BUF_INIT;
	size_t i;

	for (i = 0; i < SAMPLE_CSV_TABLES; i++) {
		tly_buf_clear(&path);
		tly_buf_printf(&path, "%s/%s", dir, sample_csv_tables[i]);
		remove(path.ptr);
	}
	tly_buf_clear(&path);
	tly_buf_printf(&path, "%s/staple_classes.csv", dir);
	CU_ASSERT_EQUAL(remove(path.ptr), 0);
	tly_buf_clear(&path);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
}

/*
 * The 3 x 2 scene of tests/agree/test_semantic_staple.c (A = 0 0 0 | 0 1 1,
 * B = 0 0 1 | 0 1 1, C = 0 I 0 | 1 1 I; classes bg 0, car 1) ingested into a
 * store, run under vote.mask staple and saved: the report of the run loaded
 * back is the fresh run's, byte for byte, in JSON, CSV (staple_classes.csv)
 * and HTML.
 */
static void test_store_round_trip(void)
{
	static const uint32_t pa[6] = {0, 0, 0, 0, 1, 1}, pb[6] = {0, 0, 1, 0, 1, 1}, pc[6] = {0, IGN, 0, 1, 1, IGN};
	static const tly_report_format formats[3] = {TLY_REPORT_JSON, TLY_REPORT_CSV, TLY_REPORT_HTML};
	char path[TMPDB_SIZE], dir[] = "/tmp/tally-report-staple-XXXXXX", bg[] = "bg", car[] = "car";
	tly_batch_class classes[] = {{0, bg, -1}, {1, car, -1}};
	tly_store *st = NULL;
	tly_batch b;
	tly_dataset ds, ds2;
	tly_result r, r2;
	tly_buf fresh, stored;
	size_t im, f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	tmpdb_make(path);
	CHECK_OK(tly_store_open(&st, path));
	batch_start(&b, "/data/maps", 'c', "png", 0);
	CHECK_OK(tly_batch_add_image(&im, &b, "s.png", 3, 2, "t"));
	add_map(&b, im, "A", 0, 255, pa, 3, 2, classes, 2, NULL);
	add_map(&b, im, "B", 0, 255, pb, 3, 2, classes, 2, NULL);
	add_map(&b, im, "C", 0, 255, pc, 3, 2, classes, 2, NULL);
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
	CHECK_OK(tly_store_load_dataset(&ds, st));
	run_staple(&r, &ds);
	CU_ASSERT_EQUAL(r.n_map_staple_rates, 6);
	CHECK_OK(tly_store_save_result(st, &ds, &r));
	CHECK_OK(tly_store_load_result(&r2, &ds2, st, r.run_id));
	CU_ASSERT_EQUAL(r2.n_map_staple_rates, 6);
	for (f = 0; f < 3; f++) {
		const char *x, *y;

		render(&fresh, formats[f], &ds, &r, dir);
		render(&stored, formats[f], &ds2, &r2, dir);
		x = fresh.ptr;
		y = stored.ptr;
		if (formats[f] == TLY_REPORT_HTML) {
			CU_ASSERT_PTR_NOT_NULL(strstr(x, "<h3>STAPLE per class</h3>"));
			/* label maps carry no date: the weekly cut (default rules) has no row, and
			 * the stored run still knows it was cut (its period comes from its rules) */
			CU_ASSERT_PTR_NOT_NULL(strstr(y, "Nothing dated to cut by period"));
		}
		CU_ASSERT_STRING_EQUAL(x, y);
		/* the maps' pixel kappa (its value is worked in tests/agree/test_semantic_kappa.c's
		 * way: 311/567) is part of what must match */
		CU_ASSERT_PTR_NOT_NULL(strstr(x, formats[f] == TLY_REPORT_HTML ? "kappa (label map pixels)"
					       : formats[f] == TLY_REPORT_CSV ? "fleiss_kappa_maps,0.5485008818"
					       : "\"fleiss_kappa_maps\":{\"value\":0.5485008818"));
		if (formats[f] == TLY_REPORT_JSON)
			CU_ASSERT_PTR_NOT_NULL(strstr(x, "\"staple_classes\":[{\"class\":\"bg\",\"images\":1,"
						       "\"pixels_in\":4,"));
		tly_buf_clear(&fresh);
		tly_buf_clear(&stored);
	}
	remove_csv(dir);
	tly_result_clear(&r);
	tly_result_clear(&r2);
	tly_dataset_clear(&ds);
	tly_dataset_clear(&ds2);
	tly_store_close(st);
	tmpdb_remove(path);
}

TLY_TESTS("report_reliability",
	  {"json", test_json},
	  {"csv", test_csv},
	  {"html", test_html},
	  {"html_cap", test_html_cap},
	  {"store_round_trip", test_store_round_trip})
