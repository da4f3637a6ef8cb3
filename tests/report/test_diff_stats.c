/*
 * tally diff's statistics (src/report/diff_stats.c): two hand-built runs
 * whose statistics are picked so each rule of the comparison shows once;
 * every row and both renderings are worked out in the comments.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "report/diff_stats.h"
#include "tally/diff.h"
#include "util/alloc.h"

static tly_stat st(double value, double lo, double hi, size_t n)
{
	tly_stat s;

	s.value = value;
	s.ci95[0] = lo;
	s.ci95[1] = hi;
	s.n = n;
	return s;
}

static void build_dataset(tly_dataset *ds)
{
	static const char *const cats[] = {"car", "dog", "person"};
	size_t i;

	memset(ds, 0, sizeof(*ds));
	ds->n_images = 1;
	ds->images = tly_calloc(1, sizeof(*ds->images));
	ds->images[0].name = tly_strdup("a.jpg");
	ds->n_categories = 3;
	ds->categories = tly_calloc(3, sizeof(*ds->categories));
	for (i = 0; i < 3; i++)
		ds->categories[i].name = tly_strdup(cats[i]);
}

static void base_result(tly_result *r, int64_t id, size_t n_classes)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->run_id = id;
	r->rules_json = tly_strdup("{}");
	r->n_images = 1;
	r->images = tly_calloc(1, sizeof(*r->images));
	r->images[0].agreement = NAN;
	r->n_classes = n_classes;
	r->classes = tly_calloc(n_classes, sizeof(*r->classes));
	for (i = 0; i < n_classes; i++)
		r->classes[i].category = (uint32_t)i;
}

/*
 * Statistic              run A                    run B                    listed?
 * fleiss_kappa           0.5 [0.25,0.75] 120      0.75 [0.625,0.875] 120   yes, +0.25
 * krippendorff_alpha     0.375 [0.25,0.5] 120     the same                 no
 * (both runs order their labels, so both report ordinal and interval)
 * alpha_ordinal          0.5 [0.25,0.75] 10       0 [0,0] n 0 = undefined  yes, delta null
 * alpha_interval         0.5 [0.25,0.75] 10       0.5 [0.25,0.875] 10      yes: interval only, +0
 * alpha_iou              NaN, no interval, n 5    0.125 [-0.25,0.5] 7      yes, delta null
 * fleiss_kappa_maps      0.5 [0.25,0.75] 3        undefined                no: neither run has maps
 * class car              0 [0,0] n 0              NaN [NaN,NaN] n 0        no: both undefined as reported
 * class dog              0.5 [0.25,0.75] 40       0.625 [0.5,0.75] 41      yes, +0.125
 * class person           (A has no such class)    0.75 [0.5,1] 40          yes, A absent, delta null
 * All numbers are binary fractions, so the deltas are exact.
 */
static void build_runs(tly_dataset *ds, tly_result *a, tly_result *b)
{
	build_dataset(ds);
	base_result(a, 1, 2);
	base_result(b, 2, 3);
	a->fleiss_kappa = st(0.5, 0.25, 0.75, 120);
	b->fleiss_kappa = st(0.75, 0.625, 0.875, 120);
	a->krippendorff_alpha = st(0.375, 0.25, 0.5, 120);
	b->krippendorff_alpha = st(0.375, 0.25, 0.5, 120);
	a->labels_ordered = 1;
	b->labels_ordered = 1;
	a->krippendorff_alpha_ordinal = st(0.5, 0.25, 0.75, 10);
	a->krippendorff_alpha_interval = st(0.5, 0.25, 0.75, 10);
	b->krippendorff_alpha_interval = st(0.5, 0.25, 0.875, 10);
	a->krippendorff_alpha_iou = st(NAN, NAN, NAN, 5);
	b->krippendorff_alpha_iou = st(0.125, -0.25, 0.5, 7);
	a->fleiss_kappa_maps = st(0.5, 0.25, 0.75, 3);
	b->fleiss_kappa_maps = st(NAN, NAN, NAN, 0);
	b->classes[0].fleiss_kappa = st(NAN, NAN, NAN, 0);
	a->classes[1].fleiss_kappa = st(0.5, 0.25, 0.75, 40);
	b->classes[1].fleiss_kappa = st(0.625, 0.5, 0.75, 41);
	b->classes[2].fleiss_kappa = st(0.75, 0.5, 1, 40);
}

static void free_runs(tly_dataset *ds, tly_result *a, tly_result *b, tly_diff *d)
{
	tly_diff_clear(d);
	tly_result_clear(a);
	tly_result_clear(b);
	tly_dataset_clear(ds);
}

/* Exact equality, NaN equal to NaN: the figures are hand-picked binary fractions. */
static int same(double x, double y)
{
	return (isnan(x) && isnan(y)) || x == y;
}

static void check_side(const tly_stat *s, double value, double lo, double hi, size_t n)
{
	CU_ASSERT(same(s->value, value));
	CU_ASSERT(same(s->ci95[0], lo));
	CU_ASSERT(same(s->ci95[1], hi));
	CU_ASSERT_EQUAL(s->n, n);
}

static void check_row(const tly_diff_stat *r, const char *name, int64_t category, int in_a, int in_b,
		      double delta)
{
	CU_ASSERT_STRING_EQUAL(r->name, name);
	CU_ASSERT_EQUAL(r->category, category);
	CU_ASSERT_EQUAL(r->in_a, in_a);
	CU_ASSERT_EQUAL(r->in_b, in_b);
	CU_ASSERT(same(r->delta, delta));
}

static void test_compute(void)
{
	tly_dataset ds;
	tly_result a, b;
	tly_diff d;

	build_runs(&ds, &a, &b);
	CHECK_OK(tly_diff_compute(&d, &ds, &a, &b));
	CU_ASSERT_EQUAL_FATAL(d.n_stats, 6);
	check_row(&d.stats[0], "fleiss_kappa", -1, 1, 1, 0.25);          /* 0.75 - 0.5 */
	check_side(&d.stats[0].a, 0.5, 0.25, 0.75, 120);
	check_side(&d.stats[0].b, 0.75, 0.625, 0.875, 120);
	check_row(&d.stats[1], "krippendorff_alpha_ordinal", -1, 1, 1, NAN);
	check_side(&d.stats[1].b, NAN, NAN, NAN, 0);                       /* n 0: 0 [0, 0] is undefined */
	check_row(&d.stats[2], "krippendorff_alpha_interval", -1, 1, 1, 0); /* same value, wider interval */
	check_side(&d.stats[2].b, 0.5, 0.25, 0.875, 10);
	check_row(&d.stats[3], "krippendorff_alpha_iou", -1, 1, 1, NAN);
	check_side(&d.stats[3].a, NAN, NAN, NAN, 5);
	check_side(&d.stats[3].b, 0.125, -0.25, 0.5, 7);
	check_row(&d.stats[4], "fleiss_kappa", 1, 1, 1, 0.125);           /* dog: 0.625 - 0.5 */
	check_side(&d.stats[4].b, 0.625, 0.5, 0.75, 41);
	check_row(&d.stats[5], "fleiss_kappa", 2, 0, 1, NAN);             /* person: only in B */
	check_side(&d.stats[5].a, NAN, NAN, NAN, 0);
	check_side(&d.stats[5].b, 0.75, 0.5, 1, 40);
	free_runs(&ds, &a, &b, &d);
}

/* A run against itself lists nothing, NaN values and intervals included. */
static void test_same_run(void)
{
	tly_dataset ds;
	tly_result a, b;
	tly_diff d;

	build_runs(&ds, &a, &b);
	CHECK_OK(tly_diff_compute(&d, &ds, &b, &b));
	CU_ASSERT_EQUAL(d.n_stats, 0);
	tly_diff_clear(&d);
	CHECK_OK(tly_diff_compute(&d, &ds, &a, &a));
	CU_ASSERT_EQUAL(d.n_stats, 0);
	free_runs(&ds, &a, &b, &d);
}

/*
 * fleiss_kappa_maps is compared once either run has label maps, ordinal and
 * interval alpha once either orders its labels; the side that does not is
 * absent. Here B orders and has maps, A neither (A's interval and maps
 * figures are set but not reported, so not read):
 *   interval  (absent) -> 0.5 [0.25, 0.875] n 10, delta null
 *   ordinal   (absent) -> undefined n 0: listed, as A does not report it
 *   maps      (absent) -> 0.25 [0, 0.5] n 9, delta null, after alpha_iou
 */
static void test_either_side(void)
{
	tly_dataset ds;
	tly_result a, b;
	tly_diff d;

	build_runs(&ds, &a, &b);
	memset(&d, 0, sizeof(d));
	a.labels_ordered = 0;
	b.labels_ordered = 1;
	b.fleiss_kappa_maps = st(0.25, 0, 0.5, 9);
	b.n_cons_maps = 1; /* the private step reads only the count */
	CHECK_OK(tly_diff__stats(&d, &a, &b));
	CU_ASSERT_EQUAL_FATAL(d.n_stats, 7);
	check_row(&d.stats[0], "fleiss_kappa", -1, 1, 1, 0.25);
	check_row(&d.stats[1], "krippendorff_alpha_ordinal", -1, 0, 1, NAN);
	check_side(&d.stats[1].a, NAN, NAN, NAN, 0);
	check_side(&d.stats[1].b, NAN, NAN, NAN, 0);
	check_row(&d.stats[2], "krippendorff_alpha_interval", -1, 0, 1, NAN);
	check_side(&d.stats[2].a, NAN, NAN, NAN, 0);
	check_side(&d.stats[2].b, 0.5, 0.25, 0.875, 10);
	check_row(&d.stats[3], "krippendorff_alpha_iou", -1, 1, 1, NAN);
	check_row(&d.stats[4], "fleiss_kappa_maps", -1, 0, 1, NAN);
	check_side(&d.stats[4].a, NAN, NAN, NAN, 0);
	check_side(&d.stats[4].b, 0.25, 0, 0.5, 9);
	check_row(&d.stats[5], "fleiss_kappa", 1, 1, 1, 0.125);
	check_row(&d.stats[6], "fleiss_kappa", 2, 0, 1, NAN);
	b.n_cons_maps = 0;
	free_runs(&ds, &a, &b, &d);
}

static void test_render(void)
{
	static const char text[] =
		"\nstatistics changed (6):\n"
		"  fleiss_kappa: 0.500 [0.250, 0.750] n=120 -> 0.750 [0.625, 0.875] n=120 (+0.250)\n"
		"  krippendorff_alpha_ordinal: 0.500 [0.250, 0.750] n=10 -> - [-] n=0 (-)\n"
		"  krippendorff_alpha_interval: 0.500 [0.250, 0.750] n=10 -> 0.500 [0.250, 0.875] n=10 (+0.000)\n"
		"  krippendorff_alpha_iou: - [-] n=5 -> 0.125 [-0.250, 0.500] n=7 (-)\n"
		"  fleiss_kappa [dog]: 0.500 [0.250, 0.750] n=40 -> 0.625 [0.500, 0.750] n=41 (+0.125)\n"
		"  fleiss_kappa [person]: (absent) -> 0.750 [0.500, 1.000] n=40 (-)\n";
	static const char json[] =
		",\"statistics\":["
		"{\"name\":\"fleiss_kappa\",\"class\":null,\"a\":{\"value\":0.5,\"ci95\":[0.25,0.75],\"n\":120},"
		"\"b\":{\"value\":0.75,\"ci95\":[0.625,0.875],\"n\":120},\"delta\":0.25},"
		"{\"name\":\"krippendorff_alpha_ordinal\",\"class\":null,\"a\":{\"value\":0.5,\"ci95\":[0.25,0.75],\"n\":10},"
		"\"b\":{\"value\":null,\"ci95\":null,\"n\":0},\"delta\":null},"
		"{\"name\":\"krippendorff_alpha_interval\",\"class\":null,\"a\":{\"value\":0.5,\"ci95\":[0.25,0.75],\"n\":10},"
		"\"b\":{\"value\":0.5,\"ci95\":[0.25,0.875],\"n\":10},\"delta\":0},"
		"{\"name\":\"krippendorff_alpha_iou\",\"class\":null,\"a\":{\"value\":null,\"ci95\":null,\"n\":5},"
		"\"b\":{\"value\":0.125,\"ci95\":[-0.25,0.5],\"n\":7},\"delta\":null},"
		"{\"name\":\"fleiss_kappa\",\"class\":\"dog\",\"a\":{\"value\":0.5,\"ci95\":[0.25,0.75],\"n\":40},"
		"\"b\":{\"value\":0.625,\"ci95\":[0.5,0.75],\"n\":41},\"delta\":0.125},"
		"{\"name\":\"fleiss_kappa\",\"class\":\"person\",\"a\":null,"
		"\"b\":{\"value\":0.75,\"ci95\":[0.5,1],\"n\":40},\"delta\":null}]}\n";
	tly_dataset ds;
	tly_result a, b;
	tly_diff d;
	char *out = NULL;
	size_t len;

	build_runs(&ds, &a, &b);
	CHECK_OK(tly_diff_compute(&d, &ds, &a, &b));
	/* the section closes the text form */
	CHECK_OK(tly_diff_render(&out, &len, &d, &ds, &a, &b, 0));
	CU_ASSERT_FATAL(len >= sizeof(text) - 1);
	CU_ASSERT_STRING_EQUAL(out + len - (sizeof(text) - 1), text);
	free(out);
	/* and the JSON document: the last member */
	CHECK_OK(tly_diff_render(&out, &len, &d, &ds, &a, &b, 1));
	CU_ASSERT_FATAL(len >= sizeof(json) - 1);
	CU_ASSERT_STRING_EQUAL(out + len - (sizeof(json) - 1), json);
	free(out);
	free_runs(&ds, &a, &b, &d);
}

/* Nothing changed: an empty section, an empty array. */
static void test_render_none(void)
{
	tly_dataset ds;
	tly_result a, b;
	tly_diff d;
	char *out = NULL;
	size_t len;

	build_runs(&ds, &a, &b);
	CHECK_OK(tly_diff_compute(&d, &ds, &a, &a));
	CHECK_OK(tly_diff_render(&out, &len, &d, &ds, &a, &a, 0));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "unchanged)\n\nstatistics changed (0)\n"));
	free(out);
	CHECK_OK(tly_diff_render(&out, &len, &d, &ds, &a, &a, 1));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "],\"statistics\":[]}\n"));
	free(out);
	free_runs(&ds, &a, &b, &d);
}

TLY_TESTS("report_diff_stats", {"compute", test_compute}, {"same_run", test_same_run},
	  {"either_side", test_either_side}, {"render", test_render}, {"render_none", test_render_none})
