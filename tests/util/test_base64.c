/*
 * Base64 against RFC 4648: the section 10 test vectors, the section 9
 * example, all 256 byte values (expected text from Python's base64 module),
 * whitespace, and every kind of bad input with its exact message.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util/alloc.h"
#include "util/base64.h"

/* RFC 4648 section 10. */
static const struct {
	const char *plain, *coded;
} rfc[] = {
	{"", ""},
	{"f", "Zg=="},
	{"fo", "Zm8="},
	{"foo", "Zm9v"},
	{"foob", "Zm9vYg=="},
	{"fooba", "Zm9vYmE="},
	{"foobar", "Zm9vYmFy"},
};

/* python3 -c "import base64; print(base64.b64encode(bytes(range(256))).decode())" */
static const char all_bytes[] =
	"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BB"
	"QkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKD"
	"hIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TF"
	"xsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==";

/* Decode S (NUL-terminated) and compare with the LEN bytes of WANT. */
static void check_decode(const char *s, const void *want, size_t len)
{
	uint8_t *out = NULL;
	size_t n = 99;

	CHECK_OK(tly_base64_decode(&out, &n, s, strlen(s), "t"));
	CU_ASSERT_PTR_NOT_NULL(out);
	CU_ASSERT_EQUAL(n, len);
	if (n == len)
		CU_ASSERT_EQUAL(memcmp(out, want, len), 0);
	tly_free(out);
}

static void check_encode(const void *data, size_t len, const char *want)
{
	char *out = NULL;
	size_t n = 99;

	CHECK_OK(tly_base64_encode(&out, &n, data, len));
	CU_ASSERT_EQUAL(n, strlen(want));
	CU_ASSERT_STRING_EQUAL(out, want);
	tly_free(out);
}

static void test_rfc_vectors(void)
{
	size_t i;

	for (i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++) {
		check_decode(rfc[i].coded, rfc[i].plain, strlen(rfc[i].plain));
		check_encode(rfc[i].plain, strlen(rfc[i].plain), rfc[i].coded);
	}
}

/* RFC 4648 section 9: 0x14fb9c03d97e is "FPucA9l+"; and by hand, 0xfb 0xff 0xbf
 * = 111110 111111 111110 111111 = 62 63 62 63 = "+/+/" (the two symbols). */
static void test_binary(void)
{
	static const uint8_t rfc9[] = {0x14, 0xfb, 0x9c, 0x03, 0xd9, 0x7e};
	static const uint8_t sym[] = {0xfb, 0xff, 0xbf};
	uint8_t all[256];
	size_t i;

	check_decode("FPucA9l+", rfc9, sizeof(rfc9));
	check_encode(rfc9, sizeof(rfc9), "FPucA9l+");
	check_decode("+/+/", sym, sizeof(sym));
	check_encode(sym, sizeof(sym), "+/+/");
	for (i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	check_decode(all_bytes, all, sizeof(all));
	check_encode(all, sizeof(all), all_bytes);
}

/* Line breaks (MIME wraps at 76), spaces and tabs anywhere, even inside the
 * padding; whitespace alone is empty data. */
static void test_whitespace(void)
{
	check_decode("Zm9v\r\nYmFy\n", "foobar", 6);
	check_decode(" Z g =\t= ", "f", 1);
	check_decode("Zm8\n=", "fo", 2);
	check_decode(" \r\n\t", "", 0);
}

/* Python's b64decode accepts bits set under the padding ("Zh==" has 0x66 and
 * then 0b0001 left over), so a LabelMe file written by another encoder works. */
static void test_padding_bits(void)
{
	check_decode("Zh==", "f", 1);
	check_decode("Zm9=", "fo", 2);
}

static void test_bad(void)
{
	static const struct {
		const char *s;
		const char *message;
	} bad[] = {
		{"Zg", "t: base64: the data ends at offset 2 inside a group of 4 (padding missing or data cut)"},
		{"Zg=", "t: base64: the data ends at offset 3 inside a group of 4 (padding missing or data cut)"},
		{"Zm9vY", "t: base64: the data ends at offset 5 inside a group of 4 (padding missing or data cut)"},
		{"Z===", "t: base64: '=' at offset 1, where a group needs at least 2 characters before its padding"},
		{"====", "t: base64: '=' at offset 0, where a group needs at least 2 characters before its padding"},
		{"Zg=A", "t: base64: 'A' at offset 3 after the padding"},
		{"Zm8==", "t: base64: '=' at offset 4 after the padding"},
		{"Zg==Zg==", "t: base64: 'Z' at offset 4 after the padding"},
		{"Zm9v-_==", "t: base64: '-' at offset 4 is not in the alphabet"},
		{"Zm9v\x01", "t: base64: byte 0x01 at offset 4 is not in the alphabet"},
		{"Zm9v\xc3\xa9", "t: base64: byte 0xc3 at offset 4 is not in the alphabet"},
		{"Zm 9v.", "t: base64: '.' at offset 5 is not in the alphabet"},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t *out = (uint8_t *)&i;
		size_t n = 99;
		int rc = tly_base64_decode(&out, &n, bad[i].s, strlen(bad[i].s), "t");

		if (rc != TLY_EINPUT || strcmp(tly_error_last(), bad[i].message) != 0)
			fprintf(stderr, "\ncase %zu: got %d \"%s\"\n", i, rc, tly_error_last());
		CU_ASSERT_EQUAL(rc, TLY_EINPUT);
		CU_ASSERT_STRING_EQUAL(tly_error_last(), bad[i].message);
		CU_ASSERT_PTR_NULL(out);
		CU_ASSERT_EQUAL(n, 0);
	}
}

/* S need not end in NUL: only N characters are read. An embedded NUL is bad. */
static void test_length(void)
{
	uint8_t *out = NULL;
	size_t n = 0;

	CHECK_OK(tly_base64_decode(&out, &n, "Zm9vYmFy!!!", 4, "t"));
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_EQUAL(memcmp(out, "foo", 3), 0);
	tly_free(out);
	CU_ASSERT_EQUAL(tly_base64_decode(&out, &n, "Zm9v\0Zm9v", 9, "t"), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "t: base64: byte 0x00 at offset 4 is not in the alphabet");
}

/* Each allocation failing in turn is TLY_ENOMEM with nothing leaked. */
static void test_out_of_memory(void)
{
	uint8_t *out = NULL;
	char *text = NULL;
	size_t n = 0;

	tly_alloc_fail_after(1);
	CU_ASSERT_EQUAL(tly_base64_decode(&out, &n, "Zm9v", 4, "t"), TLY_ENOMEM);
	CU_ASSERT_PTR_NULL(out);
	tly_alloc_fail_after(1);
	CU_ASSERT_EQUAL(tly_base64_encode(&text, &n, (const uint8_t *)"foo", 3), TLY_ENOMEM);
	CU_ASSERT_PTR_NULL(text);
	tly_alloc_fail_after(0);
}

TLY_TESTS("base64",
	  {"rfc_vectors", test_rfc_vectors},
	  {"binary", test_binary},
	  {"whitespace", test_whitespace},
	  {"padding_bits", test_padding_bits},
	  {"bad", test_bad},
	  {"length", test_length},
	  {"out_of_memory", test_out_of_memory})
