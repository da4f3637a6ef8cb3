/*
 * Cohen's kappa with a bootstrap interval (J. Cohen, "A coefficient of
 * agreement for nominal scales", Educational and Psychological Measurement
 * 20(1), 1960, eq. 1): the items come as weighted rating rows (a, b,
 * count), so one image's 2x2 presence table or its matched objects' labels
 * are a few rows resampled together. The point value is the same exact-count
 * ratio as kappa.c's. Checked by tests/agree/test_cohen.c (the published
 * 3 x 3 example of Kavanagh et al., BMC Cancer 9:1, 2009, Table 2: 0.906).
 */
#include <math.h>

#include "agree/interval.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef struct {
	const tly_stats_rating *rows;
	size_t n_rows;
	double *count; /* [n_rows] each row's count as a double, converted once */
	size_t k;      /* categories */
	double *r, *c; /* [k] scratch marginals, zero between evaluations */
} cohen_ctx;

/*
 * sum_k r_k c_k and whether some category holds all N items for both
 * raters; R and C are left zero. Few categories: a pass over them; many
 * (more than rows): over the rows' categories, each row category once.
 */
static double marginal_products(cohen_ctx *x, double n, int *degenerate)
{
	double sum_rc = 0.0;
	size_t i;

	if (x->k <= x->n_rows) {
		for (i = 0; i < x->k; i++) {
			sum_rc += x->r[i] * x->c[i];
			if (x->r[i] == n && x->c[i] == n)
				*degenerate = 1;
			x->r[i] = x->c[i] = 0.0;
		}
		return sum_rc;
	}
	/* column-only categories add 0 */
	for (i = 0; i < x->n_rows; i++) {
		uint32_t k = x->rows[i].a;

		if (x->r[k] == 0.0)
			continue;
		sum_rc += x->r[k] * x->c[k];
		if (x->r[k] == n && x->c[k] == n)
			*degenerate = 1;
		x->r[k] = 0.0;
	}
	for (i = 0; i < x->n_rows; i++)
		x->c[x->rows[i].b] = 0.0;
	return sum_rc;
}

/*
 * kappa = (N agree - sum_k r_k c_k) / (N^2 - sum_k r_k c_k). Weighted
 * counts are integers held exactly in doubles (below 2^53), so pe = 1 is
 * tested exactly: some category holds all N items for both raters.
 */
static int cohen_eval(double *out, void *vctx, const uint32_t *weights)
{
	cohen_ctx *x = vctx;
	double n = 0.0, agree = 0.0, sum_rc;
	int degenerate = 0;
	size_t i;

	for (i = 0; i < x->n_rows; i++) {
		const tly_stats_rating *t = &x->rows[i];
		double w = weights ? (double)weights[i] * x->count[i] : x->count[i];

		n += w;
		x->r[t->a] += w;
		x->c[t->b] += w;
		if (t->a == t->b)
			agree += w;
	}
	sum_rc = marginal_products(x, n, &degenerate);
	out[0] = n == 0.0 || degenerate ? NAN : (n * agree - sum_rc) / (n * n - sum_rc);
	return 0;
}

static int check_rows(const tly_stats_rating *rows, size_t n_rows, size_t n_categories)
{
	size_t i;

	for (i = 0; i < n_rows; i++)
		if (rows[i].a >= n_categories || rows[i].b >= n_categories)
			return tly_error_set(TLY_EARG, "stats_cohen: rating %zu (%u, %u) outside %zu categories", i,
					     rows[i].a, rows[i].b, n_categories);
	return 0;
}

int tly_stats_cohen(tly_stat *out, const tly_stats_rating *ratings, size_t n_ratings,
		    size_t n_categories, const tly_stats_bootstrap *boot)
{
	cohen_ctx x = {ratings, n_ratings, NULL, n_categories, NULL, NULL};
	size_t i, total = 0;
	int error = 0;

	if (!out)
		return tly_error_set(TLY_EARG, "stats_cohen: no output");
	tly_stats__undefined(out);
	if (!ratings && n_ratings)
		return tly_error_set(TLY_EARG, "stats_cohen: %zu rating rows but no array", n_ratings);
	if ((error = check_rows(ratings, n_ratings, n_categories)) < 0 ||
	    (error = tly_stats__check_boot(boot, n_ratings, "stats_cohen")) < 0)
		return error;
	if (n_ratings == 0)
		return 0;
	x.r = tly_calloc(n_categories, sizeof(*x.r));
	x.c = tly_calloc(n_categories, sizeof(*x.c));
	x.count = tly_calloc(n_ratings, sizeof(*x.count));
	if (!x.r || !x.c || !x.count) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < n_ratings; i++) {
		if (tly_add_size(&total, total, (size_t)ratings[i].count) < 0) {
			error = tly_error_set(TLY_ELIMIT, "stats_cohen: more items than a size_t holds");
			goto out;
		}
		x.count[i] = (double)ratings[i].count;
	}
	if ((error = cohen_eval(&out->value, &x, NULL)) < 0)
		goto out;
	out->n = total;
	error = tly_stats__bootstrap(out, 1, n_ratings, boot, NULL, cohen_eval, &x);
out:
	tly_free(x.r);
	tly_free(x.c);
	tly_free(x.count);
	if (error < 0)
		tly_stats__undefined(out);
	return error;
}
