/*
 * tally diff (src/report/diff.c, diff_render.c): two hand-built runs over
 * one dataset, every change worked out below, then the JSON and text forms.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tally/diff.h"
#include "util/alloc.h"

static char *dup(const char *s)
{
	return tly_strdup(s);
}

static void build_dataset(tly_dataset *ds)
{
	static const char *const cats[] = {"car", "person", "dog", "tree"};
	size_t i;

	memset(ds, 0, sizeof(*ds));
	ds->n_images = 2;
	ds->images = tly_calloc(2, sizeof(*ds->images));
	ds->images[0].name = dup("a.jpg");
	ds->images[1].name = dup("b.jpg");
	ds->n_annotators = 1;
	ds->annotators = tly_calloc(1, sizeof(*ds->annotators));
	ds->annotators[0].name = dup("ann1");
	ds->n_categories = 4;
	ds->categories = tly_calloc(4, sizeof(*ds->categories));
	for (i = 0; i < 4; i++)
		ds->categories[i].name = dup(cats[i]);
}

static tly_cons_object obj(uint32_t image, uint32_t cat, double x, double y, double w, double h)
{
	tly_cons_object o;

	memset(&o, 0, sizeof(o));
	o.image = image;
	o.category = cat;
	o.geom.kind = TLY_GEOM_BOX;
	o.geom.box.x = x;
	o.geom.box.y = y;
	o.geom.box.w = w;
	o.geom.box.h = h;
	o.confidence = 1.0;
	return o;
}

static void build_result(tly_result *r, const char *rules, const tly_cons_object *objs, size_t n,
			 const uint32_t *tag_image, const uint32_t *tag_cat, size_t nt,
			 int flagged_a, double agreement_a)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->rules_json = dup(rules);
	r->n_cons_objects = n;
	r->cons_objects = tly_calloc(n, sizeof(*objs));
	memcpy(r->cons_objects, objs, n * sizeof(*objs));
	r->n_cons_tags = nt;
	r->cons_tags = tly_calloc(nt, sizeof(*r->cons_tags));
	for (i = 0; i < nt; i++) {
		r->cons_tags[i].image = tag_image[i];
		r->cons_tags[i].category = tag_cat[i];
	}
	r->n_images = 2;
	r->images = tly_calloc(2, sizeof(*r->images));
	r->images[0].agreement = agreement_a;
	r->images[0].flagged = flagged_a;
	r->images[1].image = 1;
	r->images[1].agreement = NAN;
}

/*
 * Run A                                   Run B
 *  a.jpg 0 car    [0 0 10 10]              0 car [0 0 10 10]  same: unchanged
 *        1 person [20 0 10 10]             1 dog [20 0 10 10] relabelled, IoU 1
 *        2 tree   [50 50 10 10]            -                  removed
 *  b.jpg 3 car    [0 0 10 10]              2 car [0 0 10 5]   moved: IoU 50/100 = 0.5 (>= 0.5)
 *        -                                 3 person [40 40 10 10] added
 *  labels a.jpg {car}                      {car, person}: person added, car unchanged
 *  image a.jpg: not flagged, 0.8           flagged, 0.6       (b.jpg the same in both)
 *  rules: match.iou 0.5 -> 0.75; vote.tie absent -> "first"
 */
static void build_runs(tly_dataset *ds, tly_result *a, tly_result *b)
{
	tly_cons_object oa[4], ob[4];
	static const uint32_t ta_img[1] = {0}, ta_cat[1] = {0};
	static const uint32_t tb_img[2] = {0, 0}, tb_cat[2] = {0, 1};

	build_dataset(ds);
	oa[0] = obj(0, 0, 0, 0, 10, 10);
	oa[1] = obj(0, 1, 20, 0, 10, 10);
	oa[2] = obj(0, 3, 50, 50, 10, 10);
	oa[3] = obj(1, 0, 0, 0, 10, 10);
	ob[0] = obj(0, 0, 0, 0, 10, 10);
	ob[1] = obj(0, 2, 20, 0, 10, 10);
	ob[2] = obj(1, 0, 0, 0, 10, 5);
	ob[3] = obj(1, 1, 40, 40, 10, 10);
	build_result(a, "{\"match\":{\"iou\":0.5,\"class_aware\":false}}", oa, 4, ta_img, ta_cat, 1, 0, 0.8);
	build_result(b, "{\"match\":{\"iou\":0.75,\"class_aware\":false},\"vote\":{\"tie\":\"first\"}}",
		     ob, 4, tb_img, tb_cat, 2, 1, 0.6);
	a->run_id = 1;
	b->run_id = 2;
}

static void check_change(const tly_diff_change *c, uint32_t image, tly_task task, tly_diff_kind kind,
			 int64_t ia, int64_t ib)
{
	CU_ASSERT_EQUAL(c->image, image);
	CU_ASSERT_EQUAL(c->task, task);
	CU_ASSERT_EQUAL(c->kind, kind);
	CU_ASSERT_EQUAL(c->a, ia);
	CU_ASSERT_EQUAL(c->b, ib);
}

static void test_compute(void)
{
	tly_dataset ds;
	tly_result a, b;
	tly_diff d;

	build_runs(&ds, &a, &b);
	CHECK_OK(tly_diff_compute(&d, &ds, &a, &b));
	CU_ASSERT_EQUAL_FATAL(d.n_rules, 2);
	CU_ASSERT_STRING_EQUAL(d.rules[0].key, "match.iou");
	CU_ASSERT_STRING_EQUAL(d.rules[0].value_a, "0.5");
	CU_ASSERT_STRING_EQUAL(d.rules[0].value_b, "0.75");
	CU_ASSERT_STRING_EQUAL(d.rules[1].key, "vote.tie");
	CU_ASSERT_STRING_EQUAL(d.rules[1].value_a, "(absent)");
	CU_ASSERT_STRING_EQUAL(d.rules[1].value_b, "\"first\"");
	CU_ASSERT_EQUAL_FATAL(d.n_changes, 5);
	check_change(&d.changes[0], 0, TLY_TASK_OBJECTS, TLY_DIFF_RELABELLED, 1, 1);
	CHECK_NEAR(d.changes[0].iou, 1.0, 0);
	check_change(&d.changes[1], 0, TLY_TASK_OBJECTS, TLY_DIFF_REMOVED, 2, -1);
	CU_ASSERT(isnan(d.changes[1].iou));
	check_change(&d.changes[2], 0, TLY_TASK_LABELS, TLY_DIFF_ADDED, -1, 1);
	check_change(&d.changes[3], 1, TLY_TASK_OBJECTS, TLY_DIFF_MOVED, 3, 2);
	CHECK_NEAR(d.changes[3].iou, 0.5, 1e-15);
	check_change(&d.changes[4], 1, TLY_TASK_OBJECTS, TLY_DIFF_ADDED, -1, 3);
	CU_ASSERT_EQUAL(d.unchanged_objects, 1);
	CU_ASSERT_EQUAL(d.unchanged_labels, 1);
	CU_ASSERT_EQUAL_FATAL(d.n_images, 1);
	CU_ASSERT_EQUAL(d.images[0].image, 0);
	CU_ASSERT_EQUAL(d.images[0].flagged_a, 0);
	CU_ASSERT_EQUAL(d.images[0].flagged_b, 1);
	tly_diff_clear(&d);
	tly_result_clear(&a);
	tly_result_clear(&b);
	tly_dataset_clear(&ds);
}

/* A run against itself: nothing changed. */
static void test_same_run(void)
{
	tly_dataset ds;
	tly_result a, b;
	tly_diff d;

	build_runs(&ds, &a, &b);
	CHECK_OK(tly_diff_compute(&d, &ds, &a, &a));
	CU_ASSERT_EQUAL(d.n_rules, 0);
	CU_ASSERT_EQUAL(d.n_changes, 0);
	CU_ASSERT_EQUAL(d.n_images, 0);
	CU_ASSERT_EQUAL(d.unchanged_objects, 4);
	CU_ASSERT_EQUAL(d.unchanged_labels, 1);
	tly_diff_clear(&d);
	tly_result_clear(&a);
	tly_result_clear(&b);
	tly_dataset_clear(&ds);
}

static void test_render(void)
{
	tly_dataset ds;
	tly_result a, b;
	tly_diff d;
	cJSON *doc, *ch, *sum;
	char *out = NULL;
	size_t len;

	build_runs(&ds, &a, &b);
	CHECK_OK(tly_diff_compute(&d, &ds, &a, &b));
	CHECK_OK(tly_diff_render(&out, &len, &d, &ds, &a, &b, 1));
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	sum = cJSON_GetObjectItem(doc, "summary");
	/* 4 objects in each run; 1 and 2 labels; 0 and 1 flagged; mean agreement 0.8 and 0.6
	 * (b.jpg's agreement is undefined in both and left out of the mean) */
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItem(sum, "consensus_labels"), 1)->valueint, 2);
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItem(sum, "flagged_images"), 1)->valueint, 1);
	CHECK_NEAR(cJSON_GetArrayItem(cJSON_GetObjectItem(sum, "mean_agreement"), 1)->valuedouble, 0.6, 0);
	ch = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "changes"), 0);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(ch, "kind")), "relabelled");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(ch, "a"), "label")), "person");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(ch, "b"), "label")), "dog");
	ch = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "rules"), 1);
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(ch, "a")));
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(ch, "b")), "first");
	cJSON_Delete(doc);
	free(out);
	CHECK_OK(tly_diff_render(&out, &len, &d, &ds, &a, &b, 0));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  match.iou: 0.5 -> 0.75\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  a.jpg  object  relabelled  person -> dog  IoU 1.000\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  b.jpg  object  moved       car  IoU 0.500\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  a.jpg  label   added       person (confidence 0.000)\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "a.jpg  now flagged      agreement 0.800 -> 0.600\n"));
	free(out);
	tly_diff_clear(&d);
	tly_result_clear(&a);
	tly_result_clear(&b);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_diff", {"compute", test_compute}, {"same_run", test_same_run},
	  {"render", test_render})
