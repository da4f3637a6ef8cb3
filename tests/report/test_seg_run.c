/*
 * Label maps from a computed run (tly_run_compute) through the report and
 * the png export: what the run fills is what the report prints and the
 * export writes. One 2 x 2 image, categories bg (pixel value 0) and car
 * (1), three voters (row-major, top row first):
 *     A = bg car / bg car    B = bg car / bg bg    C = bg car / car car
 * Per pixel: p0 bg 3-0, p1 car 3-0, p2 bg 2-1, p3 car 2-1: the consensus
 * is A's map, nothing tied or ignored, confidence 255 255 170 170
 * (round(255 * 2/3) = 170).
 * Leave-one-out references: without A, p2 (B bg, C car) and p3 (B bg, C
 * car) tie: A is counted on p0, p1 only, both right: accuracy 1, IoU 1 for
 * bg and car. Without B: A, C give bg car / tie car; B says bg on p3:
 * accuracy 2/3; bg tp 1 fp 1 (IoU 1/2), car tp 1 fn 1 (IoU 1/2). Without
 * C: A, B give bg car / bg tie; C says car on p2: accuracy 2/3, IoUs 1/2.
 * Pair mIoU: A,B: bg 2/3 (p0 p2 of p0 p2 p3), car 1/2 -> 7/12; A,C: bg
 * 1/2, car 2/3 -> 7/12; B,C: bg 1/3, car 1/3 -> 1/3. Image agreement
 * (mean over the pairs): (7/12 + 7/12 + 4/12) / 3 = 1/2.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "agree/map_builder.h"
#include "export/folder_util.h"
#include "tally/export.h"
#include "tally/report.h"
#include "tally/rules.h"
#include "tally/run.h"

static const char *const anns[] = {"A", "B", "C"};
static const char *const cats[] = {"bg", "car"};

static void build(tly_dataset *ds, tly_result *r)
{
	static const uint32_t a[] = {0, 1, 0, 1}, b[] = {0, 1, 0, 0}, c[] = {0, 1, 1, 1};
	static const char text[] = "{\"review\": {\"min_agreement\": 0.7}}";
	tly_rules *rules = NULL;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	tb_init(ds, anns, 3, cats, 2);
	tb_image(ds, "street.jpg");
	ds->images[0].width = 2;
	ds->images[0].height = 2;
	tb_map(ds, 0, 0, 0, a, 2, 2);
	tb_map(ds, 0, 1, 0, b, 2, 2);
	tb_map(ds, 0, 2, 0, c, 2, 2);
	ds->category_info = tly_calloc(2, sizeof(tly_category_info));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds->category_info);
	ds->category_info[0] = (tly_category_info){0, -1};
	ds->category_info[1] = (tly_category_info){1, -1};
	ds->map_ignore_value = 255;
	CHECK_OK(tly_rules_parse(&rules, text, strlen(text), "test"));
	memset(r, 0, sizeof(*r));
	CHECK_OK(tly_run_compute(r, ds, rules, &o));
	tly_rules_free(rules);
}

/* Free what an older tly_dataset_clear may not (maps, category_info), then clear both. */
static void clear(tly_dataset *ds, tly_result *r)
{
	tly_result_clear(r);
	tb_maps_clear(ds);
	tly_free(ds->category_info);
	ds->category_info = NULL;
	tly_dataset_clear(ds);
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, key);

	CU_ASSERT(cJSON_IsNumber(item));
	return cJSON_IsNumber(item) ? item->valuedouble : NAN;
}

static const cJSON *path(const cJSON *o, const char *a, const char *b)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);

	return b ? cJSON_GetObjectItemCaseSensitive(x, b) : x;
}

static void test_report(void)
{
	tly_dataset ds;
	tly_result r;
	char *out = NULL;
	size_t len;
	cJSON *doc;
	const cJSON *img, *sem, *ann, *pairs;

	build(&ds, &r);
	CHECK_OK(tly_report_render(&out, &len, TLY_REPORT_JSON, &ds, &r));
	doc = cJSON_Parse(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	img = cJSON_GetArrayItem(path(doc, "images", NULL), 0);
	CU_ASSERT_EQUAL(num(img, "voters_maps"), 3);
	CHECK_NEAR(num(img, "agreement_maps"), 0.5, 1e-12);
	sem = path(img, "semantic", NULL);
	CU_ASSERT_EQUAL(num(sem, "voters"), 3);
	CU_ASSERT_EQUAL(num(sem, "tied_pixels"), 0);
	CU_ASSERT_EQUAL(num(sem, "ignored_pixels"), 0);
	CU_ASSERT_EQUAL(num(path(sem, "classes", NULL), "bg"), 2);
	CU_ASSERT_EQUAL(num(path(sem, "classes", NULL), "car"), 2);
	/* A: 2 of 2 counted pixels right; B: 2 of 3, mIoU (1/2 + 1/2) / 2. */
	ann = cJSON_GetArrayItem(path(doc, "annotators", NULL), 0);
	CHECK_NEAR(num(path(ann, "semantic", "vs_consensus"), "pixel_accuracy"), 1.0, 1e-12);
	CHECK_NEAR(num(path(ann, "semantic", "vs_consensus"), "mean_iou"), 1.0, 1e-12);
	ann = cJSON_GetArrayItem(path(doc, "annotators", NULL), 1);
	CHECK_NEAR(num(path(ann, "semantic", "vs_consensus"), "pixel_accuracy"), 2.0 / 3.0, 1e-12);
	CHECK_NEAR(num(path(ann, "semantic", "vs_consensus"), "mean_iou"), 0.5, 1e-12);
	CHECK_NEAR(num(path(ann, "semantic", "vs_consensus"), "mean_dice"), 2.0 / 3.0, 1e-12);
	CU_ASSERT(cJSON_IsNull(path(ann, "semantic", "vs_gold")));
	/* Map pairs: A-B 7/12, A-C 7/12, B-C 1/3. */
	pairs = path(doc, "pairs", NULL);
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(pairs), 3);
	CHECK_NEAR(num(cJSON_GetArrayItem(pairs, 0), "miou"), 7.0 / 12.0, 1e-12);
	CHECK_NEAR(num(cJSON_GetArrayItem(pairs, 1), "miou"), 7.0 / 12.0, 1e-12);
	CHECK_NEAR(num(cJSON_GetArrayItem(pairs, 2), "miou"), 1.0 / 3.0, 1e-12);
	CU_ASSERT_EQUAL(num(path(doc, "summary", NULL), "consensus_maps"), 1);
	/* bg over annotators vs consensus: A 1/0/0, B 1/1/0, C 1/0/1 -> 3/5; car likewise. */
	CHECK_NEAR(num(cJSON_GetArrayItem(path(doc, "classes", NULL), 0), "map_iou"), 0.6, 1e-12);
	CU_ASSERT_EQUAL(num(cJSON_GetArrayItem(path(doc, "classes", NULL), 1), "pixels"), 2);
	cJSON_Delete(doc);
	free(out);
	clear(&ds, &r);
}

/* The png export of the run: A's map in pixel values, and the confidence 255 255 170 170. */
static void test_export(void)
{
	static const uint16_t map[] = {0, 1, 0, 1}, conf[] = {255, 255, 170, 170};
	char dir[64];
	tly_dataset ds;
	tly_result r;
	tly_raster png;

	build(&ds, &r);
	folder_scratch(dir, "seg-run");
	CHECK_OK(tly_export_write(dir, TLY_EXPORT_PNG, &ds, &r));
	folder_png(&png, dir, "street.png");
	CU_ASSERT_FATAL(png.w == 2 && png.h == 2 && png.channels == 1 && png.depth == 8);
	CU_ASSERT(memcmp(png.px, map, sizeof(map)) == 0);
	tly_raster_clear(&png);
	folder_png(&png, dir, "confidence/street.png");
	CU_ASSERT_FATAL(png.w == 2 && png.h == 2);
	CU_ASSERT(memcmp(png.px, conf, sizeof(conf)) == 0);
	tly_raster_clear(&png);
	folder_remove(dir);
	clear(&ds, &r);
}

TLY_TESTS("report_seg_run",
	  {"report", test_report},
	  {"export", test_export})
