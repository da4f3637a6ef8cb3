/*
 * COCO panoptic reader: fixtures/ingest/panoptic/panoptic_a.json and its
 * PNGs (made by fixtures/ingest/png/make_pngs.py) decoded into label maps
 * and thing masks compared pixel by pixel with hand-worked grids; the
 * panopticapi sample file checked against its own segments_info areas;
 * bad documents with their exact messages.
 */
#include <cjson/cJSON.h>

#include "seg_test.h"

#define I TLY_LABEL_IGNORE
#define FIX "fixtures/ingest/panoptic/panoptic_a.json"

static int read_file(tly_batch *b, const char *path, const char *annotator, const char *images)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;

	o.annotator = annotator;
	o.images_dir = images;
	tly_batch_init(b);
	return tly_ingest_file(b, path, &o);
}

/*
 * p1.png (5 x 4, in panoptic_a/ as COCO lays it out) holds segment ids
 *   1     1     256   256   256
 *   1     70000 70000 256   0
 *   0     70000 3     3     256
 *   256   256   3     0     256
 * (70000 = 112 + 256 * 17 + 65536 * 1, stored as RGB (112, 17, 1)).
 * Segments: 1 person, 70000 person (crowd), 256 grass (stuff), 3 car.
 * The label map is their categories, void (0) ignored:
 *   1 1 100 100 100 / 1 1 1 100 I / I 1 2 2 100 / 100 100 2 I 100.
 * Thing masks, column-major index x * 4 + y:
 *   id 1: (0,0) (0,1) (1,0) -> 0 1 4 -> runs 0 2 2 1 15; string: 0 '0',
 *     2 '2', 2 '2', 1-2 = -1 -> 31 'O', 15-2 = 13 -> 13+48 '=': "022O=";
 *     box [0, 0, 2, 2].
 *   id 70000: (1,1) (1,2) (2,1) -> 5 6 9 -> 5 2 2 1 10 -> "522O8"; box [1, 1, 2, 2].
 *   id 3: (2,2) (2,3) (3,2) -> 10 11 14 -> 10 2 2 1 5: 10 -> 58 ':',
 *     then "22O", 5-2 = 3 '3': ":22O3"; box [2, 2, 2, 2].
 * p2.png (3 x 2 RGBA, beside the JSON): ids 5 5 5 / 9 9 0; 5 sky (stuff),
 * 9 person: map 200 200 200 / 1 1 I; person mask (0,1) (1,1) -> indices
 * 1 3 of 6 -> runs 1 1 1 1 2 -> '1' '1' '1', 1-1 = 0 '0', 2-1 = 1 '1':
 * "11101"; box [0, 1, 2, 1]. p3.jpg has no annotation: a submission with
 * nothing in it, and no map.
 */
static void test_fixture(void)
{
	static const uint32_t map1[20] = {1, 1, 100, 100, 100, 1, 1, 1, 100, I,
					  I, 1, 2, 2, 100, 100, 100, 2, I, 100};
	static const uint32_t map2[6] = {200, 200, 200, 1, 1, I};
	tly_batch b;
	size_t i;

	CHECK_OK(read_file(&b, FIX, "olga", NULL));
	CU_ASSERT_STRING_EQUAL(b.format, "coco_panoptic");
	CU_ASSERT_EQUAL_FATAL(b.n_images, 3);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "p1.jpg");
	CU_ASSERT_STRING_EQUAL(b.images[1].name, "p2.jpg");
	CU_ASSERT_STRING_EQUAL(b.images[2].name, "p3.jpg");
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 3);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(b.subs[i].image, i);
		CU_ASSERT_STRING_EQUAL(b.subs[i].annotator, "olga");
		CU_ASSERT_EQUAL(b.subs[i].task, TLY_TASK_OBJECTS);
	}
	CU_ASSERT_EQUAL_FATAL(b.n_maps, 2);
	CU_ASSERT_EQUAL(b.maps[0].image, 0);
	CU_ASSERT_EQUAL(b.maps[0].panoptic, 1);
	CU_ASSERT_EQUAL(b.maps[0].ignore_value, -1);
	CU_ASSERT_STRING_EQUAL(b.maps[0].annotator, "olga");
	CU_ASSERT_STRING_EQUAL(b.maps[0].source_ref, "fixtures/ingest/panoptic/panoptic_a/p1.png");
	check_map(&b.maps[0].map, 5, 4, map1);
	CU_ASSERT_EQUAL_FATAL(b.maps[0].n_classes, 3);
	CHECK_CLASS(b.maps[0].classes[0], 1, "person", 1);
	CHECK_CLASS(b.maps[0].classes[1], 2, "car", 1);
	CHECK_CLASS(b.maps[0].classes[2], 100, "grass", 0);
	CU_ASSERT_EQUAL(b.maps[1].image, 1);
	CU_ASSERT_STRING_EQUAL(b.maps[1].source_ref, "fixtures/ingest/panoptic/p2.png");
	check_map(&b.maps[1].map, 3, 2, map2);
	CU_ASSERT_EQUAL_FATAL(b.maps[1].n_classes, 2);
	CHECK_CLASS(b.maps[1].classes[0], 1, "person", 1);
	CHECK_CLASS(b.maps[1].classes[1], 200, "sky", 0);

	CU_ASSERT_EQUAL_FATAL(b.n_objs, 4);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "person");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_MASK);
	CU_ASSERT_EQUAL(b.objs[0].iscrowd, 0);
	CU_ASSERT_EQUAL(b.objs[0].sub, 0);
	CU_ASSERT_STRING_EQUAL(b.objs[0].source_ref, "annotations[0].segments_info[0]");
	CHECK_BOX(b.objs[0].geom, 0, 0, 2, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json, "{\"segmentation\":{\"size\":[4,5],\"counts\":\"022O=\"}}");
	check_mask(&b.objs[0], 5, 4, "##..." "#...." "....." ".....");
	CU_ASSERT_STRING_EQUAL(b.objs[1].label, "person");
	CU_ASSERT_EQUAL(b.objs[1].iscrowd, 1);
	CU_ASSERT_STRING_EQUAL(b.objs[1].source_ref, "annotations[0].segments_info[1]");
	CHECK_BOX(b.objs[1].geom, 1, 1, 2, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[1].extra_json, "{\"segmentation\":{\"size\":[4,5],\"counts\":\"522O8\"}}");
	check_mask(&b.objs[1], 5, 4, "....." ".##.." ".#..." ".....");
	CU_ASSERT_STRING_EQUAL(b.objs[2].label, "car");
	CU_ASSERT_STRING_EQUAL(b.objs[2].source_ref, "annotations[0].segments_info[3]");
	CHECK_BOX(b.objs[2].geom, 2, 2, 2, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[2].extra_json, "{\"segmentation\":{\"size\":[4,5],\"counts\":\":22O3\"}}");
	check_mask(&b.objs[2], 5, 4, "....." "....." "..##." "..#..");
	CU_ASSERT_STRING_EQUAL(b.objs[3].label, "person");
	CU_ASSERT_EQUAL(b.objs[3].sub, 1);
	CHECK_BOX(b.objs[3].geom, 0, 1, 2, 1);
	CU_ASSERT_STRING_EQUAL(b.objs[3].extra_json, "{\"segmentation\":{\"size\":[2,3],\"counts\":\"11101\"}}");
	check_mask(&b.objs[3], 3, 2, "..." "##.");
	tly_batch_clear(&b);
}

/* The batch hash covers the PNGs: the JSON's, then p1.png's and p2.png's folded in, in annotation order. */
static void test_hash(void)
{
	char json[65], p1[65], p2[65], step[65], want[65];
	tly_batch b;

	file_sha256(json, FIX);
	file_sha256(p1, "fixtures/ingest/panoptic/panoptic_a/p1.png");
	file_sha256(p2, "fixtures/ingest/panoptic/p2.png");
	fold_sha256(step, json, p1);
	fold_sha256(want, step, p2);
	CHECK_OK(read_file(&b, FIX, "olga", NULL));
	CU_ASSERT_STRING_EQUAL(b.sha256, want);
	tly_batch_clear(&b);
}

#define CATS "\"categories\":[{\"id\":1,\"name\":\"person\",\"isthing\":1},{\"id\":2,\"name\":\"car\",\"isthing\":1}," \
	"{\"id\":100,\"name\":\"grass\",\"isthing\":0}]"
#define IMG1(w) "\"images\":[{\"id\":1,\"file_name\":\"p1.jpg\",\"width\":" w ",\"height\":4}]"
#define SEG(id, cat) "{\"id\":" id ",\"category_id\":" cat "}"
#define SEGS4 SEG("1", "1") "," SEG("70000", "1") "," SEG("256", "100") "," SEG("3", "2")
#define ANN(extra, segs) "{\"image_id\":1,\"file_name\":\"p1.png\"" extra ",\"segments_info\":[" segs "]}"
#define DOC(w, anns) "{" IMG1(w) ",\"annotations\":[" anns "]," CATS "}"
#define PNG1 "fixtures/ingest/panoptic/panoptic_a/p1.png"

/* Who drew comes from the file when it says (here "annotator"), as for COCO detection. */
static void test_annotator_in_file(void)
{
	tly_batch b;

	CHECK_OK(parse_text(&b, FIX, DOC("5", ANN(",\"annotator\":\"pam\"", SEGS4)), NULL, NULL));
	CU_ASSERT_STRING_EQUAL(b.format, "coco_panoptic");
	CU_ASSERT_EQUAL_FATAL(b.n_maps, 1);
	CU_ASSERT_STRING_EQUAL(b.maps[0].annotator, "pam");
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 1);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "pam");
	CU_ASSERT_EQUAL(b.n_objs, 3);
	tly_batch_clear(&b);
	/* Sizes left out of images[] are taken from the PNG. */
	CHECK_OK(parse_text(&b, FIX, "{\"images\":[{\"id\":1,\"file_name\":\"p1.jpg\"}],\"annotations\":["
			    ANN("", SEGS4) "]," CATS "}", "olga", NULL));
	CU_ASSERT_EQUAL(b.images[0].width, 5);
	CU_ASSERT_EQUAL(b.images[0].height, 4);
	tly_batch_clear(&b);
}

static const bad_case bad[] = {
	{DOC("5", ANN("", SEG("1", "1") "," SEG("70000", "1") "," SEG("256", "100"))), "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[0]: segment id 3 at pixel (2, 2) of " PNG1 " is not in segments_info"},
	{DOC("5", ANN("", SEGS4 "," SEG("4", "2"))), "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[0].segments_info[4]: segment id 4 is not in " PNG1},
	{DOC("6", ANN("", SEGS4)), "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[0]: PNG " PNG1 " is 5x4 but image p1.jpg is 6x4"},
	{"{" IMG1("5") ",\"annotations\":[{\"image_id\":1,\"file_name\":\"nope.png\",\"segments_info\":[]}]," CATS "}",
	 "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[0].file_name: no PNG nope.png in fixtures/ingest/panoptic/panoptic_a/ or "
	 "fixtures/ingest/panoptic/"},
	{DOC("5", ANN("", SEG("0", "1"))), "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[0].segments_info[0].id: 0 is not a segment id (1 to 16777215; 0 is void)"},
	{DOC("5", ANN("", SEG("16777216", "1"))), "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[0].segments_info[0].id: 16777216 is not a segment id (1 to 16777215; 0 is void)"},
	{DOC("5", ANN("", SEGS4 "," SEG("3", "1"))), "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[0].segments_info[4].id: segment id 3 is also segments_info[3]"},
	{DOC("5", ANN("", SEG("1", "7"))), "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[0].segments_info[0].category_id: unknown category id 7"},
	{DOC("5", ANN("", "{\"id\":1,\"category_id\":1,\"iscrowd\":2}")), "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[0].segments_info[0].iscrowd: expected 0 or 1, got 2"},
	{DOC("5", ANN("", SEGS4)), NULL, NULL, TLY_EINPUT, FIX ": annotations[0]: no annotator: pass --annotator"},
	{DOC("5", ANN("", SEGS4) "," ANN("", SEGS4)), "olga", NULL, TLY_EINPUT,
	 FIX ": annotations[1]: a second label map of image p1.jpg by olga"},
	{"{" IMG1("5") ",\"annotations\":[{\"image_id\":2,\"file_name\":\"p1.png\",\"segments_info\":[]}]," CATS "}",
	 "olga", NULL, TLY_EINPUT, FIX ": annotations[0].image_id: unknown image id 2"},
	{"{" IMG1("5") ",\"annotations\":[" ANN("", SEGS4) "],\"categories\":[{\"id\":1,\"name\":\"person\"}]}",
	 "olga", NULL, TLY_EINPUT, FIX ": categories[0]: missing \"isthing\""},
	{"{" IMG1("5") ",\"annotations\":[" ANN("", SEGS4) "],\"categories\":[{\"id\":-1,\"name\":\"p\",\"isthing\":0}]}",
	 "olga", NULL, TLY_EINPUT, FIX ": categories[0].id: -1 is outside 0..4294967294"},
	{"{\"images\":[{\"id\":1,\"file_name\":\"p1.jpg\"},{\"id\":2,\"file_name\":\"x/p1.jpg\"}],"
	 "\"annotations\":[]," CATS "}", "olga", "coco_panoptic", TLY_EINPUT,
	 FIX ": images[1].file_name: p1.jpg is also images[0] (images are identified by file name)"},
	{"{" IMG1("5") ",\"annotations\":[" ANN("", SEGS4) "]}", "olga", "coco_panoptic", TLY_EINPUT,
	 FIX ": missing \"categories\""},
};

static void test_bad(void)
{
	check_bad_cases(FIX, bad, sizeof(bad) / sizeof(bad[0]));
}

/* Detection: segments_info marks panoptic; with no annotation yet, categories' isthing does. */
static void test_detect(void)
{
	static const char empty[] = "{\"images\":[],\"annotations\":[],\"categories\":[{\"id\":1,\"name\":\"a\",\"isthing\":0}]}";
	static const char coco[] = "{\"images\":[],\"annotations\":[],\"categories\":[{\"id\":1,\"name\":\"a\"}]}";
	static const char doc[] = DOC("5", ANN("", SEGS4));

	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("p.json", doc, sizeof(doc) - 1), "coco_panoptic");
	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("p.json", empty, sizeof(empty) - 1), "coco_panoptic");
	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("p.json", coco, sizeof(coco) - 1), "coco");
}

/*
 * panopticapi's sample_data/panoptic_examples.json, of whose two images
 * only 000000142238.png is at hand: a copy of the JSON keeping that image
 * and its annotation is written to a temporary folder, and the PNG is
 * found through --images (never copied). The expected values are the
 * file's own: each thing segment's mask has its segments_info "area" and
 * "bbox", and each category covers the sum of its segments' areas in the map.
 */
static void test_external(void)
{
	char png_dir[256], json_path[256], tmp[64] = "/tmp/tally_pan_XXXXXX", path[128];
	tly_buf text = TLY_BUF_INIT;
	cJSON *root, *keep_images, *keep_anns, *ann = NULL, *e;
	char *printed;
	const cJSON *seg;
	tly_batch b;
	size_t k, j, sub_objs = 0;
	FILE *f;

	if (!external("coco-panoptic/000000142238.png", png_dir, sizeof(png_dir)) ||
	    !external("coco-panoptic/panoptic_examples.json", json_path, sizeof(json_path)))
		return;
	*strrchr(png_dir, '/') = '\0';
	CHECK_OK(tly_buf_read_file(&text, json_path, 1 << 24));
	root = cJSON_Parse(text.ptr);
	tly_buf_clear(&text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	keep_images = cJSON_CreateArray();
	keep_anns = cJSON_CreateArray();
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(root, "images"))
		if (cJSON_GetObjectItem(e, "id")->valuedouble == 142238)
			cJSON_AddItemToArray(keep_images, cJSON_Duplicate(e, 1));
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(root, "annotations"))
		if (cJSON_GetObjectItem(e, "image_id")->valuedouble == 142238)
			cJSON_AddItemToArray(keep_anns, ann = cJSON_Duplicate(e, 1));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ann);
	cJSON_ReplaceItemInObject(root, "images", keep_images);
	cJSON_ReplaceItemInObject(root, "annotations", keep_anns);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmp));
	snprintf(path, sizeof(path), "%s/panoptic_examples.json", tmp);
	printed = cJSON_PrintUnformatted(root);
	f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(printed, f);
	fclose(f);
	cJSON_free(printed);

	CHECK_OK(read_file(&b, path, "coco", png_dir));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "000000142238.jpg");
	CU_ASSERT_EQUAL_FATAL(b.n_maps, 1);
	CU_ASSERT_EQUAL(b.maps[0].map.w, 640);
	CU_ASSERT_EQUAL(b.maps[0].map.h, 427);
	/* Per category: pixels in the map = the sum of its segments' areas. */
	for (k = 0; k < b.maps[0].n_classes; k++) {
		uint64_t want = 0;

		cJSON_ArrayForEach(seg, cJSON_GetObjectItem(ann, "segments_info"))
			if ((uint32_t)cJSON_GetObjectItem(seg, "category_id")->valuedouble == b.maps[0].classes[k].value)
				want += (uint64_t)cJSON_GetObjectItem(seg, "area")->valuedouble;
		CU_ASSERT_EQUAL(tly_labelmap_count(&b.maps[0].map, b.maps[0].classes[k].value), want);
	}
	/* Per thing: its mask's area and box are the segment's. */
	j = 0;
	cJSON_ArrayForEach(seg, cJSON_GetObjectItem(ann, "segments_info")) {
		const cJSON *bbox = cJSON_GetObjectItem(seg, "bbox");
		tly_rle r;

		for (k = 0; k < b.maps[0].n_classes; k++)
			if (b.maps[0].classes[k].value == (uint32_t)cJSON_GetObjectItem(seg, "category_id")->valuedouble)
				break;
		CU_ASSERT_FATAL(k < b.maps[0].n_classes);
		if (!b.maps[0].classes[k].isthing)
			continue;
		CU_ASSERT_FATAL(j < b.n_objs);
		CHECK_OK(object_rle(&r, &b.objs[j]));
		CU_ASSERT_EQUAL(tly_rle_area(&r), (int64_t)cJSON_GetObjectItem(seg, "area")->valuedouble);
		CHECK_BOX(b.objs[j].geom, cJSON_GetArrayItem(bbox, 0)->valuedouble, cJSON_GetArrayItem(bbox, 1)->valuedouble,
			  cJSON_GetArrayItem(bbox, 2)->valuedouble, cJSON_GetArrayItem(bbox, 3)->valuedouble);
		CU_ASSERT_EQUAL(b.objs[j].iscrowd, (int)cJSON_GetObjectItem(seg, "iscrowd")->valuedouble);
		tly_rle_clear(&r);
		j++;
		sub_objs++;
	}
	CU_ASSERT_EQUAL(b.n_objs, sub_objs);
	tly_batch_clear(&b);
	cJSON_Delete(root);
	CU_ASSERT_EQUAL(remove(path), 0);
	CU_ASSERT_EQUAL(remove(tmp), 0);
}

static void test_alloc_faults(void)
{
	fault_loop(FIX, "olga", NULL);
}

TLY_TESTS("ingest_coco_panoptic",
	  {"fixture", test_fixture},
	  {"hash", test_hash},
	  {"annotator_in_file", test_annotator_in_file},
	  {"bad", test_bad},
	  {"detect", test_detect},
	  {"external", test_external},
	  {"alloc_faults", test_alloc_faults})
