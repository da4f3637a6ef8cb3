/*
 * LabelMe export (src/export/labelme.c): the story of roundtrip.h written
 * and read back by tally's LabelMe reader, the files' exact text on
 * worked values, the mask crop (labelme's inclusive corners, a 0/1 PNG),
 * file stems, and refusals.
 */
#include "roundtrip.h"
#include "tally/raster.h"
#include "util/base64.h"

/* Boxes exact (the corners are dyadic: x + w - x gives w back), masks pixel for pixel, no labels, no crowd,
 * no attributes (LabelMe shapes carry no attribute the reader takes). */
static void test_roundtrip(void)
{
	static const rt_format f = {1, 0, 0, 1, 0, 0};
	char dir[64];

	folder_scratch(dir, "export-labelme");
	rt_roundtrip(TLY_EXPORT_LABELME, dir, &f);
	folder_remove(dir);
}

/*
 * a.jpg's two boxes as rectangles [[x, y], [x + w, y + h]]: car [40, 15,
 * 20, 20] -> [[40, 15], [60, 35]]; person [10.5, 20.25, 30, 12.5] ->
 * [[10.5, 20.25], [40.5, 32.75]]. c.jpg: no shape. The story gives every
 * object confidence 0.5 and support 1.
 */
static void test_worked_text(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-labelme");
	rt_build(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_LABELME, &ds, &r));
	rt_check_text(dir, "a.json",
		      "{\n  \"version\": \"5.0.0\",\n  \"flags\": {},\n  \"shapes\": [\n"
		      "    {\"label\": \"car\", \"points\": [[40, 15], [60, 35]], \"group_id\": null, "
		      "\"shape_type\": \"rectangle\", \"flags\": {}, \"tally\": {\"confidence\": 0.5, \"support\": 1}},\n"
		      "    {\"label\": \"person\", \"points\": [[10.5, 20.25], [40.5, 32.75]], \"group_id\": null, "
		      "\"shape_type\": \"rectangle\", \"flags\": {}, \"tally\": {\"confidence\": 0.5, \"support\": 1}}\n"
		      "  ],\n  \"imagePath\": \"a.jpg\",\n  \"imageData\": null,\n  \"imageHeight\": 50,\n"
		      "  \"imageWidth\": 100\n}\n");
	rt_check_text(dir, "c.json",
		      "{\n  \"version\": \"5.0.0\",\n  \"flags\": {},\n  \"shapes\": [],\n"
		      "  \"imagePath\": \"c.jpg\",\n  \"imageData\": null,\n  \"imageHeight\": 20,\n"
		      "  \"imageWidth\": 20\n}\n");
	/* d.jpg has only labels, g.jpg no voters: no file. */
	CU_ASSERT(!folder_has(dir, "d.json"));
	CU_ASSERT(!folder_has(dir, "g.json"));
	rt_clear(&ds, &r);
	folder_remove(dir);
}

/*
 * b.png's cat: bounding box x 1..10, y 1..4, so points [[1, 1], [10, 4]]
 * (inclusive: labelme fills mask[y1:y2+1, x1:x2+1]) and a 10 x 4 PNG whose
 * pixel (x, y) is rt_mask_rows[y + 1][x + 1]; the crowd car is not written.
 */
static void test_mask_crop(void)
{
	char dir[64];
	tly_buf text = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;
	tly_raster png;
	cJSON *doc, *shapes, *shape, *pts;
	uint8_t *bytes = NULL;
	size_t n = 0;
	uint32_t x, y;
	const char *b64;

	folder_scratch(dir, "export-labelme");
	rt_build(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_LABELME, &ds, &r));
	CHECK_OK(folder_read(&text, dir, "b.json"));
	doc = cJSON_Parse(text.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	shapes = cJSON_GetObjectItem(doc, "shapes");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(shapes), 1);
	shape = cJSON_GetArrayItem(shapes, 0);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(shape, "shape_type")), "mask");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(shape, "label")), "cat");
	pts = cJSON_GetObjectItem(shape, "points");
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetArrayItem(pts, 0), 0)), 1);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetArrayItem(pts, 0), 1)), 1);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetArrayItem(pts, 1), 0)), 10);
	CU_ASSERT_EQUAL(cJSON_GetNumberValue(cJSON_GetArrayItem(cJSON_GetArrayItem(pts, 1), 1)), 4);
	b64 = cJSON_GetStringValue(cJSON_GetObjectItem(shape, "mask"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(b64);
	CHECK_OK(tly_base64_decode(&bytes, &n, b64, strlen(b64), "mask"));
	tly_raster_init(&png);
	CHECK_OK(tly_png_read(&png, bytes, n, "mask"));
	CU_ASSERT_EQUAL(png.w, 10);
	CU_ASSERT_EQUAL(png.h, 4);
	CU_ASSERT_EQUAL(png.channels, 1);
	CU_ASSERT_EQUAL(png.depth, 8);
	CU_ASSERT_FATAL(png.w == 10 && png.h == 4);
	for (y = 0; y < 4; y++)
		for (x = 0; x < 10; x++)
			CU_ASSERT_EQUAL(png.px[y * 10 + x], rt_mask_rows[y + 1][x + 1] == '#' ? 1 : 0);
	tly_raster_clear(&png);
	tly_free(bytes);
	cJSON_Delete(doc);
	tly_buf_clear(&text);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

static void rename_image(tly_dataset *ds, size_t i, const char *name)
{
	tly_free(ds->images[i].name);
	ds->images[i].name = tly_strdup(name);
}

/* Two images with one stem (x.jpg, x.png): every file takes the whole name. */
static void test_stems_clash(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-labelme");
	rt_build(&ds, &r);
	rename_image(&ds, 0, "x.jpg");
	rename_image(&ds, 1, "x.png");
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_LABELME, &ds, &r));
	CU_ASSERT(folder_has(dir, "x.jpg.json"));
	CU_ASSERT(folder_has(dir, "x.png.json"));
	CU_ASSERT(folder_has(dir, "c.jpg.json"));
	CU_ASSERT(!folder_has(dir, "x.json"));
	rt_clear(&ds, &r);
	folder_remove(dir);
}

/* classes.jpg would be classes.json, the side file folder reads skip: whole names again. */
static void test_stem_reserved(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;
	rt_read rd;

	folder_scratch(dir, "export-labelme");
	rt_build(&ds, &r);
	rename_image(&ds, 2, "classes.jpg");
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_LABELME, &ds, &r));
	CU_ASSERT(folder_has(dir, "classes.jpg.json"));
	CU_ASSERT(folder_has(dir, "a.jpg.json"));
	CU_ASSERT(!folder_has(dir, "classes.json"));
	rt_ingest(&rd, dir);
	CU_ASSERT_EQUAL(rd.n, 3);
	rt_read_clear(&rd);
	rt_clear(&ds, &r);
	folder_remove(dir);
}

static void test_refusals(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-labelme");
	rt_build(&ds, &r);
	rename_image(&ds, 2, ".c.jpg");
	CU_ASSERT_EQUAL(tly_export_write(dir, TLY_EXPORT_LABELME, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: labelme: image \".c.jpg\": a file name starting "
			       "with '.' is skipped when the folder is read back");
	rename_image(&ds, 2, "c\\d.jpg");
	CU_ASSERT_EQUAL(tly_export_write(dir, TLY_EXPORT_LABELME, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: labelme: image \"c\\d.jpg\" cannot name a file");
	rename_image(&ds, 2, "c.jpg");
	/* A consensus box of no width cannot come back: the reader refuses empty rectangles. */
	r.cons_objects[0].geom.box.w = 0;
	CU_ASSERT_EQUAL(tly_export_write(dir, TLY_EXPORT_LABELME, &ds, &r), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "export: labelme: a.jpg: consensus object 0 has an empty "
			       "box (0 x 20), which labelme readers refuse");
	rt_clear(&ds, &r);
	folder_remove(dir);
}

static void test_out_of_memory(void)
{
	char dir[64];

	folder_scratch(dir, "export-labelme");
	rt_out_of_memory(TLY_EXPORT_LABELME, dir);
	folder_remove(dir);
}

/* Its round trip with a retired category (rt_retire): labels are names, so nothing else changes. */
static void test_retired(void)
{
	static const rt_format f = {1, 0, 0, 1, 0, 0};
	char dir[64];

	folder_scratch(dir, "export-labelme");
	rt_roundtrip_retired(TLY_EXPORT_LABELME, dir, &f);
	folder_remove(dir);
}

TLY_TESTS("export_roundtrip_labelme", {"roundtrip", test_roundtrip}, {"worked_text", test_worked_text},
	  {"mask_crop", test_mask_crop}, {"stems_clash", test_stems_clash},
	  {"stem_reserved", test_stem_reserved}, {"refusals", test_refusals}, {"out_of_memory", test_out_of_memory},
	  {"retired", test_retired})
