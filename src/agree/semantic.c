/*
 * The semantic vote of one image (SPEC §5 as decided for issue 3): the
 * per-pixel plurality of the kept non-gold maps (tly_vote_pixels), or
 * under vote.mask staple the per-class STAPLE (semantic_staple.c), a chunk
 * of segments at a time, built back into runs; the leave-one-out consensus the
 * panoptic audit reuses; and tly_semantic_image, which counts the pair and
 * audit figures (semantic_audit.c) in the same pass over the pixels and
 * keeps STAPLE's per-class rates of each voter.
 * Checked by tests/agree/test_semantic.c.
 */
#include <math.h>
#include <string.h>

#include "agree/image_agreement.h"
#include "agree/semantic.h"
#include "tally/vote.h"
#include "util/alloc.h"

static void cons_init(tly_cons_map *c, uint32_t image)
{
	memset(c, 0, sizeof(*c));
	tly_labelmap_init(&c->map);
	tly_labelmap_init(&c->confidence);
	c->image = image;
}

/*
 * Pixels of the N segments left ignore by a tie: the consensus is ignore
 * although some voter (SKIP left out) labelled the segment.
 */
static uint64_t tied_pixels(const tly_semantic_workspace *ws, size_t skip, size_t n)
{
	size_t nv = ws->voters.n, k, j;
	uint64_t tied = 0;

	for (k = 0; k < n; k++) {
		if (ws->vote.v[k] != TLY_LABEL_IGNORE)
			continue;
		for (j = 0; j < nv; j++) {
			if (j != skip && ws->rows.v[j][k] != TLY_LABEL_IGNORE) {
				tied += ws->seg.v[k];
				break;
			}
		}
	}
	return tied;
}

/*
 * Vote the image a chunk of segments at a time: the first N_ROWS maps are
 * decoded (voters, then gold), the voters but SKIP (voters.n for none)
 * vote each segment (tly_vote_pixels: a segment is one pixel repeated),
 * and the consensus and its confidence are appended to ws's runs. COUNT:
 * also count tly_semantic_image's figures on each chunk. Under STAPLE
 * (ws->staple) a first pass over the image fits the classes' rates.
 */
static int vote_pass(tly_semantic_workspace *ws, size_t n_rows, size_t skip, uint64_t *tied,
		     int count)
{
	size_t nv = ws->voters.n, n;
	int error;

	tly_semantic__runs_reset(&ws->map_runs);
	tly_semantic__runs_reset(&ws->conf_runs);
	if (ws->staple && (error = tly_semantic__staple_fit(ws, skip)) < 0)
		return error;
	if ((error = tly_semantic__start(ws, n_rows)) < 0)
		return error;
	while ((n = tly_semantic__fill(ws, n_rows)) > 0) {
		if (ws->staple)
			tly_semantic__staple_vote(ws, skip, n, ws->vote.v, ws->conf.v);
		else
			tly_vote_pixels(ws->vote.v, ws->conf.v, NULL, ws->rows.v, nv, skip, n,
					ws->scratch.v);
		*tied += tied_pixels(ws, skip, n);
		if (tly_semantic__runs_push(&ws->map_runs, ws->vote.v, ws->seg.v, n) < 0 ||
		    tly_semantic__runs_push8(&ws->conf_runs, ws->conf.v, ws->seg.v, n) < 0)
			return TLY_ENOMEM;
		if (count) {
			tly_semantic__count_chunk(ws, n);
			tly_semantic__kappa_chunk(ws, n);
		}
	}
	return 0;
}

/* Move ws's runs into C's map and confidence. */
static int copy_cons(tly_cons_map *c, const tly_semantic_workspace *ws)
{
	if (tly_semantic__runs_copy(&c->map, &ws->map_runs, ws->w, ws->h) < 0 ||
	    tly_semantic__runs_copy(&c->confidence, &ws->conf_runs, ws->w, ws->h) < 0) {
		tly_labelmap_clear(&c->map);
		tly_labelmap_clear(&c->confidence);
		return TLY_ENOMEM;
	}
	return 0;
}

int tly_semantic_consensus(tly_cons_map *out, tly_semantic_workspace *ws, const tly_agree_context *ctx,
			   const tly_image *im, uint32_t image, uint32_t leave_out, const char **why)
{
	const char *unused = NULL;
	size_t nv, skip, i;
	int error = 0;

	if (!why)
		why = &unused;
	*why = NULL;
	if (!out)
		return TLY_EARG;
	cons_init(out, image);
	if (!ws || !ctx || !im) {
		*why = "a required argument is NULL";
		return TLY_EARG;
	}
	if ((error = tly_semantic__select(ws, ctx, im, why)) < 0)
		return error;
	/* decided on all the image's voters, so a leave-one-out reference votes as the audit's */
	ws->staple = tly_semantic__staple_on(ws, ctx);
	nv = skip = ws->voters.n;
	for (i = 0; i < nv; i++) {
		if (ws->voters.v[i]->annotator == leave_out)
			skip = i;
		else
			out->panoptic |= ws->voters.v[i]->panoptic != 0;
	}
	out->voters = (uint32_t)(nv - (skip < nv));
	if (out->voters == 0) {
		out->panoptic = 0;
		return 0;
	}
	if ((error = vote_pass(ws, nv, skip, &out->tied_pixels, 0)) < 0 ||
	    (error = copy_cons(out, ws)) < 0) {
		*why = error == TLY_ENOMEM ? "out of memory" : "label maps too large to decode";
		cons_init(out, image);
		return error;
	}
	return (int)out->voters;
}

/* *out = a copy of N elements of SRC (NULL when N is 0). */
static int dup_array(void **out, const void *src, size_t n, size_t elem)
{
	*out = NULL;
	if (n == 0)
		return 0;
	if (!(*out = tly_reallocarray(NULL, n, elem)))
		return TLY_ENOMEM;
	memcpy(*out, src, n * elem);
	return 0;
}

#define DUP(field, arr) dup_array((void **)&out->field, ws->arr.v, out->n_##field = ws->arr.n, \
				  sizeof(*ws->arr.v))

void tly_semantic_image_result_clear(tly_semantic_image_result *r)
{
	if (!r)
		return;
	tly_labelmap_clear(&r->cons.map);
	tly_labelmap_clear(&r->cons.confidence);
	tly_free(r->counts);
	tly_free(r->audits);
	tly_free(r->pairs);
	tly_free(r->pair_classes);
	tly_free(r->staple_rates);
	tly_free(r->kappa_classes);
	memset(r, 0, sizeof(*r));
}

/*
 * Each voter's audit against its leave-one-out STAPLE consensus: a fit and
 * a pass over the segments per voter, as each reference is a whole-image fit.
 */
static int staple_audits(tly_semantic_workspace *ws)
{
	size_t nv = ws->voters.n, a, n;
	int error;

	if (nv < 2)
		return 0;
	for (a = 0; a < nv; a++) {
		if ((error = tly_semantic__staple_fit(ws, a)) < 0 ||
		    (error = tly_semantic__start(ws, nv)) < 0)
			return error;
		while ((n = tly_semantic__fill(ws, nv)) > 0) {
			tly_semantic__staple_vote(ws, a, n, ws->vote.v, ws->conf.v);
			tly_semantic__audit_consensus(ws, a, n);
		}
	}
	return 0;
}

/* The image's figures, computed in ws, copied exactly sized into OUT. */
static int compute(tly_semantic_image_result *out, tly_semantic_workspace *ws, const char **why)
{
	size_t nv = ws->voters.n, i;
	int error;

	*why = "out of memory";
	/* only a STAPLE fit of this image may leave rates */
	ws->rates.n = 0;
	if ((error = tly_semantic__counters_reset(ws)) < 0 || (error = tly_semantic__kappa_reset(ws)) < 0)
		return error;
	if ((error = vote_pass(ws, nv + (ws->gold != NULL), nv, &out->cons.tied_pixels, 1)) < 0)
		return error;
	if (ws->staple && (error = staple_audits(ws)) < 0)
		return error;
	if ((error = copy_cons(&out->cons, ws)) < 0)
		return error;
	out->has_cons = 1;
	out->cons.voters = (uint32_t)nv;
	out->cons.panoptic = ws->panoptic;
	if ((error = tly_semantic__rows(ws, &out->agreement)) < 0)
		return error;
	if (DUP(counts, counts) < 0 || DUP(audits, audits) < 0 || DUP(pairs, pairs) < 0 ||
	    DUP(pair_classes, pair_classes) < 0 || DUP(staple_rates, rates) < 0 ||
	    tly_semantic__kappa_rows(out, ws) < 0)
		return TLY_ENOMEM;
	for (i = 0; i < out->n_staple_rates; i++)
		out->staple_rates[i].image = out->image;
	return 0;
}

int tly_semantic_image(tly_semantic_image_result *out, tly_semantic_workspace *ws,
		       const tly_agree_context *ctx, const tly_image *im, uint32_t image)
{
	const char *why = NULL;
	int error = 0;

	if (!out)
		return TLY_EARG;
	tly_semantic_image_result_clear(out);
	cons_init(&out->cons, image);
	out->image = image;
	out->agreement = NAN;
	if (!ws || !ctx || !im) {
		why = "a required argument is NULL";
		error = TLY_EARG;
		goto out;
	}
	if ((error = tly_semantic__select(ws, ctx, im, &why)) < 0)
		goto out;
	ws->staple = tly_semantic__staple_on(ws, ctx);
	out->voters = (uint32_t)ws->voters.n;
	out->skipped = ws->skipped;
	if (out->voters == 0)
		goto out;
	error = compute(out, ws, &why);
	if (error == TLY_ELIMIT)
		why = "label maps too large to decode";
out:
	if (error < 0) {
		tly_semantic_image_result_clear(out);
		out->image = image;
		out->agreement = NAN;
		out->why = why;
	}
	return error;
}

void tly_semantic_combine(tly_image_stats *st, int tie, const tly_policy *policy)
{
	if (!st || !policy)
		return;
	tly_agree__score(st, tie, policy);
}
