/*
 * Krippendorff's alpha over matched objects (src/agree/alpha_iou.c): a
 * scene worked by hand, the closed form against the generic
 * tly_stats_alpha_custom with the same distance, the grouped bootstrap
 * worked by hand and replayed from its definition, degenerate data and bad
 * arguments.
 */
#include <math.h>
#include <string.h>

#include "agree/boot_replay.h"
#include "harness.h"
#include "tally/stats.h"
#include "util/alloc.h"

/*
 * Three coders A, B, C; three units (clusters):
 *   U1: A, B, C all drew it; 1 - IoU: A-B 1/2 (B is half of A), A-C 0
 *       (same box), B-C 1/2: distance 1 (S = 2 ordered).
 *   U2: only A drew it; B and C give "nothing".
 *   U3: A and B drew it with different labels (delta 1); C nothing.
 * Values: 6 objects, 3 nothings, n = 9.
 * D_o: U1 2/(3-1) = 1; U2: a-N twice, both orders, 4/2 = 2; U3: a-b 2,
 * a-N 2, b-N 2, 6/2 = 3; sum 6, D_o = 6/9.
 * D_e over the 72 ordered pairs of distinct values: object-nothing 6*3*2
 * = 36 (delta 1); nothing-nothing 0; object-object in one unit: U1 2 +
 * U3 2 = 4; object-object across units: 6*5 - (6 + 2) = 22 pairs at 1;
 * sum 62. alpha = 1 - D_o/D_e = 1 - (6/9)/(62/72) = 1 - 48/62 = 7/31.
 * The closed form: 2AZ = 36, A^2 - sum A_u^2 = 36 - 14 = 22, sum S_u = 4.
 */
static const tly_stats_iou_unit hand[3] = {{3, 3, 1.0}, {1, 3, 0.0}, {2, 3, 1.0}};

static void test_hand(void)
{
	tly_stat a;

	CHECK_OK(tly_stats_alpha_iou(&a, hand, 3, NULL));
	CHECK_NEAR(a.value, 7.0 / 31.0, 1e-15);
	CU_ASSERT_EQUAL(a.n, 3);
	CU_ASSERT(isnan(a.ci95[0]) && isnan(a.ci95[1]));
}

/*
 * The same data through tly_stats_alpha_custom: items are object ids per
 * (unit, coder), "nothing" the shared id 0; delta from a table of the
 * in-unit object distances, 1 across units and against nothing.
 */
typedef struct {
	uint32_t unit[80];     /* unit of object id (ids from 1) */
	double d[80][80];      /* in-unit distance of two object ids */
} dist_table;

static double table_distance(uint32_t a, uint32_t b, void *payload)
{
	const dist_table *t = payload;

	if (a == b)
		return 0.0;
	if (a == 0 || b == 0)
		return 1.0;
	return t->unit[a] == t->unit[b] ? t->d[a][b] : 1.0;
}

static void test_equals_custom_hand(void)
{
	/* coders A B C; ids: U1 1 2 3, U2 4 - -, U3 5 6 - */
	const uint32_t items[9] = {1, 2, 3, 4, 0, 0, 5, 6, 0};
	dist_table t = {{0}, {{0}}};
	tly_stat a;

	t.unit[1] = t.unit[2] = t.unit[3] = 1;
	t.unit[4] = 2;
	t.unit[5] = t.unit[6] = 3;
	t.d[1][2] = t.d[2][1] = 0.5;
	t.d[2][3] = t.d[3][2] = 0.5;
	t.d[5][6] = t.d[6][5] = 1.0;
	CHECK_OK(tly_stats_alpha_custom(&a, items, 3, 3, table_distance, &t, NULL));
	CHECK_NEAR(a.value, 7.0 / 31.0, 1e-15);
}

/* xorshift64*: deterministic test data. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/*
 * Random units (1 to 4 coders of 4, 1 to all of them objects, random
 * in-unit distances; some units of one coder, which neither form counts)
 * with fresh object ids: the closed form equals the O(n^2) generic form.
 * Run twice: as drawn, and with every unit listed twice under new ids
 * (what a bootstrap resample that draws everything twice means here:
 * each copy its own unit).
 */
static void random_units(tly_stats_iou_unit *units, uint32_t *items, dist_table *t, size_t n_units,
			 size_t coders_max, size_t copies)
{
	uint64_t s = 12345;
	uint32_t id = 1, c, k;
	size_t u, r;

	memset(t, 0, sizeof(*t));
	for (u = 0; u < n_units; u++) {
		uint32_t coders = 1 + (uint32_t)(next(&s) % coders_max);
		uint32_t objects = 1 + (uint32_t)(next(&s) % coders);
		double d[4][4];

		for (c = 0; c < objects; c++)
			for (k = c + 1; k < objects; k++)
				d[c][k] = (double)(next(&s) % 1000) / 1000.0;
		for (r = 0; r < copies; r++) {
			size_t at = r * n_units + u;
			uint32_t first = id;

			units[at].objects = objects;
			units[at].coders = coders;
			units[at].distance = 0.0;
			for (c = 0; c < coders_max; c++)
				items[at * coders_max + c] = c < objects ? id++ : c < coders ? 0 : TLY_STATS_MISSING;
			for (c = 0; c < objects; c++) {
				t->unit[first + c] = (uint32_t)at + 1;
				for (k = c + 1; k < objects; k++) {
					t->d[first + c][first + k] = t->d[first + k][first + c] = d[c][k];
					units[at].distance += d[c][k];
				}
			}
		}
	}
}

static void test_equals_custom_random(void)
{
	enum { UNITS = 8, CODERS = 4 };
	tly_stats_iou_unit units[2 * UNITS];
	uint32_t items[2 * UNITS * CODERS];
	dist_table t;
	tly_stat x, y;
	size_t copies;

	for (copies = 1; copies <= 2; copies++) {
		random_units(units, items, &t, UNITS, CODERS, copies);
		CHECK_OK(tly_stats_alpha_iou(&x, units, copies * UNITS, NULL));
		CHECK_OK(tly_stats_alpha_custom(&y, items, copies * UNITS, CODERS, table_distance, &t, NULL));
		CU_ASSERT(isfinite(x.value));
		CHECK_NEAR(x.value, y.value, 1e-12);
		CU_ASSERT_EQUAL(x.n, y.n);
	}
}

/*
 * The bootstrap by hand: two images, the first with the units {3 objects,
 * 3 coders, 7/3}, {2, 3, 0}, {1, 3, 0}, the second with {2, 3, 0}
 * (tests/run/test_object_stats.c derives them from boxes): alpha = 69/344.
 * Resamples draw 2 images (each copy of a unit a unit of its own, so
 * A_u^2 and S_u count once per copy). The first twice (chance 1/4): n 18,
 * A 12, Z 6, D_o sum 2 (7/3 + 2 + 2) = 38/3, D_e sum 2*12*6 + 144 -
 * 2*14 + 2*14/3 = 808/3: 1 - 17 (38/3) / (808/3) = 81/404 = 0.20050. The
 * second twice (1/4): n 6, A 4, Z 2, D_o sum 4, D_e sum 16 + 16 - 8 = 24:
 * 1 - 5*4/24 = 1/6. One of each (1/2): 69/344 = 0.20058. Percentiles of
 * 1000 resamples: [1/6, 69/344].
 */
static void test_bootstrap_by_hand(void)
{
	const tly_stats_iou_unit units[4] = {{3, 3, 7.0 / 3.0}, {2, 3, 0.0}, {1, 3, 0.0}, {2, 3, 0.0}};
	const size_t image[4] = {0, 0, 0, 1};
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat a;

	boot.group = image;
	CHECK_OK(tly_stats_alpha_iou(&a, units, 4, &boot));
	CHECK_NEAR(a.value, 69.0 / 344.0, 1e-15);
	CU_ASSERT_EQUAL(a.n, 4);
	CHECK_NEAR(a.ci95[0], 1.0 / 6.0, 1e-15);
	CHECK_NEAR(a.ci95[1], 69.0 / 344.0, 1e-15);
}

/*
 * Degenerate data. No unit, or only units of one coder: nothing pairable,
 * undefined, n 0. One unit where all three agree perfectly (distance 0, no
 * nothing): every pair of values is at 0 and D_e = 0: undefined (n 1).
 * Two such units: D_o = 0, D_e = cross-unit pairs only (2AZ = 0, A^2 -
 * sum A_u^2 = 36 - 18 = 18 > 0): alpha = 1. Two units each drawn by one
 * coder of three (1 object, 2 nothings each): D_o = 2 * (2*1*2)/2 / 6 = 2/3, D_e = (2*2*4 + 4 - 2)/30 = 18/30:
 * alpha = 1 - (5 * 4) / 18 = -1/9.
 */
static void test_degenerate(void)
{
	const tly_stats_iou_unit lone[2] = {{1, 1, 0.0}, {1, 1, 0.0}};
	const tly_stats_iou_unit perfect[2] = {{3, 3, 0.0}, {3, 3, 0.0}};
	const tly_stats_iou_unit alone[2] = {{1, 3, 0.0}, {1, 3, 0.0}};
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat a;

	CHECK_OK(tly_stats_alpha_iou(&a, NULL, 0, &boot));
	CU_ASSERT(isnan(a.value) && a.n == 0);
	CHECK_OK(tly_stats_alpha_iou(&a, lone, 2, &boot));
	CU_ASSERT(isnan(a.value) && a.n == 0 && isnan(a.ci95[0]));
	CHECK_OK(tly_stats_alpha_iou(&a, perfect, 1, &boot));
	CU_ASSERT(isnan(a.value) && a.n == 1 && isnan(a.ci95[0]));
	CHECK_OK(tly_stats_alpha_iou(&a, perfect, 2, &boot));
	CHECK_NEAR(a.value, 1.0, 0);
	CU_ASSERT_EQUAL(a.n, 2);
	CHECK_OK(tly_stats_alpha_iou(&a, alone, 2, NULL));
	CHECK_NEAR(a.value, -1.0 / 9.0, 1e-15);
}

/* Bad arguments: no output, units missing, more objects than coders, a distance out of range, bad groups. */
/*
 * Allocation N = 1, 2, ... fails (the grouped bootstrap of the hand case):
 * TLY_ENOMEM with the output undefined, nothing leaked (the ASan build
 * checks), until the full result.
 */
static void test_faults(void)
{
	const tly_stats_iou_unit units[4] = {{3, 3, 7.0 / 3.0}, {2, 3, 0.0}, {1, 3, 0.0}, {2, 3, 0.0}};
	const size_t image[4] = {0, 0, 0, 1};
	tly_stats_bootstrap boot = {200, 5, image, 0};
	tly_stat k;
	long n;
	int rc = -1;

	for (n = 1; n < 100 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_stats_alpha_iou(&k, units, 4, &boot);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT(isnan(k.value) && k.n == 0);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 2);
	CHECK_NEAR(k.value, 69.0 / 344.0, 1e-15);
	CHECK_NEAR(k.ci95[0], 1.0 / 6.0, 1e-15);
}

static void test_errors(void)
{
	const tly_stats_iou_unit too_many[1] = {{3, 2, 0.0}};
	const tly_stats_iou_unit too_far[1] = {{2, 3, 1.5}};
	const tly_stats_iou_unit not_a_number[1] = {{2, 3, NAN}};
	const size_t down[3] = {2, 1, 0};
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	tly_stat a;

	CU_ASSERT_EQUAL(tly_stats_alpha_iou(NULL, hand, 3, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_alpha_iou(&a, NULL, 3, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_alpha_iou(&a, too_many, 1, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_alpha_iou(&a, too_far, 1, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_stats_alpha_iou(&a, not_a_number, 1, NULL), TLY_EARG);
	CU_ASSERT(isnan(a.value) && a.n == 0);
	boot.group = down;
	CU_ASSERT_EQUAL(tly_stats_alpha_iou(&a, hand, 3, &boot), TLY_EARG);
}

/*
 * The grouped bootstrap against its definition: 30 units of 3 coders
 * (0 to 3 objects, in-cluster distances within their range; unit 7 has a
 * single coder and is not pairable) in groups of 3; resample r replayed
 * (agree/boot_replay.h), the units rebuilt with each group's repeated as
 * often as it was drawn (each copy a unit of its own, as documented),
 * alpha computed with no bootstrap; the type-7 interval is the library's
 * to rounding. The same bytes on 1 and 4 threads.
 */
static void test_bootstrap_replay(void)
{
	enum { UNITS = 30, B = 200 };
	tly_stats_iou_unit units[UNITS], again[UNITS * UNITS];
	size_t group[UNITS], i, r, s, m;
	tly_stats_bootstrap boot = {B, 31, group, 1};
	uint32_t c[UNITS / 3];
	double v[B], ci[2];
	tly_stat a, a4, x;

	for (i = 0; i < UNITS; i++) {
		units[i].coders = i == 7 ? 1 : 3;
		units[i].objects = i == 7 ? 1 : (uint32_t)(i * 5 % 4);
		units[i].distance = (double)units[i].objects * ((double)units[i].objects - 1.0) / 2.0 *
				    (double)(i % 5) / 4.0;
		group[i] = i / 3;
	}
	CHECK_OK(tly_stats_alpha_iou(&a, units, UNITS, &boot));
	boot.threads = 4;
	CHECK_OK(tly_stats_alpha_iou(&a4, units, UNITS, &boot));
	CU_ASSERT(memcmp(&a, &a4, sizeof(a)) == 0);
	for (r = 0; r < B; r++) {
		br_counts(c, UNITS / 3, 31, r);
		for (i = 0, m = 0; i < UNITS; i++)
			for (s = 0; s < c[group[i]]; s++)
				again[m++] = units[i];
		CHECK_OK(tly_stats_alpha_iou(&x, again, m, NULL));
		v[r] = x.value;
	}
	br_interval(ci, v, B);
	CU_ASSERT(isfinite(a.ci95[0]) && a.ci95[0] < a.value && a.value < a.ci95[1]);
	CHECK_NEAR(a.ci95[0], ci[0], 1e-12);
	CHECK_NEAR(a.ci95[1], ci[1], 1e-12);
}

TLY_TESTS("agree_alpha_iou",
	  {"hand", test_hand},
	  {"equals_custom_hand", test_equals_custom_hand},
	  {"equals_custom_random", test_equals_custom_random},
	  {"bootstrap_by_hand", test_bootstrap_by_hand},
	  {"bootstrap_replay", test_bootstrap_replay},
	  {"degenerate", test_degenerate},
	  {"errors", test_errors},
	  {"faults", test_faults})
