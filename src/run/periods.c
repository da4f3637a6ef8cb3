/*
 * The audit over time: every (image, annotator) share of the audit that
 * the image slots hold is dated by the annotator's submission on that
 * image (objects task first, else labels; tly_submission.time) and summed
 * into the annotator's row for that period. Sorting the shares by
 * (annotator, period, image) makes both the row order and the order of
 * the floating-point sums independent of the thread count. Checked by
 * tests/run/test_periods.c.
 */
#include <stdlib.h>
#include <string.h>

#include "run/periods.h"
#include "run/reduce.h"
#include "tally/error.h"
#include "util/alloc.h"

/* One annotator's share of one image, dated. */
typedef struct {
	uint32_t annotator;
	uint32_t image;  /* index into the slots / dataset images */
	uint32_t entry;  /* index into the slot's annotators */
	int ingest;      /* dated by ingest time */
	int64_t day;     /* the period's first day, days since 1970-01-01 */
} share;

static int cmp_share(const void *pa, const void *pb)
{
	const share *a = pa, *b = pb;

	if (a->annotator != b->annotator)
		return a->annotator < b->annotator ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return (a->image > b->image) - (a->image < b->image);
}

/*
 * The submission that dates ANNOTATOR's work on IM: the non-gold objects
 * one, else the non-gold labels one; NULL when there is none.
 */
static const tly_submission *dating_sub(const tly_image *im, uint32_t annotator)
{
	const tly_submission *labels = NULL;
	size_t k;

	for (k = 0; k < im->n_subs; k++) {
		const tly_submission *s = &im->subs[k];

		if (s->annotator != annotator || s->gold)
			continue;
		if (s->task == TLY_TASK_OBJECTS)
			return s;
		labels = s;
	}
	return labels;
}

/* Every slot's annotator shares, dated; *out NULL when there are none. */
static int collect(share **out, size_t *n_out, const tly_run_space *s, const tly_dataset *ds,
		   tly_period_policy period)
{
	share *v = NULL;
	size_t i, j, n = 0;

	*out = NULL;
	*n_out = 0;
	for (i = 0; i < s->n_images; i++)
		if (tly_add_size(&n, n, s->slots[i].n_annotators) < 0)
			return tly_error_set(TLY_ELIMIT, "run: too many annotator shares to date");
	if (n == 0)
		return 0;
	if (!(v = tly_reallocarray(NULL, n, sizeof(*v))))
		return tly_error_set(TLY_ENOMEM, "run: out of memory for %zu dated shares", n);
	for (n = 0, i = 0; i < s->n_images; i++) {
		const tly_agree_image_result *x = &s->slots[i];

		for (j = 0; j < x->n_annotators; j++, n++) {
			const tly_submission *sub = dating_sub(&ds->images[i], x->annotators[j].annotator);

			if (!sub) {
				tly_free(v);
				return tly_error_set(TLY_EARG, "run: image %s: an audited annotator has no submission",
						     ds->images[i].name);
			}
			v[n].annotator = x->annotators[j].annotator;
			v[n].image = (uint32_t)i;
			v[n].entry = (uint32_t)j;
			v[n].ingest = !sub->time_submitted;
			v[n].day = tly_run__period_start(sub->time, period);
		}
	}
	qsort(v, n, sizeof(*v), cmp_share);
	*out = v;
	*n_out = n;
	return 0;
}

int tly_run__periods(tly_result *r, const tly_run_space *s, const tly_dataset *ds, tly_period_policy period)
{
	share *v = NULL;
	size_t n = 0, rows = 0, i;
	tly_annotator_period *p = NULL;
	int error = 0;

	r->period_days = 0;
	r->n_annotator_periods = 0;
	r->annotator_periods = NULL;
	if (period == TLY_PERIOD_NONE)
		return 0;
	r->period_days = period == TLY_PERIOD_WEEK ? 7 : 1;
	if ((error = collect(&v, &n, s, ds, period)) < 0 || n == 0)
		goto out;
	for (i = 0; i < n; i++)
		rows += (i == 0 || v[i].annotator != v[i - 1].annotator || v[i].day != v[i - 1].day) ? 1u : 0u;
	if (!(r->annotator_periods = tly_calloc(rows, sizeof(*r->annotator_periods)))) {
		error = tly_error_set(TLY_ENOMEM, "run: out of memory for %zu period rows", rows);
		goto out;
	}
	for (i = 0; i < n; i++) {
		const tly_agree_annotator *a = &s->slots[v[i].image].annotators[v[i].entry];

		if (i == 0 || v[i].annotator != v[i - 1].annotator || v[i].day != v[i - 1].day) {
			p = &r->annotator_periods[r->n_annotator_periods++];
			p->annotator = v[i].annotator;
			tly_run__format_day(p->period, v[i].day);
		}
		p->images++;
		p->ingest_dated += v[i].ingest ? 1u : 0u;
		tly_run__add_counts(&p->vs_consensus, &a->vs_consensus);
		tly_run__add_counts(&p->vs_gold, &a->vs_gold);
	}
out:
	tly_free(v);
	return error;
}
