/*
 * The result-vs-dataset check run before any rendering: the sample run
 * passes; each corruption below is refused with TLY_EARG and a message
 * naming the bad entry, and nothing is read out of bounds (ASan run).
 */
#include "sample.h"
#include "report/check.h"

typedef struct {
	const char *name;
	void (*corrupt)(tly_result *r);
	const char *message;
} corruption;

static void fewer_images(tly_result *r) { r->n_images = 1; }
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
	{"fewer_images", fewer_images, "report: result has 1 image entries, dataset 2 images"},
	{"image_index", image_index, "report: images[1] names image 2"},
	{"class_index", class_index, "report: classes[0] names category 9"},
	{"pair_index", pair_index, "report: pairs[2] names annotators 1, 4"},
	/* 1 + 3 members > 3 stored */
	{"members_past_end", members_past_end, "report: consensus object 0 has members 1..+3 of 3"},
	{"member_annotator", member_annotator, "report: member 2 names annotator 4, category 0"},
	{"tag_category", tag_category, "report: consensus label 1 names image 1, category 2"},
	{"conflict_kind", conflict_kind, "report: conflict 0 has kind 0"},
	{"conflict_annotator", conflict_annotator, "report: conflict 0 names annotator 4"},
	/* consensus object 0 is on image 0, the conflict now on image 1 */
	{"conflict_target_image", conflict_target_image, "report: conflict 0 names consensus object 0"},
	{"conflict_target_range", conflict_target_range, "report: conflict 0 names consensus object 1"},
	{"conflict_negative", conflict_negative, "report: conflict 1 names consensus -2"},
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
	  {"null", test_null})
