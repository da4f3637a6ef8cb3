/*
 * Fleiss' kappa (J. L. Fleiss, "Measuring nominal scale agreement among
 * many raters", Psychological Bulletin 76(5), 1971, eqs. 2-9 and the
 * per-category kappa_j of eq. 11), with each item's own number of ratings
 * n_i in place of Fleiss' constant n, as documented in tally/stats.h. P is
 * averaged over items as in Gwet's treatment of missing ratings (Handbook
 * of Inter-Rater Reliability, 4th ed., 2014); p_j pools all ratings, where
 * Gwet averages each item's shares n_ij/n_i: the two agree when n_i is
 * constant. Checked by tests/agree/test_fleiss.c (Fleiss 1971 Table 1,
 * the 10 x 14 example of Wikipedia's "Fleiss' kappa").
 */
#include <math.h>

#include "agree/interval.h"
#include "tally/error.h"
#include "util/alloc.h"

typedef struct {
	const uint64_t *counts; /* [n_items][k] */
	size_t k;
	const size_t *rows;     /* the items with n_i >= 2 */
	size_t n_rows;
	double *col;            /* [k] scratch: ratings per category */
	double *dis;            /* [k] scratch: per-category disagreement */
} fleiss_ctx;

/*
 * Everything is a weighted sum over items, so one pass serves the point
 * estimate (weights 1) and every bootstrap resample. The per-category
 * disagreement of item i is n_ij (n_i - n_ij) / (n_i (n_i - 1)), half of
 * 1 - P_i on the table collapsed to {j, not j}; kappa_j = 1 - mean / (p q)
 * is then exactly the collapsed table's (P - Pe)/(1 - Pe).
 */
static int fleiss_eval(double *out, void *vctx, const uint32_t *weights)
{
	fleiss_ctx *c = vctx;
	double items = 0.0, total = 0.0, pbar = 0.0, pe = 0.0;
	size_t r, j;
	int one_category = 0;

	for (j = 0; j < c->k; j++)
		c->col[j] = c->dis[j] = 0.0;
	for (r = 0; r < c->n_rows; r++) {
		const uint64_t *row = c->counts + c->rows[r] * c->k;
		double w = weights ? (double)weights[r] : 1.0;
		double ni = 0.0, sq = 0.0, pairs;

		if (w == 0.0)
			continue;
		for (j = 0; j < c->k; j++) {
			double x = (double)row[j];

			ni += x;
			sq += x * x;
		}
		pairs = ni * (ni - 1.0);
		items += w;
		total += w * ni;
		pbar += w * (sq - ni) / pairs;
		for (j = 0; j < c->k; j++) {
			double x = (double)row[j];

			c->col[j] += w * x;
			c->dis[j] += w * x * (ni - x) / pairs;
		}
	}
	for (j = 0; j <= c->k; j++)
		out[j] = NAN;
	if (items == 0.0)
		return 0;
	pbar /= items;
	for (j = 0; j < c->k; j++) {
		double p = c->col[j] / total;

		pe += p * p;
		/* Exact test on counts: Pe = 1 (and p_j q_j = 0) only when one category holds every rating. */
		if (c->col[j] == total)
			one_category = 1;
		if (c->col[j] > 0.0 && c->col[j] < total)
			out[1 + j] = 1.0 - (c->dis[j] / items) / (p * (1.0 - p));
	}
	if (!one_category)
		out[0] = (pbar - pe) / (1.0 - pe);
	return 0;
}

/* The items with at least two ratings; n_i summed in double (it can pass 2^64 only in double). */
static size_t keep_rows(size_t *rows, const uint64_t *counts, size_t n_items, size_t k)
{
	size_t i, j, n = 0;

	for (i = 0; i < n_items; i++) {
		double ni = 0.0;

		for (j = 0; j < k; j++)
			ni += (double)counts[i * k + j];
		if (ni >= 2.0)
			rows[n++] = i;
	}
	return n;
}

int tly_stats_fleiss(tly_stat *out, tly_stat *per_category, const uint64_t *counts,
		     size_t n_items, size_t n_categories, const tly_stats_bootstrap *boot)
{
	fleiss_ctx c = {counts, n_categories, NULL, 0, NULL, NULL};
	size_t *rows = NULL;
	double *values = NULL;
	tly_stat *all = NULL;
	size_t cells, j, k = n_categories;
	int error = 0;

	if (!out)
		return tly_error_set(TLY_EARG, "stats_fleiss: no output");
	tly_stats__undefined(out);
	for (j = 0; per_category && j < k; j++)
		tly_stats__undefined(&per_category[j]);
	if ((error = tly_mul_size(&cells, n_items, k)) < 0)
		return error;
	if (!counts && cells)
		return tly_error_set(TLY_EARG, "stats_fleiss: %zu items x %zu categories but no table",
				     n_items, k);
	if ((error = tly_stats__check_boot(boot, n_items, "stats_fleiss")) < 0)
		return error;
	if (cells == 0)
		return 0;
	rows = tly_calloc(n_items, sizeof(*rows));
	c.col = tly_calloc(k, sizeof(*c.col));
	c.dis = tly_calloc(k, sizeof(*c.dis));
	values = tly_calloc(k + 1, sizeof(*values));
	all = tly_calloc(k + 1, sizeof(*all));
	if (!rows || !c.col || !c.dis || !values || !all) {
		error = TLY_ENOMEM;
		goto out;
	}
	c.rows = rows;
	c.n_rows = keep_rows(rows, counts, n_items, k);
	if ((error = fleiss_eval(values, &c, NULL)) < 0)
		goto out;
	for (j = 0; j <= k; j++) {
		tly_stats__undefined(&all[j]);
		all[j].value = values[j];
		all[j].n = c.n_rows;
	}
	if ((error = tly_stats__bootstrap(all, k + 1, c.n_rows, boot, rows, fleiss_eval, &c)) < 0)
		goto out;
	*out = all[0];
	for (j = 0; per_category && j < k; j++)
		per_category[j] = all[1 + j];
out:
	tly_free(rows);
	tly_free(c.col);
	tly_free(c.dis);
	tly_free(values);
	tly_free(all);
	return error;
}
