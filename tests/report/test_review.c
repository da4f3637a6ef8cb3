/*
 * The review queue (src/report/review.c, review_tools.c) on a hand-built
 * run: queue order, reasons, and each task-list format checked field by
 * field (CVAT parsed back with expat, Label Studio percentages by hand).
 */
#include <cjson/cJSON.h>
#include <expat.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tally/review.h"
#include "util/alloc.h"

/*
 * Images (all 200 x 100): a.jpg flagged, agreement 0.5; b.jpg not flagged;
 * c.jpg flagged, agreement 0.25; d.jpg flagged, agreement undefined (a tie).
 * Queue order: c (0.25), a (0.5), d (undefined last).
 * a.jpg: consensus car [10 20 30 40]; ann2 drew a "bus" at [12 20 30 40] (object id 7)
 *        with a label_mismatch and a low_overlap conflict; ann1 misses the car.
 * d.jpg: a tie conflict.  Rules: min_agreement 0.6.
 */
static void build(tly_dataset *ds, tly_result *r)
{
	static const char *const names[4] = {"a.jpg", "b.jpg", "c.jpg", "d.jpg"};
	static const double agree[4] = {0.5, 0.9, 0.25, NAN};
	static const int flagged[4] = {1, 0, 1, 1};
	size_t i;

	memset(ds, 0, sizeof(*ds));
	memset(r, 0, sizeof(*r));
	ds->n_images = 4;
	ds->images = tly_calloc(4, sizeof(*ds->images));
	for (i = 0; i < 4; i++) {
		ds->images[i].name = tly_strdup(names[i]);
		ds->images[i].width = 200;
		ds->images[i].height = 100;
	}
	ds->images[0].n_objs = 1;
	ds->images[0].objs = tly_calloc(1, sizeof(tly_object));
	ds->images[0].objs[0].id = 7;
	ds->images[0].objs[0].annotator = 1;
	ds->images[0].objs[0].category = 1;
	ds->images[0].objs[0].geom.kind = TLY_GEOM_BOX;
	ds->images[0].objs[0].geom.box = (tly_box){12, 20, 30, 40};
	ds->n_annotators = 2;
	ds->annotators = tly_calloc(2, sizeof(*ds->annotators));
	ds->annotators[0].name = tly_strdup("ann1");
	ds->annotators[1].name = tly_strdup("ann2");
	ds->n_categories = 2;
	ds->categories = tly_calloc(2, sizeof(*ds->categories));
	ds->categories[0].name = tly_strdup("car");
	ds->categories[1].name = tly_strdup("bus");

	r->run_id = 3;
	r->rules_json = tly_strdup("{\"review\":{\"min_agreement\":0.6}}");
	r->n_images = 4;
	r->images = tly_calloc(4, sizeof(*r->images));
	for (i = 0; i < 4; i++) {
		r->images[i].image = (uint32_t)i;
		r->images[i].agreement = agree[i];
		r->images[i].flagged = flagged[i];
	}
	r->n_annotators = 2;
	r->annotators = tly_calloc(2, sizeof(*r->annotators));
	r->annotators[1].annotator = 1;
	r->n_classes = 2;
	r->classes = tly_calloc(2, sizeof(*r->classes));
	r->classes[1].category = 1;
	r->n_cons_objects = 1;
	r->cons_objects = tly_calloc(1, sizeof(*r->cons_objects));
	r->cons_objects[0].geom.kind = TLY_GEOM_BOX;
	r->cons_objects[0].geom.box = (tly_box){10, 20, 30, 40};
	r->cons_objects[0].confidence = 0.5;
	r->cons_objects[0].support = 0;
	r->n_conflicts = 4;
	r->conflicts = tly_calloc(4, sizeof(*r->conflicts));
	r->conflicts[0] = (tly_conflict){0, TLY_CONFLICT_LABEL_MISMATCH, TLY_TASK_OBJECTS, 1, 7, 0, 1, 0.875};
	r->conflicts[1] = (tly_conflict){0, TLY_CONFLICT_LOW_OVERLAP, TLY_TASK_OBJECTS, 1, 7, 0, 1, 0.875};
	r->conflicts[2] = (tly_conflict){0, TLY_CONFLICT_MISSING, TLY_TASK_OBJECTS, 0, 0, 0, 0, NAN};
	r->conflicts[3] = (tly_conflict){3, TLY_CONFLICT_TIE, TLY_TASK_OBJECTS, UINT32_MAX, 0, -1, UINT32_MAX, NAN};
}

static char *render(tly_review_format fmt, const tly_dataset *ds, const tly_result *r)
{
	char *out = NULL;
	size_t len;

	CHECK_OK(tly_review_render(&out, &len, fmt, ds, r));
	CU_ASSERT_EQUAL(strlen(out), len);
	return out;
}

static void test_csv(void)
{
	static const char want[] =
		"image,agreement,reasons,missing,extra,label_mismatch,low_overlap,tie,mismatching_attributes\r\n"
		"c.jpg,0.25,agreement 0.250 < 0.6,0,0,0,0,0,0\r\n"
		"a.jpg,0.5,\"agreement 0.500 < 0.6; 3 conflicts (1 missing, 1 label_mismatch, "
		"1 low_overlap)\",1,0,1,1,0,0\r\n"
		"d.jpg,,1 tied vote,0,0,0,0,1,0\r\n";
	tly_dataset ds;
	tly_result r;
	char *out;

	build(&ds, &r);
	out = render(TLY_REVIEW_CSV, &ds, &r);
	CU_ASSERT_STRING_EQUAL(out, want);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_json(void)
{
	tly_dataset ds;
	tly_result r;
	cJSON *doc, *img, *c;
	char *out;

	build(&ds, &r);
	out = render(TLY_REVIEW_JSON, &ds, &r);
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(doc, "run")->valueint, 3);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "images")), 3);
	img = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "images"), 1);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(img, "image")), "a.jpg");
	c = cJSON_GetArrayItem(cJSON_GetObjectItem(img, "conflicts"), 0);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(c, "kind")), "label_mismatch");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(c, "annotator")), "ann2");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(c, "label")), "bus");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(c, "consensus_label")), "car");
	/* the annotator's own box, found by its object id */
	CHECK_NEAR(cJSON_GetArrayItem(cJSON_GetObjectItem(c, "bbox"), 0)->valuedouble, 12, 0);
	/* a missing object has no box of its own: the consensus box stands in */
	c = cJSON_GetArrayItem(cJSON_GetObjectItem(img, "conflicts"), 2);
	CHECK_NEAR(cJSON_GetArrayItem(cJSON_GetObjectItem(c, "bbox"), 0)->valuedouble, 10, 0);
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(c, "iou")));
	img = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "images"), 2);
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(img, "agreement")));
	cJSON_Delete(doc);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

typedef struct {
	int images, boxes, depth_errors;
	char first_image[32];
	char conflict[64];
	int in_conflict;
} cvat_seen;

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
	cvat_seen *s = ud;
	size_t i;

	if (!strcmp(name, "image")) {
		for (i = 0; attr[i]; i += 2)
			if (!strcmp(attr[i], "name") && !s->images++)
				snprintf(s->first_image, sizeof(s->first_image), "%s", attr[i + 1]);
	} else if (!strcmp(name, "box")) {
		s->boxes++;
	} else if (!strcmp(name, "attribute")) {
		for (i = 0; attr[i]; i += 2)
			s->in_conflict = !strcmp(attr[i], "name") && !strcmp(attr[i + 1], "conflict");
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	(void)name;
	((cvat_seen *)ud)->in_conflict = 0;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	cvat_seen *c = ud;
	size_t have = strlen(c->conflict);

	if (c->in_conflict && len > 0 && have + (size_t)len < sizeof(c->conflict)) {
		memcpy(c->conflict + have, s, (size_t)len);
		c->conflict[have + (size_t)len] = 0;
	}
}

static void test_cvat(void)
{
	tly_dataset ds;
	tly_result r;
	cvat_seen seen;
	XML_Parser p;
	char *out;

	build(&ds, &r);
	out = render(TLY_REVIEW_CVAT, &ds, &r);
	memset(&seen, 0, sizeof(seen));
	p = XML_ParserCreate("UTF-8");
	XML_SetUserData(p, &seen);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	CU_ASSERT_EQUAL(XML_Parse(p, out, (int)strlen(out), 1), XML_STATUS_OK);
	XML_ParserFree(p);
	/* 3 images; boxes: the consensus car + ann2's bus once (its two conflicts merged) */
	CU_ASSERT_EQUAL(seen.images, 3);
	CU_ASSERT_STRING_EQUAL(seen.first_image, "c.jpg");
	CU_ASSERT_EQUAL(seen.boxes, 2);
	CU_ASSERT_STRING_EQUAL(seen.conflict, "label_mismatch, low_overlap");
	/* CVAT corners: xbr = 10 + 30 = 40, ybr = 20 + 40 = 60 */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "xtl=\"10.00\" ytl=\"20.00\" xbr=\"40.00\" ybr=\"60.00\""));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_labelstudio(void)
{
	tly_dataset ds;
	tly_result r;
	cJSON *doc, *task, *v;
	char *out;

	build(&ds, &r);
	out = render(TLY_REVIEW_LABELSTUDIO, &ds, &r);
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(doc), 3);
	task = cJSON_GetArrayItem(doc, 1);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(task, "data"), "image")), "a.jpg");
	v = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
		cJSON_GetObjectItem(task, "predictions"), 0), "result"), 0), "value");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	/* [10 20 30 40] on 200 x 100: x 10/200 = 5%, y 20/100 = 20%, w 30/200 = 15%, h 40/100 = 40% */
	CHECK_NEAR(cJSON_GetObjectItem(v, "x")->valuedouble, 5, 1e-12);
	CHECK_NEAR(cJSON_GetObjectItem(v, "y")->valuedouble, 20, 1e-12);
	CHECK_NEAR(cJSON_GetObjectItem(v, "width")->valuedouble, 15, 1e-12);
	CHECK_NEAR(cJSON_GetObjectItem(v, "height")->valuedouble, 40, 1e-12);
	cJSON_Delete(doc);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_format_names(void)
{
	tly_review_format f;

	CHECK_OK(tly_review_format_parse(&f, "labelstudio"));
	CU_ASSERT_EQUAL(f, TLY_REVIEW_LABELSTUDIO);
	CU_ASSERT_EQUAL(tly_review_format_parse(&f, "yolo"), TLY_EARG);
}

/*
 * With the tie's votes kept, its reason names the labels with the most
 * votes, by name: ann1 car, ann2 bus, 1 : 1 -> "bus vs car". With both
 * votes car (no real tie, but it shows that only the top count is named)
 * it is "car" alone.
 */
static void test_tied_labels(void)
{
	tly_dataset ds;
	tly_result r;
	char *out;

	build(&ds, &r);
	r.tie_votes = tly_calloc(2, sizeof(*r.tie_votes));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.tie_votes);
	r.tie_votes[0] = (tly_tie_vote){3, 11, 0, 0};
	r.tie_votes[1] = (tly_tie_vote){3, 12, 1, 1};
	r.n_tie_votes = 2;
	out = render(TLY_REVIEW_CSV, &ds, &r);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nd.jpg,,1 tied vote (bus vs car),0,0,0,0,1,0\r\n"));
	free(out);
	r.tie_votes[1].category = 0;
	out = render(TLY_REVIEW_CSV, &ds, &r);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\r\nd.jpg,,1 tied vote (car),0,0,0,0,1,0\r\n"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * The CVAT task's <labels> list car and bus; a third category "auto",
 * retired by the rules (an alias of car), is not among them.
 */
static void test_cvat_retired(void)
{
	tly_dataset ds;
	tly_result r;
	tly_named *c;
	tly_class_stats *k;
	char *out;

	build(&ds, &r);
	c = tly_reallocarray(ds.categories, 3, sizeof(*c));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	ds.categories = c;
	c[2] = (tly_named){3, tly_strdup("auto")};
	ds.n_categories = 3;
	k = tly_reallocarray(r.classes, 3, sizeof(*k));
	CU_ASSERT_PTR_NOT_NULL_FATAL(k);
	r.classes = k;
	memset(&k[2], 0, sizeof(k[2]));
	k[2].category = 2;
	r.n_classes = 3;
	ds.category_retired = tly_calloc(3, 1);
	CU_ASSERT_FATAL(c[2].name && ds.category_retired);
	ds.category_retired[2] = 1;
	out = render(TLY_REVIEW_CVAT, &ds, &r);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<name>car</name>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<name>bus</name>"));
	CU_ASSERT_PTR_NULL(strstr(out, "auto"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_review", {"csv", test_csv}, {"tied_labels", test_tied_labels}, {"json", test_json}, {"cvat", test_cvat},
	  {"labelstudio", test_labelstudio}, {"format_names", test_format_names},
	  {"cvat_retired", test_cvat_retired})
