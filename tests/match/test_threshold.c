/*
 * Per-item match thresholds (src/match/threshold.c, used by cluster.c and
 * pairs.c): label > geometry > match.iou, a pair needs the larger of its
 * two items' thresholds; worked cases where an override splits or joins a
 * cluster, the cross-label stricter rule, a kind override, the one-to-one
 * pairing, bad values, and a randomized check against the rule written
 * naively. A result is written "keys of cluster 0 | keys of cluster 1 | ...".
 *
 * Boxes are 10 high; [0,10] against [d,d+10] overlaps (10-d)*10 of a union
 * 200-(10-d)*10, so IoU = (10-d)/(10+d): d=1 9/11~.818, d=2 2/3, d=3 7/13~.538.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tally/match.h"

typedef struct {
	uint32_t owner, label;
	int64_t key;
	tly_geom_kind kind;
	double x;
} row;

#define MAXN 64

static tly_geometry geoms[MAXN];
static tly_match_item items[MAXN];

static void load(const row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		geoms[i] = (tly_geometry){rows[i].kind, {rows[i].x, 0, 10, 10}, NULL};
		items[i] = (tly_match_item){&geoms[i], rows[i].owner, rows[i].label, rows[i].key, 0};
	}
}

static void describe(char *out, size_t cap, const tly_clustering *c, const tly_match_item *it)
{
	size_t cl, k, len = 0;

	out[0] = '\0';
	for (cl = 0; cl < c->n_clusters; cl++)
		for (k = c->start[cl]; k < c->start[cl + 1]; k++)
			len += (size_t)snprintf(out + len, cap - len, "%s%lld",
						k == c->start[cl] ? (cl ? "|" : "") : ",",
						(long long)it[c->members[k]].key);
}

static void run(char *out, size_t cap, const row *rows, size_t n, const tly_match_options *o)
{
	tly_clustering c;

	memset(&c, 0, sizeof(c));
	load(rows, n);
	CHECK_OK(tly_match_cluster(&c, items, n, o));
	describe(out, cap, &c, items);
	tly_clustering_clear(&c);
}

#define CHECK_CLUSTERS(rows, o, expect)                                                 \
	do {                                                                            \
		char got_[256];                                                         \
		run(got_, sizeof(got_), rows, sizeof(rows) / sizeof(rows[0]), &(o));   \
		if (strcmp(got_, expect) != 0)                                          \
			fprintf(stderr, "%s:%d: clusters %s, expected %s\n", __FILE__, \
				__LINE__, got_, expect);                                \
		CU_ASSERT_STRING_EQUAL(got_, expect);                                   \
	} while (0)

enum { CAR = 0, PERSON = 1 };

/*
 * label_iou {car: none, person: 0.7}, mask kind 0.3, match.iou 0.5:
 * car box 0.5 (default), car mask 0.3 (kind), person mask 0.7 (label wins
 * over kind), label 5 (past the table) box 0.5. Pairs take the larger:
 * car box + person box 0.7, car mask + car box 0.5, car mask + car mask 0.3.
 */
static void test_item_and_pair(void)
{
	const double label_iou[] = {0, 0.7};
	tly_match_options o = {0.5, 0, 2, label_iou, {0, 0, 0.3, 0}};
	tly_geometry box = {TLY_GEOM_BOX, {0, 0, 1, 1}, NULL}, mask = {TLY_GEOM_MASK, {0, 0, 1, 1}, NULL};
	tly_match_item car_box = {&box, 0, CAR, 1, 0}, car_mask = {&mask, 0, CAR, 2, 0};
	tly_match_item person_mask = {&mask, 0, PERSON, 3, 0}, person_box = {&box, 0, PERSON, 4, 0};
	tly_match_item other = {&box, 0, 5, 5, 0};

	CHECK_NEAR(tly_match_item_iou(&o, &car_box), 0.5, 0);
	CHECK_NEAR(tly_match_item_iou(&o, &car_mask), 0.3, 0);
	CHECK_NEAR(tly_match_item_iou(&o, &person_mask), 0.7, 0);
	CHECK_NEAR(tly_match_item_iou(&o, &other), 0.5, 0);
	CHECK_NEAR(tly_match_pair_iou(&o, &car_box, &person_box), 0.7, 0);
	CHECK_NEAR(tly_match_pair_iou(&o, &person_box, &car_box), 0.7, 0);
	CHECK_NEAR(tly_match_pair_iou(&o, &car_mask, &car_box), 0.5, 0);
	CHECK_NEAR(tly_match_pair_iou(&o, &car_mask, &car_mask), 0.3, 0);
}

/*
 * A car [0,10], B car [3,13]: IoU 7/13 ~ .538. match.iou 0.5: one cluster.
 * car 0.6: below it, two clusters. match.iou 0.6 with car 0.4: the label's
 * own threshold wins, one cluster again.
 */
static void test_label_splits_and_joins(void)
{
	static const row r[] = {{0, CAR, 1, TLY_GEOM_BOX, 0}, {1, CAR, 2, TLY_GEOM_BOX, 3}};
	const double strict[] = {0.6}, loose[] = {0.4};
	tly_match_options o = TLY_MATCH_OPTIONS_INIT;

	CHECK_CLUSTERS(r, o, "1,2");
	o.n_label_iou = 1;
	o.label_iou = strict;
	CHECK_CLUSTERS(r, o, "1|2");
	o.iou = 0.6;
	o.label_iou = loose;
	CHECK_CLUSTERS(r, o, "1,2");
}

/*
 * A car [0,10], B person [3,13]: IoU 7/13 ~ .538, a cross-label pair.
 * No override: joined in pass 2. person 0.6 (car none, 0.5): the pair needs
 * max(0.5, 0.6) = 0.6 -> apart; car 0.6 alone: the same from the other side.
 * car 0.4, person 0.6: the stricter 0.6 -> apart. car 0.4, person 0.5 under
 * match.iou 0.7: max(0.4, 0.5) = 0.5 <= .538 -> joined (labels override the
 * global value for cross-label pairs too).
 */
static void test_cross_label_stricter(void)
{
	static const row r[] = {{0, CAR, 1, TLY_GEOM_BOX, 0}, {1, PERSON, 2, TLY_GEOM_BOX, 3}};
	const double person[] = {0, 0.6}, car[] = {0.6, 0}, both[] = {0.4, 0.6}, low[] = {0.4, 0.5};
	tly_match_options o = TLY_MATCH_OPTIONS_INIT;

	CHECK_CLUSTERS(r, o, "1,2");
	o.n_label_iou = 2;
	o.label_iou = person;
	CHECK_CLUSTERS(r, o, "1|2");
	o.label_iou = car;
	CHECK_CLUSTERS(r, o, "1|2");
	o.label_iou = both;
	CHECK_CLUSTERS(r, o, "1|2");
	o.label_iou = low;
	o.iou = 0.7;
	CHECK_CLUSTERS(r, o, "1,2");
}

/*
 * Complete linkage with a kind override: A box [0,10] (key 1), B a mask
 * kind [1,11] (2), C box [0,10] (3), all car, owners 0, 1, 2 (the shapes
 * are compared by box: no raster). A-C 1, A-B 9/11, B-C 9/11.
 * match.iou 0.5: A-C merge, then B joins (both its pairs .818) -> "1,2,3".
 * geometry.mask 0.9: B's pairs need max(0.5, 0.9) = 0.9 > .818 -> "1,3|2".
 * geometry.mask 0.9 but car 0.5: the label wins over the kind -> "1,2,3".
 */
static void test_kind_override(void)
{
	static const row r[] = {{0, CAR, 1, TLY_GEOM_BOX, 0}, {1, CAR, 2, TLY_GEOM_MASK, 1},
				{2, CAR, 3, TLY_GEOM_BOX, 0}};
	const double car[] = {0.5};
	tly_match_options o = TLY_MATCH_OPTIONS_INIT;

	CHECK_CLUSTERS(r, o, "1,2,3");
	o.kind_iou[TLY_GEOM_MASK - 1] = 0.9;
	CHECK_CLUSTERS(r, o, "1,3|2");
	o.n_label_iou = 1;
	o.label_iou = car;
	CHECK_CLUSTERS(r, o, "1,2,3");
}

/*
 * Linkage blocks a merge only one pair fails: A car [0,10] (1), B car
 * [2,12] (2), C person [0,10] (3). A-B 2/3, C-A 1, C-B 2/3. Pass 1 merges
 * A and B; pass 2 tries C with {A, B} through C-A. person 0.85: C-A (1)
 * passes but C-B (2/3) does not, so C stays apart -> "1,2|3". person 0.6:
 * C-B passes too -> one cluster.
 */
static void test_linkage(void)
{
	static const row r[] = {{0, CAR, 1, TLY_GEOM_BOX, 0}, {1, CAR, 2, TLY_GEOM_BOX, 2},
				{2, PERSON, 3, TLY_GEOM_BOX, 0}};
	const double strict[] = {0, 0.85}, ok[] = {0, 0.6};
	tly_match_options o = TLY_MATCH_OPTIONS_INIT;

	o.n_label_iou = 2;
	o.label_iou = strict;
	CHECK_CLUSTERS(r, o, "1,2|3");
	o.label_iou = ok;
	CHECK_CLUSTERS(r, o, "1,2,3");
}

/*
 * One-to-one pairing: candidate car [0,10] against reference car [3,13]
 * (7/13) and reference person [1,11] (9/11). match.iou 0.5: the same-label
 * pair first (car-car, .538). car 0.6: car-car fails; the cross pair needs
 * max(0.6, 0.5) = 0.6 <= .818 -> one label-mismatch pair with reference 1.
 * person 0.9 too: nothing pairs.
 */
static void test_pairs(void)
{
	tly_geometry ga = {TLY_GEOM_BOX, {0, 0, 10, 10}, NULL}, g0 = {TLY_GEOM_BOX, {3, 0, 10, 10}, NULL};
	tly_geometry g1 = {TLY_GEOM_BOX, {1, 0, 10, 10}, NULL};
	tly_match_item a = {&ga, 0, CAR, 1, 0}, rr[2] = {{&g0, 1, CAR, 2, 0}, {&g1, 1, PERSON, 3, 0}};
	const double car[] = {0.6, 0}, both[] = {0.6, 0.9};
	tly_match_options o = TLY_MATCH_OPTIONS_INIT;
	tly_match_pair *p = NULL;
	size_t cap = 0, n = 0;

	CHECK_OK(tly_match_pairs(&p, &cap, &n, &a, 1, rr, 2, &o));
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(p[0].r, 0);
	CU_ASSERT_EQUAL(p[0].same_label, 1);
	CHECK_NEAR(p[0].iou, 7.0 / 13.0, 1e-12);
	o.n_label_iou = 2;
	o.label_iou = car;
	CHECK_OK(tly_match_pairs(&p, &cap, &n, &a, 1, rr, 2, &o));
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(p[0].r, 1);
	CU_ASSERT_EQUAL(p[0].same_label, 0);
	CHECK_NEAR(p[0].iou, 9.0 / 11.0, 1e-12);
	o.label_iou = both;
	CHECK_OK(tly_match_pairs(&p, &cap, &n, &a, 1, rr, 2, &o));
	CU_ASSERT_EQUAL(n, 0);
	tly_match_pairs_free(p);
}

/*
 * A threshold outside (0, 1] is TLY_EARG once an item uses it; an unused
 * bad entry (a label no item has) is never looked at.
 */
static void test_bad_threshold(void)
{
	static const row r[] = {{0, CAR, 1, TLY_GEOM_BOX, 0}, {1, CAR, 2, TLY_GEOM_BOX, 3}};
	const double bad_person[] = {0, 1.5}, bad_car[] = {-0.2, 0};
	tly_match_options o = TLY_MATCH_OPTIONS_INIT;
	tly_clustering c;
	tly_match_pair *p = NULL;
	size_t cap = 0, n = 0;

	memset(&c, 0, sizeof(c));
	load(r, 2);
	o.n_label_iou = 2;
	o.label_iou = bad_person;
	CHECK_OK(tly_match_cluster(&c, items, 2, &o));
	CU_ASSERT_EQUAL(c.n_clusters, 1);
	o.label_iou = bad_car;
	CU_ASSERT_EQUAL(tly_match_cluster(&c, items, 2, &o), TLY_EARG);
	CU_ASSERT_EQUAL(c.n_clusters, 0);
	CU_ASSERT_EQUAL(tly_match_pairs(&p, &cap, &n, items, 1, items + 1, 1, &o), TLY_EARG);
	o.label_iou = NULL;
	o.kind_iou[TLY_GEOM_BOX - 1] = 2;
	CU_ASSERT_EQUAL(tly_match_cluster(&c, items, 2, &o), TLY_EARG);
	tly_clustering_clear(&c);
	tly_match_pairs_free(p);
}

/* The threshold rule written out again, independently of threshold.c. */
static double naive_thr(const tly_match_item *it, const double *label_iou, size_t nl, const double *kind,
			double iou)
{
	if (it->label < nl && label_iou[it->label] > 0)
		return label_iou[it->label];
	if (kind[it->geom->kind - 1] > 0)
		return kind[it->geom->kind - 1];
	return iou;
}

static unsigned next(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/*
 * 300 random images: every pair of a cluster meets the larger of its items'
 * thresholds and has distinct owners, and reversing the input order gives
 * the same clusters (the rule depends on keys, not positions).
 */
static void test_random_properties(void)
{
	static row r[MAXN], rev[MAXN];
	static char a[4096], b[4096];
	const double label_iou[3] = {0, 0.35, 0.75};
	unsigned seed = 7;
	int round;

	for (round = 0; round < 300; round++) {
		tly_match_options o = {0.5, round % 5 == 0, 3, label_iou, {0, 0, 0, 0}};
		size_t n = 2 + (size_t)(next(&seed) % 30), i, k, j;
		tly_clustering c;

		o.kind_iou[TLY_GEOM_MASK - 1] = round % 2 ? 0.3 : 0;
		for (i = 0; i < n; i++) {
			r[i].owner = next(&seed) % 4;
			r[i].label = next(&seed) % 4; /* 3 is past the table */
			r[i].key = (int64_t)i * 7 + 3;
			r[i].kind = next(&seed) % 3 ? TLY_GEOM_BOX : TLY_GEOM_MASK;
			r[i].x = (double)(next(&seed) % 40) / 2.0;
			rev[n - 1 - i] = r[i];
		}
		memset(&c, 0, sizeof(c));
		load(r, n);
		CHECK_OK(tly_match_cluster(&c, items, n, &o));
		for (k = 0; k < c.n_clusters; k++)
			for (i = c.start[k]; i < c.start[k + 1]; i++)
				for (j = c.start[k]; j < i; j++) {
					const tly_match_item *x = &items[c.members[i]], *y = &items[c.members[j]];
					double tx = naive_thr(x, label_iou, 3, o.kind_iou, o.iou);
					double ty = naive_thr(y, label_iou, 3, o.kind_iou, o.iou);

					CU_ASSERT(x->owner != y->owner);
					CU_ASSERT(tly_geom_iou(x->geom, y->geom) >= (tx > ty ? tx : ty) - 1e-12);
				}
		describe(a, sizeof(a), &c, items);
		tly_clustering_clear(&c);
		run(b, sizeof(b), rev, n, &o);
		CU_ASSERT_STRING_EQUAL(a, b);
	}
}

TLY_TESTS("match_threshold",
	  {"item_and_pair", test_item_and_pair},
	  {"label_splits_and_joins", test_label_splits_and_joins},
	  {"cross_label_stricter", test_cross_label_stricter},
	  {"kind_override", test_kind_override},
	  {"linkage", test_linkage},
	  {"pairs", test_pairs},
	  {"bad_threshold", test_bad_threshold},
	  {"random_properties", test_random_properties})
