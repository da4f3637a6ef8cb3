/*
 * tly_run_prepare (src/run/prepare.c, prepare_image.c): aliases fold two
 * spellings into one cluster label, ignored labels leave the vote, the
 * conflicts and the audit, masks and label maps follow, single-label
 * answers left empty are removed, and the canonical label a dataset lacks
 * is appended. Every expected figure is worked beside its case.
 *
 * Annotators A = 0, B = 1, C = 2, G = 3 (gold).
 * Categories car = 0, automobile = 1, person = 2, __ignore__ = 3, junk = 4.
 */
#include <math.h>
#include <string.h>

#include "agree/map_builder.h"
#include "harness.h"
#include "run/prepare.h"
#include "tally/rle.h"
#include "tally/rules.h"
#include "tally/run.h"
#include "util/alloc.h"

enum { A = 0, B = 1, C = 2, G = 3 };
enum { CAR = 0, AUTOMOBILE = 1, PERSON = 2, IGN = 3, JUNK = 4 };

static const char *const annotators[] = {"A", "B", "C", "G"};
static const char *const categories[] = {"car", "automobile", "person", "__ignore__", "junk"};
static const char RULES[] = "{\"aliases\": {\"automobile\": \"car\", \"junk\": \"__ignore__\"},"
			    " \"ignore\": [\"__ignore__\"]}";

static tly_rules *rules_from(const char *text)
{
	tly_rules *r = NULL;

	CHECK_OK(tly_rules_parse(&r, text, strlen(text), "test"));
	return r;
}

static void init(tly_dataset *ds)
{
	tb_init(ds, annotators, 4, categories, 5);
}

static const tly_conflict *only_conflict(const tly_result *r)
{
	CU_ASSERT_EQUAL_FATAL(r->n_conflicts, 1);
	return &r->conflicts[0];
}

/*
 * a.jpg, objects: A car [0,0,10,10] (id 1) and __ignore__ [50,50,10,10]
 * (2); B automobile [1,0,10,10] (3); C junk [50,50,10,10] (4, an alias of
 * an ignored label); gold G automobile [0,0,10,10] (5).
 * Prepared: objects 1 car, 3 car, 5 car; 2 and 4 gone; C keeps its
 * (now empty) submission: it saw the image and drew nothing.
 * Run: V = {A, B, C}; cluster {1, 3} (IoU 9/11), both car: votes 2 of 3,
 * accepted, no label_mismatch; the only conflict is C MISSING (object 0,
 * category car). Without the ignore list {2, 4} would be a second
 * accepted cluster and B would miss it.
 * Image agreement: pairs A-B F1 2*1/(1+1) = 1, A-C 0 (1 vs 0 objects),
 * B-C 0: mean 1/3.
 * Audit: C leave-one-out against {A, B} -> car: tp 0, fp 0, fn 1. B
 * against gold car [0,0,10,10]: same label (the alias), IoU 9/11: tp 1.
 */
static void test_alias_and_ignore_objects(void)
{
	tly_dataset ds;
	tly_rules *rules = rules_from(RULES);
	tly_result r;
	const tly_counts *c;
	uint32_t im, s;

	init(&ds);
	im = tb_image(&ds, "a.jpg");
	s = tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, CAR, 0, 0, 10, 10);
	tb_box(&ds, im, s, IGN, 50, 50, 10, 10);
	tb_box(&ds, im, tb_sub(&ds, im, B, TLY_TASK_OBJECTS, 0), AUTOMOBILE, 1, 0, 10, 10);
	tb_box(&ds, im, tb_sub(&ds, im, C, TLY_TASK_OBJECTS, 0), JUNK, 50, 50, 10, 10);
	tb_box(&ds, im, tb_sub(&ds, im, G, TLY_TASK_OBJECTS, 1), AUTOMOBILE, 0, 0, 10, 10);
	CHECK_OK(tly_run_prepare(&ds, rules));
	CU_ASSERT_EQUAL(ds.n_categories, 5); /* nothing appended: car exists */
	CU_ASSERT_EQUAL_FATAL(ds.images[im].n_objs, 3);
	CU_ASSERT_EQUAL(ds.images[im].objs[0].id, 1);
	CU_ASSERT_EQUAL(ds.images[im].objs[1].id, 3);
	CU_ASSERT_EQUAL(ds.images[im].objs[1].category, CAR);
	CU_ASSERT_EQUAL(ds.images[im].objs[2].id, 5);
	CU_ASSERT_EQUAL(ds.images[im].objs[2].category, CAR);
	CU_ASSERT_EQUAL(ds.images[im].n_subs, 4);
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].category, CAR);
	CU_ASSERT_EQUAL(r.cons_objects[0].votes, 2);
	CU_ASSERT_EQUAL(r.cons_objects[0].voters, 3);
	CU_ASSERT_EQUAL(only_conflict(&r)->kind, TLY_CONFLICT_MISSING);
	CU_ASSERT_EQUAL(only_conflict(&r)->annotator, C);
	CU_ASSERT_EQUAL(only_conflict(&r)->category, CAR);
	CHECK_NEAR(r.images[0].agreement_objects, 1.0 / 3.0, 1e-12);
	c = &r.annotators[C].vs_consensus;
	CU_ASSERT(c->tp == 0 && c->fp == 0 && c->fn == 1);
	c = &r.annotators[B].vs_gold;
	CU_ASSERT(c->tp == 1 && c->fp == 0 && c->fn == 0);
	CHECK_NEAR(c->iou_sum, 9.0 / 11.0, 1e-12);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Single-label image labels: A {car}, B {automobile}, C {__ignore__},
 * gold G {junk}. Every labels submission holds one label: single-label.
 * Prepared: A car, B car; C's and G's only answers are ignored, so their
 * submissions go (an empty set would make the dataset multi-label and C a
 * voter who said "nothing"). Run: V = {A, B}: car 2 of 2, confidence 1;
 * no conflict; no gold left to audit against.
 */
static void test_single_label(void)
{
	tly_dataset ds;
	tly_rules *rules = rules_from(RULES);
	tly_result r;
	uint32_t im;

	init(&ds);
	im = tb_image(&ds, "l.jpg");
	tb_tag(&ds, im, tb_sub(&ds, im, A, TLY_TASK_LABELS, 0), CAR);
	tb_tag(&ds, im, tb_sub(&ds, im, B, TLY_TASK_LABELS, 0), AUTOMOBILE);
	tb_tag(&ds, im, tb_sub(&ds, im, C, TLY_TASK_LABELS, 0), IGN);
	tb_tag(&ds, im, tb_sub(&ds, im, G, TLY_TASK_LABELS, 1), JUNK);
	CHECK_OK(tly_run_prepare(&ds, rules));
	CU_ASSERT_EQUAL_FATAL(ds.images[im].n_subs, 2);
	CU_ASSERT_EQUAL(ds.images[im].subs[1].annotator, B);
	CU_ASSERT_EQUAL_FATAL(ds.images[im].n_tags, 2);
	CU_ASSERT_EQUAL(ds.images[im].tags[1].sub, 1);
	CU_ASSERT_EQUAL(ds.images[im].tags[1].category, CAR);
	CU_ASSERT_EQUAL(tly_dataset_labels_multi(&ds), 0);
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_cons_tags, 1);
	CU_ASSERT_EQUAL(r.cons_tags[0].category, CAR);
	CU_ASSERT_EQUAL(r.cons_tags[0].voters, 2);
	CHECK_NEAR(r.cons_tags[0].confidence, 1.0, 0);
	CU_ASSERT_EQUAL(r.n_conflicts, 0);
	CU_ASSERT_EQUAL(r.annotators[A].vs_gold.images, 0);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Multi-label: A {car, person} (tags 1, 2), B {automobile, car} (3, 4),
 * C {__ignore__} (5). Raw: multi-label (A and B give two). Prepared: B's
 * automobile and car are one label, the smaller tag id (3) stays; C keeps
 * an empty set (on multi-label data "no tag" is an answer). Run: V = {A, B,
 * C}; car 2 of 3 kept (majority), person 1 of 3 not. Conflicts: A EXTRA
 * person (tag 2), C MISSING car.
 */
static void test_multi_label(void)
{
	tly_dataset ds;
	tly_rules *rules = rules_from(RULES);
	tly_result r;
	uint32_t im, s;

	init(&ds);
	im = tb_image(&ds, "m.jpg");
	s = tb_sub(&ds, im, A, TLY_TASK_LABELS, 0);
	tb_tag(&ds, im, s, CAR);
	tb_tag(&ds, im, s, PERSON);
	s = tb_sub(&ds, im, B, TLY_TASK_LABELS, 0);
	tb_tag(&ds, im, s, AUTOMOBILE);
	tb_tag(&ds, im, s, CAR);
	tb_tag(&ds, im, tb_sub(&ds, im, C, TLY_TASK_LABELS, 0), IGN);
	CHECK_OK(tly_run_prepare(&ds, rules));
	CU_ASSERT_EQUAL(ds.images[im].n_subs, 3);
	CU_ASSERT_EQUAL_FATAL(ds.images[im].n_tags, 3);
	CU_ASSERT_EQUAL(ds.images[im].tags[2].id, 3);
	CU_ASSERT_EQUAL(ds.images[im].tags[2].category, CAR);
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_cons_tags, 1);
	CU_ASSERT_EQUAL(r.cons_tags[0].category, CAR);
	CU_ASSERT_EQUAL(r.cons_tags[0].votes, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	CU_ASSERT_EQUAL(r.conflicts[0].kind, TLY_CONFLICT_EXTRA);
	CU_ASSERT_EQUAL(r.conflicts[0].object_id, 2);
	CU_ASSERT_EQUAL(r.conflicts[1].kind, TLY_CONFLICT_MISSING);
	CU_ASSERT_EQUAL(r.conflicts[1].annotator, C);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* A W x W column-major rectangle mask x0 <= x < x1, y0 <= y < y1 into *out. */
static void rect(tly_rle *out, int w, int x0, int y0, int x1, int y1)
{
	uint8_t px[16 * 16];
	int x, y;

	memset(px, 0, sizeof(px));
	for (x = x0; x < x1; x++)
		for (y = y0; y < y1; y++)
			px[x * w + y] = 1;
	CHECK_OK(tly_rle_encode(out, px, w, w));
}

/*
 * Masks follow their objects: A polygon car (area 16), A polygon
 * __ignore__ (area 9), B mask automobile (area 4) in a 16 x 16 image.
 * Prepared: two objects, two rasters, in object order, each object's
 * pointing at its own (areas 16 and 4); the ignored one is freed (ASan).
 */
static void test_masks(void)
{
	tly_dataset ds;
	tly_rules *rules = rules_from(RULES);
	tly_image *img;
	uint32_t im, s, k;

	init(&ds);
	im = tb_image(&ds, "m.png");
	s = tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_box(&ds, im, s, CAR, 0, 0, 4, 4);
	tb_box(&ds, im, s, IGN, 5, 5, 3, 3);
	tb_box(&ds, im, tb_sub(&ds, im, B, TLY_TASK_OBJECTS, 0), AUTOMOBILE, 10, 10, 2, 2);
	img = &ds.images[im];
	img->width = img->height = 16;
	img->rles = tly_calloc(3, sizeof(*img->rles));
	CU_ASSERT_PTR_NOT_NULL_FATAL(img->rles);
	img->n_rles = 3;
	rect(&img->rles[0], 16, 0, 0, 4, 4);
	rect(&img->rles[1], 16, 5, 5, 8, 8);
	rect(&img->rles[2], 16, 10, 10, 12, 12);
	for (k = 0; k < 3; k++) {
		img->objs[k].geom.kind = k < 2 ? TLY_GEOM_POLYGON : TLY_GEOM_MASK;
		img->objs[k].geom.rle = &img->rles[k];
	}
	CHECK_OK(tly_run_prepare(&ds, rules));
	img = &ds.images[im];
	CU_ASSERT_EQUAL_FATAL(img->n_objs, 2);
	CU_ASSERT_EQUAL_FATAL(img->n_rles, 2);
	CU_ASSERT_PTR_EQUAL(img->objs[0].geom.rle, &img->rles[0]);
	CU_ASSERT_PTR_EQUAL(img->objs[1].geom.rle, &img->rles[1]);
	CU_ASSERT_EQUAL(tly_rle_area(&img->rles[0]), 16);
	CU_ASSERT_EQUAL(tly_rle_area(&img->rles[1]), 4);
	CU_ASSERT_EQUAL(img->objs[1].category, CAR);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Label maps (category indices): A's 2 x 2 map [automobile, __ignore__;
 * person, ignore] becomes [car, ignore; person, ignore]. What maps said
 * about categories: car never named (value -1, isthing -1); automobile
 * pixel value 7, a thing; __ignore__ 9; person 3, stuff. car takes value
 * 7 and thing; automobile gives its value up (-1), so no two categories
 * claim 7; the others keep theirs.
 */
static void test_label_maps(void)
{
	static const uint32_t px[] = {AUTOMOBILE, IGN, PERSON, TLY_LABEL_IGNORE};
	static const tly_category_info info[] = {{-1, -1}, {7, 1}, {3, 0}, {9, -1}, {-1, -1}};
	tly_dataset ds;
	tly_rules *rules = rules_from(RULES);
	uint32_t out[4], im;

	init(&ds);
	im = tb_image(&ds, "s.png");
	tb_map(&ds, im, A, 0, px, 2, 2);
	ds.category_info = tly_calloc(5, sizeof(*ds.category_info));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds.category_info);
	memcpy(ds.category_info, info, sizeof(info));
	CHECK_OK(tly_run_prepare(&ds, rules));
	tb_decode(out, 4, &ds.images[im].maps[0].map);
	CU_ASSERT_EQUAL(out[0], CAR);
	CU_ASSERT_EQUAL(out[1], TLY_LABEL_IGNORE);
	CU_ASSERT_EQUAL(out[2], PERSON);
	CU_ASSERT_EQUAL(out[3], TLY_LABEL_IGNORE);
	CU_ASSERT_EQUAL(ds.category_info[CAR].value, 7);
	CU_ASSERT_EQUAL(ds.category_info[CAR].isthing, 1);
	CU_ASSERT_EQUAL(ds.category_info[AUTOMOBILE].value, -1);
	CU_ASSERT_EQUAL(ds.category_info[PERSON].value, 3);
	CU_ASSERT_EQUAL(ds.category_info[IGN].value, 9);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * A canonical label the dataset has no category for: aliases {"auto":
 * "vehicle", "lorry": "vehicle"} over categories {auto, lorry}: the
 * missing list holds "vehicle" once; prepare appends it (index 2, store id
 * 0, with neutral label-map facts) and both objects take it.
 */
static void test_missing_canonical(void)
{
	static const char *const cats[] = {"auto", "lorry"};
	tly_dataset ds;
	tly_rules *rules = rules_from("{\"aliases\": {\"auto\": \"vehicle\", \"lorry\": \"vehicle\"}}");
	const char **missing = NULL;
	size_t n = 9;
	uint32_t im;

	tb_init(&ds, annotators, 4, cats, 2);
	im = tb_image(&ds, "v.jpg");
	tb_box(&ds, im, tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0), 0, 0, 0, 10, 10);
	tb_box(&ds, im, tb_sub(&ds, im, B, TLY_TASK_OBJECTS, 0), 1, 0, 0, 10, 10);
	ds.category_info = tly_calloc(2, sizeof(*ds.category_info));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds.category_info);
	ds.category_info[0].value = ds.category_info[1].value = -1;
	ds.category_info[0].isthing = ds.category_info[1].isthing = -1;
	CHECK_OK(tly_run__missing_canonicals(&missing, &n, &ds, tly_rules_policy(rules)));
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(missing[0], "vehicle");
	tly_free(missing);
	CHECK_OK(tly_run_prepare(&ds, rules));
	CU_ASSERT_EQUAL_FATAL(ds.n_categories, 3);
	CU_ASSERT_STRING_EQUAL(ds.categories[2].name, "vehicle");
	CU_ASSERT_EQUAL(ds.categories[2].id, 0);
	CU_ASSERT_EQUAL(ds.category_info[2].value, -1);
	CU_ASSERT_EQUAL(ds.images[im].objs[0].category, 2);
	CU_ASSERT_EQUAL(ds.images[im].objs[1].category, 2);
	CHECK_OK(tly_run__missing_canonicals(&missing, &n, &ds, tly_rules_policy(rules)));
	CU_ASSERT_EQUAL(n, 0);
	tly_free(missing);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Which categories prepare retires (tly_dataset.category_retired). Rules:
 * aliases automobile -> car, junk -> __ignore__, person -> human (no such
 * category: appended at index 5), ignore __ignore__. Retired: automobile
 * (folded into car), person (folded into human), __ignore__ (ignored),
 * junk (an alias of an ignored label: dropped). Listed: car and the
 * appended human: 2 of 6. A second preparation with rules that alias
 * pedestrian -> walker (no pedestrian here: nothing changes) keeps the
 * flags; one that appends another canonical (car -> vehicle, index 6)
 * grows them: car retired too, vehicle listed, still 2 listed of 7.
 */
static void test_retired(void)
{
	static const unsigned char want[] = {0, 1, 1, 1, 1, 0};
	tly_dataset ds;
	tly_rules *rules = rules_from("{\"aliases\": {\"automobile\": \"car\", \"junk\": \"__ignore__\","
				      " \"person\": \"human\"}, \"ignore\": [\"__ignore__\"]}");
	tly_rules *again = rules_from("{\"aliases\": {\"pedestrian\": \"walker\"}}");
	tly_rules *more = rules_from("{\"aliases\": {\"car\": \"vehicle\"}}");
	size_t c;

	init(&ds);
	CU_ASSERT_PTR_NULL(ds.category_retired);
	CU_ASSERT_EQUAL(tly_dataset_n_listed_categories(&ds), 5);
	CHECK_OK(tly_run_prepare(&ds, rules));
	CU_ASSERT_EQUAL_FATAL(ds.n_categories, 6);
	CU_ASSERT_STRING_EQUAL(ds.categories[5].name, "human");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds.category_retired);
	for (c = 0; c < 6; c++) {
		CU_ASSERT_EQUAL(ds.category_retired[c], want[c]);
		CU_ASSERT_EQUAL(tly_dataset_category_retired(&ds, c), want[c]);
	}
	CU_ASSERT_EQUAL(tly_dataset_category_retired(&ds, 6), 0); /* out of range: not retired */
	CU_ASSERT_EQUAL(tly_dataset_n_listed_categories(&ds), 2);
	CHECK_OK(tly_run_prepare(&ds, again));
	CU_ASSERT_EQUAL(ds.n_categories, 6);
	for (c = 0; c < 6; c++)
		CU_ASSERT_EQUAL(ds.category_retired[c], want[c]);
	CHECK_OK(tly_run_prepare(&ds, more));
	CU_ASSERT_EQUAL_FATAL(ds.n_categories, 7);
	CU_ASSERT_STRING_EQUAL(ds.categories[6].name, "vehicle");
	CU_ASSERT_EQUAL(ds.category_retired[CAR], 1);
	CU_ASSERT_EQUAL(ds.category_retired[5], 0);
	CU_ASSERT_EQUAL(ds.category_retired[6], 0);
	CU_ASSERT_EQUAL(tly_dataset_n_listed_categories(&ds), 2);
	tly_dataset_clear(&ds);
	CU_ASSERT_PTR_NULL(ds.category_retired);
	tly_rules_free(rules);
	tly_rules_free(again);
	tly_rules_free(more);
}

/*
 * Nothing retired, nothing flagged (category_retired stays NULL, so
 * reports and exports write what they wrote before): rules whose aliases
 * and ignore list name no category of the dataset, and rules without them.
 */
static void test_retired_none(void)
{
	tly_dataset ds;
	tly_rules *plain = NULL, *rules = rules_from("{\"aliases\": {\"lorry\": \"truck\"}, \"ignore\": [\"cat\"]}");

	init(&ds);
	CHECK_OK(tly_rules_new_default(&plain));
	CHECK_OK(tly_run_prepare(&ds, plain));
	CU_ASSERT_PTR_NULL(ds.category_retired);
	CHECK_OK(tly_run_prepare(&ds, rules));
	CU_ASSERT_PTR_NULL(ds.category_retired);
	CU_ASSERT_EQUAL(ds.n_categories, 5); /* truck: no alias of it in the dataset, not appended */
	CU_ASSERT_EQUAL(tly_dataset_n_listed_categories(&ds), 5);
	tly_rules_free(plain);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* Rules without aliases or ignore leave the dataset as it was; bad input is TLY_EARG. */
static void test_no_lists_and_bad_input(void)
{
	tly_dataset ds;
	tly_rules *plain = NULL, *rules = rules_from(RULES);
	uint32_t im;

	init(&ds);
	im = tb_image(&ds, "x.jpg");
	tb_box(&ds, im, tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0), IGN, 0, 0, 10, 10);
	CHECK_OK(tly_rules_new_default(&plain));
	CHECK_OK(tly_run_prepare(&ds, plain));
	CU_ASSERT_EQUAL(ds.images[im].n_objs, 1);
	CU_ASSERT_EQUAL(tly_run_prepare(NULL, rules), TLY_EARG);
	CU_ASSERT_EQUAL(tly_run_prepare(&ds, NULL), TLY_EARG);
	ds.images[im].objs[0].category = 5; /* past the categories */
	CU_ASSERT_EQUAL(tly_run_prepare(&ds, rules), TLY_EARG);
	CU_ASSERT_EQUAL(ds.images[im].n_objs, 1); /* checked before anything changed */
	tly_rules_free(plain);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* Allocation failing at every step: TLY_ENOMEM, nothing leaks (ASan), and the dataset can be cleared. */
static void test_alloc_faults(void)
{
	tly_rules *rules = rules_from("{\"aliases\": {\"automobile\": \"car\", \"junk\": \"truck\"},"
				      " \"ignore\": [\"__ignore__\"]}");
	long n;
	int rc = -1;

	for (n = 1; n < 1000 && rc != 0; n++) {
		tly_dataset ds;
		uint32_t im, s;

		init(&ds);
		im = tb_image(&ds, "f.jpg");
		s = tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
		tb_box(&ds, im, s, JUNK, 0, 0, 10, 10);
		tb_box(&ds, im, s, IGN, 0, 0, 10, 10);
		tb_tag(&ds, im, tb_sub(&ds, im, B, TLY_TASK_LABELS, 0), AUTOMOBILE);
		tly_alloc_fail_after(n);
		rc = tly_run_prepare(&ds, rules);
		tly_alloc_fail_after(0);
		if (rc != 0)
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
		tly_dataset_clear(&ds);
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 3);
	tly_rules_free(rules);
}

TLY_TESTS("run_prepare",
	  {"alias_and_ignore_objects", test_alias_and_ignore_objects},
	  {"single_label", test_single_label},
	  {"multi_label", test_multi_label},
	  {"masks", test_masks},
	  {"label_maps", test_label_maps},
	  {"missing_canonical", test_missing_canonical},
	  {"retired", test_retired},
	  {"retired_none", test_retired_none},
	  {"no_lists_and_bad_input", test_no_lists_and_bad_input},
	  {"alloc_faults", test_alloc_faults})
