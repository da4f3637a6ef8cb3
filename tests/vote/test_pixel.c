/*
 * The per-pixel plurality (src/vote/pixel.c) on maps small enough to vote
 * by hand: clear winners, ties, ignore votes, leave-one-out.
 */
#include "harness.h"
#include "tally/labelmap.h"
#include "tally/vote.h"

#define I TLY_LABEL_IGNORE

/*
 * Five pixels, three voters:
 *   pixel  a  b  c   -> out (votes)      conf = round(255 * votes / 3)
 *   0      1  1  1   -> 1 (3)            255
 *   1      1  2  2   -> 2 (2)            170
 *   2      1  2  3   -> tie -> ignore    0
 *   3      I  I  4   -> 4 (1)            85
 *   4      I  I  I   -> ignore (no vote) 0
 */
static const uint32_t a[5] = {1, 1, 1, I, I};
static const uint32_t b[5] = {1, 2, 2, I, I};
static const uint32_t c[5] = {1, 2, 3, 4, I};

static void test_plurality(void)
{
	const uint32_t *maps[3] = {a, b, c};
	uint32_t out[5], scratch[6];
	uint8_t conf[5];
	uint64_t tied = 7;

	tly_vote_pixels(out, conf, &tied, maps, 3, 3, 5, scratch);
	CU_ASSERT_EQUAL(out[0], 1);
	CU_ASSERT_EQUAL(out[1], 2);
	CU_ASSERT_EQUAL(out[2], I);
	CU_ASSERT_EQUAL(out[3], 4);
	CU_ASSERT_EQUAL(out[4], I);
	CU_ASSERT_EQUAL(conf[0], 255);
	CU_ASSERT_EQUAL(conf[1], 170);
	CU_ASSERT_EQUAL(conf[2], 0);
	CU_ASSERT_EQUAL(conf[3], 85);
	CU_ASSERT_EQUAL(conf[4], 0);
	/* one tied pixel, added to what was there */
	CU_ASSERT_EQUAL(tied, 8);
}

/*
 * Leaving c out (voters a, b):
 *   0: 1 1 -> 1, conf 255;  1: 1 2 -> tie;  2: 1 2 -> tie;  3: I I -> ignore;  4: ignore.
 * Leaving a out (voters b, c):
 *   0: 1 1 -> 1;  1: 2 2 -> 2 (255);  2: 2 3 -> tie;  3: I 4 -> 4, conf round(255/2) = 128.
 */
static void test_leave_one_out(void)
{
	const uint32_t *maps[3] = {a, b, c};
	uint32_t out[5], scratch[6];
	uint8_t conf[5];
	uint64_t tied = 0;

	tly_vote_pixels(out, conf, &tied, maps, 3, 2, 5, scratch);
	CU_ASSERT_EQUAL(out[0], 1);
	CU_ASSERT_EQUAL(out[1], I);
	CU_ASSERT_EQUAL(out[2], I);
	CU_ASSERT_EQUAL(out[3], I);
	CU_ASSERT_EQUAL(tied, 2);
	tly_vote_pixels(out, conf, NULL, maps, 3, 0, 5, scratch);
	CU_ASSERT_EQUAL(out[1], 2);
	CU_ASSERT_EQUAL(conf[1], 255);
	CU_ASSERT_EQUAL(out[2], I);
	CU_ASSERT_EQUAL(out[3], 4);
	CU_ASSERT_EQUAL(conf[3], 128);
}

/* A later value overtaking an earlier tie: votes 5, 6, 7, 7 -> 7 with 2 of 4 (conf 128). */
static void test_tie_then_winner(void)
{
	static const uint32_t p[4] = {5}, q[4] = {6}, r[4] = {7}, s[4] = {7};
	const uint32_t *maps[4] = {p, q, r, s};
	uint32_t out[1], scratch[8];
	uint8_t conf[1];
	uint64_t tied = 0;

	tly_vote_pixels(out, conf, &tied, maps, 4, 4, 1, scratch);
	CU_ASSERT_EQUAL(out[0], 7);
	CU_ASSERT_EQUAL(conf[0], 128);
	CU_ASSERT_EQUAL(tied, 0);
}

/* One voter left out of one: nobody votes, everything is ignore. */
static void test_no_voters(void)
{
	const uint32_t *maps[1] = {a};
	uint32_t out[5], scratch[2];
	uint64_t tied = 0;

	tly_vote_pixels(out, NULL, &tied, maps, 1, 0, 5, scratch);
	CU_ASSERT_EQUAL(out[0], I);
	CU_ASSERT_EQUAL(out[3], I);
	CU_ASSERT_EQUAL(tied, 0);
}

TLY_TESTS("vote_pixel", {"plurality", test_plurality}, {"leave_one_out", test_leave_one_out},
	  {"tie_then_winner", test_tie_then_winner}, {"no_voters", test_no_voters})
