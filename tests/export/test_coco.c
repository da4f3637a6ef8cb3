/*
 * COCO export of the sample run (tests/report/sample.h) against the golden
 * fixtures/report/coco.json, and the COCO invariants a loader relies on:
 * ids 1-based and consistent, every category listed, area = w*h.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "report/sample.h"
#include "report/seg_sample.h"
#include "tally/export.h"

static void test_golden(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	sample_build(&ds, &r);
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r));
	check_golden(out, len, FIXTURE("report/coco.json"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_structure(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;
	cJSON *doc, *ann, *cats, *bbox;

	sample_build(&ds, &r);
	/*
	 * A second consensus object on b,1.png, a dog box [1.5, 2, 3, 4.5]: area 13.5,
	 * with one member of its own (members[3], eve's dog): a member belongs to one object.
	 */
	r.cons_objects = tly_reallocarray(r.cons_objects, 2, sizeof(tly_cons_object));
	r.cons_objects[1] = (tly_cons_object){1, 0, {TLY_GEOM_BOX, {1.5, 2, 3, 4.5}, NULL}, 1, 1, 1,
					      1.0, 1.0, 3, 0};
	r.n_cons_objects = 2;
	r.members = tly_reallocarray(r.members, 4, sizeof(tly_cons_member));
	r.members[3] = (tly_cons_member){10, 2, 0, 1.0};
	r.n_members = 4;
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r));
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	cats = cJSON_GetObjectItem(doc, "categories");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cats), 2);
	ann = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "annotations"), 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ann);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(ann, "id")), 2);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(ann, "image_id")), 2);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(ann, "category_id")), 1);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(ann, "area")), 13.5);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(ann, "iscrowd")), 0);
	bbox = cJSON_GetObjectItem(ann, "bbox");
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetArrayItem(bbox, 3)), 4.5);
	/* Its one member is eve's object (members[3]). */
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetArrayItem(
		cJSON_GetObjectItem(ann, "annotators"), 0)), SAMPLE_EVE);
	cJSON_Delete(doc);
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/* No consensus at all: images and categories still listed, annotations empty. */
static void test_no_consensus(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	sample_build(&ds, &r);
	r.n_cons_objects = 0;
	/* Members and conflicts[0] point at consensus objects: none left (nor the tie's votes). */
	r.n_members = 0;
	r.n_conflicts = 0;
	r.n_tie_votes = 0;
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"annotations\": []\n}\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "{\"id\":2,\"name\":\"cat\",\"supercategory\":\"\"}"));
	free(out);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * A voted crowd region as COCO ground truth wants it: iscrowd 1 with its
 * mask as RLE. seg_sample.h's car mask, counts [4, 2, 1, 1, 4] of a 3 x 4
 * image, compressed as pycocotools does (runs from the fourth on as the
 * difference from the run two before: 4, 2, 1, 1 - 2 = -1, 4 - 1 = 3;
 * 5-bit groups + 48: '4' '2' '1', -1 -> 31 + 48 = 'O', '3'): "421O3";
 * area 3, box [1, 1, 2, 2].
 */
static void test_crowd_region(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;
	cJSON *doc, *ann, *seg, *size, *bbox;

	seg_build(&ds, &r);
	r.cons_objects[0].iscrowd = 1;
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r));
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	ann = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "annotations"), 0);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(ann, "iscrowd")), 1);
	seg = cJSON_GetObjectItem(ann, "segmentation");
	CU_ASSERT_PTR_NOT_NULL_FATAL(seg);
	size = cJSON_GetObjectItem(seg, "size");
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetArrayItem(size, 0)), 3);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetArrayItem(size, 1)), 4);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(seg, "counts")), "421O3");
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(ann, "area")), 3);
	bbox = cJSON_GetObjectItem(ann, "bbox");
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetArrayItem(bbox, 0)), 1);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetArrayItem(bbox, 3)), 2);
	cJSON_Delete(doc);
	free(out);
	seg_clear(&ds, &r);
}

TLY_TESTS("export_coco",
	  {"golden", test_golden},
	  {"structure", test_structure},
	  {"no_consensus", test_no_consensus},
	  {"crowd_region", test_crowd_region})
