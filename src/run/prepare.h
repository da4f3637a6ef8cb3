/*
 * The rules' aliases and ignore list applied to a dataset (tly_run_prepare):
 * the per-category table, the per-image rewrite, and the checks the run's
 * other entry points use.
 */
#ifndef TLY_RUN_PREPARE_H
#define TLY_RUN_PREPARE_H

#include "tally/dataset.h"
#include "tally/rules.h"

/* A category whose objects, image labels and pixels are dropped (pixels become TLY_LABEL_IGNORE). */
#define TLY_RUN__DROP TLY_LABEL_IGNORE

/*
 * The canonical name of label NAME under P: NAME itself, or the label it
 * is an alias of; NULL when that label is ignored. Borrowed from NAME or P.
 */
const char *tly_run__canonical_name(const tly_policy *p, const char *name);

/*
 * The canonical labels DS has no category for although one of their
 * aliases is a category of DS, in alias order, without repeats, into
 * *names (the caller's, tly_free; strings borrowed from P) and *n.
 * 0 or TLY_ENOMEM.
 */
int tly_run__missing_canonicals(const char ***names, size_t *n, const tly_dataset *ds, const tly_policy *p);

/*
 * Rewrite image IM: CANON[c] is category c's new index, or TLY_RUN__DROP;
 * N its length (the categories the image may use). DROP_EMPTY_LABELS: remove
 * labels submissions left without a label. 0, TLY_ENOMEM or TLY_EARG
 * (an index out of range; message names the image).
 */
int tly_run__prepare_image(tly_image *im, const uint32_t *canon, size_t n, int drop_empty_labels);

/*
 * TLY_EARG naming the label when DS still uses (objects, image labels,
 * label-map pixels) a category that P aliases or ignores: the dataset was
 * not prepared. 0 when P has neither list, or nothing uses them; TLY_ENOMEM.
 */
int tly_run__check_prepared(const tly_dataset *ds, const tly_policy *p);

#endif
