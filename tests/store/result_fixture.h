/*
 * A small dataset and a hand-filled tly_result over it, shared by the
 * save/load result tests. The figures are arbitrary but distinct (and some
 * NaN) so a swapped or dropped field shows; they test storage, not voting.
 */
#ifndef TLY_TEST_STORE_RESULT_FIXTURE_H
#define TLY_TEST_STORE_RESULT_FIXTURE_H

#include "store_fixture.h"

/* SHA-256 of RULES_JSON, from Python's hashlib. */
#define RULES_JSON "{\"match\":{\"iou\":0.5}}"
#define RULES_SHA256 "70903eefb6ff051cd9ebb847dd6b311d1151d022e66429aa585e945696231e33"

/*
 * a.jpg (image id 1): ann1 cat [10,10,20,20] (object 1), ann2 cat [11,11,20,20] (2),
 *                     ann3 dog [12,12,20,20] (3)
 * b.jpg (image id 2): ann1 labels day (tag 1), ann2 labels night (tag 2)
 * Annotators ann1..3 = ids 1..3; categories cat 1, dog 2, day 3, night 4.
 */
static inline void write_result_dataset(tly_store *st)
{
	size_t ia, ib, s1, s2, s3, t1, t2;
	tly_geometry g;
	tly_batch b;

	batch_start(&b, "/data/r.json", '9', "coco", 0);
	CHECK_OK(tly_batch_add_image(&ia, &b, "a.jpg", 100, 100, "t"));
	CHECK_OK(tly_batch_add_image(&ib, &b, "b.jpg", 50, 50, "t"));
	CHECK_OK(tly_batch_add_submission(&s1, &b, ia, "ann1", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s2, &b, ia, "ann2", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&s3, &b, ia, "ann3", TLY_TASK_OBJECTS));
	CHECK_OK(tly_batch_add_submission(&t1, &b, ib, "ann1", TLY_TASK_LABELS));
	CHECK_OK(tly_batch_add_submission(&t2, &b, ib, "ann2", TLY_TASK_LABELS));
	g = box(10, 10, 20, 20);
	CHECK_OK(tly_batch_add_object(&b, s1, "cat", &g, 0, NULL, NULL));
	g = box(11, 11, 20, 20);
	CHECK_OK(tly_batch_add_object(&b, s2, "cat", &g, 0, NULL, NULL));
	g = box(12, 12, 20, 20);
	CHECK_OK(tly_batch_add_object(&b, s3, "dog", &g, 0, NULL, NULL));
	CHECK_OK(tly_batch_add_tag(&b, t1, "day"));
	CHECK_OK(tly_batch_add_tag(&b, t2, "night"));
	CHECK_OK(tly_store_write_batch(NULL, st, &b, NULL));
	tly_batch_clear(&b);
}

static inline void set_counts(tly_counts *c, uint64_t base, double iou_sum, uint32_t images)
{
	c->tp = base;
	c->fp = base + 1;
	c->fn = base + 2;
	c->matched = base + 3;
	c->iou_sum = iou_sum;
	c->label_correct = base + 4;
	c->label_total = base + 5;
	c->images = images;
}

/* Fill R (zeroed, owning its arrays) with the sample figures over the dataset above. */
static inline void sample_result(tly_result *r)
{
	tly_cons_object *c;
	tly_conflict *k;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->rules_json = tly_strdup(RULES_JSON);
	r->created_at = tly_strdup("2024-05-01T12:00:00Z");
	r->threads = 2;
	r->seconds_load = 0.25;
	r->seconds_compute = NAN;
	r->seconds_save = 1.5;

	r->n_cons_objects = 1;
	r->cons_objects = tly_calloc(1, sizeof(*r->cons_objects));
	c = &r->cons_objects[0];
	c->image = 0;
	c->category = 0;
	c->geom = box(10.5, 10.5, 20, 20);
	c->support = 3;
	c->votes = 2;
	c->voters = 3;
	c->confidence = 2.0 / 3.0;
	c->agreement = 0.8;
	c->first_member = 0;

	r->n_members = 3;
	r->members = tly_calloc(3, sizeof(*r->members));
	r->members[0] = (tly_cons_member){1, 0, 0, 0.9};
	r->members[1] = (tly_cons_member){2, 1, 0, NAN};
	r->members[2] = (tly_cons_member){3, 2, 1, 0.7};

	r->n_cons_tags = 1;
	r->cons_tags = tly_calloc(1, sizeof(*r->cons_tags));
	r->cons_tags[0] = (tly_cons_tag){1, 2, 1, 2, 0.5};

	r->n_conflicts = 3;
	r->conflicts = tly_calloc(3, sizeof(*r->conflicts));
	k = r->conflicts;
	k[0] = (tly_conflict){0, TLY_CONFLICT_LABEL_MISMATCH, TLY_TASK_OBJECTS, 2, 3, 0, 1, 0.7};
	k[1] = (tly_conflict){1, TLY_CONFLICT_TIE, TLY_TASK_LABELS, UINT32_MAX, 0, -1, UINT32_MAX, NAN};
	k[2] = (tly_conflict){1, TLY_CONFLICT_MISSING, TLY_TASK_LABELS, 1, 0, 0, 2, NAN};

	r->n_images = 2;
	r->images = tly_calloc(2, sizeof(*r->images));
	r->images[0] = (tly_image_stats){0, 3, 0, 0.75, 0.75, NAN, 0, NAN, 0, 1};
	r->images[1] = (tly_image_stats){1, 0, 2, NAN, NAN, 0.5, 0, NAN, 1, 2};

	r->n_annotators = 3;
	r->annotators = tly_calloc(3, sizeof(*r->annotators));
	for (i = 0; i < 3; i++) {
		r->annotators[i].annotator = (uint32_t)i;
		r->annotators[i].images_done = (uint32_t)(2 - i / 2);
		set_counts(&r->annotators[i].vs_consensus, 10 * i, 0.5 + (double)i, (uint32_t)i + 1);
	}
	/* ann2 has gold overlap, with a count past 2^32 to catch 32-bit truncation. */
	set_counts(&r->annotators[1].vs_gold, (uint64_t)1 << 40, 1.75, 1);

	r->n_pairs = 3;
	r->pairs = tly_calloc(3, sizeof(*r->pairs));
	/* cohen_kappa mirrors kappa and kappa_items, as the run leaves it (the store keeps them once) */
	r->pairs[0] = (tly_pair_stats){0, 1, 1, 1, 1, 1, 1.0, 1, NAN, {NAN, {NAN, NAN}, 1},
				       {0.5, {0.25, 0.75}, 2}};
	r->pairs[1] = (tly_pair_stats){0, 2, 1, 0, 1, 1, 0.0, 0, NAN, {NAN, {NAN, NAN}, 0},
				       {NAN, {NAN, NAN}, 0}};
	r->pairs[2] = (tly_pair_stats){1, 2, 1, 0, 1, 1, 0.0, 3, -0.25, {-0.25, {-0.5, 0.125}, 3},
				       {NAN, {NAN, NAN}, (size_t)1 << 40}};

	r->n_classes = 4;
	r->classes = tly_calloc(4, sizeof(*r->classes));
	r->classes[0] = (tly_class_stats){0, 1, 2.0 / 3.0, 0.8, {0.75, {0.5, 1.0}, 7}, {NAN, {NAN, NAN}, 0}};
	r->classes[1] = (tly_class_stats){1, 0, NAN, NAN, {NAN, {NAN, NAN}, 7}, {NAN, {NAN, NAN}, 0}};
	r->classes[2] = (tly_class_stats){2, 1, 0.5, NAN, {-0.125, {-0.5, 0.25}, 7}, {NAN, {NAN, NAN}, 0}};
	r->classes[3] = (tly_class_stats){3, 0, NAN, NAN, {NAN, {NAN, NAN}, 0}, {NAN, {NAN, NAN}, 0}};
	r->fleiss_kappa = (tly_stat){0.625, {0.25, 0.875}, 7};
	r->krippendorff_alpha = (tly_stat){NAN, {NAN, NAN}, 3};
	r->krippendorff_alpha_iou = (tly_stat){0.375, {0.125, 0.5}, 5};
}

/* Runs VALUE[i] x LEN[i] (N of them, W x H) into *m (the result's to free). */
static inline void make_runs(tly_labelmap *m, uint32_t w, uint32_t h, const uint32_t *value, const uint32_t *len,
			     size_t n)
{
	tly_labelmap_init(m);
	m->value = tly_calloc(n, sizeof(*m->value));
	m->len = tly_calloc(n, sizeof(*m->len));
	CU_ASSERT_FATAL(m->value && m->len);
	memcpy(m->value, value, n * sizeof(*value));
	memcpy(m->len, len, n * sizeof(*len));
	m->w = w;
	m->h = h;
	m->n = n;
}

/*
 * The label-map part of the sample, over the same dataset (a.jpg 100 x 100,
 * b.jpg 50 x 50; categories cat 0, dog 1, day 2, night 3). Runs sum to the
 * image's pixels: 5000 + 1000 + 4000 = 10000, 2500 = 50 x 50.
 *   cons_maps[0] a.jpg: 3 voters, panoptic, 1000 tied: cat x5000, ignore x1000, dog x4000;
 *                confidence 255 x5000, 0 x1000, 170 x4000
 *   cons_maps[1] b.jpg: 2 voters, semantic: night x2500; confidence 255 x2500
 * Counts by (annotator, ref, category), one past 2^32 (2^40) to catch truncation.
 * Semantic STAPLE rates by (annotator, category): (0, cat) 2 images, in 5000
 * at 0.75, out 15000 at 0.875; (0, dog) 1 image, in 0 (sensitivity NaN), out
 * 10000 at 1; (2, night) 1 image, in 2^40 at 0.1, out 0 (specificity NaN).
 */
static inline void add_map_results(tly_result *r)
{
	static const uint32_t v0[] = {0, TLY_LABEL_IGNORE, 1}, l0[] = {5000, 1000, 4000}, c0[] = {255, 0, 170};
	static const uint32_t v1[] = {3}, l1[] = {2500}, c1[] = {255};

	r->cons_objects[0].iscrowd = 1;
	r->images[0].voters_maps = 3;
	r->images[0].agreement_maps = 0.375;
	r->images[1].voters_maps = 2;
	r->images[1].agreement_maps = NAN;
	r->n_cons_maps = 2;
	r->cons_maps = tly_calloc(2, sizeof(*r->cons_maps));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->cons_maps);
	r->cons_maps[0].image = 0;
	r->cons_maps[0].voters = 3;
	r->cons_maps[0].panoptic = 1;
	r->cons_maps[0].tied_pixels = 1000;
	make_runs(&r->cons_maps[0].map, 100, 100, v0, l0, 3);
	make_runs(&r->cons_maps[0].confidence, 100, 100, c0, l0, 3);
	r->cons_maps[1].image = 1;
	r->cons_maps[1].voters = 2;
	make_runs(&r->cons_maps[1].map, 50, 50, v1, l1, 1);
	make_runs(&r->cons_maps[1].confidence, 50, 50, c1, l1, 1);

	r->n_pixel_counts = 4;
	r->pixel_counts = tly_calloc(4, sizeof(*r->pixel_counts));
	r->pixel_counts[0] = (tly_pixel_counts){0, TLY_REF_CONSENSUS, 0, 4000, 500, 1000};
	r->pixel_counts[1] = (tly_pixel_counts){0, TLY_REF_GOLD, 1, (uint64_t)1 << 40, 0, 3};
	r->pixel_counts[2] = (tly_pixel_counts){1, TLY_REF_CONSENSUS, 0, 4500, 0, 500};
	r->pixel_counts[3] = (tly_pixel_counts){2, TLY_REF_CONSENSUS, 3, 1, 2, 3};
	r->n_pixel_audits = 3;
	r->pixel_audits = tly_calloc(3, sizeof(*r->pixel_audits));
	r->pixel_audits[0] = (tly_pixel_audit){0, TLY_REF_CONSENSUS, 2, 9000, 9500};
	r->pixel_audits[1] = (tly_pixel_audit){0, TLY_REF_GOLD, 1, 4000, 9000};
	r->pixel_audits[2] = (tly_pixel_audit){1, TLY_REF_CONSENSUS, 1, 4500, 9000};
	r->n_map_pairs = 3;
	r->map_pairs = tly_calloc(3, sizeof(*r->map_pairs));
	r->map_pairs[0] = (tly_map_pair){0, 1, 2, 0.5};
	r->map_pairs[1] = (tly_map_pair){0, 2, 1, NAN};
	r->map_pairs[2] = (tly_map_pair){1, 2, 1, 0.25};
	r->n_panoptic = 2;
	r->panoptic = tly_calloc(2, sizeof(*r->panoptic));
	r->panoptic[0] = (tly_panoptic_counts){0, TLY_REF_GOLD, 0, 1, 0, 1, 0.8125};
	r->panoptic[1] = (tly_panoptic_counts){1, TLY_REF_CONSENSUS, 1, 0, 2, 0, 0.0};
	r->n_map_staple_rates = 3;
	r->map_staple_rates = tly_calloc(3, sizeof(*r->map_staple_rates));
	CU_ASSERT_FATAL(r->pixel_counts && r->pixel_audits && r->map_pairs && r->panoptic && r->map_staple_rates);
	r->map_staple_rates[0] = (tly_map_staple_rate){0, 0, 2, 5000, 0.75, 15000, 0.875};
	r->map_staple_rates[1] = (tly_map_staple_rate){0, 1, 1, 0, NAN, 10000, 1};
	r->map_staple_rates[2] = (tly_map_staple_rate){2, 3, 1, (uint64_t)1 << 40, 0.1, 0, NAN};
	/* Fleiss' kappa over the maps' pixels: a run-wide row and class columns (version 10) */
	r->fleiss_kappa_maps = (tly_stat){0.5625, {0.375, 0.6875}, 12500};
	r->classes[0].fleiss_kappa_maps = (tly_stat){0.25, {-0.125, 0.5}, 12500};
	r->classes[1].fleiss_kappa_maps = (tly_stat){NAN, {NAN, NAN}, 12500};
	r->classes[3].fleiss_kappa_maps = (tly_stat){1.0, {NAN, NAN}, (size_t)1 << 40};
}

/* Doubles equal, or both NaN (NaN means undefined and round-trips as NULL). */
#define CHECK_SAME(a, b)                                                                  \
	do {                                                                              \
		double x_ = (a), y_ = (b);                                                \
		if (!((isnan(x_) && isnan(y_)) || x_ == y_))                              \
			fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g\n", __FILE__,  \
				__LINE__, #a, x_, y_);                                    \
		CU_ASSERT((isnan(x_) && isnan(y_)) || x_ == y_);                          \
	} while (0)

#endif
