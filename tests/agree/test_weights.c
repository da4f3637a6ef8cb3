/*
 * Reliability-weighted votes (src/agree/weights.c): the posterior of one
 * item under fixed confusion matrices worked by hand, the zero-factor
 * limit, ties, and the object, label and leave-one-out votes of an image
 * under a label model; the observations of the first pass; the posterior
 * equal to Dawid-Skene's own E-step at its estimate.
 *
 * The model used throughout (classes car and dog, scenes.h's categories 0
 * and 2; person is not a class): prior 1/2 each; A reliable, rows
 * [0.9 0.1; 0.1 0.9]; B and C careless, [0.6 0.4; 0.4 0.6]; G and H
 * uniform. A says car, B and C dog:
 *   car: 0.5 x 0.9 x 0.4 x 0.4 = 0.072, dog: 0.5 x 0.1 x 0.6 x 0.6 = 0.018,
 *   posterior car 0.072 / 0.09 = 0.8, dog 0.2: the reliable one outvotes two.
 */
#include <math.h>
#include <string.h>

#include "agree/scenes.h"
#include "agree/weights.h"

static const uint32_t CLASSES[2] = {CAR, DOG};
static const double HALF[2] = {0.5, 0.5};
static const double RELIABLE[4] = {0.9, 0.1, 0.1, 0.9};
static const double CARELESS[4] = {0.6, 0.4, 0.4, 0.6};
static const double UNIFORM[4] = {0.5, 0.5, 0.5, 0.5};
static const double EXACT[4] = {1, 0, 0, 1};

/* Five annotators' 2 x 2 blocks: A, B, C as given, G and H uniform. */
static void model(tly_agree_weights *w, const double *prior, const double *a, const double *b,
		  const double *c)
{
	double conf[5 * 4];

	memcpy(conf, a, sizeof(RELIABLE));
	memcpy(conf + 4, b, sizeof(RELIABLE));
	memcpy(conf + 8, c, sizeof(RELIABLE));
	memcpy(conf + 12, UNIFORM, sizeof(RELIABLE));
	memcpy(conf + 16, UNIFORM, sizeof(RELIABLE));
	CHECK_OK(tly_agree__weights_init(w, 3, 5, CLASSES, 2, prior, conf));
}

static void test_posterior_by_hand(void)
{
	const uint32_t ann[3] = {A, B, C}, cat[3] = {CAR, DOG, DOG};
	tly_agree_weights w;
	double post[4];
	uint32_t best;
	size_t tied;

	model(&w, HALF, RELIABLE, CARELESS, CARELESS);
	CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, ann, cat, 3), 1);
	CHECK_NEAR(post[0], 0.8, 1e-15);
	CHECK_NEAR(post[1], 0.2, 1e-15);
	CU_ASSERT_EQUAL(best, 0);
	CU_ASSERT_EQUAL(tied, 1);
	/* Without A: car 0.5 x 0.4 x 0.4 = 0.08, dog 0.5 x 0.6 x 0.6 = 0.18: dog 0.18 / 0.26 = 9/13. */
	CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, ann + 1, cat + 1, 2), 1);
	CHECK_NEAR(post[1], 9.0 / 13.0, 1e-15);
	CU_ASSERT_EQUAL(best, 1);
	/* No label at all: the prior. A uniform annotator changes nothing. */
	CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, ann, cat, 0), 1);
	CHECK_NEAR(post[0], 0.5, 1e-15);
	CU_ASSERT_EQUAL(tied, 2);
	{
		const uint32_t g[1] = {G}, d[1] = {DOG};

		CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, g, d, 1), 1);
		CHECK_NEAR(post[1], 0.5, 1e-15);
	}
	tly_agree__weights_clear(&w);
}

/*
 * Prior car 0.2, dog 0.8 with the same labels: car 0.2 x 0.144 = 0.0288,
 * dog 0.8 x 0.036 = 0.0288: a tie (whatever the last bits of the two
 * products), posterior 1/2 each.
 */
static void test_posterior_tie(void)
{
	const uint32_t ann[3] = {A, B, C}, cat[3] = {CAR, DOG, DOG};
	const double prior[2] = {0.2, 0.8};
	tly_agree_weights w;
	double post[4];
	uint32_t best;
	size_t tied;

	model(&w, prior, RELIABLE, CARELESS, CARELESS);
	CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, ann, cat, 3), 1);
	CU_ASSERT_EQUAL(tied, 2);
	CHECK_NEAR(post[0], 0.5, 1e-14);
	CHECK_NEAR(post[1], 0.5, 1e-14);
	tly_agree__weights_clear(&w);
}

/*
 * Zero factors. A and B infallible (identity rows), C careless; A car, B
 * dog, C dog: each class has one zero factor (car: B's P(dog | car); dog:
 * A's P(car | dog)), so the rest decide: car 0.5 x 0.4 = 0.2, dog 0.5 x
 * 0.6 = 0.3: dog 0.6. A zero prior rules its class out: prior (0, 1) and A
 * (reliable) saying car: dog 1.
 */
static void test_posterior_zeros(void)
{
	const uint32_t ann[3] = {A, B, C}, cat[3] = {CAR, DOG, DOG};
	const double prior[2] = {0, 1};
	tly_agree_weights w;
	double post[4];
	uint32_t best;
	size_t tied;

	model(&w, HALF, EXACT, EXACT, CARELESS);
	CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, ann, cat, 3), 1);
	CHECK_NEAR(post[1], 0.6, 1e-15);
	CU_ASSERT_EQUAL(best, 1);
	tly_agree__weights_clear(&w);
	model(&w, prior, RELIABLE, CARELESS, CARELESS);
	CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, ann, cat, 1), 1);
	CU_ASSERT(post[0] == 0 && post[1] == 1);
	tly_agree__weights_clear(&w);
}

/* A category or annotator outside the model: 0, the caller keeps the equal vote. */
static void test_posterior_outside(void)
{
	const uint32_t ann[2] = {A, 7}, cat[2] = {PERSON, CAR};
	tly_agree_weights w;
	double post[4];
	uint32_t best;
	size_t tied;

	model(&w, HALF, RELIABLE, CARELESS, CARELESS);
	CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, ann, cat, 1), 0);
	CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, ann + 1, cat + 1, 1), 0);
	tly_agree__weights_clear(&w);
}

static void test_init_errors(void)
{
	const uint32_t twice[2] = {CAR, CAR}, far[2] = {CAR, 9};
	const double bad[2] = {0.5, 1.5};
	double conf[5 * 4];
	tly_agree_weights w;
	size_t i;

	for (i = 0; i < 20; i++)
		conf[i] = 0.5;
	CU_ASSERT_EQUAL(tly_agree__weights_init(&w, 3, 5, CLASSES, 0, HALF, conf), TLY_EARG);
	CU_ASSERT_EQUAL(tly_agree__weights_init(&w, 3, 5, twice, 2, HALF, conf), TLY_EARG);
	CU_ASSERT_EQUAL(tly_agree__weights_init(&w, 3, 5, far, 2, HALF, conf), TLY_EARG);
	CU_ASSERT_EQUAL(tly_agree__weights_init(&w, 3, 5, CLASSES, 2, bad, conf), TLY_EARG);
	conf[7] = NAN;
	CU_ASSERT_EQUAL(tly_agree__weights_init(&w, 3, 5, CLASSES, 2, HALF, conf), TLY_EARG);
	CU_ASSERT_PTR_NULL(w.class_of);
	tly_agree__weights_clear(&w);
	tly_agree__weights_clear(NULL);
}

/* Run image IM of DS under POLICY with the label model W (may be NULL). */
static void run_weighted(tly_agree_image_result *r, const tly_dataset *ds, uint32_t im,
			 const tly_policy *p, const tly_agree_weights *w, int observe)
{
	tly_agree_context ctx;
	tly_agree_workspace *ws = NULL;

	CHECK_OK(tly_agree_context_init(&ctx, ds, p));
	ctx.weights = w;
	ctx.observe = observe;
	CHECK_OK(tly_agree_workspace_new(&ws));
	CHECK_OK(tly_agree_image(r, ws, &ctx, &ds->images[im], im));
	tly_agree_workspace_free(ws);
	tly_agree_context_clear(&ctx);
}

/* A car [0,0,10,10], B dog [0,0,10,10], C dog [1,0,10,10]: one cluster (B, C IoU 90/110). */
static uint32_t boxes_scene(tly_dataset *ds)
{
	uint32_t im;

	scene_init(ds);
	im = tb_image(ds, "weights.jpg");
	tb_box(ds, im, tb_sub(ds, im, A, TLY_TASK_OBJECTS, 0), CAR, 0, 0, 10, 10);
	tb_box(ds, im, tb_sub(ds, im, B, TLY_TASK_OBJECTS, 0), DOG, 0, 0, 10, 10);
	tb_box(ds, im, tb_sub(ds, im, C, TLY_TASK_OBJECTS, 0), DOG, 1, 0, 10, 10);
	return im;
}

static const tly_agree_annotator *entry(const tly_agree_image_result *r, uint32_t annotator)
{
	size_t i;

	for (i = 0; i < r->n_annotators; i++)
		if (r->annotators[i].annotator == annotator)
			return &r->annotators[i];
	CU_FAIL_FATAL("annotator has no audit entry");
	return NULL;
}

/*
 * The cluster: equal votes give dog 2 of 3; the model gives car (votes 1,
 * confidence 0.8) and B and C are the label mismatches. Leave one out:
 * without B, A car and C dog give car 0.5 x 0.9 x 0.4 = 0.18 against dog
 * 0.5 x 0.1 x 0.6 = 0.03, so B's dog is wrong (tp 0, fp 1, fn 1); with equal
 * votes that pair ties and B has no reference (fp 1, fn 0).
 */
static void test_cluster_vote(void)
{
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	tly_agree_weights w;
	const tly_agree_annotator *b;
	uint32_t im = boxes_scene(&ds);
	size_t i;

	run_weighted(&r, &ds, im, &p, NULL, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].category, DOG);
	CHECK_NEAR(r.cons_objects[0].confidence, 2.0 / 3.0, 1e-15);
	b = entry(&r, B);
	CU_ASSERT(b->vs_consensus.fp == 1 && b->vs_consensus.fn == 0);

	model(&w, HALF, RELIABLE, CARELESS, CARELESS);
	run_weighted(&r, &ds, im, &p, &w, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].category, CAR);
	CU_ASSERT_EQUAL(r.cons_objects[0].votes, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].support, 3);
	CHECK_NEAR(r.cons_objects[0].confidence, 0.8, 1e-15);
	/* the box does not depend on labels: median x of 0, 0, 1 */
	CU_ASSERT(r.cons_objects[0].geom.box.x == 0 && r.cons_objects[0].geom.box.w == 10);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 2);
	for (i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(r.conflicts[i].kind, TLY_CONFLICT_LABEL_MISMATCH);
		CU_ASSERT_EQUAL(r.conflicts[i].annotator, i ? C : B);
		CU_ASSERT_EQUAL(r.conflicts[i].category, DOG);
	}
	b = entry(&r, B);
	CU_ASSERT(b->vs_consensus.tp == 0 && b->vs_consensus.fp == 1 && b->vs_consensus.fn == 1);
	CU_ASSERT(b->vs_consensus.matched == 1 && b->vs_consensus.label_total == 1);
	/* without A, B and C's dog stands (9/13): A's car is the mismatch */
	CU_ASSERT(entry(&r, A)->vs_consensus.tp == 0 && entry(&r, A)->vs_consensus.matched == 1);
	tly_agree_image_result_clear(&r);
	tly_agree__weights_clear(&w);
	tly_dataset_clear(&ds);
}

/*
 * A posterior tie (prior 0.2 / 0.8, posterior 1/2 each) follows vote.tie:
 * review leaves no object and one TIE conflict; first takes car (its name
 * sorts first), confidence 1/2.
 */
static void test_cluster_tie(void)
{
	const double prior[2] = {0.2, 0.8};
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	tly_agree_weights w;
	uint32_t im = boxes_scene(&ds);

	model(&w, prior, RELIABLE, CARELESS, CARELESS);
	run_weighted(&r, &ds, im, &p, &w, 0);
	CU_ASSERT_EQUAL(r.n_cons_objects, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 1);
	CU_ASSERT_EQUAL(r.conflicts[0].kind, TLY_CONFLICT_TIE);
	p.tie = TLY_TIE_FIRST;
	run_weighted(&r, &ds, im, &p, &w, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.cons_objects[0].category, CAR);
	CHECK_NEAR(r.cons_objects[0].confidence, 0.5, 1e-14);
	tly_agree_image_result_clear(&r);
	tly_agree__weights_clear(&w);
	tly_dataset_clear(&ds);
}

/*
 * Image labels A car, B dog, C dog: car with 1 vote, confidence 0.8; B and
 * C each gave dog (EXTRA) and lack car (MISSING). The quorum counts voters
 * who gave a label: a count quorum of 4 (of 3 voters) leaves no consensus.
 */
static void test_label_vote(void)
{
	const uint32_t car = CAR, dog = DOG;
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	tly_agree_weights w;
	uint32_t im;
	size_t i, extra = 0, missing = 0;

	scene_init(&ds);
	im = tb_image(&ds, "labels.jpg");
	scene_labels(&ds, im, A, 0, &car, 1);
	scene_labels(&ds, im, B, 0, &dog, 1);
	scene_labels(&ds, im, C, 0, &dog, 1);
	model(&w, HALF, RELIABLE, CARELESS, CARELESS);
	run_weighted(&r, &ds, im, &p, &w, 0);
	CU_ASSERT_EQUAL_FATAL(r.n_cons_tags, 1);
	CU_ASSERT_EQUAL(r.cons_tags[0].category, CAR);
	CU_ASSERT_EQUAL(r.cons_tags[0].votes, 1);
	CU_ASSERT_EQUAL(r.cons_tags[0].voters, 3);
	CHECK_NEAR(r.cons_tags[0].confidence, 0.8, 1e-15);
	CU_ASSERT_EQUAL_FATAL(r.n_conflicts, 4);
	for (i = 0; i < 4; i++) {
		CU_ASSERT(r.conflicts[i].annotator == B || r.conflicts[i].annotator == C);
		extra += r.conflicts[i].kind == TLY_CONFLICT_EXTRA && r.conflicts[i].category == DOG;
		missing += r.conflicts[i].kind == TLY_CONFLICT_MISSING && r.conflicts[i].category == CAR;
	}
	CU_ASSERT(extra == 2 && missing == 2);
	/* B left out: A car and C dog give car (0.18 against 0.03): B's dog is wrong */
	CU_ASSERT(entry(&r, B)->vs_consensus.fp == 1 && entry(&r, B)->vs_consensus.fn == 1);
	p.quorum.kind = TLY_QUORUM_COUNT;
	p.quorum.count = 4;
	run_weighted(&r, &ds, im, &p, &w, 0);
	CU_ASSERT_EQUAL(r.n_cons_tags, 0);
	tly_agree_image_result_clear(&r);
	tly_agree__weights_clear(&w);
	tly_dataset_clear(&ds);
}

/*
 * The first pass's observations: the cluster is item 0 with its members
 * in voter order (A car, B dog, C dog), the image labels item 1; nothing
 * is recorded unless asked. That pass skips the pairs and the leave-one-out
 * audit (the second pass recomputes everything).
 */
static void test_observe(void)
{
	const uint32_t person = PERSON, dog = DOG;
	tly_dataset ds;
	tly_agree_image_result r = {0};
	tly_policy p = scene_policy();
	uint32_t im = boxes_scene(&ds);
	const uint32_t want[6][3] = {{0, A, CAR}, {0, B, DOG}, {0, C, DOG},
				     {1, A, PERSON}, {1, B, DOG}, {1, C, DOG}};
	size_t i;

	scene_labels(&ds, im, A, 0, &person, 1);
	scene_labels(&ds, im, B, 0, &dog, 1);
	scene_labels(&ds, im, C, 0, &dog, 1);
	run_weighted(&r, &ds, im, &p, NULL, 0);
	CU_ASSERT_EQUAL(r.n_observations, 0);
	run_weighted(&r, &ds, im, &p, NULL, 1);
	/* the first pass leaves out what the second recomputes: pairs, leave-one-out */
	CU_ASSERT_EQUAL(r.n_pairs, 0);
	CU_ASSERT_EQUAL(entry(&r, A)->vs_consensus.images, 0);
	CU_ASSERT_EQUAL(r.n_cons_objects, 1);
	CU_ASSERT_EQUAL(r.n_items, 2);
	CU_ASSERT_EQUAL_FATAL(r.n_observations, 6);
	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(r.observations[i].item, want[i][0]);
		CU_ASSERT_EQUAL(r.observations[i].worker, want[i][1]);
		CU_ASSERT_EQUAL(r.observations[i].label, want[i][2]);
	}
	tly_agree_image_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * At Dawid-Skene's estimate its posteriors are the E-step's, prior x
 * product of confusion entries, normalised: the posterior of the vote
 * must give the same for every item (6 items, 3 workers, 2 classes).
 */
static void test_matches_dawid_skene(void)
{
	static const uint32_t labels[6][3] = {{0, 0, 0}, {0, 1, 1}, {1, 1, 1},
					      {0, 0, 1}, {1, 0, 1}, {1, 1, 0}};
	tly_dawid_skene_observation obs[18];
	tly_dawid_skene_options o = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result d;
	tly_agree_weights w;
	const uint32_t classes[2] = {0, 1}, ann[3] = {0, 1, 2};
	double post[4];
	uint32_t best;
	size_t tied, i, j;

	for (i = 0; i < 6; i++)
		for (j = 0; j < 3; j++) {
			obs[i * 3 + j].item = (uint32_t)i;
			obs[i * 3 + j].worker = (uint32_t)j;
			obs[i * 3 + j].label = labels[i][j];
		}
	o.smoothing = 0.5;
	CHECK_OK(tly_dawid_skene_estimate(&d, obs, 18, 6, 3, 2, &o));
	CHECK_OK(tly_agree__weights_init(&w, 2, 3, classes, 2, d.marginals, d.confusion));
	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(tly_agree__posterior(post, &best, &tied, &w, ann, labels[i], 3), 1);
		CHECK_NEAR(post[0], d.posteriors[i * 2], 1e-12);
		CHECK_NEAR(post[1], d.posteriors[i * 2 + 1], 1e-12);
	}
	tly_agree__weights_clear(&w);
	tly_dawid_skene_result_clear(&d);
}

TLY_TESTS("agree_weights",
	  {"posterior_by_hand", test_posterior_by_hand},
	  {"posterior_tie", test_posterior_tie},
	  {"posterior_zeros", test_posterior_zeros},
	  {"posterior_outside", test_posterior_outside},
	  {"init_errors", test_init_errors},
	  {"cluster_vote", test_cluster_vote},
	  {"cluster_tie", test_cluster_tie},
	  {"label_vote", test_label_vote},
	  {"observe", test_observe},
	  {"matches_dawid_skene", test_matches_dawid_skene})
