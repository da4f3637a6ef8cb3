/*
 * Fleiss' kappa (J. L. Fleiss, "Measuring nominal scale agreement among
 * many raters", Psychological Bulletin 76(5), 1971, eqs. 2-9 and the
 * per-category kappa_j of eq. 11), with each item's own number of ratings
 * n_i in place of Fleiss' constant n, as documented in tally/stats.h. P is
 * averaged over items as in Gwet's treatment of missing ratings (Handbook
 * of Inter-Rater Reliability, 4th ed., 2014); p_j pools all ratings, where
 * Gwet averages each item's shares n_ij/n_i: the two agree when n_i is
 * constant. Checked by tests/agree/test_fleiss.c (Fleiss 1971 Table 1,
 * the 10 x 14 example of Wikipedia's "Fleiss' kappa"; the bootstrap against
 * an enumerated resample distribution).
 */
#include <math.h>
#include <string.h>

#include "agree/resample_terms.h"
#include "tally/error.h"
#include "util/alloc.h"

/*
 * Everything is a weighted sum over items, so a bootstrap resample needs
 * only each group's sums (tly_stats__terms): slot 0 items, 1 ratings, 2
 * the sum of P_i, 3 + j category j's ratings, 3 + k + j its disagreement
 * (only the categories a group's items used).
 */
typedef struct {
	const uint64_t *counts; /* [n_items][k] */
	size_t k;
	const size_t *rows;     /* the items with n_i >= 2 */
	size_t n_rows;
	tly_stats__terms terms;
} fleiss_ctx;

/*
 * OUT[0] = kappa, OUT[1 + j] = kappa_j from the weighted sums. The
 * per-category disagreement of item i is n_ij (n_i - n_ij) / (n_i (n_i -
 * 1)), half of 1 - P_i on the table collapsed to {j, not j}; kappa_j = 1 -
 * mean / (p q) is then exactly the collapsed table's (P - Pe)/(1 - Pe).
 */
static void fleiss_finish(double *out, size_t k, double items, double total, double pbar,
			  const double *col, const double *dis)
{
	double pe = 0.0;
	size_t j;
	int one_category = 0;

	for (j = 0; j <= k; j++)
		out[j] = NAN;
	if (items == 0.0)
		return;
	pbar /= items;
	for (j = 0; j < k; j++) {
		double p = col[j] / total;

		pe += p * p;
		/* Exact test on counts: Pe = 1 (and p_j q_j = 0) only when one category holds every rating. */
		if (col[j] == total)
			one_category = 1;
		if (col[j] > 0.0 && col[j] < total)
			out[1 + j] = 1.0 - (dis[j] / items) / (p * (1.0 - p));
	}
	if (!one_category)
		out[0] = (pbar - pe) / (1.0 - pe);
}

/* Item i's n_i, sum_j n_ij^2 and n_i (n_i - 1); n_i summed in double (it can pass 2^64 only in double). */
static double item_sums(const uint64_t *row, size_t k, double *sq, double *pairs)
{
	double ni = 0.0;
	size_t j;

	*sq = 0.0;
	for (j = 0; j < k; j++) {
		double x = (double)row[j];

		ni += x;
		*sq += x * x;
	}
	*pairs = ni * (ni - 1.0);
	return ni;
}

/* The point value, item by item (SCRATCH: col and dis, [2k]). */
static void fleiss_point(double *out, const fleiss_ctx *c, double *scratch)
{
	double *col = scratch, *dis = scratch + c->k;
	double items = 0.0, total = 0.0, pbar = 0.0;
	size_t r, j;

	for (r = 0; r < c->n_rows; r++) {
		const uint64_t *row = c->counts + c->rows[r] * c->k;
		double sq, pairs, ni = item_sums(row, c->k, &sq, &pairs);

		items += 1.0;
		total += ni;
		pbar += (sq - ni) / pairs;
		for (j = 0; j < c->k; j++) {
			double x = (double)row[j];

			col[j] += x;
			dis[j] += x * (ni - x) / pairs;
		}
	}
	fleiss_finish(out, c->k, items, total, pbar, col, dis);
}

/* A resample: the groups' sums, each type counted WEIGHTS[y] times (SCRATCH: the sums, [3 + 2k]). */
static int fleiss_eval(double *out, const void *vctx, const uint32_t *weights, double *scratch)
{
	const fleiss_ctx *c = vctx;

	tly_stats__terms_sum(scratch, &c->terms, weights);
	fleiss_finish(out, c->k, scratch[0], scratch[1], scratch[2], scratch + 3, scratch + 3 + c->k);
	return 0;
}

/* The items with at least two ratings. */
static size_t keep_rows(size_t *rows, const uint64_t *counts, size_t n_items, size_t k)
{
	size_t i, n = 0;

	for (i = 0; i < n_items; i++) {
		double sq, pairs;

		if (item_sums(counts + i * k, k, &sq, &pairs) >= 2.0)
			rows[n++] = i;
	}
	return n;
}

/* Item R's terms: one item, its ratings, P_i, and per category used its ratings and disagreement. */
static int item_terms(fleiss_ctx *c, size_t r)
{
	const uint64_t *row = c->counts + c->rows[r] * c->k;
	double sq, pairs, ni = item_sums(row, c->k, &sq, &pairs);
	size_t j;
	int error;

	if ((error = tly_stats__terms_add(&c->terms, 0, 1.0)) < 0 ||
	    (error = tly_stats__terms_add(&c->terms, 1, ni)) < 0 ||
	    (error = tly_stats__terms_add(&c->terms, 2, (sq - ni) / pairs)) < 0)
		return error;
	for (j = 0; j < c->k; j++) {
		double x = (double)row[j];

		if (x == 0.0)
			continue;
		if ((error = tly_stats__terms_add(&c->terms, 3 + j, x)) < 0 ||
		    (error = tly_stats__terms_add(&c->terms, 3 + c->k + j, x * (ni - x) / pairs)) < 0)
			return error;
	}
	return 0;
}

/* The groups' terms and the bootstrap, when BOOT asks for one (row_group: [n_rows] scratch). */
static int fleiss_boot(tly_stat *all, fleiss_ctx *c, const tly_stats_bootstrap *boot)
{
	tly_stats__resampler rs = {c->k + 1, 0, NULL, 0, 0, fleiss_eval, c};
	size_t *row_group = NULL, r, slots;
	int error = 0;

	if (!boot || boot->resamples == 0 || c->n_rows == 0)
		return 0;
	if ((error = tly_mul_size(&slots, 2, c->k)) < 0 || (error = tly_add_size(&slots, slots, 3)) < 0)
		return error;
	if (!(row_group = tly_calloc(c->n_rows, sizeof(*row_group))))
		return TLY_ENOMEM;
	tly_stats__group_index(row_group, c->n_rows, boot->group, c->rows);
	tly_stats__terms_init(&c->terms, slots);
	for (r = 0; r < c->n_rows && !error; r++) {
		error = item_terms(c, r);
		if (!error && (r + 1 == c->n_rows || row_group[r + 1] != row_group[r]))
			error = tly_stats__terms_group(&c->terms);
	}
	if (!error && !(error = tly_stats__terms_collapse(&c->terms))) {
		tly_stats__terms_resampler(&rs, &c->terms);
		rs.n_scratch = slots;
		error = tly_stats__bootstrap(all, &rs, boot);
	}
	tly_free(row_group);
	return error;
}

int tly_stats_fleiss(tly_stat *out, tly_stat *per_category, const uint64_t *counts,
		     size_t n_items, size_t n_categories, const tly_stats_bootstrap *boot)
{
	fleiss_ctx c;
	size_t *rows = NULL;
	double *values = NULL, *scratch = NULL;
	tly_stat *all = NULL;
	size_t cells, j, k = n_categories;
	int error = 0;

	memset(&c, 0, sizeof(c));
	c.counts = counts;
	c.k = n_categories;
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
	scratch = tly_calloc(k, 2 * sizeof(*scratch));
	values = tly_calloc(k + 1, sizeof(*values));
	all = tly_calloc(k + 1, sizeof(*all));
	if (!rows || !scratch || !values || !all) {
		error = TLY_ENOMEM;
		goto out;
	}
	c.rows = rows;
	c.n_rows = keep_rows(rows, counts, n_items, k);
	fleiss_point(values, &c, scratch);
	for (j = 0; j <= k; j++) {
		tly_stats__undefined(&all[j]);
		all[j].value = values[j];
		all[j].n = c.n_rows;
	}
	if ((error = fleiss_boot(all, &c, boot)) < 0)
		goto out;
	*out = all[0];
	for (j = 0; per_category && j < k; j++)
		per_category[j] = all[1 + j];
out:
	tly_free(rows);
	tly_free(scratch);
	tly_free(values);
	tly_free(all);
	tly_stats__terms_clear(&c.terms);
	return error;
}
