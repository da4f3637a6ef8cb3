/*
 * Reliability-weighted label votes (vote.weights, issue 4): the layout of
 * the label model the run estimates between its two passes, the posterior
 * of one item under it, the cluster and image-label votes that use it, and
 * the observations the first pass records for the estimate.
 */
#ifndef TLY_AGREE_WEIGHTS_H
#define TLY_AGREE_WEIGHTS_H

#include "agree/workspace.h"

/*
 * Two classes whose posteriors differ by at most this are tied: products
 * of the same factors taken in another order may differ in the last bits,
 * and a tie must not depend on that.
 */
#define TLY_AGREE_TIE_EPS 1e-12

struct tly_agree_weights {
	size_t n_classes;      /* K >= 1: the categories the model is over */
	size_t n_categories;   /* the dataset's categories: entries of class_of */
	size_t n_annotators;   /* the dataset's annotators: row blocks of log_confusion */
	uint32_t *class_of;    /* [n_categories]: class of each category, UINT32_MAX when none */
	uint32_t *category_of; /* [K]: category of each class */
	double *log_prior;     /* [K]: log P(true class), -INFINITY where 0 */
	double *log_confusion; /* [n_annotators * K * K]: log P(a says l | true k) at
				* [(a K + k) K + l], -INFINITY where 0 */
};

/*
 * Fill W (the caller's struct; release with tly_agree__weights_clear) for
 * a dataset of N_CATEGORIES categories and N_ANNOTATORS annotators from
 * CATEGORIES[0..k) (distinct category indices), PRIOR[0..k) and
 * CONFUSION[n_annotators * k * k] (laid out as log_confusion). Returns 0,
 * TLY_EARG (k = 0, a category out of range or repeated, a probability
 * outside [0, 1]) or TLY_ENOMEM, with the message set; W is zeroed on
 * failure. Calling thread only.
 */
int tly_agree__weights_init(tly_agree_weights *w, size_t n_categories, size_t n_annotators,
			    const uint32_t *categories, size_t k, const double *prior,
			    const double *confusion);

/* Free W's arrays and zero it. NULL-safe. */
void tly_agree__weights_clear(tly_agree_weights *w);

/*
 * The posterior over W's classes of one item that annotator ANN[i] gave
 * category CAT[i], i < n (Dawid and Skene 1979, eq. 2.5): the prior times
 * the product of each annotator's confusion entry P(says CAT[i] | class),
 * normalised. Where a factor is exactly 0 for every class, the classes
 * with the fewest zero factors are compared on the others: the limit of a
 * vanishing smoothing, so two annotators the model holds infallible who
 * disagree still give an answer. POST has room for 2 K doubles:
 * POST[0..K) gets the posterior, the rest is scratch. *BEST gets the class
 * of highest posterior (the lowest index among equals), *TIED the number
 * of classes within TLY_AGREE_TIE_EPS of it (1 or more). Returns 1, or 0
 * when an annotator or category is not in the model (the caller keeps the
 * equal vote). No allocation; thread-safe.
 */
int tly_agree__posterior(double *post, uint32_t *best, size_t *tied, const tly_agree_weights *w,
			 const uint32_t *ann, const uint32_t *cat, size_t n);

/*
 * Vote cluster ITEMS[MEMBERS[0..n)] as tly_vote_object does (quorum on the
 * members, shape, agreement); under CTX->weights its label is then the
 * posterior's argmax, votes the members who gave it and confidence its
 * posterior (SPEC §5 "a model-based posterior when the rules use one"); a
 * tie within TLY_AGREE_TIE_EPS follows vote.tie as the equal vote does.
 * Uses WS's weight scratch. 0 or an error (as tly_vote_object, or TLY_ENOMEM).
 */
int tly_agree__vote_cluster(tly_vote_object_result *out, tly_agree_workspace *ws,
			    const tly_agree_context *ctx, const tly_match_item *items,
			    const uint32_t *members, size_t n, uint32_t voters);

/*
 * The single-label vote of WS's labels voters except voter SKIP (nv: none)
 * under CTX->weights, with tly_vote_labels' contract: OUT[0] is the
 * posterior's argmax with votes = the voters who gave it and confidence =
 * its posterior, *n_out 1; or *n_out 0 when the quorum (voters who gave a
 * label, of all voters) fails or a tie blocks it (*tie = 1 under vote.tie
 * review). Falls back to tly_vote_labels when the model cannot weigh the
 * labels. 0 or an error.
 */
int tly_agree__vote_labels_weighted(tly_vote_label *out, size_t *n_out, int *tie,
				    tly_agree_workspace *ws, const tly_agree_context *ctx, size_t skip);

/* With CTX->observe: record cluster C's members' labels as item C. 0 or TLY_ENOMEM. */
int tly_agree__observe_cluster(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t c,
			       const tly_match_item *items, const uint32_t *members, size_t n);

/* With CTX->observe: record the labels voters' labels as item ITEM (single-label data only). */
int tly_agree__observe_labels(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t item);

#endif
