/*
 * LabelMe reader: shapes of hand-written fixtures checked field by field,
 * skipped shape types counted as repairs, bad shapes with their exact
 * messages, and the two real LabelMe files when present.
 */
#include "ingest_test.h"

static int read_file(tly_batch *b, const char *path, const char *annotator)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;

	o.annotator = annotator;
	tly_batch_init(b);
	return tly_ingest_file(b, path, &o);
}

/*
 * fixtures/ingest/labelme/shapes.json: a rectangle given bottom-right
 * corner first, a polygon, a circle and a point (skipped: 2 repairs), and
 * a shape without shape_type (old LabelMe: a polygon).
 */
static void test_shapes(void)
{
	tly_batch b;

	CHECK_OK(read_file(&b, FIXTURE("ingest/labelme/shapes.json"), "alice"));
	CU_ASSERT_STRING_EQUAL(b.format, "labelme");
	/* imagePath "..\images\img_001.jpg": the basename after the backslash. */
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "img_001.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 160);
	CU_ASSERT_EQUAL(b.images[0].height, 120);
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 1);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "alice");
	CU_ASSERT_EQUAL(b.subs[0].task, TLY_TASK_OBJECTS);
	CU_ASSERT_EQUAL(b.n_repairs, 2);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 3);
	/* (50.5, 80) and (10, 20): x 10..50.5, y 20..80. */
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "cat");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_BOX);
	CHECK_BOX(b.objs[0].geom, 10, 20, 40.5, 60);
	CU_ASSERT_PTR_NULL(b.objs[0].extra_json);
	CU_ASSERT_STRING_EQUAL(b.objs[0].source_ref, "shapes[0]");
	/* (0,0) (10,0) (10,5) (0,5.5): x 0..10, y 0..5.5. */
	CU_ASSERT_STRING_EQUAL(b.objs[1].label, "dog");
	CU_ASSERT_EQUAL(b.objs[1].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[1].geom, 0, 0, 10, 5.5);
	CU_ASSERT_STRING_EQUAL(b.objs[1].extra_json, "{\"segmentation\":[[0,0,10,0,10,5,0,5.5]]}");
	CU_ASSERT_STRING_EQUAL(b.objs[1].source_ref, "shapes[1]");
	/* (1,1) (4,1) (1,3): x 1..4, y 1..3. */
	CU_ASSERT_STRING_EQUAL(b.objs[2].label, "old");
	CU_ASSERT_EQUAL(b.objs[2].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[2].geom, 1, 1, 3, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[2].extra_json, "{\"segmentation\":[[1,1,4,1,1,3]]}");
	CU_ASSERT_STRING_EQUAL(b.objs[2].source_ref, "shapes[4]");
	CU_ASSERT_EQUAL(b.objs[0].sub, 0);
	CU_ASSERT_EQUAL(b.objs[2].sub, 0);
	tly_batch_clear(&b);
}

/* An empty shapes list is an empty submission: "nothing here". */
static void test_empty(void)
{
	tly_batch b;

	CHECK_OK(read_file(&b, FIXTURE("ingest/labelme/empty.json"), "bob"));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "empty.png");
	CU_ASSERT_EQUAL(b.images[0].width, 20);
	CU_ASSERT_EQUAL(b.images[0].height, 10);
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 1);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "bob");
	CU_ASSERT_EQUAL(b.n_objs, 0);
	CU_ASSERT_EQUAL(b.n_repairs, 0);
	tly_batch_clear(&b);
}

#define DOC(shapes) "{\"shapes\":[" shapes "],\"imagePath\":\"i.jpg\",\"imageWidth\":10,\"imageHeight\":10}"
#define SHAPE(type, points) "{\"label\":\"x\",\"shape_type\":\"" type "\",\"points\":" points "}"

static const bad_case bad[] = {
	{DOC(SHAPE("rectangle", "[[1,1],[2,2],[3,3]]")), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].points: a rectangle needs 2 points, got 3"},
	{DOC(SHAPE("polygon", "[[1,1],[2,2]]")), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].points: a polygon needs at least 3 points, got 2"},
	{DOC(SHAPE("rectangle", "[[1,1],[1,5]]")), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].points: the rectangle has zero width or height"},
	{DOC(SHAPE("polygon", "[[0,1],[2,1],[5,1]]")), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].points: the polygon has zero width or height"},
	{DOC(SHAPE("rectangle", "[[1,1],\"2,2\"]")), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].points[1]: expected [x, y]"},
	{DOC(SHAPE("rectangle", "[[1,1],[2,2,3]]")), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].points[1]: expected [x, y]"},
	{DOC(SHAPE("rectangle", "[[1,1],[1e999,2]]")), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].points[1][0]: not a finite number"},
	{DOC(SHAPE("rectangle", "[[1,1],[2,null]]")), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].points[1][1]: expected a number, got null"},
	{DOC(SHAPE("rectangle", "{}")), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].points: expected an array, got an object"},
	{DOC("{\"shape_type\":\"rectangle\",\"points\":[[0,0],[1,1]]}"), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0]: missing \"label\""},
	{DOC("{\"label\":7,\"points\":[[0,0],[1,1],[0,1]]}"), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].label: expected a string, got a number"},
	{DOC("{\"label\":\"x\",\"shape_type\":3,\"points\":[]}"), "a", NULL, TLY_EINPUT,
	 "l.json: shapes[0].shape_type: expected a string, got a number"},
	{DOC("[]"), "a", NULL, TLY_EINPUT, "l.json: shapes[0]: expected an object, got an array"},
	{DOC(""), NULL, NULL, TLY_EINPUT,
	 "l.json: no annotator: pass --annotator (LabelMe files do not record one)"},
	{"{\"shapes\":{},\"imagePath\":\"i.jpg\"}", "a", NULL, TLY_EINPUT,
	 "l.json: shapes: expected an array, got an object"},
	{"{\"shapes\":[]}", "a", NULL, TLY_EINPUT, "l.json: missing \"imagePath\""},
	{"{\"shapes\":[],\"imagePath\":\"\"}", "a", NULL, TLY_EINPUT, "l.json: imagePath: empty"},
	{"{\"shapes\":[],\"imagePath\":\"i.jpg\",\"imageWidth\":-1}", "a", NULL, TLY_EINPUT,
	 "l.json: imageWidth: expected a positive integer, got -1"},
	{"{\"shapes\":[]}", "a", "coco", TLY_EINPUT, "l.json: missing \"images\""},
	{"{\"images\":[],\"annotations\":[]}", "a", "labelme", TLY_EINPUT, "l.json: missing \"shapes\""},
};

static void test_bad(void)
{
	check_bad_cases("l.json", bad, sizeof(bad) / sizeof(bad[0]));
}

/*
 * labelme's examples/instance_segmentation 2011_000003.json, read by hand:
 * 500x338, five polygons (person, person, person, bottle, __ignore__) of
 * 41, 41, 4, 9 and 12 points. The third's points have x in
 * 365.81422924901193..370.81422924901193 and y in
 * 170.33596837944665..185.33596837944665: a 5 x 15 box.
 */
static void test_external_instances(void)
{
	static const char *labels[5] = {"person", "person", "person", "bottle", "__ignore__"};
	char path[256];
	tly_batch b;
	size_t i;

	if (!external("labelme/2011_000003.json", path, sizeof(path)))
		return;
	CHECK_OK(read_file(&b, path, "labelme"));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "2011_000003.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 500);
	CU_ASSERT_EQUAL(b.images[0].height, 338);
	CU_ASSERT_EQUAL(b.n_subs, 1);
	CU_ASSERT_EQUAL(b.n_repairs, 0);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 5);
	for (i = 0; i < 5; i++) {
		CU_ASSERT_STRING_EQUAL(b.objs[i].label, labels[i]);
		CU_ASSERT_EQUAL(b.objs[i].geom.kind, TLY_GEOM_POLYGON);
	}
	CHECK_NEAR(b.objs[2].geom.box.x, 365.81422924901193, 1e-9);
	CHECK_NEAR(b.objs[2].geom.box.y, 170.33596837944665, 1e-9);
	CHECK_NEAR(b.objs[2].geom.box.w, 5, 1e-9);
	CHECK_NEAR(b.objs[2].geom.box.h, 15, 1e-9);
	tly_batch_clear(&b);
}

/*
 * labelme's examples/primitives: rectangle (32,35)-(132,135), circle,
 * rectangle (391,33)-(542,135), polygon (69,318) (45,403) (173,406)
 * (198,321), line, point, linestrip, mask (checked pixel by pixel in
 * test_labelme_mask.c): 4 objects, 4 skipped.
 */
static void test_external_primitives(void)
{
	char path[256];
	tly_batch b;

	if (!external("labelme/primitives.json", path, sizeof(path)))
		return;
	CHECK_OK(read_file(&b, path, "labelme"));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "primitives.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 560);
	CU_ASSERT_EQUAL(b.images[0].height, 450);
	CU_ASSERT_EQUAL(b.n_repairs, 4);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 4);
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_BOX);
	CHECK_BOX(b.objs[0].geom, 32, 35, 100, 100);
	CU_ASSERT_EQUAL(b.objs[1].geom.kind, TLY_GEOM_BOX);
	CHECK_BOX(b.objs[1].geom, 391, 33, 151, 102);
	CU_ASSERT_STRING_EQUAL(b.objs[2].label, "polygon");
	CU_ASSERT_EQUAL(b.objs[2].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[2].geom, 45, 318, 153, 88);
	CU_ASSERT_STRING_EQUAL(b.objs[2].extra_json, "{\"segmentation\":[[69,318,45,403,173,406,198,321]]}");
	CU_ASSERT_STRING_EQUAL(b.objs[3].label, "octagon");
	CU_ASSERT_EQUAL(b.objs[3].geom.kind, TLY_GEOM_MASK);
	tly_batch_clear(&b);
}

TLY_TESTS("ingest_labelme",
	  {"shapes", test_shapes},
	  {"empty", test_empty},
	  {"bad", test_bad},
	  {"external_instances", test_external_instances},
	  {"external_primitives", test_external_primitives})
