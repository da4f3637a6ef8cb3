/*
 * YOLO reader: hand-written label files in fixtures/ingest/yolo/ checked
 * against the normalised-centre convention (x = (cx - w/2) * W), class
 * names from classes.txt and from a data.yaml map in a parent folder,
 * sizes from sizes.csv or from PNG/JPEG headers (--images), bad lines with
 * exact positions, and the real darknet/Ultralytics files when present.
 */
#include "ingest/yolo_side.h"
#include "ingest_test.h"

#define DIR "fixtures/ingest/yolo/"

static int read_yolo(tly_batch *b, const char *path, const char *images)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;

	o.annotator = "yuri";
	o.images_dir = images;
	tly_batch_init(b);
	return tly_ingest_file(b, path, &o);
}

/* a.txt on a.jpg, 100x50 (sizes.csv); classes.txt: car, person. */
static void test_boxes(void)
{
	tly_batch b;

	CHECK_OK(read_yolo(&b, DIR "a.txt", NULL));
	CU_ASSERT_STRING_EQUAL(b.format, "yolo");
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "a.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 100);
	CU_ASSERT_EQUAL(b.images[0].height, 50);
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 1);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "yuri");
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 2);
	/* 0 0.5 0.5 0.2 0.4: x (0.5 - 0.1) * 100 = 40, y (0.5 - 0.2) * 50 = 15, w 20, h 20. */
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "car");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_BOX);
	CHECK_BOX(b.objs[0].geom, 40, 15, 20, 20);
	CU_ASSERT_STRING_EQUAL(b.objs[0].source_ref, "line 1");
	/* 1 0.25 0.5 0.5 1: x (0.25 - 0.25) * 100 = 0, y (0.5 - 0.5) * 50 = 0, w 50, h 50. */
	CU_ASSERT_STRING_EQUAL(b.objs[1].label, "person");
	CHECK_BOX(b.objs[1].geom, 0, 0, 50, 50);
	CU_ASSERT_PTR_NULL(b.objs[1].extra_json);
	tly_batch_clear(&b);
}

/* An empty txt: an empty submission of b.png (64x32). */
static void test_empty(void)
{
	tly_batch b;

	CHECK_OK(read_yolo(&b, DIR "b.txt", NULL));
	CU_ASSERT_STRING_EQUAL(b.format, "yolo");
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "b.png");
	CU_ASSERT_EQUAL(b.images[0].width, 64);
	CU_ASSERT_EQUAL(b.images[0].height, 32);
	CU_ASSERT_EQUAL(b.n_subs, 1);
	CU_ASSERT_EQUAL(b.n_objs, 0);
	tly_batch_clear(&b);
}

/* 1 0.1 0.2 0.5 0.2 0.3 0.9 on 10x10: points (1,2) (5,2) (3,9); box x 1..5, y 2..9. */
static void test_polygon(void)
{
	tly_batch b;

	CHECK_OK(read_yolo(&b, DIR "c.txt", NULL));
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "c.jpg");
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 1);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "person");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[0].geom, 1, 2, 4, 7);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json, "{\"segmentation\":[[1,2,5,2,3,9]]}");
	tly_batch_clear(&b);
}

/* yaml/labels/d.txt: names from yaml/data.yaml's map {0: dog, 2: "cat"}; d.jpg 20x10. */
static void test_yaml(void)
{
	tly_batch b;

	CHECK_OK(read_yolo(&b, DIR "yaml/labels/d.txt", NULL));
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "d.jpg");
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 2);
	/* 2 0.5 0.5 1 1: the whole 20x10 image. */
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "cat");
	CHECK_BOX(b.objs[0].geom, 0, 0, 20, 10);
	/* 0 0.25 0.5 0.5 1: x 0, y 0, w 10, h 10. */
	CU_ASSERT_STRING_EQUAL(b.objs[1].label, "dog");
	CHECK_BOX(b.objs[1].geom, 0, 0, 10, 10);
	tly_batch_clear(&b);
}

/*
 * --images: images/a.png (IHDR 100x50) and images/c.jpg (SOF0 after APP0
 * and COM segments: height 50, width 100) give name and size, over sizes.csv.
 */
static void test_images(void)
{
	tly_batch b;

	CHECK_OK(read_yolo(&b, DIR "a.txt", DIR "images"));
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "a.png");
	CU_ASSERT_EQUAL(b.images[0].width, 100);
	CU_ASSERT_EQUAL(b.images[0].height, 50);
	CHECK_BOX(b.objs[0].geom, 40, 15, 20, 20);
	tly_batch_clear(&b);
	CHECK_OK(read_yolo(&b, DIR "c.txt", DIR "images"));
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "c.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 100);
	CU_ASSERT_EQUAL(b.images[0].height, 50);
	tly_batch_clear(&b);
	CU_ASSERT_EQUAL(read_yolo(&b, DIR "b.txt", DIR "images"), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(),
			       DIR "b.txt: no image b.jpg, .jpeg or .png in " DIR "images");
	tly_batch_clear(&b);
}

static const bad_case bad[] = {
	{"0 0.5 0.5 0.2 0.2\n0 nan 0.5 0.2 0.2\n", "a", NULL, TLY_EINPUT,
	 DIR "a.txt:2:3: expected a fraction of the image, got \"nan\""},
	{"0 0.5 zero 0.2 0.2\n", "a", "yolo", TLY_EINPUT,
	 DIR "a.txt:1:7: expected a fraction of the image, got \"zero\""},
	{"0 0.5 0.5 inf 0.2\n", "a", "yolo", TLY_EINPUT,
	 DIR "a.txt:1:11: expected a fraction of the image, got \"inf\""},
	{"  2 0.5 0.5 0.2 0.2\n", "a", NULL, TLY_EINPUT, DIR "a.txt:1:1: class 2 has no name (names known: 2)"},
	{"-1 0.5 0.5 0.2 0.2\n", "a", "yolo", TLY_EINPUT, DIR "a.txt:1:1: expected a class id, got \"-1\""},
	{"0.5 0.5 0.5 0.2 0.2\n", "a", "yolo", TLY_EINPUT, DIR "a.txt:1:1: expected a class id, got \"0.5\""},
	{"0x1 0.5 0.5 0.2 0.2\n", "a", "yolo", TLY_EINPUT, DIR "a.txt:1:1: expected a class id, got \"0x1\""},
	{"1e0 0.5 0.5 0.2 0.2\n", "a", "yolo", TLY_EINPUT, DIR "a.txt:1:1: expected a class id, got \"1e0\""},
	{"0 0.5 0.5 0.2\n", "a", "yolo", TLY_EINPUT,
	 DIR "a.txt:1:1: expected class cx cy w h, or class and 3 or more x y points, got 3 numbers after the class"},
	{"0 0.1 0.1 0.2 0.2 0.3\n", "a", "yolo", TLY_EINPUT,
	 DIR "a.txt:1:1: expected class cx cy w h, or class and 3 or more x y points, got 5 numbers after the class"},
	{"0 0.5 0.5 0 0.2\n", "a", "yolo", TLY_EINPUT,
	 DIR "a.txt:1:1: the box has zero or negative width or height"},
	{"0 0.5 0.5 0.2 0.2\n", NULL, "yolo", TLY_EINPUT,
	 DIR "a.txt: no annotator: pass --annotator (YOLO files do not record one)"},
	{"0 0.5 0.5 0.2 0.2 extra\n", "a", NULL, TLY_EINPUT, DIR "a.txt: cannot tell the format; pass --format"},
};

static void test_bad(void)
{
	tly_batch b;

	check_bad_cases(DIR "a.txt", bad, sizeof(bad) / sizeof(bad[0]));
	CU_ASSERT_EQUAL(parse_text(&b, DIR "zzz.txt", "0 0.5 0.5 0.2 0.2\n", "a", NULL), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), DIR "zzz.txt: no size for image zzz: add it to " DIR
			       "sizes.csv or pass --images DIR");
	tly_batch_clear(&b);
	CU_ASSERT_EQUAL(parse_text(&b, "/nonexistent/l/a.txt", "0 0.5 0.5 0.2 0.2\n", "a", NULL), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "/nonexistent/l/a.txt: no class names: put classes.txt or "
			       "data.yaml beside the labels or in one of the two folders above");
	tly_batch_clear(&b);
	/* Empty is only YOLO for a .txt (or --format yolo). */
	CU_ASSERT_EQUAL(parse_text(&b, DIR "a.json", "", "a", NULL), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), DIR "a.json: empty file");
	tly_batch_clear(&b);
}

static void test_detect(void)
{
	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("l.txt", "0 0.5 0.5 0.2 0.4\r\n\n3 .1 .2 .3 .4 .5 .6\n", 37),
			       "yolo");
	/* The first non-blank line decides; later lines get the reader's errors. */
	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("l.txt", "\n0 0.5 0.5 0.2 0.4\nhello\n", 25), "yolo");
	CU_ASSERT_PTR_NULL(tly_ingest_detect("l.txt", "0 0.5 0.5 0.2\n", 14));
	CU_ASSERT_PTR_NULL(tly_ingest_detect("l.txt", "hello world\n", 12));
}

/*
 * label-studio-converter's test_import_yolo_data: img_1.txt, classes.txt
 * (closed_door, opened_door, bus, number). Without a sizes.csv beside it
 * the image size is missing: the error names it; the names read alone.
 */
static void test_external(void)
{
	tly_yolo_names names;
	char path[256];
	tly_batch b;

	if (!external("yolo/darknet-detection/img_1.txt", path, sizeof(path)))
		return;
	CU_ASSERT_EQUAL(read_yolo(&b, path, NULL), TLY_EINPUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "no size for image img_1"));
	tly_batch_clear(&b);
	CHECK_OK(tly_ingest__yolo_names(&names, path));
	CU_ASSERT_EQUAL_FATAL(names.count, 4);
	CU_ASSERT_STRING_EQUAL(names.items[0], "closed_door");
	CU_ASSERT_STRING_EQUAL(names.items[3], "number");
	tly_ingest__yolo_names_clear(&names);
}

/* datumaro's yolov8_segmentation data.yaml: names as a map 0: label_0 ... 9: label_9. */
static void test_external_yaml(void)
{
	tly_yolo_names names;
	char path[256];

	if (!external("yolo/ultralytics-segmentation/1.txt", path, sizeof(path)))
		return;
	CHECK_OK(tly_ingest__yolo_names(&names, path));
	CU_ASSERT_EQUAL_FATAL(names.count, 10);
	CU_ASSERT_STRING_EQUAL(names.items[2], "label_2");
	CU_ASSERT_STRING_EQUAL(names.items[9], "label_9");
	tly_ingest__yolo_names_clear(&names);
}

TLY_TESTS("ingest_yolo",
	  {"boxes", test_boxes},
	  {"empty", test_empty},
	  {"polygon", test_polygon},
	  {"yaml", test_yaml},
	  {"images", test_images},
	  {"bad", test_bad},
	  {"detect", test_detect},
	  {"external", test_external},
	  {"external_yaml", test_external_yaml})
