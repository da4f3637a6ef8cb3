/*
 * COCO reader: every field of hand-written fixtures checked against values
 * read off the files by hand, the annotator rules of a merged export, and
 * bad inputs with their exact messages (SPEC §2, §3, §9).
 */
#include "ingest_test.h"

/* fixtures/ingest/coco/basic.json with --annotator alice. */
static void test_basic(void)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;
	size_t i;

	o.annotator = "alice";
	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, FIXTURE("ingest/coco/basic.json"), &o));
	CU_ASSERT_STRING_EQUAL(b.path, "fixtures/ingest/coco/basic.json");
	CU_ASSERT_STRING_EQUAL(b.format, "coco");
	CU_ASSERT_EQUAL(b.gold, 0);
	CU_ASSERT_EQUAL(b.n_repairs, 0);
	/* Images in file order, by basename ("train/a.jpg", "C:\data\b.png"). */
	CU_ASSERT_EQUAL_FATAL(b.n_images, 4);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "a.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 640);
	CU_ASSERT_EQUAL(b.images[0].height, 480);
	CU_ASSERT_STRING_EQUAL(b.images[1].name, "b.png");
	CU_ASSERT_EQUAL(b.images[1].width, 100);
	CU_ASSERT_EQUAL(b.images[1].height, 50);
	CU_ASSERT_STRING_EQUAL(b.images[2].name, "c.jpg");
	CU_ASSERT_EQUAL(b.images[2].width, 20);
	CU_ASSERT_EQUAL(b.images[2].height, 10);
	CU_ASSERT_STRING_EQUAL(b.images[3].name, "d.jpg");
	/*
	 * Submissions: created as annotations reach a.jpg (ann 10), b.png (12),
	 * c.jpg (13); then d.jpg, which has no annotation, gets its empty one.
	 */
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 4);
	for (i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(b.subs[i].image, i);
		CU_ASSERT_STRING_EQUAL(b.subs[i].annotator, "alice");
		CU_ASSERT_EQUAL(b.subs[i].task, TLY_TASK_OBJECTS);
	}
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 5);
	/* ann 10: category 1 = cat, bbox as written. */
	CU_ASSERT_EQUAL(b.objs[0].sub, 0);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "cat");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_BOX);
	CHECK_BOX(b.objs[0].geom, 10, 20, 30.5, 40);
	CU_ASSERT_EQUAL(b.objs[0].iscrowd, 0);
	CU_ASSERT_STRING_EQUAL(b.objs[0].source_ref, "annotations[0]");
	CU_ASSERT_PTR_NULL(b.objs[0].extra_json);
	/* ann 11: reaches outside the 640x480 image (x < 0, y + h = 490): kept as drawn. */
	CU_ASSERT_STRING_EQUAL(b.objs[1].label, "dog");
	CHECK_BOX(b.objs[1].geom, -5, 470, 20, 20);
	/* ann 12: a polygon on b.png, its bbox as the box, the polygon kept. */
	CU_ASSERT_EQUAL(b.objs[2].sub, 1);
	CU_ASSERT_EQUAL(b.objs[2].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[2].geom, 1, 2, 3, 4);
	CU_ASSERT_STRING_EQUAL(b.objs[2].extra_json, "{\"segmentation\":[[1,2,4,2,4,6]]}");
	/* ann 13: an RLE crowd region; size [10, 20] = c.jpg's height, width; runs 0 + 200 = 10*20. */
	CU_ASSERT_EQUAL(b.objs[3].sub, 2);
	CU_ASSERT_EQUAL(b.objs[3].geom.kind, TLY_GEOM_MASK);
	CU_ASSERT_EQUAL(b.objs[3].iscrowd, 1);
	CHECK_BOX(b.objs[3].geom, 0, 0, 20, 10);
	CU_ASSERT_STRING_EQUAL(b.objs[3].extra_json, "{\"segmentation\":{\"size\":[10,20],\"counts\":[0,200]}}");
	CU_ASSERT_STRING_EQUAL(b.objs[3].source_ref, "annotations[3]");
	/* ann 14: "segmentation": [] is a plain box. */
	CU_ASSERT_EQUAL(b.objs[4].sub, 0);
	CU_ASSERT_EQUAL(b.objs[4].geom.kind, TLY_GEOM_BOX);
	CU_ASSERT_PTR_NULL(b.objs[4].extra_json);
	CHECK_BOX(b.objs[4].geom, 1, 1, 2, 2);
	tly_batch_clear(&b);
}

static void test_gold_flag(void)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;

	o.annotator = "ref";
	o.gold = 1;
	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, FIXTURE("ingest/coco/basic.json"), &o));
	CU_ASSERT_EQUAL(b.gold, 1);
	tly_batch_clear(&b);
}

/*
 * fixtures/ingest/coco/merged.json names bob (annotator), 42 (numeric
 * user_id), carol (string user_id), dave (attributes.annotator); ann 5 has
 * both annotator "bob" and user_id 7: "annotator" wins. Everyone saw both
 * images: 2 x 4 = 8 submissions, the four created by annotations first.
 */
static void check_merged(const tly_batch *b)
{
	static const struct {
		size_t image;
		const char *who;
	} subs[8] = {{0, "bob"}, {0, "42"}, {1, "carol"}, {1, "dave"},
		     {0, "carol"}, {0, "dave"}, {1, "bob"}, {1, "42"}};
	static const size_t obj_sub[5] = {0, 1, 2, 3, 0};
	size_t i;

	CU_ASSERT_EQUAL_FATAL(b->n_images, 2);
	CU_ASSERT_EQUAL_FATAL(b->n_subs, 8);
	for (i = 0; i < 8; i++) {
		CU_ASSERT_EQUAL(b->subs[i].image, subs[i].image);
		CU_ASSERT_STRING_EQUAL(b->subs[i].annotator, subs[i].who);
	}
	CU_ASSERT_EQUAL_FATAL(b->n_objs, 5);
	for (i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(b->objs[i].sub, obj_sub[i]);
		CU_ASSERT_STRING_EQUAL(b->objs[i].label, "car");
		CHECK_BOX(b->objs[i].geom, (double)i, (double)i, 10, 10);
	}
}

static void test_merged(void)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;

	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, FIXTURE("ingest/coco/merged.json"), &o));
	check_merged(&b);
	tly_batch_clear(&b);
	/* --annotator is only the fallback: nobody here needs it, so zoe gets nothing. */
	o.annotator = "zoe";
	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, FIXTURE("ingest/coco/merged.json"), &o));
	check_merged(&b);
	tly_batch_clear(&b);
}

#define ONE_IMAGE "{\"images\":[{\"id\":1,\"file_name\":\"a.jpg\",\"width\":10,\"height\":10}," \
		  "{\"id\":2,\"file_name\":\"b.jpg\",\"width\":10,\"height\":10}]," \
		  "\"categories\":[{\"id\":1,\"name\":\"c\"}],\"annotations\":["

/* One named annotation and one unnamed: the unnamed one is --annotator's, who joins everyone. */
static void test_named_and_unnamed(void)
{
	static const char *text = ONE_IMAGE
		"{\"id\":1,\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,1,1],\"annotator\":\"bob\"},"
		"{\"id\":2,\"image_id\":2,\"category_id\":1,\"bbox\":[0,0,2,2]}]}";
	tly_batch b;

	CHECK_OK(parse_text(&b, "t.json", text, "zoe", NULL));
	/* (a, bob), (b, zoe) from the annotations; then (b, bob), (a, zoe). */
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 4);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "bob");
	CU_ASSERT_EQUAL(b.subs[0].image, 0);
	CU_ASSERT_STRING_EQUAL(b.subs[1].annotator, "zoe");
	CU_ASSERT_EQUAL(b.subs[1].image, 1);
	CU_ASSERT_STRING_EQUAL(b.subs[2].annotator, "zoe");
	CU_ASSERT_EQUAL(b.subs[2].image, 0);
	CU_ASSERT_STRING_EQUAL(b.subs[3].annotator, "bob");
	CU_ASSERT_EQUAL(b.subs[3].image, 1);
	CU_ASSERT_EQUAL(b.objs[1].sub, 1);
	tly_batch_clear(&b);
}

/* Images without annotations are submissions: "nothing here" (SPEC §3). */
static void test_images_only(void)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;

	o.annotator = "alice";
	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, FIXTURE("ingest/coco/images_only.json"), &o));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 2);
	CU_ASSERT_STRING_EQUAL(b.images[1].name, "q.jpg");
	CU_ASSERT_EQUAL(b.images[1].width, 0); /* no size given: unknown */
	CU_ASSERT_EQUAL(b.images[1].height, 0);
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 2);
	CU_ASSERT_STRING_EQUAL(b.subs[1].annotator, "alice");
	CU_ASSERT_EQUAL(b.n_objs, 0);
	tly_batch_clear(&b);

	o.annotator = NULL;
	tly_batch_init(&b);
	CU_ASSERT_EQUAL(tly_ingest_file(&b, FIXTURE("ingest/coco/images_only.json"), &o), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "fixtures/ingest/coco/images_only.json: no annotator: pass --annotator");
	tly_batch_clear(&b);
}

/* Line 6 holds 61 characters and the file ends there: the end is 6:62. */
static void test_truncated(void)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;

	o.annotator = "alice";
	tly_batch_init(&b);
	CU_ASSERT_EQUAL(tly_ingest_file(&b, FIXTURE("ingest/coco/truncated.json"), &o), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(),
			       "fixtures/ingest/coco/truncated.json:6:62: invalid JSON: unexpected end of input");
	tly_batch_clear(&b);
}

#define ANN(body) ONE_IMAGE "{\"id\":1,\"image_id\":1,\"category_id\":1," body "}]}"
#define BOX "\"bbox\":[1,2,3,4]"

static const bad_case bad_annotations[] = {
	{ANN("\"bbox\":\"1,2,3,4\""), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].bbox: expected an array, got a string"},
	{ANN("\"bbox\":[1,2,3]"), "a", NULL, TLY_EINPUT, "t.json: annotations[0].bbox: expected 4 numbers"},
	{ANN("\"bbox\":[1,2,3,4,5]"), "a", NULL, TLY_EINPUT, "t.json: annotations[0].bbox: expected 4 numbers"},
	{ANN("\"bbox\":[1,2,\"NaN\",4]"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].bbox: expected 4 numbers"},
	{ANN("\"bbox\":[1,2,1e999,4]"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].bbox[2]: not a finite number"},
	{ANN("\"bbox\":[1,2,-3,4]"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].bbox: width and height must be positive, got -3 x 4"},
	{ANN("\"bbox\":[1,2,3,0]"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].bbox: width and height must be positive, got 3 x 0"},
	{ANN("\"bbox\":[2e7,0,1,1]"), "a", NULL, TLY_ELIMIT,
	 "t.json: annotations[0].bbox[0]: 20000000 beyond TLY_MAX_COORD (1e+07)"},
	{ONE_IMAGE "{\"id\":1,\"image_id\":1,\"category_id\":9," BOX "}]}", "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].category_id: unknown category id 9"},
	{ONE_IMAGE "{\"id\":1,\"image_id\":3,\"category_id\":1," BOX "}]}", "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].image_id: unknown image id 3"},
	{ONE_IMAGE "{\"id\":1,\"image_id\":\"1\",\"category_id\":1," BOX "}]}", "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].image_id: expected a number, got a string"},
	{ONE_IMAGE "{\"id\":5,\"image_id\":1,\"category_id\":1," BOX "},"
		   "{\"id\":5,\"image_id\":2,\"category_id\":1," BOX "}]}", "a", NULL, TLY_EINPUT,
	 "t.json: annotations[1].id: duplicate annotation id 5 (also annotations[0])"},
	{ANN(BOX), NULL, NULL, TLY_EINPUT, "t.json: annotations[0]: no annotator: pass --annotator"},
	{ANN(BOX ",\"iscrowd\":2"), "a", NULL, TLY_EINPUT, "t.json: annotations[0].iscrowd: expected 0 or 1, got 2"},
	{ANN("\"area\":4"), "a", NULL, TLY_EINPUT, "t.json: annotations[0]: missing \"bbox\""},
	{ONE_IMAGE "5]}", "a", NULL, TLY_EINPUT, "t.json: annotations[0]: expected an object, got a number"},
	{ANN("\"image_id\":1," BOX), "a", NULL, TLY_EINPUT, "t.json: annotations[0]: key \"image_id\" appears twice"},
	{ANN(BOX ",\"user_id\":1.5"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].user_id: expected an integer id, got 1.5"},
	{ANN(BOX ",\"annotator\":\"\""), "a", NULL, TLY_EINPUT, "t.json: annotations[0].annotator: empty"},
	{ANN(BOX ",\"segmentation\":[[1,2,3]]"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].segmentation[0]: odd number of coordinates (3)"},
	{ANN(BOX ",\"segmentation\":[[1,2,\"x\",4,5,6]]"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].segmentation[0][2]: expected a number, got a string"},
	{ANN(BOX ",\"segmentation\":\"poly\""), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].segmentation: expected an array or an object, got a string"},
	/* a.jpg is 10x10: an RLE of size [5, 5] cannot be its mask. */
	{ANN(BOX ",\"segmentation\":{\"size\":[5,5],\"counts\":[25]}"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].segmentation.size: [5, 5] differs from the image's [height, width] [10, 10]"},
	{ANN(BOX ",\"segmentation\":{\"size\":[10,10],\"counts\":[0,50]}"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].segmentation.counts: runs sum to 50 pixels, not height*width = 100"},
	/* '~' (126) is past 'o' (111), the last character pycocotools' encoding uses. */
	{ANN(BOX ",\"segmentation\":{\"size\":[10,10],\"counts\":\"ab~\"}"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].segmentation.counts: not a COCO compressed RLE string (byte 2)"},
	{ANN(BOX ",\"segmentation\":{\"counts\":\"ab\"}"), "a", NULL, TLY_EINPUT,
	 "t.json: annotations[0].segmentation: missing \"size\""},
};

static void test_bad_annotations(void)
{
	check_bad_cases("t.json", bad_annotations, sizeof(bad_annotations) / sizeof(bad_annotations[0]));
}

#define DOC(images, cats) "{\"images\":[" images "],\"categories\":[" cats "],\"annotations\":[]}"
#define IMG(fields) "{\"id\":1,\"file_name\":\"a.jpg\"," fields "}"

static const bad_case bad_documents[] = {
	{DOC(IMG("\"width\":-5"), ""), "a", NULL, TLY_EINPUT,
	 "t.json: images[0].width: expected a positive integer, got -5"},
	{DOC(IMG("\"width\":0"), ""), "a", NULL, TLY_EINPUT,
	 "t.json: images[0].width: expected a positive integer, got 0"},
	{DOC(IMG("\"height\":1.5"), ""), "a", NULL, TLY_EINPUT,
	 "t.json: images[0].height: expected a positive integer, got 1.5"},
	{DOC(IMG("\"width\":\"10\""), ""), "a", NULL, TLY_EINPUT,
	 "t.json: images[0].width: expected a number, got a string"},
	{DOC(IMG("\"width\":200000"), ""), "a", NULL, TLY_ELIMIT,
	 "t.json: images[0].width: 200000 beyond TLY_MAX_IMAGE_SIDE (100000)"},
	{DOC("{\"id\":1.5,\"file_name\":\"a.jpg\"}", ""), "a", NULL, TLY_EINPUT,
	 "t.json: images[0].id: expected an integer id, got 1.5"},
	{DOC("{\"id\":1,\"file_name\":\"a.jpg\"},{\"id\":1,\"file_name\":\"b.jpg\"}", ""), "a", NULL, TLY_EINPUT,
	 "t.json: images[1].id: duplicate image id 1 (also images[0])"},
	{DOC("{\"id\":1,\"file_name\":\"a/x.jpg\"},{\"id\":2,\"file_name\":\"b/x.jpg\"}", ""), "a", NULL,
	 TLY_EINPUT, "t.json: images[1].file_name: x.jpg is also images[0] (images are identified by file name)"},
	{DOC("{\"id\":1,\"file_name\":\"dir/\"}", ""), "a", NULL, TLY_EINPUT,
	 "t.json: images[0].file_name: no file name in \"dir/\""},
	{DOC("{\"id\":1}", ""), "a", NULL, TLY_EINPUT, "t.json: images[0]: missing \"file_name\""},
	{DOC("", "{\"id\":1,\"name\":\"a\"},{\"id\":1,\"name\":\"b\"}"), "a", NULL, TLY_EINPUT,
	 "t.json: categories[1].id: duplicate category id 1 (also categories[0])"},
	{DOC("", "{\"id\":1,\"name\":\"\"}"), "a", NULL, TLY_EINPUT, "t.json: categories[0].name: empty"},
	{"{\"images\":{},\"annotations\":[]}", "a", NULL, TLY_EINPUT,
	 "t.json: images: expected an array, got an object"},
	{"{\"annotations\":[]}", "a", "coco", TLY_EINPUT, "t.json: missing \"images\""},
	{"[1]", "a", "coco", TLY_EINPUT, "t.json: expected a JSON object at the top, got an array"},
	{"[1]", "a", NULL, TLY_EINPUT, "t.json: cannot tell the format; pass --format"},
	{"", "a", "coco", TLY_EINPUT, "t.json: empty file"},
	/*
	 * "NaN" unquoted is no JSON. Before the N: {(1) "images"(8) :(1) [](2) ,(1)
	 * "annotations"(13) :(1) [(1) 1(1) ,(1) space(1) = 31 characters, so column 32.
	 */
	{"{\"images\":[],\"annotations\":[1, NaN]}", "a", NULL, TLY_EINPUT,
	 "t.json:1:32: invalid JSON: expected a value"},
};

static void test_bad_documents(void)
{
	check_bad_cases("t.json", bad_documents, sizeof(bad_documents) / sizeof(bad_documents[0]));
}

/*
 * datumaro's instances_val.json, read by hand: one image b.jpg 5x10, two
 * annotations on it: id 1 category 1 "a" with a polygon, iscrowd 0, bbox
 * [0, 0, 1, 2]; id 2 category 2 "b" with an uncompressed RLE (size [10, 5],
 * counts 0 + 20 + 30 = 50 = 10*5), iscrowd 1, bbox [0, 0, 1, 9].
 */
static void test_external(void)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	char path[256];
	tly_batch b;

	if (!external("coco/instances_val.json", path, sizeof(path)))
		return;
	o.annotator = "datumaro";
	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, path, &o));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "b.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 5);
	CU_ASSERT_EQUAL(b.images[0].height, 10);
	CU_ASSERT_EQUAL(b.n_subs, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "a");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_POLYGON);
	CHECK_BOX(b.objs[0].geom, 0, 0, 1, 2);
	CU_ASSERT_EQUAL(b.objs[0].iscrowd, 0);
	CU_ASSERT_STRING_EQUAL(b.objs[1].label, "b");
	CU_ASSERT_EQUAL(b.objs[1].geom.kind, TLY_GEOM_MASK);
	CHECK_BOX(b.objs[1].geom, 0, 0, 1, 9);
	CU_ASSERT_EQUAL(b.objs[1].iscrowd, 1);
	CU_ASSERT_STRING_EQUAL(b.objs[1].extra_json, "{\"segmentation\":{\"counts\":[0,20,30],\"size\":[10,5]}}");
	/* datumaro's attributes {"x": 1, "y": "hello"} on the polygon */
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json, "{\"segmentation\":[[0,0,1,0,1,2,0,2]],"
			       "\"attributes\":{\"x\":1,\"y\":\"hello\"}}");
	tly_batch_clear(&b);
}

/*
 * "attributes" as CVAT's COCO export writes them: kept in extra_json after
 * any segmentation, strings, booleans and numbers as JSON (2.0 is 2), null
 * members left out, an empty object as none.
 */
static void test_attributes(void)
{
	static const char doc[] =
		"{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 10, \"height\": 10}],"
		" \"categories\": [{\"id\": 1, \"name\": \"car\"}],"
		" \"annotations\": ["
		"{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 2, 2],"
		" \"attributes\": {\"occluded\": false, \"color\": \"red\", \"rotation\": 2.0, \"note\": null}},"
		"{\"id\": 2, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 2, 2],"
		" \"segmentation\": [[0, 0, 2, 0, 2, 2]], \"attributes\": {\"color\": \"blue\"}},"
		"{\"id\": 3, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 2, 2], \"attributes\": {}}]}";
	tly_batch b;

	CHECK_OK(parse_text(&b, "a.json", doc, "alice", NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 3);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json,
			       "{\"attributes\":{\"occluded\":false,\"color\":\"red\",\"rotation\":2}}");
	CU_ASSERT_STRING_EQUAL(b.objs[1].extra_json,
			       "{\"segmentation\":[[0,0,2,0,2,2]],\"attributes\":{\"color\":\"blue\"}}");
	CU_ASSERT_PTR_NULL(b.objs[2].extra_json);
	tly_batch_clear(&b);
}

static void test_bad_attributes(void)
{
	static const bad_case cases[] = {
		{ANN(BOX ",\"attributes\":[1]"), "a", NULL, TLY_EINPUT,
		 "a.json: annotations[0].attributes: expected an object, got an array"},
		{ANN(BOX ",\"attributes\":{\"c\":[1]}"), "a", NULL, TLY_EINPUT,
		 "a.json: annotations[0].attributes.c: expected a string, number or boolean, got an array"},
		{ANN(BOX ",\"attributes\":{\"\":1}"), "a", NULL, TLY_EINPUT,
		 "a.json: annotations[0].attributes: an attribute name must be 1 to 4096 bytes"},
		{ANN(BOX ",\"attributes\":{\"c\":1,\"c\":2}"), "a", NULL, TLY_EINPUT,
		 "a.json: annotations[0].attributes.c: given twice"},
	};

	check_bad_cases("a.json", cases, sizeof(cases) / sizeof(cases[0]));
}

TLY_TESTS("ingest_coco",
	  {"basic", test_basic},
	  {"gold_flag", test_gold_flag},
	  {"merged", test_merged},
	  {"named_and_unnamed", test_named_and_unnamed},
	  {"images_only", test_images_only},
	  {"truncated", test_truncated},
	  {"bad_annotations", test_bad_annotations},
	  {"bad_documents", test_bad_documents},
	  {"external", test_external},
	  {"attributes", test_attributes},
	  {"bad_attributes", test_bad_attributes})
