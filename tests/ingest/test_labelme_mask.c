/*
 * LabelMe `mask` shapes: the crop PNG placed at its truncated top-left
 * corner (labelme's shapes_to_label), checked pixel by pixel and as the
 * compressed COCO string worked out by hand; labelme's own example file;
 * bad crops, bad base64 and bad PNGs with their exact messages.
 */
#include "seg_test.h"

static int read_file(tly_batch *b, const char *path, const char *annotator)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;

	o.annotator = annotator;
	tly_batch_init(b);
	return tly_ingest_file(b, path, &o);
}

/*
 * fixtures/ingest/labelme/mask.json (made by fixtures/ingest/png/make_pngs.py),
 * a 6 x 5 image:
 * - "plus": points (1.7, 1.2), (3.9, 3.0) truncate to (1, 1), (3, 3): a
 *   3 x 3 crop; its grey PNG 0 1 0 / 1 1 1 / 0 255 0 (255 is foreground
 *   too) lands on (2,1) (1,2) (2,2) (3,2) (2,3). Column-major indices
 *   x * 5 + y: 7, 11, 12, 13, 17, so the runs are 7 1 3 3 3 1 12 (sum 30).
 *   pycocotools' string: 7 '7', 1 '1', 3 '3', then differences from two
 *   runs back: 3-1 = 2 '2', 3-3 = 0 '0', 1-3 = -2 -> (-2 & 31) = 30, no
 *   continuation (bit 4 set and the rest is -1) -> 30+48 'N', 12-3 = 9 '9':
 *   "71320N9". Box x 1..3, y 1..3: [1, 1, 3, 3].
 * - a rectangle (0,0)-(2,2).
 * - "corner": (4,0)-(5,4), a 2 x 5 one-bit palette PNG 10/10/00/01/11 ->
 *   pixels (4,0) (4,1) (5,3) (4,4) (5,4), indices 20 21 24 28 29: runs
 *   20 2 2 1 3 2. String: 20 = 0b10100 -> low 5 bits 20 with bit 4 set and
 *   20 >> 5 = 0, so a continuation: 20|32 = 52 -> 'd', then 0 -> '0'; 2 '2';
 *   2 '2'; 1-2 = -1 -> 31 'O'; 3-2 = 1 '1'; 2-1 = 1 '1': "d022O11".
 *   Box x 4..5, y 0..4: [4, 0, 2, 5].
 */
static void test_fixture(void)
{
	tly_batch b;

	CHECK_OK(read_file(&b, FIXTURE("ingest/labelme/mask.json"), "mia"));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "masks.jpg");
	CU_ASSERT_EQUAL(b.n_repairs, 0);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 3);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "plus");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_MASK);
	CU_ASSERT_EQUAL(b.objs[0].iscrowd, 0);
	CU_ASSERT_STRING_EQUAL(b.objs[0].source_ref, "shapes[0]");
	CHECK_BOX(b.objs[0].geom, 1, 1, 3, 3);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json, "{\"segmentation\":{\"size\":[5,6],\"counts\":\"71320N9\"}}");
	check_mask(&b.objs[0], 6, 5,
		   "......"
		   "..#..."
		   ".###.."
		   "..#..."
		   "......");
	CU_ASSERT_EQUAL(b.objs[1].geom.kind, TLY_GEOM_BOX);
	CHECK_BOX(b.objs[1].geom, 0, 0, 2, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[2].label, "corner");
	CU_ASSERT_EQUAL(b.objs[2].geom.kind, TLY_GEOM_MASK);
	CHECK_BOX(b.objs[2].geom, 4, 0, 2, 5);
	CU_ASSERT_STRING_EQUAL(b.objs[2].extra_json, "{\"segmentation\":{\"size\":[5,6],\"counts\":\"d022O11\"}}");
	check_mask(&b.objs[2], 6, 5,
		   "....#."
		   "....#."
		   "......"
		   ".....#"
		   "....##");
	tly_batch_clear(&b);
}

/*
 * labelme's examples/primitives.json: the "octagon" mask, points
 * (417.39759036144574, 305.0), (516.3975903614457, 404.0) -> (417, 305),
 * (516, 404), a 100 x 100 crop, on a 560 x 450 image. A one-off Python
 * stdlib decode (zlib and the PNG filters by hand) of its base64 PNG,
 * 8-bit grey with rows filtered None/Sub/Up, found values {0, 1}, 7275
 * foreground pixels spanning the whole crop: area 7275, box [417, 305, 100, 100].
 */
static void test_external_primitives(void)
{
	char path[256];
	const tly_batch_object *o;
	tly_batch b;
	tly_rle r;
	tly_box box;

	if (!external("labelme/primitives.json", path, sizeof(path)))
		return;
	CHECK_OK(read_file(&b, path, "lm"));
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 4);
	o = &b.objs[3];
	CU_ASSERT_STRING_EQUAL(o->label, "octagon");
	CU_ASSERT_EQUAL(o->geom.kind, TLY_GEOM_MASK);
	CU_ASSERT_STRING_EQUAL(o->source_ref, "shapes[7]");
	CHECK_BOX(o->geom, 417, 305, 100, 100);
	CHECK_OK(object_rle(&r, o));
	CU_ASSERT_EQUAL(r.h, 450);
	CU_ASSERT_EQUAL(r.w, 560);
	CU_ASSERT_EQUAL(tly_rle_area(&r), 7275);
	box = tly_rle_bbox(&r);
	CHECK_NEAR(box.x, 417, 0);
	CHECK_NEAR(box.y, 305, 0);
	CHECK_NEAR(box.w, 100, 0);
	CHECK_NEAR(box.h, 100, 0);
	tly_rle_clear(&r);
	tly_batch_clear(&b);
}

/* 3 x 3 grey 0 1 0 / 1 1 1 / 0 255 0, 1 x 1 grey 0, and 1 x 1 RGB (1, 2, 3), from make_pngs.py's png(). */
#define PLUS "iVBORw0KGgoAAAANSUhEUgAAAAMAAAADCAAAAABzQ+pjAAAAEklEQVR42mNgYGRgYGQEEv8ZAAImAQQ8r260AAAAAElFTkSuQmCC"
#define ZERO "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR42mNgAAAAAgAB5Sfe/AAAAABJRU5ErkJggg=="
#define RGB1 "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mNgZGIGAAAOAAfpkjfUAAAAAElFTkSuQmCC"

#define DOC(shape) "{\"shapes\":[" shape "],\"imagePath\":\"i.jpg\",\"imageWidth\":6,\"imageHeight\":5}"
#define MASK(points, data) "{\"label\":\"m\",\"shape_type\":\"mask\",\"points\":" points ",\"mask\":" data "}"

static const bad_case bad[] = {
	{DOC(MASK("[[4,3],[6,5]]", "\"" PLUS "\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].points: the crop (4, 3)-(6, 5) reaches beyond the 6x5 image"},
	{DOC(MASK("[[-1.5,0],[1,2]]", "\"" PLUS "\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].points: the crop (-1, 0)-(1, 2) reaches beyond the 6x5 image"},
	{DOC(MASK("[[0,0],[3,2]]", "\"" PLUS "\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].mask: the PNG is 3x3 but the points give a 4x3 crop"},
	{DOC(MASK("[[3,3],[1,1]]", "\"" PLUS "\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].points: the crop's corners (3, 3) and (1, 1) are not top-left then bottom-right"},
	{DOC(MASK("[[1,1],[3,3],[4,4]]", "\"" PLUS "\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].points: a mask needs 2 points [[x1, y1], [x2, y2]] (the crop's corners)"},
	{DOC(MASK("[[1,1],[3,\"3\"]]", "\"" PLUS "\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].points[1][1]: expected a number, got a string"},
	{DOC(MASK("[[0,0],[0,0]]", "\"" ZERO "\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].mask: the mask covers no pixel"},
	{DOC(MASK("[[0,0],[0,0]]", "\"" RGB1 "\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].mask: the PNG has 3 channels; a mask has one (grey or palette)"},
	{DOC(MASK("[[1,1],[3,3]]", "\"iVBOR!w0K\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].mask: base64: '!' at offset 5 is not in the alphabet"},
	/* "hello": base64 but not a PNG; then the plus PNG cut after 57 bytes. */
	{DOC(MASK("[[1,1],[3,3]]", "\"aGVsbG8=\"")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].mask: not a PNG (bad signature)"},
	{DOC(MASK("[[1,1],[3,3]]", "\"iVBORw0KGgoAAAANSUhEUgAAAAMAAAADCAAAAABzQ+pjAAAAEklEQVR42mNgYGRgYGQEEv8ZAAIm\"")), "a",
	 NULL, TLY_EINPUT, "m.json: shapes[0].mask: truncated PNG (it ends after 57 bytes)"},
	{DOC(MASK("[[1,1],[3,3]]", "null")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].mask: expected a string, got null"},
	{DOC(MASK("[[1,1],[3,3]]", "7")), "a", NULL, TLY_EINPUT,
	 "m.json: shapes[0].mask: expected a string, got a number"},
	{"{\"shapes\":[" MASK("[[1,1],[3,3]]", "\"" PLUS "\"") "],\"imagePath\":\"i.jpg\"}", "a", NULL,
	 TLY_EINPUT, "m.json: shapes[0]: a mask shape needs the image's size (imageWidth and imageHeight)"},
	{DOC("{\"shape_type\":\"mask\",\"points\":[[1,1],[3,3]],\"mask\":\"" PLUS "\"}"), "a", NULL,
	 TLY_EINPUT, "m.json: shapes[0]: missing \"label\""},
};

static void test_bad(void)
{
	check_bad_cases("m.json", bad, sizeof(bad) / sizeof(bad[0]));
}

static void test_alloc_faults(void)
{
	fault_loop(FIXTURE("ingest/labelme/mask.json"), "mia", NULL);
}

TLY_TESTS("ingest_labelme_mask",
	  {"fixture", test_fixture},
	  {"external_primitives", test_external_primitives},
	  {"bad", test_bad},
	  {"alloc_faults", test_alloc_faults})
