/*
 * Ordinal and interval alpha over image labels (issue 4; Krippendorff,
 * "Computing Krippendorff's Alpha-Reliability", 2011, its difference
 * functions, computed by tly_stats_alpha). The units, the missing values
 * and the bootstrap (seed, resamples) are the nominal alpha's of
 * label_stats.c; only the values change: a label's rank in
 * report.label_order for the ordinal metric (which depends on the order
 * alone), its interval value (the label's number, or its rank) for the
 * interval metric. Worked values: tests/run/test_ordinal_stats.c, and the
 * paper's example end to end in fixtures/e2e/ordinal_k2011.
 */
#include <math.h>
#include <string.h>

#include "run/ordinal_stats.h"
#include "tally/error.h"
#include "tally/stats.h"
#include "util/alloc.h"

static void undefined(tly_stat *s)
{
	s->value = NAN;
	s->ci95[0] = s->ci95[1] = NAN;
	s->n = 0;
}

/* RANK[c] of every category, refusing a non-gold image label the order leaves out. */
static int ranks(size_t *rank, const tly_dataset *ds, const tly_policy *p)
{
	size_t i, j;

	for (i = 0; i < ds->n_categories; i++)
		rank[i] = tly_policy_label_rank(p, ds->categories[i].name);
	for (i = 0; i < ds->n_images; i++) {
		const tly_image *im = &ds->images[i];

		for (j = 0; j < im->n_tags; j++) {
			const tly_submission *s = &im->subs[im->tags[j].sub];

			if (s->task == TLY_TASK_LABELS && !s->gold && rank[im->tags[j].category] == 0)
				return tly_error_set(TLY_EINPUT, "run: image label \"%s\" (%s, annotator %s) is not in "
						     "the rules' report.label_order",
						     ds->categories[im->tags[j].category].name, im->name,
						     ds->annotators[s->annotator].name);
		}
	}
	return 0;
}

/* OUT = VALUES with each category c replaced by SCALE[rank[c] - 1]; NaN stays missing. */
static void map_values(double *out, const double *values, size_t cells, const size_t *rank,
		       const double *scale)
{
	size_t i;

	for (i = 0; i < cells; i++)
		out[i] = isnan(values[i]) ? NAN : scale[rank[(size_t)values[i]] - 1];
}

int tly_run__ordinal_stats(tly_result *r, const tly_dataset *ds, const tly_policy *p, int multi,
			   const double *values, size_t n_units, int threads)
{
	tly_stats_bootstrap boot = TLY_STATS_BOOTSTRAP_INIT;
	size_t *rank = NULL, cells = 0, i;
	double *scratch = NULL, *by_rank = NULL;
	int error = 0;

	undefined(&r->krippendorff_alpha_ordinal);
	undefined(&r->krippendorff_alpha_interval);
	boot.threads = threads > 1 ? threads : 1;
	r->labels_ordered = p && p->n_label_order > 0;
	if (!r->labels_ordered || multi)
		return 0;
	if (!(rank = tly_calloc(ds->n_categories ? ds->n_categories : 1, sizeof(*rank)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = ranks(rank, ds, p)) < 0 || n_units == 0)
		goto out;
	if ((error = tly_mul_size(&cells, n_units, ds->n_annotators)) < 0)
		goto out;
	scratch = tly_calloc(cells, sizeof(*scratch));
	by_rank = tly_calloc(p->n_label_order, sizeof(*by_rank));
	if (!scratch || !by_rank) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < p->n_label_order; i++)
		by_rank[i] = (double)(i + 1);
	map_values(scratch, values, cells, rank, by_rank);
	if ((error = tly_stats_alpha(&r->krippendorff_alpha_ordinal, scratch, n_units, ds->n_annotators,
				     TLY_STATS_ORDINAL, &boot)) < 0)
		goto out;
	map_values(scratch, values, cells, rank, p->label_values);
	error = tly_stats_alpha(&r->krippendorff_alpha_interval, scratch, n_units, ds->n_annotators,
				TLY_STATS_INTERVAL, &boot);
out:
	tly_free(rank);
	tly_free(scratch);
	tly_free(by_rank);
	if (error == TLY_ENOMEM)
		error = tly_error_set(error, "run: out of memory for the ordinal label statistics");
	return error;
}
