/*
 * The COCO panoptic export of the label-map run of tests/report/seg_sample.h,
 * worked by hand from tly_panoptic_assemble's rules (tally/panoptic.h):
 * s1.jpg's car object takes its 3 mask pixels, all voted car, so it is
 * segment 1 (things first); stuff by category index: road 2, sky 3:
 *     2 2 3 3
 *     2 1 1 0
 *     2 1 0 0
 * car area 3 bbox [1,1,2,2]; road area 4 bbox [0,0,2,3]; sky area 2 bbox
 * [2,0,2,1]. s2: sky alone is segment 1, area 2, bbox [0,0,2,1], then void.
 * PNG: id = R + 256 G + 65536 B. And a map of 257 classes, where segment
 * 257 needs the green byte.
 */
#include <cjson/cJSON.h>

#include "folder_util.h"
#include "report/seg_sample.h"
#include "tally/export.h"

static void check_ids(const char *dir, const char *name, uint32_t w, uint32_t h, const uint32_t *want)
{
	tly_raster r;
	size_t i;

	folder_png(&r, dir, name);
	CU_ASSERT_FATAL(r.w == w && r.h == h && r.channels == 3 && r.depth == 8);
	for (i = 0; i < (size_t)w * h; i++) {
		uint32_t id = r.px[3 * i] + 256u * r.px[3 * i + 1] + 65536u * r.px[3 * i + 2];

		if (id != want[i])
			fprintf(stderr, "%s: pixel %zu has id %u, expected %u\n", name, i, id, want[i]);
		CU_ASSERT_EQUAL(id, want[i]);
	}
	tly_raster_clear(&r);
}

static cJSON *read_json(const char *dir)
{
	tly_buf b = TLY_BUF_INIT;
	cJSON *doc;

	CHECK_OK(folder_read(&b, dir, "panoptic.json"));
	doc = cJSON_Parse(b.ptr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	tly_buf_clear(&b);
	return doc;
}

static double num(const cJSON *o, const char *key)
{
	return cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
}

static void check_segment(const cJSON *s, double id, double category, double area, double x, double y,
			  double w, double h)
{
	const cJSON *bbox = cJSON_GetObjectItem(s, "bbox");

	CU_ASSERT_EQUAL(num(s, "id"), id);
	CU_ASSERT_EQUAL(num(s, "category_id"), category);
	CU_ASSERT_EQUAL(num(s, "iscrowd"), 0);
	CU_ASSERT_EQUAL(num(s, "area"), area);
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(bbox), 4);
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(bbox, 0)->valuedouble, x);
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(bbox, 1)->valuedouble, y);
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(bbox, 2)->valuedouble, w);
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(bbox, 3)->valuedouble, h);
}

static void test_sample(void)
{
	static const uint32_t s1[] = {2, 2, 3, 3, 2, 1, 1, 0, 2, 1, 0, 0};
	static const uint32_t s2[] = {1, 1, 0, 0};
	char dir[64];
	tly_dataset ds;
	tly_result r;
	cJSON *doc, *imgs, *anns, *cats, *segs, *a;

	folder_scratch(dir, "export-panoptic");
	seg_build(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PANOPTIC, &ds, &r));
	check_ids(dir, "panoptic/s1.jpg.png", 4, 3, s1);
	check_ids(dir, "panoptic/s2.png.png", 2, 2, s2);
	doc = read_json(dir);
	/* Images with a consensus map, ids as the COCO export's (dataset order, 1-based). */
	imgs = cJSON_GetObjectItem(doc, "images");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(imgs), 2);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(imgs, 0), "id"), 1);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(imgs, 0),
									  "file_name")), "s1.jpg");
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(imgs, 0), "width"), 4);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(imgs, 0), "height"), 3);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(imgs, 1), "id"), 2);
	anns = cJSON_GetObjectItem(doc, "annotations");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(anns), 2);
	a = cJSON_GetArrayItem(anns, 0);
	CU_ASSERT_EQUAL(num(a, "image_id"), 1);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(a, "file_name")), "s1.jpg.png");
	segs = cJSON_GetObjectItem(a, "segments_info");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(segs), 3);
	/* category ids are the pixel values: road 0, car 1, sky 7 */
	check_segment(cJSON_GetArrayItem(segs, 0), 1, 1, 3, 1, 1, 2, 2);
	check_segment(cJSON_GetArrayItem(segs, 1), 2, 0, 4, 0, 0, 2, 3);
	check_segment(cJSON_GetArrayItem(segs, 2), 3, 7, 2, 2, 0, 2, 1);
	segs = cJSON_GetObjectItem(cJSON_GetArrayItem(anns, 1), "segments_info");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(segs), 1);
	check_segment(cJSON_GetArrayItem(segs, 0), 1, 7, 2, 0, 0, 2, 1);
	/* Categories with a value, by value; person has none. */
	cats = cJSON_GetObjectItem(doc, "categories");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(cats), 3);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cats, 0), "id"), 0);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cats, 0), "isthing"), 0);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cats, 1),
									  "name")), "car");
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cats, 1), "isthing"), 1);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cats, 2), "id"), 7);
	CU_ASSERT_PTR_NOT_NULL(cJSON_GetObjectItem(doc, "info"));
	cJSON_Delete(doc);
	seg_clear(&ds, &r);
	folder_remove(dir);
}

/*
 * 257 stuff classes c0..c256 (values 0..256) on a 257 x 1 map, pixel i of
 * class i: stuff segments by category index, so pixel i has id i + 1, and
 * the last, 257, is R 1, G 1. The png export of it is 16-bit (256 > 255),
 * once the ignore value is not 255, c255's value.
 */
static void test_many_segments(void)
{
	char dir[64], name[16];
	uint32_t px[257], ids[257], conf[257];
	uint16_t values[257];
	tly_dataset ds;
	tly_result r;
	size_t i;

	folder_scratch(dir, "export-panoptic");
	seg_build(&ds, &r);
	for (i = 0; i < ds.n_categories; i++)
		tly_free(ds.categories[i].name);
	tly_free(ds.categories);
	tly_free(ds.category_info);
	ds.categories = tly_calloc(257, sizeof(tly_named));
	ds.category_info = tly_calloc(257, sizeof(tly_category_info));
	CU_ASSERT_FATAL(ds.categories && ds.category_info);
	ds.n_categories = 257;
	for (i = 0; i < 257; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		ds.categories[i].name = tly_strdup(name);
		ds.category_info[i] = (tly_category_info){(int64_t)i, 0};
		px[i] = (uint32_t)i;
		conf[i] = 255;
		ids[i] = (uint32_t)i + 1;
		values[i] = (uint16_t)i;
	}
	/* Only s1.jpg keeps a map; no consensus object is a thing any more (c1 is stuff). */
	tly_labelmap_clear(&r.cons_maps[0].map);
	tly_labelmap_clear(&r.cons_maps[0].confidence);
	seg_map(&r.cons_maps[0].map, px, 257, 1);
	seg_map(&r.cons_maps[0].confidence, conf, 257, 1);
	ds.images[0].width = 257;
	ds.images[0].height = 1;
	r.cons_maps[0].tied_pixels = 0;
	tly_labelmap_clear(&r.cons_maps[1].map);
	tly_labelmap_clear(&r.cons_maps[1].confidence);
	r.n_cons_maps = 1;
	tly_rle_clear(&r.cons_masks[0]);
	tly_free(r.cons_masks);
	r.cons_masks = NULL;
	r.n_cons_objects = 0;
	r.n_members = 0;
	r.n_pixel_counts = r.n_panoptic = 0;
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PANOPTIC, &ds, &r));
	check_ids(dir, "panoptic/s1.png", 257, 1, ids);
	{
		tly_raster png;

		folder_png(&png, dir, "panoptic/s1.png");
		CU_ASSERT(png.px[3 * 256] == 1 && png.px[3 * 256 + 1] == 1 && png.px[3 * 256 + 2] == 0);
		tly_raster_clear(&png);
	}
	/* Class c255 has the default ignore value 255: the PNG needs another one (refused otherwise). */
	CU_ASSERT_EQUAL(tly_export_write(dir, TLY_EXPORT_PNG, &ds, &r), TLY_EARG);
	ds.map_ignore_value = 65535;
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PNG, &ds, &r));
	{
		tly_raster png;

		folder_png(&png, dir, "s1.png");
		CU_ASSERT_EQUAL(png.depth, 16);
		CU_ASSERT_EQUAL_FATAL(png.w, 257);
		CU_ASSERT(memcmp(png.px, values, sizeof(values)) == 0);
		tly_raster_clear(&png);
	}
	r.n_cons_maps = 2;
	seg_clear(&ds, &r);
	folder_remove(dir);
}

/* No consensus map: an empty but valid COCO panoptic file. */
static void test_no_maps(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;
	cJSON *doc;

	folder_scratch(dir, "export-panoptic");
	seg_build(&ds, &r);
	tly_labelmap_clear(&r.cons_maps[0].map);
	tly_labelmap_clear(&r.cons_maps[0].confidence);
	tly_labelmap_clear(&r.cons_maps[1].map);
	tly_labelmap_clear(&r.cons_maps[1].confidence);
	r.n_cons_maps = 0;
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PANOPTIC, &ds, &r));
	doc = read_json(dir);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "images")), 0);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "annotations")), 0);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "categories")), 3);
	cJSON_Delete(doc);
	r.n_cons_maps = 2;
	seg_clear(&ds, &r);
	folder_remove(dir);
}

static void test_out_of_memory(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;
	long n;
	int rc = -1;

	folder_scratch(dir, "export-panoptic");
	seg_build(&ds, &r);
	for (n = 1; n < 2000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_export_write(dir, TLY_EXPORT_PANOPTIC, &ds, &r);
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
 * Retired categories (seg_retire: "auto" value 5, a thing; "kerb" value
 * 3) are no panoptic category: the categories are test_sample's three,
 * ids 0 road, 1 car, 7 sky, in value order.
 */
static void test_retired(void)
{
	char dir[64];
	tly_dataset ds;
	tly_result r;
	cJSON *doc, *cats;

	folder_scratch(dir, "export-panoptic");
	seg_build(&ds, &r);
	seg_retire(&ds, &r);
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PANOPTIC, &ds, &r));
	doc = read_json(dir);
	cats = cJSON_GetObjectItem(doc, "categories");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(cats), 3);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cats, 0), "id"), 0);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cats, 0),
									  "name")), "road");
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cats, 1), "id"), 1);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cats, 1),
									  "name")), "car");
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(cats, 2), "id"), 7);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cats, 2),
									  "name")), "sky");
	cJSON_Delete(doc);
	seg_clear(&ds, &r);
	folder_remove(dir);
}

TLY_TESTS("export_panoptic",
	  {"sample", test_sample},
	  {"many_segments", test_many_segments},
	  {"no_maps", test_no_maps},
	  {"out_of_memory", test_out_of_memory},
	  {"retired", test_retired})
