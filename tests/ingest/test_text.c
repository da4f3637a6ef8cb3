/*
 * Byte helpers: basenames, line:column positions, and UTF-8 validity per
 * the table of well-formed sequences in RFC 3629 section 4.
 */
#include "ingest/text.h"
#include "ingest_test.h"

static void test_basename(void)
{
	CU_ASSERT_STRING_EQUAL(tly_ingest__basename("a/b/c.jpg"), "c.jpg");
	CU_ASSERT_STRING_EQUAL(tly_ingest__basename("C:\\x\\y.png"), "y.png");
	CU_ASSERT_STRING_EQUAL(tly_ingest__basename("..\\imgs/z.jpg"), "z.jpg");
	CU_ASSERT_STRING_EQUAL(tly_ingest__basename("plain"), "plain");
	CU_ASSERT_STRING_EQUAL(tly_ingest__basename("dir/"), "");
	CU_ASSERT_STRING_EQUAL(tly_ingest__basename(""), "");
}

static void test_position(void)
{
	size_t line, col;

	/* "ab\ncd": offsets 0 a, 1 b, 2 LF, 3 c, 4 d, 5 end. */
	tly_ingest__position(&line, &col, "ab\ncd", 0);
	CU_ASSERT(line == 1 && col == 1);
	tly_ingest__position(&line, &col, "ab\ncd", 2);
	CU_ASSERT(line == 1 && col == 3);
	tly_ingest__position(&line, &col, "ab\ncd", 4);
	CU_ASSERT(line == 2 && col == 2);
	tly_ingest__position(&line, &col, "ab\ncd", 5);
	CU_ASSERT(line == 2 && col == 3);
}

static size_t len8(const char *s, size_t n)
{
	return tly_ingest__utf8_len((const unsigned char *)s, n);
}

static void test_utf8(void)
{
	CU_ASSERT_EQUAL(len8("a", 1), 1);
	CU_ASSERT_EQUAL(len8("\xc3\xa9", 2), 2);          /* U+00E9 */
	CU_ASSERT_EQUAL(len8("\xe2\x82\xac", 3), 3);      /* U+20AC */
	CU_ASSERT_EQUAL(len8("\xf0\x9f\x98\x80", 4), 4);  /* U+1F600 */
	CU_ASSERT_EQUAL(len8("\xf4\x8f\xbf\xbf", 4), 4);  /* U+10FFFF, the last */
	CU_ASSERT_EQUAL(len8("\xc0\x80", 2), 0);          /* overlong NUL */
	CU_ASSERT_EQUAL(len8("\xc1\xbf", 2), 0);          /* overlong */
	CU_ASSERT_EQUAL(len8("\xe0\x80\x80", 3), 0);      /* overlong */
	CU_ASSERT_EQUAL(len8("\xed\xa0\x80", 3), 0);      /* U+D800, a surrogate */
	CU_ASSERT_EQUAL(len8("\xf4\x90\x80\x80", 4), 0);  /* U+110000 */
	CU_ASSERT_EQUAL(len8("\xf5\x80\x80\x80", 4), 0);
	CU_ASSERT_EQUAL(len8("\x80", 1), 0);              /* a lone continuation byte */
	CU_ASSERT_EQUAL(len8("\xe2\x82", 2), 0);          /* truncated */
	CU_ASSERT_EQUAL(len8("\xe2\x28\xa1", 3), 0);      /* bad continuation */
	CU_ASSERT_EQUAL(tly_ingest__utf8_check("ab\xff" "cd", 5), 2);
	CU_ASSERT_EQUAL(tly_ingest__utf8_check("ab\xc3\xa9", 4), 4);
	CU_ASSERT_EQUAL(tly_ingest__bom_len("\xef\xbb\xbfx", 4), 3);
	CU_ASSERT_EQUAL(tly_ingest__bom_len("\xef\xbb", 2), 0);
}

TLY_TESTS("ingest_text",
	  {"basename", test_basename},
	  {"position", test_position},
	  {"utf8", test_utf8})
