/*
 * The result-vs-dataset check run before any rendering: the sample run
 * passes; each corruption below is refused with TLY_EARG and a message
 * naming the bad entry, and nothing is read out of bounds (ASan run).
 * Sample sizes (report/sample.h): 2 images, 4 annotators, 2 categories,
 * 3 members, 1 consensus object (image 0), 2 consensus labels (image 1).
 */
#include "sample.h"
#include "seg_sample.h"
#include "report/check.h"

typedef struct {
	const char *name;
	void (*corrupt)(tly_result *r);
	const char *message;
} corruption;

static void fewer_images(tly_result *r) { r->n_images = 1; }
static void fewer_annotators(tly_result *r) { r->n_annotators = 3; }
static void fewer_classes(tly_result *r) { r->n_classes = 1; }
static void image_index(tly_result *r) { r->images[1].image = 2; }
static void class_index(tly_result *r) { r->classes[0].category = 9; }
static void pair_index(tly_result *r) { r->pairs[2].b = 4; }
static void members_past_end(tly_result *r) { r->cons_objects[0].first_member = 1; }
static void member_annotator(tly_result *r) { r->members[2].annotator = 4; }
static void tag_category(tly_result *r) { r->cons_tags[1].category = 2; }
static void conflict_kind(tly_result *r) { r->conflicts[0].kind = (tly_conflict_kind)0; }
static void conflict_annotator(tly_result *r) { r->conflicts[0].annotator = 4; }
static void conflict_target_image(tly_result *r) { r->conflicts[0].image = 1; }
static void conflict_target_range(tly_result *r) { r->conflicts[0].consensus = 1; }
static void conflict_negative(tly_result *r) { r->conflicts[1].consensus = -2; }

static const corruption cases[] = {
	/* Only the report needs the stats arrays parallel to the dataset's (sample: 2, 4, 2). */
	{"fewer_images", fewer_images, "report: result has 1 image entries, dataset 2 images"},
	{"fewer_annotators", fewer_annotators, "report: result has 3 annotator entries, dataset 4 annotators"},
	{"fewer_classes", fewer_classes, "report: result has 1 class entries, dataset 2 categories"},
	/* The rest is tly_result_check's (tests/store/test_result_check.c has every rule). */
	{"image_index", image_index, "result: images[1].image 2 outside the dataset's 2 images"},
	{"class_index", class_index, "result: classes[0].category 9 outside the dataset's 2 categories"},
	{"pair_index", pair_index, "result: pairs[2].b 4 outside the dataset's 4 annotators"},
	/* 1 + 3 members > 3 stored */
	{"members_past_end", members_past_end, "result: cons_objects[0].first_member 1 + support 3 past the 3 members"},
	{"member_annotator", member_annotator, "result: members[2].annotator 4 outside the dataset's 4 annotators"},
	{"tag_category", tag_category, "result: cons_tags[1].category 2 outside the dataset's 2 categories"},
	{"conflict_kind", conflict_kind, "result: conflicts[0].kind 0 is no conflict kind"},
	{"conflict_annotator", conflict_annotator, "result: conflicts[0].annotator 4 outside the dataset's 4 annotators"},
	/* consensus object 0 is on image 0, the conflict now on image 1 */
	{"conflict_target_image", conflict_target_image, "result: conflicts[0].consensus 0 is on image 0, the conflict on image 1"},
	{"conflict_target_range", conflict_target_range, "result: conflicts[0].consensus 1 outside the 1 cons_objects"},
	{"conflict_negative", conflict_negative, "result: conflicts[1].consensus -2 is neither -1 nor an index"},
};

/*
 * Label-map arrays (seg_sample.h: 3 images, 4 annotators, 4 categories):
 * tly_result_check's rules (tests/store/test_result_check.c has them all),
 * which the report relies on to follow them unchecked.
 */
static void map_twice(tly_result *r) { r->cons_maps[1].image = 0; }
static void map_value(tly_result *r) { r->cons_maps[0].map.value[0] = 4; }
static void map_runs(tly_result *r) { r->cons_maps[1].map.len[0] = 1; }
static void counts_ref(tly_result *r) { r->pixel_counts[2].ref = (tly_reference)2; }
static void counts_order(tly_result *r) { r->pixel_counts[1].category = SEG_ROAD; }
static void map_pair_b(tly_result *r) { r->map_pairs[1].b = 4; }
static void pq_iou_sum(tly_result *r) { r->panoptic[0].iou_sum = NAN; }

static const corruption seg_cases[] = {
	{"map_twice", map_twice, "result: cons_maps[1].image 0 is not after cons_maps[0]'s 0 (one per image, in image order)"},
	{"map_value", map_value, "result: cons_maps[0].map run 0 value 4 is no category index"},
	/* s2.png's runs (sky 2)(ignore 2) become 1 + 2 = 3 pixels of 4 */
	{"map_runs", map_runs, "result: cons_maps[1].map runs cover 3 pixels, not 2x2"},
	{"counts_ref", counts_ref, "result: pixel_counts[2].ref 2 is no reference"},
	/* rows 0 and 1 both (ann1, consensus, road) */
	{"counts_order", counts_order, "result: pixel_counts[1] repeats pixel_counts[0]'s (annotator, ref, category)"},
	{"map_pair_b", map_pair_b, "result: map_pairs[1].b 4 outside the dataset's 4 annotators"},
	{"pq_iou_sum", pq_iou_sum, "result: panoptic[0].iou_sum nan is not finite"},
};

static void test_sample_passes(void)
{
	tly_dataset ds;
	tly_result r;

	sample_build(&ds, &r);
	CHECK_OK(tly_report__check(&ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_corruptions(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tly_dataset ds;
		tly_result r;
		int rc;

		sample_build(&ds, &r);
		cases[i].corrupt(&r);
		rc = tly_report__check(&ds, &r);
		if (rc != TLY_EARG || strcmp(tly_error_last(), cases[i].message) != 0)
			fprintf(stderr, "%s: %d %s\n", cases[i].name, rc, tly_error_last());
		CU_ASSERT_EQUAL(rc, TLY_EARG);
		CU_ASSERT_STRING_EQUAL(tly_error_last(), cases[i].message);
		tly_result_clear(&r);
		tly_dataset_clear(&ds);
	}
}

static void test_seg_corruptions(void)
{
	tly_dataset ds;
	tly_result r;
	size_t i;

	seg_build(&ds, &r);
	CHECK_OK(tly_report__check(&ds, &r));
	seg_clear(&ds, &r);
	for (i = 0; i < sizeof(seg_cases) / sizeof(seg_cases[0]); i++) {
		int rc;

		seg_build(&ds, &r);
		seg_cases[i].corrupt(&r);
		rc = tly_report__check(&ds, &r);
		if (rc != TLY_EARG || strcmp(tly_error_last(), seg_cases[i].message) != 0)
			fprintf(stderr, "%s: %d %s\n", seg_cases[i].name, rc, tly_error_last());
		CU_ASSERT_EQUAL(rc, TLY_EARG);
		CU_ASSERT_STRING_EQUAL(tly_error_last(), seg_cases[i].message);
		seg_clear(&ds, &r);
	}
}

static void test_null(void)
{
	tly_dataset ds;

	memset(&ds, 0, sizeof(ds));
	CU_ASSERT_EQUAL(tly_report__check(&ds, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_report__check(NULL, NULL), TLY_EARG);
}

TLY_TESTS("report_check",
	  {"sample_passes", test_sample_passes},
	  {"corruptions", test_corruptions},
	  {"seg_corruptions", test_seg_corruptions},
	  {"null", test_null})
