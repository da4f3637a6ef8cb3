/*
 * The annotator_periods table (store/periods.h): each row of a result's
 * audit over time as one row keyed by (run, annotator id, period), the
 * counts in the columns annotator_stats uses; and the check of those rows
 * that tly_result_check runs before anything follows their indices.
 * Tested by tests/store/test_periods.c.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "store/idmap.h"
#include "store/periods.h"
#include "tally/error.h"
#include "tally/rules.h"
#include "util/alloc.h"
#include "util/vec.h"

#define BAD(...) tly_error_set(TLY_EARG, "result: " __VA_ARGS__)

/* "YYYY-MM-DD" with a month 01-12 and a day 01-31, and nothing after it. */
static int well_formed(const char p[11])
{
	static const char shape[] = "dddd-dd-dd";
	int month, day;
	size_t k;

	for (k = 0; k < 10; k++)
		if (shape[k] == 'd' ? (p[k] < '0' || p[k] > '9') : p[k] != '-')
			return 0;
	month = (p[5] - '0') * 10 + (p[6] - '0');
	day = (p[8] - '0') * 10 + (p[9] - '0');
	return p[10] == '\0' && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static int check_counts(size_t i, const char *group, const tly_counts *c, uint32_t images)
{
	static const char *const names[] = {"tp", "fp", "fn", "matched", "label_correct", "label_total"};
	const uint64_t values[] = {c->tp, c->fp, c->fn, c->matched, c->label_correct, c->label_total};
	size_t k;

	for (k = 0; k < sizeof(values) / sizeof(values[0]); k++)
		if (values[k] > INT64_MAX)
			return BAD("annotator_periods[%zu].%s%s %" PRIu64 " over INT64_MAX", i, group, names[k],
				   values[k]);
	if (!isfinite(c->iou_sum))
		return BAD("annotator_periods[%zu].%siou_sum %g is not finite", i, group, c->iou_sum);
	if (c->images > images)
		return BAD("annotator_periods[%zu].%simages %u over the period's %u images", i, group,
			   (unsigned)c->images, (unsigned)images);
	return 0;
}

int tly_store__check_periods(const tly_dataset *ds, const tly_result *r)
{
	size_t i;
	int error;

	if (r->period_days != 0 && r->period_days != 1 && r->period_days != 7)
		return BAD("period_days %d is not 0, 1 or 7", r->period_days);
	if (r->period_days == 0 && r->n_annotator_periods)
		return BAD("%zu annotator_periods but period_days 0", r->n_annotator_periods);
	for (i = 0; i < r->n_annotator_periods; i++) {
		const tly_annotator_period *p = &r->annotator_periods[i];
		const tly_annotator_period *q = i ? p - 1 : NULL;

		if (p->annotator >= ds->n_annotators)
			return BAD("annotator_periods[%zu].annotator %u outside the dataset's %zu annotators", i,
				   (unsigned)p->annotator, ds->n_annotators);
		if (!well_formed(p->period))
			return BAD("annotator_periods[%zu].period is not a YYYY-MM-DD date", i);
		/* Dates of one shape sort as text: the store's primary key needs each pair once. */
		if (q && (q->annotator > p->annotator ||
			  (q->annotator == p->annotator && strcmp(q->period, p->period) >= 0)))
			return BAD("annotator_periods[%zu] is not after annotator_periods[%zu] in (annotator,"
				   " period) order", i, i - 1);
		if (p->ingest_dated > p->images)
			return BAD("annotator_periods[%zu].ingest_dated %u over its %u images", i,
				   (unsigned)p->ingest_dated, (unsigned)p->images);
		if ((error = check_counts(i, "vs_consensus.", &p->vs_consensus, p->images)) < 0 ||
		    (error = check_counts(i, "vs_gold.", &p->vs_gold, p->images)) < 0)
			return error;
	}
	return 0;
}

int tly_store__save_periods(tly_store *st, const tly_dataset *ds, const tly_result *r, int64_t run_id)
{
	static const char sql[] =
		"INSERT INTO annotator_periods (run_id, annotator_id, period, days, images, ingest_dated,"
		" consensus_images, consensus_tp, consensus_fp, consensus_fn, consensus_matched,"
		" consensus_iou_sum, consensus_label_correct, consensus_label_total,"
		" gold_images, gold_tp, gold_fp, gold_fn, gold_matched,"
		" gold_iou_sum, gold_label_correct, gold_label_total)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
		" ?20, ?21, ?22)";
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc, error = 0;

	if (!r->n_annotator_periods)
		return 0;
	if ((error = tly_store__prepare(&s, st, sql)) < 0)
		return error;
	for (i = 0; i < r->n_annotator_periods && !error; i++) {
		const tly_annotator_period *p = &r->annotator_periods[i];

		rc = sqlite3_bind_int64(s, 1, run_id);
		rc |= sqlite3_bind_int64(s, 2, ds->annotators[p->annotator].id);
		rc |= sqlite3_bind_text(s, 3, p->period, -1, SQLITE_STATIC);
		rc |= sqlite3_bind_int(s, 4, r->period_days);
		rc |= sqlite3_bind_int64(s, 5, p->images);
		rc |= sqlite3_bind_int64(s, 6, p->ingest_dated);
		rc |= tly_store__bind_counts(s, 7, &p->vs_consensus);
		rc |= tly_store__bind_counts(s, 15, &p->vs_gold);
		error = tly_store__step_done(st, s, rc);
	}
	sqlite3_finalize(s);
	return error;
}

typedef struct {
	tly_store *st;
	tly_result *r;
	const tly_dataset *ds;
	int64_t run_id;
	size_t cap;
} reader;

/* Columns: annotator_id, period, days, images, ingest_dated, then consensus_* and gold_* as saved. */
static int period_row(void *ctx, sqlite3_stmt *s)
{
	reader *rd = ctx;
	tly_result *r = rd->r;
	const unsigned char *period = sqlite3_column_text(s, 1);
	int days = sqlite3_column_int(s, 2);
	tly_annotator_period *p;
	int error;

	if ((error = tly_vec__reserve((void **)&r->annotator_periods, &rd->cap, r->n_annotator_periods,
				      sizeof(*r->annotator_periods))) < 0)
		return error;
	p = &r->annotator_periods[r->n_annotator_periods];
	memset(p, 0, sizeof(*p));
	if (!tly_store__named_find(rd->ds->annotators, rd->ds->n_annotators, sqlite3_column_int64(s, 0),
				   &p->annotator) ||
	    !period || sqlite3_column_bytes(s, 1) != 10 || (days != 1 && days != 7) ||
	    (r->n_annotator_periods && days != r->period_days))
		return tly_error_set(TLY_ESTORE, "%s: corrupt store: run %lld, annotator_periods row %zu",
				     rd->st->path, (long long)rd->run_id, r->n_annotator_periods);
	memcpy(p->period, period, 10);
	p->period[10] = '\0';
	p->images = (uint32_t)sqlite3_column_int64(s, 3);
	p->ingest_dated = (uint32_t)sqlite3_column_int64(s, 4);
	tly_store__column_counts(&p->vs_consensus, s, 5);
	tly_store__column_counts(&p->vs_gold, s, 13);
	r->period_days = days;
	r->n_annotator_periods++;
	return 0;
}

/*
 * The period length is kept on the rows, so a run cut by period without a
 * row (nothing dated: a run of label maps only) takes it from its stored
 * rules, as the fresh run had it. Rules that no longer parse (a run of an
 * older tally) leave it 0: "not cut by period".
 */
static int period_from_rules(tly_result *r)
{
	tly_rules *rules = NULL;
	tly_period_policy period;

	if (tly_rules_parse(&rules, r->rules_json, strlen(r->rules_json), "stored run rules") < 0) {
		tly_error_clear();
		return 0;
	}
	period = tly_rules_policy(rules)->period;
	tly_rules_free(rules);
	r->period_days = period == TLY_PERIOD_WEEK ? 7 : period == TLY_PERIOD_DAY ? 1 : 0;
	return 0;
}

int tly_store__load_periods(tly_result *r, const tly_dataset *ds, tly_store *st, int64_t run_id)
{
	reader rd;
	int error;

	memset(&rd, 0, sizeof(rd));
	rd.st = st;
	rd.r = r;
	rd.ds = ds;
	rd.run_id = run_id;
	r->period_days = 0;
	/* Annotator indices follow store ids: id order is annotator order. */
	error = tly_store__each_row(st,
				   "SELECT annotator_id, period, days, images, ingest_dated,"
				   " consensus_images, consensus_tp, consensus_fp, consensus_fn, consensus_matched,"
				   " consensus_iou_sum, consensus_label_correct, consensus_label_total,"
				   " gold_images, gold_tp, gold_fp, gold_fn, gold_matched,"
				   " gold_iou_sum, gold_label_correct, gold_label_total"
				   " FROM annotator_periods WHERE run_id = ?1 ORDER BY annotator_id, period",
				   run_id, period_row, &rd);
	if (error < 0 || r->period_days || !r->rules_json)
		return error;
	return period_from_rules(r);
}
