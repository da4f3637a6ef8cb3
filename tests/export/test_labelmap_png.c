/*
 * The png export of the label-map run of tests/report/seg_sample.h: every
 * PNG decoded with tly_png_read and compared pixel by pixel with the maps
 * drawn in seg_sample.h (values road 0, car 1, sky 7, ignore 255), the
 * classes.json sidecar byte for byte, file stems with one and with mixed
 * extensions, 16-bit output, and the refusals.
 */
#include <cjson/cJSON.h>

#include "folder_util.h"
#include "report/seg_sample.h"
#include "tally/export.h"

/* s1.jpg (4 x 3) and s2 (2 x 2) as written: category values, 255 where ignored. */
static const uint16_t s1_px[] = {0, 0, 7, 7, 0, 1, 1, 255, 0, 1, 255, 255};
static const uint16_t s1_conf[] = {255, 255, 170, 170, 255, 170, 170, 0, 255, 85, 0, 0};
static const uint16_t s2_px[] = {7, 7, 255, 255};
static const uint16_t s2_conf[] = {255, 255, 0, 0};

static void check_png(const char *dir, const char *name, uint32_t w, uint32_t h, unsigned depth,
		      const uint16_t *want)
{
	tly_raster r;
	size_t i;

	folder_png(&r, dir, name);
	CU_ASSERT_EQUAL(r.w, w);
	CU_ASSERT_EQUAL(r.h, h);
	CU_ASSERT_EQUAL(r.channels, 1);
	CU_ASSERT_EQUAL(r.depth, depth);
	CU_ASSERT_FATAL(r.w == w && r.h == h && r.channels == 1);
	for (i = 0; i < (size_t)w * h; i++) {
		if (r.px[i] != want[i])
			fprintf(stderr, "%s: pixel %zu is %u, expected %u\n", name, i, r.px[i], want[i]);
		CU_ASSERT_EQUAL(r.px[i], want[i]);
	}
	tly_raster_clear(&r);
}

static void check_text(const char *dir, const char *name, const char *want)
{
	tly_buf b = TLY_BUF_INIT;

	CHECK_OK(folder_read(&b, dir, name));
	if (strcmp(b.ptr, want) != 0)
		fprintf(stderr, "%s:\n%s\nexpected:\n%s\n", name, b.ptr, want);
	CU_ASSERT_STRING_EQUAL(b.ptr, want);
	tly_buf_clear(&b);
}

/*
 * s1.jpg and s2.png differ in extension: files keep the whole name
 * (s1.jpg.png) and classes.json has no image_ext. person has no value.
 */
static void test_mixed_extensions(void)
{
	char dir[64];
	tly_buf out = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-png");
	tly_buf_printf(&out, "%s/a/b", dir);
	seg_build(&ds, &r);
	CHECK_OK(tly_export_write(out.ptr, TLY_EXPORT_PNG, &ds, &r));
	check_png(out.ptr, "s1.jpg.png", 4, 3, 8, s1_px);
	check_png(out.ptr, "s2.png.png", 2, 2, 8, s2_px);
	check_png(out.ptr, "confidence/s1.jpg.png", 4, 3, 8, s1_conf);
	check_png(out.ptr, "confidence/s2.png.png", 2, 2, 8, s2_conf);
	CU_ASSERT(!folder_has(out.ptr, "t.jpg.png")); /* no consensus map */
	check_text(out.ptr, "classes.json",
		   "{\n  \"classes\": {\"0\": \"road\", \"1\": \"car\", \"7\": \"sky\"},\n"
		   "  \"ignore\": 255\n}\n");
	/* Again over the same folder: replaced, no error. */
	CHECK_OK(tly_export_write(out.ptr, TLY_EXPORT_PNG, &ds, &r));
	seg_clear(&ds, &r);
	folder_remove(dir);
	tly_buf_clear(&out);
}

/* Every map's image a .jpg: stems drop it, and the sidecar says image_ext ".jpg". */
static void test_one_extension(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-png");
	seg_build(&ds, &r);
	tly_free(ds.images[1].name);
	ds.images[1].name = tly_strdup("s2.jpg");
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PNG, &ds, &r));
	check_png(dir, "s1.png", 4, 3, 8, s1_px);
	check_png(dir, "s2.png", 2, 2, 8, s2_px);
	check_png(dir, "confidence/s2.png", 2, 2, 8, s2_conf);
	check_text(dir, "classes.json",
		   "{\n  \"classes\": {\"0\": \"road\", \"1\": \"car\", \"7\": \"sky\"},\n"
		   "  \"ignore\": 255,\n  \"image_ext\": \".jpg\"\n}\n");
	seg_clear(&ds, &r);
	folder_remove(dir);
}

/*
 * The file-level round trip: each pixel's value, named through the
 * written classes.json (or its ignore value), gives back the consensus
 * map's category name (or the ignore) at that pixel.
 */
static void test_values_name_the_classes(void)
{
	static const char *const want[] = {"road", "road", "sky", "sky", "road", "car", "car", NULL,
					   "road", "car", NULL, NULL};
	char dir[64], key[16];
	tly_buf text = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;
	tly_raster px;
	cJSON *doc, *classes;
	size_t i;

	folder_scratch(dir, "export-png");
	seg_build(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PNG, &ds, &r));
	CHECK_OK(folder_read(&text, dir, "classes.json"));
	doc = cJSON_Parse(text.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	classes = cJSON_GetObjectItem(doc, "classes");
	folder_png(&px, dir, "s1.jpg.png");
	for (i = 0; i < 12; i++) {
		snprintf(key, sizeof(key), "%u", px.px[i]);
		if (!want[i]) {
			CU_ASSERT_EQUAL(px.px[i], cJSON_GetNumberValue(cJSON_GetObjectItem(doc, "ignore")));
		} else {
			CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(classes, key)), want[i]);
		}
	}
	tly_raster_clear(&px);
	cJSON_Delete(doc);
	tly_buf_clear(&text);
	seg_clear(&ds, &r);
	folder_remove(dir);
}

/* sky's value 300 does not fit 8 bits: every map is written 16-bit. */
static void test_sixteen_bit(void)
{
	static const uint16_t s1_16[] = {0, 0, 300, 300, 0, 1, 1, 255, 0, 1, 255, 255};
	char dir[64];
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-png");
	seg_build(&ds, &r);
	ds.category_info[SEG_SKY].value = 300;
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PNG, &ds, &r));
	check_png(dir, "s1.jpg.png", 4, 3, 16, s1_16);
	check_png(dir, "confidence/s1.jpg.png", 4, 3, 8, s1_conf);
	check_text(dir, "classes.json",
		   "{\n  \"classes\": {\"0\": \"road\", \"1\": \"car\", \"300\": \"sky\"},\n"
		   "  \"ignore\": 255\n}\n");
	seg_clear(&ds, &r);
	folder_remove(dir);
}

typedef struct {
	const char *name;
	void (*corrupt)(tly_dataset *ds, tly_result *r);
	const char *message;
} refusal;

static void person_in_map(tly_dataset *ds, tly_result *r)
{
	(void)ds;
	r->cons_maps[0].map.value[0] = SEG_PERSON;
}

static void shared_value(tly_dataset *ds, tly_result *r)
{
	(void)r;
	ds->category_info[SEG_CAR].value = 0;
}

static void ignore_value(tly_dataset *ds, tly_result *r)
{
	(void)r;
	ds->category_info[SEG_SKY].value = 255;
}

static void slash_name(tly_dataset *ds, tly_result *r)
{
	(void)r;
	tly_free(ds->images[1].name);
	ds->images[1].name = tly_strdup("a/b.png");
}

static void no_classes(tly_dataset *ds, tly_result *r)
{
	(void)r;
	tly_free(ds->category_info);
	ds->category_info = NULL;
}

static void big_ignore(tly_dataset *ds, tly_result *r)
{
	(void)r;
	ds->map_ignore_value = 70000;
}

static void map_image(tly_dataset *ds, tly_result *r)
{
	(void)ds;
	r->cons_maps[1].image = 7;
}

static void map_value(tly_dataset *ds, tly_result *r)
{
	(void)ds;
	r->cons_maps[1].map.value[0] = 4;
}

static const refusal refusals[] = {
	{"person_in_map", person_in_map,
	 "export: s1.jpg: category person has no pixel value (no label map named it)"},
	/* road (index 0) keeps value 0; car, later, cannot have it too */
	{"shared_value", shared_value, "export: s1.jpg: categories road and car share pixel value 0"},
	{"ignore_value", ignore_value, "export: s1.jpg: category sky has the ignore value 255 as its pixel value"},
	{"slash_name", slash_name, "export: image \"a/b.png\" cannot name a file"},
	{"no_classes", no_classes, "export: the run has consensus label maps but the dataset no label-map classes"},
	{"big_ignore", big_ignore, "export: the ignore value 70000 does not fit a PNG (0 to 65535)"},
	/* A result from elsewhere: tly_result_check before any index is followed. */
	{"map_image", map_image, "result: cons_maps[1].image 7 outside the dataset's 3 images"},
	{"map_value", map_value, "result: cons_maps[1].map run 0 value 4 is no category index"},
};

static void test_refusals(void)
{
	size_t i;

	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		char dir[64];
		tly_dataset ds;
		tly_result r;
		int rc;

		folder_scratch(dir, "export-png");
		seg_build(&ds, &r);
		refusals[i].corrupt(&ds, &r);
		rc = tly_export_write(dir, TLY_EXPORT_PNG, &ds, &r);
		if (rc != TLY_EARG || strcmp(tly_error_last(), refusals[i].message) != 0)
			fprintf(stderr, "%s: %d %s\n", refusals[i].name, rc, tly_error_last());
		CU_ASSERT_EQUAL(rc, TLY_EARG);
		CU_ASSERT_STRING_EQUAL(tly_error_last(), refusals[i].message);
		seg_clear(&ds, &r);
		folder_remove(dir);
	}
}

/* A file where the folder should be: an I/O error naming it. */
static void test_not_a_folder(void)
{
	char dir[64];
	tly_buf path = TLY_BUF_INIT;
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-png");
	tly_buf_printf(&path, "%s/file", dir);
	CHECK_OK(tly_write_file(path.ptr, "x", 1));
	seg_build(&ds, &r);
	CU_ASSERT_EQUAL(tly_export_write(path.ptr, TLY_EXPORT_PNG, &ds, &r), TLY_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), path.ptr));
	seg_clear(&ds, &r);
	folder_remove(dir);
	tly_buf_clear(&path);
}

/* Allocation N fails, N = 1, 2, ...: TLY_ENOMEM each time (nothing leaks) until none fails. */
static void test_out_of_memory(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;
	long n;
	int rc = -1;

	folder_scratch(dir, "export-png");
	seg_build(&ds, &r);
	for (n = 1; n < 2000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_export_write(dir, TLY_EXPORT_PNG, &ds, &r);
		tly_alloc_fail_after(0);
		if (rc != 0)
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 5);
	seg_clear(&ds, &r);
	folder_remove(dir);
}

/*
 * Retired categories (seg_retire: "auto" value 5, "kerb" value 3) are no
 * class of classes.json, though they kept pixel values: the sidecar is
 * test_mixed_extensions' (road 0, car 1, sky 7), the maps unchanged.
 */
static void test_retired(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;

	folder_scratch(dir, "export-png");
	seg_build(&ds, &r);
	seg_retire(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PNG, &ds, &r));
	check_png(dir, "s1.jpg.png", 4, 3, 8, s1_px);
	check_png(dir, "s2.png.png", 2, 2, 8, s2_px);
	check_text(dir, "classes.json",
		   "{\n  \"classes\": {\"0\": \"road\", \"1\": \"car\", \"7\": \"sky\"},\n"
		   "  \"ignore\": 255\n}\n");
	seg_clear(&ds, &r);
	folder_remove(dir);
}

TLY_TESTS("export_labelmap_png",
	  {"mixed_extensions", test_mixed_extensions},
	  {"one_extension", test_one_extension},
	  {"values_name_the_classes", test_values_name_the_classes},
	  {"sixteen_bit", test_sixteen_bit},
	  {"refusals", test_refusals},
	  {"not_a_folder", test_not_a_folder},
	  {"out_of_memory", test_out_of_memory},
	  {"retired", test_retired})
