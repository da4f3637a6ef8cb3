/*
 * A small run built by hand, shared by the report and export tests, and a
 * golden-file comparison. The golden files in fixtures/report/ were written
 * from the story below, not from program output; each number's derivation
 * is beside the value that produces it.
 *
 * Story. Categories: 0 "dog", 1 "cat" (dog seen first, so id order differs
 * from name order). Annotators: 0 alice, 1 bob, 2 `eve "e", <x> & 'y'`
 * (every character JSON, CSV and HTML must escape), 3 expert (gold only).
 * Image 0 "a.jpg" 640x480, objects task, voters alice, bob, eve (expert is
 * gold): one consensus "cat" box from alice/bob/eve's boxes, and a second
 * cluster alice "dog" (object 4) / bob "cat" (object 6) that ties 1-1
 * (vote.tie review: a TIE conflict with those two votes, image flagged). Image 1 "b,1.png" (size unknown), labels task:
 * eve alone says {cat, dog}; one voter, so its agreement is undefined (NaN).
 */
#ifndef TLY_TEST_REPORT_SAMPLE_H
#define TLY_TEST_REPORT_SAMPLE_H

#include <string.h>

#include "harness.h"
#include "tally/dataset.h"
#include "tally/result.h"
#include "util/alloc.h"
#include "util/buf.h"

#define SAMPLE_UNUSED __attribute__((unused))

/* A statistic computed from no unit: undefined (the renderers write null). */
#define SAMPLE_NO_STAT {NAN, {NAN, NAN}, 0}
#define SAMPLE_EVE "eve \"e\", <x> & 'y'"
#define SAMPLE_RULES                                                                        \
	"{\"match\":{\"iou\":0.5,\"class_aware\":false},\"vote\":{\"quorum\":\"majority\","    \
	"\"tie\":\"review\",\"box\":\"median\",\"weights\":\"equal\"},\"report\":"             \
	"{\"low_overlap\":0.5},\"review\":{\"min_agreement\":0.5}}"

/* Every table tly_report_write writes for --format csv, in its order. */
static SAMPLE_UNUSED const char *const sample_csv_tables[] = {
	"images.csv", "annotators.csv", "pairs.csv", "classes.csv", "conflicts.csv",
	"tie_votes.csv", "statistics.csv", "map_audits.csv", "semantic.csv", "panoptic.csv", "map_pairs.csv",
	"periods.csv", "leaderboard.csv", "reliability.csv", "reliability_confusion.csv"};
#define SAMPLE_CSV_TABLES (sizeof(sample_csv_tables) / sizeof(sample_csv_tables[0]))

static SAMPLE_UNUSED tly_box sample_box(double x, double y, double w, double h)
{
	tly_box b = {x, y, w, h};
	return b;
}

static SAMPLE_UNUSED void sample_named(tly_named **out, size_t *n, const char *const *names,
					const int64_t *ids, size_t count)
{
	size_t i;

	*out = tly_calloc(count, sizeof(**out));
	CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
	for (i = 0; i < count; i++) {
		(*out)[i].id = ids[i];
		(*out)[i].name = tly_strdup(names[i]);
	}
	*n = count;
}

static SAMPLE_UNUSED void sample_object(tly_object *o, int64_t id, uint32_t sub, uint32_t ann,
					 uint32_t cat, tly_box box)
{
	o->id = id;
	o->sub = sub;
	o->annotator = ann;
	o->category = cat;
	o->geom.kind = TLY_GEOM_BOX;
	o->geom.box = box;
}

static SAMPLE_UNUSED void sample_dataset(tly_dataset *ds)
{
	static const char *const cats[] = {"dog", "cat"};
	static const int64_t cat_ids[] = {31, 32};
	static const char *const anns[] = {"alice", "bob", SAMPLE_EVE, "expert"};
	static const int64_t ann_ids[] = {11, 12, 13, 14};
	tly_image *a, *b;

	memset(ds, 0, sizeof(*ds));
	sample_named(&ds->categories, &ds->n_categories, cats, cat_ids, 2);
	sample_named(&ds->annotators, &ds->n_annotators, anns, ann_ids, 4);
	ds->images = tly_calloc(2, sizeof(tly_image));
	CU_ASSERT_PTR_NOT_NULL_FATAL(ds->images);
	ds->n_images = 2;
	a = &ds->images[0];
	a->id = 101;
	a->name = tly_strdup("a.jpg");
	a->width = 640;
	a->height = 480;
	a->subs = tly_calloc(4, sizeof(tly_submission));
	a->n_subs = 4;
	/* Times (sample_periods): 2024-05-06T09:30:00Z, 2024-05-07T10:00:00Z (ingested),
	 * 2024-05-12T23:00:00Z, 2024-05-06T08:00:00Z; b,1.png 2024-05-13T08:00:00Z. */
	a->subs[0] = (tly_submission){201, 0, TLY_TASK_OBJECTS, 0, 1714987800, 1};
	a->subs[1] = (tly_submission){202, 1, TLY_TASK_OBJECTS, 0, 1715076000, 0};
	a->subs[2] = (tly_submission){203, 2, TLY_TASK_OBJECTS, 0, 1715554800, 1};
	a->subs[3] = (tly_submission){204, 3, TLY_TASK_OBJECTS, 1, 1714982400, 1};
	a->objs = tly_calloc(7, sizeof(tly_object));
	a->n_objs = 7;
	sample_object(&a->objs[0], 1, 0, 0, 1, sample_box(10.5, 20.25, 100, 100));
	sample_object(&a->objs[1], 2, 1, 1, 1, sample_box(10.5, 20.25, 100, 75));
	sample_object(&a->objs[2], 3, 2, 2, 0, sample_box(10.5, 20.25, 100, 200));
	sample_object(&a->objs[3], 4, 0, 0, 0, sample_box(300, 300, 20, 20));
	sample_object(&a->objs[4], 5, 3, 3, 1, sample_box(10.5, 20.25, 100, 100));
	sample_object(&a->objs[5], 6, 1, 1, 1, sample_box(300, 300, 20, 20));
	sample_object(&a->objs[6], 7, 3, 3, 1, sample_box(300, 300, 20, 20));
	b = &ds->images[1];
	b->id = 102;
	b->name = tly_strdup("b,1.png");
	b->subs = tly_calloc(1, sizeof(tly_submission));
	b->n_subs = 1;
	b->subs[0] = (tly_submission){205, 2, TLY_TASK_LABELS, 0, 1715587200, 1};
	b->tags = tly_calloc(2, sizeof(tly_tag));
	b->n_tags = 2;
	b->tags[0] = (tly_tag){8, 0, 2, 1};
	b->tags[1] = (tly_tag){9, 0, 2, 0};
}

/* What a run makes of the dataset above (figures derived in the comments). */
static SAMPLE_UNUSED void sample_consensus(tly_result *r)
{
	r->cons_objects = tly_calloc(1, sizeof(tly_cons_object));
	r->n_cons_objects = 1;
	/*
	 * Median corners of alice [10.5,20.25,100,100], bob [..,100,75], eve
	 * [..,100,200]: x2 = 110.5, y2 = median(120.25, 95.25, 220.25) = 120.25,
	 * so the box is alice's. cat has 2 of the 3 voters: confidence 2/3.
	 * IoU to it: alice 1, bob 7500/10000 = 0.75, eve 10000/20000 = 0.5;
	 * agreement = (1 + 0.75 + 0.5)/3 = 0.75.
	 */
	r->cons_objects[0] = (tly_cons_object){0, 1, {TLY_GEOM_BOX, {10.5, 20.25, 100, 100}, NULL},
					       3, 2, 3, 2.0 / 3.0, 0.75, 0, 0};
	r->members = tly_calloc(3, sizeof(tly_cons_member));
	r->n_members = 3;
	r->members[0] = (tly_cons_member){1, 0, 1, 1.0};
	r->members[1] = (tly_cons_member){2, 1, 1, 0.75};
	r->members[2] = (tly_cons_member){3, 2, 0, 0.5};
	/* b,1.png: eve's two labels, each 1 of 1 voter (kept in category order: dog, cat). */
	r->cons_tags = tly_calloc(2, sizeof(tly_cons_tag));
	r->n_cons_tags = 2;
	r->cons_tags[0] = (tly_cons_tag){1, 0, 1, 1, 1.0};
	r->cons_tags[1] = (tly_cons_tag){1, 1, 1, 1, 1.0};
	r->conflicts = tly_calloc(2, sizeof(tly_conflict));
	r->n_conflicts = 2;
	r->conflicts[0] = (tly_conflict){0, TLY_CONFLICT_LABEL_MISMATCH, TLY_TASK_OBJECTS, 2, 3, 0, 0, 0.5};
	r->conflicts[1] = (tly_conflict){0, TLY_CONFLICT_TIE, TLY_TASK_OBJECTS, UINT32_MAX, 0, -1,
					 UINT32_MAX, NAN};
	/* The tie's votes, by annotator: alice's object 4 "dog", bob's object 6 "cat". */
	r->tie_votes = tly_calloc(2, sizeof(tly_tie_vote));
	r->n_tie_votes = 2;
	r->tie_votes[0] = (tly_tie_vote){1, 4, 0, 0};
	r->tie_votes[1] = (tly_tie_vote){1, 6, 1, 1};
}

static SAMPLE_UNUSED tly_counts sample_counts(uint64_t tp, uint64_t fp, uint64_t fn, uint64_t matched,
					      double iou_sum, uint64_t correct, uint64_t total,
					      uint32_t images)
{
	tly_counts c = {tp, fp, fn, matched, iou_sum, correct, total, images};
	return c;
}

static SAMPLE_UNUSED void sample_figures(tly_result *r)
{
	r->images = tly_calloc(2, sizeof(tly_image_stats));
	r->n_images = 2;
	/*
	 * a.jpg pair F1s at IoU 0.5: alice/bob pair 1-2 (cat, IoU 0.75) and 4-6
	 * (dog/cat): tp 1, 2*1/(2+2) = 0.5; alice/eve 1-3 IoU 0.5, labels differ:
	 * 0; bob/eve 2-3 IoU 7500/20000 < 0.5: 0. Mean 0.5/3; no labels task.
	 */
	r->images[0] = (tly_image_stats){0, 3, 0, 0.5 / 3.0, 0.5 / 3.0, NAN, 0, NAN, 1, 2};
	r->images[1] = (tly_image_stats){1, 0, 1, NAN, NAN, NAN, 0, NAN, 0, 0};
	r->annotators = tly_calloc(4, sizeof(tly_annotator_stats));
	r->n_annotators = 4;
	/* Leave-one-out on a.jpg: alice's and bob's others form no accepted cluster (fp 2). */
	r->annotators[0] = (tly_annotator_stats){0, 1, sample_counts(0, 2, 0, 0, 0, 0, 0, 1),
						 sample_counts(1, 1, 1, 2, 2.0, 1, 2, 1)};
	r->annotators[1] = (tly_annotator_stats){1, 1, sample_counts(0, 2, 0, 0, 0, 0, 0, 1),
						 sample_counts(2, 0, 0, 2, 1.75, 2, 2, 1)};
	/* eve vs alice+bob's cat [.., 100, 87.5]: IoU 0.4375, unmatched; b,1.png skipped (no others). */
	r->annotators[2] = (tly_annotator_stats){2, 2, sample_counts(0, 1, 1, 0, 0, 0, 0, 1),
						 sample_counts(0, 1, 2, 1, 0.5, 0, 1, 1)};
	r->annotators[3] = (tly_annotator_stats){3, 0, sample_counts(0, 0, 0, 0, 0, 0, 0, 0),
						 sample_counts(0, 0, 0, 0, 0, 0, 0, 0)};
	r->pairs = tly_calloc(3, sizeof(tly_pair_stats));
	r->n_pairs = 3;
	/*
	 * No labels kappa (no shared labels image); the objects kappa as a run
	 * leaves it: alice-bob matched cat~cat once (one item, both constant:
	 * undefined over 1), the others nothing. Stored figures, not derived.
	 */
	r->pairs[0] = (tly_pair_stats){0, 1, 1, 1, 2, 2, 0.5, 0, NAN, SAMPLE_NO_STAT, {NAN, {NAN, NAN}, 1}};
	r->pairs[1] = (tly_pair_stats){0, 2, 1, 0, 2, 1, 0.0, 0, NAN, SAMPLE_NO_STAT, SAMPLE_NO_STAT};
	r->pairs[2] = (tly_pair_stats){1, 2, 1, 0, 2, 1, 0.0, 0, NAN, SAMPLE_NO_STAT, SAMPLE_NO_STAT};
	r->classes = tly_calloc(2, sizeof(tly_class_stats));
	r->n_classes = 2;
	/* dog: eve's label on b,1.png; cat: the box (2/3) and the label (1). */
	r->classes[0] = (tly_class_stats){0, 1, 1.0, NAN, {-0.25, {-0.5, 0.5}, 3}, {NAN, {NAN, NAN}, 0}};
	r->classes[1] = (tly_class_stats){1, 2, (2.0 / 3.0 + 1.0) / 2.0, 0.75, {NAN, {NAN, NAN}, 3}, {NAN, {NAN, NAN}, 0}};
	/* Stored figures, as a loaded run holds them: defined and undefined ones. */
	r->fleiss_kappa = (tly_stat){0.5, {0.25, 0.75}, 3};
	r->krippendorff_alpha = (tly_stat){NAN, {NAN, NAN}, 2};
	r->krippendorff_alpha_iou = (tly_stat){0.125, {-0.375, 0.625}, 4};
}

/*
 * The audit by ISO week, each image dated by the annotator's submission
 * (times in sample_dataset; `date -u -d @T +%F %A`): alice a.jpg Monday
 * 2024-05-06; bob a.jpg Tuesday 2024-05-07 (by ingest time); eve a.jpg
 * Sunday 2024-05-12 (still the week of 05-06), b,1.png Monday 2024-05-13.
 * a.jpg holds each one's whole audit above; eve's b,1.png was compared
 * with nothing (no other voter, no gold): a row of zeros. expert never voted.
 */
static SAMPLE_UNUSED void sample_periods(tly_result *r)
{
	tly_annotator_period *p;
	size_t i;

	r->period_days = 7;
	r->annotator_periods = tly_calloc(4, sizeof(tly_annotator_period));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->annotator_periods);
	r->n_annotator_periods = 4;
	p = r->annotator_periods;
	for (i = 0; i < 3; i++) {
		p[i].annotator = (uint32_t)i;
		memcpy(p[i].period, "2024-05-06", 11);
		p[i].images = 1;
		p[i].vs_consensus = r->annotators[i].vs_consensus;
		p[i].vs_gold = r->annotators[i].vs_gold;
	}
	p[1].ingest_dated = 1;
	p[3].annotator = 2;
	memcpy(p[3].period, "2024-05-13", 11);
	p[3].images = 1;
}

static SAMPLE_UNUSED void sample_build(tly_dataset *ds, tly_result *r)
{
	sample_dataset(ds);
	memset(r, 0, sizeof(*r));
	r->run_id = 7;
	r->rules_json = tly_strdup(SAMPLE_RULES);
	memcpy(r->rules_sha256, "02a3514196515ac1c69576b6f1172959174f6fc70b1d8c8f6e6b37a07b973edd", 65);
	r->created_at = tly_strdup("2024-05-01T12:00:00Z");
	r->threads = 2;
	r->seconds_load = 0.25;
	r->seconds_compute = 1.5;
	r->seconds_save = 0.125;
	sample_consensus(r);
	sample_figures(r);
	sample_periods(r);
}

/*
 * The sample as a run under rules that alias "kitty" to cat would leave
 * it, had a file said "kitty": category 2 "kitty" (store id 33), retired
 * by tly_run_prepare, unused, its class row of support 0 (its statistics
 * given values, so a row that leaked would show). Every report of it must
 * be the sample's report, byte for byte: retired categories are in no
 * list and no count.
 */
static SAMPLE_UNUSED void sample_retire(tly_dataset *ds, tly_result *r)
{
	tly_named *c = tly_reallocarray(ds->categories, 3, sizeof(*c));
	tly_class_stats *k = tly_reallocarray(r->classes, 3, sizeof(*k));

	CU_ASSERT_FATAL(c && k);
	ds->categories = c;
	r->classes = k;
	c[2].id = 33;
	c[2].name = tly_strdup("kitty");
	ds->n_categories = 3;
	ds->category_retired = tly_calloc(3, 1);
	CU_ASSERT_FATAL(c[2].name && ds->category_retired);
	ds->category_retired[2] = 1;
	k[2] = (tly_class_stats){2, 0, NAN, NAN, {0.5, {0.25, 0.75}, 3}, {0.5, {0.25, 0.75}, 3}};
	r->n_classes = 3;
}

/* Compare GOT with the golden file PATH, printing the first differing line. */
static SAMPLE_UNUSED void check_golden(const char *got, size_t len, const char *path)
{
	tly_buf want = TLY_BUF_INIT;
	size_t i = 0, line = 1, start = 0;

	CHECK_OK(tly_buf_read_file(&want, path, (size_t)1 << 24));
	while (i < len && i < want.size && got[i] == want.ptr[i]) {
		if (got[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	if (i != len || i != want.size) {
		size_t ge = start, we = start;

		while (ge < len && got[ge] != '\n')
			ge++;
		while (we < want.size && want.ptr[we] != '\n')
			we++;
		fprintf(stderr, "%s:%zu: differs at column %zu\n  got:  %.*s\n  want: %.*s\n", path,
			line, i - start + 1, (int)(ge - start), got + start, (int)(we - start),
			want.ptr + start);
	}
	CU_ASSERT_EQUAL(len, want.size);
	CU_ASSERT(len == want.size && memcmp(got, want.ptr, len) == 0);
	tly_buf_clear(&want);
}

#endif
