/*
 * report.json's label-map keys on the run of seg_sample.h, read back with
 * cJSON and compared with the values worked out there: image
 * voters_maps / agreement_maps / semantic, annotator semantic and panoptic
 * against consensus and gold, pairs merged by (a, b), classes' pixels and
 * map_iou and fleiss_kappa_maps, statistics.fleiss_kappa_maps, and the
 * summary's consensus_maps / mean_agreement_maps.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "seg_sample.h"
#include "tally/report.h"

static cJSON *render_doc(char **text)
{
	tly_dataset ds;
	tly_result r;
	size_t len;
	cJSON *doc;

	seg_build(&ds, &r);
	CHECK_OK(tly_report_render(text, &len, TLY_REPORT_JSON, &ds, &r));
	seg_clear(&ds, &r);
	doc = cJSON_Parse(*text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	return doc;
}

static cJSON *at(const cJSON *o, const char *key)
{
	cJSON *item = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!item)
		fprintf(stderr, "missing key %s\n", key);
	return item;
}

/* O's member KEY as a number (KEY NULL: O itself). */
static double num(const cJSON *o, const char *key)
{
	const cJSON *item = key ? at(o, key) : o;

	CU_ASSERT(cJSON_IsNumber(item));
	return cJSON_IsNumber(item) ? item->valuedouble : NAN;
}

static void test_images(void)
{
	char *text = NULL;
	cJSON *doc = render_doc(&text), *images = at(doc, "images"), *s1, *s2, *t, *sem, *cls;

	s1 = cJSON_GetArrayItem(images, 0);
	s2 = cJSON_GetArrayItem(images, 1);
	t = cJSON_GetArrayItem(images, 2);
	CU_ASSERT_EQUAL(num(s1, "voters_maps"), 3);
	CHECK_NEAR(num(s1, "agreement_maps"), 0.5, 0.0);
	sem = at(s1, "semantic");
	CU_ASSERT_EQUAL(num(sem, "voters"), 3);
	CU_ASSERT_EQUAL(num(sem, "tied_pixels"), 1);
	CU_ASSERT_EQUAL(num(sem, "ignored_pixels"), 3);
	/* road 4, car 3, sky 2, in category order; person is absent. */
	cls = at(sem, "classes");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cls), 3);
	CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(cls, 0)->string, "road");
	CU_ASSERT_EQUAL(num(cls, "road"), 4);
	CU_ASSERT_EQUAL(num(cls, "car"), 3);
	CU_ASSERT_EQUAL(num(cls, "sky"), 2);
	sem = at(s2, "semantic");
	CU_ASSERT_EQUAL(num(sem, "voters"), 2);
	CU_ASSERT_EQUAL(num(sem, "tied_pixels"), 2);
	CU_ASSERT_EQUAL(num(sem, "ignored_pixels"), 2);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(at(sem, "classes")), 1);
	CU_ASSERT_EQUAL(num(at(sem, "classes"), "sky"), 2);
	/* t.jpg: no map voter, so its stored 0 agreement is null; no consensus map, no "semantic". */
	CU_ASSERT_EQUAL(num(t, "voters_maps"), 0);
	CU_ASSERT(cJSON_IsNull(at(t, "agreement_maps")));
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(t, "semantic"));
	cJSON_Delete(doc);
	free(text);
}

static void check_class(const cJSON *c, const char *label, double iou, double dice, double tp, double fp,
			double fn)
{
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(at(c, "label")), label);
	if (isnan(iou)) {
		CU_ASSERT(cJSON_IsNull(at(c, "iou")));
		CU_ASSERT(cJSON_IsNull(at(c, "dice")));
	} else {
		CHECK_NEAR(num(c, "iou"), iou, 1e-15);
		CHECK_NEAR(num(c, "dice"), dice, 1e-15);
	}
	CU_ASSERT_EQUAL(num(c, "tp"), tp);
	CU_ASSERT_EQUAL(num(c, "fp"), fp);
	CU_ASSERT_EQUAL(num(c, "fn"), fn);
}

static void test_annotator_semantic(void)
{
	char *text = NULL;
	cJSON *doc = render_doc(&text), *anns = at(doc, "annotators"), *sem, *ref, *cls;

	sem = at(cJSON_GetArrayItem(anns, SEG_ANN1), "semantic");
	ref = at(sem, "vs_consensus");
	CU_ASSERT_EQUAL(num(ref, "images"), 2);
	CHECK_NEAR(num(ref, "pixel_accuracy"), 0.5, 0.0);
	CHECK_NEAR(num(ref, "mean_iou"), 1.4 / 3.0, 1e-15);
	CHECK_NEAR(num(ref, "mean_dice"), 11.0 / 21.0, 1e-15);
	CU_ASSERT_EQUAL(num(ref, "correct"), 5);
	CU_ASSERT_EQUAL(num(ref, "total"), 10);
	cls = at(ref, "classes");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(cls), 3);
	check_class(cJSON_GetArrayItem(cls, 0), "road", 0.4, 4.0 / 7.0, 2, 1, 2);
	check_class(cJSON_GetArrayItem(cls, 1), "car", 1.0, 1.0, 3, 0, 0);
	check_class(cJSON_GetArrayItem(cls, 2), "sky", 0.0, 0.0, 0, 2, 1);
	ref = at(sem, "vs_gold");
	CHECK_NEAR(num(ref, "mean_iou"), 0.5, 1e-15);
	CHECK_NEAR(num(ref, "mean_dice"), 2.0 / 3.0, 1e-15);
	cls = at(ref, "classes");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(cls), 2);
	check_class(cJSON_GetArrayItem(cls, 0), "road", 0.5, 2.0 / 3.0, 1, 0, 1);
	check_class(cJSON_GetArrayItem(cls, 1), "car", NAN, NAN, 0, 0, 0);
	/* ann2: consensus only, so vs_gold is null; no panoptic rows, so no "panoptic". */
	sem = at(cJSON_GetArrayItem(anns, SEG_ANN2), "semantic");
	CHECK_NEAR(num(at(sem, "vs_consensus"), "pixel_accuracy"), 1.0, 0.0);
	CU_ASSERT(cJSON_IsNull(at(sem, "vs_gold")));
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(cJSON_GetArrayItem(anns, SEG_ANN2), "panoptic"));
	/* ann3 and gold were not audited on maps: their records are as before. */
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(cJSON_GetArrayItem(anns, SEG_ANN3), "semantic"));
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(cJSON_GetArrayItem(anns, SEG_GOLD), "semantic"));
	cJSON_Delete(doc);
	free(text);
}

static void check_pq_class(const cJSON *c, const char *label, double pq, double sq, double rq,
			   double tp, double fp, double fn)
{
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(at(c, "label")), label);
	CHECK_NEAR(num(c, "pq"), pq, 1e-15);
	CHECK_NEAR(num(c, "sq"), sq, 1e-15);
	CHECK_NEAR(num(c, "rq"), rq, 1e-15);
	CU_ASSERT_EQUAL(num(c, "tp"), tp);
	CU_ASSERT_EQUAL(num(c, "fp"), fp);
	CU_ASSERT_EQUAL(num(c, "fn"), fn);
}

static void test_annotator_panoptic(void)
{
	char *text = NULL;
	cJSON *doc = render_doc(&text), *pan, *ref, *cls;

	pan = at(cJSON_GetArrayItem(at(doc, "annotators"), SEG_ANN1), "panoptic");
	ref = at(pan, "vs_consensus");
	CHECK_NEAR(num(ref, "pq"), 1.3 / 3.0, 1e-15);
	CHECK_NEAR(num(ref, "sq"), 1.55 / 3.0, 1e-15);
	CHECK_NEAR(num(ref, "rq"), 5.0 / 9.0, 1e-15);
	CHECK_NEAR(num(ref, "pq_things"), 0.5, 1e-15);
	CHECK_NEAR(num(ref, "pq_stuff"), 0.4, 1e-15);
	cls = at(ref, "classes");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(cls), 3);
	check_pq_class(cJSON_GetArrayItem(cls, 0), "road", 0.8, 0.8, 1.0, 1, 0, 0);
	check_pq_class(cJSON_GetArrayItem(cls, 1), "car", 0.5, 0.75, 2.0 / 3.0, 2, 1, 1);
	check_pq_class(cJSON_GetArrayItem(cls, 2), "sky", 0.0, 0.0, 0.0, 0, 1, 1);
	ref = at(pan, "vs_gold");
	CHECK_NEAR(num(ref, "pq"), 0.9, 1e-15);
	CU_ASSERT(cJSON_IsNull(at(ref, "pq_stuff")));
	CU_ASSERT_EQUAL(cJSON_GetArraySize(at(ref, "classes")), 1);
	cJSON_Delete(doc);
	free(text);
}

static void test_pairs_classes_summary(void)
{
	char *text = NULL;
	cJSON *doc = render_doc(&text), *pairs = at(doc, "pairs"), *p, *cls, *sum;

	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(pairs), 3);
	/* (ann1, ann2): objects figures and the map pair's 2 images, mIoU 0.625. */
	p = cJSON_GetArrayItem(pairs, 0);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(at(p, "b")), "ann2");
	CHECK_NEAR(num(p, "f1"), 1.0, 0.0);
	CU_ASSERT_EQUAL(num(p, "map_images"), 2);
	CHECK_NEAR(num(p, "miou"), 0.625, 0.0);
	/* (ann1, ann3): objects only, no map keys. */
	p = cJSON_GetArrayItem(pairs, 1);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(at(p, "b")), "ann3");
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(p, "miou"));
	/* (ann2, ann3): maps only: empty objects/labels figures, undefined mIoU. */
	p = cJSON_GetArrayItem(pairs, 2);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(at(p, "a")), "ann2");
	CU_ASSERT_EQUAL(num(p, "images"), 0);
	CU_ASSERT(cJSON_IsNull(at(p, "f1")));
	/* the kappas: statistics computed from no item */
	CU_ASSERT(cJSON_IsNull(at(at(p, "cohen_kappa"), "value")));
	CU_ASSERT(cJSON_IsNull(at(at(p, "cohen_kappa"), "ci95")));
	CU_ASSERT_EQUAL(num(at(p, "cohen_kappa"), "n"), 0);
	CU_ASSERT(cJSON_IsNull(at(at(p, "cohen_kappa_objects"), "value")));
	CU_ASSERT_EQUAL(num(p, "map_images"), 1);
	CU_ASSERT(cJSON_IsNull(at(p, "miou")));
	cls = at(doc, "classes");
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cls, SEG_ROAD), "pixels"), 4);
	CHECK_NEAR(num(cJSON_GetArrayItem(cls, SEG_ROAD), "map_iou"), 0.4, 1e-15);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cls, SEG_SKY), "pixels"), 4);
	CHECK_NEAR(num(cJSON_GetArrayItem(cls, SEG_SKY), "map_iou"), 4.0 / 7.0, 1e-15);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cls, SEG_PERSON), "pixels"), 0);
	CU_ASSERT(cJSON_IsNull(at(cJSON_GetArrayItem(cls, SEG_PERSON), "map_iou")));
	/* Fleiss' kappa over the maps' pixels, as seg_sample.h sets it: present, the run has maps */
	p = at(cJSON_GetArrayItem(cls, SEG_CAR), "fleiss_kappa_maps");
	CHECK_NEAR(num(p, "value"), 0.625, 0.0);
	CHECK_NEAR(num(cJSON_GetArrayItem(at(p, "ci95"), 0), NULL), 0.5, 0.0);
	CU_ASSERT_EQUAL(num(p, "n"), 200);
	p = at(cJSON_GetArrayItem(cls, SEG_ROAD), "fleiss_kappa_maps");
	CU_ASSERT(cJSON_IsNull(at(p, "value")));
	CU_ASSERT(cJSON_IsNull(at(p, "ci95")));
	p = at(at(doc, "statistics"), "fleiss_kappa_maps");
	CHECK_NEAR(num(p, "value"), 0.5, 0.0);
	CU_ASSERT_EQUAL(num(p, "n"), 200);
	sum = at(doc, "summary");
	CU_ASSERT_EQUAL(num(sum, "consensus_maps"), 2);
	CHECK_NEAR(num(sum, "mean_agreement_maps"), 0.375, 0.0);
	CU_ASSERT_PTR_NULL(strstr(text, "nan"));
	cJSON_Delete(doc);
	free(text);
}

TLY_TESTS("report_json_seg",
	  {"images", test_images},
	  {"annotator_semantic", test_annotator_semantic},
	  {"annotator_panoptic", test_annotator_panoptic},
	  {"pairs_classes_summary", test_pairs_classes_summary})
