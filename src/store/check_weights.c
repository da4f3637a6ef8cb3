/*
 * The reliability fields of a tly_result checked against its dataset
 * (part of tly_result_check): the store, the report and the export follow
 * their indices without bounds checks of their own. Tested by
 * tests/store/test_save_weights.c.
 */
#include <stdint.h>

#include "store/save_weights.h"
#include "tally/error.h"
#include "util/alloc.h"

#define BAD(...) tly_error_set(TLY_EARG, "result: " __VA_ARGS__)

static int check_classes(const tly_dataset *ds, const tly_result *r)
{
	size_t c;

	if (r->n_weight_classes && (!r->weight_classes || !r->weight_prior))
		return BAD("%zu weight_classes without their arrays", r->n_weight_classes);
	for (c = 0; c < r->n_weight_classes; c++) {
		if (r->weight_classes[c] >= ds->n_categories)
			return BAD("weight_classes[%zu] %u outside the dataset's %zu categories", c,
				   (unsigned)r->weight_classes[c], ds->n_categories);
		if (c && r->weight_classes[c] <= r->weight_classes[c - 1])
			return BAD("weight_classes[%zu] not ascending", c);
		if (!(r->weight_prior[c] >= 0 && r->weight_prior[c] <= 1))
			return BAD("weight_prior[%zu] is not a probability", c);
	}
	return 0;
}

static int check_confusion(const tly_result *r)
{
	size_t k = r->n_weight_classes, cells = 0, i;

	if (k && r->n_reliability &&
	    (tly_mul_size(&cells, r->n_reliability, k) < 0 || tly_mul_size(&cells, cells, k) < 0))
		return BAD("weight_confusion: %zu annotators x %zu classes squared overflows", r->n_reliability, k);
	if ((cells > 0) != (r->weight_confusion != NULL))
		return BAD("weight_confusion must be there exactly when there are classes and reliability entries");
	for (i = 0; i < cells; i++)
		if (!(r->weight_confusion[i] >= 0 && r->weight_confusion[i] <= 1))
			return BAD("weight_confusion[%zu] is not a probability", i);
	return 0;
}

int tly_store__check_weights(const tly_dataset *ds, const tly_result *r)
{
	size_t i;
	int error;

	if (!tly_store__weights_name(r->weights))
		return BAD("weights %d is no label model", (int)r->weights);
	if (r->n_reliability > ds->n_annotators || (r->n_reliability && !r->reliability))
		return BAD("%zu reliability entries for the dataset's %zu annotators", r->n_reliability,
			   ds->n_annotators);
	for (i = 0; i < r->n_reliability; i++) {
		if (r->reliability[i].annotator != i)
			return BAD("reliability[%zu].annotator %u is not %zu", i,
				   (unsigned)r->reliability[i].annotator, i);
		if (r->reliability[i].labels > (uint64_t)INT64_MAX)
			return BAD("reliability[%zu].labels does not fit the store", i);
	}
	if (r->weight_items > (uint64_t)INT64_MAX || r->staple_fallbacks > (uint64_t)INT64_MAX)
		return BAD("weight_items or staple_fallbacks does not fit the store");
	if ((error = check_classes(ds, r)) < 0)
		return error;
	return check_confusion(r);
}
