/*
 * Format detection from content, --format overriding it, and what
 * tly_ingest_file records about the file (path, format, gold, SHA-256).
 * Hashes were computed with coreutils' sha256sum on the same bytes.
 */
#include "ingest_test.h"
#include "util/alloc.h"

static void expect_format(const char *content, const char *want)
{
	const char *got = tly_ingest_detect("x.json", content, strlen(content));

	if (!got)
		fprintf(stderr, "\n%s -> %s\n", content, tly_error_last());
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static void expect_none(const char *content, int code, const char *message)
{
	CU_ASSERT_PTR_NULL(tly_ingest_detect("x.json", content, strlen(content)));
	CU_ASSERT_EQUAL(tly_error_last_code(), code);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), message);
}

static void test_detect(void)
{
	expect_format("{\"images\": [], \"annotations\": []}", "coco");
	expect_format("\xef\xbb\xbf\r\n  {\"annotations\": [], \"categories\": [], \"images\": []}", "coco");
	expect_format("{\"shapes\": [], \"imagePath\": \"a.jpg\"}", "labelme");
	/* Both shapes: COCO is tested first. */
	expect_format("{\"shapes\": [], \"images\": [], \"annotations\": []}", "coco");
	expect_format("image,annotator,label\na.jpg,bob,cat\n", "csv");
	expect_format("\xef\xbb\xbf\"Label\",\"IMAGE\"\r\n", "csv");
	expect_format("\n\nurl,image,score,label\n", "csv");
}

static void test_detect_fails(void)
{
	expect_none("{\"images\": []}", TLY_EINPUT, "x.json: cannot tell the format; pass --format");
	expect_none("{\"foo\": 1}", TLY_EINPUT, "x.json: cannot tell the format; pass --format");
	expect_none("{\"Images\": [], \"Annotations\": []}", TLY_EINPUT,
		    "x.json: cannot tell the format; pass --format");
	expect_none("[]", TLY_EINPUT, "x.json: cannot tell the format; pass --format");
	expect_none("hello, world\n", TLY_EINPUT, "x.json: cannot tell the format; pass --format");
	expect_none("image,annotator\n", TLY_EINPUT, "x.json: cannot tell the format; pass --format");
	expect_none("", TLY_EINPUT, "x.json: empty file");
	expect_none(" \n\t", TLY_EINPUT, "x.json: empty file");
	/* JSON that does not parse says where: {"images": [ is 12 characters. */
	expect_none("{\"images\": [", TLY_EINPUT, "x.json:1:13: invalid JSON: unexpected end of input");
	CU_ASSERT_PTR_NULL(tly_ingest_detect("x.json", NULL, 0));
	CU_ASSERT_EQUAL(tly_error_last_code(), TLY_EARG);
}

static void test_format_option(void)
{
	tly_batch b;

	CU_ASSERT_EQUAL(parse_text(&b, "t", "image,label\n", "a", "tiff"), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "unknown format \"tiff\" (coco, coco_panoptic, labelme, csv, voc, "
			       "yolo, cvat, labelstudio or png)");
	tly_batch_clear(&b);
	/* Forced CSV on JSON: the first field {"images":[] has a quote at column 2. */
	CU_ASSERT_EQUAL(parse_text(&b, "t", "{\"images\":[],\"annotations\":[]}", "a", "csv"), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "t:1:2: quote inside an unquoted field");
	tly_batch_clear(&b);
	/* Forced JSON format on CSV: the i of "image" is no JSON value. */
	CU_ASSERT_EQUAL(parse_text(&b, "t", "image,label\n", "a", "coco"), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "t:1:1: invalid JSON: expected a value");
	tly_batch_clear(&b);
	CHECK_OK(parse_text(&b, "t", "{\"images\":[],\"annotations\":[]}", "a", "coco"));
	CU_ASSERT_STRING_EQUAL(b.format, "coco");
	tly_batch_clear(&b);
}

/*
 * --annotator comes from the command line, not the file: bytes that are
 * not UTF-8 (0xFF never is; 0xC3 0x28 is a lead byte without its
 * continuation) would make every JSON output invalid. "Jos\xC3\xA9" is José.
 */
static void test_annotator_utf8(void)
{
	tly_batch b;

	CU_ASSERT_EQUAL(parse_text(&b, "t", "image,label\na.jpg,cat\n", "bad\xff", NULL), TLY_EARG);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "annotator name is not valid UTF-8");
	CU_ASSERT_PTR_NULL(b.path);
	tly_batch_clear(&b);
	CU_ASSERT_EQUAL(parse_text(&b, "t", "image,label\na.jpg,cat\n", "\xc3\x28", NULL), TLY_EARG);
	tly_batch_clear(&b);
	CHECK_OK(parse_text(&b, "t", "image,label\na.jpg,cat\n", "Jos\xc3\xa9", NULL));
	CU_ASSERT_EQUAL(b.n_subs, 1);
	tly_batch_clear(&b);
}

static void test_batch_header(void)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;

	CHECK_OK(parse_text(&b, "in-memory.csv", "image,label\n", "a", NULL));
	CU_ASSERT_STRING_EQUAL(b.path, "in-memory.csv");
	CU_ASSERT_STRING_EQUAL(b.format, "csv");
	CU_ASSERT_STRING_EQUAL(b.sha256, "a8a42ebf860fac29487e3b570b0cc29cf91efd1714981fd2b264ede5a7c2e1ee");
	CU_ASSERT_EQUAL(b.gold, 0);
	tly_batch_clear(&b);

	o.annotator = "a";
	o.gold = 1;
	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, FIXTURE("ingest/labelme/empty.json"), &o));
	CU_ASSERT_STRING_EQUAL(b.path, "fixtures/ingest/labelme/empty.json");
	CU_ASSERT_STRING_EQUAL(b.sha256, "7312da2395e551c0b435756f58a96d71cea2670a06f1d82c1ea281a26d00e442");
	CU_ASSERT_EQUAL(b.gold, 1);
	tly_batch_clear(&b);
	/* No options at all: defaults (no annotator, detect, not gold). */
	tly_batch_init(&b);
	CU_ASSERT_EQUAL(tly_ingest_file(&b, FIXTURE("ingest/labelme/empty.json"), NULL), TLY_EINPUT);
	tly_batch_clear(&b);
}

static void test_file_errors(void)
{
	tly_batch b;

	tly_batch_init(&b);
	CU_ASSERT_EQUAL(tly_ingest_file(&b, "fixtures/ingest/no-such-file.json", NULL), TLY_EIO);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "fixtures/ingest/no-such-file.json: cannot open: No such file or directory");
	CU_ASSERT_EQUAL(tly_ingest_file(NULL, "x", NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_ingest_file(&b, NULL, NULL), TLY_EARG);
	CU_ASSERT_PTR_NULL(b.path);
	tly_batch_clear(&b);
}

/*
 * Allocation N failing, for N = 1, 2, ... until the parse succeeds: each
 * failure is TLY_ENOMEM with the batch cleared (ASan reports any leak).
 */
static void fault_loop(const char *path, const char *annotator)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;
	long n;
	int rc;

	o.annotator = annotator;
	for (n = 1; n < 100000; n++) {
		tly_batch_init(&b);
		tly_alloc_fail_after(n);
		rc = tly_ingest_file(&b, path, &o);
		tly_alloc_fail_after(0);
		if (rc == 0) {
			tly_batch_clear(&b);
			break;
		}
		if (rc != TLY_ENOMEM)
			fprintf(stderr, "\n%s: allocation %ld failing gave %d: %s\n", path, n, rc, tly_error_last());
		CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
		CU_ASSERT_PTR_NULL(b.path);
		tly_batch_clear(&b);
	}
	CU_ASSERT(n > 1 && n < 100000);
}

static void test_alloc_faults(void)
{
	fault_loop(FIXTURE("ingest/coco/basic.json"), "alice");
	fault_loop(FIXTURE("ingest/coco/merged.json"), NULL);
	fault_loop(FIXTURE("ingest/labelme/shapes.json"), "alice");
	fault_loop(FIXTURE("ingest/csv/labels.csv"), NULL);
	fault_loop(FIXTURE("ingest/voc/basic.xml"), "alice");
	fault_loop(FIXTURE("ingest/yolo/a.txt"), "alice");
	fault_loop(FIXTURE("ingest/yolo/c.txt"), "alice");
	fault_loop(FIXTURE("ingest/yolo/yaml/labels/d.txt"), "alice");
	fault_loop(FIXTURE("ingest/cvat/basic.xml"), NULL);
	fault_loop(FIXTURE("ingest/cvat/project.xml"), NULL);
	fault_loop(FIXTURE("ingest/labelstudio/basic.json"), NULL);
}

TLY_TESTS("ingest_detect",
	  {"detect", test_detect},
	  {"detect_fails", test_detect_fails},
	  {"format_option", test_format_option},
	  {"annotator_utf8", test_annotator_utf8},
	  {"batch_header", test_batch_header},
	  {"file_errors", test_file_errors},
	  {"alloc_faults", test_alloc_faults})
