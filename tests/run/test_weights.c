/*
 * vote.weights and vote.mask through tly_run_compute (src/run/weights.c):
 * gold weights from a hand-counted gold comparison; dawid-skene and
 * one-coin against the estimator run directly on the same labels written
 * out by hand; the refusal of multi-label data; the same bytes for any
 * thread count; STAPLE cluster masks equal to tly_staple of the members.
 */
#include <math.h>
#include <string.h>

#include "agree/scenes.h"
#include "run/gen.h"
#include "tally/polygon.h"
#include "tally/run.h"
#include "tally/staple.h"
#include "util/alloc.h"

static tly_rules *rules_from(const char *text)
{
	tly_rules *r = NULL;

	CHECK_OK(tly_rules_parse(&r, text, strlen(text), "test"));
	return r;
}

static void compute(tly_result *out, const tly_dataset *ds, const char *rules_text, int threads)
{
	tly_rules *rules = rules_from(rules_text);
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	o.threads = threads;
	CHECK_OK(tly_run_compute(out, ds, rules, &o));
	tly_rules_free(rules);
}

/* The consensus label of image IM (UINT32_MAX when none), and its tag in *tag. */
static uint32_t label_of(const tly_result *r, uint32_t im, const tly_cons_tag **tag)
{
	size_t i;

	for (i = 0; i < r->n_cons_tags; i++) {
		if (r->cons_tags[i].image == im) {
			*tag = &r->cons_tags[i];
			return r->cons_tags[i].category;
		}
	}
	*tag = NULL;
	return UINT32_MAX;
}

static void labels3(tly_dataset *ds, uint32_t im, uint32_t a, uint32_t b, uint32_t c)
{
	scene_labels(ds, im, A, 0, &a, 1);
	scene_labels(ds, im, B, 0, &b, 1);
	scene_labels(ds, im, C, 0, &c, 1);
}

/*
 * Gold G on g1 car, g2 car, g3 dog. A: car car dog (3 of 3 right), B and
 * C: dog dog dog (1 of 3). With vote.smoothing 1 (the default):
 * A (3 + 1) / (3 + 2) = 0.8, B = C = (1 + 1) / 5 = 0.4; G and H, never
 * compared, (0 + 1) / 2 = 0.5. Classes car and dog (person unused), prior
 * 1/2. Image x: A car, B dog, C dog: car 0.8 x 0.6 x 0.6 = 0.288 against
 * dog 0.2 x 0.4 x 0.4 = 0.032: car, posterior 0.9. g3, all dog: dog
 * 0.8 x 0.4 x 0.4 = 0.128 against car 0.2 x 0.6 x 0.6 = 0.072: dog 0.64
 * (B and C are worse than chance, so their "dog" speaks for car).
 */
static void test_gold(void)
{
	const uint32_t car = CAR, dog = DOG;
	const tly_cons_tag *t;
	tly_dataset ds;
	tly_result r;
	uint32_t g[3], x;
	size_t i;

	scene_init(&ds);
	g[0] = tb_image(&ds, "g1.jpg");
	g[1] = tb_image(&ds, "g2.jpg");
	g[2] = tb_image(&ds, "g3.jpg");
	x = tb_image(&ds, "x.jpg");
	scene_labels(&ds, g[0], G, 1, &car, 1);
	scene_labels(&ds, g[1], G, 1, &car, 1);
	scene_labels(&ds, g[2], G, 1, &dog, 1);
	labels3(&ds, g[0], CAR, DOG, DOG);
	labels3(&ds, g[1], CAR, DOG, DOG);
	labels3(&ds, g[2], DOG, DOG, DOG);
	labels3(&ds, x, CAR, DOG, DOG);

	compute(&r, &ds, "{}", 1);
	CU_ASSERT_EQUAL(label_of(&r, x, &t), DOG); /* equal votes: 2 of 3 */
	CU_ASSERT_EQUAL(r.n_reliability, 0);
	tly_result_clear(&r);

	compute(&r, &ds, "{\"vote\": {\"weights\": \"gold\"}}", 1);
	CU_ASSERT_EQUAL(r.weights, TLY_WEIGHTS_GOLD);
	CU_ASSERT_EQUAL_FATAL(r.n_weight_classes, 2);
	CU_ASSERT(r.weight_classes[0] == CAR && r.weight_classes[1] == DOG);
	CHECK_NEAR(r.weight_prior[0], 0.5, 0);
	CU_ASSERT_EQUAL(r.weight_items, 9);
	CU_ASSERT(isnan(r.em_log_likelihood));
	CU_ASSERT_EQUAL_FATAL(r.n_reliability, 5);
	CHECK_NEAR(r.reliability[A].accuracy, 0.8, 1e-15);
	CHECK_NEAR(r.reliability[B].accuracy, 0.4, 1e-15);
	CHECK_NEAR(r.reliability[C].accuracy, 0.4, 1e-15);
	CHECK_NEAR(r.reliability[G].accuracy, 0.5, 0);
	CU_ASSERT(r.reliability[A].labels == 3 && r.reliability[G].labels == 0);
	/* A's one-coin block: 0.8 on the diagonal, 0.2 off it */
	CHECK_NEAR(r.weight_confusion[A * 4 + 1], 0.2, 1e-15);
	CU_ASSERT_EQUAL(label_of(&r, x, &t), CAR);
	CU_ASSERT_EQUAL_FATAL(t != NULL, 1);
	CHECK_NEAR(t->confidence, 0.9, 1e-14);
	CU_ASSERT_EQUAL(t->votes, 1);
	CU_ASSERT_EQUAL(label_of(&r, g[2], &t), DOG);
	CHECK_NEAR(t->confidence, 0.64, 1e-14);
	for (i = 0; i < r.n_reliability; i++)
		CU_ASSERT_EQUAL(r.reliability[i].staple_clusters, 0);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * Two scenes of single-label images, truth alternating car (even) / dog
 * (odd), where A is always right and B and C are careless, and the last
 * image is contested: A car, B dog, C dog. Equal votes give it dog; the
 * model learns that A is reliable and gives car.
 *  - confused (dawid-skene, 21 images): B and C take cars for dogs, B the
 *    cars of images 0, 4, 8, ..., C those of images 2, 6, 10, ...
 *  - coin (one-coin, 13 images): B flips images 0-3, C images 4-7.
 * The run's figures must be those of the estimator run directly on the
 * same labels written out here (items = images, workers = annotator
 * indices, classes car 0 and dog 1).
 */
#define DS_MAX_IMAGES 21

static size_t ds_scene(tly_dataset *ds, tly_dawid_skene_observation *obs, int confused)
{
	size_t n = confused ? 21 : 13, i, j;

	scene_init(ds);
	for (i = 0; i < n; i++) {
		char name[16];
		uint32_t truth = i % 2 ? DOG : CAR, wrong = i % 2 ? CAR : DOG, l[3], im;

		snprintf(name, sizeof(name), "d%02zu.jpg", i);
		im = tb_image(ds, name);
		l[0] = truth;
		if (confused) {
			l[1] = truth == CAR && i % 4 == 0 ? DOG : truth;
			l[2] = truth == CAR && i % 4 == 2 ? DOG : truth;
		} else {
			l[1] = i < 4 ? wrong : truth;
			l[2] = i >= 4 && i < 8 ? wrong : truth;
		}
		if (i == n - 1) {
			l[0] = CAR;
			l[1] = l[2] = DOG;
		}
		labels3(ds, im, l[0], l[1], l[2]);
		for (j = 0; j < 3; j++) {
			obs[i * 3 + j].item = (uint32_t)i;
			obs[i * 3 + j].worker = (uint32_t)j;
			obs[i * 3 + j].label = l[j] == CAR ? 0 : 1;
		}
	}
	return n;
}

static void check_em(const char *rules_text, tly_dawid_skene_model model)
{
	tly_dawid_skene_observation obs[DS_MAX_IMAGES * 3];
	tly_dawid_skene_options o = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result d;
	const tly_cons_tag *t;
	tly_dataset ds;
	tly_result r;
	size_t a, i, n;

	n = ds_scene(&ds, obs, model == TLY_DAWID_SKENE_FULL);
	compute(&r, &ds, "{}", 1);
	CU_ASSERT_EQUAL(label_of(&r, (uint32_t)n - 1, &t), DOG);
	tly_result_clear(&r);

	/* the rules' defaults: tolerance 1e-9, 1000 iterations, smoothing 1 */
	o.model = model;
	o.tolerance = 1e-9;
	o.smoothing = 1;
	CHECK_OK(tly_dawid_skene_estimate(&d, obs, n * 3, n, 5, 2, &o));
	compute(&r, &ds, rules_text, 2);
	CU_ASSERT_EQUAL(r.weight_items, n);
	CU_ASSERT_EQUAL(r.em_iterations, d.iterations);
	CU_ASSERT_EQUAL(r.em_converged, d.converged);
	CHECK_NEAR(r.em_log_likelihood, d.log_likelihood, 1e-12);
	CU_ASSERT_EQUAL_FATAL(r.n_weight_classes, 2);
	for (i = 0; i < 2; i++)
		CHECK_NEAR(r.weight_prior[i], d.marginals[i], 1e-15);
	for (i = 0; i < 5 * 4; i++)
		CHECK_NEAR(r.weight_confusion[i], d.confusion[i], 1e-15);
	for (a = 0; a < 3; a++) {
		const double *m = d.confusion + a * 4;

		CU_ASSERT_EQUAL(r.reliability[a].labels, n);
		if (model == TLY_DAWID_SKENE_FULL)
			CHECK_NEAR(r.reliability[a].accuracy, d.marginals[0] * m[0] + d.marginals[1] * m[3], 1e-15);
		else
			CHECK_NEAR(r.reliability[a].accuracy, m[0], 0);
	}
	CU_ASSERT(r.reliability[A].accuracy > r.reliability[B].accuracy);
	/* every image's consensus is the estimator's most likely class, at its posterior */
	for (i = 0; i < n; i++) {
		uint32_t best = tly_dawid_skene_best(&d, i);

		CU_ASSERT_EQUAL(label_of(&r, (uint32_t)i, &t), best ? DOG : CAR);
		CU_ASSERT_EQUAL_FATAL(t != NULL, 1);
		CHECK_NEAR(t->confidence, d.posteriors[i * 2 + best], 1e-12);
	}
	/* the reliable one outvotes two careless ones */
	CU_ASSERT_EQUAL(label_of(&r, (uint32_t)n - 1, &t), CAR);
	tly_result_clear(&r);
	tly_dawid_skene_result_clear(&d);
	tly_dataset_clear(&ds);
}

static void test_dawid_skene(void)
{
	check_em("{\"vote\": {\"weights\": \"dawid-skene\"}}", TLY_DAWID_SKENE_FULL);
}

static void test_one_coin(void)
{
	check_em("{\"vote\": {\"weights\": \"one-coin\"}}", TLY_DAWID_SKENE_ONE_COIN);
}

/* Multi-label image labels have no single label to weigh: refused by name (exit 2). */
static void test_multi_refused(void)
{
	tly_dataset ds;
	tly_rules *rules = rules_from("{\"vote\": {\"weights\": \"one-coin\"}}");
	tly_result r;

	scene_init(&ds);
	scene_multi_labels(&ds);
	CU_ASSERT_EQUAL(tly_run_compute(&r, &ds, rules, NULL), TLY_EINPUT);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "rules: vote.weights \"one-coin\" weighs single-label image"
			       " labels and object labels; this dataset's image labels are multi-label");
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* Nothing labelled anywhere (an image with empty submissions): a model over no class, no weighing. */
static void test_no_labels(void)
{
	tly_dataset ds;
	tly_result r;
	uint32_t im;

	scene_init(&ds);
	im = tb_image(&ds, "empty.jpg");
	tb_sub(&ds, im, A, TLY_TASK_OBJECTS, 0);
	tb_sub(&ds, im, B, TLY_TASK_OBJECTS, 0);
	compute(&r, &ds, "{\"vote\": {\"weights\": \"dawid-skene\"}}", 1);
	CU_ASSERT_EQUAL(r.weights, TLY_WEIGHTS_DAWID_SKENE);
	CU_ASSERT_EQUAL(r.n_weight_classes, 0);
	CU_ASSERT_PTR_NULL(r.weight_confusion);
	CU_ASSERT_EQUAL(r.n_reliability, 5);
	CU_ASSERT(isnan(r.reliability[A].accuracy));
	CU_ASSERT_EQUAL(r.images[im].agreement, 1.0);
	CHECK_OK(tly_result_check(&ds, &r));
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

#define SAME(x, y, field, n)                                                            \
	do {                                                                            \
		CU_ASSERT_EQUAL_FATAL((x)->n, (y)->n);                                  \
		if ((x)->n)                                                             \
			CU_ASSERT(memcmp((x)->field, (y)->field, (x)->n * sizeof(*(x)->field)) == 0); \
	} while (0)

/* Everything but the masks' addresses and the thread count, bytewise. */
static void same_result(const tly_result *x, const tly_result *y)
{
	size_t i, k = x->n_weight_classes;

	CU_ASSERT_EQUAL_FATAL(x->n_cons_objects, y->n_cons_objects);
	for (i = 0; i < x->n_cons_objects; i++) {
		const tly_cons_object *a = &x->cons_objects[i], *b = &y->cons_objects[i];

		CU_ASSERT(a->category == b->category && a->votes == b->votes && a->geom.kind == b->geom.kind);
		CU_ASSERT(memcmp(&a->confidence, &b->confidence, sizeof(double)) == 0);
		CU_ASSERT(memcmp(&a->agreement, &b->agreement, sizeof(double)) == 0);
		if (a->geom.rle && b->geom.rle) {
			CU_ASSERT_EQUAL_FATAL(a->geom.rle->m, b->geom.rle->m);
			CU_ASSERT(memcmp(a->geom.rle->counts, b->geom.rle->counts,
					 a->geom.rle->m * sizeof(uint32_t)) == 0);
		}
	}
	SAME(x, y, members, n_members);
	SAME(x, y, cons_tags, n_cons_tags);
	SAME(x, y, conflicts, n_conflicts);
	SAME(x, y, images, n_images);
	SAME(x, y, annotators, n_annotators);
	SAME(x, y, classes, n_classes);
	SAME(x, y, reliability, n_reliability);
	SAME(x, y, weight_classes, n_weight_classes);
	SAME(x, y, weight_prior, n_weight_classes);
	CU_ASSERT(x->weights == y->weights && x->em_iterations == y->em_iterations);
	CU_ASSERT(memcmp(&x->em_log_likelihood, &y->em_log_likelihood, sizeof(double)) == 0);
	CU_ASSERT(x->staple_fallbacks == y->staple_fallbacks && x->weight_items == y->weight_items);
	if (k && x->n_reliability)
		CU_ASSERT(memcmp(x->weight_confusion, y->weight_confusion,
				 x->n_reliability * k * k * sizeof(double)) == 0);
}

/* Every object's mask (except ids that are multiples of 4) becomes its box drawn as a polygon. */
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

/* 150 generated images, 1, 2 and 4 threads, labels and masks weighted: the same bytes. */
static void test_threads(void)
{
	static const char rules[] = "{\"vote\": {\"weights\": \"dawid-skene\", \"mask\": \"staple\"}}";
	tly_dataset ds;
	tly_result r1, r2, r4;

	gen_dataset(&ds, 150, 0, 11);
	add_masks(&ds);
	compute(&r1, &ds, rules, 1);
	compute(&r2, &ds, rules, 2);
	compute(&r4, &ds, rules, 4);
	CU_ASSERT(r1.n_cons_objects > 100 && r1.n_cons_tags > 50);
	CU_ASSERT(r1.n_weight_classes == 4 && r1.em_iterations > 1);
	CU_ASSERT(r1.reliability[0].staple_clusters > 10);
	same_result(&r1, &r2);
	same_result(&r1, &r4);
	tly_result_clear(&r1);
	tly_result_clear(&r2);
	tly_result_clear(&r4);
	tly_dataset_clear(&ds);
}

/* The member masks of consensus object O, in member order, as the dataset holds them. */
static size_t member_masks(tly_rle *out, const tly_dataset *ds, const tly_result *r, size_t o)
{
	const tly_cons_object *c = &r->cons_objects[o];
	const tly_image *im = &ds->images[c->image];
	size_t m, j;

	for (m = 0; m < c->support; m++) {
		int64_t id = r->members[c->first_member + m].object_id;

		for (j = 0; j < im->n_objs && im->objs[j].id != id; j++)
			;
		CU_ASSERT_FATAL(j < im->n_objs && im->objs[j].geom.rle);
		out[m] = *im->objs[j].geom.rle;
	}
	return c->support;
}

/*
 * vote.mask staple: every consensus mask is tly_staple's over its
 * members, at least one differs from the majority's, and each
 * annotator's STAPLE figures are the pixel-weighted means over its
 * clusters, recomputed here from tly_staple cluster by cluster.
 */
static void test_staple_masks(void)
{
	tly_dataset ds;
	tly_result maj, st;
	tly_rle rles[16];
	double in[7] = {0}, sens[7] = {0}, out[7] = {0}, spec[7] = {0};
	uint32_t clusters[7] = {0};
	size_t i, m, n, differ = 0, masks = 0;

	gen_dataset(&ds, 60, 0, 7);
	add_masks(&ds);
	compute(&maj, &ds, "{}", 2);
	compute(&st, &ds, "{\"vote\": {\"mask\": \"staple\"}}", 2);
	CU_ASSERT_EQUAL(st.weights, TLY_WEIGHTS_EQUAL);
	CU_ASSERT_EQUAL_FATAL(st.n_cons_objects, maj.n_cons_objects);
	for (i = 0; i < st.n_cons_objects; i++) {
		const tly_cons_object *c = &st.cons_objects[i];
		tly_staple_result e;

		if (c->geom.kind != TLY_GEOM_MASK)
			continue;
		masks++;
		n = member_masks(rles, &ds, &st, i);
		CHECK_OK(tly_staple(&e, rles, n, NULL));
		CU_ASSERT_EQUAL_FATAL(c->geom.rle->m, e.consensus.m);
		CU_ASSERT(memcmp(c->geom.rle->counts, e.consensus.counts, e.consensus.m * sizeof(uint32_t)) == 0);
		differ += maj.cons_objects[i].geom.rle->m != e.consensus.m ||
			  memcmp(maj.cons_objects[i].geom.rle->counts, e.consensus.counts,
				 e.consensus.m * sizeof(uint32_t)) != 0;
		/* the label vote is left as it was */
		CU_ASSERT(memcmp(&c->confidence, &maj.cons_objects[i].confidence, sizeof(double)) == 0);
		for (m = 0; m < n; m++) {
			uint32_t a = st.members[c->first_member + m].annotator;
			double pix = 640.0 * 480.0;

			clusters[a]++;
			in[a] += (double)e.area;
			sens[a] += e.sensitivity[m] * (double)e.area;
			out[a] += pix - (double)e.area;
			spec[a] += e.specificity[m] * (pix - (double)e.area);
		}
		tly_staple_result_clear(&e);
	}
	CU_ASSERT(masks > 10);
	CU_ASSERT(differ > 0);
	CU_ASSERT_EQUAL_FATAL(st.n_reliability, 7);
	for (i = 0; i < 7; i++) {
		CU_ASSERT_EQUAL(st.reliability[i].staple_clusters, clusters[i]);
		if (!clusters[i]) {
			CU_ASSERT(isnan(st.reliability[i].staple_sensitivity));
			continue;
		}
		CHECK_NEAR(st.reliability[i].staple_sensitivity, sens[i] / in[i], 1e-12);
		CHECK_NEAR(st.reliability[i].staple_specificity, spec[i] / out[i], 1e-12);
		CU_ASSERT(isnan(st.reliability[i].accuracy) && st.reliability[i].labels == 0);
	}
	CU_ASSERT_EQUAL(st.staple_fallbacks, 0);
	CU_ASSERT_EQUAL(maj.n_reliability, 0);
	CHECK_OK(tly_result_check(&ds, &st));
	tly_result_clear(&maj);
	tly_result_clear(&st);
	tly_dataset_clear(&ds);
}

static void count_progress(size_t done, size_t total, void *payload)
{
	size_t *seen = payload;

	/* done never goes back, total stays twice the images */
	CU_ASSERT(done >= seen[0] && done <= total && total == 2 * seen[2]);
	seen[0] = done;
	seen[1] = total;
}

/* A weighted run's progress covers both passes: it ends at (2n, 2n). */
static void test_progress(void)
{
	tly_dataset ds;
	tly_rules *rules = rules_from("{\"vote\": {\"weights\": \"one-coin\"}}");
	tly_result r;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	size_t seen[3] = {0, 0, 40};

	gen_dataset(&ds, 40, 0, 5);
	o.threads = 2;
	o.progress = count_progress;
	o.payload = seen;
	CHECK_OK(tly_run_compute(&r, &ds, rules, &o));
	CU_ASSERT(seen[0] == 80 && seen[1] == 80);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

/* Failing allocation N = 1, 2, ... of a weighted run with STAPLE masks: ENOMEM and an empty result each time. */
static void test_alloc_faults(void)
{
	tly_dataset ds;
	tly_rules *rules = rules_from("{\"vote\": {\"weights\": \"dawid-skene\", \"mask\": \"staple\"}}");
	tly_result r;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;
	long n;
	int rc = -1;

	gen_dataset(&ds, 6, 0, 11);
	add_masks(&ds);
	o.threads = 1;
	for (n = 1; n < 100000 && rc != 0; n++) {
		tly_alloc_fail_after(n);
		rc = tly_run_compute(&r, &ds, rules, &o);
		tly_alloc_fail_after(0);
		if (rc != 0) {
			CU_ASSERT_EQUAL(rc, TLY_ENOMEM);
			CU_ASSERT(r.images == NULL && r.reliability == NULL && r.weight_confusion == NULL);
		}
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(r.n_weight_classes > 0 && r.n_reliability == 7);
	tly_result_clear(&r);
	tly_rules_free(rules);
	tly_dataset_clear(&ds);
}

TLY_TESTS("run_weights",
	  {"gold", test_gold},
	  {"dawid_skene", test_dawid_skene},
	  {"one_coin", test_one_coin},
	  {"multi_refused", test_multi_refused},
	  {"no_labels", test_no_labels},
	  {"threads", test_threads},
	  {"staple_masks", test_staple_masks},
	  {"progress", test_progress},
	  {"alloc_faults", test_alloc_faults})
