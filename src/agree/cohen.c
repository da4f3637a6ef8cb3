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
#include <stdlib.h>
#include <string.h>

#include "agree/resample_terms.h"
#include "tally/error.h"
#include "util/alloc.h"

/*
 * Sums: one per distinct cell (a, b) of the rows, its items; a group's
 * terms are its rows' counts. The categories are renumbered to the ones
 * some cell uses, so an evaluation is O(cells + categories) however many
 * categories the caller has.
 */
typedef struct {
	uint64_t *cell;        /* [n_cells] a << 32 | b, ascending */
	uint32_t *dense;       /* NULL, or [k_all^2]: 1 + the cell of (a, b) (0: no such cell) */
	size_t k_all;          /* the caller's categories */
	uint32_t *ca, *cb;     /* [n_cells] each cell's compact row and column category */
	size_t n_cells;
	size_t k;              /* used categories */
	tly_stats__terms terms;
} cohen_ctx;

/*
 * kappa = (N agree - sum_k r_k c_k) / (N^2 - sum_k r_k c_k) over the cells'
 * weighted counts. Weighted counts are integers held exactly in doubles
 * (below 2^53), so sums are the same in any order and pe = 1 is tested
 * exactly: some category holds all N items for both raters. SCRATCH: the
 * cells' sums, then r and c, [n_cells + 2k]; r and c zero on entry and on
 * return. WEIGHTS NULL: every group once (the point value).
 */
static int cohen_eval(double *out, const void *vctx, const uint32_t *weights, double *scratch)
{
	const cohen_ctx *x = vctx;
	double *sum = scratch, *r = scratch + x->n_cells, *c = r + x->k;
	double n = 0.0, agree = 0.0, sum_rc = 0.0;
	int degenerate = 0;
	size_t i;

	tly_stats__terms_sum(sum, &x->terms, weights);
	for (i = 0; i < x->n_cells; i++) {
		n += sum[i];
		r[x->ca[i]] += sum[i];
		c[x->cb[i]] += sum[i];
		if (x->ca[i] == x->cb[i])
			agree += sum[i];
	}
	for (i = 0; i < x->k; i++) {
		sum_rc += r[i] * c[i];
		if (r[i] == n && c[i] == n)
			degenerate = 1;
		r[i] = c[i] = 0.0;
	}
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

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return (a > b) - (a < b);
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

static uint64_t cell_key(const tly_stats_rating *row)
{
	return (uint64_t)row->a << 32 | row->b;
}

/* The cell of ROW (one of nonzero count): through the table, or by binary search. */
static size_t find_cell(const cohen_ctx *x, const tly_stats_rating *row)
{
	uint64_t key = cell_key(row);
	const uint64_t *hit;

	if (x->dense)
		return x->dense[row->a * x->k_all + row->b] - 1;
	hit = bsearch(&key, x->cell, x->n_cells, sizeof(*x->cell), cmp_u64);
	return (size_t)(hit - x->cell);
}

/* Sort U[0..n) and drop repeats; returns the unique count. */
static size_t unique_u64(uint64_t *u, size_t n)
{
	size_t i, m = 0;

	qsort(u, n, sizeof(*u), cmp_u64);
	for (i = 0; i < n; i++)
		if (m == 0 || u[i] != u[m - 1])
			u[m++] = u[i];
	return m;
}

/*
 * The distinct cells of the rows of nonzero count, ascending: marked in a
 * k x k table when that is small next to the rows (the usual few
 * categories: no sort), else sorted.
 */
static int find_cells(cohen_ctx *x, const tly_stats_rating *rows, size_t n_rows)
{
	size_t i, k = x->k_all;

	x->cell = tly_calloc(n_rows, sizeof(*x->cell));
	if (!x->cell)
		return TLY_ENOMEM;
	if (k > 4096 || k * k > 16 * n_rows + 65536) {
		for (i = 0; i < n_rows; i++)
			if (rows[i].count)
				x->cell[x->n_cells++] = cell_key(&rows[i]);
		x->n_cells = unique_u64(x->cell, x->n_cells);
		return 0;
	}
	if (!(x->dense = tly_calloc(k * k, sizeof(*x->dense))))
		return TLY_ENOMEM;
	for (i = 0; i < n_rows; i++)
		if (rows[i].count)
			x->dense[rows[i].a * k + rows[i].b] = 1;
	for (i = 0; i < k * k; i++)
		if (x->dense[i]) {
			x->cell[x->n_cells++] = (uint64_t)(i / k) << 32 | (i % k);
			x->dense[i] = (uint32_t)x->n_cells;
		}
	return 0;
}

/* The cells (find_cells) and the categories they use, renumbered 0.. in ascending order. */
static int lay_out_cells(cohen_ctx *x, const tly_stats_rating *rows, size_t n_rows)
{
	uint32_t *cats = NULL;
	size_t i, m = 0;
	int error;

	if ((error = find_cells(x, rows, n_rows)) < 0)
		return error;
	x->ca = tly_calloc(x->n_cells ? x->n_cells : 1, sizeof(*x->ca));
	x->cb = tly_calloc(x->n_cells ? x->n_cells : 1, sizeof(*x->cb));
	cats = tly_calloc(x->n_cells ? 2 * x->n_cells : 1, sizeof(*cats));
	if (!x->ca || !x->cb || !cats) {
		tly_free(cats);
		return TLY_ENOMEM;
	}
	for (i = 0; i < x->n_cells; i++) {
		cats[2 * i] = (uint32_t)(x->cell[i] >> 32);
		cats[2 * i + 1] = (uint32_t)x->cell[i];
	}
	qsort(cats, 2 * x->n_cells, sizeof(*cats), cmp_u32);
	for (i = 0; i < 2 * x->n_cells; i++)
		if (m == 0 || cats[i] != cats[m - 1])
			cats[m++] = cats[i];
	x->k = m;
	for (i = 0; i < x->n_cells; i++) {
		uint32_t a = (uint32_t)(x->cell[i] >> 32), b = (uint32_t)x->cell[i];

		x->ca[i] = (uint32_t)((const uint32_t *)bsearch(&a, cats, m, sizeof(*cats), cmp_u32) - cats);
		x->cb[i] = (uint32_t)((const uint32_t *)bsearch(&b, cats, m, sizeof(*cats), cmp_u32) - cats);
	}
	tly_free(cats);
	return 0;
}

/* Each group's rows as terms: a row adds its count to its cell's sum. */
static int add_groups(cohen_ctx *x, const tly_stats_rating *rows, size_t n_rows, const size_t *group)
{
	size_t i;
	int error = 0;

	tly_stats__terms_init(&x->terms, x->n_cells);
	if ((error = tly_stats__terms_reserve(&x->terms, n_rows)) < 0)
		return error;
	for (i = 0; i < n_rows && !error; i++) {
		if (rows[i].count)
			error = tly_stats__terms_add(&x->terms, find_cell(x, &rows[i]), (double)rows[i].count);
		if (!error && (i + 1 == n_rows || !group || group[i + 1] != group[i]))
			error = tly_stats__terms_group(&x->terms);
	}
	return error ? error : tly_stats__terms_collapse(&x->terms);
}

int tly_stats_cohen(tly_stat *out, const tly_stats_rating *ratings, size_t n_ratings,
		    size_t n_categories, const tly_stats_bootstrap *boot)
{
	cohen_ctx x;
	tly_stats__resampler rs = {1, 0, NULL, 0, 0, cohen_eval, NULL};
	size_t i, total = 0;
	double *scratch = NULL;
	int error = 0;

	memset(&x, 0, sizeof(x));
	x.k_all = n_categories;
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
	for (i = 0; i < n_ratings; i++)
		if (tly_add_size(&total, total, (size_t)ratings[i].count) < 0)
			return tly_error_set(TLY_ELIMIT, "stats_cohen: more items than a size_t holds");
	if ((error = lay_out_cells(&x, ratings, n_ratings)) < 0 ||
	    (error = add_groups(&x, ratings, n_ratings, boot ? boot->group : NULL)) < 0)
		goto out;
	rs.n_scratch = x.n_cells + 2 * x.k;
	if (!(scratch = tly_calloc(rs.n_scratch ? rs.n_scratch : 1, sizeof(*scratch)))) {
		error = TLY_ENOMEM;
		goto out;
	}
	cohen_eval(&out->value, &x, NULL, scratch);
	out->n = total;
	tly_stats__terms_resampler(&rs, &x.terms);
	rs.ctx = &x;
	error = tly_stats__bootstrap(out, &rs, boot);
out:
	tly_free(x.cell);
	tly_free(x.dense);
	tly_free(x.ca);
	tly_free(x.cb);
	tly_stats__terms_clear(&x.terms);
	tly_free(scratch);
	if (error < 0)
		tly_stats__undefined(out);
	return error;
}
