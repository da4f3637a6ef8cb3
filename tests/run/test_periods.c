/*
 * The audit over time (src/run/periods.c) through tly_run_compute: a
 * hand-built run of two annotators over two ISO weeks with every count
 * worked out by hand, the same run by day and with report.period "none",
 * rows that add up to the annotators' totals, and identical rows for 1, 2
 * and 4 threads on a generated data set.
 */
#include <string.h>

#include "agree/builder.h"
#include "harness.h"
#include "run/gen.h"
#include "tally/rules.h"
#include "tally/run.h"

/*
 * Times (`date -u -d TIME +%s`; weekdays from `+%A`):
 *   MON1 2024-05-06T09:30:00Z 1714987800 Monday    (ISO week of 2024-05-06)
 *   SUN1 2024-05-12T23:59:59Z 1715558399 Sunday    (same week, its last second)
 *   MON2 2024-05-13T00:00:00Z 1715558400 Monday    (week of 2024-05-13)
 *   MON2B 2024-05-13T01:00:00Z 1715562000
 *   WED2 2024-05-15T12:00:00Z 1715774400 Wednesday (week of 2024-05-13)
 */
#define MON1 INT64_C(1714987800)
#define SUN1 INT64_C(1715558399)
#define MON2 INT64_C(1715558400)
#define MON2B INT64_C(1715562000)
#define WED2 INT64_C(1715774400)

enum { ANN, BOB, GOLD };
enum { CAT, DOG };

static uint32_t sub_at(tly_dataset *ds, uint32_t image, uint32_t who, tly_task task, int gold, int64_t t,
		       int from_file)
{
	uint32_t s = tb_sub(ds, image, who, task, gold);

	ds->images[image].subs[s].time = t;
	ds->images[image].subs[s].time_submitted = from_file;
	return s;
}

/*
 * With two voters, each one's leave-one-out consensus is the other's work.
 * Every box is [0, 0, 10, 10], so matched pairs have IoU 1.
 *   a.jpg  ann cat (MON1), bob cat (MON2), gold cat.
 *          ann vs bob: tp 1, matched 1, labels 1/1; vs gold the same. bob alike.
 *   b.jpg  ann dog (SUN1), bob cat (WED2), gold cat.
 *          ann vs bob: the cross-label pass pairs dog with cat: tp 0, fp 1, fn 1,
 *          matched 1, labels 0/1; vs gold (cat) the same.
 *          bob vs ann: the same; bob vs gold: tp 1, matched 1, labels 1/1.
 *   c.jpg  labels only: ann {cat} dated by its ingest time (MON2B), bob {dog} (MON1).
 *          each vs the other: tp 0, fp 1, fn 1, labels 0/1 (sets differ); no gold.
 *   d.jpg  both tasks: objects empty for both, labels {cat} for both. The objects
 *          submission dates the image: ann WED2 (its labels say MON1), bob SUN1
 *          (its labels say WED2). Objects add nothing; labels tp 1, labels 1/1.
 */
static void build(tly_dataset *ds)
{
	static const char *const who[] = {"ann", "bob", "gold"};
	static const char *const labels[] = {"cat", "dog"};
	uint32_t a = 0, b = 1, c = 2, d = 3, s;

	tb_init(ds, who, 3, labels, 2);
	CU_ASSERT_EQUAL_FATAL(tb_image(ds, "a.jpg"), a);
	s = sub_at(ds, a, ANN, TLY_TASK_OBJECTS, 0, MON1, 1);
	tb_box(ds, a, s, CAT, 0, 0, 10, 10);
	s = sub_at(ds, a, BOB, TLY_TASK_OBJECTS, 0, MON2, 1);
	tb_box(ds, a, s, CAT, 0, 0, 10, 10);
	s = sub_at(ds, a, GOLD, TLY_TASK_OBJECTS, 1, MON1, 1);
	tb_box(ds, a, s, CAT, 0, 0, 10, 10);

	CU_ASSERT_EQUAL_FATAL(tb_image(ds, "b.jpg"), b);
	s = sub_at(ds, b, ANN, TLY_TASK_OBJECTS, 0, SUN1, 1);
	tb_box(ds, b, s, DOG, 0, 0, 10, 10);
	s = sub_at(ds, b, BOB, TLY_TASK_OBJECTS, 0, WED2, 1);
	tb_box(ds, b, s, CAT, 0, 0, 10, 10);
	s = sub_at(ds, b, GOLD, TLY_TASK_OBJECTS, 1, MON1, 1);
	tb_box(ds, b, s, CAT, 0, 0, 10, 10);

	CU_ASSERT_EQUAL_FATAL(tb_image(ds, "c.jpg"), c);
	s = sub_at(ds, c, ANN, TLY_TASK_LABELS, 0, MON2B, 0);
	tb_tag(ds, c, s, CAT);
	s = sub_at(ds, c, BOB, TLY_TASK_LABELS, 0, MON1, 1);
	tb_tag(ds, c, s, DOG);

	CU_ASSERT_EQUAL_FATAL(tb_image(ds, "d.jpg"), d);
	sub_at(ds, d, ANN, TLY_TASK_OBJECTS, 0, WED2, 1);
	s = sub_at(ds, d, ANN, TLY_TASK_LABELS, 0, MON1, 1);
	tb_tag(ds, d, s, CAT);
	sub_at(ds, d, BOB, TLY_TASK_OBJECTS, 0, SUN1, 1);
	s = sub_at(ds, d, BOB, TLY_TASK_LABELS, 0, WED2, 1);
	tb_tag(ds, d, s, CAT);
}

static void compute(tly_result *r, const tly_dataset *ds, const char *rules_text, int threads)
{
	tly_rules *rules = NULL;
	tly_run_options o = TLY_RUN_OPTIONS_INIT;

	CHECK_OK(tly_rules_parse(&rules, rules_text, strlen(rules_text), "test"));
	o.threads = threads;
	CHECK_OK(tly_run_compute(r, ds, rules, &o));
	tly_rules_free(rules);
}

/* Expected counts: tp, fp, fn, matched, iou_sum, label_correct, label_total, images. */
static void check_counts(const tly_counts *c, uint64_t tp, uint64_t fp, uint64_t fn, uint64_t matched,
			 double iou_sum, uint64_t label_correct, uint64_t label_total, uint32_t images)
{
	CU_ASSERT_EQUAL(c->tp, tp);
	CU_ASSERT_EQUAL(c->fp, fp);
	CU_ASSERT_EQUAL(c->fn, fn);
	CU_ASSERT_EQUAL(c->matched, matched);
	CHECK_NEAR(c->iou_sum, iou_sum, 1e-12);
	CU_ASSERT_EQUAL(c->label_correct, label_correct);
	CU_ASSERT_EQUAL(c->label_total, label_total);
	CU_ASSERT_EQUAL(c->images, images);
}

static void check_row(const tly_annotator_period *p, uint32_t annotator, const char *period, uint32_t images,
		      uint32_t ingest_dated)
{
	CU_ASSERT_EQUAL(p->annotator, annotator);
	CU_ASSERT_STRING_EQUAL(p->period, period);
	CU_ASSERT_EQUAL(p->images, images);
	CU_ASSERT_EQUAL(p->ingest_dated, ingest_dated);
}

/*
 * By week, summing the images above by the week of their dating submission:
 *   ann 2024-05-06: a.jpg (MON1), b.jpg (SUN1)
 *       consensus tp 1+0, fp 0+1, fn 0+1, matched 2, iou 2, labels 1/2; gold the same
 *   ann 2024-05-13: c.jpg (MON2B, ingest-dated), d.jpg (WED2)
 *       consensus tp 0+1, fp 1+0, fn 1+0, matched 0, labels 0/1 + 1/1; no gold
 *   bob 2024-05-06: c.jpg (MON1), d.jpg (SUN1): as ann's second week
 *   bob 2024-05-13: a.jpg (MON2), b.jpg (WED2)
 *       consensus tp 1+0, fp 0+1, fn 0+1, matched 2, iou 2, labels 1/2
 *       gold tp 1+1, fp 0, fn 0, matched 2, iou 2, labels 2/2
 * gold never votes: no rows.
 */
static void test_two_weeks(void)
{
	tly_dataset ds;
	tly_result r;
	const tly_annotator_period *p;

	build(&ds);
	compute(&r, &ds, "{\"report\": {\"period\": \"week\"}}", 1);
	CU_ASSERT_EQUAL(r.period_days, 7);
	CU_ASSERT_EQUAL_FATAL(r.n_annotator_periods, 4);
	p = r.annotator_periods;
	check_row(&p[0], ANN, "2024-05-06", 2, 0);
	check_counts(&p[0].vs_consensus, 1, 1, 1, 2, 2.0, 1, 2, 2);
	check_counts(&p[0].vs_gold, 1, 1, 1, 2, 2.0, 1, 2, 2);
	check_row(&p[1], ANN, "2024-05-13", 2, 1);
	check_counts(&p[1].vs_consensus, 1, 1, 1, 0, 0.0, 1, 2, 2);
	check_counts(&p[1].vs_gold, 0, 0, 0, 0, 0.0, 0, 0, 0);
	check_row(&p[2], BOB, "2024-05-06", 2, 0);
	check_counts(&p[2].vs_consensus, 1, 1, 1, 0, 0.0, 1, 2, 2);
	check_counts(&p[2].vs_gold, 0, 0, 0, 0, 0.0, 0, 0, 0);
	check_row(&p[3], BOB, "2024-05-13", 2, 0);
	check_counts(&p[3].vs_consensus, 1, 1, 1, 2, 2.0, 1, 2, 2);
	check_counts(&p[3].vs_gold, 2, 0, 0, 2, 2.0, 2, 2, 2);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

/*
 * By day: ann a.jpg 05-06, b.jpg 05-12, c.jpg 05-13 (ingest), d.jpg 05-15;
 * bob c.jpg 05-06, d.jpg 05-12, a.jpg 05-13, b.jpg 05-15. One image a row.
 */
static void test_days(void)
{
	static const char *const days[4] = {"2024-05-06", "2024-05-12", "2024-05-13", "2024-05-15"};
	tly_dataset ds;
	tly_result r;
	const tly_annotator_period *p;
	size_t i;

	build(&ds);
	compute(&r, &ds, "{\"report\": {\"period\": \"day\"}}", 1);
	CU_ASSERT_EQUAL(r.period_days, 1);
	CU_ASSERT_EQUAL_FATAL(r.n_annotator_periods, 8);
	p = r.annotator_periods;
	for (i = 0; i < 8; i++)
		check_row(&p[i], i < 4 ? ANN : BOB, days[i % 4], 1, i == 2 ? 1u : 0u);
	/* ann 05-12 is b.jpg: tp 0, fp 1, fn 1, matched 1, labels 0/1, against both references */
	check_counts(&p[1].vs_consensus, 0, 1, 1, 1, 1.0, 0, 1, 1);
	check_counts(&p[1].vs_gold, 0, 1, 1, 1, 1.0, 0, 1, 1);
	/* bob 05-15 is b.jpg: against gold's cat, tp 1, labels 1/1 */
	check_counts(&p[7].vs_gold, 1, 0, 0, 1, 1.0, 1, 1, 1);
	/* bob 05-12 is d.jpg (dated by its objects, SUN1): labels tp 1 */
	check_counts(&p[5].vs_consensus, 1, 0, 0, 0, 0.0, 1, 1, 1);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void test_none(void)
{
	tly_dataset ds;
	tly_result r;

	build(&ds);
	compute(&r, &ds, "{\"report\": {\"period\": \"none\"}}", 1);
	CU_ASSERT_EQUAL(r.period_days, 0);
	CU_ASSERT_EQUAL(r.n_annotator_periods, 0);
	CU_ASSERT_PTR_NULL(r.annotator_periods);
	/* the totals are there all the same */
	CU_ASSERT_EQUAL(r.annotators[ANN].vs_consensus.tp, 2);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void add_counts(tly_counts *dst, const tly_counts *src)
{
	dst->tp += src->tp;
	dst->fp += src->fp;
	dst->fn += src->fn;
	dst->matched += src->matched;
	dst->iou_sum += src->iou_sum;
	dst->label_correct += src->label_correct;
	dst->label_total += src->label_total;
	dst->images += src->images;
}

static void same_counts(const tly_counts *x, const tly_counts *y)
{
	CU_ASSERT_EQUAL(x->tp, y->tp);
	CU_ASSERT_EQUAL(x->fp, y->fp);
	CU_ASSERT_EQUAL(x->fn, y->fn);
	CU_ASSERT_EQUAL(x->matched, y->matched);
	CU_ASSERT_EQUAL(x->label_correct, y->label_correct);
	CU_ASSERT_EQUAL(x->label_total, y->label_total);
	CU_ASSERT_EQUAL(x->images, y->images);
}

/* Generated data, times spread over 40 days (a few by ingest time): rows in order, totals kept. */
static void spread_times(tly_dataset *ds)
{
	uint64_t seed = 7;
	size_t i, k;

	for (i = 0; i < ds->n_images; i++)
		for (k = 0; k < ds->images[i].n_subs; k++) {
			tly_submission *s = &ds->images[i].subs[k];

			s->time = MON1 + (int64_t)gen_below(&seed, 40u * 86400u);
			s->time_submitted = gen_below(&seed, 5) != 0;
		}
}

static void test_generated(void)
{
	tly_dataset ds;
	tly_result r1, r2, r4;
	tly_counts sum[8];
	uint32_t images[8];
	size_t i;

	gen_dataset(&ds, 300, 0, 11);
	spread_times(&ds);
	CU_ASSERT_FATAL(ds.n_annotators <= 8);
	compute(&r1, &ds, "{}", 1); /* the default: weeks */
	compute(&r2, &ds, "{}", 2);
	compute(&r4, &ds, "{}", 4);
	CU_ASSERT_EQUAL(r1.period_days, 7);
	CU_ASSERT(r1.n_annotator_periods >= 5 * 6); /* 5 voters over 6 or 7 weeks */
	memset(sum, 0, sizeof(sum));
	memset(images, 0, sizeof(images));
	for (i = 0; i < r1.n_annotator_periods; i++) {
		const tly_annotator_period *p = &r1.annotator_periods[i];

		if (i > 0) {
			const tly_annotator_period *q = &r1.annotator_periods[i - 1];

			CU_ASSERT(q->annotator < p->annotator ||
				  (q->annotator == p->annotator && strcmp(q->period, p->period) < 0));
		}
		CU_ASSERT(p->ingest_dated <= p->images);
		add_counts(&sum[p->annotator], &p->vs_consensus);
		images[p->annotator] += p->images;
	}
	for (i = 0; i < ds.n_annotators; i++) {
		same_counts(&sum[i], &r1.annotators[i].vs_consensus);
		CU_ASSERT_EQUAL(images[i], r1.annotators[i].images_done);
	}
	/* The same bytes for every thread count (the rows are calloc'ed: padding is zero). */
	CU_ASSERT_EQUAL_FATAL(r2.n_annotator_periods, r1.n_annotator_periods);
	CU_ASSERT_EQUAL_FATAL(r4.n_annotator_periods, r1.n_annotator_periods);
	CU_ASSERT(memcmp(r1.annotator_periods, r2.annotator_periods,
			 r1.n_annotator_periods * sizeof(*r1.annotator_periods)) == 0);
	CU_ASSERT(memcmp(r1.annotator_periods, r4.annotator_periods,
			 r1.n_annotator_periods * sizeof(*r1.annotator_periods)) == 0);
	tly_result_clear(&r1);
	tly_result_clear(&r2);
	tly_result_clear(&r4);
	tly_dataset_clear(&ds);
}

TLY_TESTS("run_periods", {"two_weeks", test_two_weeks}, {"days", test_days}, {"none", test_none},
	  {"generated", test_generated})
