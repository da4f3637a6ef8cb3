/*
 * One-to-one pairing (src/match/pairs.c, SPEC §4 audit rule) on worked
 * cases — including one where greedy pairing differs from an optimal
 * assignment, as in COCO evaluation and CVAT's quality checks — and
 * randomized against a naive re-implementation.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tally/match.h"
#include "util/alloc.h"

typedef struct {
	uint32_t label;
	int64_t key;
	double x, y, w, h;
} row;

#define MAXN 1200

static tly_geometry ga[MAXN], gr[MAXN];
static tly_match_item ia[MAXN], ir[MAXN];

static void load(tly_match_item *it, tly_geometry *g, const row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		g[i].kind = TLY_GEOM_BOX;
		g[i].box.x = rows[i].x;
		g[i].box.y = rows[i].y;
		g[i].box.w = rows[i].w;
		g[i].box.h = rows[i].h;
		it[i].geom = &g[i];
		it[i].owner = 0; /* not used by tly_match_pairs */
		it[i].label = rows[i].label;
		it[i].key = rows[i].key;
		it[i].iscrowd = 0; /* a case may set it after loading */
	}
}

typedef struct {
	uint32_t a, r;
	double iou;
	int same;
} want_pair;

static void check_pairs(const row *a, size_t na, const row *r, size_t nr, double thr, int aware,
			const want_pair *want, size_t nw)
{
	tly_match_pair *p = NULL;
	size_t cap = 0, n = 0, i;
	tly_match_options o = {thr, aware, 0, NULL, {0, 0, 0, 0}};

	load(ia, ga, a, na);
	load(ir, gr, r, nr);
	CHECK_OK(tly_match_pairs(&p, &cap, &n, ia, na, ir, nr, &o));
	CU_ASSERT_EQUAL(n, nw);
	for (i = 0; i < n && i < nw; i++) {
		CU_ASSERT_EQUAL(p[i].a, want[i].a);
		CU_ASSERT_EQUAL(p[i].r, want[i].r);
		CHECK_NEAR(p[i].iou, want[i].iou, 1e-15);
		CU_ASSERT_EQUAL(p[i].same_label, want[i].same);
	}
	tly_match_pairs_free(p);
}

#define N(x) (sizeof(x) / sizeof((x)[0]))

static void test_greedy_not_optimal(void)
{
	/*
	 * Boxes 10 high; x ranges:
	 *   candidates a0 [1,11] (key 1), a1 [-3,7] (key 2)
	 *   references r0 [0,10] (key 100), r1 [4,14] (key 101)
	 *   a0-r0: I = 90, U = 110: 9/11      a0-r1: I = 70, U = 130: 7/13
	 *   a1-r0: I = 70, U = 130: 7/13      a1-r1: I = 30, U = 170: 3/17 < 0.5
	 * Greedy takes a0-r0 (highest) and then nothing is left for a1: 1 pair.
	 * A maximum matching would pair a0-r1 and a1-r0 (2 pairs). Greedy is
	 * the rule (SPEC §4; COCO evaluation does the same), so a1 and r1
	 * count as an extra and a missing object.
	 */
	static const row a[] = {{0, 1, 1, 0, 10, 10}, {0, 2, -3, 0, 10, 10}};
	static const row r[] = {{0, 100, 0, 0, 10, 10}, {0, 101, 4, 0, 10, 10}};
	static const want_pair w[] = {{0, 0, 9.0 / 11.0, 1}};

	check_pairs(a, N(a), r, N(r), 0.5, 0, w, N(w));
}

static void test_label_mismatch_pass(void)
{
	/*
	 * a0 cat [0,10] key 1; a1 cat [100,110] key 2 (all 10 high)
	 * r0 dog [0,10] key 10; r1 cat [2,12] key 11; r2 dog [101,111] key 12
	 *   a0-r0 1 (cross)   a0-r1 I = 80, U = 120: 2/3 (same)   a1-r2 9/11 (cross)
	 * Pass 1: a0-r1 although a0-r0 overlaps more. Pass 2: a0-r0 refused
	 * (a0 taken), a1-r2 paired as a label mismatch. Listed in the order
	 * made: same-label pass first. class_aware: no second pass.
	 */
	static const row a[] = {{1, 1, 0, 0, 10, 10}, {1, 2, 100, 0, 10, 10}};
	static const row r[] = {{2, 10, 0, 0, 10, 10}, {1, 11, 2, 0, 10, 10}, {2, 12, 101, 0, 10, 10}};
	static const want_pair w[] = {{0, 1, 2.0 / 3.0, 1}, {1, 2, 9.0 / 11.0, 0}};

	check_pairs(a, N(a), r, N(r), 0.5, 0, w, N(w));
	check_pairs(a, N(a), r, N(r), 0.5, 1, w, 1);
}

static void test_order_made(void)
{
	/* a0-r0 9/11 ([1,11] vs [0,10]) and a1-r1 1 (identical, far away):
	 * the IoU-1 pair is made first, so it is listed first. */
	static const row a[] = {{0, 1, 1, 0, 10, 10}, {0, 2, 50, 0, 10, 10}};
	static const row r[] = {{0, 3, 0, 0, 10, 10}, {0, 4, 50, 0, 10, 10}};
	static const want_pair w[] = {{1, 1, 1.0, 1}, {0, 0, 9.0 / 11.0, 1}};

	check_pairs(a, N(a), r, N(r), 0.5, 0, w, N(w));
}

static void test_ties_by_keys(void)
{
	/* Two candidates identical to one reference (IoU 1 each): the smaller
	 * candidate key wins, wherever it sits in the input. */
	static const row a[] = {{0, 5, 0, 0, 10, 10}, {0, 3, 0, 0, 10, 10}};
	static const row r[] = {{0, 9, 0, 0, 10, 10}};
	static const want_pair w[] = {{1, 0, 1.0, 1}};
	/* One candidate, two identical references: the smaller reference key wins. */
	static const row a2[] = {{0, 1, 0, 0, 10, 10}};
	static const row r2[] = {{0, 9, 0, 0, 10, 10}, {0, 7, 0, 0, 10, 10}};
	static const want_pair w2[] = {{0, 1, 1.0, 1}};

	check_pairs(a, N(a), r, N(r), 0.5, 0, w, N(w));
	check_pairs(a2, N(a2), r2, N(r2), 0.5, 0, w2, N(w2));
}

static void test_thresholds_and_empty(void)
{
	/* [0,10] vs [0,5] (10 high): I = 50, U = 100: exactly 0.5 */
	static const row a[] = {{0, 1, 0, 0, 10, 10}};
	static const row r[] = {{0, 2, 0, 0, 5, 10}};
	static const row zero[] = {{0, 2, 0, 0, 0, 10}};
	static const want_pair w[] = {{0, 0, 0.5, 1}};
	tly_match_pair *p = NULL;
	size_t cap = 0, n = 99;
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};

	check_pairs(a, 1, r, 1, 0.5, 0, w, 1);
	check_pairs(a, 1, r, 1, 0.5000001, 0, w, 0);
	check_pairs(a, 1, zero, 1, 1e-9, 0, w, 0);
	/* Nothing on either side: no pairs, nothing allocated. */
	load(ia, ga, a, 1);
	CHECK_OK(tly_match_pairs(&p, &cap, &n, ia, 1, NULL, 0, &o));
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NULL(p);
	n = 99;
	CHECK_OK(tly_match_pairs(&p, &cap, &n, NULL, 0, ia, 1, &o));
	CU_ASSERT_EQUAL(n, 0);
	tly_match_pairs_free(NULL);
}

static void test_bad_arguments(void)
{
	static const row a[] = {{0, 1, 0, 0, 10, 10}};
	static const row bad[] = {{0, 2, 1.0 / 0.0, 0, 5, 10}};
	tly_match_pair *p = NULL;
	size_t cap = 0, n = 0;
	tly_match_options o = {0, 0, 0, NULL, {0, 0, 0, 0}};

	load(ia, ga, a, 1);
	load(ir, gr, bad, 1);
	CU_ASSERT_EQUAL(tly_match_pairs(&p, &cap, &n, ia, 1, ia, 1, &o), TLY_EARG);
	o.iou = 1.01;
	CU_ASSERT_EQUAL(tly_match_pairs(&p, &cap, &n, ia, 1, ia, 1, &o), TLY_EARG);
	o.iou = 0.5;
	CU_ASSERT_EQUAL(tly_match_pairs(&p, &cap, &n, ia, 1, ir, 1, &o), TLY_EARG);
	CU_ASSERT(strstr(tly_error_last(), "reference") != NULL);
	CU_ASSERT_EQUAL(tly_match_pairs(&p, &cap, &n, NULL, 1, ia, 1, &o), TLY_EARG);
	CU_ASSERT_EQUAL(tly_match_pairs(NULL, &cap, &n, ia, 1, ia, 1, &o), TLY_EARG);
	CU_ASSERT_EQUAL(tly_match_pairs(&p, &cap, &n, ia, 1, ia, 1, NULL), TLY_EARG);
	ia[0].geom = NULL;
	CU_ASSERT_EQUAL(tly_match_pairs(&p, &cap, &n, ia, 1, ir, 1, &o), TLY_EARG);
	tly_match_pairs_free(p);
}

/* ---- randomized ---- */

static unsigned lcg(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* Objects seen by both sides with jitter, some seen by one side only. */
static void random_sets(row *a, size_t *na, row *r, size_t *nr, unsigned *seed, int objects)
{
	int o, jit = 4;

	*na = *nr = 0;
	for (o = 0; o < objects; o++) {
		double x = lcg(seed) % 200, y = lcg(seed) % 200, w = 10 + lcg(seed) % 40,
		       h = 10 + lcg(seed) % 40;
		unsigned lab = (unsigned)o % 3;

		if (lcg(seed) % 6) {
			a[*na] = (row){lcg(seed) % 7 ? lab : lcg(seed) % 3, 0,
				       x + (int)(lcg(seed) % 9) - jit, y + (int)(lcg(seed) % 9) - jit, w, h};
			(*na)++;
		}
		if (lcg(seed) % 6) {
			r[*nr] = (row){lcg(seed) % 7 ? lab : lcg(seed) % 3, 0,
				       x + (int)(lcg(seed) % 9) - jit, y, w + (int)(lcg(seed) % 9) - jit, h};
			(*nr)++;
		}
	}
	/* Keys: candidates count down, references are scrambled. */
	for (o = 0; o < (int)*na; o++)
		a[o].key = 100000 - o;
	for (o = 0; o < (int)*nr; o++)
		r[o].key = (o * 7919) % 10007;
}

typedef struct {
	uint32_t a, r;
	double iou;
	int same;
} npair;

static const tly_match_item *na_items, *nr_items;

static int npair_cmp(const void *pa, const void *pb)
{
	const npair *x = pa, *y = pb;

	if (x->same != y->same)
		return x->same ? -1 : 1;
	if (x->iou != y->iou)
		return x->iou > y->iou ? -1 : 1;
	if (na_items[x->a].key != na_items[y->a].key)
		return na_items[x->a].key < na_items[y->a].key ? -1 : 1;
	return (nr_items[x->r].key > nr_items[y->r].key) - (nr_items[x->r].key < nr_items[y->r].key);
}

static size_t naive(npair *out, size_t na, size_t nr, double thr, int aware)
{
	static npair c[MAXN * 40];
	static unsigned char ua[MAXN], ur[MAXN];
	size_t n = 0, i, j, k = 0;

	for (i = 0; i < na; i++)
		for (j = 0; j < nr; j++) {
			double v = tly_geom_iou(ia[i].geom, ir[j].geom);
			int same = ia[i].label == ir[j].label;

			if (v >= thr && (same || !aware)) {
				CU_ASSERT_FATAL(n < MAXN * 40);
				c[n++] = (npair){(uint32_t)i, (uint32_t)j, v, same};
			}
		}
	na_items = ia;
	nr_items = ir;
	qsort(c, n, sizeof(*c), npair_cmp);
	memset(ua, 0, na);
	memset(ur, 0, nr);
	for (i = 0; i < n; i++)
		if (!ua[c[i].a] && !ur[c[i].r]) {
			ua[c[i].a] = ur[c[i].r] = 1;
			out[k++] = c[i];
		}
	return k;
}

static void test_random_against_naive(void)
{
	static row a[400], r[400];
	static npair want[400];
	tly_match_pair *p = NULL;
	size_t cap = 0, n, na, nr, nw, i;
	unsigned seed = 3;
	tly_match_options o = TLY_MATCH_OPTIONS_INIT;
	int round;

	for (round = 0; round < 300; round++) {
		random_sets(a, &na, r, &nr, &seed, 1 + round % 60);
		load(ia, ga, a, na);
		load(ir, gr, r, nr);
		o.iou = round % 2 ? 0.5 : 0.3;
		o.class_aware = round % 5 == 0;
		/* One buffer reused across rounds. */
		CHECK_OK(tly_match_pairs(&p, &cap, &n, ia, na, ir, nr, &o));
		nw = naive(want, na, nr, o.iou, o.class_aware);
		CU_ASSERT_EQUAL(n, nw);
		for (i = 0; i < n && i < nw; i++) {
			CU_ASSERT_EQUAL(p[i].a, want[i].a);
			CU_ASSERT_EQUAL(p[i].r, want[i].r);
			CU_ASSERT_EQUAL(p[i].iou, want[i].iou);
			CU_ASSERT_EQUAL(p[i].same_label, want[i].same);
		}
	}
	tly_match_pairs_free(p);
}

static void test_reuse_and_out_of_memory(void)
{
	static row a[400], r[400];
	tly_match_pair *p = NULL;
	size_t cap = 0, n, n0, na, nr;
	unsigned seed = 8;
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};
	long k;
	int rc = -1;

	random_sets(a, &na, r, &nr, &seed, 60);
	load(ia, ga, a, na);
	load(ir, gr, r, nr);
	CHECK_OK(tly_match_pairs(&p, &cap, &n0, ia, na, ir, nr, &o));
	CU_ASSERT(n0 > 10);
	/* Capacity suffices: no allocation at all. */
	tly_alloc_fail_after(1);
	CHECK_OK(tly_match_pairs(&p, &cap, &n, ia, na, ir, nr, &o));
	tly_alloc_fail_after(0);
	CU_ASSERT_EQUAL(n, n0);
	tly_match_pairs_free(p);
	/* From scratch, failing each allocation in turn. */
	for (k = 1; k < 50 && rc != 0; k++) {
		p = NULL;
		cap = 0;
		tly_alloc_fail_after(k);
		rc = tly_match_pairs(&p, &cap, &n, ia, na, ir, nr, &o);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CHECK_OK(tly_match_pairs(&p, &cap, &n, ia, na, ir, nr, &o));
		}
		CU_ASSERT_EQUAL(n, n0);
		tly_match_pairs_free(p);
	}
	CU_ASSERT(k > 2);
}

static void test_big_sets(void)
{
	/* 1000 candidates and 1000 references on a 40 x 25 grid, 60 px apart;
	 * each reference 3 px right of its candidate: I = 27*30, U = 1800 - 810:
	 * 810/990 = 9/11. Exactly the 1000 grid pairs, in key order of the
	 * candidates (all IoUs tie): candidate keys ascend with the index. */
	static row a[1000], r[1000];
	tly_match_pair *p = NULL;
	size_t cap = 0, n, i;
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};

	for (i = 0; i < 1000; i++) {
		a[i] = (row){0, (int64_t)i, (double)((i % 40) * 60), (double)((i / 40) * 60), 30, 30};
		r[999 - i] = (row){0, (int64_t)i, a[i].x + 3, a[i].y, 30, 30};
	}
	load(ia, ga, a, 1000);
	load(ir, gr, r, 1000);
	CHECK_OK(tly_match_pairs(&p, &cap, &n, ia, 1000, ir, 1000, &o));
	CU_ASSERT_EQUAL(n, 1000);
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(p[i].a, i);
		CU_ASSERT_EQUAL(p[i].r, 999 - i);
		CHECK_NEAR(p[i].iou, 9.0 / 11.0, 1e-15);
	}
	tly_match_pairs_free(p);
}

static void test_crowd_only_with_crowd(void)
{
	/*
	 * Candidates: a0 person [0,0,10,10] (key 1), a1 a crowd region
	 * [0,0,10,10] (key 2). References: r0 a crowd region [0,0,10,10]
	 * (key 10), r1 person [1,0,10,10] (key 11). One label.
	 *   a0-r0, a1-r0: identical, IoU 1; a0-r1, a1-r1: I = 90, U = 110: 9/11.
	 * Plain pairing: (a0,r0) IoU 1 first (candidate key 1 < 2), then a1
	 * takes r1 at 9/11: the person pairs with the crowd region.
	 * With crowd flags only a1-r0 (1) and a0-r1 (9/11) are candidates:
	 * pairs (a1,r0) then (a0,r1), in the order made.
	 */
	static const row a[] = {{0, 1, 0, 0, 10, 10}, {0, 2, 0, 0, 10, 10}};
	static const row r[] = {{0, 10, 0, 0, 10, 10}, {0, 11, 1, 0, 10, 10}};
	static const want_pair plain[] = {{0, 0, 1.0, 1}, {1, 1, 9.0 / 11.0, 1}};
	static const want_pair crowd[] = {{1, 0, 1.0, 1}, {0, 1, 9.0 / 11.0, 1}};
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};
	tly_match_pair *p = NULL;
	size_t cap = 0, n = 0, i;

	check_pairs(a, 2, r, 2, 0.5, 0, plain, 2);
	load(ia, ga, a, 2);
	load(ir, gr, r, 2);
	ia[1].iscrowd = 1;
	ir[0].iscrowd = 1;
	CHECK_OK(tly_match_pairs(&p, &cap, &n, ia, 2, ir, 2, &o));
	CU_ASSERT_EQUAL_FATAL(n, 2);
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(p[i].a, crowd[i].a);
		CU_ASSERT_EQUAL(p[i].r, crowd[i].r);
		CHECK_NEAR(p[i].iou, crowd[i].iou, 1e-15);
		CU_ASSERT_EQUAL(p[i].same_label, crowd[i].same);
	}
	/* A crowd region against ordinary objects only: no pair at all */
	ir[0].iscrowd = 0;
	ia[0].iscrowd = 1;
	CHECK_OK(tly_match_pairs(&p, &cap, &n, ia, 2, ir, 2, &o));
	CU_ASSERT_EQUAL(n, 0);
	tly_match_pairs_free(p);
}

TLY_TESTS("match_pairs",
	  {"greedy_not_optimal", test_greedy_not_optimal},
	  {"label_mismatch_pass", test_label_mismatch_pass},
	  {"order_made", test_order_made},
	  {"ties_by_keys", test_ties_by_keys},
	  {"thresholds_and_empty", test_thresholds_and_empty},
	  {"bad_arguments", test_bad_arguments},
	  {"random_against_naive", test_random_against_naive},
	  {"reuse_and_out_of_memory", test_reuse_and_out_of_memory},
	  {"big_sets", test_big_sets},
	  {"crowd_only_with_crowd", test_crowd_only_with_crowd})
