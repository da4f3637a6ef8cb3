/*
 * Binary STAPLE (Warfield, Zou and Wells 2004, section II): EM over the
 * raters' decisions with the prior held at the raters' mean coverage. Every
 * pixel with the same marks has the same posterior, so the E- and M-steps
 * run over the 2^K coverage patterns weighted by their pixel counts: exact,
 * and independent of the image size. Checked in tests/agree/test_staple.c.
 */
#include <math.h>
#include <string.h>

#include "tally/error.h"
#include "tally/staple.h"
#include "util/alloc.h"

void tly_staple_result_clear(tly_staple_result *r)
{
	if (!r)
		return;
	tly_rle_clear(&r->consensus);
	memset(r, 0, sizeof(*r));
}

/* P(in | pattern) under rates P, Q and prior F (the paper's W_i). */
static double posterior(uint32_t pattern, size_t k, const double *p, const double *q, double f)
{
	double a = f, b = 1.0 - f;
	size_t j;

	for (j = 0; j < k; j++) {
		if (pattern >> j & 1) {
			a *= p[j];
			b *= 1.0 - q[j];
		} else {
			a *= 1.0 - p[j];
			b *= q[j];
		}
	}
	return a + b > 0 ? a / (a + b) : f;
}

static int check(const tly_staple_options *o)
{
	if (!(o->tolerance >= 0) || o->max_iterations < 1 || !(o->init_sensitivity > 0) ||
	    !(o->init_sensitivity < 1) || !(o->init_specificity > 0) || !(o->init_specificity < 1))
		return tly_error_set(TLY_EARG, "staple: bad options (tolerance >= 0, iterations >= 1, "
					       "starting rates in (0, 1))");
	return 0;
}

/* One M-step from the posteriors W of the patterns present; returns the largest rate change. */
static double m_step(double *p, double *q, size_t k, const uint32_t *pat, const double *pix,
		     const double *w, size_t n)
{
	double change = 0;
	size_t j, i;

	for (j = 0; j < k; j++) {
		double in = 0, in_marked = 0, out = 0, out_left = 0, np, nq;

		for (i = 0; i < n; i++) {
			double wi = w[i] * pix[i], oi = (1.0 - w[i]) * pix[i];
			int marked = (int)(pat[i] >> j & 1);

			in += wi;
			out += oi;
			if (marked)
				in_marked += wi;
			else
				out_left += oi;
		}
		np = in > 0 ? in_marked / in : p[j];
		nq = out > 0 ? out_left / out : q[j];
		change = fmax(change, fmax(fabs(np - p[j]), fabs(nq - q[j])));
		p[j] = np;
		q[j] = nq;
	}
	return change;
}

/*
 * EM over the N patterns present (PAT, with PIX pixels each; W is room for
 * their posteriors) into OUT's rates, prior and iterations; then W holds the
 * final posteriors and OUT's area and mean posterior count the pixels above 1/2.
 */
static void estimate(tly_staple_result *out, const tly_staple_options *o, size_t k,
		     const uint32_t *pat, const double *pix, double *w, size_t n)
{
	double marks = 0, total = 0, in_pix = 0, in_post = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		total += pix[i];
		for (j = 0; j < k; j++)
			marks += (double)(pat[i] >> j & 1) * pix[i];
	}
	out->k = k;
	out->prior = total > 0 ? marks / (total * (double)k) : 0;
	for (j = 0; j < k; j++) {
		out->sensitivity[j] = o->init_sensitivity;
		out->specificity[j] = o->init_specificity;
	}
	while (out->iterations < o->max_iterations) {
		for (i = 0; i < n; i++)
			w[i] = posterior(pat[i], k, out->sensitivity, out->specificity, out->prior);
		out->iterations++;
		if (m_step(out->sensitivity, out->specificity, k, pat, pix, w, n) <= o->tolerance) {
			out->converged = 1;
			break;
		}
	}
	for (i = 0; i < n; i++) {
		w[i] = posterior(pat[i], k, out->sensitivity, out->specificity, out->prior);
		if (w[i] > 0.5) {
			in_pix += pix[i];
			in_post += w[i] * pix[i];
		}
	}
	out->area = (uint64_t)in_pix;
	out->mean_posterior = in_pix > 0 ? in_post / in_pix : NAN;
}

/* Options and K checked; *np = 2^K. */
static int start(tly_staple_result *out, tly_staple_options *o, size_t *np, size_t k,
		 const tly_staple_options *opts)
{
	int error;

	memset(out, 0, sizeof(*out));
	if (opts)
		*o = *opts;
	if ((error = check(o)) < 0)
		return error;
	if (k == 0 || k > TLY_RLE_MAX_PATTERN_MASKS)
		return tly_error_set(TLY_EARG, "staple: %zu masks (1 to %d)", k, TLY_RLE_MAX_PATTERN_MASKS);
	*np = (size_t)1 << k;
	return 0;
}

int tly_staple(tly_staple_result *out, const tly_rle *masks, size_t k, const tly_staple_options *opts)
{
	tly_staple_options o = TLY_STAPLE_OPTIONS_INIT;
	uint64_t *counts = NULL;
	uint32_t *pat = NULL;
	double *pix = NULL, *w = NULL;
	uint8_t *keep = NULL;
	size_t n = 0, np, i;
	int error;

	if ((error = start(out, &o, &np, k, opts)) < 0)
		return error;
	counts = tly_reallocarray(NULL, np, sizeof(*counts));
	pat = tly_reallocarray(NULL, np, sizeof(*pat));
	pix = tly_reallocarray(NULL, np, sizeof(*pix));
	w = tly_reallocarray(NULL, np, sizeof(*w));
	keep = tly_calloc(np, 1);
	if (!counts || !pat || !pix || !w || !keep) {
		error = TLY_ENOMEM;
		goto out;
	}
	if ((error = tly_rle_pattern_counts(counts, masks, k)) < 0)
		goto out;
	for (i = 0; i < np; i++) {
		if (!counts[i])
			continue;
		pat[n] = (uint32_t)i;
		pix[n] = (double)counts[i];
		n++;
	}
	estimate(out, &o, k, pat, pix, w, n);
	for (i = 0; i < n; i++)
		keep[pat[i]] = w[i] > 0.5;
	error = tly_rle_select(&out->consensus, masks, k, keep);
out:
	tly_free(counts);
	tly_free(pat);
	tly_free(pix);
	tly_free(w);
	tly_free(keep);
	if (error < 0)
		tly_staple_result_clear(out);
	return error;
}

int tly_staple_patterns(tly_staple_result *out, const double *counts, size_t k,
			const tly_staple_options *opts)
{
	tly_staple_options o = TLY_STAPLE_OPTIONS_INIT;
	uint32_t *pat = NULL;
	double *pix = NULL, *w = NULL;
	size_t n = 0, np, i;
	int error;

	if ((error = start(out, &o, &np, k, opts)) < 0)
		return error;
	if (!counts)
		return tly_error_set(TLY_EARG, "staple: no pattern counts");
	for (i = 0; i < np; i++)
		if (!(counts[i] >= 0) || !isfinite(counts[i]))
			return tly_error_set(TLY_EARG, "staple: pattern count not finite and >= 0");
	pat = tly_reallocarray(NULL, np, sizeof(*pat));
	pix = tly_reallocarray(NULL, np, sizeof(*pix));
	w = tly_reallocarray(NULL, np, sizeof(*w));
	if (!pat || !pix || !w) {
		error = TLY_ENOMEM;
		goto out;
	}
	for (i = 0; i < np; i++) {
		if (counts[i] == 0)
			continue;
		pat[n] = (uint32_t)i;
		pix[n] = counts[i];
		n++;
	}
	estimate(out, &o, k, pat, pix, w, n);
out:
	tly_free(pat);
	tly_free(pix);
	tly_free(w);
	if (error < 0)
		memset(out, 0, sizeof(*out));
	return error;
}

double tly_staple_posterior(const tly_staple_result *r, uint32_t pattern)
{
	return posterior(pattern, r->k, r->sensitivity, r->specificity, r->prior);
}
