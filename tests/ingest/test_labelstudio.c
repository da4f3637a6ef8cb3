/*
 * Label Studio JSON export reader: fixtures/ingest/labelstudio/basic.json
 * (written by make_brush.py, whose brush encoder is independent of
 * tally's decoder) checked field by field against percentages worked into
 * pixels by hand, image names from data.image, choices as image labels,
 * bad input with exact JSON paths, detection, and the two real exports of
 * ../shared/fixtures-external when present.
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

static size_t find_sub(const tly_batch *b, const char *name, const char *who, tly_task task)
{
	size_t i;

	for (i = 0; i < b->n_subs; i++)
		if (strcmp(b->images[b->subs[i].image].name, name) == 0 && strcmp(b->subs[i].annotator, who) == 0 &&
		    b->subs[i].task == task)
			return i;
	return b->n_subs;
}

/* Objects of submission SUB. */
static size_t count_objs(const tly_batch *b, size_t sub)
{
	size_t i, n = 0;

	for (i = 0; i < b->n_objs; i++)
		n += b->objs[i].sub == sub;
	return n;
}

/*
 * basic.json. cat.jpg is 200 x 100 (original_width x original_height):
 * - ann@x.org: rectangle x 10 y 20 width 25 height 50 (percent) ->
 *   [10% of 200, 20% of 100, 25% of 200, 50% of 100] = [20, 20, 50, 50];
 *   polygon (10,10) (50,10) (50,60) percent -> (20,10) (100,10) (100,60),
 *   box [20, 10, 80, 50]; a keypoint skipped; a choice about the
 *   rectangle (same id "r1", from_name pose) is its attribute pose "sitting".
 * - user12 (completed_by 12), ground truth: x 50 y 10 width 10 height 20
 *   -> (100, 10), 20 x 20, turned 90 degrees clockwise about (100, 10):
 *   (dx, dy) -> (-dy, dx), corners (100,10) (120,10) (120,30) (100,30) go
 *   to (100,10) (100,30) (80,30) (80,10): box [80, 10, 20, 20].
 * - eve@x.org cancelled: not a submission. bob@x.org: empty result, an
 *   empty submission. The prediction is ignored.
 * dog one.png is 4 x 3: ann's brush paints (row, col) (0,1) (1,1) (1,2)
 * (2,2); column-major that is 0 0 0 | 1 1 0 | 0 1 1 | 0 0 0, runs
 * [3, 2, 2, 2, 3], box [1, 0, 2, 3]; user12's brush paints nothing (skipped).
 */
static void test_basic(void)
{
	static const uint32_t runs[] = {3, 2, 2, 2, 3};
	cJSON *extra;
	tly_batch b;
	tly_rle r;
	size_t i, s;

	CHECK_OK(read_file(&b, FIXTURE("ingest/labelstudio/basic.json"), NULL));
	CU_ASSERT_STRING_EQUAL(b.format, "labelstudio");
	CU_ASSERT_EQUAL_FATAL(b.n_images, 2);
	/* "/data/upload/3/1a2b3c4d-cat.jpg": the upload prefix dropped. */
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "cat.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 200);
	CU_ASSERT_EQUAL(b.images[0].height, 100);
	/* "http://host/imgs/dog%20one.png?token=abc". */
	CU_ASSERT_STRING_EQUAL(b.images[1].name, "dog one.png");
	CU_ASSERT_EQUAL(b.images[1].width, 4);
	CU_ASSERT_EQUAL(b.images[1].height, 3);
	CU_ASSERT_EQUAL(b.n_subs, 5);
	CU_ASSERT_EQUAL(b.n_tags, 0);
	CU_ASSERT_EQUAL(b.n_repairs, 2);
	s = find_sub(&b, "cat.jpg", "ann@x.org", TLY_TASK_OBJECTS);
	CU_ASSERT_FATAL(s < b.n_subs);
	CU_ASSERT_EQUAL(b.subs[s].gold, 0);
	CU_ASSERT_EQUAL(count_objs(&b, s), 2);
	s = find_sub(&b, "cat.jpg", "user12", TLY_TASK_OBJECTS);
	CU_ASSERT_FATAL(s < b.n_subs);
	CU_ASSERT_EQUAL(b.subs[s].gold, 1);
	CU_ASSERT_EQUAL(count_objs(&b, s), 1);
	s = find_sub(&b, "cat.jpg", "bob@x.org", TLY_TASK_OBJECTS);
	CU_ASSERT_FATAL(s < b.n_subs);
	CU_ASSERT_EQUAL(count_objs(&b, s), 0);
	CU_ASSERT_EQUAL(find_sub(&b, "cat.jpg", "eve@x.org", TLY_TASK_OBJECTS), b.n_subs);
	s = find_sub(&b, "dog one.png", "user12", TLY_TASK_OBJECTS);
	CU_ASSERT_FATAL(s < b.n_subs);
	/* gold belongs to the ground_truth annotation, not to the annotator. */
	CU_ASSERT_EQUAL(b.subs[s].gold, 0);
	CU_ASSERT_EQUAL(count_objs(&b, s), 0);
	CU_ASSERT_EQUAL(b.gold, 0);

	CU_ASSERT_EQUAL_FATAL(b.n_objs, 4);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "cat");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_BOX);
	CHECK_BOX(b.objs[0].geom, 20, 20, 50, 50);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json, "{\"attributes\":{\"pose\":\"sitting\"}}");
	CU_ASSERT_STRING_EQUAL(b.objs[0].source_ref, "[0].annotations[0].result[0]");
	CU_ASSERT_STRING_EQUAL(b.objs[1].label, "dog");
	CU_ASSERT_EQUAL(b.objs[1].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[1].geom, 20, 10, 80, 50);
	CU_ASSERT_STRING_EQUAL(b.objs[1].extra_json, "{\"segmentation\":[[20,10,100,10,100,60]]}");
	CU_ASSERT_EQUAL(b.objs[2].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[2].geom, 80, 10, 20, 20);
	CU_ASSERT_STRING_EQUAL(b.objs[2].extra_json, "{\"segmentation\":[[100,10,100,30,80,30,80,10]]}");
	CU_ASSERT_EQUAL(b.objs[3].geom.kind, TLY_GEOM_MASK);
	CHECK_BOX(b.objs[3].geom, 1, 0, 2, 3);
	extra = cJSON_Parse(b.objs[3].extra_json);
	{
		const cJSON *seg = cJSON_GetObjectItemCaseSensitive(extra, "segmentation");
		const cJSON *counts = cJSON_GetObjectItemCaseSensitive(seg, "counts");

		CU_ASSERT_FATAL(cJSON_IsString(counts));
		CHECK_OK(tly_rle_from_string(&r, 3, 4, counts->valuestring, strlen(counts->valuestring)));
	}
	cJSON_Delete(extra);
	CU_ASSERT_EQUAL_FATAL(r.m, 5);
	for (i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(r.counts[i], runs[i]);
	tly_rle_clear(&r);
	tly_batch_clear(&b);
}

/* One task with data.image = URL, annotated by user1 with nothing: the image's name. */
static void expect_name(const char *url, const char *name)
{
	char text[512];
	tly_batch b;

	snprintf(text, sizeof(text), "[{\"data\": {\"image\": \"%s\"}, \"annotations\": [{\"completed_by\": 1}]}]", url);
	CHECK_OK(parse_text(&b, "l.json", text, NULL, NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	if (strcmp(b.images[0].name, name) != 0)
		fprintf(stderr, "\n%s -> %s, expected %s\n", url, b.images[0].name, name);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, name);
	CU_ASSERT_EQUAL(b.n_subs, 1);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "user1");
	tly_batch_clear(&b);
}

static void test_image_names(void)
{
	expect_name("/data/upload/1/abc12345-name.jpg", "name.jpg");
	/* Older uploads have no prefix; a prefix-like name outside uploads is kept. */
	expect_name("/data/upload/Highway_1.jpg", "Highway_1.jpg");
	expect_name("s3://bucket/abc12345-name.jpg", "abc12345-name.jpg");
	/* Not 8 hex digits ('g'), or nothing after the dash: kept. */
	expect_name("/data/upload/1/abc1234g-x.jpg", "abc1234g-x.jpg");
	expect_name("/data/upload/1/abc12345-", "abc12345-");
	expect_name("/data/local-files/?d=photos/2021/x%C3%A9.jpg", "x\xc3\xa9.jpg");
	expect_name("https://h/p/a.png?X-Amz-Signature=1&d2=3#frag", "a.png");
	expect_name("C:\\\\data\\\\b.jpg", "b.jpg");
	expect_name("/image2", "image2");
	/* A '%' not followed by two hex digits stays. */
	expect_name("/x/100%25%zz.jpg", "100%%zz.jpg");
}

/* Choices only: labels submissions (an empty result answered "no label"), no objects ones. */
static void test_choices(void)
{
	tly_batch b;
	size_t s;

	CHECK_OK(parse_text(&b, "l.json",
			    "[{\"data\": {\"image\": \"a.jpg\"}, \"annotations\": ["
			    " {\"completed_by\": 1, \"result\": [{\"type\": \"choices\", \"from_name\": \"c\","
			    "  \"value\": {\"choices\": [\"cat\", \"indoor\"]}}]},"
			    " {\"completed_by\": {\"id\": 2, \"email\": \"\"}, \"result\": []}]},"
			    " {\"data\": {\"img\": \"b.jpg\", \"n\": 3}, \"annotations\": ["
			    " {\"completed_by\": 1, \"result\": [{\"type\": \"choices\", \"value\": {\"choices\": [\"dog\"]}}]}]}]",
			    NULL, NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 2);
	/* data has no "image": its only string, "img". */
	CU_ASSERT_STRING_EQUAL(b.images[1].name, "b.jpg");
	CU_ASSERT_EQUAL(b.n_subs, 3);
	CU_ASSERT_EQUAL(b.n_objs, 0);
	CU_ASSERT_EQUAL_FATAL(b.n_tags, 3);
	s = find_sub(&b, "a.jpg", "user1", TLY_TASK_LABELS);
	CU_ASSERT_EQUAL(b.tags[0].sub, s);
	CU_ASSERT_STRING_EQUAL(b.tags[0].label, "cat");
	CU_ASSERT_STRING_EQUAL(b.tags[1].label, "indoor");
	/* An empty email: the id names the annotator. */
	CU_ASSERT(find_sub(&b, "a.jpg", "user2", TLY_TASK_LABELS) < b.n_subs);
	CU_ASSERT_EQUAL(find_sub(&b, "a.jpg", "user2", TLY_TASK_OBJECTS), b.n_subs);
	tly_batch_clear(&b);
}

#define TASK(result) "[{\"data\": {\"image\": \"a.jpg\"}, \"annotations\": [{\"completed_by\": 1, \"result\": [" result "]}]}]"
#define RECT(value) "{\"type\": \"rectanglelabels\", \"original_width\": 10, \"original_height\": 10, \"value\": " value "}"
#define R0 "l.json: [0].annotations[0].result[0]"
#define RECT_ID(id, value) "{\"id\": " id ", \"type\": \"rectanglelabels\", \"original_width\": 10," \
			   " \"original_height\": 10, \"value\": " value "}"

static const bad_case bad[] = {
	{"{\"a\": 1}", NULL, "labelstudio", TLY_EINPUT, "l.json: expected a JSON array of tasks at the top, got an object"},
	{"[{\"data\": {}}, 1]", NULL, "labelstudio", TLY_EINPUT, "l.json: [1]: expected a task object, got a number"},
	{"[{\"data\": {\"a\": \"x\", \"b\": \"y\"}, \"annotations\": [{\"completed_by\": 1}]}]", NULL, NULL, TLY_EINPUT,
	 "l.json: [0].data: missing \"image\""},
	{"[{\"data\": {\"image\": \"\"}, \"annotations\": [{\"completed_by\": 1}]}]", NULL, NULL, TLY_EINPUT,
	 "l.json: [0].data.image: no file name (valid UTF-8) in \"\""},
	{"[{\"data\": {\"image\": \"a%00b.jpg\"}, \"annotations\": [{\"completed_by\": 1}]}]", NULL, NULL, TLY_EINPUT,
	 "l.json: [0].data.image: %00 in \"a%00b.jpg\""},
	{"[{\"data\": {\"image\": \"a.jpg\"}, \"annotations\": [{\"result\": []}]}]", NULL, NULL, TLY_EINPUT,
	 "l.json: [0].annotations[0]: no annotator (completed_by): pass --annotator"},
	{"[{\"data\": {\"image\": \"a.jpg\"}, \"annotations\": [{\"completed_by\": {\"email\": \"\"}}]}]", NULL, NULL,
	 TLY_EINPUT, "l.json: [0].annotations[0].completed_by: missing \"id\""},
	{"[{\"data\": {\"image\": \"a.jpg\"}, \"annotations\": [{\"completed_by\": 1.5}]}]", NULL, NULL, TLY_EINPUT,
	 "l.json: [0].annotations[0].completed_by: expected an integer id, got 1.5"},
	{"[{\"data\": {\"image\": \"a.jpg\"}, \"annotations\": [{\"completed_by\": 1, \"was_cancelled\": 0}]}]", NULL,
	 NULL, TLY_EINPUT, "l.json: [0].annotations[0].was_cancelled: expected a boolean, got a number"},
	{"[{\"data\": {\"image\": \"a.jpg\"}, \"annotations\": [{\"completed_by\": 1}]},"
	 " {\"data\": {\"image\": \"/x/a.jpg\"}, \"annotations\": [{\"completed_by\": 1}]}]", NULL, NULL, TLY_EINPUT,
	 "l.json: [1].annotations[0]: user1 annotated a.jpg again (also [0].annotations[0])"},
	{TASK("{\"value\": {}}"), NULL, NULL, TLY_EINPUT, R0 ": missing \"type\""},
	/* Percentages outside [0, 100], and rectangles reaching past the far edge. */
	{TASK(RECT("{\"x\": -5, \"y\": 0, \"width\": 10, \"height\": 10, \"rectanglelabels\": [\"c\"]}")), NULL, NULL,
	 TLY_EINPUT, R0 ".value.x: -5 is outside [0, 100] (percent of the image width)"},
	{TASK(RECT("{\"x\": 90, \"y\": 0, \"width\": 20, \"height\": 10, \"rectanglelabels\": [\"c\"]}")), NULL, NULL,
	 TLY_EINPUT, R0 ".value: x + width = 110 is beyond 100 (percent of the image width)"},
	{TASK(RECT("{\"x\": 0, \"y\": 0, \"width\": 10, \"height\": 0, \"rectanglelabels\": [\"c\"]}")), NULL, NULL,
	 TLY_EINPUT, R0 ".value.height: must be positive, got 0"},
	{TASK(RECT("{\"x\": 0, \"y\": 0, \"width\": 10, \"height\": 5, \"rectanglelabels\": [\"c\", \"d\"]}")), NULL, NULL,
	 TLY_EINPUT, R0 ".value.rectanglelabels: 2 labels on one region (tally votes one label per object)"},
	{TASK(RECT("{\"x\": 0, \"y\": 0, \"width\": 10, \"height\": 5, \"rectanglelabels\": [7]}")), NULL, NULL,
	 TLY_EINPUT, R0 ".value.rectanglelabels[0]: expected a label, got a number"},
	{TASK("{\"type\": \"rectanglelabels\", \"original_width\": 10, \"value\": {}}"), NULL, NULL, TLY_EINPUT,
	 R0 ": missing \"original_height\" (percentages need the image size)"},
	{TASK("{\"type\": \"rectanglelabels\", \"original_width\": 10, \"original_height\": 10, \"image_rotation\": 90,"
	      " \"value\": {}}"), NULL, NULL, TLY_EINPUT,
	 R0 ".image_rotation: 90: regions on a rotated image are not read"},
	{TASK("{\"type\": \"polygonlabels\", \"original_width\": 10, \"original_height\": 10, \"value\":"
	      " {\"points\": [[1, 1], [2, 2]], \"polygonlabels\": [\"c\"]}}"), NULL, NULL, TLY_EINPUT,
	 R0 ".value.points: a polygon needs at least 3 points, got 2"},
	{TASK("{\"type\": \"polygonlabels\", \"original_width\": 10, \"original_height\": 10, \"value\":"
	      " {\"points\": [[1, 1], [101, 2], [3, 3]], \"polygonlabels\": [\"c\"]}}"), NULL, NULL, TLY_EINPUT,
	 R0 ".value.points[1][0]: 101 is outside [0, 100] (percent of the image width)"},
	{TASK("{\"type\": \"polygonlabels\", \"original_width\": 10, \"original_height\": 10, \"value\":"
	      " {\"points\": [[1, 1], [2], [3, 3]], \"polygonlabels\": [\"c\"]}}"), NULL, NULL, TLY_EINPUT,
	 R0 ".value.points[1]: expected [x, y]"},
	/* A 1 x 1 brush (num 4) on a 2 x 2 image. */
	{TASK("{\"type\": \"brushlabels\", \"original_width\": 2, \"original_height\": 2, \"value\": {\"format\": \"rle\","
	      " \"rle\": [0, 0, 0, 4, 57, 27, 252, 64, 0, 127, 128], \"brushlabels\": [\"c\"]}}"), NULL, NULL, TLY_EINPUT,
	 R0 ".value.rle: brush RLE: holds 4 values, not width*height*4 = 2*2*4 = 16"},
	{TASK("{\"type\": \"brushlabels\", \"original_width\": 2, \"original_height\": 2, \"value\":"
	      " {\"rle\": [0, 0, 256], \"brushlabels\": [\"c\"]}}"), NULL, NULL, TLY_EINPUT,
	 R0 ".value.rle[2]: expected a byte (0..255)"},
	{TASK("{\"type\": \"brushlabels\", \"original_width\": 2, \"original_height\": 2, \"value\":"
	      " {\"format\": \"png\", \"rle\": [], \"brushlabels\": [\"c\"]}}"), NULL, NULL, TLY_EINPUT,
	 R0 ".value.format: \"png\": only \"rle\" brushes are read"},
	{TASK("{\"type\": \"choices\", \"value\": {\"choices\": [\"\"]}}"), NULL, NULL, TLY_EINPUT,
	 R0 ".value.choices[0]: expected a label"},
	{TASK("{\"type\": \"choices\", \"value\": 3}"), NULL, NULL, TLY_EINPUT,
	 R0 ".value: expected an object, got a number"},
};

/*
 * Per-region attributes: results sharing the rectangle's id "a" in any
 * order: Choices ["red", "blue"] (joined ", "), TextArea ["one", "two"]
 * (joined by a newline), Number 3.5, Rating 4; a TextArea about another
 * id "z" (no such region) is skipped and counted. A polygon's attribute
 * follows its segmentation.
 */
static void test_region_attributes(void)
{
	static const char text[] = TASK(
		"{\"id\": \"a\", \"type\": \"choices\", \"from_name\": \"colors\", \"value\": {\"choices\": [\"red\", \"blue\"]}},"
		RECT_ID("\"a\"", "{\"x\": 0, \"y\": 0, \"width\": 10, \"height\": 10, \"rectanglelabels\": [\"car\"]}") ","
		"{\"id\": \"a\", \"type\": \"textarea\", \"from_name\": \"note\", \"value\": {\"text\": [\"one\", \"two\"]}},"
		"{\"id\": \"a\", \"type\": \"number\", \"from_name\": \"count\", \"value\": {\"number\": 3.5}},"
		"{\"id\": \"a\", \"type\": \"rating\", \"from_name\": \"stars\", \"value\": {\"rating\": 4}},"
		"{\"id\": \"z\", \"type\": \"textarea\", \"from_name\": \"note\", \"value\": {\"text\": [\"x\"]}},"
		"{\"id\": \"p\", \"type\": \"polygonlabels\", \"original_width\": 10, \"original_height\": 10,"
		" \"value\": {\"points\": [[0, 0], [50, 0], [50, 50]], \"polygonlabels\": [\"car\"]}},"
		"{\"id\": \"p\", \"type\": \"choices\", \"from_name\": \"colors\", \"value\": {\"choices\": [\"red\"]}}");
	tly_batch b;

	CHECK_OK(parse_text(&b, "l.json", text, NULL, NULL));
	CU_ASSERT_EQUAL(b.n_tags, 0);
	CU_ASSERT_EQUAL(b.n_repairs, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json, "{\"attributes\":{\"colors\":\"red, blue\",\"note\":\"one\\ntwo\","
			       "\"count\":3.5,\"stars\":4}}");
	CU_ASSERT_STRING_EQUAL(b.objs[1].extra_json, "{\"segmentation\":[[0,0,5,0,5,5]],\"attributes\":{\"colors\":\"red\"}}");
	tly_batch_clear(&b);
}

static const bad_case bad_attributes[] = {
	{TASK(RECT_ID("\"a\"", "{\"x\": 0, \"y\": 0, \"width\": 10, \"height\": 10, \"rectanglelabels\": [\"c\"]}") ","
	      "{\"id\": \"a\", \"type\": \"number\", \"from_name\": \"n\", \"value\": {\"number\": \"3\"}}"), NULL, NULL,
	 TLY_EINPUT, "l.json: [0].annotations[0].result[1].value.number: expected a number, got a string"},
	{TASK(RECT_ID("\"a\"", "{\"x\": 0, \"y\": 0, \"width\": 10, \"height\": 10, \"rectanglelabels\": [\"c\"]}") ","
	      "{\"id\": \"a\", \"type\": \"choices\", \"from_name\": \"n\", \"value\": {\"choices\": [\"x\"]}},"
	      "{\"id\": \"a\", \"type\": \"textarea\", \"from_name\": \"n\", \"value\": {\"text\": [\"y\"]}}"), NULL, NULL,
	 TLY_EINPUT, "l.json: [0].annotations[0].result[2].from_name: \"n\" describes the region twice"},
	{TASK(RECT_ID("\"a\"", "{\"x\": 0, \"y\": 0, \"width\": 10, \"height\": 10, \"rectanglelabels\": [\"c\"]}") ","
	      "{\"id\": \"a\", \"type\": \"choices\", \"value\": {\"choices\": [\"x\"]}}"), NULL, NULL,
	 TLY_EINPUT, "l.json: [0].annotations[0].result[1].from_name: expected a name of 1 to 4096 bytes"},
	{TASK(RECT_ID("\"a\"", "{\"x\": 0, \"y\": 0, \"width\": 10, \"height\": 10, \"rectanglelabels\": [\"c\"]}") ","
	      "{\"id\": \"a\", \"type\": \"choices\", \"from_name\": \"n\", \"value\": {\"choices\": [1]}}"), NULL, NULL,
	 TLY_EINPUT, "l.json: [0].annotations[0].result[1].value.choices[0]: expected a string, got a number"},
};

static void test_bad_attributes(void)
{
	check_bad_cases("l.json", bad_attributes, sizeof(bad_attributes) / sizeof(bad_attributes[0]));
}

static void test_bad(void)
{
	check_bad_cases("l.json", bad, sizeof(bad) / sizeof(bad[0]));
}

static void test_detect(void)
{
	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("l.json", "[{\"id\": 1, \"annotations\": []}]", 30), "labelstudio");
	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("l.json", " [ {\"data\": {}} ]", 17), "labelstudio");
	CU_ASSERT_PTR_NULL(tly_ingest_detect("l.json", "[{}]", 4));
	CU_ASSERT_PTR_NULL(tly_ingest_detect("l.json", "[1, {\"data\": {}}]", 17));
	CU_ASSERT_PTR_NULL(tly_ingest_detect("l.json", "[]", 2));
}

/*
 * label-studio-evalme's test_bbox.json: 5 images (320 x 240), each
 * annotated by the same 3 users (completed_by objects with emails); boxes
 * per annotator and image, by task 187, 188, 191, 190, 189:
 * pagocmb@bk.ru 6 6 5 6 7, anna@ai.com 6 6 5 6 7, jack@ai.com 7 6 5 6 7.
 * The first box, x 36.25 y 61.666666666666664 width 8.125 height
 * 9.583333333333334 percent: 36.25 * 3.2 = 116, 61.666...% of 240 = 148,
 * 8.125 * 3.2 = 26, 9.5833...% of 240 = 23. One prediction per task: ignored.
 */
static void test_external_bbox(void)
{
	static const char *const who[3] = {"pagocmb@bk.ru", "anna@ai.com", "jack@ai.com"};
	static const size_t per[3] = {30, 30, 31};
	char path[256];
	tly_batch b;
	size_t i, k, n;

	if (!external("label-studio/test_bbox.json", path, sizeof(path)))
		return;
	CHECK_OK(read_file(&b, path, NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 5);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "Highway20030201_1002591.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 320);
	CU_ASSERT_EQUAL(b.images[0].height, 240);
	CU_ASSERT_EQUAL(b.n_subs, 15);
	CU_ASSERT_EQUAL(b.n_objs, 91);
	CU_ASSERT_EQUAL(b.n_repairs, 0);
	for (k = 0; k < 3; k++) {
		for (i = n = 0; i < b.n_subs; i++)
			if (strcmp(b.subs[i].annotator, who[k]) == 0)
				n += count_objs(&b, i);
		CU_ASSERT_EQUAL(n, per[k]);
	}
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "Car");
	CHECK_NEAR(b.objs[0].geom.box.x, 116, 1e-9);
	CHECK_NEAR(b.objs[0].geom.box.y, 148, 1e-9);
	CHECK_NEAR(b.objs[0].geom.box.w, 26, 1e-9);
	CHECK_NEAR(b.objs[0].geom.box.h, 23, 1e-9);
	tly_batch_clear(&b);
}

/*
 * label-studio-converter's data_polygons.json: one task, data.image
 * "/image2", completed_by 1 -> "user1"; one 37-point polygon on a 640 x
 * 426 image whose first point (60, 19.55922865013774) percent is
 * (384, 19.55922865013774 * 4.26 = 83.32231404958677) pixels.
 */
static void test_external_polygons(void)
{
	char path[256];
	tly_batch b;
	cJSON *extra;
	const cJSON *pt;

	if (!external("label-studio/data_polygons.json", path, sizeof(path)))
		return;
	CHECK_OK(read_file(&b, path, NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "image2");
	CU_ASSERT_EQUAL(b.images[0].width, 640);
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 1);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "user1");
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 1);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "Airplane");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_POLYGON);
	extra = cJSON_Parse(b.objs[0].extra_json);
	pt = cJSON_GetObjectItemCaseSensitive(extra, "segmentation")->child;
	CU_ASSERT_EQUAL(cJSON_GetArraySize(pt), 74);
	CHECK_NEAR(cJSON_GetArrayItem(pt, 0)->valuedouble, 384, 1e-9);
	CHECK_NEAR(cJSON_GetArrayItem(pt, 1)->valuedouble, 83.32231404958677, 1e-9);
	cJSON_Delete(extra);
	tly_batch_clear(&b);
}

TLY_TESTS("ingest_labelstudio", {"basic", test_basic}, {"image_names", test_image_names},
	  {"choices", test_choices}, {"bad", test_bad}, {"detect", test_detect},
	  {"external_bbox", test_external_bbox}, {"external_polygons", test_external_polygons},
	  {"region_attributes", test_region_attributes}, {"bad_attributes", test_bad_attributes})
