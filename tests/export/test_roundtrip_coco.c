/*
 * COCO export (src/export/coco.c) and tally's COCO reader: the story of
 * roundtrip.h, attributes included, written and read back (boxes exact,
 * masks pixel for pixel, the crowd car as a crowd region), the
 * "attributes" objects on worked values, and the voted "annotator" the
 * writer leaves out so the reader does not take it for who drew the
 * consensus.
 */
#include <stdlib.h>

#include "roundtrip.h"

/* Every submission read back is the --annotator's: no attribute was taken for an annotator. */
static void check_all_consensus(const rt_read *rd)
{
	size_t i, k;

	for (i = 0; i < rd->n; i++)
		for (k = 0; k < rd->batches[i].n_subs; k++)
			CU_ASSERT_STRING_EQUAL(rd->batches[i].subs[k].annotator, "consensus");
}

/*
 * Masks and crowd regions as COCO has them, attributes but "annotator".
 * COCO lists every image, so only the three objects images are checked
 * object by object (rt_check's image count is the tool formats').
 */
static void test_roundtrip(void)
{
	static const rt_format f = {1, 2, 0, 1, 0, 2};
	char path[96], dir[64];
	tly_dataset ds;
	tly_result r;
	rt_read rd;

	folder_scratch(dir, "export-coco");
	snprintf(path, sizeof(path), "%s/consensus.json", dir);
	rt_build(&ds, &r);
	rt_attributes(&r);
	CHECK_OK(tly_export_write(path, TLY_EXPORT_COCO, &ds, &r));
	rt_ingest(&rd, path);
	rt_check_image(&rd, &ds, &r, 0, &f);
	rt_check_image(&rd, &ds, &r, 1, &f);
	rt_check_image(&rd, &ds, &r, 2, &f);
	check_all_consensus(&rd);
	rt_read_clear(&rd);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

/*
 * The annotations' "attributes", after "annotators", values as JSON
 * strings: the car's color and note (RT_NOTE with \" \t \n escaped, the
 * rest as it is), its annotator "dave" left out; the person's color ""
 * (its tied pose left out); the cat's occluded "true"; the crowd car's
 * color "blue" (COCO writes crowd regions).
 */
static void test_worked_attributes(void)
{
	static const char *const want[] = {
		"\"annotators\":[\"ann1\"],\"attributes\":{\"color\":\"red\",\"note\":\"x \\\"q\\\" & <t>\\tz\\n'y'\"}}",
		"\"annotators\":[\"ann1\"],\"attributes\":{\"color\":\"\"}}",
		"\"annotators\":[\"ann1\"],\"attributes\":{\"occluded\":\"true\"}}",
		"\"annotators\":[\"ann1\"],\"attributes\":{\"color\":\"blue\"}}"};
	tly_dataset ds;
	tly_result r;
	char *out = NULL, *at;
	size_t len = 0, i;

	rt_build(&ds, &r);
	rt_attributes(&r);
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r));
	/* In annotation order. */
	for (i = 0, at = out; i < sizeof(want) / sizeof(want[0]); i++) {
		at = strstr(at, want[i]);
		if (!at) {
			fprintf(stderr, "missing:\n%s\nin:\n%s\n", want[i], out);
			break;
		}
	}
	CU_ASSERT_PTR_NOT_NULL(at);
	CU_ASSERT_PTR_NULL(strstr(out, "dave"));
	CU_ASSERT_PTR_NULL(strstr(out, "pose"));
	free(out);
	rt_clear(&ds, &r);
}

/*
 * An object whose only voted attribute is "annotator" gets no
 * "attributes" at all, and reads back as the --annotator's (with it
 * written, the reader would have credited "dave": SPEC §2).
 */
static void test_annotator_left_out(void)
{
	char path[96], dir[64];
	tly_dataset ds;
	tly_result r;
	rt_read rd;
	char *out = NULL;
	size_t len = 0;

	rt_build(&ds, &r);
	rt_attributes(&r);
	r.n_cons_attrs = 1;
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r));
	CU_ASSERT_PTR_NULL(strstr(out, "\"attributes\""));
	free(out);
	folder_scratch(dir, "export-coco");
	snprintf(path, sizeof(path), "%s/consensus.json", dir);
	CHECK_OK(tly_export_write(path, TLY_EXPORT_COCO, &ds, &r));
	rt_ingest(&rd, path);
	check_all_consensus(&rd);
	rt_read_clear(&rd);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

/* A name the reader refuses (empty) is not written; a tie alone writes nothing. */
static void test_attribute_refusals(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	rt_build(&ds, &r);
	rt_attributes(&r);
	tly_free(r.attr_strings[2]);
	r.attr_strings[2] = tly_strdup("");
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: coco: a.jpg: consensus object 0: an attribute name "
			       "must be 1 to 4096 bytes");
	CU_ASSERT_PTR_NULL(out);
	/* Only the person's tied pose left (cons_attrs[4]): no "attributes" anywhere. */
	r.cons_attrs[0] = r.cons_attrs[4];
	r.n_cons_attrs = 1;
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r));
	CU_ASSERT_PTR_NULL(strstr(out, "\"attributes\""));
	free(out);
	rt_clear(&ds, &r);
}

static void test_out_of_memory(void)
{
	char path[96], dir[64];

	folder_scratch(dir, "export-coco");
	snprintf(path, sizeof(path), "%s/out", dir);
	rt_out_of_memory(TLY_EXPORT_COCO, path);
	folder_remove(dir);
}

/*
 * A retired category (rt_retire: "auto", index 1) leaves the categories:
 * ids stay index + 1, with a gap (COCO's own ids have gaps), so car 1,
 * cat 3, sky 4, person 5, and a.jpg's person annotation says
 * "category_id":5. Read back, every object has its label.
 */
static void test_retired(void)
{
	static const char *const cats =
		"\"categories\": [\n    {\"id\":1,\"name\":\"car\",\"supercategory\":\"\"},\n"
		"    {\"id\":3,\"name\":\"cat\",\"supercategory\":\"\"},\n"
		"    {\"id\":4,\"name\":\"sky\",\"supercategory\":\"\"},\n"
		"    {\"id\":5,\"name\":\"person\",\"supercategory\":\"\"}\n  ]";
	static const rt_format f = {1, 2, 0, 1, 0, 2};
	char path[96], dir[64];
	tly_dataset ds;
	tly_result r;
	rt_read rd;
	char *out = NULL;
	size_t len = 0;

	rt_build(&ds, &r);
	rt_retire(&ds, &r);
	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_COCO, &ds, &r));
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	if (!strstr(out, cats))
		fprintf(stderr, "%s\n", out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, cats));
	CU_ASSERT_PTR_NULL(strstr(out, "auto"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "{\"id\":2,\"image_id\":1,\"category_id\":5,"));
	free(out);
	folder_scratch(dir, "export-coco");
	snprintf(path, sizeof(path), "%s/consensus.json", dir);
	CHECK_OK(tly_export_write(path, TLY_EXPORT_COCO, &ds, &r));
	rt_ingest(&rd, path);
	rt_check_image(&rd, &ds, &r, 0, &f);
	rt_check_image(&rd, &ds, &r, 1, &f);
	rt_check_image(&rd, &ds, &r, 2, &f);
	rt_read_clear(&rd);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

TLY_TESTS("export_roundtrip_coco", {"roundtrip", test_roundtrip}, {"worked_attributes", test_worked_attributes},
	  {"annotator_left_out", test_annotator_left_out}, {"attribute_refusals", test_attribute_refusals},
	  {"out_of_memory", test_out_of_memory},
	  {"retired", test_retired})
