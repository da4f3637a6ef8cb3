/*
 * Reliability-weighted label votes (vote.weights): the consensus label of
 * a cluster or a single-label image is the argmax of the posterior under
 * the run's label model, prior x product of the voters' confusion entries
 * (Dawid and Skene 1979, eq. 2.5), computed in log space; the confidence is
 * that posterior. The first pass records the labels the model is estimated
 * from. Worked posteriors in tests/agree/test_weights.c.
 */
#include <math.h>
#include <string.h>

#include "agree/weights.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "vote/tie.h"

void tly_agree__weights_clear(tly_agree_weights *w)
{
	if (!w)
		return;
	tly_free(w->class_of);
	tly_free(w->category_of);
	tly_free(w->log_prior);
	tly_free(w->log_confusion);
	memset(w, 0, sizeof(*w));
}

static double log0(double p)
{
	return p > 0 ? log(p) : -INFINITY;
}

static int check_model(size_t n_categories, const uint32_t *categories, size_t k, const double *prior,
		       const double *confusion, size_t cells)
{
	size_t i;

	if (k == 0 || k > n_categories)
		return tly_error_set(TLY_EARG, "weights: %zu classes for %zu categories", k, n_categories);
	for (i = 0; i < k; i++)
		if (!(prior[i] >= 0 && prior[i] <= 1))
			return tly_error_set(TLY_EARG, "weights: prior %zu is not a probability", i);
	for (i = 0; i < cells; i++)
		if (!(confusion[i] >= 0 && confusion[i] <= 1))
			return tly_error_set(TLY_EARG, "weights: confusion cell %zu is not a probability", i);
	for (i = 0; i < k; i++)
		if (categories[i] >= n_categories)
			return tly_error_set(TLY_EARG, "weights: class %zu is category %u of %zu", i,
					     (unsigned)categories[i], n_categories);
	return 0;
}

int tly_agree__weights_init(tly_agree_weights *w, size_t n_categories, size_t n_annotators,
			    const uint32_t *categories, size_t k, const double *prior,
			    const double *confusion)
{
	size_t cells = 0, i;
	int error = 0;

	memset(w, 0, sizeof(*w));
	if (k && ((error = tly_mul_size(&cells, n_annotators, k)) < 0 ||
		  (error = tly_mul_size(&cells, cells, k)) < 0)) {
		error = tly_error_set(TLY_ELIMIT, "weights: %zu annotators x %zu classes squared", n_annotators, k);
		goto out;
	}
	if ((error = check_model(n_categories, categories, k, prior, confusion, cells)) < 0)
		goto out;
	w->n_classes = k;
	w->n_categories = n_categories;
	w->n_annotators = n_annotators;
	w->class_of = tly_reallocarray(NULL, n_categories, sizeof(*w->class_of));
	w->category_of = tly_reallocarray(NULL, k, sizeof(*w->category_of));
	w->log_prior = tly_reallocarray(NULL, k, sizeof(*w->log_prior));
	w->log_confusion = tly_reallocarray(NULL, cells ? cells : 1, sizeof(*w->log_confusion));
	if (!w->class_of || !w->category_of || !w->log_prior || !w->log_confusion) {
		error = tly_error_set(TLY_ENOMEM, "weights: out of memory");
		goto out;
	}
	for (i = 0; i < n_categories; i++)
		w->class_of[i] = UINT32_MAX;
	for (i = 0; i < k; i++) {
		if (w->class_of[categories[i]] != UINT32_MAX) {
			error = tly_error_set(TLY_EARG, "weights: category %u is two classes",
					      (unsigned)categories[i]);
			goto out;
		}
		w->class_of[categories[i]] = (uint32_t)i;
		w->category_of[i] = categories[i];
		w->log_prior[i] = log0(prior[i]);
	}
	for (i = 0; i < cells; i++)
		w->log_confusion[i] = log0(confusion[i]);
out:
	if (error < 0)
		tly_agree__weights_clear(w);
	return error;
}

/*
 * Log of class C's unnormalised posterior without its zero factors into
 * *s; returns how many factors were zero. Every index was checked.
 */
static size_t class_log(double *s, const tly_agree_weights *w, size_t c, const uint32_t *ann,
			const uint32_t *cat, size_t n)
{
	size_t k = w->n_classes, zeros = 0, i;
	double f;

	*s = 0;
	if (w->log_prior[c] == -INFINITY)
		zeros++;
	else
		*s += w->log_prior[c];
	for (i = 0; i < n; i++) {
		f = w->log_confusion[((size_t)ann[i] * k + c) * k + w->class_of[cat[i]]];
		if (f == -INFINITY)
			zeros++;
		else
			*s += f;
	}
	return zeros;
}

int tly_agree__posterior(double *post, uint32_t *best, size_t *tied, const tly_agree_weights *w,
			 const uint32_t *ann, const uint32_t *cat, size_t n)
{
	size_t k = w->n_classes, c, i, min_zeros = SIZE_MAX;
	double *zeros = post + k, top = -INFINITY, z = 0;

	*best = 0;
	*tied = 1;
	for (i = 0; i < n; i++)
		if (ann[i] >= w->n_annotators || cat[i] >= w->n_categories ||
		    w->class_of[cat[i]] == UINT32_MAX)
			return 0;
	for (c = 0; c < k; c++) {
		size_t zc = class_log(&post[c], w, c, ann, cat, n);

		zeros[c] = (double)zc;
		if (zc < min_zeros)
			min_zeros = zc;
	}
	/* Only the classes with the fewest zero factors keep any mass. */
	for (c = 0; c < k; c++)
		if (zeros[c] == (double)min_zeros && post[c] > top)
			top = post[c];
	for (c = 0; c < k; c++) {
		post[c] = zeros[c] == (double)min_zeros ? exp(post[c] - top) : 0.0;
		z += post[c];
	}
	for (c = 0; c < k; c++) {
		post[c] /= z;
		if (post[c] > post[*best])
			*best = (uint32_t)c;
	}
	for (c = 0, *tied = 0; c < k; c++)
		*tied += post[c] >= post[*best] - TLY_AGREE_TIE_EPS;
	return 1;
}

/* Room for N labels and the posterior of K classes in WS's scratch. */
static int reserve(tly_agree_workspace *ws, size_t n, size_t k)
{
	if (TLY_AGREE_RESERVE(&ws->wann, n ? n : 1) < 0 || TLY_AGREE_RESERVE(&ws->wcat, n ? n : 1) < 0 ||
	    TLY_AGREE_RESERVE(&ws->wpost, 2 * k) < 0)
		return TLY_ENOMEM;
	return 0;
}

/*
 * The category chosen among the classes tied with BEST: the one whose
 * name sorts first (vote.tie "first"; under "review" it names the tie, as
 * the equal vote's plurality does).
 */
static uint32_t chosen(const tly_agree_weights *w, const double *post, uint32_t best,
		       const char *const *names)
{
	uint32_t cat = w->category_of[best];
	size_t c;

	for (c = 0; c < w->n_classes; c++)
		if (post[c] >= post[best] - TLY_AGREE_TIE_EPS &&
		    tly_vote__tie_before(w->category_of[c], cat, names))
			cat = w->category_of[c];
	return cat;
}

int tly_agree__vote_cluster(tly_vote_object_result *out, tly_agree_workspace *ws,
			    const tly_agree_context *ctx, const tly_match_item *items,
			    const uint32_t *members, size_t n, uint32_t voters)
{
	const tly_agree_weights *w = ctx->weights;
	const char *const *names = ctx->label_names;
	uint32_t best, cat, votes = 0;
	size_t tied, i;
	int error;

	error = tly_vote_object(out, items, members, n, voters, ctx->policy, names);
	if (error < 0 || !w || n == 0)
		return error;
	if (reserve(ws, n, w->n_classes) < 0)
		return TLY_ENOMEM;
	for (i = 0; i < n; i++) {
		ws->wann.v[i] = items[members[i]].owner;
		ws->wcat.v[i] = items[members[i]].label;
	}
	if (!tly_agree__posterior(ws->wpost.v, &best, &tied, w, ws->wann.v, ws->wcat.v, n))
		return 0;
	cat = chosen(w, ws->wpost.v, best, names);
	for (i = 0; i < n; i++)
		votes += items[members[i]].label == cat;
	out->category = cat;
	out->votes = votes;
	out->confidence = ws->wpost.v[w->class_of[cat]];
	/* The quorum counts who drew the object, whatever its label. */
	if (out->status != TLY_VOTE_NO_QUORUM)
		out->status = tied > 1 && ctx->policy->tie == TLY_TIE_REVIEW ? TLY_VOTE_TIE : TLY_VOTE_ACCEPTED;
	return 0;
}

/* The equal vote of every labels voter but SKIP, when the model cannot weigh them. */
static int equal_labels(tly_vote_label *out, size_t *n_out, int *tie, tly_agree_workspace *ws,
			const tly_agree_context *ctx, size_t skip)
{
	size_t nv = ws->vlab.annotator.n, v, m = 0;

	if (TLY_AGREE_RESERVE(&ws->loo_sets, nv) < 0)
		return TLY_ENOMEM;
	for (v = 0; v < nv; v++)
		if (v != skip)
			ws->loo_sets.v[m++] = ws->sets.v[v];
	return tly_vote_labels(out, n_out, tie, ws->loo_sets.v, m, ctx->multi, ctx->n_categories,
			       ctx->policy, ctx->label_names);
}

int tly_agree__vote_labels_weighted(tly_vote_label *out, size_t *n_out, int *tie,
				    tly_agree_workspace *ws, const tly_agree_context *ctx, size_t skip)
{
	const tly_agree_weights *w = ctx->weights;
	size_t nv = ws->vlab.annotator.n, voters = 0, labelled = 0, n = 0, v, i, tied;
	uint32_t best, cat, votes = 0;

	*n_out = 0;
	*tie = 0;
	for (v = 0; v < nv; v++) {
		if (v == skip)
			continue;
		voters++;
		labelled += ws->sets.v[v].n > 0;
		n += ws->sets.v[v].n;
	}
	if (!w || n == 0 || voters > UINT32_MAX)
		return n == 0 ? 0 : equal_labels(out, n_out, tie, ws, ctx, skip);
	if (reserve(ws, n, w->n_classes) < 0)
		return TLY_ENOMEM;
	for (v = 0, n = 0; v < nv; v++) {
		for (i = 0; v != skip && i < ws->sets.v[v].n; i++, n++) {
			ws->wann.v[n] = ws->vlab.annotator.v[v];
			ws->wcat.v[n] = ws->sets.v[v].labels[i];
		}
	}
	if (!tly_agree__posterior(ws->wpost.v, &best, &tied, w, ws->wann.v, ws->wcat.v, n))
		return equal_labels(out, n_out, tie, ws, ctx, skip);
	/* As for objects, the quorum counts who answered; the model picks the label. */
	if (!tly_quorum_met(&ctx->policy->quorum, (uint32_t)labelled, (uint32_t)voters))
		return 0;
	if (tied > 1 && ctx->policy->tie == TLY_TIE_REVIEW) {
		*tie = 1;
		return 0;
	}
	cat = chosen(w, ws->wpost.v, best, ctx->label_names);
	for (i = 0; i < n; i++)
		votes += ws->wcat.v[i] == cat;
	out[0].category = cat;
	out[0].votes = votes;
	out[0].confidence = ws->wpost.v[w->class_of[cat]];
	*n_out = 1;
	return 0;
}

int tly_agree__observe_cluster(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t c,
			       const tly_match_item *items, const uint32_t *members, size_t n)
{
	size_t i;

	if (!ctx->observe)
		return 0;
	if (TLY_AGREE_RESERVE(&ws->obs, ws->obs.n + n) < 0)
		return TLY_ENOMEM;
	for (i = 0; i < n; i++) {
		tly_dawid_skene_observation *o = &ws->obs.v[ws->obs.n++];

		o->item = c;
		o->worker = items[members[i]].owner;
		o->label = items[members[i]].label;
	}
	ws->obs_items = c + 1;
	return 0;
}

int tly_agree__observe_labels(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t item)
{
	size_t nv = ws->vlab.annotator.n, v, i;

	/* Multi-label data has no single label to weigh (the run refuses it). */
	if (!ctx->observe || ctx->multi || nv == 0)
		return 0;
	for (v = 0; v < nv; v++) {
		for (i = 0; i < ws->sets.v[v].n; i++) {
			tly_dawid_skene_observation o;

			o.item = item;
			o.worker = ws->vlab.annotator.v[v];
			o.label = ws->sets.v[v].labels[i];
			if (TLY_AGREE_PUSH(&ws->obs, o) < 0)
				return TLY_ENOMEM;
		}
	}
	ws->obs_items = item + 1;
	return 0;
}
