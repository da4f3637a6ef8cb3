/*
 * Candidate sweep (src/match/sweep.c): the pairs it yields must be exactly
 * the pairs of different groups whose boxes overlap with positive area,
 * checked against all pairs on hand cases and on random boxes.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "match/sweep.h"
#include "tally/types.h"

static unsigned lcg(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

static void test_span_init(void)
{
	tly_match__span s;
	tly_geometry g = {TLY_GEOM_BOX, {1, 2, 3, 4}, NULL};

	CU_ASSERT_EQUAL(tly_match__span_init(&s, &g, 7, 9, "t"), 1);
	/* corners: x1 = 1, x2 = 1 + 3, y1 = 2, y2 = 2 + 4 */
	CHECK_NEAR(s.x1, 1, 0);
	CHECK_NEAR(s.x2, 4, 0);
	CHECK_NEAR(s.y1, 2, 0);
	CHECK_NEAR(s.y2, 6, 0);
	CU_ASSERT_EQUAL(s.idx, 7);
	CU_ASSERT_EQUAL(s.group, 9);
	g.box.w = 0; /* no area: can overlap nothing */
	CU_ASSERT_EQUAL(tly_match__span_init(&s, &g, 0, 0, "t"), 0);
	g.box.w = -2;
	CU_ASSERT_EQUAL(tly_match__span_init(&s, &g, 0, 0, "t"), 0);
	g.box.w = 3;
	g.box.h = 0;
	CU_ASSERT_EQUAL(tly_match__span_init(&s, &g, 0, 0, "t"), 0);
	/* width lost to rounding: 1e17 + 1 == 1e17 */
	g.box.x = 1e17;
	g.box.w = 1;
	g.box.h = 4;
	CU_ASSERT_EQUAL(tly_match__span_init(&s, &g, 0, 0, "t"), 0);
	g.box.x = NAN;
	CU_ASSERT_EQUAL(tly_match__span_init(&s, &g, 3, 0, "here"), TLY_EARG);
	CU_ASSERT(strstr(tly_error_last(), "here: item 3") != NULL);
	g.box.x = 0;
	g.box.h = INFINITY;
	CU_ASSERT_EQUAL(tly_match__span_init(&s, &g, 0, 0, "t"), TLY_EARG);
	g.box.h = 1;
	g.box.x = 1e308;
	g.box.w = 1e308; /* x + w overflows to inf */
	CU_ASSERT_EQUAL(tly_match__span_init(&s, &g, 0, 0, "t"), TLY_EARG);
}

/* Pairs (by caller index, smaller first) as a bit matrix over N < 64 items. */
static void sweep_pairs(unsigned char m[64][64], tly_match__span *s, size_t n)
{
	tly_match__sweep it = TLY_MATCH__SWEEP_INIT;
	size_t k, l;
	uint32_t a, b;

	memset(m, 0, 64 * 64);
	tly_match__spans_sort(s, n);
	while (tly_match__sweep_next(&it, s, n, &k, &l)) {
		CU_ASSERT(k < l);
		a = s[k].idx < s[l].idx ? s[k].idx : s[l].idx;
		b = s[k].idx < s[l].idx ? s[l].idx : s[k].idx;
		CU_ASSERT_EQUAL(m[a][b], 0); /* each pair once */
		m[a][b] = 1;
	}
}

static void test_hand_cases(void)
{
	/* 0: [0,10]x[0,10] g0; 1: [5,15]x[5,15] g1 (overlaps 0);
	 * 2: [10,20]x[0,10] g1 (touches 0's right edge: no);
	 * 3: [2,4]x[20,30] g1 (x-overlaps 0 but y is disjoint: no);
	 * 4: [1,3]x[1,3] g0 (inside 0 but same group: no; overlaps nothing else). */
	static const double b[5][4] = {{0, 0, 10, 10}, {5, 5, 10, 10}, {10, 0, 10, 10},
				       {2, 20, 2, 10}, {1, 1, 2, 2}};
	static const uint32_t grp[5] = {0, 1, 1, 1, 0};
	tly_match__span s[5];
	unsigned char m[64][64];
	tly_geometry g;
	size_t i;

	for (i = 0; i < 5; i++) {
		g.kind = TLY_GEOM_BOX;
		g.rle = NULL;
		g.box.x = b[i][0];
		g.box.y = b[i][1];
		g.box.w = b[i][2];
		g.box.h = b[i][3];
		CU_ASSERT_EQUAL(tly_match__span_init(&s[i], &g, (uint32_t)i, grp[i], "t"), 1);
	}
	sweep_pairs(m, s, 5);
	CU_ASSERT_EQUAL(m[0][1], 1);
	/* 1 and 2: [5,15]x[5,15] vs [10,20]x[0,10] overlap but share group 1 */
	CU_ASSERT_EQUAL(m[1][2], 0);
	CU_ASSERT_EQUAL(m[0][2], 0);
	CU_ASSERT_EQUAL(m[0][3], 0);
	CU_ASSERT_EQUAL(m[0][4], 0);
	/* 4 [1,3]x[1,3] vs 3 [2,4]x[20,30]: y disjoint */
	CU_ASSERT_EQUAL(m[3][4], 0);
	CU_ASSERT_EQUAL(m[1][4], 0); /* [1,3] vs [5,15]: x disjoint */
}

static void test_random_against_all_pairs(void)
{
	tly_match__span s[60];
	unsigned char m[64][64];
	tly_geometry g[60];
	unsigned seed = 42;
	size_t i, j, round;
	int expect;

	for (round = 0; round < 50; round++) {
		for (i = 0; i < 60; i++) {
			g[i].kind = TLY_GEOM_BOX;
			g[i].rle = NULL;
			g[i].box.x = (double)(lcg(&seed) % 200);
			g[i].box.y = (double)(lcg(&seed) % 200);
			g[i].box.w = (double)(lcg(&seed) % 40);
			g[i].box.h = (double)(lcg(&seed) % 40);
			CU_ASSERT_EQUAL(tly_match__span_init(&s[i], &g[i], (uint32_t)i,
							     (uint32_t)(lcg(&seed) % 4), "t"),
					g[i].box.w > 0 && g[i].box.h > 0);
		}
		/* Keep only items with area, as the matcher does, in input order. */
		{
			tly_match__span t[60];
			size_t n = 0;

			for (i = 0; i < 60; i++)
				if (g[i].box.w > 0 && g[i].box.h > 0)
					t[n++] = s[i];
			memcpy(s, t, n * sizeof(*t));
			sweep_pairs(m, s, n);
			for (i = 0; i < n; i++) {
				for (j = i + 1; j < n; j++) {
					const tly_match__span *p = &t[i], *q = &t[j];
					uint32_t a = p->idx < q->idx ? p->idx : q->idx;
					uint32_t b = p->idx < q->idx ? q->idx : p->idx;

					expect = p->group != q->group && p->x1 < q->x2 && q->x1 < p->x2 &&
						 p->y1 < q->y2 && q->y1 < p->y2;
					CU_ASSERT_EQUAL(m[a][b], expect);
				}
			}
		}
	}
}

static void test_moving_buffer(void)
{
	/* Three mutually overlapping boxes of three groups: 3 pairs. The
	 * calls alternate between two copies of the spans, as for a caller
	 * whose buffer moves when it grows; the sweep carries on by position. */
	tly_match__span a[3], b[3];
	tly_match__sweep it = TLY_MATCH__SWEEP_INIT;
	tly_geometry g = {TLY_GEOM_BOX, {0, 0, 10, 10}, NULL};
	size_t i, k, l, n = 0;

	for (i = 0; i < 3; i++) {
		g.box.x = (double)i;
		tly_match__span_init(&a[i], &g, (uint32_t)i, (uint32_t)i, "t");
	}
	tly_match__spans_sort(a, 3);
	memcpy(b, a, sizeof(a));
	while (tly_match__sweep_next(&it, n % 2 ? b : a, 3, &k, &l))
		n++;
	CU_ASSERT_EQUAL(n, 3);
	/* Empty input: nothing, and no read. */
	it = (tly_match__sweep)TLY_MATCH__SWEEP_INIT;
	CU_ASSERT_EQUAL(tly_match__sweep_next(&it, NULL, 0, &k, &l), 0);
}

TLY_TESTS("match_sweep",
	  {"span_init", test_span_init},
	  {"hand_cases", test_hand_cases},
	  {"random_against_all_pairs", test_random_against_all_pairs},
	  {"moving_buffer", test_moving_buffer})
