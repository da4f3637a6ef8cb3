/*
 * Pascal VOC reader: a hand-written file checked field by field against
 * VOC's 1-based inclusive corners (x = xmin - 1, w = xmax - xmin + 1), an
 * empty file, bad input with exact positions from expat, detection, and
 * datumaro's VOC test file when ../shared/fixtures-external is present.
 */
#include "ingest_test.h"
#include "util/buf.h"

static int read_file(tly_batch *b, const char *path, const char *annotator)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;

	o.annotator = annotator;
	tly_batch_init(b);
	return tly_ingest_file(b, path, &o);
}

/* fixtures/ingest/voc/basic.xml, worked by hand. */
static void test_basic(void)
{
	tly_batch b;

	CHECK_OK(read_file(&b, FIXTURE("ingest/voc/basic.xml"), "vera"));
	CU_ASSERT_STRING_EQUAL(b.format, "voc");
	/* <filename>imgs/a.jpg: the basename. */
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "a.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 100);
	CU_ASSERT_EQUAL(b.images[0].height, 50);
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 1);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "vera");
	CU_ASSERT_EQUAL(b.subs[0].task, TLY_TASK_OBJECTS);
	/* One <part> (the person's head) skipped. */
	CU_ASSERT_EQUAL(b.n_repairs, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 3);
	/* xmin 1, ymin 1, xmax 10, ymax 20: x 1-1 = 0, y 0, w 10-1+1 = 10, h 20-1+1 = 20. */
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "car");
	CU_ASSERT_EQUAL(b.objs[0].geom.kind, TLY_GEOM_BOX);
	CHECK_BOX(b.objs[0].geom, 0, 0, 10, 20);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json, "{\"difficult\":0,\"truncated\":1}");
	CU_ASSERT_STRING_EQUAL(b.objs[0].source_ref, "object[0]");
	/* " person " trimmed; 21..30.5 x 5..5: x 20, y 4, w 30.5-21+1 = 10.5, h 5-5+1 = 1. */
	CU_ASSERT_STRING_EQUAL(b.objs[1].label, "person");
	CHECK_BOX(b.objs[1].geom, 20, 4, 10.5, 1);
	CU_ASSERT_PTR_NULL(b.objs[1].extra_json);
	/* caf&#233; is "café" in UTF-8; 50..100 x 40..50: x 49, y 39, w 51, h 11. */
	CU_ASSERT_STRING_EQUAL(b.objs[2].label, "caf\xc3\xa9");
	CHECK_BOX(b.objs[2].geom, 49, 39, 51, 11);
	CU_ASSERT_STRING_EQUAL(b.objs[2].extra_json, "{\"difficult\":1}");
	CU_ASSERT_EQUAL(b.objs[2].sub, 0);
	tly_batch_clear(&b);
}

/* No <object>: an empty submission; width/height 0 mean unknown. */
static void test_empty(void)
{
	tly_batch b;

	CHECK_OK(read_file(&b, FIXTURE("ingest/voc/empty.xml"), "vera"));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "b.png");
	CU_ASSERT_EQUAL(b.images[0].width, 0);
	CU_ASSERT_EQUAL(b.images[0].height, 0);
	CU_ASSERT_EQUAL(b.n_subs, 1);
	CU_ASSERT_EQUAL(b.n_objs, 0);
	tly_batch_clear(&b);
}

#define BOX(x0, y0, x1, y1) \
	"<bndbox><xmin>" x0 "</xmin><ymin>" y0 "</ymin><xmax>" x1 "</xmax><ymax>" y1 "</ymax></bndbox>"
#define DOC(objects) "<annotation><filename>a.jpg</filename>" objects "</annotation>"

static const bad_case bad[] = {
	/* Cut after "<object>": expat reports the end of input, line 3 column 9. */
	{"<annotation>\n<filename>a.jpg</filename>\n<object>", "a", NULL, TLY_EINPUT,
	 "v.xml:3:9: invalid XML: no element found"},
	{"<annotation>\n<filename>a.jpg</filename>\n</annotatio>", "a", "voc", TLY_EINPUT,
	 "v.xml:3:3: invalid XML: mismatched tag"},
	/*
	 * DOC is 38 bytes before <object> (column 39), <name>x</name> 14 more: <bndbox>
	 * opens at column 61, and <ymin> after <bndbox><xmin>1</xmin> (22 bytes) at 83.
	 */
	{DOC("<object><name>x</name>" BOX("5", "1", "3", "2") "</object>"), "a", NULL, TLY_EINPUT,
	 "v.xml:1:61: <bndbox>: xmax 3 is less than xmin 5"},
	{DOC("<object><name>x</name>" BOX("1", "4", "3", "2") "</object>"), "a", NULL, TLY_EINPUT,
	 "v.xml:1:61: <bndbox>: ymax 2 is less than ymin 4"},
	{DOC("<object><name>x</name>" BOX("1", "nan", "3", "2") "</object>"), "a", NULL, TLY_EINPUT,
	 "v.xml:1:83: <ymin>: expected a number, got \"nan\""},
	{DOC("<object><name>x</name>" BOX("1", "", "3", "2") "</object>"), "a", NULL, TLY_EINPUT,
	 "v.xml:1:83: <ymin>: expected a number, got \"\""},
	{DOC("<object><name>x</name>" BOX("1", "2px", "3", "2") "</object>"), "a", NULL, TLY_EINPUT,
	 "v.xml:1:83: <ymin>: expected a number, got \"2px\""},
	{DOC("<object><name>x</name>" BOX("1", "1e9", "3", "2") "</object>"), "a", NULL, TLY_ELIMIT,
	 "v.xml:1:83: <ymin>: 1e9 is beyond TLY_MAX_COORD (1e+07)"},
	{DOC("<object><name>x</name><bndbox><xmin>1</xmin></bndbox></object>"), "a", NULL, TLY_EINPUT,
	 "v.xml:1:61: <bndbox>: missing <ymin>"},
	{DOC("<object>" BOX("1", "1", "3", "2") "</object>"), "a", NULL, TLY_EINPUT,
	 "v.xml:1:39: <object>: missing <name>"},
	{DOC("<object><name>x</name></object>"), "a", NULL, TLY_EINPUT, "v.xml:1:39: <object>: missing <bndbox>"},
	{DOC("<object><name>x</name><name>y</name></object>"), "a", NULL, TLY_EINPUT,
	 "v.xml:1:61: <name> given twice"},
	{DOC("<object><name></name></object>"), "a", NULL, TLY_EINPUT, "v.xml:1:47: <name>: empty"},
	{DOC("<object><name>x</name><difficult>2</difficult></object>"), "a", NULL, TLY_EINPUT,
	 "v.xml:1:61: <difficult>: expected 0 or 1, got \"2\""},
	{"<annotation><size><width>-3</width></size></annotation>", "a", NULL, TLY_EINPUT,
	 "v.xml:1:19: <width>: expected a positive integer, got -3"},
	{"<annotation><object><name>x</name>" BOX("1", "1", "2", "2") "</object></annotation>", "a", NULL,
	 TLY_EINPUT, "v.xml: <annotation>: missing <filename>"},
	{"<annotation><filename>dir/</filename></annotation>", "a", NULL, TLY_EINPUT,
	 "v.xml:1:13: <filename>: no file name in \"dir/\""},
	{"<annotations><filename>a.jpg</filename></annotations>", "a", "voc", TLY_EINPUT,
	 "v.xml:1:1: the root element is <annotations>, not <annotation>"},
	/* expat gives the position of the entity's value (column 25), not of <!ENTITY (14). */
	{"<!DOCTYPE a [<!ENTITY e \"x\">]><annotation/>", "a", "voc", TLY_EINPUT,
	 "v.xml:1:25: entity declaration \"e\": not accepted"},
	{DOC(""), NULL, NULL, TLY_EINPUT, "v.xml: no annotator: pass --annotator (VOC files do not record one)"},
	/* <annotations> is CVAT's root: detected as CVAT, whose reader names the VOC-looking child. */
	{"<annotations><filename>a.jpg</filename></annotations>", "a", NULL, TLY_EINPUT,
	 "v.xml:1:14: unknown element <filename> in <annotations>"},
};

static void test_bad(void)
{
	check_bad_cases("v.xml", bad, sizeof(bad) / sizeof(bad[0]));
}

static void test_detect(void)
{
	static const char *const yes[] = {
		"<annotation>", "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -> d -->\n<annotation verified=\"no\">",
		"<!DOCTYPE annotation>\n<annotation/>"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		CU_ASSERT_STRING_EQUAL(tly_ingest_detect("v.xml", yes[i], strlen(yes[i])), "voc");
	CU_ASSERT_STRING_EQUAL(tly_ingest_detect("v.xml", "<annotations>", 13), "cvat");
	CU_ASSERT_PTR_NULL(tly_ingest_detect("v.xml", "<annotation", 11));
}

/*
 * datumaro's tests/assets/voc_dataset/voc_dataset1/Annotations/2007_000001.xml,
 * read by hand: 20x10; cat 1,2..3,4 truncated 1 difficult 0 -> [0, 1, 3, 3];
 * person 4,5..6,7 -> [3, 4, 3, 3] with one <part> (head) skipped.
 */
static void test_external(void)
{
	char path[256];
	tly_batch b;

	if (!external("pascal-voc/2007_000001.xml", path, sizeof(path)))
		return;
	CHECK_OK(read_file(&b, path, "datumaro"));
	CU_ASSERT_EQUAL_FATAL(b.n_images, 1);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "2007_000001.jpg");
	CU_ASSERT_EQUAL(b.images[0].width, 20);
	CU_ASSERT_EQUAL(b.images[0].height, 10);
	CU_ASSERT_EQUAL(b.n_repairs, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 2);
	CU_ASSERT_STRING_EQUAL(b.objs[0].label, "cat");
	CHECK_BOX(b.objs[0].geom, 0, 1, 3, 3);
	CU_ASSERT_STRING_EQUAL(b.objs[0].extra_json, "{\"difficult\":0,\"truncated\":1}");
	CU_ASSERT_STRING_EQUAL(b.objs[1].label, "person");
	CHECK_BOX(b.objs[1].geom, 3, 4, 3, 3);
	CU_ASSERT_PTR_NULL(b.objs[1].extra_json);
	tly_batch_clear(&b);
}

/*
 * 3000 objects (~250 KB) cross expat's 64 KiB chunks, so names and numbers
 * are split between calls of the text handler: object k has xmin k + 1,
 * xmax k + 10 -> x k, w 10, and the name "obj" plus k.
 */
static void test_chunks(void)
{
	tly_buf doc = TLY_BUF_INIT;
	tly_batch b;
	size_t k;
	int ok = 1;

	tly_buf_puts(&doc, "<annotation><filename>big.jpg</filename>\n");
	for (k = 0; k < 3000; k++)
		tly_buf_printf(&doc, "<object><name>obj%zu</name><bndbox><xmin>%zu</xmin><ymin>1</ymin>"
			       "<xmax>%zu</xmax><ymax>1</ymax></bndbox></object>\n", k, k + 1, k + 10);
	tly_buf_puts(&doc, "</annotation>\n");
	CU_ASSERT_FATAL(doc.error == 0 && doc.size > ((size_t)3 << 16));
	CHECK_OK(parse_text(&b, "big.xml", doc.ptr, "a", NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_objs, 3000);
	for (k = 0; k < 3000 && ok; k++) {
		char name[16];

		snprintf(name, sizeof(name), "obj%zu", k);
		ok = strcmp(b.objs[k].label, name) == 0 && b.objs[k].geom.box.x == (double)k &&
		     b.objs[k].geom.box.w == 10 && b.objs[k].geom.box.h == 1;
	}
	CU_ASSERT(ok);
	tly_batch_clear(&b);
	tly_buf_clear(&doc);
}

TLY_TESTS("ingest_voc",
	  {"basic", test_basic},
	  {"empty", test_empty},
	  {"bad", test_bad},
	  {"detect", test_detect},
	  {"chunks", test_chunks},
	  {"external", test_external})
