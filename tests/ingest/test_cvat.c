/*
 * CVAT for images XML reader: hand-written files checked field by field
 * (boxes x = xtl, w = xbr - xtl; a mask crop placed on its image and
 * re-encoded column-major; a rotated box as its corners), the annotator
 * from the meta's assignee/owner or --annotator, repeated images of
 * project exports, bad input with exact positions, detection, and the two
 * real CVAT files of ../shared/fixtures-external when present.
 */
#include <cjson/cJSON.h>

#include "ingest_test.h"
#include "tally/rle.h"

static int read_file(tly_batch *b, const char *path, const char *annotator)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;

	o.annotator = annotator;
	tly_batch_init(b);
	return tly_ingest_file(b, path, &o);
}

/* Index of the submission (image NAME, annotator WHO, task), or n_subs when absent. */
static size_t find_sub(const tly_batch *b, const char *name, const char *who, tly_task task)
{
	size_t i;

	for (i = 0; i < b->n_subs; i++)
		if (strcmp(b->images[b->subs[i].image].name, name) == 0 && strcmp(b->subs[i].annotator, who) == 0 &&
		    b->subs[i].task == task)
			return i;
	return b->n_subs;
}

/* The COCO RLE of a mask object's extra_json {"segmentation": {"size", "counts"}}. */
static void mask_of(tly_rle *r, const char *extra)
{
	cJSON *root = cJSON_Parse(extra);
	const cJSON *seg = cJSON_GetObjectItemCaseSensitive(root, "segmentation");
	const cJSON *size = cJSON_GetObjectItemCaseSensitive(seg, "size");
	const cJSON *counts = cJSON_GetObjectItemCaseSensitive(seg, "counts");

	tly_rle_init(r);
	CU_ASSERT_FATAL(cJSON_IsArray(size) && cJSON_IsString(counts));
	CHECK_OK(tly_rle_from_string(r, (int64_t)size->child->valuedouble, (int64_t)size->child->next->valuedouble,
				     counts->valuestring, strlen(counts->valuestring)));
	cJSON_Delete(root);
}

/* fixtures/ingest/cvat/basic.xml, worked by hand. */
static void test_basic(void)
{
	static const uint32_t c_runs[] = {62, 1, 9, 2, 9, 1, 116};
	tly_batch b;
	tly_rle r;
	size_t i;

	/* The task's assignee (ivan) outranks --annotator: the file says who did the work. */
	CHECK_OK(read_file(&b, FIXTURE("ingest/cvat/basic.xml"), "zed"));
	CU_ASSERT_STRING_EQUAL(b.format, "cvat");
	CU_ASSERT_EQUAL_FATAL(b.n_images, 3);
	/* name="frames/a.jpg": the basename. */
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "a.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 100);
	CU_ASSERT_EQUAL(b.images[0].height, 80);
	CU_ASSERT_STRING_EQUAL(b.images[2].name, "c.jpg");
	CU_ASSERT_EQUAL(b.images[2].width, 20);
	/* The file has a tag, so every image is an objects and a labels submission: 3 x 2. */
	CU_ASSERT_EQUAL(b.n_subs, 6);
	for (i = 0; i < 3; i++) {
		CU_ASSERT(find_sub(&b, b.images[i].name, "ivan", TLY_TASK_OBJECTS) < b.n_subs);
		CU_ASSERT(find_sub(&b, b.images[i].name, "ivan", TLY_TASK_LABELS) < b.n_subs);
	}
	/* a.jpg's polyline and points, b.jpg's mask with no pixel painted (rle "8" is all background). */
	CU_ASSERT_EQUAL(b.n_repairs, 3);
	CU_ASSERT_EQUAL_FATAL(b.n_tags, 1);
	CU_ASSERT_STRING_EQUAL(b.tags[0].label, "day");
	CU_ASSERT_EQUAL(b.tags[0].sub, find_sub(&b, "a.jpg", "ivan", TLY_TASK_LABELS));
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 4);
	/* xtl 10, ytl 20, xbr 40.5, ybr 60: [10, 20, 30.5, 40]; attribute text kept verbatim. */
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "car");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_BOX);
	CHECK_BOX(b.objs[0].geom, 10, 20, 30.5, 40);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json,
			       "{\"occluded\":0,\"attributes\":{\"color\":\"red\",\"note\":\" two  words \"}}");
	CU_ASSERT_EQUAL(b.objs[0].sub, find_sub(&b, "a.jpg", "ivan", TLY_TASK_OBJECTS));
	/* Polygon 50..70 x 10..40: box [50, 10, 20, 30]. */
	CU_ASSERT_EQUAL(b.objs[1].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[1].geom, 50, 10, 20, 30);
	CU_ASSERT_STRING_EQUAL(b.objs[1].extra_json, "{\"segmentation\":[[50,10,70,10,70,40,50,40]]}");
	/*
	 * Mask rle "1, 2, 3, 2" over the 4 x 2 crop at (5, 2), row by row from
	 * background: row 0 is . # # .  and row 1 . . # #, so the image pixels
	 * (x, y) = (6, 2), (7, 2), (7, 3), (8, 3): box [6, 2, 3, 2]. Column-major
	 * on the 20 x 10 image: 6 empty columns + 2 rows = 62 background, (6, 2)
	 * 1, then 7 + 2 = 9, (7, 2..3) 2, then 6 + 3 = 9, (8, 3) 1, then
	 * 6 + 11 * 10 = 116: 200 pixels in all.
	 */
	CU_ASSERT_STRING_EQUAL(b.objs[2].label, "car");
	CU_ASSERT_EQUAL(b.objs[2].geom.kind, TLY_GEOM_MASK);
	CHECK_BOX(b.objs[2].geom, 6, 2, 3, 2);
	mask_of(&r, b.objs[2].extra_json);
	CU_ASSERT_EQUAL(r.h, 10);
	CU_ASSERT_EQUAL(r.w, 20);
	CU_ASSERT_EQUAL_FATAL(r.m, 7);
	for (i = 0; i < 7; i++)
		CU_ASSERT_EQUAL(r.counts[i], c_runs[i]);
	tly_rle_clear(&r);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.objs[2].extra_json, "\"occluded\":1"));
	/*
	 * Box (0, 0)-(4, 2) turned 90 degrees clockwise about its centre (2, 1):
	 * (dx, dy) -> (-dy, dx), so the corners (0,0) (4,0) (4,2) (0,2) go to
	 * (3,-1) (3,3) (1,3) (1,-1): a polygon with box [1, -1, 2, 4].
	 */
	CU_ASSERT_STRING_EQUAL(b.objs[3].label, "truck");
	CU_ASSERT_EQUAL(b.objs[3].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[3].geom, 1, -1, 2, 4);
	CU_ASSERT_STRING_EQUAL(b.objs[3].extra_json, "{\"segmentation\":[[3,-1,3,3,1,3,1,-1]],\"occluded\":0}");
	tly_batch_clear(&b);
}

/*
 * fixtures/ingest/cvat/project.xml: task 41 is ivan's (assignee), task 42
 * has no assignee and falls to its owner petr; x.jpg is listed once more,
 * unchanged, under another subset (skipped); y.jpg names no task: the
 * project has no assignee, so --annotator when given, else its owner olga.
 */
static void test_project(void)
{
	tly_batch b;

	CHECK_OK(read_file(&b, FIXTURE("ingest/cvat/project.xml"), NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 2);
	CU_ASSERT_EQUAL(b.n_subs, 3);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 2);
	CU_ASSERT_EQUAL(b.objs[0].sub, find_sub(&b, "x.jpg", "ivan", TLY_TASK_OBJECTS));
	CHECK_BOX(b.objs[0].geom, 1, 1, 10, 10);
	CU_ASSERT_EQUAL(b.objs[1].sub, find_sub(&b, "x.jpg", "petr", TLY_TASK_OBJECTS));
	CHECK_BOX(b.objs[1].geom, 2, 1, 10, 10);
	CU_ASSERT(find_sub(&b, "y.jpg", "olga", TLY_TASK_OBJECTS) < b.n_subs);
	tly_batch_clear(&b);
	CHECK_OK(read_file(&b, FIXTURE("ingest/cvat/project.xml"), "zed"));
	CU_ASSERT(find_sub(&b, "y.jpg", "zed", TLY_TASK_OBJECTS) < b.n_subs);
	/* --annotator outranks owners, not assignees. */
	CU_ASSERT(find_sub(&b, "x.jpg", "ivan", TLY_TASK_OBJECTS) < b.n_subs);
	CU_ASSERT(find_sub(&b, "x.jpg", "zed", TLY_TASK_OBJECTS) < b.n_subs);
	CU_ASSERT_EQUAL(b.n_subs, 3);
	tly_batch_clear(&b);
}

/* A job export's assignee, written as plain text; a file naming nobody takes --annotator. */
static void test_annotator(void)
{
	tly_batch b;

	CHECK_OK(parse_text(&b, "c.xml",
			    "<annotations><meta><job><id>5</id><owner><username>o</username></owner>"
			    "<assignee> maria </assignee></job></meta><image name=\"a.jpg\"/></annotations>",
			    NULL, NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 1);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "maria");
	CU_ASSERT_EQUAL(b.subs[0].task, TLY_TASK_OBJECTS);
	CU_ASSERT_EQUAL(b.images[0].width, 0);
	tly_batch_clear(&b);
	CHECK_OK(parse_text(&b, "c.xml", "<annotations><image name=\"a.jpg\"/><image name=\"b.jpg\"/></annotations>",
			    "zed", NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 2);
	CU_ASSERT_STRING_EQUAL(b.subs[1].annotator, "zed");
	tly_batch_clear(&b);
	/* Tags only: labels submissions, no objects ones. */
	CHECK_OK(parse_text(&b, "c.xml",
			    "<annotations><image name=\"a.jpg\"><tag label=\"x\"/></image><image name=\"b.jpg\"/>"
			    "</annotations>", "zed", NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 2);
	CU_ASSERT_EQUAL(b.subs[0].task, TLY_TASK_LABELS);
	CU_ASSERT_EQUAL(b.subs[1].task, TLY_TASK_LABELS);
	tly_batch_clear(&b);
}

/* Shapes start at column 57: <annotations> is 13 bytes, the <image ...> tag 43. */
#define IMG(shapes) "<annotations><image name=\"a.jpg\" width=\"10\" height=\"10\">" shapes "</image></annotations>"

static const bad_case bad[] = {
	/* Cut after <image name="a.jpg"> (20 bytes): expat reports the end of input, line 2 column 21. */
	{"<annotations>\n<image name=\"a.jpg\">", "a", NULL, TLY_EINPUT, "c.xml:2:21: invalid XML: no element found"},
	{IMG("<box label=\"car\" xtl=\"30\" ytl=\"1\" xbr=\"12\" ybr=\"5\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <box>: xbr 12 is not greater than xtl 30"},
	{IMG("<box label=\"car\" xtl=\"1\" ytl=\"5\" xbr=\"12\" ybr=\"5\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <box>: ybr 5 is not greater than ytl 5"},
	{IMG("<box label=\"car\" xtl=\"1\" ytl=\"x\" xbr=\"12\" ybr=\"5\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <box>: ytl: expected a number, got \"x\""},
	{IMG("<box label=\"car\" xtl=\"1\" ytl=\"1\" xbr=\"12\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <box>: missing ybr"},
	{IMG("<box xtl=\"1\" ytl=\"1\" xbr=\"12\" ybr=\"5\"/>"), "a", NULL, TLY_EINPUT, "c.xml:1:57: <box>: missing label"},
	{IMG("<box label=\"c\" occluded=\"2\" xtl=\"1\" ytl=\"1\" xbr=\"12\" ybr=\"5\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <box>: occluded: expected 0 or 1, got \"2\""},
	{IMG("<box label=\"c\" xtl=\"1e8\" ytl=\"1\" xbr=\"2e8\" ybr=\"5\"/>"), "a", NULL, TLY_ELIMIT,
	 "c.xml:1:57: <box>: xtl 1e8 is beyond TLY_MAX_COORD (1e+07)"},
	/* Unknown nesting: where CVAT writes shapes, and inside shapes and attributes. */
	{IMG("<circle label=\"c\"/>"), "a", NULL, TLY_EINPUT, "c.xml:1:57: unknown element <circle> in <image>"},
	{"<annotations><box label=\"c\"/></annotations>", "a", NULL, TLY_EINPUT,
	 "c.xml:1:14: unknown element <box> in <annotations>"},
	{IMG("<box label=\"c\" xtl=\"1\" ytl=\"1\" xbr=\"2\" ybr=\"2\"><image name=\"b.jpg\"/></box>"), "a", NULL,
	 TLY_EINPUT, "c.xml:1:104: unknown element <image> in <box>"},
	{IMG("<tag label=\"c\"><attribute name=\"n\"><b/></attribute></tag>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:92: unknown element <b> in <attribute>"},
	{"<annotations><track id=\"0\" label=\"c\"/></annotations>", "a", NULL, TLY_EINPUT,
	 "c.xml:1:14: <track>: CVAT for video is not read; export as CVAT for images 1.1"},
	{"<annotation><filename>a.jpg</filename></annotation>", "a", "cvat", TLY_EINPUT,
	 "c.xml:1:1: the root element is <annotation>, not <annotations>"},
	{IMG("<polygon label=\"c\" points=\"1,2;3,4\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <polygon>: needs at least 3 points, got 2"},
	{IMG("<polygon label=\"c\" points=\"1,2;3;4,5\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <polygon>: points: expected \"x,y;x,y;...\", bad at byte 5"},
	{IMG("<polygon label=\"c\" points=\"1,2;3,2;5,2\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <polygon>: zero width or height"},
	/* 2 + 3 = 5 pixels of a 2 x 2 crop. */
	{IMG("<mask label=\"c\" rle=\"2, 3\" left=\"0\" top=\"0\" width=\"2\" height=\"2\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <mask>: rle: runs sum to more than width*height = 4"},
	{IMG("<mask label=\"c\" rle=\"1, 2\" left=\"0\" top=\"0\" width=\"2\" height=\"2\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <mask>: rle: runs sum to 3 pixels, not width*height = 4"},
	{IMG("<mask label=\"c\" rle=\"1, -2\" left=\"0\" top=\"0\" width=\"2\" height=\"2\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <mask>: rle: expected a run length at byte 3"},
	{IMG("<mask label=\"c\" rle=\"4\" left=\"9\" top=\"0\" width=\"2\" height=\"2\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <mask>: the 2x2 crop at (9, 0) reaches beyond the 10x10 image"},
	{"<annotations><image name=\"a.jpg\"><mask label=\"c\" rle=\"4\" left=\"0\" top=\"0\" width=\"2\" height=\"2\"/>"
	 "</image></annotations>", "a", NULL, TLY_EINPUT,
	 "c.xml:1:34: <mask>: its <image> gives no width and height to place it on"},
	{IMG("<mask label=\"c\" rle=\"4\" left=\"0.5\" top=\"0\" width=\"2\" height=\"2\"/>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:57: <mask>: left: expected a whole number >= 0, got 0.5"},
	{IMG("<tag label=\"c\"><attribute name=\"n\">1</attribute><attribute name=\"n\">2</attribute></tag>"), "a", NULL,
	 TLY_EINPUT, "c.xml:1:105: <attribute name=\"n\"> given twice"},
	{IMG("<tag label=\"c\"><attribute>1</attribute></tag>"), "a", NULL, TLY_EINPUT,
	 "c.xml:1:72: <attribute>: missing name"},
	{"<annotations><image width=\"5\"/></annotations>", "a", NULL, TLY_EINPUT,
	 "c.xml:1:14: <image>: no file name in name=\"\""},
	{"<annotations><image name=\"a.jpg\" width=\"-5\"/></annotations>", "a", NULL, TLY_EINPUT,
	 "c.xml:1:14: <image>: width: expected a positive whole number, got \"-5\""},
	{"<annotations><image name=\"a.jpg\"/></annotations>", NULL, NULL, TLY_EINPUT,
	 "c.xml:1:14: no annotator: the file names no assignee or owner; pass --annotator"},
	{"<annotations><image name=\"a.jpg\"/>\n<image name=\"a.jpg\"><tag label=\"x\"/></image></annotations>", "a",
	 NULL, TLY_EINPUT,
	 "c.xml:2:1: <image name=\"a.jpg\"> listed again for a (first at line 1) with other content"},
	{"<annotations><image name=\"a.jpg\"/><meta/></annotations>", "a", NULL, TLY_EINPUT,
	 "c.xml:1:35: <meta> after the first <image>"},
	/* expat gives the position of the entity's value (column 25), as for VOC. */
	{"<!DOCTYPE a [<!ENTITY e \"x\">]><annotations/>", "a", "cvat", TLY_EINPUT,
	 "c.xml:1:25: entity declaration \"e\": not accepted"},
	/* One image in two annotators' tasks with two sizes: the batch refuses the second. */
	{"<annotations><meta><project><tasks><task><id>1</id><assignee>p</assignee></task><task><id>2</id>"
	 "<assignee>q</assignee></task></tasks></project></meta><image name=\"a.jpg\" width=\"5\" height=\"5\" "
	 "task_id=\"1\"/>\n<image name=\"a.jpg\" width=\"6\" height=\"5\" task_id=\"2\"/></annotations>", "a", NULL,
	 TLY_EINPUT, "c.xml:2:1: <image>: image a.jpg is 6x5 here but 5x5 earlier in the file"},
};

static void test_bad(void)
{
	check_bad_cases("c.xml", bad, sizeof(bad) / sizeof(bad[0]));
}

static void test_detect(void)
{
	static const char *const yes[] = {
		"<annotations>", "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations>\n<version>1.1",
		"<!-- CVAT -->\n<annotations/>"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		CU_ASSERT_STRING_EQUAL(tly_ingest_detect("c.xml", yes[i], strlen(yes[i])), "cvat");
	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("c.xml", "<annotation>", 12), "voc");
	CU_ASSERT_PTR_NULL(tly_ingest_detect("c.xml", "<annotationsx>", 14));
}

/*
 * datumaro's CVAT project export: three tasks (subsets Test, Train,
 * Validation) each list img0.jpg (8 x 8) and img1.jpg (10 x 10) with the
 * same shapes and task_id 39, whose owner is "tester" and assignee empty.
 * The repeats add nothing: 2 images, 2 submissions; img0's box xtl 0 ytl 2
 * xbr 4 ybr 4 -> [0, 2, 4, 2], occluded, 4 attributes; img1's polygon
 * (1,2) (3,4) (6,5) -> box [1, 2, 5, 3]; one polyline and one points skipped.
 */
static void test_external_project(void)
{
	char path[256];
	tly_batch b;

	if (!external("cvat/annotations.xml", path, sizeof(path)))
		return;
	CHECK_OK(read_file(&b, path, NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 2);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "img0.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 8);
	CU_ASSERT_EQUAL(b.images[1].height, 10);
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 2);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "tester");
	CU_ASSERT_STRING_EQUAL(b.subs[1].annotator, "tester");
	CU_ASSERT_EQUAL(b.n_repairs, 2);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "label1");
	CHECK_BOX(b.objs[0].geom, 0, 2, 4, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json,
			       "{\"occluded\":1,\"attributes\":{\"a1\":\"true\",\"a2\":\"v3\",\"a3\":\"0003\",\"a4\":\"2.4\"}}");
	CU_ASSERT_EQUAL(b.objs[1].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[1].geom, 1, 2, 5, 3);
	tly_batch_clear(&b);
}

/*
 * The example of CVAT's XML format page: task owner "admin" (no assignee);
 * filename000.jpg 1600 x 1200. Plate box 797.33..965.52 x 870.92..928.94:
 * w 168.19, h 58.02. The car polygon's points span x 528.40..1225.77 and y
 * 264.91..985.31. The 13 x 15 mask at (707, 888): its runs' foreground
 * (odd) entries 5+7+9+11+11+12+12+26+12+12+11+9+7+5 = 149 pixels; rows 7
 * and 8 are full (the 26-run), so all 13 columns and 15 rows are used:
 * box [707, 888, 13, 15]. Column 0 of the crop is set in rows 3..8 (the
 * rows whose first run is foreground), column 1 in rows 2..10, so the
 * image RLE starts 707 * 1200 + 888 + 3 = 849291 background, 6 set,
 * (1200 - 897) + 890 = 1193 background, 9 set. Polylines (2), points and
 * the skeleton are skipped; the tag is a labels submission.
 */
static void test_external_doc(void)
{
	char path[256];
	tly_batch b;
	tly_rle r;

	if (!external("cvat/xml_format.md-example.xml", path, sizeof(path)))
		return;
	CHECK_OK(read_file(&b, path, NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_EQUAL(b.images[0].width, 1600);
	CU_ASSERT_EQUAL(b.n_subs, 2);
	CU_ASSERT(find_sub(&b, "filename000.jpg", "admin", TLY_TASK_OBJECTS) < b.n_subs);
	CU_ASSERT(find_sub(&b, "filename000.jpg", "admin", TLY_TASK_LABELS) < b.n_subs);
	CU_ASSERT_EQUAL(b.n_repairs, 4);
	CU_ASSERT_EQUAL_FATAL(b.n_tags, 1);
	CU_ASSERT_STRING_EQUAL(b.tags[0].label, "good_frame");
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 3);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "plate");
	CHECK_NEAR(b.objs[0].geom.box.x, 797.33, 1e-9);
	CHECK_NEAR(b.objs[0].geom.box.w, 168.19, 1e-9);
	CHECK_NEAR(b.objs[0].geom.box.h, 58.02, 1e-9);
	CU_ASSERT_EQUAL(b.objs[1].geom.kind, TLY_GEOM_POLYGON);
	CHECK_NEAR(b.objs[1].geom.box.x, 528.40, 1e-9);
	CHECK_NEAR(b.objs[1].geom.box.y, 264.91, 1e-9);
	CHECK_NEAR(b.objs[1].geom.box.w, 1225.77 - 528.40, 1e-9);
	CHECK_NEAR(b.objs[1].geom.box.h, 985.31 - 264.91, 1e-9);
	CU_ASSERT_EQUAL(b.objs[2].geom.kind, TLY_GEOM_MASK);
	CHECK_BOX(b.objs[2].geom, 707, 888, 13, 15);
	mask_of(&r, b.objs[2].extra_json);
	CU_ASSERT_EQUAL(tly_rle_area(&r), 149);
	CU_ASSERT_FATAL(r.m > 4);
	CU_ASSERT_EQUAL(r.counts[0], 849291);
	CU_ASSERT_EQUAL(r.counts[1], 6);
	CU_ASSERT_EQUAL(r.counts[2], 1193);
	CU_ASSERT_EQUAL(r.counts[3], 9);
	tly_rle_clear(&r);
	tly_batch_clear(&b);
}

TLY_TESTS("ingest_cvat", {"basic", test_basic}, {"project", test_project}, {"annotator", test_annotator},
	  {"bad", test_bad}, {"detect", test_detect}, {"external_project", test_external_project},
	  {"external_doc", test_external_doc})
