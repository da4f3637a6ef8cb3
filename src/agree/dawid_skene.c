/*
 * Dawid-Skene EM (A. P. Dawid and A. M. Skene, "Maximum likelihood
 * estimation of observer error-rates using the EM algorithm", Applied
 * Statistics 28(1), 1979, section 2): M-step eqs. 2.3-2.4 (error rates and
 * class marginals from the posteriors and label counts), E-step eq. 2.5
 * (posterior proportional to marginal x product of error rates), started
 * from the fractional majority vote of section 3. Checked against the
 * paper's Table 1 data and printed estimates by tests/agree/test_dawid_skene.c.
 */
#include <math.h>
#include <string.h>

#include "tally/dawid_skene.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

/* The observations regrouped by item (a counting sort), and scratch. */
typedef struct {
	size_t n_items, n_workers, k;
	size_t *start;     /* [n_items + 1]: item i's labels are [start[i], start[i + 1]) */
	uint32_t *worker;  /* [n_obs] */
	uint32_t *label;   /* [n_obs] */
	double *logpi;     /* [n_workers * k * k]: log of the confusion, -INFINITY for 0 */
	double *lp;        /* [k]: one item's unnormalised log posterior */
	double *coin;      /* [n_workers * 2]: one-coin correct and total counts */
} em;

static void em_clear(em *e)
{
	tly_free(e->start);
	tly_free(e->worker);
	tly_free(e->label);
	tly_free(e->logpi);
	tly_free(e->lp);
	tly_free(e->coin);
}

static int check_args(const tly_dawid_skene_observation *obs, size_t n_obs, size_t n_items,
		      size_t n_workers, size_t n_classes, const tly_dawid_skene_options *o)
{
	size_t i;

	if (n_classes == 0 || n_classes > TLY_MAX_CATEGORIES)
		return tly_error_set(n_classes ? TLY_ELIMIT : TLY_EARG,
				     "dawid_skene: %zu classes (1 to TLY_MAX_CATEGORIES = %d)",
				     n_classes, TLY_MAX_CATEGORIES);
	if (n_workers > TLY_MAX_ANNOTATORS)
		return tly_error_set(TLY_ELIMIT, "dawid_skene: %zu workers over TLY_MAX_ANNOTATORS = %d",
				     n_workers, TLY_MAX_ANNOTATORS);
	if (n_obs && !obs)
		return tly_error_set(TLY_EARG, "dawid_skene: %zu observations but no array", n_obs);
	if (o->model != TLY_DAWID_SKENE_FULL && o->model != TLY_DAWID_SKENE_ONE_COIN)
		return tly_error_set(TLY_EARG, "dawid_skene: unknown model %d", (int)o->model);
	if (!(o->tolerance >= 0.0) || !isfinite(o->tolerance) || !(o->smoothing >= 0.0) ||
	    !isfinite(o->smoothing) || o->max_iterations == 0)
		return tly_error_set(TLY_EARG, "dawid_skene: tolerance and smoothing must be finite and"
				     " >= 0, max_iterations >= 1");
	for (i = 0; i < n_obs; i++) {
		if (obs[i].item >= n_items || obs[i].worker >= n_workers ||
		    obs[i].label >= n_classes)
			return tly_error_set(TLY_EARG,
					     "dawid_skene: observation %zu (item %u, worker %u, label %u)"
					     " out of range (%zu items, %zu workers, %zu classes)",
					     i, obs[i].item, obs[i].worker, obs[i].label, n_items,
					     n_workers, n_classes);
	}
	return 0;
}

/* Group the labels by item, keeping their input order within an item. */
static int em_init(em *e, const tly_dawid_skene_observation *obs, size_t n_obs, size_t n_items,
		   size_t n_workers, size_t k)
{
	size_t cells, i, n_start;
	int error = 0;

	e->n_items = n_items;
	e->n_workers = n_workers;
	e->k = k;
	if ((error = tly_add_size(&n_start, n_items, 1)) < 0 ||
	    (error = tly_mul_size(&cells, n_workers, k)) < 0 ||
	    (error = tly_mul_size(&cells, cells, k)) < 0)
		goto out;
	e->start = tly_calloc(n_start, sizeof(*e->start));
	e->worker = tly_calloc(n_obs ? n_obs : 1, sizeof(*e->worker));
	e->label = tly_calloc(n_obs ? n_obs : 1, sizeof(*e->label));
	e->logpi = tly_calloc(cells ? cells : 1, sizeof(*e->logpi));
	e->lp = tly_calloc(k, sizeof(*e->lp));
	e->coin = tly_calloc(n_workers ? 2 * n_workers : 1, sizeof(*e->coin));
	if (!e->start || !e->worker || !e->label || !e->logpi || !e->lp || !e->coin) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < n_obs; i++)
		e->start[obs[i].item + 1]++;
	for (i = 0; i < n_items; i++)
		e->start[i + 1] += e->start[i];
	/* Fill from the back so each item's labels keep their input order. */
	for (i = n_obs; i-- > 0;) {
		size_t at = --e->start[obs[i].item + 1];

		e->worker[at] = obs[i].worker;
		e->label[at] = obs[i].label;
	}
	/* The decrements left start[i + 1] at item i's first label: shift back. */
	for (i = 0; i < n_items; i++)
		e->start[i] = e->start[i + 1];
	e->start[n_items] = n_obs;
out:
	return error;
}

/* Section 3: T[i][k] = share of item i's labels that are k (repeats counted). */
static void init_majority(const em *e, double *post)
{
	size_t i, j, k = e->k;

	for (i = 0; i < e->n_items; i++) {
		double *t = post + i * k;
		size_t n = e->start[i + 1] - e->start[i];

		memset(t, 0, k * sizeof(*t));
		for (j = e->start[i]; j < e->start[i + 1]; j++)
			t[e->label[j]] += 1.0;
		for (j = 0; j < k && n; j++)
			t[j] /= (double)n;
	}
}

/*
 * Eq. 2.4 with the Dirichlet pseudo-count: p_k = (a + sum_i T_ik) / (K a + L)
 * over the L labelled items. Unlabelled items are left out: their posterior
 * is p itself, so counting them would only slow EM toward the same fixed
 * point.
 */
static void m_marginals(const em *e, const double *post, double a, double *p)
{
	size_t i, c, k = e->k;
	double total = (double)k * a;

	for (c = 0; c < k; c++)
		p[c] = a;
	for (i = 0; i < e->n_items; i++) {
		if (e->start[i + 1] == e->start[i])
			continue;
		for (c = 0; c < k; c++)
			p[c] += post[i * k + c];
		total += 1.0;
	}
	for (c = 0; c < k; c++)
		p[c] = total > 0.0 ? p[c] / total : 1.0 / (double)k;
}

/* Normalise each count row of PI to sum 1; an empty row becomes uniform. */
static void normalise_rows(double *pi, size_t rows, size_t k)
{
	size_t r, l;

	for (r = 0; r < rows; r++) {
		double *row = pi + r * k, s = 0.0;

		for (l = 0; l < k; l++)
			s += row[l];
		for (l = 0; l < k; l++)
			row[l] = s > 0.0 ? row[l] / s : 1.0 / (double)k;
	}
}

/* Eq. 2.3: pi[w][k][l] = (a + sum_i T_ik n_iwl) / sum_l (same). */
static void m_full(const em *e, const double *post, double a, double *pi)
{
	size_t i, j, c, k = e->k, rows = e->n_workers * k;

	for (j = 0; j < rows * k; j++)
		pi[j] = a;
	for (i = 0; i < e->n_items; i++) {
		for (j = e->start[i]; j < e->start[i + 1]; j++) {
			double *col = pi + (size_t)e->worker[j] * k * k + e->label[j];

			for (c = 0; c < k; c++)
				col[c * k] += post[i * k + c];
		}
	}
	normalise_rows(pi, rows, k);
}

/*
 * One-coin M-step: the maximum of sum T_ik n_iwl log pi_w[k][l] over
 * pi_w = a_w on the diagonal and (1 - a_w)/(K - 1) elsewhere is
 * a_w = expected correct labels / labels given (plus the pseudo-count on
 * each of correct and wrong). A worker with no labels gets 1/K: a uniform
 * row, no information. With K = 1 every row is [1].
 */
static void m_one_coin(em *e, const double *post, double a, double *pi)
{
	size_t i, j, w, c, k = e->k;
	double *coin = e->coin;

	memset(coin, 0, 2 * e->n_workers * sizeof(*coin));
	for (i = 0; i < e->n_items; i++) {
		for (j = e->start[i]; j < e->start[i + 1]; j++) {
			coin[2 * e->worker[j]] += post[i * k + e->label[j]];
			coin[2 * e->worker[j] + 1] += 1.0;
		}
	}
	for (w = 0; w < e->n_workers; w++) {
		double den = coin[2 * w + 1] + 2.0 * a;
		double acc = den > 0.0 ? (coin[2 * w] + a) / den : 1.0 / (double)k;
		double off = k > 1 ? (1.0 - acc) / (double)(k - 1) : 0.0;

		if (k == 1)
			acc = 1.0;
		for (c = 0; c < k * k; c++)
			pi[w * k * k + c] = c % (k + 1) == 0 ? acc : off;
	}
}

/*
 * Eq. 2.5 in log space (a product of many small rates would underflow):
 * log T_ik = log p_k + sum over item i's labels of log pi[w][k][l] - log Z_i.
 * A zero rate is -INFINITY and rules the class out exactly, as the paper's
 * products do. Returns the log-likelihood sum_i log Z_i.
 */
static double e_step(em *e, const double *p, const double *pi, double *post)
{
	size_t i, j, c, k = e->k, cells = e->n_workers * k * k;
	double ll = 0.0;

	for (j = 0; j < cells; j++)
		e->logpi[j] = pi[j] > 0.0 ? log(pi[j]) : -INFINITY;
	for (i = 0; i < e->n_items; i++) {
		double *t = post + i * k, best = -INFINITY, z = 0.0;

		if (e->start[i + 1] == e->start[i]) {
			memcpy(t, p, k * sizeof(*t));
			continue;
		}
		for (c = 0; c < k; c++) {
			double s = p[c] > 0.0 ? log(p[c]) : -INFINITY;

			for (j = e->start[i]; j < e->start[i + 1] && s > -INFINITY; j++)
				s += e->logpi[((size_t)e->worker[j] * k + c) * k + e->label[j]];
			e->lp[c] = s;
			if (s > best)
				best = s;
		}
		/*
		 * Unreachable from an M-step (a class with T_ik > 0 keeps a
		 * positive rate for each of item i's labels), but a zero
		 * likelihood must not become 0/0: keep the marginals.
		 */
		if (best == -INFINITY) {
			memcpy(t, p, k * sizeof(*t));
			continue;
		}
		for (c = 0; c < k; c++) {
			t[c] = e->lp[c] > -INFINITY ? exp(e->lp[c] - best) : 0.0;
			z += t[c];
		}
		for (c = 0; c < k; c++)
			t[c] /= z;
		ll += best + log(z);
	}
	return ll;
}

static int alloc_result(tly_dawid_skene_result *r, size_t n_items, size_t n_workers, size_t k)
{
	size_t n_post, n_conf;
	int error = 0;

	if ((error = tly_mul_size(&n_post, n_items, k)) < 0 ||
	    (error = tly_mul_size(&n_conf, n_workers, k)) < 0 ||
	    (error = tly_mul_size(&n_conf, n_conf, k)) < 0)
		return error;
	r->n_items = n_items;
	r->n_workers = n_workers;
	r->n_classes = k;
	r->posteriors = tly_calloc(n_post ? n_post : 1, sizeof(double));
	r->marginals = tly_calloc(k, sizeof(double));
	r->confusion = tly_calloc(n_conf ? n_conf : 1, sizeof(double));
	if (!r->posteriors || !r->marginals || !r->confusion)
		return TLY_ENOMEM;
	return 0;
}

int tly_dawid_skene_estimate(tly_dawid_skene_result *out,
			     const tly_dawid_skene_observation *obs, size_t n_obs,
			     size_t n_items, size_t n_workers, size_t n_classes,
			     const tly_dawid_skene_options *opts)
{
	const tly_dawid_skene_options defaults = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result r;
	em e;
	double ll = 0.0;
	int error = 0;

	memset(&r, 0, sizeof(r));
	memset(&e, 0, sizeof(e));
	if (!out) {
		error = tly_error_set(TLY_EARG, "dawid_skene: no result to fill");
		goto out;
	}
	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &defaults;
	if ((error = check_args(obs, n_obs, n_items, n_workers, n_classes, opts)) < 0 ||
	    (error = em_init(&e, obs, n_obs, n_items, n_workers, n_classes)) < 0 ||
	    (error = alloc_result(&r, n_items, n_workers, n_classes)) < 0)
		goto out;
	init_majority(&e, r.posteriors);
	while (r.iterations < opts->max_iterations) {
		double prev = ll;

		m_marginals(&e, r.posteriors, opts->smoothing, r.marginals);
		if (opts->model == TLY_DAWID_SKENE_ONE_COIN)
			m_one_coin(&e, r.posteriors, opts->smoothing, r.confusion);
		else
			m_full(&e, r.posteriors, opts->smoothing, r.confusion);
		ll = e_step(&e, r.marginals, r.confusion, r.posteriors);
		r.iterations++;
		/* The first likelihood has nothing to compare with. */
		if (r.iterations > 1 && fabs(ll - prev) <= opts->tolerance * fabs(ll)) {
			r.converged = 1;
			break;
		}
	}
	r.log_likelihood = ll;
	*out = r;
	memset(&r, 0, sizeof(r));
out:
	tly_dawid_skene_result_clear(&r);
	em_clear(&e);
	return error;
}

uint32_t tly_dawid_skene_best(const tly_dawid_skene_result *r, size_t item)
{
	const double *t = r->posteriors + item * r->n_classes;
	size_t c, best = 0;

	for (c = 1; c < r->n_classes; c++)
		if (t[c] > t[best])
			best = c;
	return (uint32_t)best;
}

void tly_dawid_skene_result_clear(tly_dawid_skene_result *r)
{
	if (!r)
		return;
	tly_free(r->posteriors);
	tly_free(r->marginals);
	tly_free(r->confusion);
	memset(r, 0, sizeof(*r));
}
