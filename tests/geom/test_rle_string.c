/*
 * The compressed COCO counts string (src/geom/rle_string.c). Expected
 * strings are worked by hand from the encoding rule: value v (a run, or from
 * index 3 on its difference from the run two before) is cut into 5-bit
 * groups, low first; a group gets 0x20 when more follow, which they do until
 * the rest is pure sign (0 after a group with 0x10 clear, -1 after one with
 * 0x10 set); each group is written as the character 48 + group.
 */
#include <string.h>

#include "harness.h"
#include "tally/rle.h"
#include "util/alloc.h"
#include "util/limits.h"

typedef struct {
	uint32_t h, w;
	size_t m;
	uint32_t counts[8];
	const char *str;
} known;

static const known cases[] = {
	/* 3 x 3 empty: 9 < 16, one group: '0' + 9 = '9'. */
	{3, 3, 1, {9}, "9"},
	/* 2 x 2 full: 0 -> '0', 4 -> '4'. */
	{2, 2, 2, {0, 4}, "04"},
	/* 4 x 5 empty: 20 = 0b10100: group 20 has 0x10 set but the rest (0) is
	 * not -1, so another group follows: 20 | 0x20 = 52 -> '0' + 52 = 'd',
	 * then 0 -> '0'. */
	{4, 5, 1, {20}, "d0"},
	/* 10 x 100 empty: 1000 = 31 * 32 + 8: group 8 (rest 31) -> 8 | 0x20 = 40
	 * -> 'X'; group 31 (0x10 set, rest 0 != -1) -> 63 -> 'o'; group 0 -> '0'. */
	{10, 100, 1, {1000}, "Xo0"},
	/* The 4 x 4 mask {1, 2, 3, 1, 9}: '1', '2', '3' as they are; index 3:
	 * 1 - 2 = -1 = group 31 with rest -1 and 0x10 set: stop, 48 + 31 = 'O';
	 * index 4: 9 - 3 = 6 -> '6'. */
	{4, 4, 5, {1, 2, 3, 1, 9}, "123O6"},
	/* 4 x 11 {0, 40, 2, 2}: 0 -> '0'; 40 = 1 * 32 + 8 -> 'X' (8 | 0x20 = 40),
	 * '1'; 2 -> '2'; index 3: 2 - 40 = -38 = -2 * 32 + 26: group 26 (0x10
	 * set, rest -2 != -1) -> 26 | 0x20 = 58 -> 'j'; group 30 of -2 (rest -1,
	 * 0x10 set): stop -> 48 + 30 = 'N'. */
	{4, 11, 4, {0, 40, 2, 2}, "0X12jN"},
	/* 3 x 9 {1, 20, 1, 4, 1}: '1', "d0", '1'; index 3: 4 - 20 = -16 = group
	 * 16 with rest -1 and 0x10 set -> 48 + 16 = '@'; index 4: 1 - 1 = 0 -> '0'. */
	{3, 9, 5, {1, 20, 1, 4, 1}, "1d01@0"},
};

static void test_known_strings(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const known *k = &cases[i];
		uint32_t counts[8];
		tly_rle r = {k->h, k->w, k->m, counts}, back;
		char *s = NULL;
		size_t len = 0;

		memcpy(counts, k->counts, sizeof(counts));
		CHECK_OK(tly_rle_to_string(&s, &len, &r));
		if (strcmp(s, k->str) != 0)
			fprintf(stderr, "case %zu: \"%s\", expected \"%s\"\n", i, s, k->str);
		CU_ASSERT_STRING_EQUAL(s, k->str);
		CU_ASSERT_EQUAL(len, strlen(k->str));
		tly_free(s);
		CHECK_OK(tly_rle_from_string(&back, k->h, k->w, k->str, strlen(k->str)));
		CU_ASSERT_EQUAL(back.h, k->h);
		CU_ASSERT_EQUAL(back.w, k->w);
		CU_ASSERT_EQUAL_FATAL(back.m, k->m);
		for (j = 0; j < k->m; j++)
			CU_ASSERT_EQUAL(back.counts[j], k->counts[j]);
		tly_rle_clear(&back);
	}
}

/*
 * A compressed mask published with pycocotools output (50 x 70, from the
 * README of armengot/COCOtoolsFORK, produced by pycocotools' encode).
 */
static const char published[] =
	"0g05b08J4M2N2NA^O1`0OCO=0E090H080IO68DH;>@C>a0_O_O`0j0OWOF<:CM72I24NL43JM92FN;1ENKO72L0LO91J0"
	"MO92INO0NO122OO0M031O000NO31OO11MO40N011MO41MO21L06OL021L06OL021L06OL021L060J040L060J040L060J0"
	"40L060J040L060J040L060J040L060KO31L060KO31L06OL021L06OL021L06OL021MO41MO21MO40N100NO310O00M031"
	"0O00NO1220NO92IONO91KOMO72M0<1EO:2GN63KM34OLM73JF<;=1G_O_Ob0=AC`07EH=1IO71H090F0:1DO>1_O1b0>2N"
	"2N3L6H]O";

static void test_published_string(void)
{
	tly_rle r;
	char *s = NULL;
	size_t len = 0;

	/* The parser accepts it (so its runs sum to 50 * 70 = 3500) ... */
	CHECK_OK(tly_rle_from_string(&r, 50, 70, published, strlen(published)));
	/* ... its first runs decoded by hand: "0" -> 0; "g0": 'g' - 48 = 55 =
	 * 0x20 | 23, then 0 -> 23; "5" -> 5; "b0": 'b' - 48 = 50 = 0x20 | 18 ->
	 * 18, index 3 so + run 1: 41; "8" -> 8 + run 2 (5) = 13; "J": 'J' - 48 =
	 * 26, 0x10 set: 26 - 32 = -6, + run 3 (41) = 35. */
	CU_ASSERT_FATAL(r.m >= 6);
	CU_ASSERT_EQUAL(r.counts[0], 0);
	CU_ASSERT_EQUAL(r.counts[1], 23);
	CU_ASSERT_EQUAL(r.counts[2], 5);
	CU_ASSERT_EQUAL(r.counts[3], 41);
	CU_ASSERT_EQUAL(r.counts[4], 13);
	CU_ASSERT_EQUAL(r.counts[5], 35);
	/* ... and writing it again gives the same bytes as pycocotools. */
	CHECK_OK(tly_rle_to_string(&s, &len, &r));
	CU_ASSERT_STRING_EQUAL(s, published);
	CU_ASSERT_EQUAL(len, strlen(published));
	tly_free(s);
	tly_rle_clear(&r);
}

static void round_trip(const uint8_t *mask, int64_t h, int64_t w)
{
	tly_rle a, b;
	uint8_t back[64];
	char *s = NULL;
	size_t len = 0, i;

	CHECK_OK(tly_rle_encode(&a, mask, h, w));
	CHECK_OK(tly_rle_to_string(&s, &len, &a));
	CHECK_OK(tly_rle_from_string(&b, h, w, s, len));
	CU_ASSERT_EQUAL_FATAL(b.m, a.m);
	for (i = 0; i < a.m; i++)
		CU_ASSERT_EQUAL(b.counts[i], a.counts[i]);
	CHECK_OK(tly_rle_decode(back, (size_t)(h * w), &b));
	CU_ASSERT(memcmp(back, mask, (size_t)(h * w)) == 0);
	tly_free(s);
	tly_rle_clear(&a);
	tly_rle_clear(&b);
}

static void test_round_trips(void)
{
	static const uint8_t empty[12] = {0}, first[6] = {1, 1, 0, 0, 0, 1};
	static const uint8_t line[7] = {0, 1, 1, 0, 1, 1, 1};
	uint8_t full[12], mixed[64];
	uint32_t seed = 99;
	size_t i;

	memset(full, 1, sizeof(full));
	round_trip(empty, 3, 4);
	round_trip(full, 4, 3);
	round_trip(first, 2, 3);
	round_trip(line, 1, 7);
	round_trip(line, 7, 1);
	round_trip(empty, 0, 0);
	for (i = 0; i < 64; i++) {
		seed = seed * 1103515245u + 12345u;
		/* Runs of varied length: long runs make the deltas large. */
		mixed[i] = (uint8_t)((seed >> 16) % 5 == 0);
	}
	round_trip(mixed, 8, 8);
}

static void test_large_runs(void)
{
	/* 2^32 - 1 = 65535 * 65537: a full image of that size is one run.
	 * Writing {0, 2^32 - 1, 0, 0}: '0'; 2^32 - 1 = 32 bits of 1s: six groups
	 * of 31 (0x10 set, rest not -1, so 0x20 too: 63 -> 'o'), then rest 3
	 * (0x10 clear, rest 0) -> '3'; '0'; index 3: 0 - (2^32 - 1) = -2^32 + 1:
	 * group 1 (rest -2^27) -> 0x20 | 1 = 33 -> 'Q'; five groups of 0 (rests
	 * -2^22 ... -2^2) -> 'P' each; then -4 = group 28, rest -1, 0x10 set:
	 * stop -> 48 + 28 = 'L'. */
	uint32_t big[] = {0, 4294967295u, 0, 0};
	tly_rle r = {65535, 65537, 4, big}, back;
	char *s = NULL;
	size_t len;

	CHECK_OK(tly_rle_to_string(&s, &len, &r));
	CU_ASSERT_STRING_EQUAL(s, "0oooooo30QPPPPPL");
	CHECK_OK(tly_rle_from_string(&back, 65535, 65537, s, len));
	CU_ASSERT_EQUAL_FATAL(back.m, 4);
	CU_ASSERT_EQUAL(back.counts[1], 4294967295u);
	CU_ASSERT_EQUAL(back.counts[3], 0);
	CU_ASSERT_EQUAL(tly_rle_area(&back), 4294967295);
	tly_rle_clear(&back);
	tly_free(s);
	/* "PPPPPP3": six groups of 0 with 0x20 ('0' + 32 = 'P'), then 3 << 30 =
	 * 3221225472: a valid run, but short of 1e5 * 1e5 pixels. */
	CU_ASSERT_EQUAL(tly_rle_from_string(&back, 100000, 100000, "PPPPPP3", 7), TLY_EINPUT);
	CU_ASSERT(strstr(tly_error_last(), "sum to 3221225472") != NULL);
}

static void check_bad(const char *s, int64_t h, int64_t w, int code, const char *needle)
{
	tly_rle r;
	int rc = tly_rle_from_string(&r, h, w, s, strlen(s));

	if (rc != code || !strstr(tly_error_last(), needle))
		fprintf(stderr, "\"%s\": %d \"%s\", expected %d with \"%s\"\n", s, rc, tly_error_last(), code,
			needle);
	CU_ASSERT_EQUAL(rc, code);
	CU_ASSERT(strstr(tly_error_last(), needle) != NULL);
	CU_ASSERT_EQUAL(r.counts, NULL);
	CU_ASSERT_EQUAL(r.m, 0);
}

static void test_bad_strings(void)
{
	/* A byte outside '0'..'o' (48..111): space, 'p' (112), '/' (47). */
	check_bad("12 4", 2, 5, TLY_EINPUT, "byte 2: 0x20");
	check_bad("1p", 2, 5, TLY_EINPUT, "byte 1: 0x70");
	check_bad("/", 1, 1, TLY_EINPUT, "byte 0");
	/* 'd' = 0x20 | 20 promises another group that never comes. */
	check_bad("1d", 3, 7, TLY_EINPUT, "unfinished");
	/* Eight groups: 'o' = 0x20 | 31 seven times, then '0'. */
	check_bad("oooooooo0", 1, 1, TLY_EINPUT, "longer than 7");
	/* "123" then 'M' = 29 (0x10 set, last group) = 29 - 32 = -3: index 3,
	 * so 2 + -3 = -1. */
	check_bad("123M", 2, 5, TLY_EINPUT, "run 3 is -1");
	/* 'O' = 31, 0x10 set -> -1 as the very first run. */
	check_bad("O9", 2, 5, TLY_EINPUT, "run 0 is -1");
	/* 2^32: six 'P' (0x20 | 0), then 4 << 30 = 2^32: one past the uint32 range. */
	check_bad("PPPPPP4", 1, 1, TLY_EINPUT, "run 0 is 4294967296");
	/* Sums: 9 on 2 x 5 is short; "99" passes 9 pixels at its second run. */
	check_bad("9", 2, 5, TLY_EINPUT, "sum to 9, not 2x5 = 10");
	check_bad("99", 3, 3, TLY_EINPUT, "byte 1: runs exceed");
	check_bad("", 3, 3, TLY_EINPUT, "sum to 0");
	/* Caps and nonsense sizes. */
	check_bad("0", TLY_MAX_IMAGE_SIDE + 1, 1, TLY_ELIMIT, "TLY_MAX_IMAGE_SIDE");
	check_bad("0", 1, -2, TLY_EINPUT, "negative");
}

static void test_empty_image(void)
{
	tly_rle r;

	/* No pixels: "" (no runs) and "0" (one empty run) both describe it. */
	CHECK_OK(tly_rle_from_string(&r, 0, 0, "", 0));
	CU_ASSERT_EQUAL(r.m, 0);
	tly_rle_clear(&r);
	CHECK_OK(tly_rle_from_string(&r, 5, 0, "0", 1));
	CU_ASSERT_EQUAL(r.m, 1);
	tly_rle_clear(&r);
}

static void test_not_nul_terminated(void)
{
	/* LEN bounds the parse: "9" followed by bytes that are not counts. */
	char buf[4] = {'9', ' ', '!', 'X'};
	tly_rle r;

	CHECK_OK(tly_rle_from_string(&r, 3, 3, buf, 1));
	CU_ASSERT_EQUAL(r.m, 1);
	CU_ASSERT_EQUAL(r.counts[0], 9);
	tly_rle_clear(&r);
}

static void test_allocation_failures(void)
{
	uint32_t counts[] = {1, 2, 3, 1, 9};
	tly_rle r = {4, 4, 5, counts}, back;
	char *s = NULL;

	/* One allocation each: it fails with TLY_ENOMEM and nothing is returned. */
	tly_alloc_fail_after(1);
	CU_ASSERT_EQUAL(tly_rle_to_string(&s, NULL, &r), TLY_ENOMEM);
	tly_alloc_fail_after(0);
	CU_ASSERT_PTR_NULL(s);
	tly_alloc_fail_after(1);
	CU_ASSERT_EQUAL(tly_rle_from_string(&back, 4, 4, "123O6", 5), TLY_ENOMEM);
	tly_alloc_fail_after(0);
	CU_ASSERT_PTR_NULL(back.counts);
	CHECK_OK(tly_rle_from_string(&back, 4, 4, "123O6", 5));
	tly_rle_clear(&back);
}

TLY_TESTS("geom_rle_string",
	  {"known_strings", test_known_strings},
	  {"published_string", test_published_string},
	  {"round_trips", test_round_trips},
	  {"large_runs", test_large_runs},
	  {"bad_strings", test_bad_strings},
	  {"empty_image", test_empty_image},
	  {"not_nul_terminated", test_not_nul_terminated},
	  {"allocation_failures", test_allocation_failures})
