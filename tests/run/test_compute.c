/*
 * tly_run_compute (src/run/compute.c): the same bytes for 1, 2 and 4
 * threads, the progress callback, the lowest-index failure reported, and
 * a small dataset's whole result checked by hand.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "agree/scenes.h"
#include "run/gen.h"
#include "tally/polygon.h"
#include "tally/rules.h"
#include "tally/run.h"
#include "util/alloc.h"

static tly_rules *rules_from(const char *text)
{
	tly_rules *r = NULL;

	CHECK_OK(tly_rules_parse(&r, text, strlen(text), "test"));
	return r;
}

#define SAME_ARRAY(x, y, field, n)                                                      \
	do {                                                                            \
		CU_ASSERT_EQUAL_FATAL((x)->n, (y)->n);                                  \
		if ((x)->n)                                                             \
			CU_ASSERT(memcmp((x)->field, (y)->field, (x)->n * sizeof(*(x)->field)) == 0); \
	} while (0)

static void same_result(const tly_result *x, const tly_result *y)
{
	SAME_ARRAY(x, y, cons_objects, n_cons_objects);
	SAME_ARRAY(x, y, members, n_members);
	SAME_ARRAY(x, y, cons_tags, n_cons_tags);
	SAME_ARRAY(x, y, conflicts, n_conflicts);
	SAME_ARRAY(x, y, images, n_images);
	SAME_ARRAY(x, y, annotators, n_annotators);
	SAME_ARRAY(x, y, pairs, n_pairs);
	SAME_ARRAY(x, y, classes, n_classes);
	CU_ASSERT_STRING_EQUAL(x->rules_json, y->rules_json);
	CU_ASSERT_STRING_EQUAL(x->rules_sha256, y->rules_sha256);
}

/* 200 generated images under RULES_TEXT, threads 1, 2 and 4: identical arrays. */
static void check_threads(int multi, const char *rules_text)
{
	tly_dataset ds;
	tly_rules *rules = rules_from(rules_text);
	tly_result r1, r2, r4;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	gen_dataset(&ds, 200, multi, 42);
	o.threads = 1;
	CHECK_OK(tly_run_compute(&r1, &ds, rules, &o));
	o.threads = 2;
	CHECK_OK(tly_run_compute(&r2, &ds, rules, &o));
	o.threads = 4;
	CHECK_OK(tly_run_compute(&r4, &ds, rules, &o));
	/* the data must exercise the paths being compared */
	CU_ASSERT(r1.n_cons_objects > 200);
	CU_ASSERT(r1.n_conflicts > 100);
	CU_ASSERT(r1.n_cons_tags > 50);
	CU_ASSERT_EQUAL(r1.n_pairs, 10); /* ann0..ann4; gold and idle have no non-gold work */
	CU_ASSERT(r1.annotators[0].vs_gold.images > 0);
	CU_ASSERT_EQUAL(r1.annotators[6].images_done, 0);
	CU_ASSERT_EQUAL(r1.threads, 1);
	CU_ASSERT_EQUAL(r4.threads, 4);
	same_result(&r1, &r2);
	same_result(&r1, &r4);
	tly_result_clear(&r1);
	tly_result_clear(&r2);
	tly_result_clear(&r4);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

static void test_threads_single(void)
{
	check_threads(0, "{}");
}

static void test_threads_multi(void)
{
	check_threads(1, "{\"vote\": {\"tie\": \"first\", \"box\": \"mean\"}}");
}

/* Per-label and per-kind overrides change clusters, quorums and conflicts, never the thread-independence. */
static void test_threads_overrides(void)
{
	check_threads(0, "{\"labels\": {\"car\": {\"match\": {\"iou\": 0.6}, \"vote\": {\"quorum\": 2}},"
			 " \"person.report.low_overlap\": 0.7}, \"geometry.box.match.iou\": 0.45}");
}

/*
 * A dataset that still uses a label the rules alias or ignore was not
 * prepared (tly_run_prepare): compute refuses it rather than vote raw
 * labels. street.jpg uses car, person and dog.
 */
static void test_unprepared(void)
{
	tly_dataset ds;
	tly_rules *alias = rules_from("{\"aliases\": {\"dog\": \"car\"}}");
	tly_rules *ignore = rules_from("{\"ignore\": [\"person\"]}");
	tly_rules *unused = rules_from("{\"aliases\": {\"truck\": \"car\"}, \"ignore\": [\"bike\"]}");
	tly_result r;

	scene_init(&ds);
	scene_street(&ds, 0);
	CU_ASSERT_EQUAL(tly_run_compute(&r, &ds, alias, NULL), TLY_EARG);
	CU_ASSERT(strstr(tly_error_last(), "\"dog\"") != NULL);
	CU_ASSERT_EQUAL(tly_run_compute(&r, &ds, ignore, NULL), TLY_EARG);
	CU_ASSERT(strstr(tly_error_last(), "\"person\"") != NULL);
	/* labels the dataset does not use need no preparing */
	CHECK_OK(tly_run_compute(&r, &ds, unused, NULL));
	tly_result_clear(&r);
	CHECK_OK(tly_run_prepare(&ds, alias));
	CHECK_OK(tly_run_compute(&r, &ds, alias, NULL));
	tly_result_clear(&r);
	tly_rules_free(alias);
	tly_rules_free(ignore);
	tly_rules_free(unused);
	tly_dataset_clear(&ds);
}

/*
 * Give every object whose id is not a multiple of 4 the mask of its box
 * drawn as a polygon (the rest stay boxes, so some clusters are mixed and
 * keep a box consensus). The masks are the dataset's, as the store's are.
 */
static void add_masks(tly_dataset *ds)
{
	size_t i, j;

	for (i = 0; i < ds->n_images; i++) {
		tly_image *im = &ds->images[i];

		if (!im->n_objs)
			continue;
		im->rles = tly_calloc(im->n_objs, sizeof(*im->rles));
		CU_ASSERT_PTR_NOT_NULL_FATAL(im->rles);
		im->n_rles = im->n_objs;
		for (j = 0; j < im->n_objs; j++) {
			tly_object *o = &im->objs[j];
			const tly_box *b = &o->geom.box;
			double xy[8] = {b->x, b->y, b->x + b->w, b->y, b->x + b->w, b->y + b->h, b->x, b->y + b->h};

			if (o->id % 4 == 0)
				continue;
			CHECK_OK(tly_polygon_to_rle(&im->rles[j], xy, 4, im->height, im->width));
			o->geom.kind = TLY_GEOM_POLYGON;
			o->geom.rle = &im->rles[j];
		}
	}
}

/* Mask results: the same objects, masks (by content) and figures; pointers differ. */
static void same_mask_result(const tly_result *x, const tly_result *y)
{
	size_t i;

	CU_ASSERT_EQUAL_FATAL(x->n_cons_objects, y->n_cons_objects);
	for (i = 0; i < x->n_cons_objects; i++) {
		const tly_cons_object *a = &x->cons_objects[i], *b = &y->cons_objects[i];

		CU_ASSERT(a->image == b->image && a->category == b->category && a->geom.kind == b->geom.kind);
		CU_ASSERT(memcmp(&a->geom.box, &b->geom.box, sizeof(a->geom.box)) == 0);
		CU_ASSERT(memcmp(&a->agreement, &b->agreement, sizeof(double)) == 0);
		CU_ASSERT(a->support == b->support && a->first_member == b->first_member);
		CU_ASSERT_EQUAL_FATAL(a->geom.rle != NULL, b->geom.rle != NULL);
		CU_ASSERT_EQUAL(a->geom.rle != NULL, a->geom.kind == TLY_GEOM_MASK);
		if (!a->geom.rle)
			continue;
		CU_ASSERT(a->geom.rle == &x->cons_masks[i] && b->geom.rle == &y->cons_masks[i]);
		CU_ASSERT_EQUAL_FATAL(a->geom.rle->m, b->geom.rle->m);
		CU_ASSERT(memcmp(a->geom.rle->counts, b->geom.rle->counts, a->geom.rle->m * sizeof(uint32_t)) == 0);
	}
	SAME_ARRAY(x, y, members, n_members);
	SAME_ARRAY(x, y, conflicts, n_conflicts);
	SAME_ARRAY(x, y, images, n_images);
	SAME_ARRAY(x, y, annotators, n_annotators);
	SAME_ARRAY(x, y, pairs, n_pairs);
	SAME_ARRAY(x, y, classes, n_classes);
}

/* Masks: the same result for 1 and 4 threads; both mask and box consensus occur. */
static void test_threads_masks(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r1, r4;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	size_t i, masks = 0, boxes = 0;

	gen_dataset(&ds, 60, 0, 7);
	add_masks(&ds);
	CHECK_OK(tly_rules_new_default(&rules));
	o.threads = 1;
	CHECK_OK(tly_run_compute(&r1, &ds, rules, &o));
	o.threads = 4;
	CHECK_OK(tly_run_compute(&r4, &ds, rules, &o));
	for (i = 0; i < r1.n_cons_objects; i++) {
		masks += r1.cons_objects[i].geom.kind == TLY_GEOM_MASK;
		boxes += r1.cons_objects[i].geom.kind == TLY_GEOM_BOX;
	}
	CU_ASSERT(masks > 10);
	CU_ASSERT(boxes > 10);
	same_mask_result(&r1, &r4);
	tly_result_clear(&r1);
	tly_result_clear(&r4);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

typedef struct {
	size_t calls, last_done, total;
	int monotonic, on_caller;
	pthread_t caller;
} progress_log;

static void on_progress(size_t done, size_t total, void *payload)
{
	progress_log *l = payload;

	if (done < l->last_done)
		l->monotonic = 0;
	if (!pthread_equal(pthread_self(), l->caller))
		l->on_caller = 0;
	l->last_done = done;
	l->total = total;
	l->calls++;
}

/* Progress: called on the calling thread, never backwards, ending at (n, n). */
static void test_progress(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	progress_log l = {0, 0, 0, 1, 1, pthread_self()};

	gen_dataset(&ds, 50, 0, 7);
	CHECK_OK(tly_rules_new_default(&rules));
	o.threads = 3;
	o.progress = on_progress;
	o.payload = &l;
	CHECK_OK(tly_run_compute(&r, &ds, rules, &o));
	CU_ASSERT(l.calls >= 1);
	CU_ASSERT_EQUAL(l.last_done, 50);
	CU_ASSERT_EQUAL(l.total, 50);
	CU_ASSERT(l.monotonic);
	CU_ASSERT(l.on_caller);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Images 3 and 7 of 10 are inconsistent; whatever thread meets which first,
 * the error names image 3 (the lowest index) and the result is left empty.
 */
static void test_lowest_failure(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	gen_dataset(&ds, 10, 0, 3);
	ds.images[3].n_objs = 0;
	ds.images[3].n_tags = 0;
	ds.images[3].subs[0].annotator = 99;
	ds.images[7].n_objs = 0;
	ds.images[7].n_tags = 0;
	ds.images[7].subs[0].annotator = 99;
	CHECK_OK(tly_rules_new_default(&rules));
	o.threads = 4;
	CU_ASSERT_EQUAL(tly_run_compute(&r, &ds, rules, &o), TLY_EARG);
	CU_ASSERT_EQUAL(tly_error_last_code(), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "image img0003.jpg: "));
	CU_ASSERT_PTR_NULL(r.images);
	CU_ASSERT_EQUAL(r.n_images, 0);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

static void test_bad_arguments(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	gen_dataset(&ds, 1, 0, 3);
	CHECK_OK(tly_rules_new_default(&rules));
	o.threads = -1;
	CU_ASSERT_EQUAL(tly_run_compute(&r, &ds, rules, &o), TLY_EARG);
	o.threads = 100000;
	CU_ASSERT_EQUAL(tly_run_compute(&r, &ds, rules, &o), TLY_EARG);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "threads"));
	CU_ASSERT_EQUAL(tly_run_compute(&r, NULL, rules, NULL), TLY_EARG);
	CU_ASSERT_EQUAL(tly_run_compute(&r, &ds, NULL, NULL), TLY_EARG);
	/* NULL options: the defaults */
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT(r.threads >= 1);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* An empty dataset is a valid run with nothing in it. */
static void test_empty_dataset(void)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;

	memset(&ds, 0, sizeof(ds));
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL(r.n_images, 0);
	CU_ASSERT_EQUAL(r.n_pairs, 0);
	CU_ASSERT_PTR_NOT_NULL(r.rules_json);
	tly_result_clear(&r);
	tly_rules_free(rules);
}

/*
 * street.jpg with gold (image 0) and labels.jpg (image 1: A car, B car,
 * C dog), annotators A B C G H plus "idle" (5), default rules. Per-image
 * figures are worked in tests/agree; summed here:
 *  A: images_done 2; vs_consensus = objects (tp 0, fp 2, fn 0; no match)
 *     + labels (tp 0, fp 1, fn 0, 0/1) -> fp 3, label_total 1, images 2;
 *     vs_gold (objects only): tp 2, matched 2, iou_sum 2, images 1.
 *  C: vs_consensus = (fp 2, fn 2, matched 1, iou 9/11, 0/1) + (fp 1, fn 1,
 *     0/1) -> fp 3, fn 3, matched 1, label_total 2, images 2.
 *  G, H (gold only) and idle: images_done 0, all counts 0.
 *  Pairs: only A, B, C did non-gold work -> (A,B), (A,C), (B,C).
 *   (A,B): objects tp 2, n 2 + 2 -> f1 1; one kappa item (car, car): both
 *   raters constant -> NaN. (A,C): tp 0 -> f1 0.
 *  Classes: car = object (confidence 2/3, agreement 8/9) + label (2/3):
 *   support 2, agreement 2/3, mean_iou 8/9; dog = object (2/3, 1):
 *   support 1, mean_iou 1; person: support 0.
 */
static void test_small_dataset(void)
{
	static const char *const names[] = {"A", "B", "C", "G", "H", "idle"};
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	const uint32_t car = CAR, dog = DOG;
	uint32_t im;

	tb_init(&ds, names, 6, scene_categories, 3);
	scene_street(&ds, 1);
	im = tb_image(&ds, "labels.jpg");
	scene_labels(&ds, im, A, 0, &car, 1);
	scene_labels(&ds, im, B, 0, &car, 1);
	scene_labels(&ds, im, C, 0, &dog, 1);
	CHECK_OK(tly_rules_new_default(&rules));
	CHECK_OK(tly_run_compute(&r, &ds, rules, NULL));
	CU_ASSERT_EQUAL_FATAL(r.n_images, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_annotators, 6);
	CU_ASSERT_EQUAL(r.n_cons_objects, 2);
	CU_ASSERT_EQUAL(r.n_cons_tags, 1);
	CU_ASSERT_EQUAL(r.n_conflicts, 6);
	CU_ASSERT_EQUAL(r.images[1].image, 1);
	CU_ASSERT_EQUAL(r.images[1].n_conflicts, 2);
	CU_ASSERT_EQUAL(r.annotators[A].images_done, 2);
	CU_ASSERT_EQUAL(r.annotators[A].vs_consensus.fp, 3);
	CU_ASSERT_EQUAL(r.annotators[A].vs_consensus.tp, 0);
	CU_ASSERT_EQUAL(r.annotators[A].vs_consensus.label_total, 1);
	CU_ASSERT_EQUAL(r.annotators[A].vs_consensus.images, 2);
	CU_ASSERT_EQUAL(r.annotators[A].vs_gold.tp, 2);
	CU_ASSERT_EQUAL(r.annotators[A].vs_gold.images, 1);
	CHECK_NEAR(r.annotators[A].vs_gold.iou_sum, 2.0, 1e-12);
	CU_ASSERT_EQUAL(r.annotators[C].vs_consensus.fp, 3);
	CU_ASSERT_EQUAL(r.annotators[C].vs_consensus.fn, 3);
	CU_ASSERT_EQUAL(r.annotators[C].vs_consensus.matched, 1);
	CU_ASSERT_EQUAL(r.annotators[C].vs_consensus.label_total, 2);
	CHECK_NEAR(r.annotators[C].vs_consensus.iou_sum, 9.0 / 11.0, 1e-12);
	CU_ASSERT_EQUAL(r.annotators[G].images_done, 0);
	CU_ASSERT_EQUAL(r.annotators[H].images_done, 0);
	CU_ASSERT_EQUAL(r.annotators[5].annotator, 5);
	CU_ASSERT_EQUAL(r.annotators[5].images_done, 0);
	CU_ASSERT_EQUAL(r.annotators[5].vs_consensus.images, 0);
	CU_ASSERT_EQUAL(r.annotators[5].vs_gold.tp, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_pairs, 3);
	CU_ASSERT(r.pairs[0].a == A && r.pairs[0].b == B);
	CU_ASSERT(r.pairs[1].a == A && r.pairs[1].b == C);
	CU_ASSERT(r.pairs[2].a == B && r.pairs[2].b == C);
	CHECK_NEAR(r.pairs[0].f1, 1.0, 1e-12);
	CU_ASSERT(isnan(r.pairs[0].kappa));
	CU_ASSERT_EQUAL(r.pairs[0].kappa_items, 1);
	CHECK_NEAR(r.pairs[1].f1, 0.0, 1e-12);
	CU_ASSERT_EQUAL_FATAL(r.n_classes, 3);
	CU_ASSERT_EQUAL(r.classes[CAR].support, 2);
	CHECK_NEAR(r.classes[CAR].agreement, 2.0 / 3.0, 1e-12);
	CHECK_NEAR(r.classes[CAR].mean_iou, 8.0 / 9.0, 1e-12);
	CU_ASSERT_EQUAL(r.classes[DOG].support, 1);
	CHECK_NEAR(r.classes[DOG].mean_iou, 1.0, 1e-12);
	CU_ASSERT_EQUAL(r.classes[PERSON].support, 0);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/*
 * Allocation N failing, for N = 1, 2, ... until a run needs fewer: every
 * faulted run returns TLY_ENOMEM with an empty result (and, under ASan,
 * leaks nothing); the allocator hook is process-wide, so one thread.
 */
static void alloc_faults(int masks)
{
	tly_dataset ds;
	tly_rules *rules = NULL;
	tly_result r;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	long n;
	int rc = -1;

	gen_dataset(&ds, 6, 1, 11);
	if (masks)
		add_masks(&ds);
	CHECK_OK(tly_rules_new_default(&rules));
	o.threads = 1;
	for (n = 1; n < 100000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_run_compute(&r, &ds, rules, &o);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT_PTR_NULL(r.images);
			CU_ASSERT_PTR_NULL(r.rules_json);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(n > 10);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

static void test_alloc_faults(void)
{
	alloc_faults(0);
}

/* The same with masks: the consensus masks' allocations fail too, without leaks. */
static void test_alloc_faults_masks(void)
{
	alloc_faults(1);
}

TLY_TESTS("run_compute",
	  {"alloc_faults", test_alloc_faults},
	  {"alloc_faults_masks", test_alloc_faults_masks},
	  {"threads_masks", test_threads_masks},
	  {"threads_single", test_threads_single},
	  {"threads_multi", test_threads_multi},
	  {"threads_overrides", test_threads_overrides},
	  {"unprepared", test_unprepared},
	  {"progress", test_progress},
	  {"lowest_failure", test_lowest_failure},
	  {"bad_arguments", test_bad_arguments},
	  {"empty_dataset", test_empty_dataset},
	  {"small_dataset", test_small_dataset})
