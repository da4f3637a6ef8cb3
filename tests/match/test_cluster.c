/*
 * Clustering (src/match/cluster.c, SPEC §4) on cases worked on paper, with
 * the IoU of every relevant pair derived beside it, plus randomized checks
 * against a naive O(n^3) re-implementation of the rule and shuffled inputs.
 * A result is written "keys of cluster 0 | keys of cluster 1 | ...".
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tally/match.h"
#include "util/alloc.h"

typedef struct {
	uint32_t owner, label;
	int64_t key;
	double x, y, w, h;
} row;

#define MAXN 6000

static tly_geometry geoms[MAXN];
static tly_match_item items[MAXN];

static void load(const row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		geoms[i] = (tly_geometry){TLY_GEOM_BOX, {rows[i].x, rows[i].y, rows[i].w, rows[i].h}, NULL};
		items[i] = (tly_match_item){&geoms[i], rows[i].owner, rows[i].label, rows[i].key, 0};
	}
}

/* IoU as the matcher measures it: in key order. */
static double pair_iou(const tly_match_item *a, const tly_match_item *b)
{
	return a->key < b->key ? tly_geom_iou(a->geom, b->geom) : tly_geom_iou(b->geom, a->geom);
}

/* Check every documented property of C and write its "k,k|k" form to OUT. */
static void describe(char *out, size_t cap, const tly_clustering *c, const tly_match_item *it,
		     size_t n, double thr)
{
	size_t cl, k, j, len = 0;
	int64_t prev_first = INT64_MIN;
	static unsigned char seen[MAXN];

	out[0] = '\0';
	CU_ASSERT_EQUAL_FATAL(c->n_items, n);
	CU_ASSERT_EQUAL(c->start[0], 0);
	CU_ASSERT_EQUAL_FATAL(c->start[c->n_clusters], n);
	memset(seen, 0, n);
	for (cl = 0; cl < c->n_clusters; cl++) {
		CU_ASSERT_FATAL(c->start[cl] < c->start[cl + 1]); /* never empty */
		/* numbered by smallest member key */
		CU_ASSERT(it[c->members[c->start[cl]]].key > prev_first);
		prev_first = it[c->members[c->start[cl]]].key;
		for (k = c->start[cl]; k < c->start[cl + 1]; k++) {
			uint32_t m = c->members[k];

			CU_ASSERT_FATAL(m < n);
			CU_ASSERT_EQUAL(seen[m], 0);
			seen[m] = 1;
			CU_ASSERT_EQUAL(c->cluster_of[m], cl);
			if (k > c->start[cl])
				CU_ASSERT(it[c->members[k - 1]].key < it[m].key);
			for (j = c->start[cl]; j < k; j++) {
				CU_ASSERT(it[c->members[j]].owner != it[m].owner);
				CU_ASSERT(pair_iou(&it[c->members[j]], &it[m]) >= thr);
			}
			len += (size_t)snprintf(out + len, cap - len, "%s%lld",
						k == c->start[cl] ? (cl ? "|" : "") : ",",
						(long long)it[m].key);
			CU_ASSERT_FATAL(len < cap);
		}
	}
}

static void run(char *out, size_t cap, const row *rows, size_t n, double thr, int class_aware)
{
	tly_clustering c;
	tly_match_options o = {thr, class_aware, 0, NULL, {0, 0, 0, 0}};

	memset(&c, 0, sizeof(c));
	load(rows, n);
	CHECK_OK(tly_match_cluster(&c, items, n, &o));
	describe(out, cap, &c, items, n, thr);
	tly_clustering_clear(&c);
}

#define CHECK_CLUSTERS(rows, thr, aware, expect)                                \
	do {                                                                    \
		char got_[256];                                                 \
		run(got_, sizeof(got_), rows, sizeof(rows) / sizeof(rows[0]), thr, aware); \
		if (strcmp(got_, expect) != 0)                                  \
			fprintf(stderr, "%s:%d: clusters %s, expected %s\n",   \
				__FILE__, __LINE__, got_, expect);              \
		CU_ASSERT_STRING_EQUAL(got_, expect);                           \
	} while (0)

static void test_straddling_box(void)
{
	/*
	 * Two objects seen by A (owner 0) and B (owner 1); C (owner 2) drew one
	 * box [0,30]x[0,10] over both. All boxes are 10 high.
	 *   a1 [0,10]  b1 [1,11]:  I = 9*10 = 90, U = 200 - 90 = 110: 9/11
	 *   a2 [20,30] b2 [20,30]: identical: 1
	 *   c  vs a1, b1 ([1,11] inside [0,30]), a2, b2: I = 100, U = 300 + 100
	 *   - 100 = 300: exactly 1/3 each, a four-way tie.
	 * At match.iou 0.3, greedy: a2-b2 (1) -> {2,4}; a1-b1 (9/11) -> {1,3};
	 * then the 1/3 ties in (smaller key, larger key) order: (1,5) merges c
	 * into {1,3} (3-5 is also 1/3 >= 0.3: complete linkage holds); (2,5)
	 * and (4,5) are refused: c is taken. Key order decides: had (4,5) come
	 * first, c would have joined {2,4}.
	 */
	static const row r[] = {
		{0, 0, 1, 0, 0, 10, 10},  {0, 0, 2, 20, 0, 10, 10}, {1, 0, 3, 1, 0, 10, 10},
		{1, 0, 4, 20, 0, 10, 10}, {2, 0, 5, 0, 0, 30, 10},
	};
	/* Reversing C's priority: give c key 0 and a2 key 1 (a1 key 2): the
	 * ties are then (0,1) c-a2 first: c joins {a2,b2}; a1-b1 on their own. */
	static const row r2[] = {
		{0, 0, 2, 0, 0, 10, 10},  {0, 0, 1, 20, 0, 10, 10}, {1, 0, 3, 1, 0, 10, 10},
		{1, 0, 4, 20, 0, 10, 10}, {2, 0, 0, 0, 0, 30, 10},
	};

	CHECK_CLUSTERS(r, 0.3, 0, "1,3,5|2,4");
	CHECK_CLUSTERS(r2, 0.3, 0, "0,1,4|2,3");
	/* At the default 0.5, 1/3 is below: c stays alone. */
	CHECK_CLUSTERS(r, 0.5, 0, "1,3|2,4|5");
}

static void test_chain_complete_linkage(void)
{
	/*
	 * a [0,10], b [3,13], c [6,16], 10 high, owners 0, 1, 2:
	 *   a-b and b-c: I = 7*10 = 70, U = 130: 7/13 = 0.538 >= 0.5
	 *   a-c: I = 40, U = 160: 0.25 < 0.5
	 * (1,2) and (2,3) tie at 7/13; (1,2) comes first by key: {1,2}. Then
	 * (2,3) would bring c in, but a-c is below the threshold: refused.
	 * Single linkage would have chained all three.
	 */
	static const row r[] = {
		{0, 0, 1, 0, 0, 10, 10}, {1, 0, 2, 3, 0, 10, 10}, {2, 0, 3, 6, 0, 10, 10}};
	/* Same boxes, keys reversed: the tie now favours (1,2) = c-b. */
	static const row rev[] = {
		{0, 0, 3, 0, 0, 10, 10}, {1, 0, 2, 3, 0, 10, 10}, {2, 0, 1, 6, 0, 10, 10}};

	CHECK_CLUSTERS(r, 0.5, 0, "1,2|3");
	CHECK_CLUSTERS(rev, 0.5, 0, "1,2|3");
	/* At 0.25 a-c qualifies too (0.25 >= 0.25): one cluster. */
	CHECK_CLUSTERS(r, 0.25, 0, "1,2,3");
}

static void test_cross_label_second_pass(void)
{
	/*
	 * One object: A and B say label 0, C says label 1. Boxes 10 high:
	 *   a [0,10], b [2,12]: I = 80, U = 120: 2/3
	 *   c [1,11] vs a and vs b: I = 90, U = 110: 9/11
	 * Pass 1 (same label): a-b -> {1,2}. Pass 2: c-a (9/11, keys (1,3))
	 * -> {1,2}+{3}: 1-3 and 2-3 both 9/11: merged. One object with a
	 * label disagreement. class_aware: no pass 2, c stays alone.
	 */
	static const row r[] = {
		{0, 0, 1, 0, 0, 10, 10}, {1, 0, 2, 2, 0, 10, 10}, {2, 1, 3, 1, 0, 10, 10}};

	CHECK_CLUSTERS(r, 0.5, 0, "1,2,3");
	CHECK_CLUSTERS(r, 0.5, 1, "1,2|3");
}

static void test_same_label_pass_first(void)
{
	/*
	 * Why two passes matter. A (owner 0) drew a1 label 0 at [0,10]; B
	 * (owner 1) drew b1 label 1 at [1,11] and b2 label 0 at [3,13].
	 *   a1-b1: 9/11 = 0.818 (cross-label)   a1-b2: 7/13 = 0.538 (same label)
	 *   b1-b2: same owner, never a pair.
	 * One pass by IoU would join a1-b1 first. Pass 1 joins a1-b2 instead;
	 * in pass 2 a1-b1 is refused because B is already in the cluster.
	 */
	static const row r[] = {
		{0, 0, 1, 0, 0, 10, 10}, {1, 1, 2, 1, 0, 10, 10}, {1, 0, 3, 3, 0, 10, 10}};

	CHECK_CLUSTERS(r, 0.5, 0, "1,3|2");
	CHECK_CLUSTERS(r, 0.5, 1, "1,3|2");
}

static void test_merge_of_two_clusters(void)
{
	/*
	 * Pass 1 builds {a,b} (label 0) and {c,d} (label 1); pass 2 may join
	 * them only if all four cross pairs reach 0.5. Boxes 10 high:
	 *   a [0,10] b [0,10] (owners 0,1): 1      c, d [1,11] (owners 2,3): 1
	 *   a-c, a-d, b-c, b-d: I = 90, U = 110: 9/11 -> one cluster.
	 * Refused: b moved to [-3,7]: a-b = 7/13 (pass 1 still joins them),
	 * but b-c = [1,7]: I = 60, U = 140: 0.43 < 0.5, so {a,b} and {c,d}
	 * stay apart although a-c alone (9/11) would allow the merge.
	 */
	static const row ok[] = {{0, 0, 1, 0, 0, 10, 10}, {1, 0, 2, 0, 0, 10, 10},
				 {2, 1, 3, 1, 0, 10, 10}, {3, 1, 4, 1, 0, 10, 10}};
	static const row refused[] = {{0, 0, 1, 0, 0, 10, 10}, {1, 0, 2, -3, 0, 10, 10},
				      {2, 1, 3, 1, 0, 10, 10}, {3, 1, 4, 1, 0, 10, 10}};

	CHECK_CLUSTERS(ok, 0.5, 0, "1,2,3,4");
	CHECK_CLUSTERS(refused, 0.5, 0, "1,2|3,4");
}

static void test_same_owner_never_twice(void)
{
	/*
	 * A drew the same box twice (keys 1, 2), B once (key 3); all IoU 1.
	 * (1,3) and (2,3) tie at 1; (1,3) first by key: {1,3}; (2,3) refused
	 * (A already in). 1-2 is never a pair (same owner).
	 */
	static const row r[] = {
		{0, 0, 1, 0, 0, 10, 10}, {0, 0, 2, 0, 0, 10, 10}, {1, 0, 3, 0, 0, 10, 10}};
	static const row r2[] = {
		{0, 0, 2, 0, 0, 10, 10}, {0, 0, 1, 0, 0, 10, 10}, {1, 0, 3, 0, 0, 10, 10}};
	/* Only one owner: nothing ever pairs. */
	static const row solo[] = {
		{7, 0, 5, 0, 0, 10, 10}, {7, 0, 6, 0, 0, 10, 10}, {7, 1, 4, 0, 0, 10, 10}};

	CHECK_CLUSTERS(r, 0.5, 0, "1,3|2");
	CHECK_CLUSTERS(r2, 0.5, 0, "1,3|2");
	CHECK_CLUSTERS(solo, 0.5, 0, "4|5|6");
}

static void test_threshold_edges(void)
{
	/* [0,10]x[0,10] vs [0,5]x[0,10]: I = 50, U = 100: exactly 0.5, which
	 * meets match.iou 0.5 (>=) but not 0.51. */
	static const row half[] = {{0, 0, 1, 0, 0, 10, 10}, {1, 0, 2, 0, 0, 5, 10}};
	/* Touching edges overlap nothing, whatever the threshold. */
	static const row touch[] = {{0, 0, 1, 0, 0, 10, 10}, {1, 0, 2, 10, 0, 10, 10}};
	/* Zero-area boxes (a point, a line) match nothing. */
	static const row empty[] = {
		{0, 0, 1, 5, 5, 0, 0}, {1, 0, 2, 5, 5, 0, 0}, {2, 0, 3, 0, 0, 10, 0}};
	/* match.iou 1: only identical boxes, even off the origin with
	 * fractions ((x + w) - x != w there: IoU must still be exactly 1). */
	static const row ident[] = {{0, 0, 1, 1e6 + 0.3, 7.7, 0.1, 0.1},
				    {1, 0, 2, 1e6 + 0.3, 7.7, 0.1, 0.1},
				    {2, 0, 3, 1e6 + 0.3, 7.7, 0.1, 0.2}};

	CHECK_CLUSTERS(half, 0.5, 0, "1,2");
	CHECK_CLUSTERS(half, 0.51, 0, "1|2");
	CHECK_CLUSTERS(touch, 1e-9, 0, "1|2");
	CHECK_CLUSTERS(empty, 1e-9, 0, "1|2|3");
	CHECK_CLUSTERS(ident, 1.0, 0, "1,2|3");
}

static void test_numbering_and_indices(void)
{
	/* Input order keys 30, 10, 20; 30 and 10 overlap (IoU 1), 20 is far.
	 * Cluster 0 = {10, 30} = items {1, 0} (key order), cluster 1 = {20}. */
	static const row r[] = {
		{0, 0, 30, 0, 0, 10, 10}, {1, 0, 10, 0, 0, 10, 10}, {2, 0, 20, 50, 0, 10, 10}};
	tly_clustering c;
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};

	memset(&c, 0, sizeof(c));
	load(r, 3);
	CHECK_OK(tly_match_cluster(&c, items, 3, &o));
	CU_ASSERT_EQUAL(c.n_clusters, 2);
	CU_ASSERT_EQUAL(c.cluster_of[0], 0);
	CU_ASSERT_EQUAL(c.cluster_of[1], 0);
	CU_ASSERT_EQUAL(c.cluster_of[2], 1);
	CU_ASSERT_EQUAL(c.start[0], 0);
	CU_ASSERT_EQUAL(c.start[1], 2);
	CU_ASSERT_EQUAL(c.start[2], 3);
	CU_ASSERT_EQUAL(c.members[0], 1);
	CU_ASSERT_EQUAL(c.members[1], 0);
	CU_ASSERT_EQUAL(c.members[2], 2);
	tly_clustering_clear(&c);
	tly_clustering_clear(&c); /* idempotent */
	tly_clustering_clear(NULL);
}

static void test_empty_and_one(void)
{
	static const row one[] = {{3, 9, 42, 1, 2, 3, 4}};
	tly_clustering c;
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};

	memset(&c, 0, sizeof(c));
	CHECK_OK(tly_match_cluster(&c, NULL, 0, &o));
	CU_ASSERT_EQUAL(c.n_items, 0);
	CU_ASSERT_EQUAL(c.n_clusters, 0);
	CU_ASSERT_EQUAL(c.start[0], 0);
	load(one, 1);
	CHECK_OK(tly_match_cluster(&c, items, 1, &o));
	CU_ASSERT_EQUAL(c.n_clusters, 1);
	CU_ASSERT_EQUAL(c.cluster_of[0], 0);
	CU_ASSERT_EQUAL(c.members[0], 0);
	CU_ASSERT_EQUAL(c.start[1], 1);
	/* And back to empty with the same arrays. */
	CHECK_OK(tly_match_cluster(&c, items, 0, &o));
	CU_ASSERT_EQUAL(c.n_clusters, 0);
	CU_ASSERT_EQUAL(c.start[0], 0);
	tly_clustering_clear(&c);
}

static void test_bad_arguments(void)
{
	static const row dup[] = {{0, 0, 1, 0, 0, 10, 10}, {1, 0, 1, 50, 0, 10, 10}};
	static const row nan_box[] = {{0, 0, 1, 0, 0, 10, 10}, {1, 0, 2, 0, 0, 0.0 / 0.0, 10}};
	static const double bad_iou[3] = {0, 1.5, 0.0 / 0.0};
	tly_clustering c;
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};
	size_t k;

	memset(&c, 0, sizeof(c));
	load(dup, 2);
	CU_ASSERT_EQUAL(tly_match_cluster(&c, items, 2, &o), TLY_EARG);
	CU_ASSERT(strstr(tly_error_last(), "duplicate item key 1") != NULL);
	CU_ASSERT_EQUAL(c.n_clusters, 0);
	load(nan_box, 2);
	CU_ASSERT_EQUAL(tly_match_cluster(&c, items, 2, &o), TLY_EARG);
	items[1].geom = NULL;
	CU_ASSERT_EQUAL(tly_match_cluster(&c, items, 2, &o), TLY_EARG);
	load(dup, 1);
	for (k = 0; k < 3; k++) { /* match.iou outside (0, 1] */
		o.iou = bad_iou[k];
		CU_ASSERT_EQUAL(tly_match_cluster(&c, items, 1, &o), TLY_EARG);
	}
	o.iou = 0.5;
	CU_ASSERT_EQUAL(tly_match_cluster(&c, NULL, 1, &o), TLY_EARG);
	CU_ASSERT_EQUAL(tly_match_cluster(NULL, items, 1, &o), TLY_EARG);
	CU_ASSERT_EQUAL(tly_match_cluster(&c, items, 1, NULL), TLY_EARG);
	tly_clustering_clear(&c);
}

/* ---- randomized: naive reference and shuffles ---- */

static unsigned lcg(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/*
 * A realistic image: OBJECTS true objects (integer coordinates, so exact
 * IoU ties happen), each drawn by each of OWNERS annotators with
 * probability 4/5, corners jittered by up to +-JIT px, label flipped with
 * probability 1/5, plus a few stray boxes. Keys: a scrambled permutation.
 */
static size_t random_image(row *r, unsigned *seed, int objects, int owners, int jit)
{
	size_t n = 0, i;
	int o, a, x, y, w, h;

	for (o = 0; o < objects; o++) {
		x = (int)(lcg(seed) % 300);
		y = (int)(lcg(seed) % 300);
		w = 10 + (int)(lcg(seed) % 50);
		h = 10 + (int)(lcg(seed) % 50);
		for (a = 0; a < owners; a++) {
			if (lcg(seed) % 5 == 0)
				continue;
			r[n].owner = (uint32_t)a;
			r[n].label = (uint32_t)(lcg(seed) % 5 == 0 ? lcg(seed) % 3 : (unsigned)o % 3);
			r[n].x = x + (int)(lcg(seed) % (unsigned)(2 * jit + 1)) - jit;
			r[n].y = y + (int)(lcg(seed) % (unsigned)(2 * jit + 1)) - jit;
			r[n].w = w + (int)(lcg(seed) % (unsigned)(2 * jit + 1)) - jit;
			r[n].h = h + (int)(lcg(seed) % (unsigned)(2 * jit + 1)) - jit;
			n++;
		}
	}
	for (o = 0; o < objects / 3; o++, n++) { /* strays */
		r[n].owner = lcg(seed) % (unsigned)owners;
		r[n].label = lcg(seed) % 3;
		r[n].x = lcg(seed) % 300;
		r[n].y = lcg(seed) % 300;
		r[n].w = 5 + lcg(seed) % 60;
		r[n].h = 5 + lcg(seed) % 60;
	}
	for (i = 0; i < n; i++)
		r[i].key = (int64_t)((i * 7919u) % 10007u) + 1; /* distinct: 7919 < 10007, both prime */
	return n;
}

typedef struct {
	double iou;
	int64_t k1, k2;
	size_t i, j;
} npair;

static int npair_cmp(const void *pa, const void *pb)
{
	const npair *a = pa, *b = pb;

	if (a->iou != b->iou)
		return a->iou > b->iou ? -1 : 1;
	if (a->k1 != b->k1)
		return a->k1 < b->k1 ? -1 : 1;
	return (a->k2 > b->k2) - (a->k2 < b->k2);
}

/* SPEC §4 written the obvious way: all pairs, IoU recomputed for every check. */
static void naive(char *out, size_t cap, const tly_match_item *it, size_t n, double thr,
		  int aware)
{
	static npair p[MAXN * 8];
	static size_t rep[MAXN], order[MAXN], num[MAXN];
	size_t np = 0, i, j, a, b, ri, rj, len = 0, cnum = 0, k;
	int pass, ok;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			double v = pair_iou(&it[i], &it[j]);

			if (it[i].owner == it[j].owner || v < thr ||
			    (aware && it[i].label != it[j].label))
				continue;
			CU_ASSERT_FATAL(np < MAXN * 8);
			p[np++] = (npair){v, it[i].key < it[j].key ? it[i].key : it[j].key,
					  it[i].key < it[j].key ? it[j].key : it[i].key, i, j};
		}
	qsort(p, np, sizeof(*p), npair_cmp);
	for (i = 0; i < n; i++)
		rep[i] = i;
	for (pass = 0; pass < (aware ? 1 : 2); pass++) {
		for (k = 0; k < np; k++) {
			if ((it[p[k].i].label == it[p[k].j].label) != (pass == 0))
				continue;
			ri = rep[p[k].i];
			rj = rep[p[k].j];
			if (ri == rj)
				continue;
			ok = 1;
			for (a = 0; a < n && ok; a++)
				for (b = 0; b < n && ok; b++)
					if (rep[a] == ri && rep[b] == rj &&
					    (it[a].owner == it[b].owner || pair_iou(&it[a], &it[b]) < thr))
						ok = 0;
			if (ok)
				for (b = 0; b < n; b++)
					if (rep[b] == rj)
						rep[b] = ri;
		}
	}
	/* Clusters numbered by smallest key: walk items in key order. */
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && it[order[j]].key < it[order[j - 1]].key; j--)
			a = order[j], order[j] = order[j - 1], order[j - 1] = a;
	for (i = 0; i < n; i++)
		num[i] = SIZE_MAX;
	for (i = 0; i < n; i++)
		if (num[rep[order[i]]] == SIZE_MAX)
			num[rep[order[i]]] = cnum++;
	out[0] = '\0';
	for (k = 0; k < cnum; k++)
		for (i = 0, j = 0; i < n; i++)
			if (num[rep[order[i]]] == k)
				len += (size_t)snprintf(out + len, cap - len, "%s%lld",
							j++ ? "," : (k ? "|" : ""),
							(long long)it[order[i]].key);
}

static void test_random_against_naive(void)
{
	static row r[400];
	static char got[8192], want[8192];
	unsigned seed = 1;
	tly_clustering c;
	tly_match_options o = TLY_MATCH_OPTIONS_INIT;
	size_t n;
	int round;

	memset(&c, 0, sizeof(c));
	for (round = 0; round < 200; round++) {
		n = random_image(r, &seed, 4 + round % 20, 2 + round % 5, 1 + round % 8);
		load(r, n);
		o.iou = round % 3 == 0 ? 0.5 : round % 3 == 1 ? 0.3 : 0.7;
		o.class_aware = round % 4 == 0;
		/* The same tly_clustering across rounds of varying size: reuse. */
		CHECK_OK(tly_match_cluster(&c, items, n, &o));
		describe(got, sizeof(got), &c, items, n, o.iou);
		naive(want, sizeof(want), items, n, o.iou, o.class_aware);
		if (strcmp(got, want) != 0)
			fprintf(stderr, "round %d:\n got  %s\n want %s\n", round, got, want);
		CU_ASSERT_STRING_EQUAL(got, want);
	}
	tly_clustering_clear(&c);
}

static void test_order_independence(void)
{
	static row r[200], s[200];
	static char first[8192], got[8192];
	unsigned seed = 99;
	size_t n, i, j;
	row t;
	int round, shuffle;

	for (round = 0; round < 10; round++) {
		n = random_image(r, &seed, 15, 5, 3);
		run(first, sizeof(first), r, n, 0.5, 0);
		for (shuffle = 0; shuffle < 20; shuffle++) {
			memcpy(s, r, n * sizeof(*r));
			for (i = n; i > 1; i--) { /* Fisher-Yates */
				j = lcg(&seed) % i;
				t = s[i - 1];
				s[i - 1] = s[j];
				s[j] = t;
			}
			run(got, sizeof(got), s, n, 0.5, 0);
			CU_ASSERT_STRING_EQUAL(got, first);
		}
	}
}

static void test_allocation(void)
{
	static row r[400];
	static char want[8192], got[8192];
	unsigned seed = 11;
	tly_clustering c;
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};
	size_t n;
	long k;
	int rc = -1;

	n = random_image(r, &seed, 30, 5, 3);
	run(want, sizeof(want), r, n, 0.5, 0);
	/* Fail the 1st, 2nd, ... allocation until none is left to fail. */
	for (k = 1; k < 100 && rc != 0; k++) {
		memset(&c, 0, sizeof(c));
		load(r, n);
		tly_alloc_fail_after(k);
		rc = tly_match_cluster(&c, items, n, &o);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_EQUAL(c.n_clusters, 0);
			/* The same struct still works afterwards. */
			CHECK_OK(tly_match_cluster(&c, items, n, &o));
		}
		describe(got, sizeof(got), &c, items, n, 0.5);
		CU_ASSERT_STRING_EQUAL(got, want);
		if (rc == 0) {
			/* Capacity is there now: any allocation would fail, and
			 * none happens, for the same input or a smaller one. */
			tly_alloc_fail_after(1);
			CHECK_OK(tly_match_cluster(&c, items, n, &o));
			CHECK_OK(tly_match_cluster(&c, items, n / 2, &o));
			tly_alloc_fail_after(0);
			CU_ASSERT_EQUAL(c.n_items, n / 2);
		}
		tly_clustering_clear(&c);
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(k > 3); /* several allocations were exercised */
}

static void test_big_image(void)
{
	/* 1000 objects on a 40 x 25 grid, 60 px apart, 30 px boxes; each drawn
	 * by 5 annotators shifted by 0..4 px in x: within an object the worst
	 * pair (shift 4) has I = 26*30, U = 2*900 - 780 = 1020: 0.76 >= 0.5;
	 * across objects boxes are 30 px apart. 5000 items -> 1000 clusters of 5. */
	static row r[5000];
	tly_clustering c;
	tly_match_options o = {0.5, 0, 0, NULL, {0, 0, 0, 0}};
	size_t i, cl;

	for (i = 0; i < 5000; i++) /* item i: object i / 5, annotator i % 5; keys descend */
		r[i] = (row){(uint32_t)(i % 5), (uint32_t)(i / 5 % 7), (int64_t)(5000 - i),
			     (double)((i / 5 % 40) * 60 + i % 5), (double)((i / 5 / 40) * 60), 30, 30};
	memset(&c, 0, sizeof(c));
	load(r, 5000);
	CHECK_OK(tly_match_cluster(&c, items, 5000, &o));
	CU_ASSERT_EQUAL(c.n_clusters, 1000);
	for (cl = 0; cl < c.n_clusters; cl++)
		CU_ASSERT_EQUAL(c.start[cl + 1] - c.start[cl], 5);
	/* Cluster 0 holds the smallest key, 1 = item 4999 (object 999). */
	CU_ASSERT_EQUAL(c.cluster_of[4999], 0);
	CU_ASSERT_EQUAL(c.members[0], 4999);
	tly_clustering_clear(&c);
}

/* run() with CROWD[i] as item i's crowd flag; checks that no cluster mixes the two kinds. */
static void run_crowd(char *out, size_t cap, const row *rows, const int *crowd, size_t n, double thr)
{
	tly_clustering c;
	tly_match_options o = {thr, 0, 0, NULL, {0, 0, 0, 0}};
	size_t i, k;

	memset(&c, 0, sizeof(c));
	load(rows, n);
	for (i = 0; i < n; i++)
		items[i].iscrowd = crowd[i];
	CHECK_OK(tly_match_cluster(&c, items, n, &o));
	describe(out, cap, &c, items, n, thr);
	for (i = 0; i < c.n_clusters; i++)
		for (k = c.start[i] + 1; k < c.start[i + 1]; k++)
			CU_ASSERT_EQUAL(items[c.members[k]].iscrowd, items[c.members[c.start[i]]].iscrowd);
	tly_clustering_clear(&c);
}

static void test_crowd_apart(void)
{
	/*
	 * One label, match.iou 0.5. A (owner 0) drew a person [0,0,10,10]
	 * (key 1) and a crowd region over the same pixels (key 2); B (owner 1)
	 * a person [0,0,10,10] (3) and a crowd region [0,0,10,12] (4); C
	 * (owner 2) only a crowd region [0,0,10,10] (5).
	 *   identical boxes 1, 2, 3, 5: IoU 1; 4 against them: 100/120 = 5/6.
	 * Without crowd flags, greedy in key order: (1,3) -> {1,3}; (1,5): 3-5
	 * is 1 too -> {1,3,5}; (2,3), (2,5) refused (2 shares owner 0 with 1);
	 * then at 5/6: (1,4) refused (owner 1 taken by 3), (2,4) -> {2,4}:
	 * "1,3,5|2,4": C's crowd region swallowed by the person.
	 * With the flags, mixed pairs are no candidates: (1,3) -> {1,3};
	 * (2,5) -> {2,5}; (2,4) at 5/6 with 4-5 also 5/6 -> {2,4,5}:
	 * "1,3|2,4,5". Reversing the input order changes nothing.
	 */
	static const row r[] = {
		{0, 0, 1, 0, 0, 10, 10}, {0, 0, 2, 0, 0, 10, 10}, {1, 0, 3, 0, 0, 10, 10},
		{1, 0, 4, 0, 0, 10, 12}, {2, 0, 5, 0, 0, 10, 10},
	};
	static const row rev[] = {
		{2, 0, 5, 0, 0, 10, 10}, {1, 0, 4, 0, 0, 10, 12}, {1, 0, 3, 0, 0, 10, 10},
		{0, 0, 2, 0, 0, 10, 10}, {0, 0, 1, 0, 0, 10, 10},
	};
	static const int none[] = {0, 0, 0, 0, 0}, crowd[] = {0, 1, 0, 1, 1}, crowd_rev[] = {1, 1, 0, 1, 0};
	char got[256];

	run_crowd(got, sizeof(got), r, none, 5, 0.5);
	CU_ASSERT_STRING_EQUAL(got, "1,3,5|2,4");
	run_crowd(got, sizeof(got), r, crowd, 5, 0.5);
	CU_ASSERT_STRING_EQUAL(got, "1,3|2,4,5");
	run_crowd(got, sizeof(got), rev, crowd_rev, 5, 0.5);
	CU_ASSERT_STRING_EQUAL(got, "1,3|2,4,5");
}

TLY_TESTS("match_cluster",
	  {"straddling_box", test_straddling_box},
	  {"chain_complete_linkage", test_chain_complete_linkage},
	  {"cross_label_second_pass", test_cross_label_second_pass},
	  {"same_label_pass_first", test_same_label_pass_first},
	  {"merge_of_two_clusters", test_merge_of_two_clusters},
	  {"same_owner_never_twice", test_same_owner_never_twice},
	  {"threshold_edges", test_threshold_edges},
	  {"numbering_and_indices", test_numbering_and_indices},
	  {"empty_and_one", test_empty_and_one},
	  {"bad_arguments", test_bad_arguments},
	  {"random_against_naive", test_random_against_naive},
	  {"order_independence", test_order_independence},
	  {"allocation", test_allocation},
	  {"big_image", test_big_image},
	  {"crowd_apart", test_crowd_apart})
