/*
 * CSV image-label reader: RFC 4180 quoting, CRLF, BOM, column order,
 * multi-label rows, empty labels as empty submissions, and bad input with
 * exact FILE:LINE:COL messages.
 */
#include "ingest_test.h"
#include "util/alloc.h"

/*
 * fixtures/ingest/csv/labels.csv (BOM, CRLF, header "label,note,Image,annotator"):
 *   cat   a.jpg alice      -> image a (0), sub (a, alice) 0, tag cat
 *   dog   a.jpg alice      -> tag dog on sub 0 (note holds "" and a comma)
 *   cat   a.jpg bob        -> sub (a, bob) 1, tag cat
 *   ""    b.jpg bob        -> image b (1), sub (b, bob) 2, no tag: an empty submission
 *   "big, red" imgs/b.jpg alice -> basename b.jpg, sub (b, alice) 3
 *   cat   c.jpg " carol "  -> note spans two lines; image c (2), sub (c, carol) 4
 *   (blank line)           -> skipped
 *   cat   a.jpg alice      -> the same label again: merged, no new tag
 */
static void test_labels(void)
{
	static const struct {
		size_t image;
		const char *who;
	} subs[5] = {{0, "alice"}, {0, "bob"}, {1, "bob"}, {1, "alice"}, {2, "carol"}};
	static const struct {
		size_t sub;
		const char *label;
	} tags[5] = {{0, "cat"}, {0, "dog"}, {1, "cat"}, {3, "big, red"}, {4, "cat"}};
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;
	size_t i;

	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, FIXTURE("ingest/csv/labels.csv"), &o));
	CU_ASSERT_STRING_EQUAL(b.format, "csv");
	CU_ASSERT_EQUAL_FATAL(b.n_images, 3);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "a.jpg");
	CU_ASSERT_STRING_EQUAL(b.images[1].name, "b.jpg");
	CU_ASSERT_STRING_EQUAL(b.images[2].name, "c.jpg");
	CU_ASSERT_EQUAL(b.images[2].width, 0);
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 5);
	for (i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(b.subs[i].image, subs[i].image);
		CU_ASSERT_STRING_EQUAL(b.subs[i].annotator, subs[i].who);
		CU_ASSERT_EQUAL(b.subs[i].task, TLY_TASK_LABELS);
	}
	CU_ASSERT_EQUAL_FATAL(b.n_tags, 5);
	for (i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(b.tags[i].sub, tags[i].sub);
		CU_ASSERT_STRING_EQUAL(b.tags[i].label, tags[i].label);
	}
	CU_ASSERT_EQUAL(b.n_objs, 0);
	tly_batch_clear(&b);
}

/* No annotator column: --annotator names every row, and is required. */
static void test_no_annotator_column(void)
{
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;

	o.annotator = "alice";
	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, FIXTURE("ingest/csv/no_annotator.csv"), &o));
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 2);
	CU_ASSERT_STRING_EQUAL(b.subs[0].annotator, "alice");
	CU_ASSERT_EQUAL(b.subs[1].image, 1);
	CU_ASSERT_EQUAL_FATAL(b.n_tags, 2);
	CU_ASSERT_STRING_EQUAL(b.tags[0].label, "cat");
	CU_ASSERT_STRING_EQUAL(b.tags[1].label, "dog");
	CU_ASSERT_EQUAL(b.tags[1].sub, 0);
	tly_batch_clear(&b);

	o.annotator = NULL;
	tly_batch_init(&b);
	CU_ASSERT_EQUAL(tly_ingest_file(&b, FIXTURE("ingest/csv/no_annotator.csv"), &o), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(),
			       "fixtures/ingest/csv/no_annotator.csv:1:1: no \"annotator\" column: pass --annotator");
	tly_batch_clear(&b);
}

/* Spaces around unquoted values and around quotes are trimmed; inside quotes they are kept. */
static void test_spacing_and_line_ends(void)
{
	tly_batch b;

	CHECK_OK(parse_text(&b, "c.csv", "image , label\n  \"a.jpg\"  , cat \nb.jpg,\" big \"", "x", NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_tags, 2);
	CU_ASSERT_STRING_EQUAL(b.images[0].name, "a.jpg");
	CU_ASSERT_STRING_EQUAL(b.tags[0].label, "cat");
	CU_ASSERT_STRING_EQUAL(b.tags[1].label, " big ");
	tly_batch_clear(&b);
	/* Old Mac line ends (lone CR) end records too; a header alone is an empty file of rows. */
	CHECK_OK(parse_text(&b, "c.csv", "image,label\ra.jpg,cat\r", "x", NULL));
	CU_ASSERT_EQUAL(b.n_subs, 1);
	CU_ASSERT_EQUAL(b.n_tags, 1);
	tly_batch_clear(&b);
	CHECK_OK(parse_text(&b, "c.csv", "\xef\xbb\xbfimage,label\r\n\r\n", "x", NULL));
	CU_ASSERT_EQUAL(b.n_subs, 0);
	tly_batch_clear(&b);
}

static const bad_case bad[] = {
	/* "a.jpg,alice," is 12 characters: the opening quote is column 13. */
	{"image,annotator,label\na.jpg,alice,\"cat\n", NULL, NULL, TLY_EINPUT,
	 "c.csv:2:13: unterminated quoted field"},
	/* The row ends after "a.jpg,alice" (11 characters): column 12. */
	{"image,annotator,label\na.jpg,alice\n", NULL, NULL, TLY_EINPUT,
	 "c.csv:2:12: missing column \"label\" (the row has 2 fields)"},
	{"image,annotator,label\na.jpg,alice", NULL, NULL, TLY_EINPUT,
	 "c.csv:2:12: missing column \"label\" (the row has 2 fields)"},
	{"image,label\nab\"c,x\n", "a", NULL, TLY_EINPUT, "c.csv:2:3: quote inside an unquoted field"},
	{"image,label\n\"a\"b,x\n", "a", NULL, TLY_EINPUT, "c.csv:2:4: unexpected character after a closing quote"},
	{"image,label\n,x\n", "a", NULL, TLY_EINPUT, "c.csv:2:1: empty image name"},
	{"image,label\nimgs/,x\n", "a", NULL, TLY_EINPUT, "c.csv:2:1: no file name in \"imgs/\""},
	/* "a.jpg," is 6 characters: the empty annotator cell is column 7. */
	{"image,annotator,label\na.jpg,,cat\n", NULL, NULL, TLY_EINPUT, "c.csv:2:7: no annotator: pass --annotator"},
	/* "image,label," is 12 characters. */
	{"image,label,Label\n", "a", NULL, TLY_EINPUT, "c.csv:1:13: column \"label\" appears twice"},
	{"image,annotator\na,b\n", "a", "csv", TLY_EINPUT,
	 "c.csv:1:1: no \"label\" column (the header needs image and label)"},
	{"image,annotator\na,b\n", "a", NULL, TLY_EINPUT, "c.csv: cannot tell the format; pass --format"},
	{"image,label\na\xff.jpg,x\n", "a", NULL, TLY_EINPUT, "c.csv:2:1: invalid UTF-8"},
	{" \r\n\t\n", "a", "csv", TLY_EINPUT, "c.csv: empty file"},
};

static void test_bad(void)
{
	check_bad_cases("c.csv", bad, sizeof(bad) / sizeof(bad[0]));
}

/* A NUL byte would cut a C string short: "a" then NUL is column 2 of line 2. */
static void test_nul_byte(void)
{
	static const char text[] = "image,label\na\0b,x\n";
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;

	o.annotator = "a";
	tly_batch_init(&b);
	CU_ASSERT_EQUAL(tly_ingest__parse_buffer(&b, "c.csv", text, sizeof(text) - 1, &o), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "c.csv:2:2: NUL byte");
	tly_batch_clear(&b);
}

/* A name one byte over TLY_MAX_STRING (4096) is over the cap. */
static void test_long_value(void)
{
	size_t n = 12 + 4097 + 3;
	char *text = tly_malloc(n + 1);
	tly_batch b;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	memcpy(text, "image,label\n", 12);
	memset(text + 12, 'x', 4097);
	memcpy(text + 12 + 4097, ",y\n", 4);
	CU_ASSERT_EQUAL(parse_text(&b, "c.csv", text, "a", NULL), TLY_ELIMIT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "c.csv:2:1: value longer than TLY_MAX_STRING (4096 bytes)");
	tly_batch_clear(&b);
	tly_free(text);
}

TLY_TESTS("ingest_csv",
	  {"labels", test_labels},
	  {"no_annotator_column", test_no_annotator_column},
	  {"spacing_and_line_ends", test_spacing_and_line_ends},
	  {"bad", test_bad},
	  {"nul_byte", test_nul_byte},
	  {"long_value", test_long_value})
