/*
 * Dawid-Skene EM: the true class of each item and each worker's confusion
 * matrix estimated together from repeated, possibly missing, categorical
 * labels (A. P. Dawid and A. M. Skene, Applied Statistics 28(1), 1979).
 * A library routine over plain indices; the vote stage maps images and
 * annotators onto items and workers.
 */
#ifndef TALLY_DAWID_SKENE_H
#define TALLY_DAWID_SKENE_H

#include "types.h"

/* One label: WORKER said ITEM is of class LABEL (all 0-based). A worker may
 * label an item any number of times, including none. */
typedef struct {
	uint32_t item;
	uint32_t worker;
	uint32_t label;
} tly_dawid_skene_observation;

typedef enum {
	/* A full K x K confusion matrix per worker (the 1979 paper). */
	TLY_DAWID_SKENE_FULL = 0,
	/* One accuracy a per worker: P(observed = true) = a, each other class
	 * (1 - a) / (K - 1). */
	TLY_DAWID_SKENE_ONE_COIN = 1
} tly_dawid_skene_model;

/*
 * Options. tolerance: EM stops when the log-likelihood changes by at most
 * tolerance * |log-likelihood| between two iterations (relative, so it
 * means the same for 45 items and 100k; 0 runs to max_iterations unless the
 * likelihood stops changing exactly). max_iterations >= 1: one iteration
 * is one M-step and one E-step. smoothing >= 0: a pseudo-count added to
 * every cell of every confusion count (one-coin: to the correct and the
 * wrong count) and to every class count of the marginals, i.e. the MAP
 * estimate under a symmetric Dirichlet(1 + smoothing) prior. The default 0
 * is the paper's maximum likelihood and reproduces its printed estimates;
 * a small value (0.01) keeps rates off exact 0 and 1 on sparse data.
 */
typedef struct {
	tly_dawid_skene_model model;
	double tolerance;
	uint32_t max_iterations;
	double smoothing;
} tly_dawid_skene_options;

#define TLY_DAWID_SKENE_OPTIONS_INIT {TLY_DAWID_SKENE_FULL, 1e-12, 1000, 0.0}

/*
 * The estimate; caller-owned struct whose arrays the library allocates
 * (release with tly_dawid_skene_result_clear). Probabilities are in [0, 1]
 * and never NaN. Defined values where the data say nothing:
 *  - an item nobody labelled has the class marginals as its posterior (and
 *    does not count in them: the marginals are estimated over labelled items);
 *  - a worker who labelled nothing, or a true class a worker never saw
 *    (zero posterior mass), has a uniform row 1/K;
 *  - with no labels at all the marginals are uniform 1/K.
 */
typedef struct {
	size_t n_items, n_workers, n_classes;
	double *posteriors; /* [n_items * n_classes]: P(item i is class k | data) at [i * K + k] */
	double *marginals;  /* [n_classes]: estimated share of each true class */
	double *confusion;  /* [n_workers * K * K]: P(worker w says l | true k) at
			       [(w * K + k) * K + l]; rows sum to 1. One-coin: diagonal
			       = the worker's accuracy, off-diagonal equal */
	uint32_t iterations;   /* EM iterations run (M-step + E-step each) */
	double log_likelihood; /* log P(labels | marginals, confusion) at the estimate, natural log */
	int converged;         /* 1: stopped on the tolerance; 0: hit max_iterations */
} tly_dawid_skene_result;

/*
 * Estimate classes and worker error rates from OBS[0..n_obs) with EM,
 * started from fractional majority vote (each item's posterior = the share
 * of its labels in each class, every repeated label counted), as in the
 * paper. Items, workers and classes are 0-based indices below n_items,
 * n_workers and n_classes; the order of OBS does not matter and the result
 * is deterministic. OUT is overwritten (not freed first) and is the
 * caller's; on failure it is left zeroed. Caps: 1 <= n_classes <=
 * TLY_MAX_CATEGORIES and n_workers <= TLY_MAX_ANNOTATORS (TLY_ELIMIT).
 * OPTS may be NULL for TLY_DAWID_SKENE_OPTIONS_INIT.
 * Returns 0, TLY_EARG (an index out of range, bad options), TLY_ELIMIT or
 * TLY_ENOMEM. Thread-safe: touches only its arguments.
 */
TLY_EXTERN int tly_dawid_skene_estimate(tly_dawid_skene_result *out,
					const tly_dawid_skene_observation *obs, size_t n_obs,
					size_t n_items, size_t n_workers, size_t n_classes,
					const tly_dawid_skene_options *opts);

/*
 * The most likely class of ITEM in R (ties to the smaller class index).
 * ITEM must be below r->n_items.
 */
TLY_EXTERN uint32_t tly_dawid_skene_best(const tly_dawid_skene_result *r, size_t item);

/* Free R's arrays and zero it. NULL-safe. */
TLY_EXTERN void tly_dawid_skene_result_clear(tly_dawid_skene_result *r);

#endif
