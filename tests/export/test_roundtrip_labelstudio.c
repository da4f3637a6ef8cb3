/*
 * Label Studio export (src/export/labelstudio.c): the story of
 * roundtrip.h written and read back by tally's Label Studio reader,
 * percentages on worked values, clipping to the image, image names in
 * data.image, and refusals.
 */
#include <stdlib.h>

#include "roundtrip.h"

/* Percentages: boxes within 1e-12; masks pixel for pixel (brush RLE); labels as choices; attributes
 * as per-region textarea results. */
static void test_roundtrip(void)
{
	static const rt_format f = {1, 0, 1, 0, 1e-12, 1};
	char path[96], dir[64];

	folder_scratch(dir, "export-ls");
	snprintf(path, sizeof(path), "%s/tasks.json", dir);
	rt_roundtrip(TLY_EXPORT_LABELSTUDIO, path, &f);
	folder_remove(dir);
}

static cJSON *render(const tly_dataset *ds, const tly_result *r)
{
	char *out = NULL;
	size_t len = 0;
	cJSON *doc;

	CHECK_OK(tly_export_render(&out, &len, TLY_EXPORT_LABELSTUDIO, ds, r));
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	free(out);
	return doc;
}

static double value(const cJSON *result, const char *key)
{
	return cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(result, "value"), key));
}

static const cJSON *results_of(const cJSON *doc, int task)
{
	const cJSON *t = cJSON_GetArrayItem(doc, task);

	return cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(t, "annotations"), 0), "result");
}

/*
 * Percent of the image: on a.jpg (100 x 50) car [40, 15, 20, 20] -> x =
 * 100 * 40 / 100 = 40, y = 100 * 15 / 50 = 30, width 20, height 100 * 20 /
 * 50 = 40; person [10.5, 20.25, 30, 12.5] -> 10.5, 40.5, 30, 25. Tasks are
 * a.jpg, b.png, c.jpg, d.jpg (ids 1-4 = dataset place + 1); a.jpg's label
 * sky is a choices result after its regions.
 */
static void test_worked_percentages(void)
{
	tly_dataset ds;
	tly_result r;
	cJSON *doc;
	const cJSON *res, *ann, *car, *person, *choice;

	rt_build(&ds, &r);
	doc = render(&ds, &r);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(doc), 4);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(
		cJSON_GetObjectItem(cJSON_GetArrayItem(doc, 3), "data"), "image")), "d.jpg");
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(doc, 3), "id")), 4);
	ann = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(doc, 0), "annotations"), 0);
	CU_ASSERT(cJSON_IsFalse(cJSON_GetObjectItem(ann, "ground_truth")));
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(ann, "completed_by"));
	res = results_of(doc, 0);
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(res), 3);
	car = cJSON_GetArrayItem(res, 0);
	person = cJSON_GetArrayItem(res, 1);
	choice = cJSON_GetArrayItem(res, 2);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(car, "type")), "rectanglelabels");
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(car, "original_width")), 100);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetObjectItem(car, "original_height")), 50);
	CU_ASSERT_EQUAL(value(car, "x"), 40);
	CU_ASSERT_EQUAL(value(car, "y"), 30);
	CU_ASSERT_EQUAL(value(car, "width"), 20);
	CU_ASSERT_EQUAL(value(car, "height"), 40);
	CU_ASSERT_EQUAL(value(person, "x"), 10.5);
	CU_ASSERT_EQUAL(value(person, "y"), 40.5);
	CU_ASSERT_EQUAL(value(person, "width"), 30);
	CU_ASSERT_EQUAL(value(person, "height"), 25);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(
		cJSON_GetObjectItem(person, "value"), "rectanglelabels"), 0)), "person");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(choice, "type")), "choices");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(
		cJSON_GetObjectItem(choice, "value"), "choices"), 0)), "sky");
	/* b.png: the cat as a brush of the 12 x 10 image; the crowd car left out. */
	res = results_of(doc, 1);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(res), 1);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(res, 0), "type")),
			       "brushlabels");
	/* c.jpg: an empty result; d.jpg: choices cat and sky. */
	CU_ASSERT_EQUAL(cJSON_GetArraySize(results_of(doc, 2)), 0);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(
		cJSON_GetArrayItem(results_of(doc, 3), 0), "value"), "choices")), 2);
	cJSON_Delete(doc);
	rt_clear(&ds, &r);
}

/*
 * Label Studio keeps regions inside the image: car moved to [90, 40, 20,
 * 20] on 100 x 50 is clipped to [90, 40, 10, 10]: x 90, y 80, width 10,
 * height 20. One wholly outside, [100, 0, 5, 5], is refused.
 */
static void test_clipped(void)
{
	tly_dataset ds;
	tly_result r;
	cJSON *doc;
	const cJSON *car;
	char *out = NULL;
	size_t len = 0;

	rt_build(&ds, &r);
	r.cons_objects[0].geom.box = (tly_box){90, 40, 20, 20};
	doc = render(&ds, &r);
	car = cJSON_GetArrayItem(results_of(doc, 0), 0);
	CU_ASSERT_EQUAL(value(car, "x"), 90);
	CU_ASSERT_EQUAL(value(car, "y"), 80);
	CU_ASSERT_EQUAL(value(car, "width"), 10);
	CU_ASSERT_EQUAL(value(car, "height"), 20);
	cJSON_Delete(doc);
	r.cons_objects[0].geom.box = (tly_box){100, 0, 5, 5};
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_LABELSTUDIO, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: labelstudio: a.jpg: consensus object 0 lies outside "
			       "the 100x50 image");
	rt_clear(&ds, &r);
}

/* A name a URL would split ("a b%?#.jpg") is percent-encoded and reads back whole. */
static void test_image_url(void)
{
	static const char *const name = "a b%?#.jpg";
	char path[96], dir[64];
	tly_dataset ds;
	tly_result r;
	cJSON *doc;
	rt_read rd;
	const tly_batch *b = NULL;
	size_t img = 0;

	rt_build(&ds, &r);
	tly_free(ds.images[0].name);
	ds.images[0].name = tly_strdup(name);
	doc = render(&ds, &r);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(
		cJSON_GetObjectItem(cJSON_GetArrayItem(doc, 0), "data"), "image")), "a%20b%25%3F%23.jpg");
	cJSON_Delete(doc);
	folder_scratch(dir, "export-ls");
	snprintf(path, sizeof(path), "%s/tasks.json", dir);
	CHECK_OK(tly_export_write(path, TLY_EXPORT_LABELSTUDIO, &ds, &r));
	rt_ingest(&rd, path);
	CU_ASSERT(rt_find(&rd, name, TLY_TASK_OBJECTS, &b, &img));
	rt_read_clear(&rd);
	folder_remove(dir);
	rt_clear(&ds, &r);
}

/* Regions need the image's size; labels do not (d.jpg has none). Names must be file names. */
static void test_unknown_size(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	rt_build(&ds, &r);
	ds.images[0].width = ds.images[0].height = 0;
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_LABELSTUDIO, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: labelstudio: image \"a.jpg\" has no known size, and "
			       "Label Studio regions are percentages of it (ingest it with its size, or export "
			       "another format)");
	CU_ASSERT_PTR_NULL(out);
	/* The reader keeps data.image's basename: a name with a backslash would come back cut. */
	ds.images[0].width = 100;
	ds.images[0].height = 50;
	tly_free(ds.images[3].name);
	ds.images[3].name = tly_strdup("x\\d.jpg");
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_LABELSTUDIO, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: labelstudio: image \"x\\d.jpg\" cannot name a file");
	rt_clear(&ds, &r);
}

/* Result N of RES: its id, type, from_name and its one text. */
static void check_textarea(const cJSON *res, int n, const char *id, const char *name, const char *text)
{
	const cJSON *t = cJSON_GetArrayItem(res, n), *texts;

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "id")), id);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "type")), "textarea");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "from_name")), name);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(t, "to_name")), "image");
	texts = cJSON_GetObjectItem(cJSON_GetObjectItem(t, "value"), "text");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(texts), 1);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetArrayItem(texts, 0)), text);
}

/*
 * The story's attributes (roundtrip.h): each region is followed by one
 * textarea result per attribute with a value, carrying the region's id.
 * a.jpg: o1 car, its annotator dave, color red, note RT_NOTE; o2 person,
 * its color "" (pose tied: left out); then the label choices: 7 results.
 * b.png: o3 cat and its occluded true (the crowd car, o4, is not
 * written, nor its color): 2 results.
 */
static void test_worked_attributes(void)
{
	tly_dataset ds;
	tly_result r;
	cJSON *doc;
	const cJSON *res;

	rt_build(&ds, &r);
	rt_attributes(&r);
	doc = render(&ds, &r);
	res = results_of(doc, 0);
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(res), 7);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(res, 0), "id")), "o1");
	check_textarea(res, 1, "o1", "annotator", "dave");
	check_textarea(res, 2, "o1", "color", "red");
	check_textarea(res, 3, "o1", "note", RT_NOTE);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(res, 4), "id")), "o2");
	check_textarea(res, 5, "o2", "color", "");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(res, 6), "type")),
			       "choices");
	res = results_of(doc, 1);
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(res), 2);
	check_textarea(res, 1, "o3", "occluded", "true");
	cJSON_Delete(doc);
	rt_clear(&ds, &r);
}

/* An attribute name the reader refuses (empty) is not written. */
static void test_attribute_refusals(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len = 0;

	rt_build(&ds, &r);
	rt_attributes(&r);
	tly_free(r.attr_strings[3]);
	r.attr_strings[3] = tly_strdup("");
	CU_ASSERT_EQUAL(tly_export_render(&out, &len, TLY_EXPORT_LABELSTUDIO, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: labelstudio: b.png: consensus object 2: an attribute "
			       "name must be 1 to 4096 bytes");
	CU_ASSERT_PTR_NULL(out);
	rt_clear(&ds, &r);
}

static void test_out_of_memory(void)
{
	char path[96], dir[64];

	folder_scratch(dir, "export-ls");
	snprintf(path, sizeof(path), "%s/out", dir);
	rt_out_of_memory(TLY_EXPORT_LABELSTUDIO, path);
	folder_remove(dir);
}

/* Its round trip with a retired category (rt_retire): labels are names, so nothing else changes. */
static void test_retired(void)
{
	static const rt_format f = {1, 0, 1, 0, 1e-12, 1};
	char path[96], dir[64];

	folder_scratch(dir, "export-ls");
	snprintf(path, sizeof(path), "%s/tasks.json", dir);
	rt_roundtrip_retired(TLY_EXPORT_LABELSTUDIO, path, &f);
	folder_remove(dir);
}

TLY_TESTS("export_roundtrip_labelstudio", {"roundtrip", test_roundtrip},
	  {"worked_attributes", test_worked_attributes}, {"attribute_refusals", test_attribute_refusals},
	  {"worked_percentages", test_worked_percentages}, {"clipped", test_clipped},
	  {"image_url", test_image_url}, {"unknown_size", test_unknown_size}, {"out_of_memory", test_out_of_memory},
	  {"retired", test_retired})
