/*
 * STAPLE for label maps (vote.mask staple): per class c of the image, a
 * binary STAPLE (Warfield, Zou and Wells 2004; tly_staple_patterns) over
 * the voters' "is c" masks, grouped by coverage pattern and weighted by
 * segment length; a pixel goes to the class whose posterior is highest and
 * above 1/2 (exact ties of the top: ignore). The fit with every voter also
 * keeps each voter's sensitivity and specificity per class, weighted by the
 * class's consensus pixels and the rest, as tly_agree__staple_credit weighs
 * a mask cluster's. Memory: classes x 2^K doubles and classes x K rates per
 * workspace, never per pixel. Checked by tests/agree/test_semantic_staple.c.
 */
#include <math.h>
#include <string.h>

#include "agree/semantic.h"
#include "tally/staple.h"
#include "util/alloc.h"

#define IGN TLY_LABEL_IGNORE

int tly_semantic__staple_on(const tly_semantic_workspace *ws, const tly_agree_context *ctx)
{
	return ctx->policy && ctx->policy->mask == TLY_MASK_STAPLE && ws->voters.n >= 1 &&
	       ws->voters.n <= TLY_RLE_MAX_PATTERN_MASKS;
}

/* Bit of voter I when SKIP votes not: the voters after SKIP move down one. */
static uint32_t bit_of(size_t i, size_t skip)
{
	return (uint32_t)1 << (i < skip ? i : i - 1);
}

/*
 * Segment K's classes into CLS (distinct, first-seen order) and each one's
 * pattern into PAT; returns how many.
 */
static size_t segment_patterns(const tly_semantic_workspace *ws, size_t skip, size_t k, uint32_t *cls,
			       uint32_t *pat)
{
	size_t nv = ws->voters.n, m = 0, i, j;

	for (i = 0; i < nv; i++) {
		uint32_t c = ws->rows.v[i][k];

		if (i == skip || c == IGN)
			continue;
		for (j = 0; j < m && cls[j] != c; j++)
			;
		if (j == m) {
			cls[m] = c;
			pat[m++] = 0;
		}
		pat[j] |= bit_of(i, skip);
	}
	return m;
}

/* Keep the classes with the highest W_c(0) (class ascending on ties) in ws->zero, at most CAP. */
static void rank_zero(tly_semantic_workspace *ws, uint32_t c, size_t np, size_t cap)
{
	uint32_t *z = ws->zero.v;
	double w = ws->post.v[c * np];
	size_t i = ws->zero.n;

	if (i == cap && !(w > ws->post.v[z[i - 1] * np]))
		return;
	if (i < cap)
		ws->zero.n++;
	else
		i--;
	/* classes come ascending, so an equal one stays behind */
	while (i > 0 && w > ws->post.v[z[i - 1] * np]) {
		z[i] = z[i - 1];
		i--;
	}
	z[i] = c;
}

/*
 * Room for the rates of the fit with every voter: one row per voter and
 * class present, rows (voter, class) at voter * classes + class rank.
 */
static int rates_start(tly_semantic_workspace *ws)
{
	size_t nv = ws->voters.n, classes = 0, total, c;

	for (c = 0; c < ws->ncat; c++)
		classes += ws->present.v[c];
	if (tly_mul_size(&total, nv, classes) < 0)
		return TLY_ELIMIT;
	if (TLY_AGREE_RESERVE(&ws->rates, total) < 0)
		return TLY_ENOMEM;
	ws->rates.n = total;
	return 0;
}

/*
 * Class C's rates (the RANK-th class present) of STAPLE result R: each
 * voter's sensitivity weighted by the class's consensus pixels (R's area),
 * its specificity by the image's other pixels.
 */
static void keep_rates(tly_semantic_workspace *ws, const tly_staple_result *r, uint32_t c, size_t rank)
{
	size_t nv = ws->voters.n, classes = nv ? ws->rates.n / nv : 0, j;
	uint64_t in = r->area, out = (uint64_t)ws->npix - in;

	for (j = 0; j < nv; j++) {
		tly_semantic_staple_rate *x = &ws->rates.v[j * classes + rank];

		/* memset: the padding, too, is the same bytes on every run */
		memset(x, 0, sizeof(*x));
		x->annotator = ws->voters.v[j]->annotator;
		x->category = c;
		x->pixels_in = in;
		x->pixels_out = out;
		x->sens_in = r->sensitivity[j] * (double)in;
		x->spec_out = r->specificity[j] * (double)out;
	}
}

int tly_semantic__staple_fit(tly_semantic_workspace *ws, size_t skip)
{
	size_t nv = ws->voters.n, k = nv - (skip < nv), np = (size_t)1 << k, ncat = ws->ncat;
	size_t total, n, s, m, i, c, p, rank = 0;
	uint32_t *cls, *pat;
	int full = skip >= nv, error;

	if (tly_mul_size(&total, ncat, np) < 0)
		return TLY_ELIMIT;
	if (TLY_AGREE_RESERVE(&ws->post, total) < 0 || TLY_AGREE_RESERVE(&ws->present, ncat) < 0 ||
	    TLY_AGREE_RESERVE(&ws->zero, k + 2) < 0)
		return TLY_ENOMEM;
	if (total)
		memset(ws->post.v, 0, total * sizeof(*ws->post.v));
	if (ncat)
		memset(ws->present.v, 0, ncat);
	ws->zero.n = 0;
	if ((error = tly_semantic__start(ws, nv)) < 0)
		return error;
	cls = ws->scratch.v;
	pat = ws->scratch.v + nv;
	while ((n = tly_semantic__fill(ws, nv)) > 0) {
		for (s = 0; s < n; s++) {
			m = segment_patterns(ws, skip, s, cls, pat);
			for (i = 0; i < m; i++) {
				ws->post.v[cls[i] * np + pat[i]] += ws->seg.v[s];
				ws->present.v[cls[i]] = 1;
			}
		}
	}
	if (full && (error = rates_start(ws)) < 0)
		return error;
	for (c = 0; c < ncat; c++) {
		double *row = ws->post.v + c * np, marked = 0;
		tly_staple_result r;

		if (!ws->present.v[c])
			continue;
		for (p = 1; p < np; p++)
			marked += row[p];
		/* the pixels no voter gives c (ignore included) */
		row[0] = (double)ws->npix - marked;
		if ((error = tly_staple_patterns(&r, row, k, NULL)) < 0)
			return error;
		if (full)
			keep_rates(ws, &r, (uint32_t)c, rank++);
		/* only patterns that occur are looked up again by the vote */
		for (p = 0; p < np; p++)
			if (p == 0 || row[p] > 0)
				row[p] = tly_staple_posterior(&r, (uint32_t)p);
		rank_zero(ws, (uint32_t)c, np, k + 2);
	}
	return 0;
}

/* Fold candidate class C with posterior W into (best, *bc, *tie). */
static void consider(double *best, uint32_t *bc, int *tie, uint32_t c, double w)
{
	if (w > *best) {
		*best = w;
		*bc = c;
		*tie = 0;
	} else if (w == *best) {
		*tie = 1;
	}
}

void tly_semantic__staple_vote(tly_semantic_workspace *ws, size_t skip, size_t n, uint32_t *vote,
			       uint8_t *conf)
{
	size_t nv = ws->voters.n, k = nv - (skip < nv), np = (size_t)1 << k, s, m, i, z;
	uint32_t *cls = ws->scratch.v, *pat = ws->scratch.v + nv;

	for (s = 0; s < n; s++) {
		double best = -1;
		uint32_t bc = IGN;
		int tie = 0;

		m = segment_patterns(ws, skip, s, cls, pat);
		for (i = 0; i < m; i++)
			consider(&best, &bc, &tie, cls[i], ws->post.v[cls[i] * np + pat[i]]);
		/* classes nobody gives here: W_c(0), highest first; at most K of them are marked */
		for (z = 0; z < ws->zero.n; z++) {
			uint32_t c = ws->zero.v[z];
			double w = ws->post.v[c * np];

			for (i = 0; i < m && cls[i] != c; i++)
				;
			if (i < m)
				continue;
			if (w < best)
				break;
			consider(&best, &bc, &tie, c, w);
		}
		if (best > 0.5 && !tie) {
			vote[s] = bc;
			conf[s] = (uint8_t)lround(255.0 * best);
		} else {
			vote[s] = IGN;
			conf[s] = 0;
		}
	}
}
