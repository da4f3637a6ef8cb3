/*
 * The label model of vote.weights (issue 4), estimated from a first pass:
 * items are clusters (accepted, rejected or tied: clusters do not depend
 * on weights) and single-label images with >= 2 labels, workers the
 * annotators, classes the categories of any voted label. dawid-skene and
 * one-coin run tly_dawid_skene_estimate (vote.em.*, vote.smoothing); gold
 * turns each annotator's gold label accuracy, Laplace-smoothed
 * ((correct + s) / (total + 2 s), s = vote.smoothing), into a one-coin
 * matrix under a uniform prior. Observations are gathered in image order,
 * so the estimate is the same for any thread count. tests/run/test_weights.c.
 */
#include <math.h>
#include <string.h>

#include "run/weights.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

typedef struct {
	const tly_run_space *s;
	const tly_dataset *ds;
	size_t k;                          /* classes */
	uint32_t *class_of;                /* [n_categories]: class or UINT32_MAX */
	uint32_t *classes;                 /* [k]: category of each class */
	tly_dawid_skene_observation *em;   /* observations of the items with >= 2 labels */
	size_t n_em, n_items;              /* their count; the items, numbered 0.. in image order */
	uint32_t *local;                   /* scratch: one image's label count, then EM id, per item */
	uint64_t *labels;                  /* [n_annotators]: each one's labels in em */
	double *prior;                     /* [k] */
	double *confusion;                 /* [n_annotators * k * k] */
} gather;

static void gather_clear(gather *g)
{
	tly_free(g->class_of);
	tly_free(g->classes);
	tly_free(g->em);
	tly_free(g->local);
	tly_free(g->labels);
	tly_free(g->prior);
	tly_free(g->confusion);
}

/* The categories of every observation become the classes, ascending. */
static int find_classes(gather *g, size_t *n_obs, size_t *max_items)
{
	const tly_dataset *ds = g->ds;
	size_t i, j, c;

	*n_obs = *max_items = 0;
	if (!(g->class_of = tly_reallocarray(NULL, ds->n_categories ? ds->n_categories : 1,
					     sizeof(*g->class_of))))
		return TLY_ENOMEM;
	for (c = 0; c < ds->n_categories; c++)
		g->class_of[c] = UINT32_MAX;
	for (i = 0; i < g->s->n_images; i++) {
		const tly_agree_image_result *x = &g->s->slots[i];

		for (j = 0; j < x->n_observations; j++) {
			const tly_dawid_skene_observation *o = &x->observations[j];

			if (o->label >= ds->n_categories || o->worker >= ds->n_annotators || o->item >= x->n_items)
				return tly_error_set(TLY_EARG, "image %s: observation %zu out of range",
						     ds->images[i].name, j);
			g->class_of[o->label] = 0;
		}
		if (tly_add_size(n_obs, *n_obs, x->n_observations) < 0)
			return tly_error_set(TLY_ELIMIT, "run: too many labels to weigh");
		if (x->n_items > *max_items)
			*max_items = x->n_items;
	}
	for (c = 0; c < ds->n_categories; c++)
		g->k += g->class_of[c] == 0;
	if (!(g->classes = tly_reallocarray(NULL, g->k ? g->k : 1, sizeof(*g->classes))))
		return TLY_ENOMEM;
	for (c = 0, j = 0; c < ds->n_categories; c++) {
		if (g->class_of[c] == 0) {
			g->class_of[c] = (uint32_t)j;
			g->classes[j++] = (uint32_t)c;
		}
	}
	return 0;
}

/* Image X's items with >= 2 labels get the next EM ids; their labels go to g->em. */
static int collect_image(gather *g, const tly_agree_image_result *x)
{
	size_t j;

	for (j = 0; j < x->n_items; j++)
		g->local[j] = 0;
	for (j = 0; j < x->n_observations; j++)
		g->local[x->observations[j].item]++;
	for (j = 0; j < x->n_items; j++) {
		if (g->local[j] < 2) {
			g->local[j] = UINT32_MAX;
			continue;
		}
		if (g->n_items >= UINT32_MAX)
			return tly_error_set(TLY_ELIMIT, "run: more than %u items to weigh", (unsigned)UINT32_MAX);
		g->local[j] = (uint32_t)g->n_items++;
	}
	for (j = 0; j < x->n_observations; j++) {
		const tly_dawid_skene_observation *o = &x->observations[j];
		tly_dawid_skene_observation *e;

		if (g->local[o->item] == UINT32_MAX)
			continue;
		e = &g->em[g->n_em++];
		e->item = g->local[o->item];
		e->worker = o->worker;
		e->label = g->class_of[o->label];
		g->labels[o->worker]++;
	}
	return 0;
}

static int collect(gather *g)
{
	size_t n_obs, max_items, cells, i;
	int error;

	if ((error = find_classes(g, &n_obs, &max_items)) < 0)
		return error;
	if (tly_mul_size(&cells, g->ds->n_annotators, g->k) < 0 || tly_mul_size(&cells, cells, g->k) < 0 ||
	    cells > TLY_MAX_CONFUSION_CELLS)
		return tly_error_set(TLY_ELIMIT, "vote.weights: %zu annotators x %zu classes squared is over"
				     " TLY_MAX_CONFUSION_CELLS (%zu) confusion cells",
				     g->ds->n_annotators, g->k, (size_t)TLY_MAX_CONFUSION_CELLS);
	g->em = tly_reallocarray(NULL, n_obs ? n_obs : 1, sizeof(*g->em));
	g->local = tly_reallocarray(NULL, max_items ? max_items : 1, sizeof(*g->local));
	g->labels = tly_calloc(g->ds->n_annotators ? g->ds->n_annotators : 1, sizeof(*g->labels));
	g->prior = tly_calloc(g->k ? g->k : 1, sizeof(*g->prior));
	g->confusion = tly_calloc(cells ? cells : 1, sizeof(*g->confusion));
	if (!g->em || !g->local || !g->labels || !g->prior || !g->confusion)
		return TLY_ENOMEM;
	for (i = 0; i < g->s->n_images; i++)
		if ((error = collect_image(g, &g->s->slots[i])) < 0)
			return error;
	return 0;
}

static int estimate_em(gather *g, tly_result *r, const tly_policy *p)
{
	tly_dawid_skene_options o = TLY_DAWID_SKENE_OPTIONS_INIT;
	tly_dawid_skene_result d;
	size_t k = g->k;
	int error;

	o.model = p->weights == TLY_WEIGHTS_ONE_COIN ? TLY_DAWID_SKENE_ONE_COIN : TLY_DAWID_SKENE_FULL;
	o.tolerance = p->em_tolerance;
	o.max_iterations = p->em_max_iterations;
	o.smoothing = p->smoothing;
	if ((error = tly_dawid_skene_estimate(&d, g->em, g->n_em, g->n_items, g->ds->n_annotators, k, &o)) < 0)
		return error;
	memcpy(g->prior, d.marginals, k * sizeof(*g->prior));
	memcpy(g->confusion, d.confusion, g->ds->n_annotators * k * k * sizeof(*g->confusion));
	r->weight_items = g->n_items;
	r->em_iterations = d.iterations;
	r->em_converged = d.converged;
	r->em_log_likelihood = d.log_likelihood;
	tly_dawid_skene_result_clear(&d);
	return 0;
}

/* A one-coin row block: ACC on the diagonal, the rest shared evenly. */
static void one_coin(double *m, size_t k, double acc)
{
	size_t c;

	for (c = 0; c < k * k; c++)
		m[c] = k == 1 ? 1.0 : c % (k + 1) == 0 ? acc : (1.0 - acc) / (double)(k - 1);
}

/*
 * Each annotator's label accuracy against gold (labels images and matched
 * objects: tly_counts label_correct / label_total), summed over images,
 * smoothed; without a gold comparison (and smoothing 0) a uniform row.
 */
static void estimate_gold(gather *g, tly_result *r, const tly_policy *p)
{
	const tly_run_space *s = g->s;
	size_t na = g->ds->n_annotators, k = g->k, i, j;
	double sm = p->smoothing;

	memset(g->labels, 0, na * sizeof(*g->labels));
	for (i = 0; i < k; i++)
		g->prior[i] = 1.0 / (double)k;
	for (j = 0; j < na; j++) {
		uint64_t correct = 0, total = 0;
		double den, acc;

		for (i = 0; i < s->n_images; i++) {
			const tly_agree_image_result *x = &s->slots[i];
			size_t e;

			for (e = 0; e < x->n_annotators; e++) {
				if (x->annotators[e].annotator != j)
					continue;
				correct += x->annotators[e].vs_gold.label_correct;
				total += x->annotators[e].vs_gold.label_total;
			}
		}
		den = (double)total + 2.0 * sm;
		acc = den > 0 ? ((double)correct + sm) / den : 1.0 / (double)k;
		g->labels[j] = total;
		r->weight_items += total;
		one_coin(g->confusion + j * k * k, k, acc);
	}
	r->em_log_likelihood = NAN;
}

static int alloc_reliability(tly_result *r, const tly_dataset *ds)
{
	size_t j;

	if (r->reliability || ds->n_annotators == 0)
		return 0;
	if (!(r->reliability = tly_calloc(ds->n_annotators, sizeof(*r->reliability))))
		return tly_error_set(TLY_ENOMEM, "run: out of memory");
	r->n_reliability = ds->n_annotators;
	for (j = 0; j < ds->n_annotators; j++) {
		r->reliability[j].annotator = (uint32_t)j;
		r->reliability[j].accuracy = NAN;
		r->reliability[j].staple_sensitivity = NAN;
		r->reliability[j].staple_specificity = NAN;
	}
	return 0;
}

/* Move the model into R and fill each annotator's labels and accuracy. */
static void fill_result(gather *g, tly_result *r, const tly_policy *p)
{
	size_t k = g->k, j, c;

	r->n_weight_classes = k;
	r->weight_classes = g->classes;
	r->weight_prior = g->prior;
	r->weight_confusion = g->confusion;
	g->classes = NULL;
	g->prior = g->confusion = NULL;
	for (j = 0; j < r->n_reliability; j++) {
		const double *m = r->weight_confusion + j * k * k;
		double acc = 0;

		/* one-coin and gold: the diagonal itself (the store rebuilds the
		 * matrix from it, bit for bit); dawid-skene: P(right) over classes */
		if (p->weights != TLY_WEIGHTS_DAWID_SKENE)
			acc = m[0];
		else
			for (c = 0; c < k; c++)
				acc += r->weight_prior[c] * m[c * k + c];
		r->reliability[j].labels = g->labels[j];
		r->reliability[j].accuracy = acc;
	}
}

int tly_run__weights_estimate(tly_agree_weights *w, tly_result *r, const tly_run_space *s,
			      const tly_dataset *ds, const tly_policy *p)
{
	gather g;
	int error = 0;

	memset(w, 0, sizeof(*w));
	memset(&g, 0, sizeof(g));
	g.s = s;
	g.ds = ds;
	r->weights = p->weights;
	r->em_log_likelihood = NAN;
	if ((error = alloc_reliability(r, ds)) < 0 || (error = collect(&g)) < 0)
		goto out;
	if (g.k == 0)
		goto out; /* no label anywhere: nothing to estimate or weigh */
	if (p->weights == TLY_WEIGHTS_GOLD)
		estimate_gold(&g, r, p);
	else if ((error = estimate_em(&g, r, p)) < 0)
		goto out;
	if ((error = tly_agree__weights_init(w, ds->n_categories, ds->n_annotators, g.classes, g.k, g.prior,
					     g.confusion)) < 0)
		goto out;
	fill_result(&g, r, p);
out:
	if (error == TLY_ENOMEM)
		error = tly_error_set(error, "run: out of memory estimating vote.weights");
	gather_clear(&g);
	if (error < 0)
		tly_agree__weights_clear(w);
	return error;
}

int tly_run__weights_staple(tly_result *r, const tly_run_space *s, const tly_dataset *ds,
			    const tly_policy *p)
{
	double *sums = NULL;
	size_t i, e, na = ds->n_annotators;
	int error = 0;

	if (p->mask != TLY_MASK_STAPLE)
		return 0;
	if (r->weights == TLY_WEIGHTS_EQUAL)
		r->em_log_likelihood = NAN; /* STAPLE alone: no label model */
	if ((error = alloc_reliability(r, ds)) < 0)
		return error;
	if (na && !(sums = tly_calloc(na * 4, sizeof(*sums))))
		return tly_error_set(TLY_ENOMEM, "run: out of memory");
	for (i = 0; i < s->n_images; i++) {
		const tly_agree_image_result *x = &s->slots[i];

		r->staple_fallbacks += x->staple_fallbacks;
		for (e = 0; e < x->n_annotators; e++) {
			const tly_agree_annotator *a = &x->annotators[e];
			double *t = sums + (size_t)a->annotator * 4;

			r->reliability[a->annotator].staple_clusters += a->staple_clusters;
			t[0] += a->staple_in;
			t[1] += a->staple_sens;
			t[2] += a->staple_out;
			t[3] += a->staple_spec;
		}
	}
	for (i = 0; i < na; i++) {
		const double *t = sums + i * 4;

		r->reliability[i].staple_sensitivity = t[0] > 0 ? t[1] / t[0] : NAN;
		r->reliability[i].staple_specificity = t[2] > 0 ? t[3] / t[2] : NAN;
	}
	tly_free(sums);
	return 0;
}
